/* SPDX-License-Identifier: MIT */
/*
 * conf.h -- the daemon's configuration: one immutable, validated struct.
 *
 * conf_parse_file() reads the YAML file (libyaml) and checks every key and
 * value before anything else sees it; an error names file:line:column and
 * the key, e.g. "castns.yaml:12:5: server.workers: expected a number
 * 1-256, got 'x'".  The command-line quick start builds the same struct
 * with conf_new() and the conf_parse_* value parsers.  conf_print() writes
 * the normalised form (what --print-config shows), which parses back to an
 * equal struct.  Everything a conf owns lives in its arena and is freed by
 * conf_free().  Values the host decides (identity = host name, workers =
 * CPUs, a random cookie secret) are left unset here and resolved by the
 * daemon when it starts.  No I/O but reading the file; no logging.
 */
#ifndef CN_CONF_CONF_H
#define CN_CONF_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>

#include "../common/mem.h"
#include "../dns/dns.h"

#define CONF_DEFAULT_PORT		53
#define CONF_WORKERS_MAX		256
#define CONF_UDP_PAYLOAD_MIN		512
#define CONF_UDP_PAYLOAD_MAX		4096
#define CONF_UDP_PAYLOAD_DEFAULT	1232
#define CONF_TCP_IDLE_DEFAULT_MS	10000
#define CONF_TCP_IDLE_MIN_MS		100
#define CONF_TCP_IDLE_MAX_MS		3600000
#define CONF_TCP_CLIENTS_DEFAULT	1000
#define CONF_TCP_CLIENTS_MAX		100000
#define CONF_COOKIE_SECRET_LEN		16
#define CONF_IDENTITY_MAX		255
#define CONF_CONTROL_DEFAULT		"/run/castns/control.sock"
#define CONF_CONTROL_PATH_MAX		107	/* sun_path less its NUL */
#define CONF_CONTROL_MODE_DEFAULT	0600
#define CONF_LISTEN_MAX			64
#define CONF_ZONES_MAX			10000
#define CONF_ERR_MAX			512
#define CONF_PEERS_MAX			64
#define CONF_PREFIXES_MAX		256
#define CONF_COMMUNITIES_MAX		32
#define CONF_PREPEND_MAX		10
#define CONF_HOLD_DEFAULT_S		90
#define CONF_HOLD_MIN_S			3
#define CONF_CONNECT_RETRY_DEFAULT_MS	5000
#define CONF_BGP_PORT			179
#define CONF_PASSWORD_MAX		80	/* TCP_MD5SIG_MAXKEYLEN */
#define CONF_CONNECT_RETRY_MIN_MS	1000
#define CONF_CONNECT_RETRY_MAX_MS	3600000
#define CONF_LOCAL_PREF_DEFAULT		100
#define CONF_PEER_NAME_MAX		64
#define CONF_AS_TRANS			23456	/* RFC 6793 */
#define CONF_CHECKS_MAX			256
#define CONF_CHECK_ID_MAX		64
#define CONF_CHECK_ARGV_MAX		64
#define CONF_CHECK_INTERVAL_MIN_MS	100
#define CONF_CHECK_INTERVAL_MAX_MS	3600000
#define CONF_CHECK_INTERVAL_DEFAULT_MS	1000
#define CONF_CHECK_TIMEOUT_MIN_MS	10
#define CONF_CHECK_TIMEOUT_DEFAULT_MS	1000	/* or interval * 3/4 */
#define CONF_CHECK_RISEFALL_MAX		100
#define CONF_CHECK_RISE_DEFAULT		2
#define CONF_CHECK_FALL_DEFAULT		2
#define CONF_DAMP_PENALTY_DEFAULT	1000
#define CONF_DAMP_SUPPRESS_DEFAULT	3000
#define CONF_DAMP_REUSE_DEFAULT		750
#define CONF_DAMP_HALF_LIFE_DEFAULT_MS	30000
#define CONF_DAMP_MAX_SUPPRESS_DEFAULT_MS 600000
#define CONF_DAMP_VALUE_MAX		1000000
#define CONF_DRAIN_TIME_DEFAULT_MS	30000
#define CONF_DRAIN_TIME_MAX_MS		3600000
#define CONF_GEO_REGIONS_MAX		64
#define CONF_GEO_SITES_MAX		256
#define CONF_GEO_ANSWERS_MAX		1024
#define CONF_GEO_RDATA_MAX		16	/* addresses per answer */
#define CONF_GEO_TTL_DEFAULT		60
#define CONF_GEO_MMDB_MAX		8	/* geo.maxmind files */
#define CONF_KEYS_MAX			256
#define CONF_KEY_SECRET_MAX		128
#define CONF_KEY_NONE			SIZE_MAX
#define CONF_REMOTES_MAX		64	/* per list of a zone */

/* Well-known communities (RFC 1997, RFC 8326, RFC 7999). */
#define CONF_COMM_NO_EXPORT		0xffffff01U
#define CONF_COMM_NO_ADVERTISE		0xffffff02U
#define CONF_COMM_NO_EXPORT_SUBCONFED	0xffffff03U
#define CONF_COMM_GRACEFUL_SHUTDOWN	0xffff0000U
#define CONF_COMM_BLACKHOLE		0xffff029aU

/* One listen address: ADDR@PORT, IPv4 or IPv6. */
struct conf_listen {
	struct sockaddr_storage	 ss;
	socklen_t		 sslen;
	char			 text[64];	/* normalised ADDR@PORT */
};

/* An IPv4 or IPv6 prefix, host bits zero. */
struct conf_prefix {
	int		 af;		/* AF_INET or AF_INET6 */
	uint8_t		 addr[16];	/* network order; IPv4 in the first 4 */
	uint8_t		 len;
	char		 text[64];	/* normalised "198.51.100.1/32" */
};

/* An IPv4 or IPv6 address, e.g. a peer or a next hop. */
struct conf_addr {
	int		 af;		/* 0: unset */
	uint8_t		 addr[16];	/* network order; unused octets 0 */
};

/* key[]: a TSIG key (RFC 8945). Names are unique. */
struct conf_key {
	const char		*name_text;		/* normalised, trailing dot */
	uint8_t			 name[DNS_NAME_MAX];	/* wire, lowercase */
	enum dns_tsig_alg	 alg;
	uint8_t			 secret[CONF_KEY_SECRET_MAX];
	size_t			 secret_len;		/* 1.. */
};

/* zone[].primary[] and zone[].notify[]: a server to talk to. */
struct conf_remote {
	struct conf_listen	 addr;		/* ADDR@PORT, port 53 default */
	size_t			 key;		/* into conf->keys, or
						   CONF_KEY_NONE */
};

/* zone[].allow-transfer[]: who may transfer the zone from us. */
struct conf_acl {
	struct conf_prefix	 prefix;	/* an address is a /32, /128 */
	size_t			 key;		/* CONF_KEY_NONE: no TSIG */
};

/*
 * One zone.  With primaries it is a secondary: file is where the received
 * zone is kept, and need not exist yet.  The config guarantees:
 * transfer_source, when set, is of the family of every primary.
 */
struct conf_zone {
	uint8_t		 apex[DNS_NAME_MAX];	/* wire, lowercase */
	char		*domain;	/* normalised text, trailing dot */
	char		*file;		/* as written */
	char		*path;		/* file, relative to the config's dir */
	bool		 ecs;		/* use EDNS Client Subnet (geo) */
	/*
	 * dnssec-expiry-withdraw: while the zone's earliest RRSIG expires
	 * within this many seconds, castnsd withdraws every prefix; 0: off.
	 */
	uint32_t	 dnssec_expiry_withdraw_s;
	struct conf_remote *primaries;
	size_t		 nprimaries;	/* > 0: a secondary zone */
	struct conf_addr transfer_source;	/* af 0: the kernel picks */
	struct conf_acl	*allow_transfer;	/* none: nobody */
	size_t		 nallow_transfer;
	struct conf_remote *notify;
	size_t		 nnotify;
};

struct conf_large_community {
	uint32_t	 global, local1, local2;
};

/*
 * Attributes added to an announcement.  An anycast prefix carries one set
 * for every peer, a peer one set for every prefix it announces; the two
 * combine: communities append, prepends add, the peer's MED wins.
 */
struct conf_route_attrs {
	uint32_t			 communities[CONF_COMMUNITIES_MAX];
	size_t				 ncommunities;
	struct conf_large_community	 large[CONF_COMMUNITIES_MAX];
	size_t				 nlarge;
	unsigned			 prepend;	/* 0..CONF_PREPEND_MAX */
	bool				 med_set;
	uint32_t			 med;
};

/*
 * One BGP neighbour.  iBGP when remote_as == conf->bgp_as.  The config
 * guarantees: address is a unicast address, local_address (when set) is
 * of its family, next_hop is IPv4 and next_hop6 a global IPv6 address when
 * set, local_pref_set only on iBGP peers, names and address+port unique.
 * A prefix of the other family than the session's is announced only when
 * the matching next hop is set (next_hop6 on an IPv4 session, next_hop on
 * an IPv6 one); without it the config warns and the prefix is skipped.
 */
struct conf_peer {
	char			*name;		/* name:, default the address
						   (ADDR@PORT if port != 179);
						   1-64 printable, no space */
	struct conf_addr	 address;
	uint16_t		 port;		/* 179 */
	uint32_t		 remote_as;
	struct conf_addr	 local_address;	/* unset: the kernel picks */
	char			*password;	/* TCP-MD5, NULL: none */
	bool			 ttl_security;	/* GTSM, RFC 5082 */
	bool			 passive;	/* never connect, only accept */
	uint16_t		 hold_time;	/* seconds, 0 or 3..65535 */
	uint32_t		 connect_retry_ms;
	struct conf_addr	 next_hop;	/* IPv4 NLRI; unset: local */
	struct conf_addr	 next_hop6;	/* IPv6 NLRI; unset: local */
	bool			 local_pref_set;	/* given; iBGP only */
	uint32_t		 local_pref;	/* 100 unless given; send
						   it to iBGP peers only */
	bool			 connect_retry_set;	/* given */
	struct conf_route_attrs	 attrs;
	/* Indexes into conf->anycast; all prefixes when nprefixes == 0. */
	size_t			*prefixes;
	size_t			 nprefixes;
};

enum conf_check_type {
	CONF_CHECK_DNS = 1,	/* a query, an expected rcode (and answer) */
	CONF_CHECK_TCP,		/* a connection */
	CONF_CHECK_HTTP,	/* GET url, an expected status */
	CONF_CHECK_EXEC,	/* a command, exit 0 */
	CONF_CHECK_FILE,	/* a file whose presence means unhealthy */
};

/*
 * One health check (check: section).  The config guarantees: id unique,
 * [a-z0-9_-]; only the keys of its type are set; target set for tcp, and
 * for dns either target or targets; url parsed into url_addr/url_host/
 * url_path for http; argv[0] an absolute path for exec; timeout_ms <=
 * interval_ms; source, when set, of the family of the target (or of every
 * one of targets).
 */
struct conf_check {
	const char		*id;
	enum conf_check_type	 type;
	struct conf_listen	 target;	/* dns, tcp; http: from url */
	/*
	 * dns without target: the node asks itself on each server.listen
	 * address inside a prefix the check gates (anycast[].checks naming
	 * it), in listen order; one probe asks them all and passes only when
	 * every one answers as expected.  ntargets == 0 when target is set.
	 */
	const struct conf_listen *targets;
	size_t			 ntargets;
	/* dns: */
	uint8_t			 qname[DNS_NAME_MAX];	/* wire, lowercase */
	const char		*qname_text;	/* normalised, trailing dot */
	uint16_t		 qtype;
	bool			 query_set;	/* false: first zone's SOA */
	bool			 tcp;		/* protocol: tcp */
	uint8_t			 expect_rcode;	/* NOERROR */
	const char		*expect_answer;	/* NULL: any answer */
	/* http: */
	const char		*url;		/* as written */
	const char		*url_host;	/* Host: header */
	const char		*url_path;	/* "/health", at least "/" */
	uint16_t		 expect_status;	/* 200 */
	/* exec: */
	const char		**argv;		/* NULL-terminated */
	size_t			 argc;
	/* file: */
	const char		*path;
	struct conf_addr	 source;	/* unset: the kernel picks */
	uint32_t		 interval_ms;
	uint32_t		 timeout_ms;
	bool			 timeout_set;	/* given (else derived) */
	unsigned		 rise, fall;
};

/* health.damping: RFC 2439 in spirit. */
struct conf_damping {
	bool			 enabled;
	uint32_t		 penalty;	/* per healthy -> unhealthy */
	uint32_t		 suppress;	/* withdraw at or above */
	uint32_t		 reuse;		/* announce again below */
	uint32_t		 half_life_ms;
	uint32_t		 max_suppress_ms;
};

struct conf_anycast {
	struct conf_prefix	 prefix;
	struct conf_route_attrs	 attrs;
	/* Indexes into conf->checks; none: announced while self is ok. */
	size_t			*checks;
	size_t			 nchecks;
	bool			 match_any;	/* match: any (default all) */
};

/* geo.sites[]: a site is up while its check is (always, without one). */
struct conf_geo_site {
	const char	*name;
	size_t		 check;		/* into conf->checks; SIZE_MAX: none */
};

/*
 * The RDATA of one answer: addresses for A (4 octets each) or AAAA (16),
 * or for CNAME one target, a lowercase wire name (n is then 1).
 */
struct conf_geo_rdata {
	struct conf_addr	*addr;
	const uint8_t		*target;	/* CNAME only */
	const char		*target_text;	/* normalised, trailing dot */
	size_t			 n;
};

/* geo.answers[].region.NAME: one region's choice. */
struct conf_geo_choice {
	bool			 set;
	size_t			 site;		/* SIZE_MAX: always up */
	size_t			*fallback;	/* region indexes, in order */
	size_t			 nfallback;
	struct conf_geo_rdata	 rdata;
};

/*
 * geo.answers[]: a name and type whose RRset depends on the client's
 * region.  The config guarantees: name inside a configured zone (zone),
 * (name, type) unique, addresses of the type's family, every fallback a
 * region with a choice of its own, never the region itself.
 */
struct conf_geo_answer {
	uint8_t			 name[DNS_NAME_MAX];	/* wire, lowercase */
	const char		*name_text;	/* normalised, trailing dot */
	size_t			 zone;		/* into conf->zones */
	uint16_t		 type;		/* A, AAAA or CNAME */
	uint32_t		 ttl;
	struct conf_geo_rdata	 def;		/* default: at least one */
	struct conf_geo_choice	*region;	/* one per geo region */
};

/* geo.countries / geo.continents: a two-letter code (uppercase) -> region. */
struct conf_geo_code {
	char		 code[3];
	size_t		 region;
};

struct conf {
	struct arena		 arena;
	unsigned		 refs;		/* conf_ref(), conf_free() */
	const char		*source;	/* config file, or NULL */

	/* server: */
	const char		*identity;	/* NULL: host name */
	struct conf_listen	*listen;
	size_t			 nlisten;	/* 0: default wildcards */
	unsigned		 workers;	/* 0: number of CPUs */
	bool			 nsid;
	const char		*version;	/* NULL: hidden */
	uint16_t		 udp_payload;
	uint32_t		 tcp_idle_ms;
	uint32_t		 tcp_max_clients;	/* per worker */
	bool			 cookie_secret_set;
	uint8_t			 cookie_secret[CONF_COOKIE_SECRET_LEN];
	bool			 log_syslog;
	int			 log_verbosity;	/* -2 error .. 1 debug */
	/*
	 * server.control: the control socket's path.  Not set: the default
	 * CONF_CONTROL_DEFAULT, which the daemon opens when it can; set, it
	 * must open; NULL (control: none): no control socket.
	 */
	const char		*control;
	bool			 control_set;
	unsigned		 control_mode;	/* 0..0777 */
	bool			 metrics_set;	/* server.metrics; off if not */
	struct conf_listen	 metrics;	/* ADDR@PORT */

	struct conf_zone	*zones;
	size_t			 nzones;

	struct conf_key		*keys;		/* key: */
	size_t			 nkeys;

	/* bgp: (bgp_as == 0: no BGP) */
	uint32_t		 bgp_as;
	uint32_t		 bgp_router_id;	/* host order; 0: unset */
	struct conf_peer	*peers;
	size_t			 npeers;

	struct conf_anycast	*anycast;
	size_t			 nanycast;

	struct conf_check	*checks;
	size_t			 nchecks;

	/* health: */
	struct conf_damping	 damping;
	uint32_t		 drain_ms;	/* drain.time */
	unsigned		 drain_prepend;	/* drain.prepend */

	/* geo: (geo_set false: none, nothing below is set) */
	bool			 geo_set;
	const char		*geo_nets;	/* as written; NULL: none */
	const char		*geo_nets_path;	/* beside the config */
	const char		**geo_mmdb;	/* geo.maxmind, as written */
	const char		**geo_mmdb_path; /* beside the config */
	size_t			 ngeo_mmdb;
	struct conf_geo_code	*countries;	/* ISO 3166-1 alpha-2 */
	size_t			 ncountries;
	struct conf_geo_code	*continents;	/* AF AN AS EU NA OC SA */
	size_t			 ncontinents;
	const char		**regions;
	size_t			 nregions;
	struct conf_geo_site	*sites;
	size_t			 nsites;
	struct conf_geo_answer	*answers;
	size_t			 nanswers;

	/*
	 * Things accepted but worth telling the operator, each a full
	 * "file:line:col: key: text" line (e.g. a prefix more specific than
	 * /24 or /48, which most networks filter); the daemon logs them.
	 */
	const char		**warnings;
	size_t			 nwarnings;

	size_t			 listen_cap;	/* allocated entries */
	size_t			 zones_cap;
};

/* A config with every default set and no zone; free with conf_free(). */
struct conf	*conf_new(void);
/*
 * Another holder of the same immutable conf (the BGP speaker keeps the one
 * the DNS snapshot also holds); each holder calls conf_free() once.
 */
struct conf	*conf_ref(struct conf *conf);
void		 conf_free(struct conf *conf);

/*
 * Parses the file at path.  On success stores a new conf in *out and
 * returns 0; otherwise writes one message (file:line:col: key: problem)
 * into err and returns CN_ECONF (or -errno when the file cannot be read).
 */
int	conf_parse_file(const char *path, struct conf **out, char *err,
	    size_t errlen);
/* Same for text in memory; label stands for the file name in messages. */
int	conf_parse_text(const char *text, size_t len, const char *label,
	    struct conf **out, char *err, size_t errlen);

/* "hmac-sha256" and so on, as key[].algorithm takes them. */
const char	*conf_tsig_alg_name(enum dns_tsig_alg alg);

/* Writes the normalised YAML form. Returns 0 or -errno. */
int	conf_print(const struct conf *conf, FILE *f);

/*
 * Value parsers shared by the file parser and the command line.  Each
 * returns 0 and writes its result, or CN_EINVAL (or CN_ERANGE) and writes
 * what was expected into why (may be NULL).
 */
int	conf_parse_listen(const char *text, struct conf_listen *out,
	    char *why, size_t whylen);
/* "200ms", "10s", "1m", "1h"; a plain number means seconds. */
int	conf_parse_duration(const char *text, uint32_t *ms);
int	conf_parse_uint(const char *text, unsigned long min, unsigned long max,
	    unsigned long *out);
int	conf_parse_bool(const char *text, bool *out);
/* Domain name text to a lowercase wire name and normalised text. */
int	conf_parse_domain(const char *text, uint8_t apex[DNS_NAME_MAX],
	    char *norm, size_t normlen);
/* "198.51.100.0/24", "2001:db8::/48"; host bits set is an error. */
int	conf_parse_prefix(const char *text, struct conf_prefix *out,
	    char *why, size_t whylen);
bool	conf_prefix_equal(const struct conf_prefix *a,
	    const struct conf_prefix *b);
/* True when the address of ss (AF_INET or AF_INET6) lies inside p. */
bool	conf_prefix_has(const struct conf_prefix *p,
	    const struct sockaddr_storage *ss);
/* A numeric IPv4 or IPv6 address, no port, no scope.  CN_EINVAL. */
int	conf_parse_addr(const char *text, struct conf_addr *out);
/* The sockaddr of a (set) address and port; returns its length. */
socklen_t conf_addr_sockaddr(const struct conf_addr *a, uint16_t port,
	    struct sockaddr_storage *ss);
/* The inet_ntop form, or "unset"; len >= INET6_ADDRSTRLEN. */
void	conf_format_addr(const struct conf_addr *a, char *buf, size_t len);
/*
 * "65001:100" (two numbers 0-65535), or the names no-export,
 * no-advertise, no-export-subconfed, graceful-shutdown, blackhole (any
 * case).  CN_EINVAL or CN_ERANGE.  conf_format_community() writes the name
 * of a well-known one, "HI:LO" otherwise (len >= 24).
 */
int	conf_parse_community(const char *text, uint32_t *out);
void	conf_format_community(uint32_t c, char *buf, size_t len);
/* "65001:1:2", three numbers 0-4294967295.  CN_EINVAL or CN_ERANGE. */
int	conf_parse_large_community(const char *text,
	    struct conf_large_community *out);
void	conf_format_large_community(const struct conf_large_community *lc,
	    char *buf, size_t len);
/*
 * True when two checks probe the same way (same id, type and settings):
 * a reload keeps the state of such a check.
 */
bool	conf_check_equal(const struct conf_check *a,
	    const struct conf_check *b);
const char *conf_check_type_name(enum conf_check_type t);
/* The mnemonic of an rcode (NOERROR, SERVFAIL...) or NULL; and back. */
const char *conf_rcode_name(unsigned rcode);
int	conf_parse_rcode(const char *text, uint8_t *out);
/* Formats ms the way conf_parse_duration reads it back. */
void	conf_format_duration(uint32_t ms, char *buf, size_t len);

/*
 * Adds a zone (command line --zone NAME=FILE); the file is taken as is.
 * Returns 0, CN_EINVAL (bad name, why says so) or CN_EEXIST.
 */
int	conf_add_zone(struct conf *conf, const char *domain, const char *file,
	    char *why, size_t whylen);
/* Adds a listen address (command line). Returns 0, CN_EEXIST, CN_ERANGE. */
int	conf_add_listen(struct conf *conf, const struct conf_listen *l);
/* Sets a string option in the conf's arena. */
const char *conf_strdup(struct conf *conf, const char *s);
/*
 * A region name (geo: and nets files): [a-z0-9_-], 1-32 characters, not
 * starting with - or _.
 */
bool	conf_region_name_valid(const char *s);
/* Checks an identity/version string: 1-255 printable ASCII characters. */
bool	conf_valid_text(const char *s);

#endif

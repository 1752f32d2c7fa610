/* SPDX-License-Identifier: MIT */
/*
 * main.c -- castnsd: command line, start-up, signals and reload.
 *
 * The main thread is the control plane: it parses the command line or the
 * config file into a struct conf, loads the zones into a snapshot, opens
 * the sockets and starts the workers (src/server), starts the BGP speaker
 * (src/bgp) and runs the control plane's event loop, where signals arrive
 * through a signalfd.  SIGHUP builds a complete new snapshot beside the
 * served one and publishes it, or logs why not and keeps serving the old
 * one; SIGTERM and SIGINT close the BGP sessions (the routers drop the
 * routes at once), then stop the workers, free everything and exit 0.
 * Exit status: 0 ok, 1 configuration, zone or runtime failure, 2 usage.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "../bgp/bgp.h"
#include "../common/err.h"
#include "../common/log.h"
#include "../common/loop.h"
#include "../common/mem.h"
#include "../conf/conf.h"
#include "../ctl/ctl.h"
#include "../ctl/metrics.h"
#include "../dns/name.h"
#include "../dns/dnssec_check.h"
#include "../dns/zone.h"
#include "../geo/geo.h"
#include "../health/health.h"
#include "../server/server.h"
#include "../xfr/notify.h"
#include "../xfr/xfrin.h"

#ifndef CASTNS_VERSION
#define CASTNS_VERSION	"0.1.0"
#endif

#define EXIT_USAGE	2
#define NODE_WATCH_MS		500
#define NODE_WORKER_STUCK_MS	(4 * SERVER_BEAT_MS)

struct opts {
	const char	*config;
	bool		 check_config;
	bool		 print_config;
	const char	**listen;
	size_t		 nlisten;
	const char	**zone;
	size_t		 nzone;
	const char	**check_zone;
	size_t		 ncheck_zone;
	const char	*identity;
	const char	*workers;
	int		 verbose;
};

static void
usage(FILE *f)
{
	fprintf(f,
"usage: castnsd -c FILE [--check-config | --print-config] [-v]\n"
"       castnsd --listen ADDR@PORT... --zone NAME=FILE... [--identity ID]\n"
"               [--workers N] [--check-config | --print-config] [-v]\n"
"       castnsd --check-zone NAME=FILE... [-v]\n"
"       castnsd -h | -V\n"
"\n"
"  -c, --config FILE      run from this YAML configuration file\n"
"      --check-config     validate the configuration and exit\n"
"      --print-config     print the normalised configuration and exit\n"
"      --listen ADDR@PORT serve on this address (repeatable; IPv6 as\n"
"                         ::1@5353; port 53 when omitted)\n"
"      --zone NAME=FILE   serve zone NAME from FILE (repeatable)\n"
"      --identity ID      node identity (NSID, id.server); default: host name\n"
"      --workers N        worker threads (1-256); default: one per CPU\n"
"      --check-zone NAME=FILE  check a zone file, list its errors, exit\n"
"  -v, --verbose          more logging (repeatable)\n"
"  -h, --help             this help\n"
"  -V, --version          print the version\n"
"\n"
"Runs in the foreground and logs to stderr.  SIGHUP reloads the\n"
"configuration and every zone; SIGTERM or SIGINT stops.\n");
}

static void __attribute__((noreturn, format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("castnsd: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n(castnsd --help shows the usage)\n", stderr);
	exit(EXIT_USAGE);
}

static void
push(const char ***arr, size_t *n, const char *s)
{
	*arr = xrealloc(*arr, (*n + 1) * sizeof(**arr));
	(*arr)[(*n)++] = s;
}

enum {
	OPT_CHECK_CONFIG = 256,
	OPT_PRINT_CONFIG,
	OPT_LISTEN,
	OPT_ZONE,
	OPT_IDENTITY,
	OPT_WORKERS,
	OPT_CHECK_ZONE,
};

static const struct option longopts[] = {
	{ "config",		required_argument, NULL, 'c' },
	{ "check-config",	no_argument,	   NULL, OPT_CHECK_CONFIG },
	{ "print-config",	no_argument,	   NULL, OPT_PRINT_CONFIG },
	{ "listen",		required_argument, NULL, OPT_LISTEN },
	{ "zone",		required_argument, NULL, OPT_ZONE },
	{ "identity",		required_argument, NULL, OPT_IDENTITY },
	{ "workers",		required_argument, NULL, OPT_WORKERS },
	{ "check-zone",		required_argument, NULL, OPT_CHECK_ZONE },
	{ "verbose",		no_argument,	   NULL, 'v' },
	{ "help",		no_argument,	   NULL, 'h' },
	{ "version",		no_argument,	   NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void
parse_args(int argc, char **argv, struct opts *o)
{
	const char *bad;
	int ch;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":c:vhV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			if (o->config != NULL)
				usage_error("-c given twice");
			o->config = optarg;
			break;
		case OPT_CHECK_CONFIG:
			o->check_config = true;
			break;
		case OPT_PRINT_CONFIG:
			o->print_config = true;
			break;
		case OPT_LISTEN:
			push(&o->listen, &o->nlisten, optarg);
			break;
		case OPT_ZONE:
			push(&o->zone, &o->nzone, optarg);
			break;
		case OPT_CHECK_ZONE:
			push(&o->check_zone, &o->ncheck_zone, optarg);
			break;
		case OPT_IDENTITY:
			if (o->identity != NULL)
				usage_error("--identity given twice");
			o->identity = optarg;
			break;
		case OPT_WORKERS:
			if (o->workers != NULL)
				usage_error("--workers given twice");
			o->workers = optarg;
			break;
		case 'v':
			o->verbose++;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("castnsd %s\n", CASTNS_VERSION);
			exit(0);
		case ':':
			usage_error("option '%s' needs an argument",
			    argv[optind - 1]);
		default:
			bad = argv[optind - 1];
			if (optopt != 0 && optopt < 256)
				usage_error("unknown option '-%c'", optopt);
			usage_error("unknown option '%s'", bad);
		}
	}
	if (optind < argc)
		usage_error("unexpected argument '%s'", argv[optind]);
	if (o->ncheck_zone > 0) {
		if (o->config || o->nlisten || o->nzone || o->identity ||
		    o->workers || o->check_config || o->print_config)
			usage_error("--check-zone takes no other option but "
			    "-v");
		return;
	}
	if (o->config != NULL) {
		if (o->nlisten || o->nzone || o->identity || o->workers)
			usage_error("%s cannot be combined with -c: set it in "
			    "the configuration file", o->nlisten ? "--listen" :
			    o->nzone ? "--zone" : o->identity ? "--identity" :
			    "--workers");
	} else if (o->nlisten == 0 && o->nzone == 0) {
		usage_error("nothing to serve: give -c FILE, or --listen and "
		    "--zone");
	}
	if (o->check_config && o->print_config)
		usage_error("--check-config and --print-config exclude each "
		    "other");
}

/*
 * Splits NAME=FILE.  The name cannot contain '=' in practice, the file
 * may: split at the first one.
 */
static bool
split_zone_arg(const char *arg, char *name, size_t namelen,
    const char **file)
{
	const char *eq = strchr(arg, '=');

	if (eq == NULL || eq == arg || eq[1] == '\0' ||
	    (size_t)(eq - arg) >= namelen)
		return false;
	memcpy(name, arg, (size_t)(eq - arg));
	name[eq - arg] = '\0';
	*file = eq + 1;
	return true;
}

/*
 * Builds the configuration from the command line.  Errors name the
 * argument; usage tells the caller whether they are usage errors (exit 2)
 * at start, while at reload they cannot happen (same arguments).
 */
static struct conf *
conf_from_args(const struct opts *o)
{
	char why[128], name[1024];
	struct conf_listen l;
	struct conf *conf = conf_new();
	unsigned long v;
	const char *file;
	size_t i;
	int r;

	for (i = 0; i < o->nlisten; i++) {
		if (conf_parse_listen(o->listen[i], &l, why, sizeof(why)) != 0)
			usage_error("--listen '%s': %s", o->listen[i], why);
		if ((r = conf_add_listen(conf, &l)) != 0)
			usage_error("--listen '%s': %s", o->listen[i],
			    r == CN_EEXIST ? "given twice" : "too many");
	}
	for (i = 0; i < o->nzone; i++) {
		if (!split_zone_arg(o->zone[i], name, sizeof(name), &file))
			usage_error("--zone '%s': expected NAME=FILE",
			    o->zone[i]);
		if (conf_add_zone(conf, name, file, why, sizeof(why)) != 0)
			usage_error("--zone '%s': %s", o->zone[i], why);
	}
	if (o->identity != NULL) {
		if (!conf_valid_text(o->identity))
			usage_error("--identity '%s': expected 1-255 printable "
			    "ASCII characters", o->identity);
		conf->identity = conf_strdup(conf, o->identity);
	}
	if (o->workers != NULL) {
		if (conf_parse_uint(o->workers, 1, CONF_WORKERS_MAX, &v) != 0)
			usage_error("--workers '%s': expected a number 1-%d",
			    o->workers, CONF_WORKERS_MAX);
		conf->workers = (unsigned)v;
	}
	return conf;
}

/*
 * Reads the configuration the options name; NULL after logging why.  Its
 * warnings go to stderr for --check-config and --print-config (before the
 * printed form, which stays on stdout), to the log otherwise.
 */
static struct conf *
load_conf(const struct opts *o)
{
	char err[CONF_ERR_MAX];
	struct conf *conf;
	size_t i;

	if (o->config == NULL)
		return conf_from_args(o);
	if (conf_parse_file(o->config, &conf, err, sizeof(err)) != 0) {
		/* --check-config and --print-config answer without a stamp. */
		if (o->check_config || o->print_config)
			fprintf(stderr, "castnsd: %s\n", err);
		else
			log_err("%s", err);
		return NULL;
	}
	for (i = 0; i < conf->nwarnings; i++) {
		if (o->check_config || o->print_config)
			fprintf(stderr, "castnsd: warning: %s\n",
			    conf->warnings[i]);
		else
			log_warnx("%s", conf->warnings[i]);
	}
	return conf;
}

static void
check_zone_msg(void *arg, bool isfatal, const char *file, unsigned line,
    const char *text)
{
	(void)arg;
	fprintf(stderr, "%s:%u: %s: %s\n", file, line,
	    isfatal ? "error" : "warning", text);
}

/* --check-zone: when the first signature of a signed zone expires. */
static void
print_expire(const char *norm, const struct dns_zone *zone)
{
	char text[96];

	if (dns_dnssec_expire_text(zone, (int64_t)time(NULL), text,
	    sizeof(text)) != NULL)
		printf("zone %s: %s\n", norm, text);
}

static int
check_zones(const struct opts *o)
{
	char name[1024], norm[DNS_NAME_MAX * 4 + 1];
	uint8_t apex[DNS_NAME_MAX];
	struct dns_zone_report rep;
	struct dns_zone *zone;
	const char *file;
	int status = 0;
	size_t i;

	for (i = 0; i < o->ncheck_zone; i++) {
		if (!split_zone_arg(o->check_zone[i], name, sizeof(name),
		    &file))
			usage_error("--check-zone '%s': expected NAME=FILE",
			    o->check_zone[i]);
		if (conf_parse_domain(name, apex, norm, sizeof(norm)) != 0)
			usage_error("--check-zone '%s': '%s' is not a domain "
			    "name", o->check_zone[i], name);
	}
	for (i = 0; i < o->ncheck_zone; i++) {
		split_zone_arg(o->check_zone[i], name, sizeof(name), &file);
		conf_parse_domain(name, apex, norm, sizeof(norm));
		memset(&rep, 0, sizeof(rep));
		rep.msg = check_zone_msg;
		zone = dns_zone_load(apex, file, &rep);
		if (zone == NULL) {
			fprintf(stderr, "zone %s: %s: %u error%s, %u "
			    "warning%s: not loaded\n", norm, file, rep.errors,
			    rep.errors == 1 ? "" : "s", rep.warnings,
			    rep.warnings == 1 ? "" : "s");
			status = 1;
			continue;
		}
		printf("zone %s: %s: ok, serial %u, %zu records, %u "
		    "warning%s\n", norm, file, dns_zone_serial(zone),
		    dns_zone_rr_count(zone), rep.warnings,
		    rep.warnings == 1 ? "" : "s");
		print_expire(norm, zone);
		dns_zone_free(zone);
	}
	return status;
}

static unsigned
worker_count(const struct conf *conf)
{
	long n;

	if (conf->workers != 0)
		return conf->workers;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		return 1;
	return n > CONF_WORKERS_MAX ? CONF_WORKERS_MAX : (unsigned)n;
}

/*
 * Every TCP connection is a descriptor: make sure the limit allows the
 * connection tables to fill, or say so.
 */
static void
raise_nofile(const struct conf *conf, unsigned workers)
{
	size_t nlisten = conf->nlisten ? conf->nlisten : 2;
	rlim_t need = (rlim_t)workers * (2 * nlisten +
	    conf->tcp_max_clients + 2) + 64;
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= need)
		return;
	rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > need ?
	    need : rl.rlim_max;
	(void)setrlimit(RLIMIT_NOFILE, &rl);
	if (rl.rlim_cur < need)
		log_warnx("open files limit %llu is below the %llu that %u "
		    "workers with tcp-max-clients %u may need",
		    (unsigned long long)rl.rlim_cur,
		    (unsigned long long)need, workers,
		    (unsigned)conf->tcp_max_clients);
}

static bool
same_listen(const struct conf *a, const struct conf *b)
{
	size_t i;

	if (a->nlisten != b->nlisten)
		return false;
	for (i = 0; i < a->nlisten; i++)
		if (strcmp(a->listen[i].text, b->listen[i].text) != 0)
			return false;
	return true;
}

/* The control plane: one thread, one event loop. */
struct node {
	const struct opts	*o;
	struct loop		*loop;
	struct server		*srv;
	struct bgp		*bgp;
	struct health		*health;
	struct xfrin		*xfrin;		/* secondary zones */
	struct notifier		*notifier;	/* NOTIFY out */
	struct loop_io		 sig;
	struct loop_timer	 watch;
	int			 status;
	struct ctl		*ctl;		/* NULL: no control socket */
	struct ctl_metrics	*metrics;	/* NULL: no metrics endpoint */
	struct ctl_ops		 ctl_ops;
};

static void	update_self(struct node *n);

/* NOTIFY the targets of the zones whose serial the publish changed. */
static void
notify_out(struct node *n)
{
	const struct server_snapshot *cur = server_current(n->srv);

	if (n->notifier != NULL)
		notifier_update(n->notifier, cur->conf, cur->db);
}

/* health decides, BGP carries: the one bridge between the two. */
static void
route_changed(void *arg, size_t idx, enum health_route r,
    unsigned extra_prepend)
{
	static const enum bgp_route_state to_bgp[] = {
		[HEALTH_ROUTE_WITHDRAW] = BGP_ROUTE_WITHDRAWN,
		[HEALTH_ROUTE_ANNOUNCE] = BGP_ROUTE_ANNOUNCED,
		[HEALTH_ROUTE_DRAIN] = BGP_ROUTE_DRAINING,
	};
	struct node *n = arg;

	if (n->bgp != NULL)
		bgp_route_set(n->bgp, idx, to_bgp[r], extra_prepend);
}

/* health watches, geo answers: a site follows its check. */
static void
check_changed(void *arg, const char *id, bool up)
{
	struct node *n = arg;
	struct geo_map *geo;

	if (n->srv != NULL && (geo = server_current(n->srv)->geo) != NULL)
		geo_map_check_set(geo, id, up);
}

static const struct health_ops health_ops = {
	.route = route_changed,
	.check = check_changed,
};

static bool
geo_zone_ecs(const void *arg, size_t zone)
{
	return geo_map_zone_ecs(arg, zone);
}

static bool
geo_select(const void *arg, size_t zone, const uint8_t *lname,
    uint16_t qtype, const struct dns_geo_client *cl,
    struct dns_geo_answer *out)
{
	struct geo_choice ch;

	if (!geo_map_select(arg, zone, lname, qtype, cl->family, cl->addr,
	    cl->len, &ch))
		return false;
	out->rdata = ch.rdata;
	out->count = ch.count;
	out->type = ch.type;
	out->ttl = ch.ttl;
	out->scope = ch.scope;
	out->cell = ch.cell;
	return true;
}

static const struct dns_geo_ops geo_ops = {
	.zone_ecs = geo_zone_ecs,
	.select = geo_select,
};

static void
geo_free(void *geo)
{
	geo_map_free(geo);
}

/*
 * A geo answer that contradicts its zone's data: a geo CNAME at a name
 * with records in the zone, a geo A/AAAA at a CNAME of the zone, or any
 * geo name at or below a delegation (or below a DNAME), which the zone
 * does not answer for itself.
 */
/* The delegation or DNAME at or above lname (below the apex), or NULL. */
static const struct dns_node *
geo_below_cut(const struct dns_zone *z, const uint8_t *lname)
{
	const struct dns_node *n;
	const uint8_t *p;

	for (p = lname; *p != 0 && strcmp((const char *)p,
	    (const char *)z->apex) != 0; p += *p + 1) {
		n = dns_zone_find(z, p, dns_zone_name_hash(p));
		if (n == NULL)
			continue;
		/* A DNAME redirects the names below it, not its own. */
		if ((n->flags & DNS_NODE_DELEG) ||
		    ((n->flags & DNS_NODE_DNAME) && p != lname))
			return n;
	}
	return NULL;
}

static int
geo_zone_conflict(const struct server_snapshot *snap, char *err,
    size_t errlen)
{
	const struct conf *c = snap->conf;
	const struct dns_zone *z;
	const struct dns_node *n, *cut;
	size_t i;

	for (i = 0; i < c->nanswers; i++) {
		const struct conf_geo_answer *a = &c->answers[i];

		z = dns_db_find_zone(snap->db, a->name);
		if (z == NULL || strcmp((const char *)z->apex,
		    (const char *)c->zones[a->zone].apex) != 0)
			continue;
		if ((cut = geo_below_cut(z, a->name)) != NULL) {
			char cname[4 * DNS_NAME_MAX + 1];

			if (dns_name_to_text(dns_node_name(z, cut), cname,
			    sizeof(cname)) < 0)
				cname[0] = '\0';
			cn_why(err, errlen, "%s: at or below the %s %s of "
			    "zone %s, not answered here", a->name_text,
			    (cut->flags & DNS_NODE_DELEG) ? "delegation" :
			    "DNAME", cname, c->zones[a->zone].domain);
			return CN_ECONF;
		}
		/* Geo answers are built per query and carry no RRSIG. */
		if (dns_node_rrset(z, &z->nodes[0], DNS_TYPE_DNSKEY) != NULL)
			log_warnx("geo: %s is in signed zone %s but geo answers "
			    "are not signed: validating resolvers will reject "
			    "them", a->name_text, c->zones[a->zone].domain);
		if ((n = dns_zone_find(z, a->name,
		    dns_zone_name_hash(a->name))) == NULL)
			continue;
		/* RFC 1034 3.6.2: a CNAME is the only data at its name. */
		if (a->type == DNS_TYPE_CNAME && n->nrrsets > 0) {
			cn_why(err, errlen, "%s CNAME: zone %s has other data "
			    "at this name (a CNAME must be the only data "
			    "there)", a->name_text, c->zones[a->zone].domain);
			return CN_ECONF;
		}
		if (a->type != DNS_TYPE_CNAME &&
		    dns_node_rrset(z, n, DNS_TYPE_CNAME) != NULL) {
			cn_why(err, errlen, "%s %s: zone %s has a CNAME at "
			    "this name", a->name_text, a->type == DNS_TYPE_A ?
			    "A" : "AAAA", c->zones[a->zone].domain);
			return CN_ECONF;
		}
	}
	return 0;
}

/*
 * Builds snap's geo map (reading the nets file again: it reloads with the
 * config) and hooks it into the answering options.  Sites take the state
 * of their checks as health knows them now; a check not yet risen or
 * fallen counts as up, so that a start or reload does not send every
 * client to the default.  Returns 0 or a cn_err, logged.
 */
static int
attach_geo(struct node *n, struct server_snapshot *snap)
{
	struct health_check_status st;
	struct geo_map *m;
	char err[CONF_ERR_MAX];
	size_t i;
	int r;

	if ((r = geo_map_new(snap->conf, &m, err, sizeof(err))) != 0) {
		log_err("geo: %s", err);
		return r;
	}
	if (m != NULL && (r = geo_zone_conflict(snap, err,
	    sizeof(err))) != 0) {
		geo_map_free(m);
		log_err("geo: %s", err);
		return r;
	}
	if (m == NULL)
		return 0;
	for (i = 0; n != NULL && n->health != NULL &&
	    i < health_check_count(n->health); i++) {
		health_check_status(n->health, i, &st);
		geo_map_check_set(m, st.id, strcmp(st.state, "down") != 0);
	}
	snap->geo = m;
	snap->geo_free = geo_free;
	snap->geo_cells = geo_map_cells(m);
	snap->aconf.geo = &geo_ops;
	snap->aconf.geo_arg = m;
	geo_map_summary(m, err, sizeof(err));
	log_info("geo: %s", err);
	return 0;
}

/*
 * Hands conf's bgp, check and anycast parts to the speaker and the health
 * module, in that order: the speaker knows the prefixes (all withdrawn at
 * first) before health announces any (rule 3 of DESIGN.md: a prefix is
 * announced only once the service behind it answers).
 */
static int
apply_routing(struct node *n, struct conf *conf)
{
	int r;

	if (conf->bgp_as == 0) {
		bgp_free(n->bgp, "BGP removed from the configuration");
		n->bgp = NULL;
	} else {
		if (n->bgp == NULL)
			n->bgp = bgp_new(n->loop);
		if ((r = bgp_configure(n->bgp, conf)) != 0)
			return r;
	}
	if (n->health == NULL) {
		n->health = health_new(n->loop, &health_ops, n);
		/* A secondary without data: not announced even at first. */
		update_self(n);
	}
	return health_configure(n->health, conf);
}

/*
 * dnssec-expiry-withdraw: false, and why, when a zone's earliest RRSIG
 * expires within its configured time (RFC 4035 5.3.1: a resolver calls
 * its answers bogus from then on; better that clients go to a node whose
 * zone is fresh).  A reload with fresh signatures makes it true again.
 * The reason names the instant, not a countdown, so it stays the same
 * from one watch to the next.
 */
static bool
dnssec_fresh(const struct server_snapshot *snap, char *why, size_t whylen)
{
	const struct conf *conf = snap->conf;
	const struct dns_zone *z;
	char at[32], lim[32];
	time_t now = time(NULL);
	int64_t exp;
	size_t i;

	for (i = 0; i < conf->nzones; i++) {
		uint32_t lim_s = conf->zones[i].dnssec_expiry_withdraw_s;

		if (lim_s == 0 || (z = dns_db_find_zone(snap->db,
		    conf->zones[i].apex)) == NULL ||
		    (exp = dns_dnssec_expire(z)) == 0 ||
		    exp - (int64_t)now > (int64_t)lim_s)
			continue;
		dns_dnssec_time_text(exp, at, sizeof(at));
		if (lim_s % 86400 == 0)
			snprintf(lim, sizeof(lim), "%ud",
			    (unsigned)(lim_s / 86400));
		else
			conf_format_duration(lim_s * 1000u, lim, sizeof(lim));
		snprintf(why, whylen, "zone %s: signatures %s %s, "
		    "dnssec-expiry-withdraw %s", conf->zones[i].domain,
		    exp <= (int64_t)now ? "expired at" : "expire at", at, lim);
		return false;
	}
	return true;
}

/*
 * The node's own state, without polling the network: a DNS worker that
 * has not turned its loop for NODE_WORKER_STUCK_MS cannot answer, and a
 * secondary zone that expired (or has no data yet) must not be served
 * stale, so every prefix goes.
 */
static void
update_self(struct node *n)
{
	uint64_t age = 0;
	unsigned w = 0;
	char why[DNS_NAME_MAX * 4 + 160];
	bool ok;

	if (n->health == NULL)
		return;
	if (n->srv != NULL)
		age = server_stalest_worker(n->srv, loop_now_ms(), &w);
	ok = age <= NODE_WORKER_STUCK_MS;
	if (age == UINT64_MAX)
		snprintf(why, sizeof(why), "DNS worker %u has quit", w);
	else if (!ok)
		snprintf(why, sizeof(why), "DNS worker %u has not run for "
		    "%.1f s", w, (double)age / 1000);
	else if (!xfrin_healthy(n->xfrin, why, sizeof(why)))
		ok = false;
	else if (n->srv != NULL && !dnssec_fresh(server_current(n->srv),
	    why, sizeof(why)))
		ok = false;
	else
		snprintf(why, sizeof(why), "DNS workers running");
	health_set_self(n->health, ok, why);
}

static void
watch_workers(struct loop_timer *t)
{
	struct node *n = t->arg;

	update_self(n);
	loop_timer_set(n->loop, t, NODE_WATCH_MS);
}

/* A worker took a NOTIFY from a zone's primary (dns/transfer.c). */
static void
notify_hook(void *arg, size_t zone, uint32_t serial, bool has_serial)
{
	xfrin_notify(arg, zone, serial, has_serial);
}

/*
 * The secondary's zones in snap (not published yet): xfrin takes the
 * configuration and the copies just loaded, and a zone that has expired
 * or has no data is put in empty (SERVFAIL) whatever its file holds.
 */
static void
attach_xfrin(struct node *n, struct server_snapshot *snap)
{
	size_t i;

	if (n->xfrin == NULL)
		return;
	xfrin_configure(n->xfrin, snap->conf, snap->db);
	snap->aconf.notify = notify_hook;
	snap->aconf.notify_arg = n->xfrin;
	for (i = 0; i < snap->conf->nzones; i++)
		if (xfrin_zone_down(n->xfrin, i) &&
		    server_snapshot_set_zone(snap, i,
		    dns_zone_new_empty(snap->conf->zones[i].apex)) != 0)
			log_err("zone %s: cannot be set aside",
			    snap->conf->zones[i].domain);
}

/* xfrin: a new version of zone idx is ready; every other zone is kept. */
static int
xfr_swap(void *arg, size_t idx, struct dns_zone *z)
{
	struct node *n = arg;
	const struct server_snapshot *cur = server_current(n->srv);
	struct server_snapshot *snap = NULL;
	int r;

	if ((r = server_snapshot_replace(cur, idx, z, &snap)) != 0 ||
	    (r = attach_geo(n, snap)) != 0) {
		server_snapshot_free(snap);
		log_err("zone %s: new version not published: %s",
		    cur->conf->zones[idx].domain, cn_strerror(r));
		return r;
	}
	server_publish(n->srv, snap);
	notify_out(n);
	if (dns_zone_rr_count(z) == 0)
		log_info("zone %s: served empty, SERVFAIL (generation %llu)",
		    server_current(n->srv)->conf->zones[idx].domain,
		    (unsigned long long)server_current(n->srv)->generation);
	else
		log_info("zone %s: serving serial %u (generation %llu)",
		    server_current(n->srv)->conf->zones[idx].domain,
		    dns_zone_serial(z), (unsigned long long)
		    server_current(n->srv)->generation);
	update_self(n);
	return 0;
}

static void
xfr_expiry(void *arg, size_t idx, bool expired)
{
	struct node *n = arg;
	const struct server_snapshot *cur = server_current(n->srv);

	if (expired)
		(void)xfr_swap(n, idx,
		    dns_zone_new_empty(cur->conf->zones[idx].apex));
	update_self(n);
}

static const struct xfrin_ops xfrin_ops = {
	.swap = xfr_swap,
	.expiry = xfr_expiry,
};

/*
 * SIGHUP and castnsctl reload.  Returns 0, or CN_ECONF / CN_EZONE with a
 * short reason in why (may be NULL); the details are in the log.
 */
static int
reload(struct node *n, char *why, size_t whylen)
{
	struct server *srv = n->srv;
	const struct opts *o = n->o;
	int verbose = o->verbose;
	const struct server_snapshot *cur = server_current(srv);
	struct server_snapshot *snap = NULL;
	struct conf *conf;

	log_info("reload: reading %s", o->config ? o->config :
	    "the zones given on the command line");
	if ((conf = load_conf(o)) == NULL) {
		log_err("reload failed: configuration refused; still serving "
		    "generation %llu", (unsigned long long)cur->generation);
		cn_why(why, whylen, "configuration refused (see the log); "
		    "still serving generation %llu",
		    (unsigned long long)cur->generation);
		ctl_metrics_reload(n->metrics, false);
		return CN_ECONF;
	}
	if ((conf->control_set || cur->conf->control_set) &&
	    ((conf->control == NULL) != (cur->conf->control == NULL) ||
	    (conf->control != NULL && strcmp(conf->control,
	    cur->conf->control) != 0) ||
	    conf->control_mode != cur->conf->control_mode))
		log_warnx("reload: control and control-mode change only on "
		    "restart");
	if (conf->metrics_set != cur->conf->metrics_set ||
	    (conf->metrics_set && strcmp(conf->metrics.text,
	    cur->conf->metrics.text) != 0))
		log_warnx("reload: metrics changes only on restart");
	if (!same_listen(conf, cur->conf))
		log_warnx("reload: listen addresses changed: restart castnsd "
		    "to apply; keeping the old sockets");
	if (worker_count(conf) != server_workers(srv) ||
	    conf->tcp_max_clients != cur->conf->tcp_max_clients ||
	    conf->tcp_idle_ms != cur->conf->tcp_idle_ms)
		log_warnx("reload: workers, tcp-max-clients and "
		    "tcp-idle-timeout change only on restart");
	if (conf->log_syslog != cur->conf->log_syslog)
		log_warnx("reload: log.syslog changes only on restart");
	if (server_snapshot_new(conf, cur, &snap) == 0 &&
	    attach_geo(n, snap) != 0) {
		server_snapshot_free(snap);
		log_err("reload failed: geo refused; still serving "
		    "generation %llu", (unsigned long long)cur->generation);
		cn_why(why, whylen, "geo refused (see the log); still "
		    "serving generation %llu",
		    (unsigned long long)cur->generation);
		ctl_metrics_reload(n->metrics, false);
		return CN_ECONF;
	} else if (snap == NULL) {
		log_err("reload failed: zones refused; still serving "
		    "generation %llu", (unsigned long long)cur->generation);
		cn_why(why, whylen, "zones refused (see the log); still "
		    "serving generation %llu",
		    (unsigned long long)cur->generation);
		ctl_metrics_reload(n->metrics, false);
		return CN_EZONE;
	}
	log_set_verbosity(snap->conf->log_verbosity + verbose);
	attach_xfrin(n, snap);
	server_publish(srv, snap);
	notify_out(n);
	update_self(n);
	log_info("reload done: serving generation %llu, %zu zone%s",
	    (unsigned long long)snap->generation, snap->conf->nzones,
	    snap->conf->nzones == 1 ? "" : "s");
	ctl_metrics_reload(n->metrics, true);
	if (apply_routing(n, server_current(srv)->conf) != 0)
		log_err("reload: BGP listeners could not be opened; the "
		    "sessions keep their previous configuration");
	return 0;
}

/*
 * castnsctl zone-reload NAME: the zones are read again under the running
 * configuration (a database holds its zones whole, so every zone file is
 * re-read; the configuration file is not).
 */
static int
zone_reload(struct node *n, const char *name, char *why, size_t whylen)
{
	const struct server_snapshot *cur = server_current(n->srv);
	struct server_snapshot *snap = NULL;
	size_t i;

	for (i = 0; i < cur->conf->nzones; i++)
		if (strcmp(cur->conf->zones[i].domain, name) == 0)
			break;
	if (i == cur->conf->nzones) {
		cn_why(why, whylen, "no zone %s in the configuration", name);
		return CN_ENOENT;
	}
	log_info("zone-reload %s: reading the zone files again", name);
	if (server_snapshot_new(conf_ref(cur->conf), cur, &snap) != 0 ||
	    attach_geo(n, snap) != 0) {
		server_snapshot_free(snap);
		log_err("zone-reload %s failed: zones refused; still serving "
		    "generation %llu", name,
		    (unsigned long long)cur->generation);
		cn_why(why, whylen, "zones refused (see the log); still "
		    "serving generation %llu",
		    (unsigned long long)cur->generation);
		ctl_metrics_reload(n->metrics, false);
		return CN_EZONE;
	}
	attach_xfrin(n, snap);
	server_publish(n->srv, snap);
	notify_out(n);
	update_self(n);
	log_info("zone-reload %s done: serving generation %llu", name,
	    (unsigned long long)snap->generation);
	ctl_metrics_reload(n->metrics, true);
	return 0;
}

static int
ctl_reload(void *arg, char *why, size_t whylen)
{
	return reload(arg, why, whylen);
}

static int
ctl_zone_reload(void *arg, const char *zone, char *why, size_t whylen)
{
	return zone_reload(arg, zone, why, whylen);
}

static struct server *
ctl_server(void *arg)
{
	return ((struct node *)arg)->srv;
}

static struct bgp *
ctl_bgp(void *arg)
{
	return ((struct node *)arg)->bgp;
}

static struct health *
ctl_health(void *arg)
{
	return ((struct node *)arg)->health;
}

static struct notifier *
ctl_notifier(void *arg)
{
	return ((struct node *)arg)->notifier;
}

static struct xfrin *
ctl_xfrin(void *arg)
{
	return ((struct node *)arg)->xfrin;
}

/*
 * The control socket and the metrics endpoint.  A control path set in the
 * configuration must open; the default is skipped with a warning when it
 * cannot be (no /run/castns for an unprivileged quick start).
 */
static int
open_control(struct node *n, const struct conf *conf)
{
	int r;

	n->ctl_ops.version = CASTNS_VERSION;
	n->ctl_ops.started_ms = loop_now_ms();
	n->ctl_ops.reload = ctl_reload;
	n->ctl_ops.zone_reload = ctl_zone_reload;
	n->ctl_ops.server = ctl_server;
	n->ctl_ops.bgp = ctl_bgp;
	n->ctl_ops.health = ctl_health;
	n->ctl_ops.xfrin = ctl_xfrin;
	n->ctl_ops.notifier = ctl_notifier;
	if (conf->control != NULL) {
		r = ctl_new(n->loop, conf->control, conf->control_mode,
		    &n->ctl_ops, n, &n->ctl);
		if (r != 0 && conf->control_set) {
			log_err("control socket %s: %s", conf->control,
			    r == -EADDRINUSE ? "in use by a running castnsd" :
			    cn_strerror(r));
			return -1;
		}
		if (r != 0)
			log_warnx("control socket %s: %s; running without one "
			    "(set server.control to choose a path)",
			    conf->control, r == -EADDRINUSE ?
			    "in use by a running castnsd" : cn_strerror(r));
		else
			log_info("control socket %s (mode %04o)",
			    conf->control, conf->control_mode);
	}
	if (conf->metrics_set) {
		r = ctl_metrics_new(n->loop, &conf->metrics, &n->ctl_ops, n,
		    &n->metrics);
		if (r != 0) {
			log_err("metrics %s: %s", conf->metrics.text,
			    cn_strerror(r));
			return -1;
		}
		log_info("metrics on %s, path /metrics", conf->metrics.text);
	}
	return 0;
}

static void
signal_event(struct loop_io *io, uint32_t events)
{
	struct node *n = io->arg;
	struct signalfd_siginfo si;
	ssize_t r;

	(void)events;
	r = read(io->fd, &si, sizeof(si));
	if (r < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (r != (ssize_t)sizeof(si)) {
		log_warn("signalfd read");
		n->status = 1;
		loop_break(n->loop);
		return;
	}
	if (si.ssi_signo == SIGHUP) {
		(void)reload(n, NULL, 0);
		return;
	}
	log_info("%s received, stopping",
	    si.ssi_signo == SIGINT ? "SIGINT" : "SIGTERM");
	loop_break(n->loop);
}

static void
log_stats(const struct server *srv)
{
	struct server_tcp_stats tcp;
	struct dns_stats dns;

	server_stats(srv, &dns, &tcp);
	log_info("served %llu queries, %llu responses, %llu dropped; TCP: "
	    "%llu accepted, %llu closed idle, %llu closed for room, %llu "
	    "bad framing", (unsigned long long)dns.queries,
	    (unsigned long long)dns.responses,
	    (unsigned long long)dns.dropped,
	    (unsigned long long)tcp.accepted,
	    (unsigned long long)tcp.closed_idle,
	    (unsigned long long)tcp.closed_full,
	    (unsigned long long)tcp.closed_bad);
}

static void
log_serving(const struct server *srv, const struct server_snapshot *snap,
    unsigned workers)
{
	char addrs[1024];
	size_t i, n;

	addrs[0] = '\0';
	for (i = 0, n = 0; i < server_listen_count(srv); i++)
		n += (size_t)snprintf(addrs + n, n < sizeof(addrs) ?
		    sizeof(addrs) - n : 0, "%s%s", i ? ", " : "",
		    server_listen_text(srv, i));
	log_info("castnsd %s serving as '%s' with %u worker%s on %s (UDP "
	    "and TCP)", CASTNS_VERSION, snap->identity, workers,
	    workers == 1 ? "" : "s", addrs);
}

/* Blocks the signals for every thread; they arrive on the returned fd. */
static int
signal_fd(void)
{
	sigset_t set;
	int sfd;

	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0 ||
	    (sfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK)) < 0) {
		log_warn("signalfd");
		return -1;
	}
	signal(SIGPIPE, SIG_IGN);
	return sfd;
}

static int
serve(const struct opts *o, struct conf *conf)
{
	struct node n = { .o = o, .status = 0 };
	struct server_snapshot *snap;
	unsigned workers;

	workers = worker_count(conf);
	if (server_snapshot_new(conf, NULL, &snap) != 0) {
		log_err("zones refused, not starting");
		return 1;
	}
	if (attach_geo(NULL, snap) != 0) {
		log_err("geo refused, not starting");
		server_snapshot_free(snap);
		return 1;
	}
	/* Workers inherit the signal mask: signals reach the signalfd only. */
	n.sig.fd = signal_fd();
	n.sig.cb = signal_event;
	n.sig.arg = &n;
	if (n.sig.fd < 0 || (n.loop = loop_new()) == NULL ||
	    loop_io_add(n.loop, &n.sig, EPOLLIN) != 0) {
		log_warn("event loop");
		goto fail;
	}
	n.xfrin = xfrin_new(n.loop, &xfrin_ops, &n);
	attach_xfrin(&n, snap);
	raise_nofile(snap->conf, workers);
	if ((n.srv = server_new(snap->conf, workers)) == NULL) {
		log_err("cannot open the listen sockets, not starting");
		goto fail;
	}
	if (server_start(n.srv, snap) != 0) {
		snap = NULL;	/* the server owns it now */
		goto fail;
	}
	snap = NULL;
	log_serving(n.srv, server_current(n.srv), workers);
	n.notifier = notifier_new(n.loop);
	notify_out(&n);
	if (apply_routing(&n, server_current(n.srv)->conf) != 0) {
		log_err("BGP could not start, stopping");
		goto fail;
	}
	loop_timer_init(&n.watch, watch_workers, &n);
	loop_timer_set(n.loop, &n.watch, NODE_WATCH_MS);
	if (open_control(&n, server_current(n.srv)->conf) != 0)
		goto fail;
	if (loop_run(n.loop) != 0) {
		log_warn("event loop");
		n.status = 1;
	}
	ctl_free(n.ctl);
	ctl_metrics_free(n.metrics);
	xfrin_free(n.xfrin);
	notifier_free(n.notifier);
	/* Rule 4 of DESIGN.md: routes go first, then the service. */
	bgp_free(n.bgp, "castnsd shutting down");
	health_free(n.health);
	server_stop(n.srv);
	log_stats(n.srv);
	server_free(n.srv);
	loop_free(n.loop);
	close(n.sig.fd);
	log_info("stopped");
	return n.status;
fail:
	ctl_free(n.ctl);
	ctl_metrics_free(n.metrics);
	xfrin_free(n.xfrin);
	notifier_free(n.notifier);
	bgp_free(n.bgp, "castnsd failed to start");
	health_free(n.health);
	server_free(n.srv);
	server_snapshot_free(snap);
	loop_free(n.loop);
	if (n.sig.fd >= 0)
		close(n.sig.fd);
	return 1;
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct conf *conf;
	int status;

	memset(&o, 0, sizeof(o));
	parse_args(argc, argv, &o);
	log_init(o.verbose, false, "castnsd");
	if (o.ncheck_zone > 0) {
		status = check_zones(&o);
		goto done;
	}
	if ((conf = load_conf(&o)) == NULL) {
		status = 1;
		goto done;
	}
	if (o.check_config) {
		struct geo_map *geo = NULL;
		char err[CONF_ERR_MAX];

		/* The nets file is part of the configuration. */
		if (geo_map_new(conf, &geo, err, sizeof(err)) != 0) {
			fprintf(stderr, "castnsd: %s\n", err);
			conf_free(conf);
			status = 1;
			goto done;
		}
		geo_map_free(geo);
	}
	if (o.check_config || o.print_config) {
		if (o.print_config)
			conf_print(conf, stdout);
		else if (conf->bgp_as == 0)
			printf("%s: configuration ok (%zu zone%s)\n",
			    o.config ? o.config : "command line", conf->nzones,
			    conf->nzones == 1 ? "" : "s");
		else
			printf("%s: configuration ok (%zu zone%s, %zu BGP "
			    "peer%s, %zu anycast prefix%s, %zu warning%s)\n",
			    o.config, conf->nzones, conf->nzones == 1 ? "" : "s",
			    conf->npeers, conf->npeers == 1 ? "" : "s",
			    conf->nanycast, conf->nanycast == 1 ? "" : "es",
			    conf->nwarnings, conf->nwarnings == 1 ? "" : "s");
		conf_free(conf);
		status = 0;
		goto done;
	}
	log_init(conf->log_verbosity + o.verbose, conf->log_syslog, "castnsd");
	status = serve(&o, conf);
done:
	free(o.listen);
	free(o.zone);
	free(o.check_zone);
	return status;
}

/* SPDX-License-Identifier: MIT */
/*
 * test_zone.c -- the zone database: every load check with its file:line,
 * canonical node order, empty non-terminals, cuts and wildcards, lookups,
 * and the set of zones with longest-match selection.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/common/err.h"
#include "../../src/dns/name.h"
#include "../../src/dns/zone.h"

#define APEX	((const uint8_t *)"\7example\3com")

#define HEAD \
	"$TTL 3600\n" \
	"@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n" \
	"@ IN NS ns1\n" \
	"ns1 IN A 192.0.2.1\n"

struct msgs {
	unsigned	 n;
	bool		 fatal[32];
	unsigned	 line[32];
	char		 file[32][32];
	char		 text[32][256];
};

static void
collect(void *arg, bool fatal, const char *file, unsigned line,
    const char *text)
{
	struct msgs *m = arg;

	if (m->n >= 32)
		return;
	m->fatal[m->n] = fatal;
	m->line[m->n] = line;
	snprintf(m->file[m->n], sizeof(m->file[0]), "%s", file);
	snprintf(m->text[m->n], sizeof(m->text[0]), "%s", text);
	m->n++;
}

static struct dns_zone *
load(const char *text, struct msgs *m, struct dns_zone_report *rep)
{
	memset(m, 0, sizeof(*m));
	memset(rep, 0, sizeof(*rep));
	rep->msg = collect;
	rep->arg = m;
	return dns_zone_load_text(APEX, text, strlen(text), "t.zone", rep);
}

/* True if some message of that kind at that line contains want. */
static bool
has_msg(const struct msgs *m, bool fatal, unsigned line, const char *want)
{
	unsigned i;

	for (i = 0; i < m->n; i++)
		if (m->fatal[i] == fatal && m->line[i] == line &&
		    strcmp(m->file[i], "t.zone") == 0 &&
		    strstr(m->text[i], want) != NULL)
			return true;
	return false;
}

static const struct dns_node *
find(const struct dns_zone *z, const char *text)
{
	uint8_t name[DNS_NAME_MAX];

	assert_true(dns_name_from_text(name, text, strlen(text), NULL) > 0);
	dns_name_lower(name);
	return dns_zone_find(z, name, dns_zone_name_hash(name));
}

static void
zone_fatal_checks(void **state)
{
	static const struct {
		const char	*text;
		unsigned	 line;
		const char	*want;
	} cases[] = {
		{ "$TTL 3600\n@ NS ns1\nns1 A 192.0.2.1\n", 2, "no SOA" },
		{ HEAD "@ SOA ns2 hm 2 1 1 1 1\n", 2, "more than one SOA" },
		{ "$TTL 3600\n@ SOA ns1 hm 1 1 1 1 1\nns1 A 192.0.2.1\n", 2,
		  "no NS" },
		{ HEAD "www CNAME ns1\nwww TXT \"x\"\n", 5,
		  "CNAME and other data" },
		{ HEAD "www CNAME ns1\nwww CNAME ns2\n", 5,
		  "more than one CNAME" },
		{ HEAD "www CH TXT \"x\"\n", 5, "class 3" },
		{ HEAD "d DNAME a.example.\nd DNAME b.example.\n", 5,
		  "more than one DNAME" },
		{ HEAD "bad A not-an-address\n", 5, "" },
	};
	struct dns_zone_report rep;
	struct msgs m;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_null(load(cases[i].text, &m, &rep));
		if (!has_msg(&m, true, cases[i].line, cases[i].want))
			fail_msg("case %zu: no fatal '%s' at line %u (%u msgs,"
			    " first '%s' at %u)", i, cases[i].want,
			    cases[i].line, m.n, m.text[0], m.line[0]);
		assert_true(rep.errors >= 1);
	}
}

static void
zone_warnings(void **state)
{
	const char *text = HEAD
	    "out.example.net. A 192.0.2.9\n"		/* 5 */
	    "sub NS ns.sub\n"				/* 6 */
	    "sub NS ns2.sub\n"				/* 7 */
	    "ns.sub A 192.0.2.2\n"			/* 8 */
	    "deep.sub TXT \"hidden\"\n"			/* 9 */
	    "ttl 300 TXT \"a\"\n"			/* 10 */
	    "ttl 600 TXT \"b\"\n"			/* 11 */
	    "dup A 192.0.2.3\n"				/* 12 */
	    "dup A 192.0.2.3\n"				/* 13 */
	    "dn DNAME example.net.\n"			/* 14 */
	    "x.dn A 192.0.2.4\n"			/* 15 */
	    "alias CNAME ns1\n"				/* 16 */
	    "alias RRSIG CNAME 8 3 3600 20300101000000 20200101000000 "
	    "12345 example.com. AAAA\n";		/* 17 */
	struct dns_zone_report rep;
	const struct dns_node *n;
	const struct dns_rrset *rs;
	struct dns_zone *z;
	struct msgs m;

	(void)state;
	z = load(text, &m, &rep);
	if (z == NULL)
		fail_msg("refused: %s at %u", m.text[0], m.line[0]);
	assert_int_equal(rep.errors, 0);
	assert_true(has_msg(&m, false, 5, "outside the zone"));
	assert_true(has_msg(&m, false, 9, "occluded by the delegation"));
	assert_true(has_msg(&m, false, 6, "missing glue for ns2.sub"));
	assert_true(has_msg(&m, false, 10, "TTL mismatch"));
	assert_true(has_msg(&m, false, 15, "occluded by the DNAME"));
	assert_int_equal(rep.warnings, 5);
	assert_int_equal(m.n, 5);

	assert_null(find(z, "out.example.net."));
	/* Knot's rule: the RRset takes the TTL of its last record. */
	n = find(z, "ttl.example.com.");
	assert_non_null(n);
	rs = dns_node_rrset(z, n, 16);
	assert_non_null(rs);
	assert_int_equal(rs->ttl, 600);
	assert_int_equal(rs->count, 2);
	/* Duplicates merged. */
	rs = dns_node_rrset(z, find(z, "dup.example.com."), 1);
	assert_int_equal(rs->count, 1);
	/* SOA NS A + 2 NS + A + TXT + 2 TXT + A + DNAME + A + CNAME + RRSIG */
	assert_int_equal(dns_zone_rr_count(z), 14);
	assert_int_equal(dns_zone_serial(z), 1);
	assert_true(dns_zone_memory(z) > 0);
	assert_true(dns_name_equal(dns_zone_apex(z), APEX));

	n = find(z, "sub.example.com.");
	assert_true(n->flags & DNS_NODE_DELEG);
	assert_false(n->flags & DNS_NODE_OCCLUDED);
	n = find(z, "deep.sub.example.com.");
	assert_true(n->flags & DNS_NODE_OCCLUDED);
	assert_ptr_equal(&z->nodes[n->cut], find(z, "sub.example.com."));
	n = find(z, "x.dn.example.com.");
	assert_true(n->flags & DNS_NODE_OCCLUDED);
	assert_true(z->nodes[n->cut].flags & DNS_NODE_DNAME);
	assert_true(find(z, "alias.example.com.")->flags & DNS_NODE_CNAME);
	dns_zone_free(z);
}

static void
zone_ents_and_order(void **state)
{
	const char *text = HEAD
	    "z A 192.0.2.1\n"
	    "a.b.c A 192.0.2.2\n"
	    "*.w A 192.0.2.3\n"
	    "\\001 A 192.0.2.4\n"
	    "Z.a A 192.0.2.5\n"
	    "zABC.a A 192.0.2.6\n"
	    "yljkjljk.a A 192.0.2.7\n"
	    "\\200.z A 192.0.2.8\n"
	    "*.z A 192.0.2.9\n";
	static const char *const order[] = {
		"example.com.", "\\001.example.com.", "a.example.com.",
		"yljkjljk.a.example.com.", "z.a.example.com.",
		"zabc.a.example.com.", "c.example.com.", "b.c.example.com.",
		"a.b.c.example.com.", "ns1.example.com.", "w.example.com.",
		"*.w.example.com.", "z.example.com.", "*.z.example.com.",
		"\\200.z.example.com.",
	};
	struct dns_zone_report rep;
	const struct dns_node *n;
	struct dns_zone *z;
	struct msgs m;
	char buf[DNS_NAME_MAX * 4];
	size_t i;

	(void)state;
	z = load(text, &m, &rep);
	assert_non_null(z);
	assert_int_equal(z->nnodes, sizeof(order) / sizeof(order[0]));
	for (i = 0; i < z->nnodes; i++) {
		assert_true(dns_name_to_text(dns_node_name(z, &z->nodes[i]),
		    buf, sizeof(buf)) > 0);
		assert_string_equal(buf, order[i]);
		assert_ptr_equal(find(z, order[i]), &z->nodes[i]);
	}
	assert_true(z->nodes[0].flags & DNS_NODE_APEX);
	n = find(z, "c.example.com.");
	assert_true(n->flags & DNS_NODE_ENT);
	assert_int_equal(n->nrrsets, 0);
	assert_true(find(z, "b.c.example.com.")->flags & DNS_NODE_ENT);
	assert_true(find(z, "a.example.com.")->flags & DNS_NODE_ENT);
	assert_false(find(z, "z.example.com.")->flags & DNS_NODE_ENT);
	assert_true(find(z, "w.example.com.")->flags & DNS_NODE_WILDCHILD);
	assert_true(find(z, "w.example.com.")->flags & DNS_NODE_ENT);
	assert_true(find(z, "z.example.com.")->flags & DNS_NODE_WILDCHILD);
	assert_false(find(z, "c.example.com.")->flags & DNS_NODE_WILDCHILD);
	assert_true(find(z, "ns1.example.com.")->flags & DNS_NODE_ADDR);
	/* Lookups are case-insensitive through the lowercased key. */
	assert_ptr_equal(find(z, "A.B.C.Example.COM."),
	    find(z, "a.b.c.example.com."));
	assert_null(find(z, "nx.example.com."));
	assert_null(find(z, "example.com.example.com."));
	dns_zone_free(z);
}

static void
zone_parse_errors_refuse(void **state)
{
	struct dns_zone_report rep;
	struct msgs m;

	(void)state;
	assert_null(load(HEAD "www IN BOGUSTYPE x\n", &m, &rep));
	assert_true(rep.errors >= 1);
	assert_int_equal(m.line[0], 5);
	assert_null(load("", &m, &rep));
	assert_true(rep.errors >= 1);
	/* Without a report the messages go to the log; still refused. */
	assert_null(dns_zone_load_text(APEX, "x A 1.2.3.4\n", 12, "t", NULL));
	assert_null(dns_zone_load(APEX, "/nonexistent/zone/file", NULL));
}

static struct dns_zone *
small_zone(const char *apex_text)
{
	uint8_t apex[DNS_NAME_MAX];
	char text[512];

	assert_true(dns_name_from_text(apex, apex_text, strlen(apex_text),
	    NULL) > 0);
	snprintf(text, sizeof(text), "@ 60 SOA ns hm 1 1 1 1 1\n@ 60 NS ns\n"
	    "ns 60 A 192.0.2.1\n");
	return dns_zone_load_text(apex, text, strlen(text), apex_text, NULL);
}

static void
zone_hash_suffixes(void **state)
{
	const uint8_t *name = (const uint8_t *)"\1a\3www\7example\3com";
	const uint8_t *p;

	(void)state;
	assert_int_equal(dns_zone_name_hash((const uint8_t *)""),
	    DNS_ZONE_HASH_ROOT);
	for (p = name; *p; p += *p + 1)
		assert_int_equal(dns_zone_name_hash(p),
		    dns_zone_hash_label(dns_zone_name_hash(p + *p + 1), p));
	assert_int_not_equal(dns_zone_name_hash(name),
	    dns_zone_name_hash((const uint8_t *)"\1b\3www\7example\3com"));
}

static void
db_longest_match(void **state)
{
	struct dns_db *db = dns_db_new();
	const struct dns_zone *z;
	struct dns_zone *dup;

	(void)state;
	assert_int_equal(dns_db_add_zone(db, small_zone("example.com.")), 0);
	assert_int_equal(dns_db_add_zone(db,
	    small_zone("child.example.com.")), 0);
	assert_int_equal(dns_db_add_zone(db, small_zone("org.")), 0);
	dup = small_zone("EXAMPLE.com.");
	assert_int_equal(dns_db_add_zone(db, dup), CN_EEXIST);
	dns_zone_free(dup);
	assert_int_equal(dns_db_zone_count(db), 3);

	z = dns_db_find_zone(db, (const uint8_t *)"\1x\5CHILD\7example\3com");
	assert_non_null(z);
	assert_true(dns_name_equal(dns_zone_apex(z),
	    (const uint8_t *)"\5child\7example\3com"));
	z = dns_db_find_zone(db, (const uint8_t *)"\5child\7example\3com");
	assert_true(dns_name_equal(dns_zone_apex(z),
	    (const uint8_t *)"\5child\7example\3com"));
	z = dns_db_find_zone(db, (const uint8_t *)"\3www\7example\3com");
	assert_true(dns_name_equal(dns_zone_apex(z), APEX));
	z = dns_db_find_zone(db, (const uint8_t *)"\1a\1b\1c\1d\3org");
	assert_true(dns_name_equal(dns_zone_apex(z), (const uint8_t *)"\3org"));
	assert_null(dns_db_find_zone(db, (const uint8_t *)"\3com"));
	assert_null(dns_db_find_zone(db, (const uint8_t *)""));
	assert_null(dns_db_find_zone(db, (const uint8_t *)"\7example\3net"));
	dns_db_free(db);
	dns_db_free(NULL);
	dns_zone_free(NULL);
}

/* One zone in two dbs (two snapshots) and held beyond both. */
static void
db_shared_zone(void **state)
{
	struct dns_db *a = dns_db_new(), *b = dns_db_new();
	struct dns_zone *z = small_zone("example.com.");
	struct dns_zone *other = small_zone("org.");

	(void)state;
	assert_int_equal(dns_db_add_zone(a, dns_zone_ref(z)), 0);
	/* At another position in b: its per-zone counters would clash. */
	assert_int_equal(dns_db_add_zone(b, other), 0);
	assert_int_equal(dns_db_add_zone(b, z), CN_EINVAL);
	dns_db_free(b);
	b = dns_db_new();
	assert_int_equal(dns_db_add_zone(b, dns_zone_ref(z)), 0);
	dns_db_free(a);
	assert_non_null(dns_db_find_zone(b, APEX));
	dns_db_free(b);
	/* Still ours (ASan would see a use after free). */
	assert_true(dns_name_equal(dns_zone_apex(z), APEX));
	dns_zone_free(z);
}

#define FAKESIG " 20300101000000 20200101000000 1 example.com. AAECAwQ=\n"

/*
 * The predecessor search against a linear reference, over names with
 * uppercase letters, escaped dots, NUL and 0xff octets (RFC 4034 6.1).
 */
static void
zone_pred_search(void **state)
{
	const char *text = HEAD
	    "a\\.b A 192.0.2.1\n"
	    "A\\.C A 192.0.2.2\n"
	    "\\000 A 192.0.2.3\n"
	    "\\255.x A 192.0.2.4\n"
	    "Mid.x.y A 192.0.2.5\n"
	    "z A 192.0.2.6\n"
	    "zz.\\000z A 192.0.2.7\n";
	static const char alpha[] = { 'a', 'A', 'z', '.', 0, (char)0xff,
	    'x', 'm' };
	struct dns_zone_report rep;
	struct dns_zone *z;
	struct msgs m;
	uint8_t name[DNS_NAME_MAX];
	unsigned seed = 12345, i, j;

	(void)state;
	z = load(text, &m, &rep);
	assert_non_null(z);
	for (i = 0; i < 3000; i++) {
		size_t len = 0, want = 0, k;
		unsigned labels = 1 + (seed >> 7) % 3;

		/* random labels, then one of the zone's names as suffix */
		for (j = 0; j < labels; j++) {
			unsigned l = 1 + (seed >> 3) % 4;

			name[len++] = (uint8_t)l;
			while (l-- > 0) {
				seed = seed * 1103515245u + 12345u;
				name[len++] = (uint8_t)alpha[(seed >> 16) % 8];
			}
			seed = seed * 1103515245u + 12345u;
		}
		{
			const uint8_t *suffix = dns_node_name(z,
			    &z->nodes[(seed >> 16) % z->nnodes]);
			size_t sl = dns_name_len(suffix);

			if (len + sl > DNS_NAME_MAX)
				continue;
			memcpy(name + len, suffix, sl);
		}
		dns_name_lower(name);
		for (k = 0; k < z->nnodes; k++)
			if (dns_name_cmp_canonical(dns_node_name(z,
			    &z->nodes[k]), name) <= 0)
				want = k;
		assert_int_equal(dns_zone_pred(z, name), want);
		/* every node is its own predecessor */
		k = (seed >> 8) % z->nnodes;
		assert_int_equal(dns_zone_pred(z, dns_node_name(z,
		    &z->nodes[k])), k);
	}
	dns_zone_free(z);
}

/*
 * What DNSSEC answers need from the layout: RRSIGs grouped per type
 * covered (each with its own TTL, no TTL warning between groups), the
 * table of NSEC predecessors over ENTs and glue, a zone counting as signed.
 */
static void
zone_nsec_layout(void **state)
{
	const char *text =
	    "$TTL 3600\n"
	    "@ SOA ns1 hm 1 7200 3600 1209600 300\n"
	    "@ RRSIG SOA 13 2 3600" FAKESIG
	    "@ NS ns1\n"
	    "@ NSEC a.b NS SOA RRSIG NSEC\n"
	    "a.b 100 A 192.0.2.1\n"
	    "a.b 100 RRSIG A 13 4 100" FAKESIG
	    "a.b 200 TXT \"t\"\n"
	    "a.b 200 RRSIG TXT 13 4 200" FAKESIG
	    "a.b 200 RRSIG TXT 8 4 200" FAKESIG
	    "a.b NSEC d NS SOA RRSIG NSEC\n"
	    "d NS ns.d\n"
	    "d NSEC ns1 NS RRSIG NSEC\n"
	    "ns.d A 192.0.2.2\n"
	    "ns1 A 192.0.2.3\n"
	    "ns1 NSEC @ A RRSIG NSEC\n";
	struct dns_zone_report rep;
	const struct dns_rrset *rs;
	const struct dns_node *n;
	struct dns_zone *z;
	struct msgs m;

	(void)state;
	z = load(text, &m, &rep);
	assert_non_null(z);
	assert_int_equal(rep.warnings, 0);
	assert_true(z->signed_soa);
	assert_null(z->nsec3);
	assert_non_null(z->nsec_prev);
	n = find(z, "a.b.example.com.");
	rs = dns_node_rrsig(z, n, DNS_TYPE_A);
	assert_non_null(rs);
	assert_int_equal(rs->ttl, 100);
	assert_int_equal(rs->count, 1);
	rs = dns_node_rrsig(z, n, DNS_TYPE_TXT);
	assert_non_null(rs);
	assert_int_equal(rs->ttl, 200);
	assert_int_equal(rs->count, 2);
	assert_null(dns_node_rrsig(z, n, DNS_TYPE_MX));
	/* a query for RRSIG finds the group covering the lowest type */
	assert_ptr_equal(dns_node_rrset(z, n, DNS_TYPE_RRSIG),
	    dns_node_rrsig(z, n, DNS_TYPE_A));
	/* b (ENT) is covered by the apex, ns.d (glue) by d */
	assert_int_equal(z->nsec_prev[find(z, "b.example.com.") - z->nodes],
	    0);
	assert_int_equal(z->nsec_prev[find(z, "ns.d.example.com.") -
	    z->nodes], find(z, "d.example.com.") - z->nodes);
	assert_int_equal(z->nsec_prev[find(z, "ns1.example.com.") -
	    z->nodes], find(z, "ns1.example.com.") - z->nodes);
	dns_zone_free(z);
}

/*
 * NSEC3 owners are kept out of the names (not found, flagged), only the
 * chain of the NSEC3PARAM's parameters is indexed, in hash order.
 */
static void
zone_nsec3_layout(void **state)
{
	const char *text =
	    "$TTL 3600\n"
	    "@ SOA ns1 hm 1 7200 3600 1209600 300\n"
	    "@ RRSIG SOA 13 2 3600" FAKESIG
	    "@ NS ns1\n"
	    "@ NSEC3PARAM 1 0 12 aabbccdd\n"
	    "ns1 A 192.0.2.3\n"
	    "VVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVV NSEC3 1 1 12 aabbccdd "
	    "00000000000000000000000000000000 A\n"
	    "00000000000000000000000000000000 NSEC3 1 1 12 aabbccdd "
	    "vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv A\n"
	    "00000000000000000000000000000000 RRSIG NSEC3 13 3 3600" FAKESIG
	    /* another salt: not the NSEC3PARAM's chain */
	    "11111111111111111111111111111111 NSEC3 1 1 12 00 "
	    "22222222222222222222222222222222 A\n"
	    /* not a hash label */
	    "short NSEC3 1 1 12 aabbccdd 22222222222222222222222222222222 A\n";
	struct dns_zone_report rep;
	const struct dns_node *n;
	struct dns_zone *z;
	struct msgs m;
	uint8_t h[DNS_NSEC3_HASH_LEN];
	size_t idx;

	(void)state;
	z = load(text, &m, &rep);
	assert_non_null(z);
	assert_non_null(z->nsec3);
	assert_null(z->nsec_prev);
	assert_int_equal(z->nsec3->n, 2);
	assert_int_equal(z->nsec3->iterations, 12);
	assert_int_equal(z->nsec3->salt_len, 4);
	n = &z->nodes[z->nsec3->node[0]];
	assert_true(n->flags & DNS_NODE_NSEC3);
	assert_null(find(z, "00000000000000000000000000000000.example.com."));
	assert_null(find(z, "short.example.com."));
	assert_non_null(find(z, "ns1.example.com."));
	memset(h, 0, sizeof(h));
	assert_true(dns_nsec3_find(z->nsec3, h, &idx));
	assert_int_equal(idx, 0);
	memset(h, 0xff, sizeof(h));
	assert_true(dns_nsec3_find(z->nsec3, h, &idx));
	assert_int_equal(idx, 1);
	h[19] = 0xfe;
	assert_false(dns_nsec3_find(z->nsec3, h, &idx));
	assert_int_equal(idx, 0);
	dns_zone_free(z);

	/* an unknown hash algorithm: a warning, no NSEC3 proofs */
	z = load("$TTL 60\n@ SOA ns1 hm 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.1\n"
	    "@ NSEC3PARAM 2 0 0 -\n", &m, &rep);
	assert_non_null(z);
	assert_null(z->nsec3);
	assert_false(z->signed_soa);
	assert_true(has_msg(&m, false, 5, "hash algorithm 2"));
	dns_zone_free(z);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(zone_fatal_checks),
		cmocka_unit_test(zone_warnings),
		cmocka_unit_test(zone_ents_and_order),
		cmocka_unit_test(zone_parse_errors_refuse),
		cmocka_unit_test(zone_hash_suffixes),
		cmocka_unit_test(db_longest_match),
		cmocka_unit_test(zone_pred_search),
		cmocka_unit_test(zone_nsec_layout),
		cmocka_unit_test(zone_nsec3_layout),
		cmocka_unit_test(db_shared_zone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

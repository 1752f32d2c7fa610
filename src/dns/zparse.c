/* SPDX-License-Identifier: MIT */
/*
 * zparse.c -- RFC 1035 master file parser.
 *
 * A lexer walks the file text in memory and yields words, quoted strings
 * and ends of logical lines (parentheses join physical lines, ';' starts a
 * comment).  The record parser reads an owner, TTL and class in either
 * order, the type, then the RDATA field by field as the type's descriptor
 * in rdata.c says, into one fixed buffer; field text syntaxes live in
 * ztext.c.  Directives ($ORIGIN, $TTL, $INCLUDE, $GENERATE) change the
 * parse state.  Nothing is allocated per record: one state block per parse
 * and one text buffer per file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/err.h"
#include "../common/wbuf.h"
#include "dns.h"
#include "name.h"
#include "rdata.h"
#include "zparse.h"
#include "ztext.h"

#define MAX_ERRORS_DEFAULT	100
#define MAX_FILE_SIZE		(1u << 30)
#define GEN_MAX_TOKENS		64
#define GEN_LINE_MAX		65536
#define MAX_FIELD_TOKENS	16
#define SHOW_MAX		48

enum tok_kind {
	TK_WORD,
	TK_QUOTED,	/* s/len exclude the quotes; escapes not decoded */
	TK_EOL,
	TK_EOF,
	TK_ERR,		/* lexer error; lexer.err says what */
};

struct tok {
	enum tok_kind	 kind;
	const char	*s;
	size_t		 len;
};

struct lexer {
	const char	*start;
	const char	*p;
	const char	*end;
	unsigned	 line;
	unsigned	 paren;
	const char	*err;
	struct tok	 la;
	bool		 has_la;
	bool		 at_eol;	/* last token returned ended a record */
};

/* One file (or one $GENERATE line) being read. */
struct zfile {
	struct lexer	 lx;
	const char	*name;
	uint8_t		 origin[DNS_NAME_MAX];
	bool		 has_origin;
	unsigned	 depth;
};

struct svcparam {
	uint16_t	 key;
	uint32_t	 off;
	uint32_t	 len;
};

/* State of one parse, shared by included files; allocated once. */
struct zstate {
	const struct dns_zparse *zp;
	unsigned	 errors;
	unsigned	 max_errors;
	int		 stop;		/* nonzero: stop, and return this */
	bool		 stopped;
	bool		 have_dollar_ttl;
	bool		 have_last_ttl;
	uint32_t	 dollar_ttl;
	uint32_t	 last_ttl;
	uint16_t	 last_class;
	bool		 have_owner;
	unsigned	 rec_line;
	uint8_t		 owner[DNS_NAME_MAX];
	uint8_t		 rdata[65535];
	uint8_t		 scratch[65536];
	uint8_t		 scratch2[65536];
	char		 gen[GEN_LINE_MAX];
	struct ztext_tok toks[MAX_FIELD_TOKENS];
	struct svcparam	 svc[ZTEXT_MAX_SVCPARAMS];
	uint8_t		 bitmap[256][32];
	uint8_t		 winlen[256];
	char		 msg[320];
	char		 show[SHOW_MAX * 4 + 8];
};

static int	parse_text(struct zstate *, const char *, size_t, const char *,
		    const uint8_t *, bool, unsigned);

/* ---- lexer ---- */

static void
lex_init(struct lexer *lx, const char *text, size_t len, unsigned line)
{
	memset(lx, 0, sizeof(*lx));
	lx->start = text;
	lx->p = text;
	lx->end = text + len;
	lx->line = line;
	lx->at_eol = true;
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Skips a quoted section starting after its '"'; false if unterminated. */
static bool
lex_quoted(struct lexer *lx)
{
	while (lx->p < lx->end && *lx->p != '"') {
		if (*lx->p == '\\' && lx->p + 1 < lx->end) {
			if (lx->p[1] == '\n')
				lx->line++;
			lx->p += 2;
		} else if (*lx->p == '\n')
			return false;
		else
			lx->p++;
	}
	return lx->p < lx->end;
}

static enum tok_kind
lex_scan(struct lexer *lx, struct tok *t)
{
	const char *start;
	char c;

	for (;;) {
		if (lx->p >= lx->end) {
			if (lx->paren) {
				lx->paren = 0;
				lx->err = "missing closing parenthesis";
				return t->kind = TK_ERR;
			}
			return t->kind = TK_EOF;
		}
		c = *lx->p;
		if (is_blank(c)) {
			lx->p++;
			continue;
		}
		if (c == ';') {
			const char *nl = memchr(lx->p, '\n',
			    (size_t)(lx->end - lx->p));

			lx->p = nl ? nl : lx->end;
			continue;
		}
		if (c == '\n') {
			lx->p++;
			lx->line++;
			if (lx->paren)
				continue;
			return t->kind = TK_EOL;
		}
		if (c == '(') {
			lx->p++;
			lx->paren++;
			continue;
		}
		if (c == ')') {
			lx->p++;
			if (lx->paren == 0) {
				lx->err = "unbalanced closing parenthesis";
				return t->kind = TK_ERR;
			}
			lx->paren--;
			continue;
		}
		break;
	}
	if (c == '"') {
		start = ++lx->p;
		if (!lex_quoted(lx)) {
			/* End the record here, do not swallow the next. */
			lx->paren = 0;
			lx->err = "missing closing quote";
			return t->kind = TK_ERR;
		}
		t->s = start;
		t->len = (size_t)(lx->p - start);
		lx->p++;
		return t->kind = TK_QUOTED;
	}
	start = lx->p;
	while (lx->p < lx->end) {
		c = *lx->p;
		if (is_blank(c) || c == '\n' || c == ';' || c == '(' ||
		    c == ')')
			break;
		if (c == '\\') {
			lx->p += lx->p + 1 < lx->end && lx->p[1] != '\n' ?
			    2 : 1;
			continue;
		}
		lx->p++;
		if (c == '"' && lx->p - 1 > start && lx->p[-2] == '=') {
			/*
			 * key="quoted value" (SvcParams, RFC 9460 A); any
			 * other '"' inside a word is an ordinary character.
			 */
			if (!lex_quoted(lx)) {
				/* End the record here, do not swallow the next. */
				lx->paren = 0;
				lx->err = "missing closing quote";
				return t->kind = TK_ERR;
			}
			lx->p++;
		}
	}
	t->s = start;
	t->len = (size_t)(lx->p - start);
	return t->kind = TK_WORD;
}

static enum tok_kind
lex_next(struct lexer *lx, struct tok *t)
{
	if (lx->has_la) {
		lx->has_la = false;
		*t = lx->la;
	} else
		lex_scan(lx, t);
	lx->at_eol = t->kind == TK_EOL || t->kind == TK_EOF;
	return t->kind;
}

static enum tok_kind
lex_peek(struct lexer *lx, struct tok *t)
{
	if (!lx->has_la) {
		lex_scan(lx, &lx->la);
		lx->has_la = true;
	}
	*t = lx->la;
	return t->kind;
}

/* Consumes what is left of the current record. */
static void
lex_skip_record(struct lexer *lx)
{
	struct tok t;

	while (!lx->at_eol)
		lex_next(lx, &t);
}

/*
 * At the start of a line: skips blank and comment-only lines.  Returns
 * false at the end of the text; *blank tells whether the record starts
 * with white space (owner omitted).
 */
static bool
lex_record_start(struct lexer *lx, bool *blank)
{
	const char *q;

	while (lx->p < lx->end) {
		for (q = lx->p; q < lx->end && is_blank(*q); q++)
			;
		if (q == lx->end) {
			lx->p = q;
			break;
		}
		if (*q == '\n') {
			lx->p = q + 1;
			lx->line++;
			continue;
		}
		if (*q == ';') {
			const char *nl = memchr(q, '\n',
			    (size_t)(lx->end - q));

			lx->p = nl ? nl : lx->end;
			continue;
		}
		*blank = q != lx->p;
		lx->at_eol = false;
		return true;
	}
	return false;
}

/* ---- errors ---- */

/* Printable, shortened copy of a token for messages. */
static const char *
show(struct zstate *st, const char *s, size_t len)
{
	size_t i, n = 0;
	uint8_t c;

	for (i = 0; i < len && i < SHOW_MAX; i++) {
		c = (uint8_t)s[i];
		if (c < 0x20 || c >= 0x7f) {
			n += (size_t)snprintf(st->show + n, 5, "\\%03u", c);
		} else
			st->show[n++] = (char)c;
	}
	if (i < len) {
		memcpy(st->show + n, "...", 3);
		n += 3;
	}
	st->show[n] = '\0';
	return st->show;
}

static void
zerr(struct zstate *st, const struct zfile *f, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
zerr(struct zstate *st, const struct zfile *f, const char *fmt, ...)
{
	va_list ap;

	if (st->stopped)
		return;
	va_start(ap, fmt);
	vsnprintf(st->msg, sizeof(st->msg), fmt, ap);
	va_end(ap);
	st->errors++;
	if (st->zp->error != NULL)
		st->zp->error(st->zp->arg, f->name, st->rec_line, st->msg);
	if (st->errors >= st->max_errors)
		st->stopped = true;
}

/* Reports a token that is not what was expected (or a lexer error). */
static void
zerr_tok(struct zstate *st, struct zfile *f, const struct tok *t,
    const char *what)
{
	switch (t->kind) {
	case TK_EOL:
	case TK_EOF:
		zerr(st, f, "missing %s", what);
		break;
	case TK_ERR:
		zerr(st, f, "%s", f->lx.err);
		break;
	default:
		zerr(st, f, "bad %s '%s'", what, show(st, t->s, t->len));
		break;
	}
}

static void
zerr_name(struct zstate *st, struct zfile *f, const struct tok *t, int r)
{
	const char *s = show(st, t->s, t->len);

	if (r == CN_ELABEL)
		zerr(st, f, "label longer than 63 octets in '%s'", s);
	else if (r == CN_ENAMELEN)
		zerr(st, f, "name longer than 255 octets '%s'", s);
	else if (!f->has_origin && t->len > 0 && t->s[t->len - 1] != '.')
		zerr(st, f, "relative name '%s' without $ORIGIN", s);
	else
		zerr(st, f, "bad name '%s'", s);
}

/* ---- fields ---- */

static bool
is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

static int
read_name(struct zstate *st, struct zfile *f, const struct tok *t,
    uint8_t out[DNS_NAME_MAX])
{
	int r;

	if (t->kind != TK_WORD) {
		zerr_tok(st, f, t, "name");
		return -1;
	}
	r = dns_name_from_text(out, t->s, t->len,
	    f->has_origin ? f->origin : NULL);
	if (r < 0) {
		zerr_name(st, f, t, r);
		return -1;
	}
	return r;
}

/* Next token, which must be a word or a quoted string. */
static int
need(struct zstate *st, struct zfile *f, struct tok *t, const char *what)
{
	lex_next(&f->lx, t);
	if (t->kind == TK_WORD || t->kind == TK_QUOTED)
		return 0;
	zerr_tok(st, f, t, what);
	return -1;
}

/* True if another field token follows in this record. */
static bool
more(struct zfile *f)
{
	struct tok t;

	lex_peek(&f->lx, &t);
	return t.kind == TK_WORD || t.kind == TK_QUOTED;
}

static int
field_number(struct zstate *st, struct zfile *f, uint64_t max,
    struct wbuf *w, int size)
{
	struct tok t;
	uint64_t v;
	int r;

	if (need(st, f, &t, "number") < 0)
		return -1;
	if ((r = ztext_number(t.s, t.len, max, &v)) < 0 ||
	    t.kind != TK_WORD) {
		if (r == CN_ERANGE)
			zerr(st, f, "number '%s' out of range",
			    show(st, t.s, t.len));
		else
			zerr(st, f, "bad number '%s'", show(st, t.s, t.len));
		return -1;
	}
	if (size == 1)
		wbuf_u8(w, (uint8_t)v);
	else if (size == 2)
		wbuf_u16(w, (uint16_t)v);
	else
		wbuf_u32(w, (uint32_t)v);
	return 0;
}

static int
field_string(struct zstate *st, struct zfile *f, const struct tok *t,
    struct wbuf *w)
{
	uint8_t *lenp = wbuf_reserve(w, 1);
	int n;

	if (lenp == NULL)
		return 0;	/* reported as too long by the caller */
	n = ztext_string(t->s, t->len, w->p + w->len,
	    wbuf_left(w) < 255 ? wbuf_left(w) : 255);
	if (n == CN_ESPACE && wbuf_left(w) >= 255) {
		zerr(st, f, "character string longer than 255 octets");
		return -1;
	}
	if (n == CN_ESPACE) {
		w->err = true;
		return 0;
	}
	if (n < 0) {
		zerr(st, f, "bad escape in '%s'", show(st, t->s, t->len));
		return -1;
	}
	*lenp = (uint8_t)n;
	w->len += (size_t)n;
	return 0;
}

static int
field_b64(struct zstate *st, struct zfile *f, struct wbuf *w)
{
	struct ztext_b64 b;
	struct tok t;

	ztext_b64_init(&b);
	if (need(st, f, &t, "base64 data") < 0)
		return -1;
	for (;;) {
		if (t.kind != TK_WORD ||
		    ztext_b64_chunk(&b, t.s, t.len, w) == CN_EPARSE) {
			zerr(st, f, "bad base64 '%s'", show(st, t.s, t.len));
			return -1;
		}
		if (!more(f))
			break;
		lex_next(&f->lx, &t);
	}
	if (ztext_b64_end(&b) < 0) {
		zerr(st, f, "bad base64 length or padding");
		return -1;
	}
	return 0;
}

static int
field_hex_rest(struct zstate *st, struct zfile *f, struct wbuf *w,
    bool required)
{
	struct tok t;
	int half = -1;

	if (!more(f)) {
		if (!required)
			return 0;
		lex_next(&f->lx, &t);
		zerr_tok(st, f, &t, "hex data");
		return -1;
	}
	while (more(f)) {
		lex_next(&f->lx, &t);
		if (t.kind != TK_WORD ||
		    ztext_hex_chunk(&half, t.s, t.len, w) == CN_EPARSE) {
			zerr(st, f, "bad hex '%s'", show(st, t.s, t.len));
			return -1;
		}
	}
	if (half >= 0) {
		zerr(st, f, "odd number of hex digits");
		return -1;
	}
	return 0;
}

static int
field_bitmap(struct zstate *st, struct zfile *f, struct wbuf *w)
{
	unsigned win, top = 0, i;
	struct tok t;
	uint16_t type;
	bool used[256] = { false };

	while (more(f)) {
		lex_next(&f->lx, &t);
		if (t.kind != TK_WORD || ztext_type(t.s, t.len, &type) < 0) {
			zerr(st, f, "unknown type '%s' in bitmap",
			    show(st, t.s, t.len));
			return -1;
		}
		win = type >> 8;
		if (!used[win]) {
			used[win] = true;
			memset(st->bitmap[win], 0, 32);
			st->winlen[win] = 0;
		}
		i = (type & 0xff) >> 3;
		st->bitmap[win][i] |= (uint8_t)(0x80 >> (type & 7));
		if (i + 1 > st->winlen[win])
			st->winlen[win] = (uint8_t)(i + 1);
		top++;
	}
	/* RFC 4034 4.1.2: windows in increasing order, trailing zeros cut. */
	for (win = 0; win < 256 && top > 0; win++) {
		if (!used[win])
			continue;
		wbuf_u8(w, (uint8_t)win);
		wbuf_u8(w, st->winlen[win]);
		wbuf_bytes(w, st->bitmap[win], st->winlen[win]);
	}
	return 0;
}

static int
cmp_svc(const void *a, const void *b)
{
	const struct svcparam *x = a, *y = b;

	return x->key < y->key ? -1 : x->key > y->key;
}

static int
field_svcparams(struct zstate *st, struct zfile *f, struct wbuf *w)
{
	char kname[16], msg[ZTEXT_MSG];
	size_t n = 0, used = 0, i, j;
	struct tok t;
	int r;

	while (more(f)) {
		lex_next(&f->lx, &t);
		if (n == ZTEXT_MAX_SVCPARAMS) {
			zerr(st, f, "too many SvcParams");
			return -1;
		}
		if (t.kind != TK_WORD) {
			zerr(st, f, "bad SvcParam '%s'", show(st, t.s, t.len));
			return -1;
		}
		r = ztext_svcparam(t.s, t.len, &st->svc[n].key,
		    st->scratch + used, sizeof(st->scratch) - used,
		    st->scratch2, sizeof(st->scratch2), msg);
		if (r < 0) {
			zerr(st, f, "%s", msg);
			return -1;
		}
		st->svc[n].off = (uint32_t)used;
		st->svc[n].len = (uint32_t)r;
		used += (size_t)r;
		n++;
	}
	/* RFC 9460 2.2: keys in increasing order, each at most once. */
	qsort(st->svc, n, sizeof(st->svc[0]), cmp_svc);
	for (i = 1; i < n; i++) {
		if (st->svc[i].key == st->svc[i - 1].key) {
			zerr(st, f, "duplicate SvcParam key '%s'",
			    ztext_svckey_name(st->svc[i].key, kname,
			    sizeof(kname)));
			return -1;
		}
	}
	/* RFC 9460 7.1.1: no-default-alpn needs alpn (self-consistency). */
	for (i = 0, j = 0; i < n; i++)
		j |= st->svc[i].key == 1 ? 1 : st->svc[i].key == 2 ? 2 : 0;
	if (j == 2) {
		zerr(st, f, "SvcParam no-default-alpn without alpn");
		return -1;
	}
	/* RFC 9460 8: every key listed as mandatory must be present. */
	if (n > 0 && st->svc[0].key == 0) {
		const uint8_t *m = st->scratch + st->svc[0].off;

		for (i = 0; i + 1 < st->svc[0].len; i += 2) {
			uint16_t k = (uint16_t)(m[i] << 8 | m[i + 1]);

			for (j = 1; j < n && st->svc[j].key != k; j++)
				;
			if (j == n) {
				zerr(st, f, "mandatory SvcParam '%s' missing",
				    ztext_svckey_name(k, kname,
				    sizeof(kname)));
				return -1;
			}
		}
	}
	for (i = 0; i < n; i++) {
		if (st->svc[i].len > 0xffff) {
			w->err = true;
			break;
		}
		wbuf_u16(w, st->svc[i].key);
		wbuf_u16(w, (uint16_t)st->svc[i].len);
		wbuf_bytes(w, st->scratch + st->svc[i].off, st->svc[i].len);
	}
	return 0;
}

static int
field_wks(struct zstate *st, struct zfile *f, struct wbuf *w)
{
	uint8_t *bits = st->scratch, proto;
	size_t top = 0;
	uint16_t port;
	struct tok t;

	if (need(st, f, &t, "WKS protocol") < 0)
		return -1;
	if (t.kind != TK_WORD || ztext_wks_proto(t.s, t.len, &proto) < 0) {
		zerr(st, f, "bad WKS protocol '%s'", show(st, t.s, t.len));
		return -1;
	}
	memset(bits, 0, 8192);
	while (more(f)) {
		lex_next(&f->lx, &t);
		if (t.kind != TK_WORD ||
		    ztext_wks_port(t.s, t.len, &port) < 0) {
			zerr(st, f, "bad WKS service '%s'",
			    show(st, t.s, t.len));
			return -1;
		}
		bits[port / 8] |= (uint8_t)(0x80 >> (port % 8));
		if ((size_t)port / 8 + 1 > top)
			top = (size_t)port / 8 + 1;
	}
	/* RFC 1035 3.4.2: the bitmap ends with its last set bit's octet. */
	wbuf_u8(w, proto);
	wbuf_bytes(w, bits, top);
	return 0;
}

/* Collects the remaining tokens of the record (LOC). */
static int
rest_tokens(struct zstate *st, struct zfile *f, size_t *n)
{
	struct tok t;

	*n = 0;
	while (more(f)) {
		lex_next(&f->lx, &t);
		if (*n == MAX_FIELD_TOKENS) {
			zerr(st, f, "too many fields");
			return -1;
		}
		st->toks[*n].s = t.s;
		st->toks[(*n)++].len = t.len;
	}
	return 0;
}

static int
parse_field(struct zstate *st, struct zfile *f, enum dns_rdf kind,
    struct wbuf *w)
{
	uint8_t name[DNS_NAME_MAX], tmp[256];
	char msg[ZTEXT_MSG];
	struct tok t;
	uint32_t v32;
	uint16_t v16;
	size_t i, n;
	int r;

	switch (kind) {
	case DNS_RDF_CNAME:
	case DNS_RDF_NAME:
		lex_next(&f->lx, &t);
		if ((r = read_name(st, f, &t, name)) < 0)
			return -1;
		wbuf_bytes(w, name, (size_t)r);
		return 0;
	case DNS_RDF_U8:
		return field_number(st, f, 0xff, w, 1);
	case DNS_RDF_U16:
		return field_number(st, f, 0xffff, w, 2);
	case DNS_RDF_U32:
		return field_number(st, f, 0xffffffffu, w, 4);
	case DNS_RDF_PERIOD:
		if (need(st, f, &t, "period") < 0)
			return -1;
		if (ztext_period(t.s, t.len, &v32) < 0) {
			zerr(st, f, "bad period '%s'", show(st, t.s, t.len));
			return -1;
		}
		wbuf_u32(w, v32);
		return 0;
	case DNS_RDF_TIME:
		if (need(st, f, &t, "time") < 0)
			return -1;
		if (ztext_time(t.s, t.len, &v32) < 0) {
			zerr(st, f, "bad time '%s'", show(st, t.s, t.len));
			return -1;
		}
		wbuf_u32(w, v32);
		return 0;
	case DNS_RDF_TYPE:
		if (need(st, f, &t, "type") < 0)
			return -1;
		if (ztext_type(t.s, t.len, &v16) < 0) {
			zerr(st, f, "unknown type '%s'", show(st, t.s, t.len));
			return -1;
		}
		wbuf_u16(w, v16);
		return 0;
	case DNS_RDF_A:
		if (need(st, f, &t, "IPv4 address") < 0)
			return -1;
		if (ztext_ipv4(t.s, t.len, tmp) < 0) {
			zerr(st, f, "bad IPv4 address '%s'",
			    show(st, t.s, t.len));
			return -1;
		}
		wbuf_bytes(w, tmp, 4);
		return 0;
	case DNS_RDF_AAAA:
		if (need(st, f, &t, "IPv6 address") < 0)
			return -1;
		if (ztext_ipv6(t.s, t.len, tmp) < 0) {
			zerr(st, f, "bad IPv6 address '%s'",
			    show(st, t.s, t.len));
			return -1;
		}
		wbuf_bytes(w, tmp, 16);
		return 0;
	case DNS_RDF_STR:
		if (need(st, f, &t, "character string") < 0)
			return -1;
		return field_string(st, f, &t, w);
	case DNS_RDF_STRS:
		if (need(st, f, &t, "character string") < 0)
			return -1;
		for (;;) {
			if (field_string(st, f, &t, w) < 0)
				return -1;
			if (!more(f))
				return 0;
			lex_next(&f->lx, &t);
		}
	case DNS_RDF_B64:
		return field_b64(st, f, w);
	case DNS_RDF_HEX:
		return field_hex_rest(st, f, w, true);
	case DNS_RDF_HEX8:
		if (need(st, f, &t, "salt") < 0)
			return -1;
		if (t.kind == TK_WORD && t.len == 1 && t.s[0] == '-') {
			wbuf_u8(w, 0);
			return 0;
		}
		{
			struct wbuf hw;
			int half = -1;

			wbuf_init(&hw, tmp, 255);
			r = ztext_hex_chunk(&half, t.s, t.len, &hw);
			if (r == CN_ESPACE) {
				zerr(st, f, "salt longer than 255 octets");
				return -1;
			}
			if (r < 0 || half >= 0 || t.kind != TK_WORD) {
				zerr(st, f, "bad hex '%s'",
				    show(st, t.s, t.len));
				return -1;
			}
			wbuf_u8(w, (uint8_t)hw.len);
			wbuf_bytes(w, tmp, hw.len);
		}
		return 0;
	case DNS_RDF_B32HEX8:
		if (need(st, f, &t, "base32hex") < 0)
			return -1;
		r = ztext_b32hex(t.s, t.len, tmp, 255);
		if (r < 0 || t.kind != TK_WORD || r == 0) {
			zerr(st, f, "bad base32hex '%s'", show(st, t.s, t.len));
			return -1;
		}
		wbuf_u8(w, (uint8_t)r);
		wbuf_bytes(w, tmp, (size_t)r);
		return 0;
	case DNS_RDF_BITMAP:
		return field_bitmap(st, f, w);
	case DNS_RDF_SVCPARAMS:
		return field_svcparams(st, f, w);
	case DNS_RDF_TAG:
		if (need(st, f, &t, "tag") < 0)
			return -1;
		/* RFC 8659 4.1: tags are ASCII letters and digits. */
		for (i = 0; i < t.len && is_alnum(t.s[i]); i++)
			;
		if (t.kind != TK_WORD || t.len == 0 || t.len > 255 ||
		    i < t.len) {
			zerr(st, f, "bad tag '%s'", show(st, t.s, t.len));
			return -1;
		}
		wbuf_u8(w, (uint8_t)t.len);
		wbuf_bytes(w, t.s, t.len);
		return 0;
	case DNS_RDF_REST:
		if (need(st, f, &t, "string") < 0)
			return -1;
		r = ztext_string(t.s, t.len, w->p + w->len, wbuf_left(w));
		if (r == CN_ESPACE) {
			w->err = true;
			return 0;
		}
		if (r < 0) {
			zerr(st, f, "bad escape in '%s'", show(st, t.s, t.len));
			return -1;
		}
		w->len += (size_t)r;
		return 0;
	case DNS_RDF_LOC:
		if (rest_tokens(st, f, &n) < 0)
			return -1;
		if (ztext_loc(st->toks, n, tmp, msg) < 0) {
			zerr(st, f, "%s", msg);
			return -1;
		}
		wbuf_bytes(w, tmp, 16);
		return 0;
	case DNS_RDF_WKS:
		return field_wks(st, f, w);
	case DNS_RDF_END:
		break;
	}
	return 0;
}

/* RFC 3597 5: "\# length hex". */
static int
parse_generic(struct zstate *st, struct zfile *f, uint16_t type,
    struct wbuf *w)
{
	struct tok t;
	uint64_t len;
	char tbuf[16];

	lex_next(&f->lx, &t);	/* the \# */
	if (need(st, f, &t, "RDATA length") < 0)
		return -1;
	if (ztext_number(t.s, t.len, 65535, &len) < 0 || t.kind != TK_WORD) {
		zerr(st, f, "bad RDATA length '%s'", show(st, t.s, t.len));
		return -1;
	}
	if (field_hex_rest(st, f, w, len > 0) < 0)
		return -1;
	if (w->err)
		return 0;
	if (w->len != len) {
		zerr(st, f, "RDATA length %u does not match %zu octets of "
		    "data", (unsigned)len, w->len);
		return -1;
	}
	if (!dns_rdata_valid(type, w->p, w->len)) {
		zerr(st, f, "RDATA not valid for type %s",
		    dns_rrtype_to_text(type, tbuf, sizeof(tbuf)));
		return -1;
	}
	return 0;
}

/* ---- records ---- */

static bool
word_is(const struct tok *t, const char *upper)
{
	size_t i;

	for (i = 0; i < t->len; i++) {
		char c = t->s[i];

		if (c >= 'a' && c <= 'z')
			c -= 32;
		if (c != upper[i] || upper[i] == '\0')
			return false;
	}
	return upper[i] == '\0';
}

/* Type lookup with the common types first: the table search is linear. */
static int
lookup_type(const struct tok *t, uint16_t *type)
{
	switch (t->len) {
	case 1:
		if (word_is(t, "A"))
			return *type = DNS_TYPE_A, 0;
		break;
	case 2:
		if (word_is(t, "NS"))
			return *type = DNS_TYPE_NS, 0;
		if (word_is(t, "MX"))
			return *type = DNS_TYPE_MX, 0;
		break;
	case 3:
		if (word_is(t, "TXT"))
			return *type = DNS_TYPE_TXT, 0;
		if (word_is(t, "PTR"))
			return *type = DNS_TYPE_PTR, 0;
		break;
	case 4:
		if (word_is(t, "AAAA"))
			return *type = DNS_TYPE_AAAA, 0;
		break;
	case 5:
		if (word_is(t, "CNAME"))
			return *type = DNS_TYPE_CNAME, 0;
		break;
	}
	return ztext_type(t->s, t->len, type);
}

static bool
meta_type(uint16_t type)
{
	/* RFC 6895 3.1: meta-types and QTYPEs are not zone data. */
	return type == DNS_TYPE_OPT || (type >= 128 && type <= 255) ||
	    type == 0;
}

static int
parse_rdata(struct zstate *st, struct zfile *f, uint16_t type,
    struct wbuf *w)
{
	const struct dns_rrtype *desc;
	struct tok t;
	size_t i;

	if (lex_peek(&f->lx, &t) == TK_WORD && t.len == 2 &&
	    t.s[0] == '\\' && t.s[1] == '#')
		return parse_generic(st, f, type, w);
	if ((desc = dns_rrtype_by_code(type)) == NULL) {
		char tbuf[16];

		lex_next(&f->lx, &t);
		if (t.kind == TK_ERR)
			zerr_tok(st, f, &t, "");
		else
			zerr(st, f, "type %s needs RFC 3597 syntax "
			    "'\\# length hex'",
			    dns_rrtype_to_text(type, tbuf, sizeof(tbuf)));
		return -1;
	}
	for (i = 0; i < DNS_RDF_MAX && desc->fields[i] != DNS_RDF_END; i++)
		if (parse_field(st, f, desc->fields[i], w) < 0)
			return -1;
	return 0;
}

static void
parse_rr(struct zstate *st, struct zfile *f, bool blank)
{
	uint16_t type, rclass = st->last_class;
	bool have_ttl = false, have_class = false;
	struct dns_zparse_rr rr;
	uint32_t ttl = 0;
	struct wbuf w;
	struct tok t;
	int r, i;

	if (!blank) {
		uint8_t owner[DNS_NAME_MAX];

		/*
		 * A name that fails half way leaves garbage: the owner a
		 * following blank-owner line carries over stays the last good
		 * one (found by fuzz_zone: a label over 63 octets, then a
		 * line starting with a tab, overran the loader's buffer).
		 */
		lex_next(&f->lx, &t);
		if ((r = read_name(st, f, &t, owner)) < 0)
			goto fail;
		memcpy(st->owner, owner, (size_t)r);
		st->have_owner = true;
	} else if (!st->have_owner) {
		zerr(st, f, "missing owner name (no previous record)");
		goto fail;
	}
	/* [TTL] [class] type, or [class] [TTL] type (RFC 1035 5.1). */
	lex_next(&f->lx, &t);
	for (i = 0; i < 2 && t.kind == TK_WORD; i++) {
		if (!have_ttl && t.len > 0 && t.s[0] >= '0' && t.s[0] <= '9') {
			if (ztext_period(t.s, t.len, &ttl) < 0 ||
			    ttl > ZTEXT_TTL_MAX) {
				zerr(st, f, "bad TTL '%s'",
				    show(st, t.s, t.len));
				goto fail;
			}
			have_ttl = true;
		} else if (!have_class &&
		    ztext_class(t.s, t.len, &rclass) == 0)
			have_class = true;
		else
			break;
		lex_next(&f->lx, &t);
	}
	/* RFC 6895 3.2: NONE and ANY are only for queries and updates. */
	if (have_class && (rclass == 0 || rclass == DNS_CLASS_NONE ||
	    rclass == DNS_CLASS_ANY)) {
		zerr(st, f, "class %u not allowed in zone data", rclass);
		goto fail;
	}
	if (t.kind != TK_WORD) {
		zerr_tok(st, f, &t, "type");
		goto fail;
	}
	if (lookup_type(&t, &type) < 0) {
		zerr(st, f, "unknown type '%s'", show(st, t.s, t.len));
		goto fail;
	}
	if (meta_type(type)) {
		zerr(st, f, "type '%s' not allowed in zone data",
		    show(st, t.s, t.len));
		goto fail;
	}
	wbuf_init(&w, st->rdata, sizeof(st->rdata));
	if (parse_rdata(st, f, type, &w) < 0)
		goto fail;
	if (w.err) {
		zerr(st, f, "RDATA longer than 65535 octets");
		goto fail;
	}
	lex_next(&f->lx, &t);
	if (t.kind == TK_WORD || t.kind == TK_QUOTED) {
		/* A word in the first column inside "(" starts a record. */
		if (f->lx.paren && t.kind == TK_WORD &&
		    (t.s == f->lx.start || t.s[-1] == '\n'))
			zerr(st, f, "trailing text '%s' (missing closing "
			    "parenthesis?)", show(st, t.s, t.len));
		else
			zerr(st, f, "trailing text '%s'",
			    show(st, t.s, t.len));
		goto fail;
	}
	if (t.kind == TK_ERR) {
		zerr_tok(st, f, &t, "");
		goto fail;
	}
	if (have_ttl) {
		st->last_ttl = ttl;
		st->have_last_ttl = true;
	} else if (st->have_dollar_ttl)
		ttl = st->dollar_ttl;
	else if (st->have_last_ttl)
		ttl = st->last_ttl;
	else
		ttl = st->zp->default_ttl;
	if (have_class)
		st->last_class = rclass;
	rr.owner = st->owner;
	rr.type = type;
	rr.rclass = rclass;
	rr.ttl = ttl;
	rr.ttl_explicit = have_ttl;
	rr.rdata = st->rdata;
	rr.rdlen = (uint16_t)w.len;
	rr.file = f->name;
	rr.line = st->rec_line;
	if (st->zp->rr != NULL && (r = st->zp->rr(st->zp->arg, &rr)) != 0) {
		st->stop = r;
		st->stopped = true;
	}
	return;
fail:
	lex_skip_record(&f->lx);
}

/* ---- directives ---- */

/* Expects the end of the directive's line. */
static void
end_directive(struct zstate *st, struct zfile *f)
{
	struct tok t;

	lex_next(&f->lx, &t);
	if (t.kind == TK_WORD || t.kind == TK_QUOTED) {
		zerr(st, f, "trailing text '%s'", show(st, t.s, t.len));
		lex_skip_record(&f->lx);
	} else if (t.kind == TK_ERR) {
		zerr_tok(st, f, &t, "");
		lex_skip_record(&f->lx);
	}
}

static void
dir_origin(struct zstate *st, struct zfile *f)
{
	uint8_t name[DNS_NAME_MAX];
	struct tok t;
	int r;

	lex_next(&f->lx, &t);
	if ((r = read_name(st, f, &t, name)) < 0) {
		lex_skip_record(&f->lx);
		return;
	}
	memcpy(f->origin, name, (size_t)r);
	f->has_origin = true;
	end_directive(st, f);
}

static void
dir_ttl(struct zstate *st, struct zfile *f)
{
	struct tok t;
	uint32_t ttl;

	if (need(st, f, &t, "TTL") < 0) {
		lex_skip_record(&f->lx);
		return;
	}
	if (ztext_period(t.s, t.len, &ttl) < 0 || ttl > ZTEXT_TTL_MAX ||
	    t.kind != TK_WORD) {
		zerr(st, f, "bad TTL '%s'", show(st, t.s, t.len));
		lex_skip_record(&f->lx);
		return;
	}
	st->dollar_ttl = ttl;
	st->have_dollar_ttl = true;
	end_directive(st, f);
}

static const char *
read_error(int r)
{
	if (r == CN_EINVAL)
		return "not a regular file";
	if (r == CN_ERANGE)
		return "file larger than 1 GiB";
	return cn_strerror(r);
}

/* Reads a whole file into a malloc'd buffer. */
static int
read_file(const char *path, char **text, size_t *len)
{
	struct stat sb;
	size_t got = 0;
	ssize_t n;
	char *buf;
	int fd, err;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -errno;
	if (fstat(fd, &sb) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	if (!S_ISREG(sb.st_mode) || (uint64_t)sb.st_size > MAX_FILE_SIZE) {
		close(fd);
		return S_ISDIR(sb.st_mode) ? -EISDIR :
		    !S_ISREG(sb.st_mode) ? CN_EINVAL : CN_ERANGE;
	}
	if ((buf = malloc((size_t)sb.st_size + 1)) == NULL) {
		close(fd);
		return CN_ENOMEM;
	}
	while (got < (size_t)sb.st_size) {
		n = read(fd, buf + got, (size_t)sb.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	*text = buf;
	*len = got;
	return 0;
}

static void
dir_include(struct zstate *st, struct zfile *f)
{
	uint8_t origin[DNS_NAME_MAX];
	char path[4096], *text;
	const char *slash;
	bool has_origin = f->has_origin;
	size_t dlen, len;
	struct tok t;
	int r;

	if (need(st, f, &t, "file name") < 0)
		goto fail;
	if (st->zp->no_include) {
		zerr(st, f, "$INCLUDE not allowed here");
		goto fail;
	}
	if (f->depth + 1 > DNS_ZPARSE_MAX_INCLUDE) {
		zerr(st, f, "$INCLUDE depth exceeded");
		goto fail;
	}
	/* A relative path is relative to the including file's directory. */
	slash = strrchr(f->name, '/');
	dlen = t.s[0] != '/' && slash ? (size_t)(slash - f->name) + 1 : 0;
	if (dlen + t.len >= sizeof(path) || memchr(t.s, '\0', t.len)) {
		zerr(st, f, "bad $INCLUDE file name");
		goto fail;
	}
	memcpy(path, f->name, dlen);
	memcpy(path + dlen, t.s, t.len);
	path[dlen + t.len] = '\0';
	memcpy(origin, f->origin, sizeof(origin));
	if (more(f)) {
		lex_next(&f->lx, &t);
		if ((r = read_name(st, f, &t, origin)) < 0)
			goto fail;
		has_origin = true;
	}
	end_directive(st, f);
	if ((r = read_file(path, &text, &len)) < 0) {
		zerr(st, f, "cannot read $INCLUDE file '%s': %s",
		    show(st, path, strlen(path)), read_error(r));
		return;
	}
	parse_text(st, text, len, path, has_origin ? origin : NULL, false,
	    f->depth + 1);
	free(text);
	return;
fail:
	lex_skip_record(&f->lx);
}

static void
dir_generate(struct zstate *st, struct zfile *f)
{
	struct tok t, toks[GEN_MAX_TOKENS];
	uint32_t start, stop, step, it;
	const char *msg = NULL;
	struct ztext_buf b;
	struct zfile sub;
	unsigned errors;
	size_t n = 0, i;

	if (need(st, f, &t, "$GENERATE range") < 0)
		goto fail;
	if (t.kind != TK_WORD ||
	    ztext_gen_range(t.s, t.len, &start, &stop, &step) < 0) {
		zerr(st, f, "bad $GENERATE range '%s'", show(st, t.s, t.len));
		goto fail;
	}
	if ((stop - start) / step + 1 > DNS_ZPARSE_MAX_GENERATE) {
		zerr(st, f, "$GENERATE range exceeds %u records",
		    DNS_ZPARSE_MAX_GENERATE);
		goto fail;
	}
	while (more(f)) {
		if (n == GEN_MAX_TOKENS) {
			zerr(st, f, "$GENERATE line has too many fields");
			goto fail;
		}
		lex_next(&f->lx, &toks[n++]);
	}
	lex_next(&f->lx, &t);
	if (t.kind == TK_ERR) {
		zerr_tok(st, f, &t, "");
		goto fail;
	}
	if (n < 3) {
		zerr(st, f, "$GENERATE needs owner, type and RDATA");
		goto fail;
	}
	errors = st->errors;
	for (it = start; !st->stopped; it += step) {
		b.p = st->gen;
		b.cap = sizeof(st->gen);
		b.len = 0;
		for (i = 0; i < n; i++) {
			bool q = toks[i].kind == TK_QUOTED;

			if ((i > 0 && !ztext_put(&b, " ", 1)) ||
			    (q && !ztext_put(&b, "\"", 1)) ||
			    !ztext_gen_expand(&b, toks[i].s, toks[i].len, it,
			    &msg) || (q && !ztext_put(&b, "\"", 1))) {
				zerr(st, f, "%s", msg ? msg :
				    "$GENERATE line too long");
				return;
			}
		}
		/* Each line is read as a record of this file. */
		memset(&sub, 0, sizeof(sub));
		lex_init(&sub.lx, b.p, b.len, f->lx.line);
		sub.name = f->name;
		memcpy(sub.origin, f->origin, sizeof(sub.origin));
		sub.has_origin = f->has_origin;
		sub.depth = f->depth;
		sub.lx.at_eol = false;
		parse_rr(st, &sub, false);
		if (st->errors != errors)
			return;	/* one error per $GENERATE is enough */
		if (stop - it < step)
			break;
	}
	return;
fail:
	lex_skip_record(&f->lx);
}

static void
parse_directive(struct zstate *st, struct zfile *f, const struct tok *t)
{
	if (word_is(t, "$ORIGIN"))
		dir_origin(st, f);
	else if (word_is(t, "$TTL"))
		dir_ttl(st, f);
	else if (word_is(t, "$INCLUDE"))
		dir_include(st, f);
	else if (word_is(t, "$GENERATE"))
		dir_generate(st, f);
	else {
		zerr(st, f, "unknown directive '%s'", show(st, t->s, t->len));
		lex_skip_record(&f->lx);
	}
}

static int
parse_text(struct zstate *st, const char *text, size_t len, const char *name,
    const uint8_t *origin, bool top, unsigned depth)
{
	struct zfile f;
	struct tok t;
	bool blank;

	(void)top;
	lex_init(&f.lx, text, len, 1);
	f.name = name;
	f.depth = depth;
	f.has_origin = origin != NULL;
	if (origin != NULL)
		memcpy(f.origin, origin, dns_name_len(origin));
	while (!st->stopped && lex_record_start(&f.lx, &blank)) {
		st->rec_line = f.lx.line;
		if (!blank && lex_peek(&f.lx, &t) == TK_WORD && t.len > 0 &&
		    t.s[0] == '$') {
			lex_next(&f.lx, &t);
			parse_directive(st, &f, &t);
		} else
			parse_rr(st, &f, blank);
	}
	return 0;
}

static struct zstate *
state_new(const struct dns_zparse *zp)
{
	struct zstate *st = malloc(sizeof(*st));

	if (st == NULL)
		return NULL;
	st->zp = zp;
	st->errors = 0;
	st->max_errors = zp->max_errors ? zp->max_errors : MAX_ERRORS_DEFAULT;
	st->stop = 0;
	st->stopped = false;
	st->have_dollar_ttl = false;
	st->have_last_ttl = false;
	st->dollar_ttl = 0;
	st->last_ttl = 0;
	st->last_class = DNS_CLASS_IN;
	st->have_owner = false;
	st->rec_line = 0;
	return st;
}

static int
origin_ok(const struct dns_zparse *zp)
{
	const uint8_t *p = zp->origin;
	size_t n = 0;

	if (p == NULL)
		return 0;
	/* The caller's origin must be a valid wire name. */
	while (p[n] != 0) {
		if (p[n] > DNS_LABEL_MAX || n + p[n] + 1 >= DNS_NAME_MAX)
			return CN_EINVAL;
		n += (size_t)p[n] + 1;
	}
	return 0;
}

int
dns_zparse_text(const struct dns_zparse *zp, const char *text, size_t len,
    const char *label)
{
	struct zstate *st;
	int r;

	if (origin_ok(zp) < 0)
		return CN_EINVAL;
	if ((st = state_new(zp)) == NULL)
		return CN_ENOMEM;
	parse_text(st, text, len, label ? label : "-", zp->origin, true, 0);
	r = st->stop ? st->stop : (int)st->errors;
	free(st);
	return r;
}

int
dns_zparse_file(const struct dns_zparse *zp, const char *path)
{
	char *text, msg[256];
	size_t len;
	int r;

	if ((r = read_file(path, &text, &len)) < 0) {
		if (zp->error != NULL) {
			snprintf(msg, sizeof(msg), "cannot read zone file: %s",
			    read_error(r));
			zp->error(zp->arg, path, 0, msg);
		}
		return r;
	}
	r = dns_zparse_text(zp, text, len, path);
	free(text);
	return r;
}

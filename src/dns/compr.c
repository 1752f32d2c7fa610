/* SPDX-License-Identifier: MIT */
/*
 * compr.c -- name compression for outgoing messages (see compr.h).
 */
#include <string.h>

#include "compr.h"
#include "dns.h"
#include "name.h"

void
dns_compr_init(struct dns_compr *ct, struct dns_compr_ent *ent, unsigned cap,
    int16_t *heads, unsigned nbuckets)
{
	ct->ent = ent;
	ct->cap = cap;
	ct->heads = heads;
	ct->mask = nbuckets - 1;
	dns_compr_reset(ct);
}

void
dns_compr_reset(struct dns_compr *ct)
{
	ct->n = 0;
	memset(ct->heads, 0xff, (ct->mask + 1) * sizeof(*ct->heads));
}

void
dns_compr_undo(struct dns_compr *ct, unsigned n)
{
	while (ct->n > n) {
		ct->n--;
		ct->heads[ct->ent[ct->n].bucket] = ct->ent[ct->n].next;
	}
}

/* FNV-1a of the lowercased name; no hashing for a single bucket. */
static uint16_t
bucket_of(const struct dns_compr *ct, const uint8_t *name)
{
	uint32_t h = 2166136261u;
	size_t i, len;

	if (ct->mask == 0)
		return 0;
	len = dns_name_len(name);
	for (i = 0; i < len; i++)
		h = (h ^ dns_lower[name[i]]) * 16777619u;
	return (uint16_t)(h & ct->mask);
}

static int
find(const struct dns_compr *ct, const uint8_t *name, uint16_t b)
{
	int16_t i;

	for (i = ct->heads[b]; i >= 0; i = ct->ent[i].next)
		if (dns_name_equal(ct->ent[i].name, name))
			return ct->ent[i].off;
	return -1;
}

static void
remember(struct dns_compr *ct, const uint8_t *name, uint16_t b, size_t off)
{
	struct dns_compr_ent *e;

	/* A pointer has 14 bits of offset. */
	if (ct->n >= ct->cap || off >= 0x4000)
		return;
	e = &ct->ent[ct->n];
	e->name = name;
	e->off = (uint16_t)off;
	e->bucket = b;
	e->next = ct->heads[b];
	ct->heads[b] = (int16_t)ct->n;
	ct->n++;
}

void
dns_compr_add(struct dns_compr *ct, const uint8_t *name, size_t off)
{
	remember(ct, name, bucket_of(ct, name), off);
}

void
dns_put_name(struct wbuf *w, struct dns_compr *ct, const uint8_t *name)
{
	const uint8_t *p = name;
	uint16_t b;
	int off;

	while (*p) {
		b = bucket_of(ct, p);
		if ((off = find(ct, p, b)) >= 0) {
			wbuf_u16(w, (uint16_t)(0xc000 | off));
			return;
		}
		if (!w->err)
			remember(ct, p, b, w->len);
		wbuf_bytes(w, p, *p + 1u);
		p += *p + 1;
	}
	wbuf_u8(w, 0);
}

size_t
dns_name_len_in(const uint8_t *p, size_t len)
{
	size_t off = 0;

	if (len > DNS_NAME_MAX)
		len = DNS_NAME_MAX;
	while (off < len) {
		if (p[off] == 0)
			return off + 1;
		if (p[off] > DNS_LABEL_MAX)
			return 0;
		off += p[off] + 1u;
	}
	return 0;
}

void
dns_put_rdata(struct wbuf *w, struct dns_compr *ct, uint16_t type,
    const uint8_t *rd, size_t len)
{
	size_t n1, n2;

	switch (type) {
	case DNS_TYPE_NS:
	case DNS_TYPE_CNAME:
	case DNS_TYPE_PTR:
	case DNS_TYPE_MD:
	case DNS_TYPE_MF:
	case DNS_TYPE_MB:
	case DNS_TYPE_MG:
	case DNS_TYPE_MR:
		if (dns_name_len_in(rd, len) == len) {
			dns_put_name(w, ct, rd);
			return;
		}
		break;
	case DNS_TYPE_MX:
		if (len > 2 && dns_name_len_in(rd + 2, len - 2) == len - 2) {
			wbuf_bytes(w, rd, 2);
			dns_put_name(w, ct, rd + 2);
			return;
		}
		break;
	case DNS_TYPE_SOA:
	case DNS_TYPE_MINFO:
		if ((n1 = dns_name_len_in(rd, len)) == 0 ||
		    (n2 = dns_name_len_in(rd + n1, len - n1)) == 0)
			break;
		if (type == DNS_TYPE_MINFO ? n1 + n2 != len :
		    n1 + n2 + 20 != len)
			break;
		dns_put_name(w, ct, rd);
		dns_put_name(w, ct, rd + n1);
		wbuf_bytes(w, rd + n1 + n2, len - n1 - n2);
		return;
	default:
		break;
	}
	wbuf_bytes(w, rd, len);
}

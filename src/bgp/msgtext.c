/* SPDX-License-Identifier: MIT */
/*
 * msgtext.c -- NOTIFICATION codes and subcodes as text, and the RFC 9003
 * shutdown communication made safe to log.  Part of the codec of msg.h:
 * pure functions over constant tables.
 */
#include <stdint.h>
#include <string.h>

#include "../common/utf8.h"
#include "msg.h"

#define SUB_MAX		11	/* highest subcode we name, + 1 */
#define NAMED(a)	(sizeof(a) / sizeof((a)[0]))

static const char *const codes[] = {
	[BGP_ERR_HEADER] = "Message Header Error",
	[BGP_ERR_OPEN] = "OPEN Message Error",
	[BGP_ERR_UPDATE] = "UPDATE Message Error",
	[BGP_ERR_HOLD] = "Hold Timer Expired",
	[BGP_ERR_FSM] = "Finite State Machine Error",
	[BGP_ERR_CEASE] = "Cease",
	[BGP_ERR_ROUTE_REFRESH] = "ROUTE-REFRESH Message Error",
};

/* Subcode 0 is "Unspecific" unless a table names it (RFC 4271, 6608). */
static const char *const subcodes[][SUB_MAX + 1] = {
	[BGP_ERR_HEADER] = {
		[BGP_HDR_SYNC] = "Connection Not Synchronized",
		[BGP_HDR_LENGTH] = "Bad Message Length",
		[BGP_HDR_TYPE] = "Bad Message Type",
	},
	[BGP_ERR_OPEN] = {
		[BGP_OPEN_VERSION] = "Unsupported Version Number",
		[BGP_OPEN_PEER_AS] = "Bad Peer AS",
		[BGP_OPEN_BGPID] = "Bad BGP Identifier",
		[BGP_OPEN_OPTPARAM] = "Unsupported Optional Parameter",
		[5] = "Authentication Failure",
		[BGP_OPEN_HOLDTIME] = "Unacceptable Hold Time",
		[BGP_OPEN_CAPABILITY] = "Unsupported Capability",
		[11] = "Role Mismatch",		/* RFC 9234 */
	},
	[BGP_ERR_UPDATE] = {
		[BGP_UPD_ATTRLIST] = "Malformed Attribute List",
		[BGP_UPD_UNKNOWN_WK] = "Unrecognized Well-known Attribute",
		[BGP_UPD_MISSING_WK] = "Missing Well-known Attribute",
		[BGP_UPD_ATTRFLAGS] = "Attribute Flags Error",
		[BGP_UPD_ATTRLEN] = "Attribute Length Error",
		[BGP_UPD_ORIGIN] = "Invalid ORIGIN Attribute",
		[7] = "AS Routing Loop",
		[BGP_UPD_NEXTHOP] = "Invalid NEXT_HOP Attribute",
		[BGP_UPD_OPTATTR] = "Optional Attribute Error",
		[BGP_UPD_NETWORK] = "Invalid Network Field",
		[BGP_UPD_ASPATH] = "Malformed AS_PATH",
	},
	[BGP_ERR_FSM] = {
		[BGP_FSM_UNSPEC] = "Unspecified Error",
		[BGP_FSM_OPENSENT] =
		    "Receive Unexpected Message in OpenSent State",
		[BGP_FSM_OPENCONFIRM] =
		    "Receive Unexpected Message in OpenConfirm State",
		[BGP_FSM_ESTABLISHED] =
		    "Receive Unexpected Message in Established State",
	},
	[BGP_ERR_CEASE] = {
		[BGP_CEASE_MAXPREFIX] = "Maximum Number of Prefixes Reached",
		[BGP_CEASE_SHUTDOWN] = "Administrative Shutdown",
		[BGP_CEASE_PEER_DECONF] = "Peer De-configured",
		[BGP_CEASE_RESET] = "Administrative Reset",
		[BGP_CEASE_REJECTED] = "Connection Rejected",
		[BGP_CEASE_CONFIG] = "Other Configuration Change",
		[BGP_CEASE_COLLISION] = "Connection Collision Resolution",
		[BGP_CEASE_RESOURCES] = "Out of Resources",
		[9] = "Hard Reset",		/* RFC 8538 */
		[10] = "BFD Down",		/* RFC 9384 */
	},
	[BGP_ERR_ROUTE_REFRESH] = {
		[BGP_RR_LENGTH] = "Invalid Message Length",
	},
};

/* Unknown codes print as their number. */
static const char numbers[256][4] = {
	"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12",
	"13", "14", "15", "16", "17", "18", "19", "20", "21", "22", "23",
	"24", "25", "26", "27", "28", "29", "30", "31", "32", "33", "34",
	"35", "36", "37", "38", "39", "40", "41", "42", "43", "44", "45",
	"46", "47", "48", "49", "50", "51", "52", "53", "54", "55", "56",
	"57", "58", "59", "60", "61", "62", "63", "64", "65", "66", "67",
	"68", "69", "70", "71", "72", "73", "74", "75", "76", "77", "78",
	"79", "80", "81", "82", "83", "84", "85", "86", "87", "88", "89",
	"90", "91", "92", "93", "94", "95", "96", "97", "98", "99", "100",
	"101", "102", "103", "104", "105", "106", "107", "108", "109", "110",
	"111", "112", "113", "114", "115", "116", "117", "118", "119", "120",
	"121", "122", "123", "124", "125", "126", "127", "128", "129", "130",
	"131", "132", "133", "134", "135", "136", "137", "138", "139", "140",
	"141", "142", "143", "144", "145", "146", "147", "148", "149", "150",
	"151", "152", "153", "154", "155", "156", "157", "158", "159", "160",
	"161", "162", "163", "164", "165", "166", "167", "168", "169", "170",
	"171", "172", "173", "174", "175", "176", "177", "178", "179", "180",
	"181", "182", "183", "184", "185", "186", "187", "188", "189", "190",
	"191", "192", "193", "194", "195", "196", "197", "198", "199", "200",
	"201", "202", "203", "204", "205", "206", "207", "208", "209", "210",
	"211", "212", "213", "214", "215", "216", "217", "218", "219", "220",
	"221", "222", "223", "224", "225", "226", "227", "228", "229", "230",
	"231", "232", "233", "234", "235", "236", "237", "238", "239", "240",
	"241", "242", "243", "244", "245", "246", "247", "248", "249", "250",
	"251", "252", "253", "254", "255"
};

const char *
bgp_notify_code_text(uint8_t code)
{
	if (code < NAMED(codes) && codes[code] != NULL)
		return codes[code];
	return numbers[code];
}

const char *
bgp_notify_subcode_text(uint8_t code, uint8_t subcode)
{
	if (code < NAMED(subcodes) && subcode <= SUB_MAX &&
	    subcodes[code][subcode] != NULL)
		return subcodes[code][subcode];
	if (subcode == 0)
		return "Unspecific";
	return numbers[subcode];
}

/*
 * Length of the well-formed, printable UTF-8 character at s (n octets
 * left), or 0: invalid sequences and controls (C0, DEL, C1) are refused.
 */
static size_t
utf8_char(const uint8_t *s, size_t n)
{
	uint32_t cp;
	size_t len = utf8_decode(s, n, &cp);

	if (len == 0 || cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
		return 0;
	return len;
}

void
bgp_notify_shutdown_text(const struct bgp_notify *n, char *buf, size_t len)
{
	const uint8_t *s = n->data + 1;
	size_t tlen, i = 0, o = 0, k;

	if (len == 0)
		return;
	buf[0] = '\0';
	/* RFC 9003 2: Cease/Administrative Shutdown or Reset, length first */
	if (n->code != BGP_ERR_CEASE || (n->subcode != BGP_CEASE_SHUTDOWN &&
	    n->subcode != BGP_CEASE_RESET) || n->datalen == 0 ||
	    n->datalen > BGP_NOTIFY_DATA_MAX || n->data[0] > n->datalen - 1)
		return;
	tlen = n->data[0];
	while (i < tlen) {
		k = utf8_char(s + i, tlen - i);
		if (o + (k ? k : 1) >= len)
			break;
		if (k == 0) {
			buf[o++] = '?';
			i++;
			continue;
		}
		memcpy(buf + o, s + i, k);
		o += k;
		i += k;
	}
	buf[o] = '\0';
}

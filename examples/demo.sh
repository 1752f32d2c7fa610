#!/bin/bash
# demo.sh -- one castns node on loopback, asked the questions an operator asks.
#
# Starts castnsd on 127.0.0.1 and ::1 (a random high port) serving
# examples/myawesomedns.something.zone with a node identity, queries it
# with kdig and shows, section by section, the SOA, the NS set with its glue,
# addresses, a CNAME, an NXDOMAIN and which node answered (NSID, id.server,
# hostname.bind).  Every answer is also checked: the script exits non-zero
# when one is missing, so it doubles as a smoke test (tests/diff/t-demo.sh).
#
#   examples/demo.sh            (make demo)
#   DEMO_SERVER=knot examples/demo.sh   the same questions to Knot DNS
#
# The binary is $CASTNS_BUILD/castnsd (default ./build/castnsd).
set -u
cd "$(dirname "$0")/.."
. tests/diff/servers.sh

ZONE=myawesomedns.something
IDENTITY=${DEMO_IDENTITY:-demo-eu-1}
server=${DEMO_SERVER:-castnsd}
failures=0

if [ -t 1 ]; then
	bold=$(printf '\033[1m'); red=$(printf '\033[31m'); off=$(printf '\033[0m')
else
	bold=""; red=""; off=""
fi

run_dir=$(mktemp -d /tmp/castns-demo.XXXXXX)
trap 'stop_all; rm -rf "$run_dir"' EXIT
trap 'exit 130' INT TERM

port=$(free_port)
[ -n "$port" ] || { echo "demo: no free port" >&2; exit 1; }

case "$server" in
castnsd)
	if [ ! -x "$CASTNS_BUILD/castnsd" ]; then
		echo "demo: $CASTNS_BUILD/castnsd not built (run make)" >&2
		exit 1
	fi
	start=start_castnsd ;;
knot)	start=start_knotd ;;
nsd)	start=start_nsd ;;
*)	echo "demo: DEMO_SERVER must be castnsd, knot or nsd" >&2; exit 2 ;;
esac

echo "${bold}castns demo${off}: $server serving $ZONE on 127.0.0.1@$port and [::1]@$port, identity \"$IDENTITY\""
echo
if ! $start pid "$run_dir" "127.0.0.1 ::1" "$port" "$IDENTITY" \
    "$ZONE=examples/$ZONE.zone"; then
	echo "${red}demo: $server did not start or does not answer${off}" >&2
	cat "$run_dir"/*.log >&2 2>/dev/null
	exit 1
fi
echo "    started, pid $pid"

# ask TITLE SERVER_ADDR EXPECT_ERE KDIG_ARGS...: shows one query and its
# answer under TITLE; counts a failure unless the output matches EXPECT_ERE.
ask() {
	local title="$1" addr="$2" want="$3" out
	shift 3
	echo
	echo "${bold}== $title${off}"
	echo "   \$ kdig @$addr -p $port $*"
	out=$(kdig @"$addr" -p "$port" +time=2 +retry=1 "$@" 2>&1)
	echo "$out" | grep -vE '^;; (Received|From|Time)|^$' | sed 's/^/   /'
	if ! echo "$out" | grep -qE "$want"; then
		echo "   ${red}MISSING: expected /$want/${off}"
		failures=$((failures + 1))
	fi
}

short="+noall +answer +authority +additional"
id_re="\"?$IDENTITY\"?"

ask "Zone apex: SOA" 127.0.0.1 \
    "^$ZONE\.[[:space:]]+[0-9]+[[:space:]]+IN[[:space:]]+SOA[[:space:]]+ns1\.$ZONE\." \
    $short "$ZONE" SOA
ask "Name servers (anycast ns1-ns3) with glue in the additional section" 127.0.0.1 \
    "^ns3\.$ZONE\.[[:space:]]+[0-9]+[[:space:]]+IN[[:space:]]+AAAA[[:space:]]+2001:db8:53::3" \
    $short "$ZONE" NS
ask "Address of www (A), asked over IPv6" ::1 \
    "^www\.$ZONE\.[[:space:]].*IN[[:space:]]+A[[:space:]]+198\.51\.100\.80" \
    $short "www.$ZONE" A
ask "Address of www (AAAA), over TCP" 127.0.0.1 \
    "^www\.$ZONE\.[[:space:]].*IN[[:space:]]+AAAA[[:space:]]+2001:db8:53::80" \
    $short +tcp "www.$ZONE" AAAA
ask "Maintenance (unicast) address of the EU node: srv-ns1" 127.0.0.1 \
    "^srv-ns1\.$ZONE\.[[:space:]].*IN[[:space:]]+A[[:space:]]+192\.0\.2\.11" \
    $short "srv-ns1.$ZONE" A
ask "A CNAME: web -> www, followed inside the zone" 127.0.0.1 \
    "^web\.$ZONE\.[[:space:]].*CNAME[[:space:]]+www\.$ZONE\..*" \
    $short "web.$ZONE" A
ask "NXDOMAIN: a name that does not exist (SOA in authority)" 127.0.0.1 \
    "status: NXDOMAIN" \
    +noall +header +authority "nosuchname.$ZONE" A
ask "Which node answered? NSID (RFC 5001)" 127.0.0.1 \
    "NSID: .*$IDENTITY" \
    +nsid +noall +opt "$ZONE" SOA
ask "Which node answered? id.server CH TXT" 127.0.0.1 \
    "^id\.server\.[[:space:]].*CH[[:space:]]+TXT[[:space:]]+$id_re" \
    +noall +answer id.server CH TXT
ask "Which node answered? hostname.bind CH TXT" ::1 \
    "^hostname\.bind\.[[:space:]].*CH[[:space:]]+TXT[[:space:]]+$id_re" \
    +noall +answer hostname.bind CH TXT

# The NXDOMAIN must also carry the SOA (RFC 2308); checked apart so that
# the section above stays readable.
if ! kdig @127.0.0.1 -p "$port" +time=2 +noall +authority "nosuchname.$ZONE" A |
    grep -qE "^$ZONE\.[[:space:]].*SOA"; then
	echo "${red}MISSING: SOA in the authority section of the NXDOMAIN${off}"
	failures=$((failures + 1))
fi

echo
if ! kill -0 "$pid" 2>/dev/null; then
	echo "${red}demo: $server (pid $pid) is no longer running${off}"
	failures=$((failures + 1))
fi
if [ "$failures" -gt 0 ]; then
	echo "${red}demo: $failures expected answer(s) missing${off}"
	exit 1
fi
echo "${bold}demo: all answers as expected${off}; stopping $server (pid $pid)"
exit 0

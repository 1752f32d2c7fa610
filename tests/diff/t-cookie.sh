#!/bin/bash
# t-cookie.sh -- DNS Cookies of castnsd checked against RFC 7873/9018 (TAP).
#
# Knot DNS (without mod-cookies) cannot be the reference here, so
# tests/diff/cookie.py checks castnsd's answers against the RFCs themselves,
# over UDP and TCP, IPv4 and IPv6.
set -u
cd "$(dirname "$0")/../.."
. tests/diff/servers.sh

zone=myawesomedns.something
run_dir=$(mktemp -d /tmp/castns-cookie.XXXXXX)
trap 'stop_all; rm -rf "$run_dir"' EXIT
trap 'exit 130' INT TERM
port=$(free_port)
if ! start_castnsd pid "$run_dir" "127.0.0.1 ::1" "$port" castns-cookie \
    "$zone=examples/$zone.zone"; then
	echo "not ok 1 castnsd did not start"
	sed 's/^/# /' "$run_dir"/*.log
	exit 1
fi
out=$(python3 tests/diff/cookie.py --server "127.0.0.1@$port" --zone "$zone" |
    sed 's/ - / - v4 /'
    python3 tests/diff/cookie.py --server "::1@$port" --zone "$zone" |
    sed 's/ - / - v6 /')
echo "$out" | grep -v '^1\.\.' | awk '/^(ok|not ok) / { n++
	sub(/^(not ok|ok) [0-9]+/, ($1 == "ok" ? "ok " : "not ok ") n) }
	{ print } END { print "1.." n }'
rc=0
echo "$out" | grep -q '^not ok' && rc=1
echo "$out" | grep -q '^ok' || rc=1
if ! sanitizer_report "$run_dir"; then
	echo "not ok - sanitizer report in the castnsd log"
	rc=1
fi
exit $rc

#!/bin/bash
# t-diff.sh -- DNSSEC differential test: castnsd against Knot DNS (TAP).
#
# Signs the fixtures (sign.sh), serves the three parents and
# signed.nsec.test with both servers through tests/diff/run-diff.sh and
# compares every section of the answers to tests/dnssec/queries.txt
# (expanded by expand.py; UDP and TCP, DO set, small payloads).
# Differences in known-differences.txt pass with their RFC reason; those
# in pending.txt (the answer path not finished) pass as TODO and are still
# shown.  DNSSEC_DIFF_STRICT=1 ignores pending.txt.
set -u
cd "$(dirname "$0")/../.."
CASTNS_BUILD=${CASTNS_BUILD:-build}
for t in ldns-signzone dnssec-signzone knotd; do
	if ! command -v "$t" >/dev/null; then
		echo "1..0 # SKIP $t not installed (tools/deps.sh check)"
		exit 0
	fi
done
dir=$(mktemp -d /tmp/castns-dnssec-diff.XXXXXX)
trap 'rm -rf "$dir"' EXIT
if ! tests/dnssec/sign.sh "$dir/z" >"$dir/sign.log" 2>&1; then
	echo "not ok 1 sign.sh"
	sed 's/^/# /' "$dir/sign.log"
	exit 1
fi
mkdir "$dir/serve"
for z in nsec.test nsec3.test optout.test signed.nsec.test; do
	ln -s "$dir/z/$z.zone" "$dir/serve/$z.zone"
done
tests/dnssec/expand.py --owners tests/dnssec/queries.txt nsec nsec3 optout \
    >"$dir/queries.txt"
tests/dnssec/expand.py tests/dnssec/queries-v6.txt nsec nsec3 optout \
    >"$dir/queries-v6.txt"
pending=tests/dnssec/pending.txt
[ "${DNSSEC_DIFF_STRICT:-0}" = 1 ] && pending=/dev/null
DIFF_ZONES="$dir/serve" DIFF_QUERIES="$dir/queries.txt" \
    DIFF_QUERIES_V6="$dir/queries-v6.txt" \
    DIFF_ALLOW=tests/dnssec/known-differences.txt \
    tests/diff/run-diff.sh castnsd knot --pair castnsd-knot --tcp-every 0 \
    --report "${DIFF_REPORT:-/dev/null}" "$@" |
    tests/dnssec/pending.py "$pending"

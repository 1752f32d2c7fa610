#!/bin/bash
# t-signed-diff.sh -- the tricky zones of tests/diff, signed, answered with DO
# by castnsd and by Knot DNS, every section compared (TAP).
#
# tests/dnssec/t-diff.sh checks the DNSSEC fixtures of tests/dnssec; this
# suite signs the differential suite's own zones (example.test with its
# wildcards, ENTs, CNAME and DNAME chains, delegations with and without
# glue, NS at a wildcard, SVCB targets, escapes, big RRsets) with fresh
# keys, once with NSEC and once with NSEC3 (ldns-signzone), and adds
# oe.test, signed with NSEC3 opt-out by BIND's dnssec-signzone -A (no
# NSEC3 at insecure delegations and the ENTs above only them).  The
# queries are queries.txt; allowed differences known-differences.txt.
set -u
cd "$(dirname "$0")/../.."
for t in ldns-keygen ldns-signzone dnssec-keygen dnssec-signzone knotd; do
	if ! command -v "$t" >/dev/null; then
		echo "1..0 # SKIP $t not installed (tools/deps.sh check)"
		exit 0
	fi
done
dir=$(mktemp -d /tmp/castns-signed-diff.XXXXXX)
trap 'rm -rf "$dir"' EXIT
src=tests/diff/zones
here=tests/dnssec-serve

# sign_all DIR NSEC3ARGS...: example.test and its child into DIR, signed
# with ldns-signzone and the extra arguments (none: NSEC).
sign_all() {
	local out="$1" ck pk
	shift
	mkdir -p "$out"
	(
		cd "$dir/keys" || exit 1
		ck=$(ldns-keygen -k -a ECDSAP256SHA256 child.example.test) &&
		pk=$(ldns-keygen -k -a ECDSAP256SHA256 example.test) &&
		grep -v DNSKEY "$OLDPWD/$src/child.example.test.zone" \
		    >"$dir/child.in" &&
		ldns-signzone "$@" -o child.example.test \
		    -f "$out/child.example.test.zone" "$dir/child.in" "$ck" &&
		{ grep -v DNSKEY "$OLDPWD/$src/example.test.zone"
		  awk '{ print "child 3600 IN DS", $4, $5, $6, $7 }' "$ck.ds"
		} >"$dir/parent.in" &&
		ldns-signzone "$@" -o example.test \
		    -f "$out/example.test.zone" "$dir/parent.in" "$pk"
	)
}

mkdir -p "$dir/keys"
if ! sign_all "$dir/nsec" >"$dir/sign.log" 2>&1 ||
    ! sign_all "$dir/nsec3" -n -s aabbccdd -t 3 >>"$dir/sign.log" 2>&1 ||
    ! (cd "$dir/keys" && k=$(dnssec-keygen -q -a ECDSAP256SHA256 -K . \
    oe.test) && cat "$OLDPWD/$here/optout.zone.in" "$k.key" >oe.in &&
    dnssec-signzone -q -z -A -3 cafe -H 1 -K . -d . -o oe.test \
    -f "$dir/nsec3/oe.test.zone" oe.in "$k") >>"$dir/sign.log" 2>&1; then
	echo "not ok 1 signing the zones"
	sed 's/^/# /' "$dir/sign.log"
	exit 1
fi
: >"$dir/none.txt"

# Both runs through run-diff.sh, numbered on as one TAP stream.
rc=0
for v in nsec nsec3; do
	DIFF_ZONES="$dir/$v" DIFF_QUERIES="$here/queries.txt" \
	    DIFF_QUERIES_V6="$dir/none.txt" DIFF_ALLOW="$here/known-differences.txt" \
	    tests/diff/run-diff.sh castnsd knot --pair castnsd-knot \
	    --label "$v: " "$@" >"$dir/$v.tap" 2>&1 || rc=1
done
cat "$dir/nsec.tap" "$dir/nsec3.tap" | awk '
	/^(not )?ok [0-9]+/ { n++; sub(/^ok [0-9]+/, "ok " n);
	    sub(/^not ok [0-9]+/, "not ok " n); print; next }
	/^1\.\.[0-9]+$/ { next }
	/^(not )?ok - / { n++; sub(/ok -/, "ok " n " -"); print; next }
	{ print }
	END { print "1.." n }'
exit $rc

#!/bin/bash
# t-verify.sh -- the DNSSEC fixtures are valid, and castnsd loads them (TAP).
#
# Signs the zones with tests/dnssec/sign.sh (fresh keys, valid signatures),
# then for every signed zone: dnssec-verify (bind9-utils) accepts it,
# ldns-verify-zone (ldnsutils) too except for the opt-out variant (it
# refuses opted-out delegations by design), and castnsd --check-zone loads
# it without errors.  Then one signature is broken in a copy
# (tests/dnssec/tamper.py) and both verifiers must refuse the copy: the
# check can fail.
set -u
cd "$(dirname "$0")/../.."
CASTNS_BUILD=${CASTNS_BUILD:-build}
for t in ldns-signzone ldns-verify-zone dnssec-signzone dnssec-verify; do
	if ! command -v "$t" >/dev/null; then
		echo "1..0 # SKIP $t not installed (tools/deps.sh check)"
		exit 0
	fi
done
dir=$(mktemp -d /tmp/castns-dnssec-verify.XXXXXX)
trap 'rm -rf "$dir"' EXIT
n=0 bad=0
ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		bad=1
	fi
}

tests/dnssec/sign.sh "$dir/z" >"$dir/sign.log" 2>&1
r=$?
ok $r "sign.sh signs nsec, nsec3 and optout"
[ $r = 0 ] || { sed 's/^/# /' "$dir/sign.log"; echo "1..$n"; exit 1; }

while IFS== read -r zone file; do
	case "$zone" in unsigned.*) continue ;; esac
	one=""
	case "$zone" in signed.*) one=-z ;; esac	# one key signs all
	dnssec-verify -q $one -o "$zone" "$file" >"$dir/v.log" 2>&1
	r=$?
	ok $r "dnssec-verify $zone"
	[ $r = 0 ] || sed 's/^/# /' "$dir/v.log"
	case "$zone" in
	*optout.test) ;;
	*)
		ldns-verify-zone -V1 "$file" >"$dir/v.log" 2>&1
		r=$?
		ok $r "ldns-verify-zone $zone"
		[ $r = 0 ] || sed 's/^/# /' "$dir/v.log"
		;;
	esac
	"$CASTNS_BUILD/castnsd" --check-zone "$zone=$file" >"$dir/c.log" 2>&1
	r=$?
	ok $r "castnsd --check-zone $zone"
	[ $r = 0 ] || sed 's/^/# /' "$dir/c.log"
done <"$dir/z/zones.list"

for v in nsec nsec3 optout; do
	tests/dnssec/tamper.py "$dir/z/$v.test.zone" "$dir/bad.zone" \
	    "www.$v.test." A
	ok $? "tamper.py breaks the RRSIG of www.$v.test A"
	! dnssec-verify -q -o "$v.test" "$dir/bad.zone" >/dev/null 2>&1
	ok $? "dnssec-verify refuses the tampered $v.test"
	if [ "$v" != optout ]; then
		! ldns-verify-zone -V1 "$dir/bad.zone" >/dev/null 2>&1
		ok $? "ldns-verify-zone refuses the tampered $v.test"
	fi
done
echo "1..$n"
exit $bad

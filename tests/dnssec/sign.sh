#!/bin/bash
# sign.sh -- build the signed zones of the DNSSEC suite into a directory.
#
#   tests/dnssec/sign.sh OUTDIR [VALIDITY-SECONDS]
#
# Signs at test time with fresh keys, so the signatures are always valid:
# inception an hour ago, expiration VALIDITY-SECONDS from now (default 30
# days; t-expiry.sh signs for less).  Two signers, so castnsd meets the
# output of both: ldnsutils (ldns-keygen, ldns-signzone) for nsec and
# nsec3, BIND's bind9-utils (dnssec-keygen, dnssec-signzone) for optout,
# because ldns-signzone -p only sets the flag and still covers insecure
# delegations, where dnssec-signzone -A leaves them out (RFC 5155 6).
# For each variant V of $DNSSEC_VARIANTS (default "nsec nsec3 optout"):
#
#   OUTDIR/V.test.zone           zones/parent.zone.in, KSK + ZSK (ECDSA P-256):
#                                nsec: NSEC; nsec3: NSEC3 SHA-1, 5 iterations,
#                                salt aabbccdd; optout: NSEC3 with opt-out,
#                                1 iteration, salt cafe, no NSEC3 for the
#                                insecure delegations
#   OUTDIR/signed.V.test.zone    zones/child.zone.in, one key, the same denial;
#                                its DS is in the parent
#   OUTDIR/unsigned.V.test.zone  zones/unsigned.zone.in, not signed
#   OUTDIR/V.test.ds             the parent's KSK as DS (a trust anchor)
#   OUTDIR/V.test.dnskey         the parent's KSK as DNSKEY
#   OUTDIR/zones.list            "NAME=FILE" per zone, parents first
#
# Prints nothing on success; exits 1 with the tool's message otherwise.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: sign.sh OUTDIR [VALIDITY-SECONDS]}
validity=${2:-2592000}
mkdir -p "$out/keys"
out=$(cd "$out" && pwd)
now=$(date +%s)
inception=$((now - 3600))
expiration=$((now + validity))

# denial VARIANT: the ldns-signzone options of a variant
denial() {
	case "$1" in
	nsec)	;;
	nsec3)	echo "-n -a 1 -t 5 -s aabbccdd" ;;
	optout)	;;	# dnssec-signzone, see sign()
	*)	echo "sign.sh: unknown variant $1" >&2; exit 1 ;;
	esac
}

# keygen VARIANT ZONE [ksk]: a new ECDSA P-256 key in $out/keys, its base
# name printed; a .ds file beside it for a KSK
keygen() {
	local k
	if [ "$1" = optout ]; then
		k=$(cd "$out/keys" && dnssec-keygen -q -a ECDSAP256SHA256 \
		    ${3:+-f KSK} "$2")
		[ -z "${3:-}" ] || dnssec-dsfromkey -2 "$out/keys/$k.key" \
		    >"$out/keys/$k.ds"
		echo "$k"
	else
		(cd "$out/keys" && ldns-keygen -a ECDSAP256SHA256 \
		    ${3:+-k} "$2")
	fi
}

# sign VARIANT ZONE SOURCE KEY...: SOURCE with $ORIGIN ZONE signed into
# $out/ZONE.zone
sign() {
	local variant=$1 zone=$2 src=$3
	shift 3
	local keys=() k
	if [ "$variant" = optout ]; then
		# every key of the zone in $out/keys (-S), opt-out (-A);
		# one key signs everything (-z)
		dnssec-signzone -q -S -K "$out/keys" -d "$out/keys" -o "$zone." \
		    $([ $# = 1 ] && echo -z) \
		    -s "$inception" -e "$expiration" -3 cafe -H 1 -A \
		    -f "$out/$zone.zone" "$src" >/dev/null
		return
	fi
	for k in "$@"; do
		keys+=("$out/keys/$k")
	done
	# shellcheck disable=SC2046
	ldns-signzone -o "$zone." -i "$inception" -e "$expiration" \
	    $(denial "$variant") -f "$out/$zone.zone" "$src" "${keys[@]}"
}

: >"$out/zones.list"
for v in ${DNSSEC_VARIANTS:-nsec nsec3 optout}; do
	p=$v.test
	# the signed child first: the parent needs its DS
	ck=$(keygen "$v" "signed.$p" ksk)
	{
		echo "\$ORIGIN signed.$p."
		sed "s/PARENT/$p/g" "$here/zones/child.zone.in"
	} >"$out/keys/signed.$p.src"
	sign "$v" "signed.$p" "$out/keys/signed.$p.src" "$ck"
	{
		echo "\$ORIGIN unsigned.$p."
		cat "$here/zones/unsigned.zone.in"
	} >"$out/unsigned.$p.zone"
	ksk=$(keygen "$v" "$p" ksk)
	zsk=$(keygen "$v" "$p")
	{
		echo "\$ORIGIN $p."
		cat "$here/zones/parent.zone.in"
		cat "$out/keys/$ck.ds"
	} >"$out/keys/$p.src"
	sign "$v" "$p" "$out/keys/$p.src" "$ksk" "$zsk"
	cp "$out/keys/$ksk.ds" "$out/$p.ds"
	cp "$out/keys/$ksk.key" "$out/$p.dnskey"
	{
		echo "$p=$out/$p.zone"
		echo "signed.$p=$out/signed.$p.zone"
		echo "unsigned.$p=$out/unsigned.$p.zone"
	} >>"$out/zones.list"
done

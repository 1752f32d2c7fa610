#!/bin/bash
# t-unbound.sh -- a validating resolver proves castnsd's DNSSEC answers (TAP).
#
# Debian's unbound, with the trust anchors of the signed fixtures
# (tests/dnssec/sign.sh: nsec.test, nsec3.test, optout.test as DS) and one
# stub-zone per zone pointing at the server on 127.0.0.1 (high ports, no
# root needed), is asked with kdig: AD for existing names, CNAMEs, a
# secure child behind its DS and a big answer (TC, then TCP); secure
# NXDOMAIN, NODATA, empty non-terminal and wildcard answer and NODATA;
# an unsigned child insecure (no AD).  Then one signature is broken in a
# copy of each parent (tamper.py) and unbound must answer that name
# SERVFAIL (bogus) while other names stay secure.  Every step runs against
# castnsd and against Knot DNS serving the same files: if unbound
# validated Knot but not castnsd, the bug would be castnsd's.
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
. tests/diff/servers.sh
for t in unbound kdig knotd ldns-signzone dnssec-signzone; do
	if ! command -v "$t" >/dev/null; then
		echo "1..0 # SKIP $t not installed (tools/deps.sh check)"
		exit 0
	fi
done
dir=$(mktemp -d /tmp/castns-dnssec-unbound.XXXXXX)
UNBOUND_PID=""
cleanup() {
	[ -n "$UNBOUND_PID" ] && kill_pid "$UNBOUND_PID"
	stop_all
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
VARIANTS="nsec nsec3 optout"

if ! tests/dnssec/sign.sh "$dir/z" >"$dir/sign.log" 2>&1; then
	not_ok "sign.sh"
	sed 's/^/# /' "$dir/sign.log"
	finish
fi
ok "fixtures signed (nsec, nsec3, optout)"
cat "$dir"/z/*.test.ds >"$dir/anchors"
# the tampered copies: www.V.test A's RRSIG broken
mkdir "$dir/bad"
for v in $VARIANTS; do
	cp "$dir/z/signed.$v.test.zone" "$dir/z/unsigned.$v.test.zone" \
	    "$dir/bad/"
	tests/dnssec/tamper.py "$dir/z/$v.test.zone" "$dir/bad/$v.test.zone" \
	    "www.$v.test." A || not_ok "tamper.py $v.test"
done

# start_unbound PORT: a validating unbound on 127.0.0.1, stubs at PORT
start_unbound() {
	local port=$1 v z
	UB_PORT=$(free_port)
	{
		echo "server:"
		echo "    interface: 127.0.0.1@$UB_PORT"
		echo "    port: $UB_PORT"
		echo "    do-daemonize: no"
		echo "    username: \"\""
		echo "    chroot: \"\""
		echo "    directory: \"$dir\""
		echo "    pidfile: \"\""
		echo "    use-syslog: no"
		echo "    logfile: \"$dir/unbound.log\""
		echo "    verbosity: 1"
		echo "    val-log-level: 2"
		echo "    do-not-query-localhost: no"
		echo "    do-ip6: no"
		echo "    qname-minimisation: no"
		echo "    aggressive-nsec: no"
		echo "    harden-referral-path: no"
		echo "    local-zone: \"test.\" nodefault"
		echo "    trust-anchor-file: \"$dir/anchors\""
		echo "    module-config: \"validator iterator\""
		echo "    num-threads: 1"
		echo "remote-control:"
		echo "    control-enable: no"
		for v in $VARIANTS; do
			for z in $v.test signed.$v.test unsigned.$v.test; do
				echo "stub-zone:"
				echo "    name: \"$z\""
				echo "    stub-addr: 127.0.0.1@$port"
			done
		done
	} >"$dir/unbound.conf"
	: >"$dir/unbound.log"
	unbound -d -c "$dir/unbound.conf" >>"$dir/unbound.log" 2>&1 &
	UNBOUND_PID=$!
	wait_until 10 kdig @127.0.0.1 -p "$UB_PORT" +time=1 +retry=0 \
	    www.nsec.test A
}

# ask NAME TYPE: "STATUS FLAGS; ANSWER-RDATA..." as unbound answers
ask() {
	kdig @127.0.0.1 -p "$UB_PORT" +dnssec +time=3 +retry=1 "$1" "$2" |
	    awk '/status:/ { sub(/[;,].*/, "", $6); st = $6 }
		/^;; Flags:/ { fl = $0 }
		/^;; ANSWER SECTION:/ { a = 1; next }
		/^;; / || /^$/ { a = 0 }
		a && $4 != "RRSIG" { for (i = 5; i <= NF; i++) ans = ans " " $i }
		END { ad = (fl ~ / ad/) ? "ad" : "noad";
		      print st, ad ";" ans }'
}
# expect NAME TYPE STATUS AD [ANSWER-RE]: one TAP line.  AD is ad, noad,
# or adx: ad, but noad in the opt-out variant ($VAR), where a proof that
# rests on an NSEC3 covering the next closer name is insecure (RFC 5155
# 9.2: the covered name may be an unsigned delegation).
expect() {
	local got want=$4
	[ "$want" = adx ] && { [ "$VAR" = optout ] && want=noad || want=ad; }
	got=$(ask "$1" "$2")
	echo "$1 $2 ${got%%;*}" >>"$dir/verdicts.$SERVER"
	if [[ "$got" == "$3 $want;"* ]] && [[ -z "${5:-}" || "$got" =~ $5 ]]
	then
		ok "$SERVER: $1 $2: $3 $want${5:+ ($5)}"
	else
		not_ok "$SERVER: $1 $2: want $3 $want${5:+ $5}, got '$got'"
	fi
}

# phase SERVER ZONEDIR: the server on ZONEDIR's zones, unbound on it, checks
phase() {
	local what=$1 zdir=$2 zones=() v port
	SERVER=$what
	for v in $VARIANTS; do
		zones+=("$v.test=$zdir/$v.test.zone"
		    "signed.$v.test=$zdir/signed.$v.test.zone"
		    "unsigned.$v.test=$zdir/unsigned.$v.test.zone")
	done
	port=$(free_port)
	mkdir -p "$dir/$what"
	if ! "start_${what/knot/knotd}" SRV_PID "$dir/$what" 127.0.0.1 "$port" \
	    castns-unbound "${zones[@]}"; then
		not_ok "$what starts"
		sed 's/^/# /' "$dir/$what"/*.log
		return 1
	fi
	if ! start_unbound "$port"; then
		not_ok "unbound starts (stubs to $what)"
		sed 's/^/# /' "$dir/unbound.log"
		return 1
	fi
	ok "$what and unbound started"
}
stop_phase() {
	kill_pid "$UNBOUND_PID"
	UNBOUND_PID=""
	stop_all
}

good() {
	local z
	phase "$1" "$dir/z" || return
	for VAR in $VARIANTS; do
		z=$VAR.test
		expect "www.$z" A NOERROR ad "198.51.100.80"
		expect "$z" SOA NOERROR ad
		expect "c1.$z" A NOERROR ad "198.51.100.80"
		expect "nonexistent.$z" A NXDOMAIN adx
		expect "a.b.nonexistent.$z" TXT NXDOMAIN adx
		expect "www.$z" MX NOERROR ad '^[^;]*;$'
		expect "z.ent.$z" A NOERROR ad '^[^;]*;$'
		expect "w.x.y.z.ent.$z" A NXDOMAIN adx
		expect "foo.wild.$z" A NOERROR adx "192.0.2.100"
		expect "a.b.foo.wild.$z" TXT NOERROR adx "wildcard"
		expect "foo.wild.$z" MX NOERROR adx '^[^;]*;$'
		expect "x.sub.wild.$z" A NXDOMAIN adx
		expect "foo.cwild.$z" A NOERROR adx "198.51.100.80"
		expect "x.dname.$z" A NXDOMAIN adx
		expect "www.dname.$z" A NOERROR ad "192.0.2.120"
		expect "big.$z" TXT NOERROR ad "big record 24"
		expect "www.signed.$z" A NOERROR ad "192.0.2.152"
		expect "nothing.signed.$z" TXT NOERROR adx "child wildcard"
		expect "signed.$z" DS NOERROR ad
		expect "www.unsigned.$z" A NOERROR noad "192.0.2.142"
		expect "nothing.unsigned.$z" A NXDOMAIN noad
	done
	grep -i "validation failure" "$dir/unbound.log" | head -5 |
	    sed 's/^/# /'
	stop_phase
}

bad() {
	local z
	phase "$1" "$dir/bad" || return
	for VAR in $VARIANTS; do
		z=$VAR.test
		expect "www.$z" A SERVFAIL noad
		expect "mail.$z" A NOERROR ad "192.0.2.25"
		expect "nonexistent.$z" A NXDOMAIN adx
	done
	if grep -q "validation failure <www.nsec.test. A IN>" "$dir/unbound.log"
	then
		ok "$1: unbound logged the validation failure of www.nsec.test A"
	else
		not_ok "$1: unbound logged the validation failure of www.nsec.test A"
		tail -5 "$dir/unbound.log" | sed 's/^/# /'
	fi
	stop_phase
}

good castnsd
good knot
bad castnsd
bad knot
# Both served the same files: unbound's verdicts (status, AD) must agree.
if diff "$dir/verdicts.castnsd" "$dir/verdicts.knot" >"$dir/verdicts.diff"
then
	ok "unbound's verdicts on castnsd's answers equal those on Knot's ($(wc -l <"$dir/verdicts.knot") queries)"
else
	not_ok "unbound's verdicts differ between castnsd and Knot"
	sed 's/^/# /' "$dir/verdicts.diff"
fi
finish

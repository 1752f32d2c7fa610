#!/bin/bash
# t-xfrout.sh -- castnsd as a primary: TSIG on queries, AXFR and IXFR out
# (RFC 5936, RFC 1995, RFC 8945) on loopback high ports.
#
# kdig checks every TSIG castnsd signs (it warns on a bad one); Knot DNS,
# configured with castnsd as its primary, pulls the zone with TSIG and
# must then serve the same records and answers; a wrong key and an address
# outside allow-transfer are refused and logged.  A client that stops
# reading half-way through a large transfer must not hold up the worker's
# other clients, and a reload during that transfer must not change what it
# sends (the transfer holds a reference on the zone).
. "$(dirname "$0")/../serve/lib.sh"

for tool in kdig knotd python3; do
	if ! command -v $tool >/dev/null 2>&1; then
		skip "$tool not installed"
		finish
	fi
done

SECRET=$(printf 'castns-xfrout-test-secret-0123456789' | base64)
OTHER=$(printf 'another-secret-for-the-other-key' | base64)
KEY="hmac-sha256:xfr.key.:$SECRET"
D=$TMP

# example.test: delegation with glue, data occluded by the cut, a DNAME, a
# wildcard, a 20 KB record, enough records for several messages.  (Data
# below the DNAME would be transferred too, but Knot refuses such a zone.)
{
	echo '$ORIGIN example.test.'
	echo '$TTL 3600'
	echo '@ SOA ns1.example.test. admin.example.test. 7 3600 900 604800 300'
	echo '@ NS ns1'
	echo '@ NS ns2.example.net.'
	echo '@ MX 10 mail'
	echo 'ns1 A 192.0.2.1'
	echo 'ns1 AAAA 2001:db8::1'
	echo 'mail A 192.0.2.2'
	echo 'www A 192.0.2.3'
	echo 'alias CNAME www'
	echo '*.wild TXT "wildcard"'
	echo 'sub NS ns.sub'
	echo 'sub NS ns.example.net.'
	echo 'ns.sub A 192.0.2.20'
	echo 'deep.below.sub A 192.0.2.21'
	echo 'dn DNAME example.net.'
	echo '_dns._udp SRV 0 0 53 ns1'
	printf 'big TXT'
	for i in $(seq 1 80); do printf ' "%0255d"' "$i"; done
	echo
	for i in $(seq 1 3000); do
		echo "h$i A 198.51.100.$((i % 250 + 1))"
		echo "h$i TXT \"record $i of the test zone\""
	done
} >"$D/example.test.zone"
ZONE_RRS=$(grep -cv '^\$' "$D/example.test.zone")

{
	echo '$ORIGIN open.test.'
	echo '$TTL 300'
	echo '@ SOA ns.open.test. admin.open.test. 1 3600 900 604800 300'
	echo '@ NS ns'
	echo 'ns A 192.0.2.30'
	for i in $(seq 1 100000); do
		echo "n$i A 203.0.113.$((i % 250 + 1))"
	done
} >"$D/open.test.zone"
OPEN_RRS=$(grep -cv '^\$' "$D/open.test.zone")

for z in closed.test badkey.test; do
	{
		echo "\$ORIGIN $z."
		echo '$TTL 300'
		echo "@ SOA ns.$z. admin.$z. 3 3600 900 604800 300"
		echo '@ NS ns'
		echo 'ns A 192.0.2.40'
	} >"$D/$z.zone"
done

cat >"$D/castns.yaml" <<EOF
server:
  listen: [ 127.0.0.1@@PORT@, "::1@@PORT@" ]
  workers: 1
  control: $D/ctl.sock
  tcp-idle-timeout: 60s
  metrics: 127.0.0.1@@MPORT@
key:
  - { name: xfr.key., algorithm: hmac-sha256, secret: "$SECRET" }
  - { name: other.key., algorithm: hmac-sha512, secret: "$OTHER" }
zone:
  - domain: example.test
    file: $D/example.test.zone
    allow-transfer: [ { address: 127.0.0.1, key: xfr.key. },
                      { address: "::1", key: xfr.key. } ]
  - domain: open.test
    file: $D/open.test.zone
    allow-transfer: [ 127.0.0.0/8 ]
  - domain: closed.test
    file: $D/closed.test.zone
    allow-transfer: [ { address: 127.0.0.2, key: xfr.key. } ]
  - domain: badkey.test
    file: $D/badkey.test.zone
    allow-transfer: [ { address: 127.0.0.1, key: xfr.key. } ]
EOF

MPORT=$((7100 + RANDOM % 600))
sed -i "s/@MPORT@/$MPORT/" "$D/castns.yaml"
if ! start_castnsd "$D/castnsd.log" -c "$D/castns.yaml"; then
	not_ok "castnsd starts"
	finish
fi
ok "castnsd starts"
P=$PORT
K="kdig @127.0.0.1 -p $P +time=5 +retry=0"

# rcode_of ARGS...: the status kdig prints (NOERROR, REFUSED...).
rcode_of() {
	$K "$@" 2>&1 | sed -n 's/.*status: \([A-Z]*\).*/\1/p;
	    s/.*server replied with error .\([A-Z]*\).*/\1/p' | head -1 |
	    sed 's/^NOTIMPL$/NOTIMP/' 
}
# summary ARGS...: "MESSAGES RECORDS" of a transfer, from kdig's footer.
summary() {
	$K "$@" 2>&1 | sed -n \
	    's/.*Received [0-9]* B (\([0-9]*\) messages*, \([0-9]*\) records*).*/\1 \2/p'
}
logged() { grep -q -- "$1" "$D/castnsd.log"; }

# --- AXFR with TSIG, as kdig sees it --------------------------------------
out=$($K -y "$KEY" example.test AXFR 2>&1)
read -r msgs recs < <(echo "$out" | sed -n \
    's/.*Received [0-9]* B (\([0-9]*\) messages*, \([0-9]*\) records*).*/\1 \2/p')
check "AXFR with the key: every record and the SOA twice ($ZONE_RRS + 1)" \
    [ "${recs:-0}" -eq $((ZONE_RRS + 1)) ]
check "AXFR spans several messages (${msgs:-0})" [ "${msgs:-0}" -ge 4 ]
check "kdig verifies the TSIG of every message" \
    bash -c "! grep -qiE 'warning|error|failed' <<<'$(echo "$out" |
    grep -E '^;;' | tr -d "'")'"
check "AXFR starts and ends with the SOA" bash -c \
    "[ \"\$(echo '$(echo "$out" | grep -vE '^;;|^$|TSIG' | sed -n '1p;$p' |
    awk '{print $4}' | tr '\n' ' ')' )\" = 'SOA SOA ' ]"
echo "$out" | grep -vE '^;;|^$|[[:space:]]TSIG[[:space:]]' >"$D/first.axfr"
check "glue, occluded data and the 20 KB record are transferred" \
    bash -c "grep -q '^ns.sub.example.test.' '$D/first.axfr' &&
     grep -q '^deep.below.sub.example.test.' '$D/first.axfr' &&
     grep -q '^big.example.test.' '$D/first.axfr'"
check "transfer logged with its client" \
    wait_log "$D/castnsd.log" "zone example.test.: transfer to 127.0.0.1#[0-9]+ done: serial 7" 5

check "AXFR over IPv6 with the key: every record" \
    [ "$(kdig @::1 -p $P +time=5 +retry=0 -y "$KEY" example.test AXFR 2>&1 |
    sed -n 's/.*(\([0-9]*\) messages*, \([0-9]*\) records*).*/\2/p')" = $((ZONE_RRS + 1)) ]
check "AXFR over IPv6 without the key: REFUSED" bash -c \
    "kdig @::1 -p $P +time=5 +retry=0 example.test AXFR 2>&1 | grep -q REFUSED"
check "AXFR over UDP: NOTIMP (RFC 5936 4.2, as Knot)" \
    [ "$(rcode_of -y "$KEY" +notcp example.test AXFR)" = NOTIMP ]
check "AXFR without the key: REFUSED" \
    [ "$(rcode_of example.test AXFR)" = REFUSED ]
check "AXFR with another configured key: REFUSED" \
    [ "$(rcode_of -y "hmac-sha512:other.key.:$OTHER" example.test AXFR)" = REFUSED ]
check "AXFR with an unknown key: NOTAUTH, TSIG error BADKEY" \
    [ "$(rcode_of -y "hmac-sha256:nokey.:$SECRET" example.test AXFR)" = BADKEY ]
check "AXFR with the key from 127.0.0.2 (outside allow-transfer): REFUSED" \
    [ "$(rcode_of -b 127.0.0.2 -y "$KEY" example.test AXFR)" = REFUSED ]
check "a zone without that client in allow-transfer: REFUSED" \
    [ "$(rcode_of -y "$KEY" closed.test AXFR)" = REFUSED ]
check "AXFR of a name that is not a zone apex: NOTAUTH (as Knot)" \
    [ "$(rcode_of -y "$KEY" www.example.test AXFR)" = NOTAUTH ]
check "refusals logged at info with client and zone" bash -c \
    "grep -q 'zone example.test.: AXFR refused: not in allow-transfer (address or key), client 127.0.0.1#' '$D/castnsd.log' &&
     grep -q 'zone example.test.: AXFR refused: .*client 127.0.0.2#' '$D/castnsd.log' &&
     grep -q 'zone example.test.: TSIG BADKEY with key nokey., client 127.0.0.1#' '$D/castnsd.log'"

# --- IXFR (no journal: the SOA alone, or the zone in AXFR form) -----------
check "IXFR from the current serial: the SOA alone" \
    [ "$(summary -y "$KEY" example.test IXFR=7 | cut -d' ' -f2)" = 1 ]
check "IXFR from a newer serial (RFC 1982): the SOA alone" \
    [ "$(summary -y "$KEY" example.test IXFR=9 | cut -d' ' -f2)" = 1 ]
check "IXFR from an older serial: the zone in AXFR form (RFC 1995 4)" \
    [ "$(summary -y "$KEY" example.test IXFR=5 | cut -d' ' -f2)" = $((ZONE_RRS + 1)) ]
out=$($K -y "$KEY" +notcp example.test IXFR=5 2>&1)
check "IXFR over UDP: the SOA alone, signed" bash -c \
    "grep -q '(1 messages, 1 records)' <<<\"\$1\" &&
     grep -q 'UDP' <<<\"\$1\" && ! grep -qi warning <<<\"\$1\"" _ "$out"
check "IXFR without the key: REFUSED" \
    [ "$(rcode_of example.test IXFR=5)" = REFUSED ]

# --- TSIG on ordinary queries ---------------------------------------------
out=$($K -y "$KEY" www.example.test A 2>&1)
check "a signed query gets a signed answer kdig verifies" bash -c \
    "grep -q 'status: NOERROR' <<<\"\$1\" && grep -q '192.0.2.3' <<<\"\$1\" &&
     ! grep -qi warning <<<\"\$1\"" _ "$out"
out=$($K -y "$KEY" +tcp nx.example.test A 2>&1)
check "a signed NXDOMAIN over TCP is signed too" bash -c \
    "grep -q 'status: NXDOMAIN' <<<\"\$1\" && ! grep -qi warning <<<\"\$1\"" _ "$out"
check "a query with an unknown key: BADKEY" \
    [ "$(rcode_of -y "hmac-sha256:nokey.:$SECRET" www.example.test A)" = BADKEY ]
check "a query with a wrong secret: BADSIG" \
    [ "$(rcode_of -y "hmac-sha256:xfr.key.:$OTHER" www.example.test A)" = BADSIG ]
check "a query with the key's name and another algorithm: BADKEY" \
    [ "$(rcode_of -y "hmac-sha1:xfr.key.:$SECRET" www.example.test A)" = BADKEY ]

# --- Knot DNS as a secondary of castnsd -----------------------------------
KP=$((PORT + 1000))
mkdir -p "$D/knot"
cat >"$D/knot.conf" <<EOF
server:
    rundir: "$D/knot"
    listen: 127.0.0.1@$KP
database:
    storage: "$D/knot"
log:
  - target: stderr
    any: info
key:
  - id: xfr.key.
    algorithm: hmac-sha256
    secret: $SECRET
  - id: unknown.key.
    algorithm: hmac-sha256
    secret: $SECRET
remote:
  - id: castns
    address: 127.0.0.1@$P
    key: xfr.key.
  - id: castns-wrongkey
    address: 127.0.0.1@$P
    key: unknown.key.
acl:
  - id: local
    address: 127.0.0.0/8
    action: transfer
template:
  - id: default
    storage: "$D/knot"
    zonefile-sync: -1
    journal-content: none
    semantic-checks: off
    acl: local
zone:
  - domain: example.test
    master: castns
  - domain: badkey.test
    master: castns-wrongkey
  - domain: closed.test
    master: castns
EOF
knotd -c "$D/knot.conf" >"$D/knotd.log" 2>&1 &
KPID=$!
PIDS+=("$KPID")
KQ="kdig @127.0.0.1 -p $KP +time=2 +retry=0"
serial_is() { [ "$($KQ "$1" SOA +short 2>/dev/null | awk '{print $3}')" = "$2" ]; }
if wait_until 20 serial_is example.test 7; then
	ok "Knot pulls example.test from castnsd with TSIG"
	diag "knot took the zone in ${WAITED_MS} ms"
else
	not_ok "Knot pulls example.test from castnsd with TSIG"
	tail -20 "$D/knotd.log" | sed 's/^/#   /'
fi
norm() { grep -vE '^;;|^$|[[:space:]]TSIG[[:space:]]' | tr 'A-Z' 'a-z' |
    awk '{$2=""; print}' | sort; }
$K -y "$KEY" example.test AXFR 2>/dev/null | norm >"$D/castns.axfr"
$KQ example.test AXFR 2>/dev/null | norm >"$D/knot.axfr"
check "Knot holds exactly the records castnsd sent ($(wc -l <"$D/knot.axfr") lines)" \
    cmp -s "$D/castns.axfr" "$D/knot.axfr"
same=0
total=0
for q in "www.example.test A" "alias.example.test A" "x.wild.example.test TXT" \
    "deep.below.sub.example.test A" "sub.example.test NS" \
    "foo.dn.example.test A" "example.test MX" "nx.example.test A" \
    "_dns._udp.example.test SRV" "h42.example.test TXT" \
    "big.example.test TXT" "example.test NS"; do
	total=$((total + 1))
	a=$($K +tcp $q +noall +answer +authority +additional 2>&1 | sort)
	b=$($KQ +tcp $q +noall +answer +authority +additional 2>&1 | sort)
	if [ "$a" = "$b" ]; then
		same=$((same + 1))
	else
		diag "differs: $q"
		diff <(echo "$a") <(echo "$b") | head -5 | cut -c1-150 | sed "s/^/#   /"
	fi
done
check "Knot as secondary answers as castnsd does ($same of $total queries)" \
    [ "$same" -eq "$total" ]
check "Knot with a key castnsd does not know gets no zone" \
    bash -c "sleep 1; [ -z \"\$($KQ badkey.test SOA +short 2>/dev/null)\" ]"
check "castnsd logged the BADKEY for badkey.test" \
    wait_log "$D/castnsd.log" "zone badkey.test.: TSIG BADKEY with key unknown.key." 5
check "Knot from an address outside allow-transfer gets no zone" \
    bash -c "[ -z \"\$($KQ closed.test SOA +short 2>/dev/null)\" ]"
check "castnsd logged the refusal for closed.test" \
    wait_log "$D/castnsd.log" "zone closed.test.: (AXFR|IXFR) refused: .*client 127.0.0.1#" 5

# --- a stalled transfer holds up no one; a reload does not change it ------
GO="$D/go"
python3 "$SRC_DIR/tests/xfr/xfrslow.py" 127.0.0.1 "$P" open.test "$GO" \
    >"$D/slow.out" 2>&1 &
SPID=$!
PIDS+=("$SPID")
check "a client stops reading during a 100000-record transfer" \
    wait_until 10 grep -q paused "$D/slow.out"
sleep 0.5
check "that transfer is still in progress" \
    bash -c "! grep -q 'zone open.test.: transfer' '$D/castnsd.log'"
t0=$(now_ms)
fast=0
for i in $(seq 1 20); do
	[ "$($K +time=1 www.example.test A +short 2>/dev/null)" = 192.0.2.3 ] &&
	    [ "$($K +time=1 +tcp www.example.test A +short 2>/dev/null)" = 192.0.2.3 ] &&
	    fast=$((fast + 1))
done
ms=$(($(now_ms) - t0))
check "meanwhile the same worker answers 20 UDP and 20 TCP queries ($fast ok in $ms ms)" \
    [ "$fast" -eq 20 -a "$ms" -lt 5000 ]
sed -i 's/^@ SOA ns.open.test. admin.open.test. 1 /@ SOA ns.open.test. admin.open.test. 2 /' \
    "$D/open.test.zone"
kill -HUP "$CPID"
if wait_until 10 bash -c "$K open.test SOA +short | grep -q ' 2 3600 '"; then
	ok "the zone is reloaded at serial 2 during the transfer"
else
	not_ok "the zone is reloaded at serial 2 during the transfer"
	tail -5 "$D/castnsd.log" | sed 's/^/#   /'
fi
touch "$GO"
if wait_gone "$SPID" 30; then
	wait "$SPID"
	rc=$?
else
	rc=124
fi
line=$(tail -1 "$D/slow.out")
diag "slow client: $line"
check "the stalled transfer completes with every record of serial 1" \
    [ "$rc" -eq 0 -a "$line" = "records $((OPEN_RRS + 1)) messages $(echo "$line" |
    awk '{print $4}') serials 1 1" ]
check "a new transfer sends serial 2" bash -c \
    "$K open.test AXFR 2>/dev/null | grep -E '[[:space:]]SOA[[:space:]]' | head -1 | grep -q ' 2 3600 '"

metric() {
	python3 -c 'import sys, urllib.request
print(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())' \
	    "http://127.0.0.1:$MPORT/metrics" 2>/dev/null |
	    awk -v m="$1" '$1 == m { print $2 }'
}
check "metrics: transfers done, cut short and refused counted" bash -c \
    "[ '$(metric 'castns_xfr_out_total{result="done"}')' -ge 5 ] &&
     [ '$(metric 'castns_xfr_out_total{result="refused"}')' -ge 6 ]"
check "metrics: TSIG errors by kind" bash -c \
    "[ '$(metric 'castns_tsig_errors_total{error="BADKEY"}')' -ge 3 ] &&
     [ '$(metric 'castns_tsig_errors_total{error="BADSIG"}')' -ge 1 ]"
diag "$(metric 'castns_xfr_out_total{result="done"}') done, $(metric 'castns_xfr_out_total{result="cut_short"}') cut short, $(metric 'castns_xfr_out_total{result="refused"}') refused"

stop_castnsd
check "castnsd stops cleanly" [ "$STOP_RC" -eq 0 ]
finish

#!/bin/bash
# t-notify.sh -- NOTIFY (RFC 1996) both ways, on loopback high ports.
#
# Out: castnsd is the primary of example.test with three notify: targets,
# Knot DNS as a TSIG-keyed secondary (which must take a new serial within
# a second of castnsctl zone-reload, long before its refresh timer), a
# receiver that ignores the first two NOTIFYs (the retries must come 2 s
# and then 4 s apart) and one that answers REFUSED (no retry).  In: castnsd
# is a secondary of sec.test (Knot its primary); dig sends NOTIFYs over UDP
# and TCP, signed, unsigned, from the primary's address and another.
. "$(dirname "$0")/../serve/lib.sh"

for tool in kdig dig knotd knotc python3; do
	if ! command -v $tool >/dev/null 2>&1; then
		skip "$tool not installed"
		finish
	fi
done

SECRET=$(printf 'castns-notify-test-secret-0123456' | base64)
KEY="hmac-sha256:xfr.key.:$SECRET"
D=$TMP
write_zone() {	# FILE ZONE SERIAL
	{
		echo "\$ORIGIN $2."
		echo '$TTL 300'
		echo "@ SOA ns.$2. admin.$2. $3 3600 900 604800 300"
		echo '@ NS ns'
		echo 'ns A 192.0.2.53'
		echo "www A 192.0.2.$3"
	} >"$1"
}
write_zone "$D/example.test.zone" example.test 7
mkdir -p "$D/knot"
write_zone "$D/knot/sec.test.zone" sec.test 1

# Ports: castnsd's (random, retried), Knot's and two receivers' above it.
PP1=$((5300 + RANDOM % 600 + 1000))
PP2=$((PP1 + 1))
KP=$((PP1 + 2))
MPORT=$((7100 + RANDOM % 600))
python3 "$SRC_DIR/tests/xfr/notifytarget.py" $PP1 ignore=2 "$D/t1.log" &
PIDS+=("$!")
python3 "$SRC_DIR/tests/xfr/notifytarget.py" $PP2 refuse "$D/t2.log" &
PIDS+=("$!")

cat >"$D/castns.yaml" <<EOF
server:
  listen: [ 127.0.0.1@@PORT@ ]
  workers: 1
  control: $D/ctl.sock
  metrics: 127.0.0.1@$MPORT
key:
  - { name: xfr.key., algorithm: hmac-sha256, secret: "$SECRET" }
zone:
  - domain: example.test
    file: $D/example.test.zone
    allow-transfer: [ { address: 127.0.0.1, key: xfr.key. } ]
    notify: [ { address: 127.0.0.1@$KP, key: xfr.key. }, 127.0.0.1@$PP1,
              127.0.0.1@$PP2 ]
  - domain: sec.test
    file: $D/sec.test.zone
    primary: [ { address: 127.0.0.1@$KP, key: xfr.key. } ]
EOF

# Knot first: the secondary of example.test (castnsd is started after it
# and its port is known only then, so Knot is configured in two steps).
start_knot() {
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
remote:
  - id: castns
    address: 127.0.0.1@$1
    key: xfr.key.
acl:
  - id: from-castns
    address: 127.0.0.1
    key: xfr.key.
    action: [ notify, transfer ]
template:
  - id: default
    storage: "$D/knot"
    zonefile-sync: -1
    journal-content: none
    acl: from-castns
zone:
  - domain: example.test
    master: castns
  - domain: sec.test
    file: "$D/knot/sec.test.zone"
    notify: castns
EOF
	knotd -c "$D/knot.conf" >"$D/knotd.log" 2>&1 &
	KPID=$!
	PIDS+=("$KPID")
}

if ! start_castnsd "$D/castnsd.log" -c "$D/castns.yaml"; then
	not_ok "castnsd starts"
	finish
fi
ok "castnsd starts"
P=$PORT
start_knot "$P"
KQ="kdig @127.0.0.1 -p $KP +time=2 +retry=0"
K="kdig @127.0.0.1 -p $P +time=2 +retry=0"
serial_at() { $1 "$2" SOA +short 2>/dev/null | awk '{print $3}'; }
knot_has() { [ "$(serial_at "$KQ" "$1")" = "$2" ]; }
castns_has() { [ "$(serial_at "$K" "$1")" = "$2" ]; }

check "Knot takes example.test from castnsd" wait_until 20 knot_has example.test 7
# castnsd's first try came before Knot listened: ask again now.
wait_until 10 knot_has sec.test 1
"$CASTNSCTL" -s "$D/ctl.sock" zone-refresh sec.test. >/dev/null 2>&1
check "castnsd takes sec.test from Knot" wait_until 20 castns_has sec.test 1

# --- out -------------------------------------------------------------------
check "the NOTIFY at start reaches the receivers with the serial" \
    wait_until 5 grep -q ' example.test. 7$' "$D/t1.log"
write_zone "$D/example.test.zone" example.test 8
t0=$(now_ms)
"$CASTNSCTL" -s "$D/ctl.sock" zone-reload example.test. >/dev/null 2>&1
if wait_until 5 knot_has example.test 8; then
	ok "Knot has serial 8 $(($(now_ms) - t0)) ms after zone-reload (NOTIFY)"
else
	not_ok "Knot has serial 8 within 5 s of zone-reload (NOTIFY)"
	tail -5 "$D/knotd.log" | sed 's/^/#   /'
fi
check "Knot took serial 8 by IXFR from castnsd's journal" \
    wait_log "$D/knotd.log" "example.test.. IXFR, incoming, remote 127.0.0.1@$P.* finished" 5
check "and serves the changed record" \
    [ "$($KQ www.example.test A +short)" = 192.0.2.8 ]
out=$($K -y "$KEY" example.test IXFR=7 2>&1)
echo "$out" | grep -vE '^;;|^$|[[:space:]]TSIG[[:space:]]' | awk '{print $4, $5}' |
    tr '\n' ' ' >"$D/ixfr.seq"
check "IXFR=7: SOA 8, SOA 7, the old record, SOA 8, the new one, SOA 8 (RFC 1995 4)" \
    bash -c "grep -q '^SOA ns.example.test. SOA ns.example.test. A 192.0.2.7 SOA ns.example.test. A 192.0.2.8 SOA ns.example.test. \$' '$D/ixfr.seq' &&
     ! grep -qi warning <<<\"\$1\"" _ "$out"
diag "IXFR=7: $(cat "$D/ixfr.seq")"
check "IXFR=6 (not in the journal): the zone in AXFR form" \
    [ "$($K -y "$KEY" example.test IXFR=6 2>&1 | grep -c '[[:space:]]SOA[[:space:]]')" = 2 ]
check "castnsd logged Knot's answer to the signed NOTIFY" \
    wait_log "$D/castnsd.log" "zone example.test.: NOTIFY serial 8 to 127.0.0.1@$KP answered" 5
three() { [ "$(grep -c ' example.test. 8$' "$D/t1.log")" -ge 3 ]; }
check "the receiver that ignores two NOTIFYs gets three for serial 8" \
    wait_until 10 three
gaps=$(grep ' example.test. 8$' "$D/t1.log" | awk 'NR > 1 { printf "%d ", $1 - prev } { prev = $1 }')
diag "retry gaps (ms): $gaps"
check "retries 2 s and then 4 s apart (RFC 1996 3.6)" bash -c \
    "set -- $gaps; [ \$1 -ge 1900 -a \$1 -le 2600 -a \$2 -ge 3900 -a \$2 -le 4600 ]"
check "castnsd logged the third try answered" \
    wait_log "$D/castnsd.log" "NOTIFY serial 8 to 127.0.0.1@$PP1 answered \(3 tries\)" 5
check "REFUSED is logged and not retried" bash -c \
    "grep -q 'NOTIFY serial 8 to 127.0.0.1@$PP2: REFUSED' '$D/castnsd.log' &&
     sleep 2.5 && [ \$(grep -c ' example.test. 8\$' '$D/t2.log') -eq 1 ]"

metric() {
	python3 -c 'import sys, urllib.request
print(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())' \
	    "http://127.0.0.1:$MPORT/metrics" 2>/dev/null |
	    awk -v m="$1" '$1 == m { print $2 }'
}
acked=$(metric 'castns_notify_out_total{result="acked"}')
failed=$(metric 'castns_notify_out_total{result="failed"}')
diag "castns_notify_out_total: $(metric 'castns_notify_out_total{result="sent"}') sent, $acked acked, $failed failed"
check "metrics count NOTIFYs answered and refused" \
    [ "${acked:-0}" -ge 2 -a "${failed:-0}" -ge 1 ]

# --- in --------------------------------------------------------------------
DG="dig @127.0.0.1 -p $P +time=2 +tries=1 +opcode=notify +norecurse"
status() { sed -n 's/.*status: \([A-Z]*\).*/\1/p' | head -1; }
flags() { sed -n 's/.*flags: \([a-z ]*\);.*/\1/p' | head -1; }
out=$($DG -y "$KEY" sec.test SOA 2>&1)
st=$(status <<<"$out")
check "a signed NOTIFY from the primary over UDP: NOERROR, aa, TSIG verified" bash -c \
    "[ '$st' = NOERROR ] && grep -q 'flags: qr aa' <<<\"\$1\" &&
     ! grep -qi 'tsig.*fail\|couldn.t verify\|expected' <<<\"\$1\"" _ "$out"
out=$($DG +tcp -y "$KEY" sec.test SOA 2>&1)
check "the same over TCP: NOERROR" [ "$(status <<<"$out")" = NOERROR ]
check "an unsigned NOTIFY from the primary's address: REFUSED" \
    [ "$($DG sec.test SOA 2>&1 | status)" = REFUSED ]
check "a signed NOTIFY from 127.0.0.2: REFUSED" \
    [ "$($DG -b 127.0.0.2 -y "$KEY" sec.test SOA 2>&1 | status)" = REFUSED ]
check "a NOTIFY with a bad MAC: NOTAUTH" \
    [ "$($DG -y "hmac-sha256:xfr.key.:$(printf 'wrong' | base64)" sec.test SOA 2>&1 | status)" = NOTAUTH ]
check "a NOTIFY for a primary zone: REFUSED" \
    [ "$($DG -y "$KEY" example.test SOA 2>&1 | status)" = REFUSED ]
check "refused NOTIFYs logged with client and zone" bash -c \
    "grep -q 'zone sec.test.: NOTIFY refused: not from a primary (address or key), client 127.0.0.2#' '$D/castnsd.log' &&
     grep -q 'zone example.test.: NOTIFY refused: not a secondary' '$D/castnsd.log'"
# Knot's own NOTIFY after its zone changes: castnsd refreshes at once.
write_zone "$D/knot/sec.test.zone" sec.test 2
t0=$(now_ms)
knotc -c "$D/knot.conf" zone-reload sec.test >/dev/null 2>&1
if wait_until 5 castns_has sec.test 2; then
	ok "Knot's NOTIFY brings castnsd serial 2 in $(($(now_ms) - t0)) ms"
else
	not_ok "Knot's NOTIFY brings castnsd serial 2 within 5 s"
fi

stop_castnsd
check "castnsd stops cleanly" [ "$STOP_RC" -eq 0 ]
finish

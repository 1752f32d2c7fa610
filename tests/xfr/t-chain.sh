#!/bin/bash
# t-chain.sh -- nodes that chain (issue 7: "so nodes can chain"), on
# loopback high ports: castnsd A is the primary of example.test, castnsd B
# its TSIG-keyed secondary, Knot DNS C the secondary of B.  A change made at
# A (castnsctl zone-reload) travels A -> B -> C by NOTIFY and IXFR at each
# hop (A's journal, then B's), and C serves it within seconds.
. "$(dirname "$0")/../serve/lib.sh"

for tool in kdig knotd python3; do
	if ! command -v $tool >/dev/null 2>&1; then
		skip "$tool not installed"
		finish
	fi
done

SECRET=$(printf 'castns-chain-test-secret-0123456' | base64)
D=$TMP
write_zone() {	# FILE SERIAL
	{
		echo '$ORIGIN example.test.'
		echo '$TTL 300'
		echo "@ SOA ns.example.test. admin.example.test. $2 3600 900 604800 300"
		echo '@ NS ns'
		echo 'ns A 192.0.2.53'
		echo "www A 192.0.2.$2"
		for i in $(seq 1 500); do echo "h$i TXT \"record $i\""; done
	} >"$1"
}
write_zone "$D/a.zone" 10
CP=$((5300 + RANDOM % 600 + 1000))	# Knot (C)
mkdir -p "$D/knot" "$D/b"

cat >"$D/a.yaml" <<EOF
server:
  listen: [ 127.0.0.1@@PORT@ ]
  workers: 1
  control: $D/a.sock
key:
  - { name: chain.key., algorithm: hmac-sha256, secret: "$SECRET" }
zone:
  - domain: example.test
    file: $D/a.zone
    allow-transfer: [ { address: 127.0.0.1, key: chain.key. } ]
EOF
# A's notify target is B, whose port is known only once B runs: A starts
# without it and is reloaded with it below.
if ! start_castnsd "$D/a.log" -c "$D/a.yaml"; then
	not_ok "castnsd A (primary) starts"
	finish
fi
ok "castnsd A (primary) starts"
AP=$PORT
APID=$CPID

cat >"$D/b.yaml" <<EOF
server:
  listen: [ 127.0.0.1@@PORT@ ]
  workers: 1
  control: $D/b.sock
key:
  - { name: chain.key., algorithm: hmac-sha256, secret: "$SECRET" }
zone:
  - domain: example.test
    file: $D/b/example.test.zone
    primary: [ { address: 127.0.0.1@$AP, key: chain.key. } ]
    allow-transfer: [ 127.0.0.1 ]
    notify: [ 127.0.0.1@$CP ]
EOF
if ! start_castnsd "$D/b.log" -c "$D/b.yaml"; then
	not_ok "castnsd B (secondary of A) starts"
	finish
fi
ok "castnsd B (secondary of A) starts"
BP=$PORT
{
	sed "s/@PORT@/$AP/" "$D/a.yaml"
	echo "    notify: [ { address: 127.0.0.1@$BP, key: chain.key. } ]"
} >"$D/a.yaml.run"
kill -HUP "$APID"
check "A reloaded with B as its notify target" \
    wait_log "$D/a.log" "reload done" 10

cat >"$D/knot.conf" <<EOF
server:
    rundir: "$D/knot"
    listen: 127.0.0.1@$CP
database:
    storage: "$D/knot"
log:
  - target: stderr
    any: info
remote:
  - id: b
    address: 127.0.0.1@$BP
acl:
  - id: from-b
    address: 127.0.0.1
    action: notify
template:
  - id: default
    storage: "$D/knot"
    zonefile-sync: -1
    journal-content: none
zone:
  - domain: example.test
    master: b
    acl: from-b
EOF
knotd -c "$D/knot.conf" >"$D/knotd.log" 2>&1 &
PIDS+=("$!")

serial_at() { kdig @127.0.0.1 -p "$1" +time=2 +retry=0 example.test SOA +short 2>/dev/null | awk '{print $3}'; }
has() { [ "$(serial_at "$1")" = "$2" ]; }
check "B takes serial 10 from A (AXFR, TSIG)" wait_until 20 has "$BP" 10
check "C (Knot) takes serial 10 from B" wait_until 20 has "$CP" 10

write_zone "$D/a.zone" 11
t0=$(now_ms)
"$CASTNSCTL" -s "$D/a.sock" zone-reload example.test. >/dev/null 2>&1
if wait_until 10 has "$CP" 11; then
	ok "a change at A reaches C through B in $(($(now_ms) - t0)) ms"
else
	not_ok "a change at A reaches C through B within 10 s"
	tail -5 "$D/b.log" | sed 's/^/#   /'
	tail -5 "$D/knotd.log" | sed 's/^/#   /'
fi
check "A kept the difference 10 -> 11 for IXFR" \
    grep -q 'zone example.test.: IXFR from 10 to 11 kept (1 records deleted, 1 added)' "$D/a.log"
check "B took serial 11 from A by IXFR" \
    grep -q "zone example.test.: serial 11 by IXFR from 127.0.0.1@$AP" "$D/b.log"
check "B kept it for its own secondaries" \
    grep -q 'zone example.test.: IXFR from 10 to 11 kept' "$D/b.log"
check "C took serial 11 from B by IXFR" \
    grep -q "example.test.. IXFR, incoming, remote 127.0.0.1@$BP.*finished" "$D/knotd.log"
check "C serves the changed record" \
    [ "$(kdig @127.0.0.1 -p "$CP" +short www.example.test A)" = 192.0.2.11 ]
finish

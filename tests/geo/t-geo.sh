#!/bin/bash
# t-geo.sh -- geo answers on loopback: kdig +subnet= from several regions
# gets each region's answer and the right ECS scope; a region whose site's
# check fails (a file check this test toggles) gets its fallback; without
# ECS the source address (127.0.0.1) decides; a malformed ECS option gets
# FORMERR in an ECS zone and is ignored elsewhere, as without geo; a
# reload reads the nets file again.
. "$(dirname "$0")/../serve/lib.sh"

D="$SRC_DIR/tests/serve/data"
command -v kdig >/dev/null || { skip "kdig missing"; finish; }
cp "$D/good.zone" "$TMP/example.test.zone"
sed 's/example\.test\./plain.test./' "$D/good.zone" >"$TMP/plain.test.zone"
cat >"$TMP/nets.txt" <<'NETS'
# test regions
127.0.0.0/8	apac
10.0.0.0/8	eu
10.1.0.0/16	us
2001:db8::/32	us
NETS
cat >"$TMP/geo.yaml" <<YAML
server:
  listen: 127.0.0.1@@PORT@
  workers: 2
  control: none
zone:
  - domain: example.test
    file: example.test.zone
    ecs: true
  - domain: plain.test
    file: plain.test.zone
check:
  - { id: eu-up, type: file, path: $TMP/eu-down, interval: 100ms,
      rise: 1, fall: 1 }
geo:
  nets: nets.txt
  regions: [ eu, us, apac ]
  sites:
    - { name: eu, check: eu-up }
    - { name: us }
  answers:
    - name: www.example.test
      type: A
      ttl: 20
      default: [ 192.0.2.80 ]
      region:
        eu:   { site: eu, fallback: [ us ], rdata: [ 192.0.2.81 ] }
        us:   { site: us, rdata: [ 192.0.2.82 ] }
        apac: { rdata: [ 192.0.2.84 ] }
    - name: www.plain.test
      type: A
      default: [ 192.0.2.90 ]
      region:
        apac: { rdata: [ 192.0.2.94 ] }
YAML
start_castnsd "$TMP/log" -c "$TMP/geo.yaml" || { not_ok start; finish; }
check "the log says what geo loaded" \
    grep -q "geo: 3 regions, 4 prefixes from .*nets.txt, 2 answers" "$TMP/log"

q() { kdig -p "$PORT" @127.0.0.1 +retry=0 +timeout=2 "$@" 2>&1; }
# answer ARGS...: the A records of the answer, space-separated
answer() { q +short "$@" | tr '\n' ' ' | sed 's/ $//'; }
# ecs ARGS...: the CLIENT-SUBNET line's value, or "none"
ecs() {
	local l
	l=$(q "$@" | sed -n 's/^;; CLIENT-SUBNET: //p')
	echo "${l:-none}"
}
# expect NAME WANT ARGS...: the answer is WANT
expect() {
	local name="$1" want="$2" got
	shift 2
	got=$(answer "$@")
	if [ "$got" = "$want" ]; then ok "$name"; else
		not_ok "$name"; diag "want '$want', got '$got'"; fi
}
expect_ecs() {
	local name="$1" want="$2" got
	shift 2
	got=$(ecs "$@")
	if [ "$got" = "$want" ]; then ok "$name"; else
		not_ok "$name"; diag "want '$want', got '$got'"; fi
}

W=www.example.test
expect "ECS 10.2.3.0/24 (eu) gets eu's answer" 192.0.2.81 $W A +subnet=10.2.3.0/24
expect_ecs "... scope /15: 10/8 decided, 10.1/16 inside it does not" 10.2.3.0/24/15 $W A +subnet=10.2.3.0/24
expect "ECS 10.1.2.3/32 (us, inside eu's /8) gets us's answer" 192.0.2.82 $W A +subnet=10.1.2.3/32
expect_ecs "... scope /16, source echoed as sent" 10.1.2.3/32/16 $W A +subnet=10.1.2.3/32
expect "ECS 10.1.0.0/12 (eu; a /12 cannot tell the /16)" 192.0.2.81 $W A +subnet=10.0.0.0/12
expect_ecs "... scope /12 (needs /16, capped by the source)" 10.0.0.0/12/12 $W A +subnet=10.0.0.0/12
expect "ECS 2001:db8:1::/48 (us) gets us's answer" 192.0.2.82 $W A +subnet=2001:db8:1::/48
expect_ecs "... scope /32" 2001:db8:1::/48/32 $W A +subnet=2001:db8:1::/48
expect "ECS 2001:db8:1:2:3::/80 is used as /56" 192.0.2.82 $W A +subnet=2001:db8:1:2:3::/80
expect "ECS 192.0.2.0/24 (no region) gets the default" 192.0.2.80 $W A +subnet=192.0.2.0/24
expect_ecs "... scope /24 (the whole source prefix)" 192.0.2.0/24/24 $W A +subnet=192.0.2.0/24
expect "no ECS: 127.0.0.1 is apac" 192.0.2.84 $W A
expect_ecs "... and the reply has no ECS option" none $W A
expect "ECS /0: the source address decides (apac)" 192.0.2.84 $W A +subnet=0.0.0.0/0
expect_ecs "... scope 0" 0.0.0.0/0/0 $W A +subnet=0.0.0.0/0
expect "AAAA of the geo name comes from the zone" 2001:db8::80 $W AAAA +subnet=10.2.3.0/24
expect_ecs "... with ECS scope 0 (not location-dependent)" 10.2.3.0/24/0 $W AAAA +subnet=10.2.3.0/24
expect "a plain name in the ECS zone" 192.0.2.53 ns1.example.test A +subnet=10.2.3.0/24
expect_ecs "... scope 0" 10.2.3.0/24/0 ns1.example.test A +subnet=10.2.3.0/24
check "TTL is the answer's ttl" bash -c "kdig -p $PORT @127.0.0.1 +noall +answer $W A | grep -q '^www.example.test.[[:space:]]*20[[:space:]]'"
check "the answer is authoritative" bash -c "kdig -p $PORT @127.0.0.1 $W A | grep -q 'Flags: qr aa'"
check "over TCP too" bash -c "kdig -p $PORT @127.0.0.1 +tcp +short $W A +subnet=10.1.0.0/16 | grep -qx 192.0.2.82"

# Malformed ECS (scope set in a query; host bits past the source).
check "malformed ECS (scope in query) in an ECS zone: FORMERR" \
    bash -c "kdig -p $PORT @127.0.0.1 $W A +ednsopt=8:00011818c00002 | grep -q 'status: FORMERR'"
check "malformed ECS (host bits) in an ECS zone: FORMERR" \
    bash -c "kdig -p $PORT @127.0.0.1 ns1.example.test A +ednsopt=8:00011400c00021 | grep -q 'status: FORMERR'"
check "malformed ECS in a zone without ECS: ignored (NOERROR)" \
    bash -c "kdig -p $PORT @127.0.0.1 www.plain.test A +ednsopt=8:00011818c00002 | grep -q 'status: NOERROR'"
# A zone without ecs: the source address decides, no ECS in the reply.
expect "zone without ecs: ECS ignored, 127.0.0.1 is apac" 192.0.2.94 www.plain.test A +subnet=10.2.3.0/24
expect_ecs "... and no ECS option in the reply" none www.plain.test A +subnet=10.2.3.0/24

# eu's site goes down: eu falls back to us; back up: eu again.
touch "$TMP/eu-down"
check "check eu-up goes down" wait_log "$TMP/log" "check eu-up: .* -> down" 5
expect "eu's site down: eu gets its fallback (us)" 192.0.2.82 $W A +subnet=10.2.3.0/24
expect "us unaffected" 192.0.2.82 $W A +subnet=10.1.0.0/16
rm -f "$TMP/eu-down"
check "check eu-up comes back" wait_log "$TMP/log" "check eu-up: down -> up" 5
expect "eu's site up again: eu's answer" 192.0.2.81 $W A +subnet=10.2.3.0/24

# The nets file reloads with the config; a bad one keeps the old map.
printf '10.0.0.0/8 us\n' >"$TMP/nets.txt"
kill -HUP "$CPID"
check "reload done" wait_log "$TMP/log" "reload done" 5
expect "after reload 10/8 is us" 192.0.2.82 $W A +subnet=10.2.3.0/24
expect "after reload 127.0.0.1 is in no region: default" 192.0.2.80 $W A
printf '10.0.0.1/8 us\n' >"$TMP/nets.txt"
kill -HUP "$CPID"
check "a bad nets file fails the reload, naming file:line" \
    wait_log "$TMP/log" "geo: .*nets.txt:1: host bits set: 10.0.0.1/8" 5
expect "... and the old map still answers" 192.0.2.82 $W A +subnet=10.2.3.0/24

stop_castnsd
check "castnsd stops cleanly" [ "$STOP_RC" -eq 0 ]
finish

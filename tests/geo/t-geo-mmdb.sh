#!/bin/bash
# t-geo-mmdb.sh -- geo answers from a MaxMind DB on loopback.  The DB is
# written here by tests/geo/mkmmdb.pl (Debian's libmaxmind-db-writer-perl)
# for documentation prefixes; kdig +subnet= for addresses only the DB
# knows gets the region of their country, else of their continent, else
# the default, with the DB network's length as the ECS scope; a nets file
# entry wins over the DB.  A reload reads the DB again; a broken or
# missing DB fails the reload (naming the file) and the old map serves.
. "$(dirname "$0")/../serve/lib.sh"

D="$SRC_DIR/tests/serve/data"
command -v kdig >/dev/null || { skip "kdig missing"; finish; }
perl -MMaxMind::DB::Writer::Tree -e 1 2>/dev/null ||
    { skip "libmaxmind-db-writer-perl missing"; finish; }
MK="$SRC_DIR/tests/geo/mkmmdb.pl"
perl "$MK" test "$TMP/geo.mmdb" || { not_ok "mkmmdb.pl writes a DB"; finish; }
cp "$D/good.zone" "$TMP/example.test.zone"
printf '10.4.0.0/20 us\n' >"$TMP/nets.txt"
cat >"$TMP/geo.yaml" <<YAML
server:
  listen: 127.0.0.1@@PORT@
  workers: 2
  control: none
zone:
  - domain: example.test
    file: example.test.zone
    ecs: true
geo:
  nets: nets.txt
  maxmind: [ geo.mmdb ]
  countries: { DE: eu, US: us, JP: apac, FR: eu }
  continents: { EU: eu, NA: us, OC: apac }
  regions: [ eu, us, apac ]
  answers:
    - name: www.example.test
      type: A
      ttl: 20
      default: [ 192.0.2.80 ]
      region:
        eu:   { rdata: [ 192.0.2.81 ] }
        us:   { rdata: [ 192.0.2.82 ] }
        apac: { rdata: [ 192.0.2.84 ] }
YAML

# The configuration: printed, read back the same, checked with the DB.
sed 's/@PORT@/53/' "$TMP/geo.yaml" >"$TMP/static.yaml"
"$CASTNSD" -c "$TMP/static.yaml" --print-config >"$TMP/p1" 2>&1
check "--print-config shows maxmind, countries, continents" \
    grep -q "maxmind: \[ geo.mmdb \]" "$TMP/p1"
cp "$TMP/p1" "$TMP/printed.yaml"
"$CASTNSD" -c "$TMP/printed.yaml" --print-config >"$TMP/p2" 2>&1
check "the printed form reads back the same" diff -q "$TMP/p1" "$TMP/p2"
"$CASTNSD" -c "$TMP/static.yaml" --check-config >"$TMP/cc" 2>&1
check "--check-config reads the DB" grep -q "configuration ok" "$TMP/cc"
printf 'not a database\n' >"$TMP/bad.mmdb"
sed 's/geo\.mmdb/bad.mmdb/' "$TMP/static.yaml" >"$TMP/bad.yaml"
"$CASTNSD" -c "$TMP/bad.yaml" --check-config >"$TMP/cc" 2>&1
check "--check-config refuses a file that is no DB, naming it" \
    grep -q "castnsd: .*/bad.mmdb: not a MaxMind DB" "$TMP/cc"

start_castnsd "$TMP/log" -c "$TMP/geo.yaml" || { not_ok start; finish; }
check "the log says what geo loaded" grep -q "geo: 3 regions, 1 prefixes \
from .*nets.txt, 10 networks from 1 MaxMind DB, 1 answers" "$TMP/log"

q() { kdig -p "$PORT" @127.0.0.1 +retry=0 +timeout=2 "$@" 2>&1; }
# expect NAME WANT_ADDR WANT_ECS SUBNET: the answer and the reply's ECS
expect() {
	local name="$1" want="$2" wecs="$3" out got ecs
	out=$(q www.example.test A ${4:+"+subnet=$4"})
	got=$(echo "$out" | awk '$1 !~ /^;/ && $4 == "A" { print $5 }' |
	    tr '\n' ' ' |
	    sed 's/ $//')
	ecs=$(echo "$out" | sed -n 's/^;; CLIENT-SUBNET: //p')
	if [ "$got" = "$want" ] && [ "$ecs" = "$wecs" ]; then ok "$name"
	else
		not_ok "$name"
		diag "want $want $wecs, got '$got' '$ecs'"
	fi
}
expect "192.0.2.0/24 (DE) is eu, scope /24" 192.0.2.81 192.0.2.0/24/24 192.0.2.0/24
expect "203.0.113.0/24 (US) is us" 192.0.2.82 203.0.113.0/24/24 203.0.113.0/24
expect "198.51.100.0/24 (JP) is apac" 192.0.2.84 198.51.100.0/24/24 198.51.100.0/24
expect "198.51.100.0/22 (JP's /24 inside): scope capped at /22" 192.0.2.84 198.51.100.0/22/22 198.51.100.0/22
expect "10.1.2.0/24 (US, a /16) is us, scope /16" 192.0.2.82 10.1.2.0/24/16 10.1.2.0/24
expect "10.2.0.0/24 (IT: its continent EU) is eu" 192.0.2.81 10.2.0.0/24/16 10.2.0.0/24
expect "10.3.130.0/24 (no country, OC) is apac, scope /18" 192.0.2.84 10.3.130.0/24/18 10.3.130.0/24
expect "10.3.1.0/24 (BR, SA: unmapped) gets the default" 192.0.2.80 10.3.1.0/24/24 10.3.1.0/24
expect "10.3.192.0/24 (not in the DB) gets the default" 192.0.2.80 10.3.192.0/24/24 10.3.192.0/24
expect "10.4.1.0/24: the nets file (us) wins over the DB (FR)" 192.0.2.82 10.4.1.0/24/20 10.4.1.0/24
expect "10.4.128.0/24: the DB (FR, eu), scope /17 (not into the nets /20)" 192.0.2.81 10.4.128.0/24/17 10.4.128.0/24
expect "2001:db8:1::/48 (FR) is eu, scope /48" 192.0.2.81 2001:db8:1::/48/48 2001:db8:1::/48
expect "2001:db8:2::/56 (AU: OC) is apac, scope /48" 192.0.2.84 2001:db8:2::/56/48 2001:db8:2::/56
expect "2001:db8:3::/48 (CA: NA) is us" 192.0.2.82 2001:db8:3::/48/48 2001:db8:3::/48
expect "2001:db8:4::/48 (AR: SA) gets the default" 192.0.2.80 2001:db8:4::/48/48 2001:db8:4::/48
expect "no ECS: 127.0.0.1 is in no network, the default" 192.0.2.80 "" ""

# Reload: an IPv4-only DB drops the IPv6 networks.
perl "$MK" test4 "$TMP/new.mmdb" && mv "$TMP/new.mmdb" "$TMP/geo.mmdb"
kill -HUP "$CPID"
check "reload done" wait_log "$TMP/log" "reload done" 5
check "... and says what it read" wait_log "$TMP/log" \
    "geo: .* 7 networks from 1 MaxMind DB" 5
expect "after reload 2001:db8:1::/48 is in no network: default" 192.0.2.80 2001:db8:1::/48/48 2001:db8:1::/48
expect "after reload 192.0.2.0/24 is still eu" 192.0.2.81 192.0.2.0/24/24 192.0.2.0/24
# A broken DB fails the reload; the old map keeps answering.
head -c 300 "$TMP/geo.mmdb" >"$TMP/new.mmdb" && mv "$TMP/new.mmdb" "$TMP/geo.mmdb"
kill -HUP "$CPID"
check "a truncated DB fails the reload, naming the file" \
    wait_log "$TMP/log" "geo: .*/geo.mmdb: not a MaxMind DB" 5
expect "... and the old map still answers" 192.0.2.81 192.0.2.0/24/24 192.0.2.0/24
rm -f "$TMP/geo.mmdb"
kill -HUP "$CPID"
check "a missing DB fails the reload, naming the file" \
    wait_log "$TMP/log" "geo: .*/geo.mmdb: .*No such file" 5
expect "... and the old map still answers" 192.0.2.82 10.1.2.0/24/16 10.1.2.0/24

stop_castnsd
check "castnsd stops cleanly" [ "$STOP_RC" -eq 0 ]
finish

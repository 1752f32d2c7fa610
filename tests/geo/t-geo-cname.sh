#!/bin/bash
# t-geo-cname.sh -- per-region CNAME answers on loopback.  kdig +subnet=
# from each region gets that region's CNAME, followed inside the zone (the
# target's A/AAAA, or NODATA/NXDOMAIN with the SOA) or left for the
# resolver when the target is outside; the fallback while a site is down;
# a zone CNAME into a geo name and a geo CNAME onto a geo A.  For every
# type the reply is the one a second castnsd gives when the zone file has
# that CNAME itself.  A geo CNAME where the zone has data refuses to start.
. "$(dirname "$0")/../serve/lib.sh"

command -v kdig >/dev/null || { skip "kdig missing"; finish; }
cat >"$TMP/zone.head" <<'ZONE'
$ORIGIN example.test.
$TTL 300
@	IN SOA	ns1 hostmaster 2024010101 3600 900 604800 300
@	IN NS	ns1
ns1	IN A	192.0.2.53
eu	IN A	192.0.2.81
eu	IN AAAA	2001:db8::81
us	IN A	192.0.2.82
def	IN A	192.0.2.80
alias	IN CNAME www
web	IN CNAME geo-a
geo-a	IN A	192.0.2.99
sub	IN NS	ns.example.net.
ZONE
cp "$TMP/zone.head" "$TMP/example.test.zone"
printf '10.0.0.0/8 eu\n10.1.0.0/16 us\n10.2.0.0/16 apac\n127.0.0.0/8 eu\n' \
    >"$TMP/nets.txt"
cat >"$TMP/geo.yaml" <<YAML
server:
  listen: 127.0.0.1@@PORT@
  workers: 1
  control: none
zone:
  - { domain: example.test, file: example.test.zone, ecs: true }
check:
  - { id: eu-up, type: file, path: $TMP/eu-down, interval: 100ms,
      rise: 1, fall: 1 }
geo:
  nets: nets.txt
  regions: [ eu, us, apac ]
  sites:
    - { name: eu, check: eu-up }
  answers:
    - name: www.example.test
      type: CNAME
      ttl: 30
      default: def.example.test
      region:
        eu:   { site: eu, fallback: [ us ], rdata: eu.example.test }
        us:   { rdata: us.example.test. }
        apac: { rdata: cdn.example.net. }
    - name: img.example.test
      type: CNAME
      default: [ cdn.example.net ]
      region:
        us: { rdata: gone.example.test }
        eu: { rdata: geo-a.example.test }
    - name: geo-a.example.test
      type: A
      default: 192.0.2.90
      region:
        eu: { rdata: 192.0.2.91 }
YAML
start_castnsd "$TMP/log" -c "$TMP/geo.yaml" || { not_ok start; finish; }
GPID=$CPID GPORT=$PORT

# The same zone with www's eu answer written in the zone file, for
# comparison: what a CNAME at that name does in the zone.
mkdir -p "$TMP/st"
{ cat "$TMP/zone.head"; printf 'www\t30 IN CNAME eu\n'; } \
    >"$TMP/st/example.test.zone"
cat >"$TMP/st/st.yaml" <<YAML
server:
  listen: 127.0.0.1@@PORT@
  workers: 1
  control: none
zone:
  - { domain: example.test, file: example.test.zone }
YAML
start_castnsd "$TMP/st.log" -c "$TMP/st/st.yaml" || { not_ok "start static"; finish; }
SPORT=$PORT

q() { kdig -p "$GPORT" @127.0.0.1 +retry=0 +timeout=2 "$@" 2>&1; }
# sections ARGS...: rcode, flags, counts and the records of every section
# but the OPT pseudosection (ECS differs: the static zone has none), one
# per line, TTLs kept
sections() {
	kdig +retry=0 +timeout=2 +noall +header +answer +authority +additional \
	    +comments "$@" 2>&1 |
	    grep -v '^;; \(Received\|Time\|From\|EDNS\|CLIENT-SUBNET\|OPT PSEUDOSECTION\)' |
	    sed 's/id: [0-9]*//; s/ADDITIONAL: [0-9]*//' | grep -v '^$'
}
# expect NAME WANT ARGS...: the answer section's records as "TYPE DATA"
expect() {
	local name="$1" want="$2" got
	shift 2
	got=$(q +noall +answer "$@" | awk '{ print $4 " " $5 }' |
	    tr '\n' ' ' | sed 's/ $//')
	if [ "$got" = "$want" ]; then ok "$name"; else
		not_ok "$name"; diag "want '$want', got '$got'"; fi
}
status() { q "$@" | sed -n 's/.*status: \([A-Z]*\).*/\1/p'; }
ecs() { q "$@" | sed -n 's/^;; CLIENT-SUBNET: //p'; }

W=www.example.test
EU=+subnet=10.0.0.0/24
expect "eu: CNAME eu, followed to its A" "CNAME eu.example.test. A 192.0.2.81" $W A $EU
check "... ECS scope /16 (10/8 less the nested 10.1/16)" [ "$(ecs $W A $EU)" = "10.0.0.0/24/16" ]
check "... authoritative" bash -c "kdig -p $GPORT @127.0.0.1 $W A +subnet=10.0.0.0/24 | grep -q 'Flags: qr aa'"
expect "eu AAAA: CNAME eu, its AAAA" "CNAME eu.example.test. AAAA 2001:db8::81" $W AAAA $EU
expect "us: CNAME us, its A" "CNAME us.example.test. A 192.0.2.82" $W A +subnet=10.1.0.0/24
check "... ECS scope /16" [ "$(ecs $W A +subnet=10.1.0.0/24)" = "10.1.0.0/24/16" ]
expect "apac: CNAME out of the zone, not followed" "CNAME cdn.example.net." $W A +subnet=10.2.0.0/24
check "... NOERROR" [ "$(status $W A +subnet=10.2.0.0/24)" = NOERROR ]
expect "no region: the default CNAME" "CNAME def.example.test. A 192.0.2.80" $W A +subnet=192.0.2.0/24
check "... scope /24" [ "$(ecs $W A +subnet=192.0.2.0/24)" = "192.0.2.0/24/24" ]
expect "no ECS: 127.0.0.1 is eu" "CNAME eu.example.test. A 192.0.2.81" $W A
expect "qtype CNAME: the CNAME alone" "CNAME eu.example.test." $W CNAME $EU
expect "us TXT: the CNAME, then NODATA" "CNAME us.example.test." $W TXT +subnet=10.1.0.0/24
check "... with the SOA in authority" bash -c "kdig -p $GPORT @127.0.0.1 +noall +authority $W TXT +subnet=10.1.0.0/24 | grep -q SOA"
expect "a zone CNAME into the geo CNAME" \
    "CNAME www.example.test. CNAME eu.example.test. A 192.0.2.81" alias.example.test A $EU
check "... ECS scope /16 (the answer depends on location)" [ "$(ecs alias.example.test A $EU)" = "10.0.0.0/24/16" ]
expect "a zone CNAME onto a geo A: the geo A" "CNAME geo-a.example.test. A 192.0.2.91" web.example.test A $EU
expect "... from elsewhere its default" "CNAME geo-a.example.test. A 192.0.2.90" web.example.test A +subnet=10.1.0.0/24
expect "a geo CNAME onto a geo A" "CNAME geo-a.example.test. A 192.0.2.91" img.example.test A $EU
expect "a geo CNAME to a missing name" "CNAME gone.example.test." img.example.test A +subnet=10.1.0.0/24
check "... NXDOMAIN (RFC 6604: the last name's)" [ "$(status img.example.test A +subnet=10.1.0.0/24)" = NXDOMAIN ]
expect "below the geo CNAME: nothing" "" x.www.example.test A $EU
check "... NXDOMAIN" [ "$(status x.www.example.test A $EU)" = NXDOMAIN ]

# Same reply as a CNAME written in the zone file, type by type.
for t in A AAAA TXT MX CNAME ANY RRSIG NSEC SOA; do
	sections -p "$GPORT" @127.0.0.1 $W $t +subnet=10.0.0.0/24 >"$TMP/g.$t"
	sections -p "$SPORT" @127.0.0.1 $W $t +subnet=10.0.0.0/24 >"$TMP/s.$t"
	if diff -u "$TMP/s.$t" "$TMP/g.$t" >"$TMP/d.$t"; then
		ok "www $t: the reply a zone-file CNAME gives"
	else
		not_ok "www $t: the reply a zone-file CNAME gives"
		sed 's/^/#   /' "$TMP/d.$t"
	fi
done

# eu's site down: eu gets its fallback us.
touch "$TMP/eu-down"
check "check eu-up goes down" wait_log "$TMP/log" "check eu-up: .* -> down" 5
expect "eu's site down: us's CNAME" "CNAME us.example.test. A 192.0.2.82" $W A $EU
rm -f "$TMP/eu-down"
check "check eu-up comes back" wait_log "$TMP/log" "check eu-up: down -> up" 5
expect "eu's site up: eu's CNAME again" "CNAME eu.example.test. A 192.0.2.81" $W A $EU

# A geo CNAME at a name with data in the zone is refused.
sed 's/name: www.example.test/name: eu.example.test/' "$TMP/geo.yaml" >"$TMP/bad.yaml"
sed -i 's/rdata: eu.example.test }/rdata: us.example.test }/' "$TMP/bad.yaml"
sed "s/@PORT@/$((GPORT + 1))/" "$TMP/bad.yaml" >"$TMP/bad.run.yaml"
timeout 10 "$CASTNSD" -c "$TMP/bad.run.yaml" >"$TMP/bad.log" 2>&1
check "a geo CNAME where the zone has data: not starting" [ $? -ne 0 ]
check "... naming the name and the zone" grep -q \
    "geo: eu.example.test. CNAME: zone example.test. has other data at this name" "$TMP/bad.log"
# So is a geo name at or below a delegation.
sed 's/name: geo-a.example.test/name: x.sub.example.test/' "$TMP/geo.yaml" |
    sed "s/@PORT@/$((GPORT + 1))/" >"$TMP/bad2.yaml"
timeout 10 "$CASTNSD" -c "$TMP/bad2.yaml" >"$TMP/bad2.log" 2>&1
check "a geo name below a delegation: not starting" [ $? -ne 0 ]
check "... naming the delegation" grep -q "geo: x.sub.example.test.: at or \
below the delegation sub.example.test. of zone example.test." "$TMP/bad2.log"
# ... and a reload bringing one keeps the old map.
CPID=$GPID
sed "s/@PORT@/$GPORT/" "$TMP/bad.yaml" >"$TMP/geo.yaml.run"
kill -HUP "$GPID"
check "a reload with one fails" wait_log "$TMP/log" "geo: eu.example.test. CNAME: zone" 5
expect "... and the old answers stay" "CNAME eu.example.test. A 192.0.2.81" $W A $EU

stop_castnsd
check "castnsd stops cleanly" [ "$STOP_RC" -eq 0 ]

# In a signed zone geo answers go out unsigned: castnsd warns at load.
if command -v ldns-signzone >/dev/null &&
    "$SRC_DIR/tests/dnssec/sign.sh" "$TMP/sig" 2>/dev/null; then
	cat >"$TMP/sig.yaml" <<YAML
server:
  listen: 127.0.0.1@@PORT@
  workers: 1
  control: none
zone:
  - { domain: nsec.test, file: $TMP/sig/nsec.test.zone }
geo:
  nets: $TMP/nets.txt
  regions: [ eu, us, apac ]
  answers:
    - { name: geo.nsec.test, type: A, default: 192.0.2.1 }
YAML
	if start_castnsd "$TMP/sig.log" -c "$TMP/sig.yaml"; then
		check "a geo answer in a signed zone: a warning at load" grep -q \
		    "geo: geo.nsec.test. is in signed zone nsec.test. but geo answers are not signed" \
		    "$TMP/sig.log"
		stop_castnsd
	else
		not_ok "castnsd serves a signed zone with a geo answer"
	fi
else
	skip "ldnsutils missing: no signed zone"
fi
finish

#!/bin/bash
# t-signed.sh -- a pre-signed zone reaches castnsd by transfer and stays
# valid: Knot DNS on loopback serves example.test signed with NSEC3 by
# ldns-signzone (fresh keys); castnsd takes it by AXFR, then a re-signed
# version with a new name by NOTIFY and IXFR; a validating unbound whose
# only way to example.test is castnsd, with the zone's DS as its trust
# anchor, answers secure (AD) for the new name and a secure NXDOMAIN, and
# castnsd's own answers carry the RRSIGs and the NSEC3 proof.
. "$(dirname "$0")/lib.sh"
for p in knotd knotc kdig unbound ldns-keygen ldns-signzone ldns-key2ds \
    python3; do
	command -v "$p" >/dev/null || { skip "$p missing"; finish; }
done
KP=$(xport)
SP=$(xport)
UP=$(xport)
[ "$KP" = "$SP" ] && SP=$((KP + 1))
ZONE_REFRESH=3600
KEYS="$TMP/keys"
mkdir -p "$TMP/knot" "$KEYS"
(cd "$KEYS" && ldns-keygen -a ECDSAP256SHA256 -k example.test >ksk &&
    ldns-keygen -a ECDSAP256SHA256 example.test >zsk) ||
    { not_ok "ldns-keygen"; finish; }
ldns-key2ds -n -2 "$KEYS/$(cat "$KEYS/ksk").key" >"$TMP/anchor" ||
    { not_ok "ldns-key2ds"; finish; }

# signed SERIAL: example.test of write_zone, NSEC3 (1 iteration, salt),
# valid from an hour ago for 30 days, as Knot's zone file.
signed() {
	write_zone "$TMP/plain.zone" "$1" 3
	ldns-signzone -n -a 1 -t 1 -s beef -o example.test. \
	    -i "$(date -u -d '-1 hour' +%Y%m%d%H%M%S)" \
	    -e "$(date -u -d '+30 days' +%Y%m%d%H%M%S)" \
	    -f "$TMP/knot/example.test.zone" "$TMP/plain.zone" \
	    "$KEYS/$(cat "$KEYS/ksk")" "$KEYS/$(cat "$KEYS/zsk")"
}

# dig_do PORT NAME TYPE: the response with DO as kdig prints it
dig_do() { kq "$1" +dnssec "$2" "$3" 2>/dev/null; }

if ! signed 1 || ! knot_start "$KP" "$SP"; then
	not_ok "knotd serves the signed example.test on 127.0.0.1@$KP"
	show_log "$TMP/knot/knot.log"
	finish
fi
ok "knotd serves example.test serial 1, signed (NSEC3), on 127.0.0.1@$KP"
if ! start_secondary "$KP" "$SP"; then
	not_ok "castnsd starts as the secondary"
	show_log "$TMP/castnsd.log"
	finish
fi
wait_until 5 serial_is "$SP" 1
check "castnsd serves serial 1 by AXFR ($WAITED_MS ms)" [ $? -eq 0 ]
check "log: the received zone passed the DNSSEC load checks silently" \
    bash -c '! grep -qE "warning.*(RRSIG|NSEC)" "$0"' "$TMP/castnsd.log"

# The change: s2 TXT appears, s1 goes; re-signed; Knot sends NOTIFY.
signed 2
knot_reload
wait_until 5 serial_is "$SP" 2
check "serial 2 served after the primary's change ($WAITED_MS ms)" [ $? -eq 0 ]
check "log: serial 2 by IXFR" log_has "serial 2 by IXFR from 127.0.0.1@$KP"

resp=$(dig_do "$SP" s2.example.test TXT)
check "castnsd: s2 TXT with its RRSIG (DO)" \
    bash -c 'grep -q "s2.example.test.*TXT" <<<"$0" &&
    grep -q "RRSIG.*TXT" <<<"$0"' "$resp"
resp=$(dig_do "$SP" s1.example.test TXT)
check "castnsd: s1 gone, NXDOMAIN with NSEC3 records (DO)" \
    bash -c 'grep -q "status: NXDOMAIN" <<<"$0" &&
    [ "$(grep -c "NSEC3[[:space:]]" <<<"$0")" -ge 2 ]' "$resp"

cat >"$TMP/unbound.conf" <<EOT
server:
    interface: 127.0.0.1@$UP
    port: $UP
    do-daemonize: no
    username: ""
    chroot: ""
    directory: "$TMP"
    pidfile: ""
    use-syslog: no
    logfile: "$TMP/unbound.log"
    verbosity: 1
    do-not-query-localhost: no
    do-ip6: no
    qname-minimisation: no
    local-zone: "test." nodefault
    trust-anchor-file: "$TMP/anchor"
    module-config: "validator iterator"
    num-threads: 1
remote-control:
    control-enable: no
stub-zone:
    name: "example.test"
    stub-addr: 127.0.0.1@$SP
EOT
unbound -d -c "$TMP/unbound.conf" >>"$TMP/unbound.out" 2>&1 &
PIDS+=("$!")
ub() { kdig @127.0.0.1 -p "$UP" +dnssec +time=3 +retry=1 "$@" 2>/dev/null; }
wait_until 10 ub example.test SOA >/dev/null
resp=$(ub s2.example.test TXT)
check "unbound through castnsd: s2 TXT secure (AD)" \
    bash -c 'grep -q "status: NOERROR" <<<"$0" &&
    grep -qE "^;; Flags:.* ad" <<<"$0"' "$resp"
resp=$(ub nothere.example.test A)
check "unbound through castnsd: NXDOMAIN secure (AD)" \
    bash -c 'grep -q "status: NXDOMAIN" <<<"$0" &&
    grep -qE "^;; Flags:.* ad" <<<"$0"' "$resp"
resp=$(ub www.example.test A)
check "unbound through castnsd: www A secure (AD), serial 2's address" \
    bash -c 'grep -qE "^;; Flags:.* ad" <<<"$0" &&
    grep -q "192.0.2.3" <<<"$0"' "$resp"

if [ "$FAILED" -gt 0 ]; then
	diag "castnsd log:"
	show_log "$TMP/castnsd.log" 30
	grep -E "warning" "$TMP/castnsd.log" | sed "s/^/#   W /"
	diag "unbound log:"
	show_log "$TMP/unbound.log" 20
	diag "knot log:"
	show_log "$TMP/knot/knot.log" 20
fi
finish

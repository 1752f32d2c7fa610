#!/bin/bash
# t-xfrin-knot.sh -- castnsd as the secondary of Knot DNS on loopback:
# the first copy by AXFR (TSIG once castnsd has it), persisted as a zone
# file; the primary's change reaches castnsd by NOTIFY and IXFR (the time
# from Knot's reload to castnsd serving the new serial is printed);
# castnsctl zone-refresh and zone-status; a restart with the primary gone
# serves the persisted copy at once; past the SOA expire the zone answers
# SERVFAIL and castnsd itself goes failing ("zone example.test. expired",
# which withdraws every prefix); the primary back and one zone-refresh
# bring it back.
. "$(dirname "$0")/lib.sh"
for p in knotd knotc kdig python3; do
	command -v "$p" >/dev/null || { skip "$p missing"; finish; }
done
KP=$(xport)
SP=$(xport)
[ "$KP" = "$SP" ] && SP=$((KP + 1))
mkdir -p "$TMP/knot"
# Refresh far away: only NOTIFY can bring the change within a second.
ZONE_REFRESH=3600
write_zone "$TMP/knot/example.test.zone" 1 3
if ! knot_start "$KP" "$SP"; then
	not_ok "knotd serves example.test on 127.0.0.1@$KP"
	show_log "$TMP/knot/knot.log"
	finish
fi
ok "knotd serves example.test serial 1 on 127.0.0.1@$KP (TSIG: $XFR_TSIG)"
if ! start_secondary "$KP" "$SP"; then
	not_ok "castnsd starts as the secondary on 127.0.0.1@$SP"
	show_log "$TMP/castnsd.log"
	finish
fi
ok "castnsd starts as the secondary on 127.0.0.1@$SP"

wait_until 5 serial_is "$SP" 1
check "castnsd serves serial 1 after the first transfer ($WAITED_MS ms)" \
    [ $? -eq 0 ]
check "log: serial 1 by AXFR from Knot" \
    log_has "serial 1 by AXFR from 127.0.0.1@$KP: 8 records"
check "www.example.test A 192.0.2.2" \
    [ "$(kq "$SP" www.example.test A +short)" = 192.0.2.2 ]
check "the copy is persisted as a zone file with serial 1" \
    grep -qE "^example\.test\.	60	IN	SOA	.* 1 3600 1 3600 30$" \
    "$SEC_DIR/example.test.zone"
check "no temporary file left" [ ! -e "$SEC_DIR/example.test.zone.tmp" ]
check "zone-status: serial 1, primary serial 1, behind 0" \
    [ "$(zs serial) $(zs primary_serial) $(zs behind)" = "1 1 0" ]
wait_until 2 self_ok
check "castnsd itself ok once the zone has data" [ $? -eq 0 ]
check "metrics: castns_zone_transfers_total 1, castns_zone_expired 0" \
    [ "$(metric "$SP" castns_zone_transfers_total) $(metric "$SP" castns_zone_expired)" = "1 0" ]
check "metrics: castns_zone_transfer_duration_seconds" \
    [ -n "$(metric "$SP" castns_zone_transfer_duration_seconds)" ]

# The primary changes: NOTIFY, then IXFR.
write_zone "$TMP/knot/example.test.zone" 2 3
t0=$(now_ms)
knot_reload
wait_until 5 serial_is "$SP" 2
dt=$(($(now_ms) - t0))
diag "Knot reload to castnsd serving serial 2: $dt ms"
if [ "$dt" -le 1000 ]; then
	ok "serial 2 served within 1 s of the primary's change ($dt ms)"
else
	not_ok "serial 2 served within 1 s of the primary's change ($dt ms)"
fi
check "castnsd logged Knot's NOTIFY" log_has "NOTIFY"
check "log: serial 2 by IXFR from Knot" \
    log_has "serial 2 by IXFR from 127.0.0.1@$KP"
check "IXFR applied: s2 TXT present" \
    [ -n "$(kq "$SP" s2.example.test TXT +short)" ]
check "IXFR applied: s1 TXT gone (NXDOMAIN)" \
    [ "$(rcode_at "$SP" s1.example.test)" = NXDOMAIN ]
check "IXFR applied: www A 192.0.2.3" \
    [ "$(kq "$SP" www.example.test A +short)" = 192.0.2.3 ]

# A reload keeps what was transferred (the file is the persisted copy).
n0=$(grep -c "reload done" "$TMP/castnsd.log")
kill -HUP "$CPID"
wait_until 5 [ "$(grep -c "reload done" "$TMP/castnsd.log")" -gt "$n0" ]
check "SIGHUP reload: serial 2 still served, s2 there" \
    [ "$(serial_at "$SP")" = 2 -a -n "$(kq "$SP" s2.example.test TXT +short)" ]

# zone-refresh; this version has short timers for what follows.
ZONE_REFRESH=2
write_zone "$TMP/knot/example.test.zone" 3 3 10
knot_reload
ctl zone-refresh example.test >/dev/null
check "zone-refresh exits 0" [ $? -eq 0 ]
wait_until 3 serial_is "$SP" 3
check "serial 3 served after zone-refresh" [ $? -eq 0 ]
ctl zone-refresh nosuch.test 2>/dev/null
check "zone-refresh of an unknown zone exits 1" [ $? -eq 1 ]
ctl zone-refresh 'bad..name' 2>/dev/null
check "zone-refresh of a malformed name exits 2" [ $? -eq 2 ]
out=$(ctl zone-status)
check "zone-status text names the serial and the primary" \
    grep -q "serial 3, primary 127.0.0.1@$KP serial 3, behind by 0" <<<"$out"

# Restart with the primary gone: the persisted copy is served at once.
kill "$KNOT_PID"
wait_gone "$KNOT_PID" 5
stop_secondary
start_secondary "$KP" "$SP"
check "restarted without the primary: serial 3 served from the file" \
    serial_is "$SP" 3
wait_until 4 log_has "refresh failed from every primary"
check "the failed refresh is logged" [ $? -eq 0 ]
check "zone-status counts the failure" [ "$(zs failures)" -ge 1 ]

# Past expire (10 s after the load): SERVFAIL and castnsd itself failing.
wait_until 14 self_failing "zone example.test. expired"
check "expired after $WAITED_MS ms: castnsd itself failing (every prefix withdrawn)" \
    [ $? -eq 0 ]
check "an expired zone answers SERVFAIL" \
    [ "$(rcode_at "$SP")" = SERVFAIL ]
check "zone-status: expired" [ "$(zs expired)" = True ]
status_servfail() { ctl status | grep -q "example.test. .*SERVFAIL (secondary"; }
check "status: the zone answers SERVFAIL" status_servfail
check "status --json: servfail true" \
    [ "$(ctl --json status | python3 -c 'import json,sys; print(json.load(sys.stdin)["zones"][0]["servfail"])')" = True ]
check "log: expired" log_has "zone example.test. expired"
n0=$(grep -c "reload done" "$TMP/castnsd.log")
kill -HUP "$CPID"
wait_until 5 [ "$(grep -c "reload done" "$TMP/castnsd.log")" -gt "$n0" ]
check "SIGHUP reload keeps the expired zone expired (SERVFAIL)" \
    [ "$(rcode_at "$SP")" = SERVFAIL ]
check "metrics: castns_zone_expired 1, refresh failures counted" \
    [ "$(metric "$SP" castns_zone_expired)" = 1 -a \
    "$(metric "$SP" castns_zone_refresh_failures_total)" -ge 1 ]

# The copy's mtime is its last successful refresh: a restart long after
# it starts expired (the expiry clock survives restarts).
stop_secondary
touch -d "-1 hour" "$SEC_DIR/example.test.zone"
start_secondary "$KP" "$SP"
check "restart with a copy last refreshed 1 h ago: SERVFAIL at once" \
    [ "$(rcode_at "$SP")" = SERVFAIL ]
check "log: expired, last refreshed 3600 s ago" \
    log_has "copy .* was last refreshed 36[0-9][0-9] s ago, past the SOA expire"
wait_until 2 self_failing "zone example.test. expired"
check "castnsd itself failing from the start" [ $? -eq 0 ]

# The primary back: one refresh brings the zone back.
knot_start "$KP" "$SP" >/dev/null
ctl zone-refresh example.test >/dev/null
wait_until 4 serial_is "$SP" 3
check "after a successful refresh the zone is served again" [ $? -eq 0 ]
wait_until 2 self_ok
check "castnsd itself ok again" [ $? -eq 0 ]
check "zone-status: not expired" [ "$(zs expired)" = False ]

# A copy that differs from the primary's at the same serial (www gone
# from castnsd's file): the next IXFR deletes what castnsd lacks, so
# castnsd falls back to AXFR and ends with the primary's version.
stop_secondary
grep -v "^www\." "$SEC_DIR/example.test.zone" >"$TMP/cut.zone"
mv "$TMP/cut.zone" "$SEC_DIR/example.test.zone"
start_secondary "$KP" "$SP"
check "restart: serial 3 without www" \
    [ "$(serial_at "$SP") $(rcode_at "$SP")" = "3 NXDOMAIN" ]
write_zone "$TMP/knot/example.test.zone" 4 3
knot_reload
wait_until 5 serial_is "$SP" 4
check "serial 4 served after the primary's change" [ $? -eq 0 ]
check "the IXFR deleting a record castnsd lacks fell back to AXFR" \
    log_has "IXFR from 127.0.0.1@$KP refused: IXFR deletes www.example.test. type 1, which the zone at serial 3 does not have"
check "serial 4 by AXFR" log_has "serial 4 by AXFR from 127.0.0.1@$KP"
check "www is back with serial 4's address" \
    [ "$(kq "$SP" www.example.test A +short)" = 192.0.2.5 ]

if [ "$FAILED" -gt 0 ]; then
	diag "castnsd log:"
	show_log "$TMP/castnsd.log" 40
	diag "knot log:"
	show_log "$TMP/knot/knot.log" 20
fi
finish

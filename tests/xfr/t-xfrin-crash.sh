#!/bin/bash
# t-xfrin-crash.sh -- kill -9 castnsd while it takes a large zone (200,000
# records from Knot DNS): three times in the middle of a transfer slowed
# to about 1 MB/s by a relay (the old version stays, whole), then at
# seven moments of a full-speed transfer and of its persistence: every time the zone file on disk is a whole version (it
# passes castnsd --check-zone with serial 1 or 2, and 2 once the log
# said the new version was kept), and a restart with the primary gone
# serves exactly that version at once.
. "$(dirname "$0")/lib.sh"
for p in knotd knotc kdig python3; do
	command -v "$p" >/dev/null || { skip "$p missing"; finish; }
done
BIG=${XFR_CRASH_RECORDS:-200000}
KP=$(xport)
SP=$(xport)
[ "$KP" = "$SP" ] && SP=$((KP + 1))
mkdir -p "$TMP/knot"
write_zone "$TMP/knot/example.test.zone" 1 3
if ! knot_start "$KP" "$SP"; then
	not_ok "knotd serves example.test"
	finish
fi
start_secondary "$KP" "$SP"
wait_until 5 serial_is "$SP" 1
check "castnsd has serial 1 (8 records)" [ $? -eq 0 ]
stop_secondary
cp "$SEC_DIR/example.test.zone" "$TMP/v1.zone"
write_zone "$TMP/knot/example.test.zone" 2 "$BIG"
knot_reload
wait_until 20 serial_is "$KP" 2
check "Knot serves serial 2 with $BIG more records" [ $? -eq 0 ]

# file_serial: the serial of the zone file castnsd left, if it loads.
file_serial() {
	"$CASTNSD" --check-zone "example.test=$SEC_DIR/example.test.zone" \
	    2>/dev/null | sed -n 's/.*ok, serial \([0-9]*\),.*/\1/p'
}
# A relay to Knot that passes SOA queries (UDP) and slows transfers
# (TCP) to about 1 MB/s, so that a kill lands mid-transfer for sure.
RP=$(xport)
"$HERE/relay.py" "$RP" "$KP" "$TMP/relay.ready" --slow &
PIDS+=($!)
wait_until 5 test -e "$TMP/relay.ready"
for d in 0.3 1 2; do
	cp "$TMP/v1.zone" "$SEC_DIR/example.test.zone"
	lines=$(wc -l <"$TMP/castnsd.log")
	start_secondary "$RP" "$SP"
	wait_until 10 grep -q "(serial 2, ours 1)" \
	    <(tail -n +"$lines" "$TMP/castnsd.log")
	sleep "$d"
	kill -9 "$CPID"
	{ wait "$CPID"; } 2>/dev/null
	fs=$(file_serial)
	if tail -n +"$lines" "$TMP/castnsd.log" | grep -q "serial 2 by"; then
		not_ok "slowed transfer killed ${d}s in: it had finished already"
	else
		check "kill -9 ${d}s into a slowed transfer: the file is serial 1, whole" \
		    [ "$fs" = 1 -a ! -e "$SEC_DIR/example.test.zone.tmp" ]
	fi
done

# Full speed: kills around the end of the transfer and the write.
landed=""
for d in 0 0.05 0.1 0.2 0.3 0.5 0.8; do
	cp "$TMP/v1.zone" "$SEC_DIR/example.test.zone"
	lines=$(wc -l <"$TMP/castnsd.log")
	start_secondary "$KP" "$SP"
	wait_until 10 grep -q "(serial 2, ours 1)" \
	    <(tail -n +"$lines" "$TMP/castnsd.log")
	sleep "$d"
	kill -9 "$CPID"
	{ wait "$CPID"; } 2>/dev/null
	# A FILE.tmp left: killed while the new version was being written.
	[ -e "$SEC_DIR/example.test.zone.tmp" ] &&
	    diag "${d}s: killed while writing FILE.tmp ($(wc -l \
	    <"$SEC_DIR/example.test.zone.tmp") lines of it)"
	rm -f "$SEC_DIR/example.test.zone.tmp"
	done_before=no
	tail -n +"$lines" "$TMP/castnsd.log" | grep -q "serial 2 by" &&
	    done_before=yes
	fs=$(file_serial)
	# The log line follows the rename: "no" with serial 2 is a kill
	# between the two.  What must never be is a file that does not load.
	case "$done_before/$fs" in
	no/1|no/2|yes/2)
		ok "kill -9 ${d}s into the transfer (complete before: $done_before): the file is whole, serial $fs" ;;
	*)
		not_ok "kill -9 ${d}s into the transfer (complete before: $done_before): file serial '${fs}'" ;;
	esac
	landed="$landed $fs"
done
diag "file serial after each full-speed kill:$landed"

# SIGHUP and SIGTERM while the new version is taken or built (the build
# runs in a thread of its own): the reload waits for nothing and the
# version lands; the stop waits for the write and exits 0.
for sig in HUP TERM; do
	cp "$TMP/v1.zone" "$SEC_DIR/example.test.zone"
	lines=$(wc -l <"$TMP/castnsd.log")
	start_secondary "$KP" "$SP"
	wait_until 10 grep -q "(serial 2, ours 1)" \
	    <(tail -n +"$lines" "$TMP/castnsd.log")
	sleep 0.15
	kill -"$sig" "$CPID"
	if [ "$sig" = HUP ]; then
		wait_until 10 serial_is "$SP" 2
		check "SIGHUP during the transfer or its build: serial 2 served" \
		    [ $? -eq 0 ]
		stop_secondary
	else
		wait_gone "$CPID" 10
		wait "$CPID" 2>/dev/null
		rc=$?
		check "SIGTERM during the transfer or its build: exit 0 ($rc)" \
		    [ "$rc" -eq 0 ]
		fs=$(file_serial)
		check "and the file is whole (serial $fs)" [ -n "$fs" ]
	fi
done

# Restart with the primary gone: the version on disk is served at once.
kill "$KNOT_PID"
wait_gone "$KNOT_PID" 5
fs=$(file_serial)
t0=$(now_ms)
start_secondary "$KP" "$SP"
wait_until 10 serial_is "$SP" "$fs"
check "restart without the primary serves serial $fs from the file ($(($(now_ms) - t0)) ms)" \
    [ $? -eq 0 ]
if [ "$fs" = 2 ]; then
	check "all $BIG records are there (h$BIG answers)" \
	    [ -n "$(kq "$SP" "h$BIG.example.test" A +short)" ]
fi
[ "$FAILED" -gt 0 ] && show_log "$TMP/castnsd.log" 30
finish

#!/bin/bash
# t-xfrin-source.sh -- where castnsd's refreshes come from and go to: a
# first primary that never answers (a silent UDP socket: the SOA query
# times out after 2 s) makes castnsd go on to the second; transfer-source
# 127.0.0.2 is the source Knot sees, and Knot's ACL admits only that
# address; zone-status of a primary zone beside the secondary shows its
# serial and file; a primary whose UDP answer is truncated is asked
# again over TCP.
. "$(dirname "$0")/lib.sh"
for p in knotd knotc kdig python3; do
	command -v "$p" >/dev/null || { skip "$p missing"; finish; }
done
KP=$(xport)
SP=$(xport)
DEAD=$(xport)
[ "$KP" = "$SP" ] && SP=$((KP + 1))
# A UDP socket that reads and never answers.
python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", int(sys.argv[1])))
open(sys.argv[2], "w").close()
while True:
    s.recv(4096)' "$DEAD" "$TMP/silent.ready" &
PIDS+=($!)
wait_until 5 test -e "$TMP/silent.ready"
mkdir -p "$TMP/knot"
write_zone "$TMP/knot/example.test.zone" 1 3
KNOT_ACL=127.0.0.2 knot_start "$KP" "$SP"
check "Knot serves example.test, transfers only to 127.0.0.2" [ $? -eq 0 ]
printf '%s\n' '$TTL 60' '@ SOA ns1 hm 2024010101 3600 600 86400 60' \
    '@ NS ns1' 'ns1 A 192.0.2.1' >"$TMP/other.zone"
{
	castns_conf "$DEAD" "$SP" | sed "s|primary: \[ { address: 127.0.0.1@$DEAD\(.*\) } \]|primary: [ { address: 127.0.0.1@$DEAD\1 }, { address: 127.0.0.1@$KP\1 } ]\n    transfer-source: 127.0.0.2|"
	cat <<EOT
  - domain: other.test
    file: $TMP/other.zone
EOT
} >"$TMP/castns2.yaml"
check "configuration: two primaries and transfer-source" \
    grep -q "transfer-source: 127.0.0.2" "$TMP/castns2.yaml"
echo "--- start" >>"$TMP/castnsd.log"
t0=$(now_ms)
"$CASTNSD" -c "$TMP/castns2.yaml" -v >>"$TMP/castnsd.log" 2>&1 &
CPID=$!
PIDS+=("$CPID")
wait_until 10 serial_is "$SP" 1
dt=$(($(now_ms) - t0))
check "serial 1 served, from the second primary, after $dt ms" [ $? -eq 0 ]
check "the first primary timed out (2 s) and was logged" \
    log_has "SOA query to 127.0.0.1@$DEAD: timed out"
check "the transfer came from 127.0.0.2 (Knot's log)" \
    grep -q "remote 127.0.0.2@.*finished" "$TMP/knot/knot.log"
out=$(ctl zone-status other.test)
check "zone-status of a primary zone: serial and file" \
    grep -q "other.test. *primary *serial 2024010101, file $TMP/other.zone" <<<"$out"
check "zone-status --json of a primary zone" \
    [ "$(ctl --json zone-status other.test | python3 -c 'import json,sys; z=json.load(sys.stdin)["zones"][0]; print(z["type"], z["serial"])')" = "primary 2024010101" ]
ctl zone-refresh other.test 2>"$TMP/err"
rc=$?
check "zone-refresh of a primary zone exits 1" [ "$rc" -eq 1 ]
check "zone-refresh of a primary zone says why" \
    grep -q "not a secondary" "$TMP/err"
# A primary whose UDP answers are truncated (TC): the SOA query goes
# again over TCP.  A stand-in answers UDP with TC and relays TCP to Knot
# (from 127.0.0.2, which Knot admits).  Without TSIG: the stand-in's TC
# answer could not carry a valid MAC.
stop_secondary
rm -f "$SEC_DIR"/*
kill "$KNOT_PID"
wait_gone "$KNOT_PID" 5
XFR_TSIG=0
KNOT_ACL=127.0.0.2 knot_start "$KP" "$SP"
TCP_PORT=$(xport)
"$HERE/relay.py" "$TCP_PORT" "$KP" "$TMP/tc.ready" --udp-tc --from 127.0.0.2 &
PIDS+=($!)
wait_until 5 test -e "$TMP/tc.ready"
start_secondary "$TCP_PORT" "$SP"
wait_until 5 serial_is "$SP" 1
check "a primary answering UDP with TC: serial 1 all the same" [ $? -eq 0 ]
check "log: the truncated SOA answer was asked again over TCP" \
    log_has "SOA answer from 127.0.0.1@$TCP_PORT truncated, asking again over TCP"

[ "$FAILED" -gt 0 ] && { show_log "$TMP/castnsd.log" 20; show_log "$TMP/knot/knot.log" 10; }
finish

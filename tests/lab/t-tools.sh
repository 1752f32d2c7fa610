#!/bin/bash
# t-tools.sh -- the lab's measurement tools: their computations on synthetic
# data (test_tools.py), then stream.py and tcplong.py end to end on loopback
# against castnsd: node "eu-1" serves, is killed (SIGKILL) while both tools
# run, and "us-1" takes its port; the tools must see the change of node,
# measure it from the event stamp, and stop cleanly on SIGTERM.  No root.
. "$(dirname "$0")/../serve/lib.sh"

TOOLS="$SRC_DIR/lab/tools"
command -v python3 >/dev/null || { skip "python3 missing"; finish; }

# The computations (TAP from the unittest runner, renumbered).
while read -r line; do
	case "$line" in
	"ok "*) ok "${line#ok [0-9]* }" ;;
	"not ok "*) not_ok "${line#not ok [0-9]* }" ;;
	esac
done < <(python3 "$SRC_DIR/tests/lab/test_tools.py" 2>"$TMP/unit.err")
grep -q '^OK' "$TMP/unit.err" || { not_ok "test_tools.py"; sed 's/^/#   /' "$TMP/unit.err"; }

cp "$SRC_DIR/examples/myawesomedns.something.zone" "$TMP/"
conf() {
	cat >"$TMP/$1.yaml" <<EOT
server:
  identity: $1
  listen: [ "127.0.0.1@@PORT@" ]
  workers: 1
  control: $TMP/$1.sock
zone:
  - domain: myawesomedns.something
    file: myawesomedns.something.zone
EOT
}
conf eu-1
conf us-1
if ! start_castnsd "$TMP/eu.log" -c "$TMP/eu-1.yaml"; then
	not_ok "castnsd eu-1 starts"
	finish
fi
EU=$CPID
ok "castnsd eu-1 serves on 127.0.0.1@$PORT"

Q=(-q myawesomedns.something)
python3 "$TOOLS/stream.py" 127.0.0.1 -p "$PORT" "${Q[@]}" -d 20 \
    --event-file "$TMP/event" --ready "$TMP/s.ready" -o "$TMP/s.json" \
    >"$TMP/s.out" 2>&1 &
SP=$!
PIDS+=("$SP")
python3 "$TOOLS/tcplong.py" 127.0.0.1 -p "$PORT" "${Q[@]}" -i 50 -d 20 \
    --connect-wait 3000 --event-file "$TMP/event" --ready "$TMP/t.ready" \
    -o "$TMP/t.json" >"$TMP/t.out" 2>&1 &
TP=$!
PIDS+=("$TP")
for i in $(seq 1 60); do
	[ -s "$TMP/s.ready" ] && [ -s "$TMP/t.ready" ] && break
	sleep 0.05
done
check "both tools answered by eu-1" [ "$(cat "$TMP/s.ready" "$TMP/t.ready" 2>/dev/null | sort -u)" = eu-1 ]
sleep 0.3

# The event: eu-1 killed; us-1 takes the port.  The stamp is written just
# before the kill, from the same wall clock as the tools'.
python3 -c 'import time; print("%.6f" % time.time())' >"$TMP/event"
{ kill -9 "$EU"; wait "$EU"; } 2>/dev/null
sed "s/@PORT@/$PORT/g" "$TMP/us-1.yaml" >"$TMP/us-1.yaml.run"
"$CASTNSD" -c "$TMP/us-1.yaml.run" >"$TMP/us.log" 2>&1 &
PIDS+=("$!")
wait_log "$TMP/us.log" "serving as" 10
check "castnsd us-1 takes the port" [ $? -eq 0 ]
sleep 0.5
kill -TERM "$SP"
wait_gone "$SP" 3
check "stream.py stops on SIGTERM within 3 s" [ $? -eq 0 ]
wait_gone "$TP" 10
check "tcplong.py ends after its reconnection" [ $? -eq 0 ]
sed 's/^/#   /' "$TMP/s.out" "$TMP/t.out"

fig() { python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
print(eval(sys.argv[2]))" "$@"; }
check "stream: eu-1 before, us-1 after" [ "$(fig "$TMP/s.json" 'd["analysis"]["before"], d["analysis"]["after"]')" = "('eu-1', 'us-1')" ]
fo=$(fig "$TMP/s.json" 'd["analysis"]["failover_ms"]')
check "stream: failover measured from the event stamp, under 2 s ($fo ms)" \
    python3 -c "import sys; sys.exit(not 0 < float('$fo') < 2000)"
check "stream: sent = answered + lost, and about 10 ms apart" \
    fig "$TMP/s.json" 'exit(not (d["analysis"]["sent"] == d["analysis"]["answered"] + d["analysis"]["lost"] and 8 < (d["queries"][-1][0] - d["queries"][0][0]) / (len(d["queries"]) - 1) < 13))'
check "stream: JSON re-analysed from the file gives the same failover" \
    grep -q "eu-1 -> us-1 $fo ms" <(python3 "$TOOLS/stream.py" --analyse "$TMP/s.json")
kind=$(fig "$TMP/t.json" 'd["long"]["end"]["kind"]')
check "tcplong: the long connection to eu-1 ends (closed or reset: $kind)" \
    grep -qxE 'closed|reset' <<<"$kind"
check "tcplong: a new connection is answered by us-1" \
    [ "$(fig "$TMP/t.json" 'd["new"]["site"]')" = us-1 ]
check "tcplong: its end is placed after the event" \
    fig "$TMP/t.json" 'exit(not d["long"]["end"]["after_event_ms"] >= 0)'
finish

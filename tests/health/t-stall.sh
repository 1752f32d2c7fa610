#!/bin/bash
# t-stall.sh -- castnsd knows its own state without polling: a DNS worker
# thread that stops turning its loop takes every prefix down, and its
# recovery brings them back at once.  gdb in non-stop mode attaches to
# castnsd and stops only the thread castnsd-dns1 for 3.5 s; the control
# thread and the other worker keep running.  castnsctl status shows the
# prefixes withdrawn with the reason ("castnsd itself: DNS worker 1 has
# not run for ...") within NODE_WORKER_STUCK_MS (2 s) + the 500 ms watch;
# after the release they are announced again within one watch period,
# without waiting for rise (the checks stayed up).
. "$(dirname "$0")/lib.sh"
need_root_and gdb python3

AC1=198.51.100.1
AC3=203.0.113.1
P1=198.51.100.0/24
P3=203.0.113.0/24
STALL_S=3.5

if ! self_node $AC1 $AC3; then
	not_ok "namespace $NS_NODE with $AC1 and $AC3 on lo"
	finish
fi
cp "$SRC_DIR/tests/serve/data/good.zone" "$TMP/example.test.zone"
# fall: 50 keeps the self check up through the stall (half of its probes
# may reach the stalled worker): what withdraws the prefixes is castnsd's
# own state, not the check.
{
	cat <<EOT
server:
  identity: node1
  listen: [ "$AC1@53", "$AC3@53" ]
  workers: 2
  control: $CTL
zone:
  - domain: example.test
    file: example.test.zone
check:
  - id: self
    type: dns
    interval: 100ms
    timeout: 80ms
    rise: 2
    fall: 50
anycast:
  - prefix: $P1
    checks: [ self ]
  - prefix: $P3
EOT
	self_bgp
} >"$NODE_CONF"
if ! node_start; then
	not_ok "castnsd starts"
	finish
fi
ok "castnsd starts with 2 workers"
tid=""
for t in /proc/"$NODE_PID"/task/*; do
	[ "$(cat "$t/comm" 2>/dev/null)" = castnsd-dns1 ] && tid=${t##*/}
done
check "worker thread castnsd-dns1 found (tid ${tid:-none})" [ -n "$tid" ]
wait_until 5 state_is "$P1" announced && wait_until 1 state_is "$P3" announced
check "both prefixes announced" [ $? -eq 0 ]
check "status --json: self ok" [ "$(json_get "s['self']['ok']")" = True ]

# gdb reads its commands from a pipe, so its event loop runs between
# them: after "attach" (non-stop: every thread stops), resume them all,
# then interrupt castnsd-dns1 alone; STALL_S later resume it and detach.
sel='python [t for t in gdb.selected_inferior().threads() if t.name == "castnsd-dns1"][0].switch()'
{
	printf '%s\n' "set pagination off" "set confirm off" \
	    "set non-stop on" "attach $NODE_PID"
	# In non-stop mode attach returns before every thread has stopped;
	# "continue -a" then would leave the late ones stopped.
	sleep 1.5
	printf '%s\n' "continue -a &" "$sel" "interrupt"
	sleep 0.2
	echo "info threads"
	sleep "$STALL_S"
	now_ms >"$TMP/released"
	printf '%s\n' "$sel" "continue &"
	sleep 0.2
	printf '%s\n' "info threads" "detach" "quit"
} | timeout 30 gdb -q -nx >"$TMP/gdb.log" 2>&1 &
GDB_PID=$!
PIDS+=("$GDB_PID")

stalled() { state_is "$P1" withdrawn && state_is "$P3" withdrawn; }
wait_until "$((${STALL_S%.*} + 2))" stalled
check "worker 1 stalled: both prefixes withdrawn ($WAITED_MS ms after the attach)" [ $? -eq 0 ]
# The harness itself: only castnsd-dns1 is held by gdb (state t).
held=""
for t in /proc/"$NODE_PID"/task/*; do
	[ "$(awk '{ print $3 }' "$t/stat" 2>/dev/null)" = t ] &&
	    held="$held $(cat "$t/comm")"
done
check "gdb holds exactly castnsd-dns1 (held:${held:- none})" [ "$held" = " castnsd-dns1" ]
reason=$(reason_of "$P3")
diag "reason: $reason"
check "the reason: castnsd itself, worker 1 not running" \
    grep -qE "^castnsd itself: DNS worker 1 has not run for [0-9.]+ s$" <<<"$reason"
check "status --json: self not ok" [ "$(json_get "s['self']['ok']")" = False ]
ctl_raw status >"$TMP/status.txt"
sed 's/^/#   /' "$TMP/status.txt"
check "castnsctl status: castnsd itself failing, with the reason" \
    grep -q "^castnsd itself: failing, every prefix withdrawn (DNS worker 1 has not run for" "$TMP/status.txt"
check "the self check stayed up (fall 50)" [ "$(check_field self up)" = True ]

if ! wait_gone "$GDB_PID" 10; then
	not_ok "gdb released the worker and detached"
	sed 's/^/#   /' "$TMP/gdb.log"
	finish
fi
forget_pid "$GDB_PID"
grep -E '^\*? *[0-9]+ +Thread .*castnsd-dns1' "$TMP/gdb.log" | sed 's/^/#   gdb: /'
state=$(awk '/^State:/ { print $2 }' /proc/"$NODE_PID"/status)
check "castnsd runs after gdb detached (state $state)" [ "$state" = S -o "$state" = R ]
recovered() { state_is "$P1" announced && state_is "$P3" announced; }
wait_until 3 recovered
rc=$?
ms=$(($(now_ms) - $(cat "$TMP/released")))
check "released: both announced again at once, no rise ($ms ms after the release; <= 1000)" \
    [ "$rc" -eq 0 -a "$ms" -le 1000 ]
check "status --json: self ok again" [ "$(json_get "s['self']['ok']")" = True ]
grep -E "castnsd itself: |$P3: " "$NODE_LOG" | sed 's/^/#   /'
check "logged: ok -> failing with the reason, then failing -> ok" bash -c \
    'grep -q "castnsd itself: ok -> failing (DNS worker 1 has not run for" "$0" &&
     grep -q "castnsd itself: failing -> ok (DNS workers running)" "$0"' "$NODE_LOG"
check "logged: the prefix change with its reason" \
    grep -q "$P3: announced -> withdrawn (castnsd itself: DNS worker 1 has not run for" "$NODE_LOG"
node_stop
check "castnsd stops cleanly" [ "$STOP_RC" -eq 0 ]
finish

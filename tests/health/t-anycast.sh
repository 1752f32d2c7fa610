#!/bin/bash
# t-anycast.sh -- health-gated anycast against BIRD 2, end to end: a node
# namespace (castnsd, the anycast addresses on lo) and a router namespace
# (BIRD), one eBGP session.  DNS on the anycast address blocked with nft
# -> the prefix withdrawn within interval x fall + 100 ms, and the UPDATE
# on the wire within 10 ms of castnsd's verdict; unblocked -> announced
# after rise; a check flapping every 300 ms -> suppressed until reuse;
# drain -> 65535:0 at BIRD, then withdrawn; disable/enable; castnsctl's
# commands and exit statuses; castnsd killed -> BIRD drops the routes.
. "$(dirname "$0")/lib.sh"
need_root_and bird birdc nft dumpcap tshark python3 kdig

AC1=198.51.100.1	# gated by a dns check of itself
AC2=198.51.100.2	# gated by a file check that the test flaps
AC3=198.51.100.3	# no check: drained, disabled, enabled by hand
MAINT="$TMP/maintenance"
RTR_CONF="$TMP/rtr-bird.conf"
RTR_CTL="$TMP/rtr-bird.ctl"
RTR_LOG="$TMP/rtr-bird.log"
RTR_LOGS=("$RTR_LOG")
SESSIONS="v4"

ctl() { "$CASTNSCTL" -s "$CTL" "$@" | sed 's/^/#   /'; return "${PIPESTATUS[0]}"; }
birdc_() { birdc -s "$RTR_CTL" "$@"; }
# has_route PREFIX: BIRD holds PREFIX from castnsd.
has_route() { birdc_ show route "$1" protocol n4 | grep -q "^$1"; }
no_route() { ! has_route "$1"; }
# log_ms FILE PATTERN: epoch ms of the last line of castnsd's log matching.
log_ms() {
	grep -E "$2" "$1" | tail -n 1 | python3 -c '
import sys, datetime
line = sys.stdin.read().split(" ")[0]
t = datetime.datetime.strptime(line, "%Y-%m-%dT%H:%M:%S.%fZ")
t = t.replace(tzinfo=datetime.timezone.utc)
print(int(t.timestamp() * 1000))'
}

cat >"$RTR_CONF" <<EOT
router id $RTR4;
log "$RTR_LOG" all;
timeformat log "%F %T.%3f";
debug protocols { states, routes };
protocol device { }
protocol bgp n4 {
	local $RTR4 as $RTR_AS;
	neighbor $NODE4 as $NODE_AS;
	hold time 9;
	connect retry time 1;
	connect delay time 1;
	error wait time 1, 2;
	ipv4 { import all; export none; };
}
EOT

write_conf() {
	cp "$SRC_DIR/tests/serve/data/good.zone" "$TMP/example.test.zone"
	cat >"$NODE_CONF" <<EOT
server:
  identity: node1
  listen: [ "$AC1@53", "$NODE4@53" ]
  workers: 1
  control: $CTL
zone:
  - domain: example.test
    file: example.test.zone
bgp:
  as: $NODE_AS
  router-id: $NODE4
  peer:
    - address: $RTR4
      local-address: $NODE4
      remote-as: $RTR_AS
      hold-time: 9s
      connect-retry: 1s
check:
  - id: dns-self
    type: dns
    target: $AC1@53
    query: example.test SOA
    interval: 100ms
    timeout: 80ms
    rise: 2
    fall: 2
  - id: maintenance
    type: file
    path: $MAINT
    interval: 100ms
    timeout: 50ms
    rise: 1
    fall: 1
health:
  damping:
    penalty: 1000
    suppress: 2500
    reuse: 800
    half-life: 2s
    max-suppress: 20s
  drain:
    time: 2s
anycast:
  - prefix: $AC1/32
    checks: [ dns-self ]
  - prefix: $AC2/32
    checks: [ maintenance ]
  - prefix: $AC3/32
EOT
}

if ! netns_add "$NS_NODE" || ! topology; then
	not_ok "namespaces $NS_NODE and $NS_RTR joined by a veth"
	finish
fi
for a in $AC1 $AC2 $AC3; do in_ns "$NS_NODE" ip addr add "$a/32" dev lo; done
ok "namespaces with the anycast addresses on the node's lo"
capture_start
start_in_ns "$NS_RTR" rtr "$TMP/rtr-bird.out" bird -f -c "$RTR_CONF" \
    -s "$RTR_CTL" -P "$TMP/rtr-bird.bpid"
wait_until 5 birdc_ show status
check "BIRD starts" [ $? -eq 0 ]
write_conf
if ! node_start; then
	not_ok "castnsd starts"
	finish
fi
ok "castnsd starts with checks, damping and a control socket"

# Up: each prefix is announced once its checks have risen.
wait_until 10 has_route "$AC1/32" && wait_until 3 has_route "$AC2/32" &&
    wait_until 3 has_route "$AC3/32"
check "the three prefixes reach BIRD once their checks have risen" [ $? -eq 0 ]
check "status --json: $AC1/32 announced" state_is "$AC1/32" announced

# DNS on the anycast address blocked: withdrawn within interval x fall +
# 100 ms = 300 ms, measured from the block to BIRD's removal.
in_ns "$NS_NODE" nft add table inet castns_t
in_ns "$NS_NODE" nft add chain inet castns_t in \
    '{ type filter hook input priority 0; }'
CLEANUPS+=("ip netns exec $NS_NODE nft delete table inet castns_t")
mark=$(lines_of "$NODE_LOG")
t0=$(now_ms)
in_ns "$NS_NODE" nft add rule inet castns_t in ip daddr $AC1 udp dport 53 drop
wait_until 3 no_route "$AC1/32"
t_gone=$(now_ms)
if wait_log "$NODE_LOG" "$AC1/32: announced -> withdrawn" 2; then
	t_verdict=$(log_ms "$NODE_LOG" "$AC1/32: announced -> withdrawn")
	ms=$((t_verdict - t0))
	diag "verdict $ms ms after the block; BIRD without the route by $((t_gone - t0)) ms (polled)"
	check "blocked: castnsd withdraws $AC1/32 within 300 ms ($ms ms)" [ "$ms" -le 300 ]
else
	not_ok "blocked: castnsd withdraws $AC1/32"
	show_logs
fi
check "blocked: BIRD no longer has $AC1/32" no_route "$AC1/32"
check "blocked: $AC2/32 and $AC3/32 stay" has_route "$AC2/32"
reason=$(reason_of "$AC1/32")
diag "reason: $reason"
check "status says why: the check, what it saw" \
    grep -q dns-self <<<"$reason"

# Unblocked: announced again after rise (2 x 100 ms).
t0=$(now_ms)
in_ns "$NS_NODE" nft flush chain inet castns_t in
wait_until 3 has_route "$AC1/32"
check "unblocked: $AC1/32 back at BIRD after rise ($WAITED_MS ms)" [ $? -eq 0 ]

# Flapping every 300 ms: damping suppresses the prefix; BIRD sees only the
# first few changes; the prefix stays withdrawn until the penalty decays.
upd0=$(grep -c "$AC2/32" "$RTR_LOG")
for i in $(seq 1 10); do
	touch "$MAINT"; sleep 0.15
	rm -f "$MAINT"; sleep 0.15
done
wait_until 2 state_is "$AC2/32" suppressed
check "flapping: $AC2/32 suppressed" [ $? -eq 0 ]
upd=$(($(grep -c "$AC2/32" "$RTR_LOG") - upd0))
diag "BIRD logged $upd route changes for $AC2/32 over 10 flaps"
check "flapping: BIRD saw fewer than 10 changes ($upd)" [ "$upd" -lt 10 ]
check "suppressed: withdrawn although the check is up" no_route "$AC2/32"
ctl_raw status | grep -E "$AC2/32" | sed 's/^/#   /'
wait_until 25 has_route "$AC2/32"
check "suppressed: announced again once the penalty decays below reuse ($WAITED_MS ms)" [ $? -eq 0 ]

# Drain: GRACEFUL_SHUTDOWN (65535, 0) at BIRD, then the withdrawal.
ctl drain "$AC3/32"
check "castnsctl drain exits 0" [ $? -eq 0 ]
gshut() { birdc_ show route all "$AC3/32" | grep -q "(65535,0)"; }
wait_until 2 gshut
check "draining: BIRD shows 65535:0 on $AC3/32" [ $? -eq 0 ]
check "status --json: draining" state_is "$AC3/32" draining
wait_until 4 no_route "$AC3/32"
check "drained: withdrawn after the drain time ($WAITED_MS ms)" [ $? -eq 0 ]
ctl undrain "$AC3/32"
check "castnsctl undrain exits 0" [ $? -eq 0 ]
wait_until 3 has_route "$AC3/32"
check "undrained: announced again" [ $? -eq 0 ]
! gshut
check "undrained: without 65535:0" [ $? -eq 0 ]

# Drain all with --wait returns once every prefix is withdrawn.
t0=$(now_ms)
ctl drain all --wait
rc=$?
check "drain all --wait exits 0 after the drain time ($(($(now_ms) - t0)) ms)" [ "$rc" -eq 0 ]
check "drained all: nothing left at BIRD" no_route "$AC1/32"
ctl undrain all
wait_until 3 has_route "$AC1/32"
check "undrain all: announced again" [ $? -eq 0 ]

# Disable / enable.
ctl disable "$AC3/32"
check "castnsctl disable exits 0" [ $? -eq 0 ]
wait_until 2 no_route "$AC3/32"
check "disabled: withdrawn" [ $? -eq 0 ]
check "status --json: disabled" state_is "$AC3/32" disabled
ctl enable "$AC3/32"
check "castnsctl enable exits 0" [ $? -eq 0 ]
wait_until 2 has_route "$AC3/32"
check "enabled: announced again" [ $? -eq 0 ]

# castnsctl against the live daemon: every command and its exit status.
for cmd in status "--json status" bgp "--json bgp" stats "--json stats" \
    reload "zone-reload example.test"; do
	# shellcheck disable=SC2086
	out=$(ctl_raw $cmd 2>&1)
	check "castnsctl $cmd exits 0" [ $? -eq 0 ]
done
ctl_raw --json status | python3 -c 'import json, sys; json.load(sys.stdin)'
check "status --json is JSON" [ $? -eq 0 ]
ctl_raw disable 203.0.113.0/24 >/dev/null 2>&1
check "disable of an unknown prefix exits 1" [ $? -eq 1 ]
ctl_raw zone-reload no.such.zone >/dev/null 2>&1
check "zone-reload of an unknown zone exits 1" [ $? -eq 1 ]
out=$(ctl_raw frobnicate 2>&1)
rc=$?
usage=0
grep -qi usage <<<"$out" && usage=1
check "an unknown command prints usage and fails ($rc)" \
    [ "$rc" -ne 0 -a "$usage" = 1 ]

# The withdrawal on the wire within 10 ms of the verdict: castnsd's log
# line (ms) against the capture's timestamp of the UPDATE withdrawing it.
capture_stop
t_verdict=$(log_ms "$NODE_LOG" "$AC1/32: announced -> withdrawn")
t_wire=$(tshark -r "$CAP" -Y "bgp.update.withdrawn_routes.length > 0 && ip.src == $NODE4" \
    -T fields -e frame.time_epoch 2>/dev/null | head -n 1 |
    awk '{ printf "%.0f", $1 * 1000 }')
if [ -n "$t_wire" ] && [ -n "$t_verdict" ]; then
	ms=$((t_wire - t_verdict))
	# Both clocks are the host's; the log has ms resolution (-1 ok).
	check "first withdrawal on the wire $ms ms after the verdict (<= 10 ms)" \
	    [ "$ms" -le 10 -a "$ms" -ge -1 ]
else
	not_ok "the withdrawal UPDATE is in the capture"
fi

# castnsd killed: the kernel closes the session; BIRD drops the routes.
node_stop KILL
wait_until 2 no_route "$AC3/32"
check "castnsd killed: BIRD drops the routes at once ($WAITED_MS ms, polled)" [ $? -eq 0 ]
finish

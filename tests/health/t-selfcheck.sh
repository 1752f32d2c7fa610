#!/bin/bash
# t-selfcheck.sh -- a dns check without target asks castnsd itself on each
# listen address inside the prefixes it gates, and fails when any one of
# them does not answer.  In a namespace (no router: status --json shows
# the states): two anycast addresses of 198.51.100.0/24 gated by the
# check, a third in 203.0.113.0/24 without checks.  Up while castnsd
# answers on both; DNS to one of them dropped with nft -> the check goes
# down naming that address and 198.51.100.0/24 is withdrawn, while
# 203.0.113.0/24 (no checks) stays announced; undropped -> back after
# rise.
. "$(dirname "$0")/lib.sh"
need_root_and nft python3 kdig

AC1=198.51.100.1
AC2=198.51.100.2
AC3=203.0.113.1
P1=198.51.100.0/24
P3=203.0.113.0/24

if ! self_node $AC1 $AC2 $AC3; then
	not_ok "namespace $NS_NODE with $AC1, $AC2 and $AC3 on lo"
	finish
fi
cp "$SRC_DIR/tests/serve/data/good.zone" "$TMP/example.test.zone"
{
	cat <<EOT
server:
  identity: node1
  listen: [ "$AC1@53", "$AC2@53", "$AC3@53" ]
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
    fall: 2
anycast:
  - prefix: $P1
    checks: [ self ]
  - prefix: $P3
EOT
	self_bgp
} >"$NODE_CONF"
out=$("$CASTNSD" -c "$NODE_CONF" --print-config 2>&1)
check "the check asks $AC1@53 and $AC2@53, not $AC3@53" \
    grep -q "# target: not set, asks $AC1@53, $AC2@53 (" <<<"$out"
if ! node_start; then
	not_ok "castnsd starts"
	finish
fi
ok "castnsd starts"

wait_until 5 state_is "$P1" announced
check "$P1 announced once the self check has risen ($WAITED_MS ms)" [ $? -eq 0 ]
res=$(check_field self last_result)
diag "self: $res"
check "the check's result: both addresses answered" \
    grep -q "all 2 addresses answered" <<<"$res"
check "$P3 (no checks) announced" state_is "$P3" announced

# DNS to the second address dropped: castnsd still answers on the first,
# yet its clients of the second get nothing: the check fails.
in_ns "$NS_NODE" nft add table inet castns_t
in_ns "$NS_NODE" nft add chain inet castns_t in \
    '{ type filter hook input priority 0; }'
CLEANUPS+=("ip netns exec $NS_NODE nft delete table inet castns_t")
in_ns "$NS_NODE" nft add rule inet castns_t in ip daddr $AC2 udp dport 53 drop
wait_until 3 state_is "$P1" withdrawn
check "$AC2 dropped: $P1 withdrawn ($WAITED_MS ms)" [ $? -eq 0 ]
check "status --json: the check is down" [ "$(check_field self up)" = False ]
reason=$(reason_of "$P1")
diag "reason: $reason"
check "the reason names the check and the address" \
    grep -q "check self failed .*$AC2@53: timeout after 80 ms" <<<"$reason"
check "$P3 (no checks) stays announced" state_is "$P3" announced
in_ns "$NS_NODE" kdig +short +timeout=1 +retry=0 @$AC1 example.test SOA |
    grep -q .
check "castnsd still answers on $AC1" [ "${PIPESTATUS[1]}" -eq 0 ]

in_ns "$NS_NODE" nft flush chain inet castns_t in
wait_until 3 state_is "$P1" announced
check "undropped: $P1 announced again after rise ($WAITED_MS ms)" [ $? -eq 0 ]
ctl_raw status | sed 's/^/#   /'
node_stop
check "castnsd stops cleanly" [ "$STOP_RC" -eq 0 ]
finish

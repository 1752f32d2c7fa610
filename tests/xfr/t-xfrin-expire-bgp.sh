#!/bin/bash
# t-xfrin-expire-bgp.sh -- a secondary zone's state gates the anycast
# prefix, seen from BIRD 2 over eBGP: a node namespace (castnsd, the
# anycast address on lo, Knot DNS as the hidden primary on the node's
# loopback) and a router namespace (BIRD).  Without data the prefix is
# not announced; the first transfer announces it; the primary gone past
# the zone's SOA expire (10 s) -> SERVFAIL on the anycast address and the
# prefix withdrawn at BIRD; the primary back and one refresh -> announced
# again.
. "$(dirname "$0")/../health/lib.sh"
. "$(dirname "$0")/lib.sh"
need_root_and bird birdc knotd knotc python3 kdig

AC1=198.51.100.1
RTR_CONF="$TMP/rtr-bird.conf"
RTR_CTL="$TMP/rtr-bird.ctl"
RTR_LOG="$TMP/rtr-bird.log"
RTR_LOGS=("$RTR_LOG")
KP=$(xport)
birdc_() { birdc -s "$RTR_CTL" "$@"; }
has_route() { birdc_ show route "$1" protocol n4 | grep -q "^$1"; }
no_route() { ! has_route "$1"; }
ctl() { "$CASTNSCTL" -s "$CTL" "$@"; }
# knot_ns: Knot in the node namespace on its loopback.
knot_ns() {
	knot_start_conf "$KP" 53
	start_in_ns "$NS_NODE" knot "$TMP/knot/knot.log" knotd -c \
	    "$TMP/knot/knot.conf"
	KNOT_PID=$PID_knot
	wait_until 5 in_ns "$NS_NODE" kdig @127.0.0.1 -p "$KP" +time=1 \
	    example.test SOA +short
}
anycast_rcode() {
	in_ns "$NS_NODE" kdig @"$AC1" +time=1 +retry=0 www.example.test A |
	    sed -n 's/.*status: \([A-Z]*\).*/\1/p' | head -1
}

cat >"$RTR_CONF" <<EOT
router id $RTR4;
log "$RTR_LOG" all;
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
if ! netns_add "$NS_NODE" || ! topology; then
	not_ok "namespaces $NS_NODE and $NS_RTR joined by a veth"
	finish
fi
in_ns "$NS_NODE" ip addr add "$AC1/32" dev lo
ok "namespaces, $AC1 on the node's lo"
start_in_ns "$NS_RTR" rtr "$TMP/rtr-bird.out" bird -f -c "$RTR_CONF" \
    -s "$RTR_CTL" -P "$TMP/rtr-bird.bpid"
wait_until 5 birdc_ show status
check "BIRD starts" [ $? -eq 0 ]

{
	if [ "$XFR_TSIG" = 1 ]; then
		cat <<EOT
key:
  - { name: $KEY_NAME, algorithm: $KEY_ALG, secret: "$KEY_SECRET" }
EOT
	fi
	cat <<EOT
server:
  identity: node1
  listen: [ "$AC1@53", "$NODE4@53" ]
  workers: 1
  control: $CTL
zone:
  - domain: example.test
    file: $SEC_DIR/example.test.zone
    primary: [ { address: 127.0.0.1@$KP$([ "$XFR_TSIG" = 1 ] && echo ", key: $KEY_NAME") } ]
bgp:
  as: $NODE_AS
  router-id: $NODE4
  peer:
    - address: $RTR4
      local-address: $NODE4
      remote-as: $RTR_AS
      hold-time: 9s
      connect-retry: 1s
anycast:
  - prefix: $AC1/32
EOT
} >"$NODE_CONF"
if ! node_start; then
	not_ok "castnsd starts"
	finish
fi
ok "castnsd starts (the primary not running yet)"
wait_until 10 self_failing "has no data yet"
check "castnsd itself failing: zone example.test. has no data yet" [ $? -eq 0 ]
sleep 2
check "no data: $AC1/32 not announced to BIRD" no_route "$AC1/32"

mkdir -p "$TMP/knot"
write_zone "$TMP/knot/example.test.zone" 1 3 10
knot_ns
check "Knot starts in the node namespace on 127.0.0.1@$KP" [ $? -eq 0 ]
ctl zone-refresh example.test >/dev/null
wait_until 10 has_route "$AC1/32"
check "the first transfer announces $AC1/32 to BIRD ($WAITED_MS ms)" [ $? -eq 0 ]
check "$AC1 answers NOERROR" [ "$(anycast_rcode)" = NOERROR ]

stop_pid "$KNOT_PID"
t0=$(now_ms)
wait_until 15 no_route "$AC1/32"
dt=$(($(now_ms) - t0))
check "primary gone: $AC1/32 withdrawn at BIRD after $dt ms (SOA expire 10 s)" \
    [ $? -eq 0 ]
check "the withdrawal came from the expiry" \
    grep -q "zone example.test. expired" "$NODE_LOG"
check "$AC1 answers SERVFAIL for the expired zone" \
    [ "$(anycast_rcode)" = SERVFAIL ]
check "castnsctl status: castnsd itself failing, zone example.test. expired" \
    self_failing "zone example.test. expired"

knot_ns
ctl zone-refresh example.test >/dev/null
wait_until 10 has_route "$AC1/32"
check "the primary back, one refresh: $AC1/32 announced again ($WAITED_MS ms)" \
    [ $? -eq 0 ]
check "$AC1 answers NOERROR again" [ "$(anycast_rcode)" = NOERROR ]
[ "$FAILED" -gt 0 ] && { show_log "$NODE_LOG" 30; show_log "$RTR_LOG" 10; }
finish

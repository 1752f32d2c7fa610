#!/bin/bash
# t-gtsm.sh -- GTSM / TTL security (RFC 5082) against BIRD 2: with
# ttl-security on both sides the session comes up; when castnsd demands TTL
# 255 and BIRD sends its default TTL the session never comes up; and the
# other way round.  The BGP speaker sets IP_TTL 255 and IP_MINTTL 255.
. "$(dirname "$0")/lib.sh"
need_root_and bird birdc

RTR_CONF="$TMP/rtr-bird.conf"
RTR_CTL="$TMP/rtr-bird.ctl"
RTR_LOGS=("$TMP/rtr-bird.log")
birdc_() { birdc -s "$RTR_CTL" "$@"; }
up() { birdc_ show protocols n4 | grep -q Established; }

# bird_conf on|off: BIRD's side of ttl security.
bird_conf() {
	cat >"$RTR_CONF" <<EOT
router id $RTR4;
log "$TMP/rtr-bird.log" all;
protocol device { }
protocol bgp n4 {
	local $RTR4 as $RTR_AS;
	neighbor $NODE4 as $NODE_AS;
	ttl security $1;
	hold time 9;
	connect retry time 1;
	connect delay time 1;
	error wait time 1, 2;
	ipv4 { import all; export none; };
}
EOT
}

# castnsd_conf true|false: castnsd's side.
castnsd_conf() {
	cat >"$NODE_CONF" <<EOT
server:
  identity: node1
  listen: [ "$NODE4@53" ]
  workers: 1
  control: none
bgp:
  as: $NODE_AS
  router-id: $NODE4
  peer:
    - address: $RTR4
      local-address: $NODE4
      remote-as: $RTR_AS
      ttl-security: $1
      hold-time: 9s
      connect-retry: 1s
anycast:
  - prefix: 198.51.100.0/24
EOT
}

# case NAME BIRD CASTNSD WANT_UP: one pairing, from fresh daemons.
case_() {
	local name="$1"
	bird_conf "$2"
	castnsd_conf "$3"
	rm -f "$RTR_CTL"
	start_in_ns "$NS_RTR" rtr "$TMP/rtr-bird.out" bird -f -c "$RTR_CONF" \
	    -s "$RTR_CTL" -P "$TMP/rtr-bird.bpid"
	wait_until 5 birdc_ show status
	if ! node_start; then
		not_ok "$name: castnsd starts"
		stop_pid "$PID_rtr"
		return
	fi
	if [ "$4" = up ]; then
		wait_until 10 up
		check "$name: session Established ($WAITED_MS ms)" [ $? -eq 0 ]
	else
		! wait_until 5 up
		check "$name: no session in 5 s" [ $? -eq 0 ]
	fi
	node_stop
	stop_pid "$PID_rtr"
}

if ! netns_add "$NS_NODE" || ! topology; then
	not_ok "namespaces $NS_NODE and $NS_RTR joined by a veth"
	finish
fi
case_ "ttl security on both sides" on true up
case_ "castnsd demands TTL 255, BIRD sends its default" off true down
case_ "BIRD demands TTL 255, castnsd sends its default" on false down
finish

#!/bin/bash
# t-bird.sh -- castnsd's BGP speaker against BIRD 2 (Debian bird2): an
# IPv4 and an IPv6 session with TCP-MD5; the four prefixes with their
# attributes in BIRD's table; withdrawal by reload, SIGKILL, a wrong
# password, a router restart, a frozen router (hold timer), SIGTERM; tshark
# decodes the capture.  The scenario is interop_scenario in lib.sh.
. "$(dirname "$0")/lib.sh"
need_root_and bird birdc dumpcap tshark python3

SESSIONS="v4 v6"
RTR_CONF="$TMP/rtr-bird.conf"
RTR_CTL="$TMP/rtr-bird.ctl"
RTR_LOGS=("$TMP/rtr-bird.log")

cat >"$RTR_CONF" <<EOT
router id $RTR4;
log "$TMP/rtr-bird.log" all;
timeformat log "%F %T.%3f";
debug protocols { states, events };
protocol device { }
# Routes castnsd receives, counts and discards.
protocol static st4 { ipv4; route 203.0.113.0/24 blackhole; }
protocol static st6 { ipv6; route 2001:db8:ff::/48 blackhole; }
template bgp node {
	local as $RTR_AS;
	password "$PASSWORD";
	hold time 9;
	keepalive time 3;
	connect retry time 1;
	connect delay time 1;
	error wait time 1, 2;
}
protocol bgp n4 from node {
	local $RTR4;
	neighbor $NODE4 as $NODE_AS;
	ipv4 { import all; export where source = RTS_STATIC; };
	ipv6 { import all; export where source = RTS_STATIC; next hop address $RTR6; };
}
protocol bgp n6 from node {
	local $RTR6;
	neighbor $NODE6 as $NODE_AS;
	ipv6 { import all; export where source = RTS_STATIC; };
}
EOT

birdc_() { birdc -s "$RTR_CTL" "$@"; }
rtr_start() {
	rm -f "$RTR_CTL"
	start_in_ns "$NS_RTR" rtr "$TMP/rtr-bird.out" bird -f -c "$RTR_CONF" \
	    -s "$RTR_CTL" -P "$TMP/rtr-bird.bpid"
	RTR_BGP_PID=$PID_rtr
	wait_until 5 birdc_ show status
}
rtr_stop() { stop_pid "$PID_rtr"; }
proto_of() { [ "$1" = v4 ] && echo n4 || echo n6; }
rtr_up() { birdc_ show protocols "$(proto_of "$1")" | grep -q Established; }
# rtr_refresh S: BIRD asks for the routes again (ROUTE-REFRESH).
rtr_refresh() { birdc_ reload in "$(proto_of "$1")" >/dev/null; }
rtr_routes() {
	local out
	out=$(birdc_ show route all protocol "$(proto_of "$1")") || return 1
	echo "$out" | python3 "$HERE/routes.py" bird
}

interop_scenario "BIRD $(bird --version 2>&1 | awk '{ print $3 }')"
finish

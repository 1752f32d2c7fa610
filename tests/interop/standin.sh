# standin.sh -- a BIRD in castnsd's place (sourced by lib.sh when
# CASTNS_INTEROP_NODE=bird): it originates the same prefixes with the same
# attributes over the same sessions, reloads on SIGHUP and logs a hold-timer
# expiry.  A reference speaker, to tell a harness fault from a castnsd
# fault; never what tests/run.sh runs.

# standin_conf PASSWORD ANNOUNCE: the BIRD counterpart of node_conf.
standin_conf() {
	local pw="$1" announce="$2" p
	{
		cat <<EOT
router id $NODE4;
log "$NODE_LOG" all;
timeformat log "%F %T.%3f";
debug protocols { states, events };
protocol device { }
protocol static a4 {
	ipv4;
EOT
		if [ "$announce" = 1 ]; then
			for p in $PREFIXES4; do echo "	route $p blackhole;"; done
		fi
		echo "}"
		echo "protocol static a6 {"
		echo "	ipv6;"
		if [ "$announce" = 1 ]; then
			for p in $PREFIXES6; do echo "	route $p blackhole;"; done
		fi
		cat <<EOT
}
filter attrs {
	if source != RTS_STATIC then reject;
	bgp_path.prepend($NODE_AS);
	bgp_med = 10;
	bgp_community.add((65001, 100));
	bgp_large_community.add((65001, 1, 2));
	accept;
}
template bgp node {
	local as $NODE_AS;
	password "$pw";
	hold time 3;
	keepalive time 1;
	connect retry time 1;
	connect delay time 1;
	error wait time 1, 2;
}
EOT
		for s in $SESSIONS; do
			if [ "$s" = v4 ]; then
				cat <<EOT
protocol bgp r4 from node {
	local $NODE4;
	neighbor $RTR4 as $RTR_AS;
	ipv4 { import all; export filter attrs; };
	ipv6 { import all; export filter attrs; next hop address $NODE6; };
}
EOT
			else
				cat <<EOT
protocol bgp r6 from node {
	local $NODE6;
	neighbor $RTR6 as $RTR_AS;
	ipv6 { import all; export filter attrs; };
}
EOT
			fi
		done
	} >"$TMP/standin.conf"
}

standin_start() {
	rm -f "$TMP/standin.ctl"
	start_in_ns "$NS_NODE" node "$TMP/standin.out" bird -f \
	    -c "$TMP/standin.conf" -s "$TMP/standin.ctl" -P "$TMP/standin.bpid"
	NODE_PID=$PID_node
	wait_until 5 birdc -s "$TMP/standin.ctl" show status
}

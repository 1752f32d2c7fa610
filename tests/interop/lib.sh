# lib.sh -- shared helpers for the BGP interop suites (sourced, bash).
#
# Each t-PEER.sh builds two network namespaces joined by a veth pair --
# "node" (castnsd) and "rtr" (the real router: BIRD 2, FRR or GoBGP) -- and
# then runs the one scenario below (interop_scenario) against hooks that the
# suite defines for its router:
#
#   rtr_start         start the router; record its pids with start_in_ns
#   rtr_stop          stop it (SIGTERM, bounded wait)
#   rtr_up S          true while session S (v4 | v6) is Established
#   rtr_routes S      the routes learned over session S, one normalised line
#                     each: "PREFIX path=ASNS nh=ADDR med=N comm=A:B
#                     lcomm=A:B:C" (see routes.py)
#   RTR_BGP_PID       the pid that speaks BGP (frozen with SIGSTOP)
#   SESSIONS          "v4" or "v4 v6": the sessions castnsd opens
#
# Addresses (lab plan, docs/ only): node 192.0.2.2 and 2001:db8:1::2, router
# 192.0.2.1 and 2001:db8:1::1 on a /30 and a /64; anycast prefixes in
# 198.51.100.0/24 and 2001:db8:53::/48; private ASNs 65001 (node) and 65000
# (router).  Nothing leaves the namespaces: the veth is their only link.
#
# Everything started here is recorded by pid (PIDS, from tests/serve/lib.sh)
# and killed on exit, and every namespace is deleted (CLEANUPS), also when
# a suite fails half-way.  Needs root and the Debian packages bird2, frr,
# gobgpd, tshark; skips otherwise.
#
# CASTNS_INTEROP_NODE=bird replaces castnsd by a BIRD that originates the
# same routes with the same attributes (standin.sh): a reference speaker to
# tell a harness fault from a castnsd fault.  It is never what run.sh uses.
. "$(dirname "${BASH_SOURCE[0]}")/../serve/lib.sh"
. "$SRC_DIR/tests/lib/netns.sh"
HERE="$SRC_DIR/tests/interop"
chmod 755 "$TMP"	# FRR runs as user frr and must reach its run dir

PFX="cn$$"			# per-run prefix: namespaces, links
NS_NODE="$PFX-node"
NS_RTR="$PFX-rtr"
IF_NODE="${PFX}n"
IF_RTR="${PFX}r"
NODE4=192.0.2.2
RTR4=192.0.2.1
NODE6=2001:db8:1::2
RTR6=2001:db8:1::1
NODE_AS=65001
RTR_AS=65000
PASSWORD=s3cret
PREFIXES4="198.51.100.1/32 198.51.100.0/24"
PREFIXES6="2001:db8:53::1/128 2001:db8:53::/48"
# What castnsd is configured to add (prepend: 1, med: 10, one community,
# one large community) and so what the router must show.
WANT_ATTRS="path=$NODE_AS $NODE_AS med=10 comm=65001:100 lcomm=65001:1:2"
SESSIONS="v4"
RTR_LOGS=()			# the router's logs, shown after a failure
NODE_MODE=${CASTNS_INTEROP_NODE:-castnsd}
# castnsd's log line for the NOTIFICATION it sends at hold-timer expiry
# (src/bgp/session.c); the stand-in's, BIRD's trace line.
NODE_HOLD_RE='NOTIFICATION sent: Hold Timer Expired'
[ "$NODE_MODE" = bird ] && NODE_HOLD_RE='Hold timer expired'

# need_root_and PROG...: skips the suite (one TAP "# SKIP" line, exit 0)
# unless it runs as root with every PROG on PATH (or an absolute PROG
# executable) and network namespaces work.
need_root_and() {
	local p missing=""
	[ "$(id -u)" = 0 ] || { skip "needs root (network namespaces)"; finish; }
	for p in ip "$@"; do
		case "$p" in
		/*) [ -x "$p" ] || missing="$missing $p" ;;
		*) command -v "$p" >/dev/null || missing="$missing $p" ;;
		esac
	done
	if [ -n "$missing" ]; then
		skip "missing:$missing (tools/deps.sh check installs them)"
		finish
	fi
	if [ "$NODE_MODE" = castnsd ] && [ ! -x "$CASTNSD" ]; then
		not_ok "no castnsd at $CASTNSD (make first)"
		finish
	fi
}

# netns_add NAME: a new namespace with lo up, deleted on exit.
netns_add() {
	ip netns add "$1" || return 1
	CLEANUPS+=("ip netns delete $1")
	in_ns "$1" ip link set lo up
}

# topology: the router's namespace (the node's exists), the veth and the
# addresses.
topology() {
	netns_add "$NS_RTR" &&
	    veth_pair "$NS_NODE" "$IF_NODE" "$NS_RTR" "$IF_RTR" &&
	    addr_add "$NS_NODE" "$IF_NODE" "$NODE4/30" &&
	    addr_add "$NS_RTR" "$IF_RTR" "$RTR4/30" &&
	    addr_add "$NS_NODE" "$IF_NODE" "$NODE6/64" &&
	    addr_add "$NS_RTR" "$IF_RTR" "$RTR6/64"
}

# start_in_ns NS NAME LOG CMD...: runs CMD in the background inside NS
# (stdout and stderr to LOG), with the pid it runs as recorded in
# $TMP/NAME.pid, in PIDS (killed on exit) and in the variable PID_NAME.
start_in_ns() {
	local ns="$1" name="$2" log="$3" pidf="$TMP/$2.pid" pid=""
	shift 3
	rm -f "$pidf"
	ip netns exec "$ns" sh -c 'echo $$ >"$0"; exec "$@"' "$pidf" "$@" \
	    >"$log" 2>&1 </dev/null &
	wait_until 5 test -s "$pidf" && pid=$(cat "$pidf")
	[ -n "$pid" ] || pid=$!
	PIDS+=("$pid")
	printf -v "PID_$name" %s "$pid"
}

# forget_pid PID: drops a reaped pid from PIDS (so that cleanup never
# signals a later process that got the same number).
forget_pid() {
	local p keep=()
	for p in "${PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
	PIDS=("${keep[@]}")
}

# stop_pid PID [SIGNAL [SECONDS]]: SIGNAL (default TERM), up to SECONDS
# (default 5), then SIGKILL; reaps it and forgets it.  Sets STOP_RC (124:
# had to be killed).
stop_pid() {
	kill -CONT "$1" 2>/dev/null
	kill -"${2:-TERM}" "$1" 2>/dev/null
	if wait_gone "$1" "${3:-5}"; then
		wait "$1" 2>/dev/null
		STOP_RC=$?
	else
		kill -9 "$1" 2>/dev/null
		wait "$1" 2>/dev/null
		STOP_RC=124
	fi
	forget_pid "$1"
}

# cleanup (replaces tests/serve/lib.sh's): thaws, then stops everything
# started, by pid; then deletes the namespaces and the run directory.
cleanup() {
	local p c
	for p in "${PIDS[@]}"; do kill -CONT "$p" 2>/dev/null; done
	for p in "${PIDS[@]}"; do
		kill "$p" 2>/dev/null && wait_gone "$p" 5
		kill -9 "$p" 2>/dev/null
	done
	for c in "${CLEANUPS[@]}"; do eval "$c" >/dev/null 2>&1; done
	rm -rf "$TMP"
}

# lines_of FILE: how many lines FILE has now (a mark for since_mark).
lines_of() { wc -l <"$1" 2>/dev/null || echo 0; }
# log_since FILE MARK PATTERN: FILE, past its first MARK lines, matches.
log_since() { tail -n +$(($2 + 1)) "$1" | grep -qE "$3"; }

# --- castnsd, the node -------------------------------------------------

NODE_CONF="$TMP/node.yaml"
NODE_LOG="$TMP/node.log"

# node_conf PASSWORD ANNOUNCE: writes castnsd's config: one peer per
# session in SESSIONS, every anycast prefix when ANNOUNCE is 1, none when
# it is 0 (a reload with that config withdraws them).
node_conf() {
	local pw="$1" announce="$2" s p
	if [ "$NODE_MODE" = bird ]; then
		standin_conf "$pw" "$announce"
		return
	fi
	cp "$SRC_DIR/tests/serve/data/good.zone" "$TMP/example.test.zone"
	{
		cat <<EOT
server:
  identity: node1
  listen: [ "$NODE4@53" ]
  workers: 1
zone:
  - domain: example.test
    file: example.test.zone
bgp:
  as: $NODE_AS
  router-id: $NODE4
  peer:
EOT
		for s in $SESSIONS; do
			if [ "$s" = v4 ]; then
				printf '    - address: %s\n      local-address: %s\n' \
				    "$RTR4" "$NODE4"
				printf '      next-hop-ipv6: %s\n' "$NODE6"
			else
				printf '    - address: %s\n      local-address: %s\n' \
				    "$RTR6" "$NODE6"
				# IPv4 prefixes would need a next-hop here.
				[ "$announce" = 1 ] &&
				    echo "      prefixes: [ ${PREFIXES6// /, } ]"
			fi
			cat <<EOT
      remote-as: $RTR_AS
      hold-time: 3s
      connect-retry: 1s
      password: $pw
      prepend: 1
      med: 10
      communities: [ "65001:100" ]
      large-communities: [ "65001:1:2" ]
EOT
		done
		# No anycast: section: the sessions stay up, announcing nothing.
		if [ "$announce" = 1 ]; then
			echo "anycast:"
			for p in $PREFIXES4 $PREFIXES6; do
				echo "  - prefix: $p"
			done
		fi
	} >"$NODE_CONF"
}

# node_start: starts castnsd (-v) in the node namespace; sets NODE_PID;
# false (with its log as TAP comments) if it does not come up.
node_start() {
	if [ "$NODE_MODE" = bird ]; then
		standin_start
		return
	fi
	start_in_ns "$NS_NODE" node "$NODE_LOG" "$CASTNSD" -v -c "$NODE_CONF"
	NODE_PID=$PID_node
	if wait_log "$NODE_LOG" "serving as|not starting" 10 &&
	    grep -q "serving as" "$NODE_LOG"; then
		return 0
	fi
	diag "castnsd did not start:"
	sed 's/^/#   /' "$NODE_LOG"
	return 1
}

# node_reload: makes the node read its (rewritten) config again.
node_reload() { kill -HUP "$NODE_PID"; }

# node_stop [SIGNAL [SECONDS]]: SIGTERM (or SIGNAL) to the node, waits
# up to SECONDS (5) for the exit; sets STOP_RC.
node_stop() { stop_pid "$NODE_PID" "${1:-TERM}" "${2:-5}"; }

[ "$NODE_MODE" = bird ] && . "$HERE/standin.sh"

# --- the capture -------------------------------------------------------

CAP="$TMP/bgp.pcapng"

# capture_start: dumpcap on the router's end of the veth, BGP only.
capture_start() {
	start_in_ns "$NS_RTR" cap "$TMP/dumpcap.log" dumpcap -q -i "$IF_RTR" \
	    -f "tcp port 179" -w "$CAP"
	wait_log "$TMP/dumpcap.log" "Capturing on" 5
}

capture_stop() { stop_pid "$PID_cap"; }

# --- what the router must show ----------------------------------------

# want_routes S: the lines rtr_routes S must print, sorted.
want_routes() {
	local p
	if [ "$1" = v4 ]; then
		for p in $PREFIXES4; do echo "$p nh=$NODE4 $WANT_ATTRS"; done
	fi
	for p in $PREFIXES6; do echo "$p nh=$NODE6 $WANT_ATTRS"; done
}

# has_routes S: the router shows exactly the wanted routes over S.
has_routes() { [ "$(rtr_routes "$1" | sort)" = "$(want_routes "$1" | sort)" ]; }
# no_routes S: the router shows no route over S.
no_routes() { local r; r=$(rtr_routes "$1") && [ -z "$r" ]; }
# all_up, all_down, all_routes, all_gone: the same over every session.
all_up() { local s; for s in $SESSIONS; do rtr_up "$s" || return 1; done; }
all_down() { local s; for s in $SESSIONS; do ! rtr_up "$s" || return 1; done; }
all_routes() { local s; for s in $SESSIONS; do has_routes "$s" || return 1; done; }
all_gone() { local s; for s in $SESSIONS; do no_routes "$s" || return 1; done; }
gone_and_down() { all_gone && all_down; }
up_with_routes() { all_up && all_routes; }

# show_routes: the router's view, as TAP comments (after a failure).
show_routes() {
	local s
	for s in $SESSIONS; do
		diag "session $s: $(rtr_up "$s" && echo up || echo down); routes:"
		rtr_routes "$s" 2>&1 | sed 's/^/#   /'
		diag "wanted:"
		want_routes "$s" | sed 's/^/#   /'
	done
}

# show_logs: the tails of the node's and the router's logs.
show_logs() {
	local f
	for f in "$NODE_LOG" "${RTR_LOGS[@]}"; do
		[ -f "$f" ] || continue
		diag "--- $f (last 15 lines)"
		tail -n 15 "$f" | sed 's/^/#   /'
	done
}

# --- the scenario ------------------------------------------------------

# interop_scenario NAME: the whole scenario against the hooks above.
interop_scenario() {
	local name="$1" s t0 ms mark out

	# No namespaces (a container without CAP_SYS_ADMIN): skip, as t-source.
	if ! netns_add "$NS_NODE" 2>/dev/null; then
		skip "cannot create network namespaces"
		finish
	fi
	if ! topology; then
		not_ok "namespaces $NS_NODE and $NS_RTR joined by a veth"
		finish
	fi
	ok "namespaces $NS_NODE and $NS_RTR joined by a veth ($NODE4, $NODE6 - $RTR4, $RTR6)"
	capture_start
	check "dumpcap captures the BGP sessions on $IF_RTR" [ $? -eq 0 ]

	if ! rtr_start; then
		not_ok "$name starts"
		show_logs
		finish
	fi
	ok "$name starts in $NS_RTR"
	node_conf "$PASSWORD" 1
	if ! node_start; then
		not_ok "$NODE_MODE starts with BGP to $name"
		finish
	fi
	ok "$NODE_MODE starts with BGP to $name"

	# Sessions (TCP-MD5 with the right password) and the routes.
	for s in $SESSIONS; do
		wait_until 10 rtr_up "$s"
		check "$s session with password Established ($WAITED_MS ms)" [ $? -eq 0 ]
	done
	if wait_until 3 all_routes; then
		ok "the router shows /32, /24, /128 and /48 with AS path, next hop, MED, communities, large communities"
		for s in $SESSIONS; do
			rtr_routes "$s" | sed "s/^/#   $s: /"
		done
	else
		not_ok "the router shows the 4 prefixes with their attributes"
		show_routes
	fi

	# What the router sends castnsd (203.0.113.0/24, 2001:db8:ff::/48) is
	# counted and discarded, never installed.
	out=$(in_ns "$NS_NODE" ip route show table all 203.0.113.0/24
	    in_ns "$NS_NODE" ip -6 route show table all 2001:db8:ff::/48)
	check "the routes the router sends are not installed in the node's kernel" [ -z "$out" ]

	# A ROUTE-REFRESH from the router is answered by the announcements
	# again (checked in the capture); the routes stay.
	if type rtr_refresh >/dev/null 2>&1; then
		REFRESH_T=$(date +%s.%N)
		rtr_refresh v4
		sleep 1
		check "after a route refresh the routes are unchanged" all_routes
	fi

	# Withdrawal by a reload of a config without the prefixes.
	node_conf "$PASSWORD" 0
	node_reload
	if wait_until 1 all_gone; then
		ok "reload without the prefixes: withdrawn within 1 s ($WAITED_MS ms)"
	else
		not_ok "reload without the prefixes: withdrawn within 1 s"
		show_routes
	fi
	check "the sessions stay up through the reload" all_up
	node_conf "$PASSWORD" 1
	node_reload
	wait_until 1 all_routes
	check "reload with the prefixes again: announced within 1 s ($WAITED_MS ms)" [ $? -eq 0 ]

	# SIGKILL: the kernel closes the TCP session; the routes go at once.
	node_stop KILL
	if wait_until 1 gone_and_down; then
		ok "SIGKILL: the router drops session and routes within 1 s ($WAITED_MS ms)"
	else
		not_ok "SIGKILL: the router drops session and routes within 1 s"
		show_routes
	fi

	# A wrong password: no session.
	node_conf wrong-password 1
	if node_start; then
		! wait_until 4 rtr_up v4
		check "a wrong password: no session in 4 s" [ $? -eq 0 ]
		check "a wrong password: no routes" all_gone
		node_stop
	else
		not_ok "$NODE_MODE starts with a wrong password"
	fi

	# The right one again, then a restart of the router.
	node_conf "$PASSWORD" 1
	node_start
	wait_until 10 up_with_routes
	check "the right password again: sessions and routes back ($WAITED_MS ms)" [ $? -eq 0 ]
	rtr_stop
	check "the router stops (SIGTERM)" [ "$STOP_RC" -ne 124 ]
	if rtr_start && wait_until 15 up_with_routes; then
		ok "router restarted: sessions and routes back ($WAITED_MS ms)"
	else
		not_ok "router restarted: sessions and routes back"
		show_routes
		show_logs
	fi

	# A silent router: castnsd's hold timer (3 s) drops the session.
	mark=$(lines_of "$NODE_LOG")
	t0=$(now_ms)
	kill -STOP "$RTR_BGP_PID"
	wait_until 6 log_since "$NODE_LOG" "$mark" "$NODE_HOLD_RE"
	ms=$(($(now_ms) - t0))
	if log_since "$NODE_LOG" "$mark" "$NODE_HOLD_RE" &&
	    [ "$ms" -ge 1000 ] && [ "$ms" -le 4500 ]; then
		ok "a frozen router: hold timer expiry ${ms} ms after (hold time 3 s)"
	else
		not_ok "a frozen router: hold timer expiry 1-3 s after (took ${ms} ms)"
		show_logs
	fi
	out=$(tail -n +$((mark + 1)) "$NODE_LOG" | grep -E "$NODE_HOLD_RE" | head -1)
	diag "node log: $out"
	kill -CONT "$RTR_BGP_PID"
	wait_until 15 up_with_routes
	check "the router thawed: sessions and routes back ($WAITED_MS ms)" [ $? -eq 0 ]

	# An orderly stop withdraws at once (it may then drain before it
	# exits), closes with a Cease, and castnsd exits 0.
	kill -TERM "$NODE_PID"
	wait_until 1 all_gone
	check "SIGTERM: the routes are withdrawn within 1 s ($WAITED_MS ms)" [ $? -eq 0 ]
	node_stop TERM 10
	check "SIGTERM: $NODE_MODE exits 0 within 10 s (status $STOP_RC)" [ "$STOP_RC" -eq 0 ]
	wait_until 1 all_down
	check "after the exit the sessions are down ($WAITED_MS ms)" [ $? -eq 0 ]
	rtr_stop
	capture_stop
	capture_check
}

# capture_check: tshark decodes every BGP message with no malformed-packet
# or error expert info; the node sent OPEN, UPDATE, KEEPALIVE and
# NOTIFICATION, and every segment it sent carried a TCP-MD5 option (but
# RSTs: the kernel answers a router's SYN to a port nobody listens on, or
# a segment after SIGKILL, with an unsigned RST).
capture_check() {
	local v types n md5 from out
	if [ ! -s "$CAP" ]; then
		not_ok "a capture was written"
		return
	fi
	v="$TMP/decode.txt"
	tshark -n -r "$CAP" -V >"$v" 2>"$TMP/tshark.err"
	n=$(tshark -n -r "$CAP" -Y bgp 2>/dev/null | wc -l)
	out=$(grep -E 'Malformed|Expert Info \(Error' "$v" | sort | uniq -c | head -5)
	if [ -z "$out" ] && [ "$n" -gt 0 ]; then
		ok "tshark decodes $n BGP packets with no malformed or error warning"
	else
		not_ok "tshark decodes the capture ($n BGP packets) with no malformed or error warning"
		echo "$out" | sed 's/^/#   /'
	fi
	types=$(tshark -n -r "$CAP" -Y "bgp && (ip.src==$NODE4 || ipv6.src==$NODE6)" \
	    -T fields -e bgp.type 2>/dev/null | tr ',' '\n' | sort -u | tr '\n' ' ')
	case "$types" in
	"1 2 3 4 "*) ok "the node sent OPEN, UPDATE, NOTIFICATION, KEEPALIVE (types: $types)" ;;
	*) not_ok "the node sent OPEN, UPDATE, NOTIFICATION, KEEPALIVE (types: $types)" ;;
	esac
	if [ -n "${REFRESH_T:-}" ]; then
		n=$(tshark -n -r "$CAP" -Y "bgp.type==5 && ip.src==$RTR4 && frame.time_epoch >= $REFRESH_T" \
		    2>/dev/null | wc -l)
		v=$(tshark -n -r "$CAP" -Y "bgp.type==2 && ip.src==$NODE4 && frame.time_epoch >= $REFRESH_T && frame.time_epoch < $REFRESH_T + 1" \
		    2>/dev/null | wc -l)
		check "the router's ROUTE-REFRESH ($n) is answered by UPDATEs within 1 s ($v)" \
		    [ "$n" -gt 0 -a "$v" -gt 0 ]
	fi
	from="(ip.src==$NODE4 || ipv6.src==$NODE6) && tcp.flags.reset==0"
	n=$(tshark -n -r "$CAP" -Y "$from" 2>/dev/null | wc -l)
	md5=$(tshark -n -r "$CAP" -Y "$from && tcp.option_kind==19" \
	    2>/dev/null | wc -l)
	check "every TCP segment the node sent but RSTs carries an MD5 signature ($md5 of $n)" \
	    [ "$n" -gt 0 -a "$md5" = "$n" ]
}

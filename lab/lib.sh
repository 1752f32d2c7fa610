# lab/lib.sh -- the lab's helpers (sourced by lab/up, lab/down, lab/run,
# the scenarios under lab/scenarios/ and tests/lab/t-lab.sh; bash).
#
# The lab is three anycast sites (eu, us, apac) and a transit core (t1, t2)
# built from network namespaces; docs/lab.md draws it and lists every
# address.  A running lab lives in its run directory, $LAB_RUN
# (CASTNS_LAB_RUN, default /tmp/castns-lab): the per-run name prefix, the
# configurations, the logs and one pid file per process.  lab/down needs
# nothing else to remove it all.
#
# Names.  SITE is eu, us or apac (a router is also t1 or t2); ROLE is rtr
# (the site router), node (castnsd, plus a second castnsd serving the root
# zone), cli (the client host) or res (the unbound resolver).
#
# The helper API -- its names are stable; scenarios use only these:
#
#   lab_ns SITE ROLE              the namespace's name
#   lab_in SITE ROLE CMD...       runs CMD in that namespace
#   lab_client SITE CMD...        = lab_in SITE cli CMD...
#   lab_node SITE CMD...          = lab_in SITE node CMD...
#   lab_router SITE CMD...        = lab_in SITE rtr CMD...
#   lab_resolver SITE CMD...      = lab_in SITE res CMD...
#   lab_addr SITE ROLE            the host's address (rtr: its address
#                                 toward the node; cli, res, node: their own)
#   lab_identity SITE             the node's identity/NSID: eu-1, us-1, apac-1
#   lab_as SITE                   the router's AS (the nodes all use 65001)
#
#   lab_node_stop SITE [SIG [S]]  stops the site's castnsd (SIGTERM, or SIG;
#                                 SIGKILL after S seconds, default 10); STOP_RC
#   lab_node_kill SITE            = lab_node_stop SITE KILL
#   lab_node_start SITE           starts it again; waits (10 s) until it serves
#   lab_node_running SITE         true while it runs
#   lab_node_pid SITE             its pid
#   lab_node_log SITE             its log file (-v: every check and route change,
#                                 with millisecond UTC timestamps)
#   lab_ctl SITE ARGS...          castnsctl on the site's node (its control
#                                 socket); exit status as castnsctl's
#   lab_dns_block SITE [ADDR...]  drops DNS (UDP and TCP 53) to ADDR (default:
#                                 every anycast address, LAB_ANYCAST4 and
#                                 LAB_ROOT4) in the node's input hook, with
#                                 nft: the node's own checks fail too
#   lab_dns_unblock SITE          removes that
#
#   lab_routes SITE               the router's best anycast routes, one line
#                                 each: "PREFIX path=AS... nh=ADDR"
#   lab_route_site SITE PREFIX    whose node the router's best route for
#                                 PREFIX leads to (eu, us, apac) or "none"
#   lab_router_cli SITE CMD       one router command: birdc for BIRD ("show
#                                 route"), vtysh -c for FRR ("show ip bgp")
#   lab_router_log SITE           the router's log (BIRD: states and route
#                                 changes with ms timestamps; FRR: bgpd's)
#   lab_router_kind SITE          bird or frr
#
#   lab_dig SITE ADDR [KDIG-ARGS...]  kdig from SITE's client to ADDR (+time=1
#                                 +retry=0 unless given)
#   lab_who SITE ADDR             the NSID of the node that answers SITE's
#                                 client at ADDR, or "none"
#   lab_site_txt SITE ADDR        the site TXT (site.myawesomedns.something)
#                                 as answered there, or "none"
#   lab_resolve SITE [NAME [TYPE]]  the answer of SITE's resolver (asked from
#                                 SITE's client), +short; default www A
#   lab_resolver_ctl SITE ARGS... unbound-control on SITE's resolver
#
#   lab_converged                 every site router's best routes to the
#                                 service addresses lead to its own node and
#                                 every client is answered by its own site
#   lab_sessions_up               every router's BGP sessions are Established
#   lab_wait SECONDS CMD...       bounded wait (wait_until, tests/lib/tap.sh);
#                                 sets WAITED_MS
#   lab_picture OUT.png TITLE MAP  a Graphviz picture of the topology, with
#                                 an arrow from each client to the site that
#                                 answered it; MAP is a file of lines
#                                 "CLIENT_SITE ANSWER_SITE" (writes OUT.dot too)
#   lab_reached_map FILE [ADDR]   writes such a MAP from lab_who now
#   lab_scenario_files            every lab/scenarios/N-*.sh, by number
#   say TEXT                      a line of the narrative (plain text)
#   lab_scenario TITLE            a scenario's heading; loads the lab's state
#                                 (not ok and exit when no lab is up)
#
# TAP (ok, not_ok, check, diag, finish, now_ms, wait_until) comes from
# tests/lib/tap.sh; in_ns, veth_pair, addr_add from tests/lib/netns.sh.
set -u

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC_DIR=$(dirname "$LAB_DIR")
BUILD=${CASTNS_BUILD:-$SRC_DIR/build}
case "$BUILD" in /*) ;; *) BUILD="$SRC_DIR/$BUILD" ;; esac
CASTNSD="$BUILD/castnsd"
CASTNSCTL="$BUILD/castnsctl"
LAB_RUN=${CASTNS_LAB_RUN:-/tmp/castns-lab}
LAB_OUT=${CASTNS_LAB_OUT:-$SRC_DIR/build/lab}
. "$SRC_DIR/tests/lib/tap.sh"
. "$SRC_DIR/tests/lib/netns.sh"

LAB_SITES="eu us apac"
LAB_ROUTERS="eu us apac t1 t2"
LAB_ROLES="rtr node cli res"
LAB_ANYCAST4="198.51.100.1 198.51.100.2 198.51.100.3"
LAB_ROOT4=198.51.100.53
LAB_ZONE=myawesomedns.something
LAB_NODE_AS=65001
FRR=/usr/lib/frr

say() { echo "$*"; }

# lab_scenario_files: the scenario scripts, one a line, 1 2 ... 10 in order.
lab_scenario_files() { ls "$LAB_DIR"/scenarios/[0-9]*.sh | sort -V; }

# lab_scenario TITLE: a scenario's heading; loads the running lab (one
# "not ok" and the end of the scenario when there is none).
lab_scenario() {
	echo
	echo "=== $*"
	lab_load || { not_ok "a lab is up in $LAB_RUN (lab/up first)"; finish; }
}

# lab_site_num SITE: 1, 2, 3 (the tens digit of the site's addresses).
lab_site_num() {
	case "$1" in eu) echo 1 ;; us) echo 2 ;; apac) echo 3 ;; *) return 1 ;; esac
}
lab_as() {
	case "$1" in
	eu) echo 65010 ;; us) echo 65020 ;; apac) echo 65030 ;;
	t1) echo 65100 ;; t2) echo 65200 ;; node) echo "$LAB_NODE_AS" ;;
	*) return 1 ;;
	esac
}
# lab_site_of_as ASN: the site (or transit) whose router has ASN.
lab_site_of_as() {
	local s
	for s in $LAB_ROUTERS; do
		[ "$(lab_as "$s")" = "$1" ] && { echo "$s"; return 0; }
	done
	return 1
}
lab_identity() { echo "$1-1"; }
lab_router_kind() { case "$1" in apac) echo frr ;; *) echo bird ;; esac; }

# lab_addr SITE ROLE: 192.0.2.N0 router (node side), .N1 node (srv-nsN),
# .N2 router (client side), .N3 client, .N4 router (resolver side), .N5
# resolver -- N the site number; every link is a /31.
lab_addr() {
	local n
	n=$(lab_site_num "$1") || return 1
	case "$2" in
	rtr) echo "192.0.2.${n}0" ;; node) echo "192.0.2.${n}1" ;;
	rtr-cli) echo "192.0.2.${n}2" ;; cli) echo "192.0.2.${n}3" ;;
	rtr-res) echo "192.0.2.${n}4" ;; res) echo "192.0.2.${n}5" ;;
	*) return 1 ;;
	esac
}

# lab_load: reads the running lab's state (its prefix); false when there
# is no lab up in $LAB_RUN.
lab_load() {
	[ -f "$LAB_RUN/state" ] || return 1
	# shellcheck disable=SC1091
	. "$LAB_RUN/state"
}

# lab_ns SITE ROLE: a site's namespace ($LAB_PFX-eu-node); routers of the
# transit core are t1/t2 with ROLE rtr.
lab_ns() { echo "$LAB_PFX-$1-$2"; }
lab_in() { local ns; ns=$(lab_ns "$1" "$2"); shift 2; ip netns exec "$ns" "$@"; }
lab_client() { local s="$1"; shift; lab_in "$s" cli "$@"; }
lab_node() { local s="$1"; shift; lab_in "$s" node "$@"; }
lab_router() { local s="$1"; shift; lab_in "$s" rtr "$@"; }
lab_resolver() { local s="$1"; shift; lab_in "$s" res "$@"; }
lab_wait() { wait_until "$@"; }

# --- processes, by pid -------------------------------------------------

# lab_start NAME SITE ROLE LOG CMD...: runs CMD in the background in the
# namespace, in its own session (it outlives the caller), its pid in
# $LAB_RUN/pid/NAME.pid.  False when no pid appears within 5 s.
lab_start() {
	local name="$1" ns pidf="$LAB_RUN/pid/$1.pid" log="$4"
	ns=$(lab_ns "$2" "$3")
	shift 4
	rm -f "$pidf"
	setsid ip netns exec "$ns" sh -c 'echo $$ >"$0.tmp" && mv "$0.tmp" "$0"; exec "$@"' \
	    "$pidf" "$@" >>"$log" 2>&1 </dev/null &
	wait_until 5 test -s "$pidf"
}

# lab_pid NAME: the pid of a lab process, if it still runs in one of this
# lab's namespaces (so a reused pid is never signalled).
lab_pid() {
	local pid
	pid=$(cat "$LAB_RUN/pid/$1.pid" 2>/dev/null) || return 1
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
	case "$(ip netns identify "$pid" 2>/dev/null)" in
	"$LAB_PFX"-*) echo "$pid" ;;
	*) return 1 ;;
	esac
}

# lab_stop NAME [SIG [SECONDS]]: SIG (TERM) to the process, SIGKILL after
# SECONDS (10); removes its pid file.  STOP_RC: 0, or 124 when killed.
lab_stop() {
	local pid
	STOP_RC=0
	pid=$(lab_pid "$1") || { rm -f "$LAB_RUN/pid/$1.pid"; return 0; }
	kill -CONT "$pid" 2>/dev/null
	kill -"${2:-TERM}" "$pid" 2>/dev/null
	if ! wait_gone "$pid" "${3:-10}"; then
		kill -9 "$pid" 2>/dev/null
		wait_gone "$pid" 5
		STOP_RC=124
	fi
	rm -f "$LAB_RUN/pid/$1.pid"
}

# --- the nodes ---------------------------------------------------------

lab_node_log() { echo "$LAB_RUN/$1-node.log"; }
lab_node_pid() { lab_pid "$1-castnsd"; }
lab_node_running() { lab_pid "$1-castnsd" >/dev/null; }
lab_node_stop() { lab_stop "$1-castnsd" "${2:-TERM}" "${3:-10}"; }
lab_node_kill() { lab_node_stop "$1" KILL; }

# lab_node_start SITE: castnsd with the site's config; true once it
# serves (10 s).  Its log is appended to, so marks taken before stay valid.
lab_node_start() {
	local log mark
	log=$(lab_node_log "$1")
	mark=0
	[ -f "$log" ] && mark=$(wc -l <"$log")
	lab_node_running "$1" && return 0
	lab_start "$1-castnsd" "$1" node "$log" "$CASTNSD" -v \
	    -c "$LAB_RUN/$1-node.yaml" || return 1
	wait_until 10 lab_log_since "$log" "$mark" "serving as|not starting" &&
	    lab_log_since "$log" "$mark" "serving as"
}

# lab_log_since FILE MARK PATTERN: FILE past its first MARK lines matches.
lab_log_since() { tail -n +$(($2 + 1)) "$1" | grep -qE "$3"; }

lab_ctl() { local s="$1"; shift; "$CASTNSCTL" -s "$LAB_RUN/$s-node.ctl" "$@"; }

lab_dns_block() {
	local s="$1" a set=""
	shift
	for a in ${*:-$LAB_ANYCAST4 $LAB_ROOT4}; do set="$set${set:+, }$a"; done
	lab_node "$s" nft -f - <<EOT
table inet lab_block
delete table inet lab_block
table inet lab_block {
	chain input {
		type filter hook input priority 0;
		ip daddr { $set } udp dport 53 drop
		ip daddr { $set } tcp dport 53 drop
	}
}
EOT
}
lab_dns_unblock() {
	lab_node "$1" nft delete table inet lab_block 2>/dev/null || true
}

# --- the routers -------------------------------------------------------

lab_router_log() {
	case "$(lab_router_kind "$1")" in
	frr) echo "$LAB_RUN/$1-frr/bgpd.log" ;;
	*) echo "$LAB_RUN/$1-bird.log" ;;
	esac
}

lab_router_cli() {
	case "$(lab_router_kind "$1")" in
	frr) vtysh --vty_socket "$LAB_RUN/$1-frr" -c "$2" ;;
	*) birdc -s "$LAB_RUN/$1-bird.ctl" $2 ;;
	esac
}

lab_routes() {
	case "$(lab_router_kind "$1")" in
	frr) vtysh --vty_socket "$LAB_RUN/$1-frr" -c "show ip bgp json" |
	    python3 "$LAB_DIR/routes.py" frr ;;
	*) birdc -s "$LAB_RUN/$1-bird.ctl" show route primary all |
	    python3 "$LAB_DIR/routes.py" bird ;;
	esac
}

lab_route_site() {
	local line path as
	line=$(lab_routes "$1" | grep "^$2 " | head -n 1)
	[ -n "$line" ] || { echo none; return 0; }
	path=${line#*path=}
	path=${path% nh=*}
	# The last AS before the node's: the site router that heard it
	# first; none (a path of just 65001): the router's own node.
	as=$(awk -v n="$LAB_NODE_AS" '{ for (i = NF; i > 0; i--) if ($i != n) { print $i; exit } }' <<<"$path")
	if [ -z "$as" ]; then
		echo "$1"
	else
		lab_site_of_as "$as" || echo "AS$as"
	fi
}

# --- clients and resolvers ---------------------------------------------

lab_dig() {
	local s="$1" a="$2"
	shift 2
	lab_client "$s" kdig +time=1 +retry=0 @"$a" "$@"
}

lab_who() {
	local out
	out=$(lab_dig "$1" "$2" +nsid "$LAB_ZONE" SOA 2>/dev/null) || { echo none; return 0; }
	out=$(sed -n 's/.*NSID: .*"\(.*\)".*/\1/p' <<<"$out" | head -n 1)
	echo "${out:-none}"
}

lab_site_txt() {
	local out
	out=$(lab_dig "$1" "$2" +short "site.$LAB_ZONE" TXT 2>/dev/null) || { echo none; return 0; }
	out=$(tr -d '"' <<<"$out" | head -n 1)
	echo "${out:-none}"
}

lab_resolve() {
	lab_client "$1" kdig +time=3 +retry=1 +short @"$(lab_addr "$1" res)" \
	    "${2:-www.$LAB_ZONE}" "${3:-A}"
}

lab_resolver_ctl() {
	local s="$1"
	shift
	unbound-control -c "$LAB_RUN/$s-unbound.conf" "$@"
}

# --- the whole lab ---------------------------------------------------

# lab_converged: every site router's best route to every service address
# leads to its own node, and every client is answered by its own site.
lab_converged() {
	local s a
	for s in $LAB_SITES; do
		for a in $LAB_ANYCAST4 $LAB_ROOT4; do
			[ "$(lab_route_site "$s" "$a/32")" = "$s" ] || return 1
		done
	done
	for s in $LAB_SITES; do
		[ "$(lab_who "$s" 198.51.100.1)" = "$(lab_identity "$s")" ] || return 1
	done
}

# lab_sessions_up: every BGP session of every router is established.
lab_sessions_up() {
	local r
	for r in $LAB_ROUTERS; do
		case "$(lab_router_kind "$r")" in
		bird) ! lab_router_cli "$r" "show protocols" | awk '$2 == "BGP"' |
		    grep -qv Established || return 1 ;;
		frr) ! lab_router_cli "$r" "show bgp summary" | grep -E '^[0-9]+\.' |
		    awk '{ print $10 }' | grep -q '[A-Za-z]' || return 1 ;;
		esac
	done
}

# --- the picture -------------------------------------------------------

lab_reached_map() {
	local s who
	: >"$1"
	for s in $LAB_SITES; do
		who=$(lab_who "$s" "${2:-198.51.100.1}")
		echo "$s ${who%-1}" >>"$1"
	done
}

lab_picture() {
	python3 "$LAB_DIR/picture.py" "$2" "$3" >"${1%.png}.dot" &&
	    dot -Tpng -o "$1" "${1%.png}.dot"
}

# lab/measure.sh -- what the measuring scenarios (2-6, 8) share (sourced
# after lab/lib.sh; bash).
#
#   m_init ID                     the scenario's data directory, $M_DIR
#                                 ($LAB_RESULTS/ID, emptied), and the EXIT trap;
#                                 the tools read the failure's time stamp
#                                 from $M_EVENT ($M_DIR/event; set it anew
#                                 for a second measurement)
#   m_stream NAME SITE ADDR [STREAM-ARGS...]
#                                 starts lab/tools/stream.py in SITE's client
#                                 (10 ms, NSID, the lab zone's SOA, event file
#                                 $M_DIR/event); true once its first answer
#                                 is in (5 s); data in $M_DIR/NAME.json
#   m_tcplong NAME SITE ADDR [TCPLONG-ARGS...]   the same for tcplong.py
#   m_stop NAME                   SIGTERM to that tool, bounded wait for its
#                                 results (SIGKILL after 5 s); its summary
#                                 line is printed as a diag
#   m_wait_tool NAME SECONDS      waits for a tool to end by itself
#   m_event                       stamps $M_EVENT with the time now (date
#                                 +%s.%N: the clock of Python's time.time())
#   m_fig FILE EXPR               a Python expression over the JSON document
#                                 d of FILE (e.g. 'd["analysis"]["lost"]')
#   m_block SITE [ADDR...]        lab_dns_block, undone by the EXIT trap if
#                                 the scenario dies
#   m_unblock SITE                lab_dns_unblock
#   m_kill SITE                   SIGKILL to the site's castnsd, restarted by
#                                 the EXIT trap if the scenario dies first
#   m_drain SITE / m_undrain SITE castnsctl drain / undrain, likewise undone
#   m_settle [SECONDS]            the lab back to normal: no block, no drain,
#                                 every castnsd running, every prefix
#                                 announced with a damping penalty below
#                                 1000 (so one more withdrawal cannot
#                                 suppress it), every client answered by its
#                                 own site on each anycast address (60 s)
#   m_record ARGS...              lab/tools/report.py record $LAB_RESULTS ...
#   m_le A B                      A <= B (decimals); false when A is empty
#                                 or None
set -u

LAB_TOOLS="$LAB_DIR/tools"
LAB_RESULTS=${CASTNS_LAB_RESULTS:-$LAB_OUT/results}
M_DIR=""
M_PIDS=()
M_BLOCKED=()
M_KILLED=()
M_DRAINED=()
declare -A M_PID

m_cleanup() {
	local p s
	for p in "${M_PIDS[@]}"; do
		kill -TERM "$p" 2>/dev/null && wait_gone "$p" 3
		kill -9 "$p" 2>/dev/null
	done
	for s in "${M_BLOCKED[@]}"; do lab_dns_unblock "$s"; done
	for s in "${M_DRAINED[@]}"; do lab_ctl "$s" undrain all >/dev/null 2>&1; done
	for s in "${M_KILLED[@]}"; do lab_node_running "$s" || lab_node_start "$s"; done
	return 0
}

m_init() {
	M_ID="$1"
	M_DIR="$LAB_RESULTS/$1"
	M_EVENT="$M_DIR/event"
	rm -rf "$M_DIR"
	mkdir -p "$M_DIR"
	trap m_cleanup EXIT
}

# m_tool KIND NAME SITE ADDR ARGS...
m_tool() {
	local kind="$1" name="$2" site="$3" addr="$4" pid
	shift 4
	rm -f "$M_DIR/$name.ready" "$M_DIR/$name.json"
	ip netns exec "$(lab_ns "$site" cli)" python3 "$LAB_TOOLS/$kind.py" \
	    "$addr" -q "$LAB_ZONE" --event-file "$M_EVENT" \
	    --ready "$M_DIR/$name.ready" -o "$M_DIR/$name.json" --label "$name" \
	    "$@" >"$M_DIR/$name.out" 2>&1 &
	pid=$!
	M_PIDS+=("$pid")
	M_PID[$name]=$pid
	wait_until 5 test -s "$M_DIR/$name.ready"
}
m_stream() { m_tool stream "$@"; }
m_tcplong() { m_tool tcplong "$@"; }

m_wait_tool() {
	local pid=${M_PID[$1]}
	wait_gone "$pid" "$2" || return 1
	wait "$pid" 2>/dev/null
	sed 's/^/# /' "$M_DIR/$1.out"
}

m_stop() {
	local pid=${M_PID[$1]}
	kill -TERM "$pid" 2>/dev/null
	if ! wait_gone "$pid" 5; then
		kill -9 "$pid" 2>/dev/null
		diag "$1 did not stop on SIGTERM"
	fi
	wait "$pid" 2>/dev/null
	sed 's/^/# /' "$M_DIR/$1.out"
	test -s "$M_DIR/$1.json"
}

m_event() {
	date +%s.%N >"$M_EVENT.tmp" && mv "$M_EVENT.tmp" "$M_EVENT"
}

m_fig() {
	python3 -c '
import json, sys
try:
    d = json.load(open(sys.argv[1]))
    v = eval(sys.argv[2])
except Exception as e:
    v = None
print("" if v is None else v)' "$@"
}

m_le() {
	[ -n "$1" ] && [ "$1" != None ] &&
	    awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 <= b + 0) }'
}

m_block() { lab_dns_block "$@" && M_BLOCKED+=("$1"); }
m_unblock() { lab_dns_unblock "$1"; }
m_kill() { M_KILLED+=("$1"); lab_node_kill "$1"; }
m_drain() { M_DRAINED+=("$1"); lab_ctl "$1" drain all; }
m_undrain() { lab_ctl "$1" undrain all; }

m_record() { python3 "$LAB_TOOLS/report.py" record "$LAB_RESULTS" "$@"; }

# m_prefixes_ok SITE: every prefix announced, penalty below 1000.
m_prefixes_ok() {
	lab_ctl "$1" --json status 2>/dev/null | python3 -c '
import json, sys
ps = json.load(sys.stdin)["prefixes"]
sys.exit(not ps or not all(p["state"] == "announced" and
                           p.get("penalty", 0) < 1000 for p in ps))'
}

# m_home: every client answered by its own site on every anycast address.
m_home() {
	local s a
	for s in $LAB_SITES; do
		for a in $LAB_ANYCAST4; do
			[ "$(lab_who "$s" "$a")" = "$(lab_identity "$s")" ] || return 1
		done
	done
}

m_settle() {
	local t="${1:-60}" s
	for s in $LAB_SITES; do
		lab_dns_unblock "$s"
		lab_ctl "$s" undrain all >/dev/null 2>&1
		lab_node_running "$s" || lab_node_start "$s"
	done
	for s in $LAB_SITES; do
		wait_until "$t" m_prefixes_ok "$s" || {
			diag "$s: prefixes not all announced (below penalty 1000) within $t s:"
			lab_ctl "$s" status 2>&1 | sed 's/^/#   /'
			return 1
		}
	done
	wait_until 10 m_home || { diag "not every client at its own site"; return 1; }
}

# m_updates ROUTER [PROTOCOL]: route updates plus withdrawals the router has
# received so far (BIRD: "Import updates/withdraws" received, of PROTOCOL
# or of all its BGP sessions; FRR: UPDATE messages received from every
# neighbour).  Take it before and after; the difference is the churn.
m_updates() {
	case "$(lab_router_kind "$1")" in
	bird) lab_router_cli "$1" "show protocols all ${2:-}" 2>/dev/null |
	    awk '/^[^ ]/ { bgp = ($2 == "BGP") }
	         bgp && /Import (updates|withdraws):/ { n += $3 }
	         END { print n + 0 }' ;;
	frr) vtysh --vty_socket "$LAB_RUN/$1-frr" -c "show bgp neighbors json" 2>/dev/null |
	    python3 -c '
import json, sys
try:
    d = json.load(sys.stdin)
except ValueError:
    d = {}
print(sum(n.get("messageStats", {}).get("updatesRecv", 0)
          for n in d.values() if isinstance(n, dict)))' ;;
	esac
}

# m_state SITE PREFIX: the prefix's state in castnsctl status --json.
m_state() {
	lab_ctl "$1" --json status 2>/dev/null | python3 -c '
import json, sys
for p in json.load(sys.stdin)["prefixes"]:
    if p["prefix"] == sys.argv[1]:
        print(p["state"], int(p.get("penalty", 0)))' "$2"
}

# m_record_tap ID NAME EXPECTED: a result for a scenario judged by its TAP
# checks alone (1, 7): observed is how many passed.
m_record_tap() {
	m_record "$1" --name "$2" --expected "$3" \
	    --observed "$((N - FAILED)) of $N checks passed" \
	    $([ "$FAILED" = 0 ] || echo --fail)
}

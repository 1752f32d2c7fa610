#!/bin/bash
# t-lab.sh -- the lab as a test: lab/up once (a run directory of its own),
# every scenario of lab/scenarios/ in order, lab/down; the scenarios' TAP
# lines renumbered into one stream ("ok N [scenario] ...").  Needs root and
# the demo's packages (tools/deps.sh demo); skips otherwise.  tests/run.sh
# runs it in the first (non-sanitizer) pass only: the lab is about routing
# and timing, the sanitizers have the interop suites; and it keeps make
# check's time.  make lab-test runs it alone.
SRC_DIR=$(cd "$(dirname "$0")/../.." && pwd)
. "$SRC_DIR/lab/lib.sh"

[ "$(id -u)" = 0 ] || { skip "needs root (network namespaces)"; finish; }
for p in bird birdc "$FRR/bgpd" vtysh unbound unbound-control kdig traceroute nft python3; do
	case "$p" in /*) [ -x "$p" ] ;; *) command -v "$p" >/dev/null ;; esac ||
	    { skip "missing $p (tools/deps.sh demo installs it)"; finish; }
done
[ -x "$CASTNSD" ] || { not_ok "no castnsd at $CASTNSD (make first)"; finish; }

LAB_RUN=$(mktemp -d /tmp/castns-lab-test.XXXXXX)
export CASTNS_LAB_RUN=$LAB_RUN
export CASTNS_LAB_RESULTS=$LAB_RUN/results
trap '"$LAB_DIR/down" >/dev/null 2>&1; rm -rf "$LAB_RUN"' EXIT

t0=$(now_ms)
out=$("$LAB_DIR/up" 2>&1)
if [ $? -ne 0 ]; then
	not_ok "lab/up"
	sed 's/^/# /' <<<"$out"
	finish
fi
ok "lab/up ($(($(now_ms) - t0)) ms)"
lab_load

for f in $(lab_scenario_files); do
	name=$(basename "$f" .sh)
	t1=$(now_ms)
	bash "$f" >"$LAB_RUN/$name.tap" 2>&1
	rc=$?
	nok=0
	while IFS= read -r line; do
		case "$line" in
		"ok "*) ok "[$name] $(sed 's/^ok [0-9]* //' <<<"$line")" ;;
		"not ok "*) nok=1; not_ok "[$name] $(sed 's/^not ok [0-9]* //' <<<"$line")" ;;
		1..*) ;;
		*) diag "$line" ;;
		esac
	done <"$LAB_RUN/$name.tap"
	[ "$rc" -eq 0 ] || [ "$nok" = 1 ] || not_ok "[$name] exited with status $rc"
	diag "$name took $(($(now_ms) - t1)) ms"
done

python3 "$LAB_DIR/tools/report.py" table "$CASTNS_LAB_RESULTS" | sed 's/^/# /'
"$LAB_DIR/down" >/dev/null 2>&1
left=$(ip netns list | grep -c "^$LAB_PFX-")
check "lab/down leaves no namespace ($left)" [ "$left" -eq 0 ]
finish

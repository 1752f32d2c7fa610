# lib.sh -- shared helpers for the castnsd shell suites (sourced).
#
# TAP output (ok/not ok with a running number), a per-run temporary
# directory, starting castnsd on a random high port with bounded waits,
# and an EXIT trap that kills what the suite started (by pid) and removes
# what it created.  Binaries come from $CASTNS_BUILD (default: build).
set -u

SRC_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${CASTNS_BUILD:-$SRC_DIR/build}
case "$BUILD" in /*) ;; *) BUILD="$SRC_DIR/$BUILD" ;; esac
CASTNSD="$BUILD/castnsd"
CASTNSCTL="$BUILD/castnsctl"
HERE="$SRC_DIR/tests/serve"
. "$SRC_DIR/tests/lib/tap.sh"
TMP=$(mktemp -d /tmp/castns-serve.XXXXXX)
PIDS=()
CLEANUPS=()

cleanup() {
	local p c
	for p in "${PIDS[@]}"; do
		kill "$p" 2>/dev/null && wait_gone "$p" 5
		kill -9 "$p" 2>/dev/null
	done
	for c in "${CLEANUPS[@]}"; do eval "$c" >/dev/null 2>&1; done
	rm -rf "$TMP"
}
trap cleanup EXIT

random_port() { echo $((5300 + RANDOM % 700)); }

# start_castnsd LOG ARGS...: runs castnsd in the background (optionally
# inside $NETNS, with the open-files limit lowered to $NOFILE when set),
# sets CPID, waits until it serves.  The caller's args may use @PORT@,
# replaced by a random port kept in PORT; so may the file given to -c,
# which is copied to FILE.run with the port filled in.  Retried on a port
# conflict.
start_castnsd() {
	local log="$1" try a prev args
	shift
	for try in 1 2 3 4 5; do
		PORT=$(random_port)
		args=()
		prev=""
		for a in "$@"; do
			a="${a//@PORT@/$PORT}"
			if [ "$prev" = "-c" ]; then
				sed "s/@PORT@/$PORT/g" "$a" >"$a.run"
				a="$a.run"
			fi
			args+=("$a")
			prev="$a"
		done
		(
			[ -n "${NOFILE:-}" ] && ulimit -n "$NOFILE"
			exec ${NETNS:+ip netns exec "$NETNS"} "$CASTNSD" "${args[@]}"
		) >"$log" 2>&1 &
		CPID=$!
		PIDS+=("$CPID")
		if wait_log "$log" "serving as|not starting" 20 &&
		    grep -q "serving as" "$log"; then
			return 0
		fi
		kill "$CPID" 2>/dev/null
		wait_gone "$CPID" 5
		grep -q "in use" "$log" || break
	done
	diag "castnsd did not start:"
	sed 's/^/#   /' "$log"
	return 1
}

# stop_castnsd [SIGNAL]: SIGTERM (or SIGNAL), bounded wait; sets STOP_RC.
stop_castnsd() {
	kill -"${1:-TERM}" "$CPID" 2>/dev/null
	if wait_gone "$CPID" 10; then
		wait "$CPID"
		STOP_RC=$?
	else
		kill -9 "$CPID" 2>/dev/null
		STOP_RC=124
	fi
}

KDIG="kdig +time=2 +retry=1"

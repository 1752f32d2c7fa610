# tap.sh -- TAP output and bounded waits for the shell suites and the lab
# (sourced; no side effects but the counters).
#
#   ok NAME / not_ok NAME / skip WHY   one TAP line with a running number
#   diag TEXT                          a TAP comment ("# TEXT")
#   check NAME CMD...                  ok or not ok for CMD's success
#   finish                             the plan line ("1..N"); exits 0
#                                      unless something failed
#   now_ms                             milliseconds since the epoch
#   wait_until SECONDS CMD...          polls CMD every 50 ms for up to
#                                      SECONDS (fractional ok); sets WAITED_MS
#   wait_gone PID SECONDS              true once PID has exited
#   wait_log FILE PATTERN SECONDS      true once FILE has a line matching
N=${N:-0}
FAILED=${FAILED:-0}

ok() { N=$((N + 1)); echo "ok $N $*"; }
not_ok() { N=$((N + 1)); FAILED=$((FAILED + 1)); echo "not ok $N $*"; }
skip() { N=$((N + 1)); echo "ok $N # SKIP $*"; }
diag() { echo "# $*"; }
# check NAME CMD...: one TAP line for the command's success.
check() {
	local name="$1"
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

finish() {
	echo "1..$N"
	[ "$FAILED" -eq 0 ]
	exit $?
}

# now_ms: milliseconds since the epoch.
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# wait_until SECONDS CMD...: polls CMD every 50 ms until it succeeds (true)
# or SECONDS (may be fractional) have passed (false).  Sets WAITED_MS to
# the time it took.
wait_until() {
	local t0 end now
	t0=$(now_ms)
	end=$((t0 + $(awk -v s="$1" 'BEGIN { printf "%d", s * 1000 }')))
	shift
	while :; do
		if "$@" >/dev/null 2>&1; then
			WAITED_MS=$(($(now_ms) - t0))
			return 0
		fi
		now=$(now_ms)
		if [ "$now" -ge "$end" ]; then
			WAITED_MS=$((now - t0))
			return 1
		fi
		sleep 0.05
	done
}

# wait_gone PID SECONDS: true once the process has exited.
wait_gone() {
	local i
	for i in $(seq 1 $(($2 * 20))); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.05
	done
	return 1
}

# wait_log FILE PATTERN SECONDS: true once FILE has a line matching.
wait_log() {
	local i
	for i in $(seq 1 $(($3 * 20))); do
		grep -qE "$2" "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}

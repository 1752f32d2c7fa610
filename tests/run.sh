#!/bin/bash
# run.sh -- the whole test suite, as `make check` runs it.
#
# Every test speaks TAP ("ok N name" / "not ok N name"): cmocka unit tests
# (CMOCKA_MESSAGE_OUTPUT=TAP), the fuzz-corpus replays and the shell suites
# under tests/*/t-*.sh.  A program that fails without printing "not ok"
# counts as one failure.  The suite runs on a normal build and again under
# AddressSanitizer + UndefinedBehaviorSanitizer, then prints one line:
# "N passed, N failed".
#
#   tests/run.sh            both passes and the libFuzzer smoke run
#   tests/run.sh --quick    the normal build only
#   tests/run.sh --only PATTERN   run the suites whose path matches
set -u
cd "$(dirname "$0")/.."

quick=0
only=""
while [ $# -gt 0 ]; do
	case "$1" in
	--quick) quick=1 ;;
	--only) only="$2"; shift ;;
	*) echo "usage: $0 [--quick] [--only PATTERN]" >&2; exit 2 ;;
	esac
	shift
done

passed=0
failed=0
failures=()
log_dir=$(mktemp -d /tmp/castns-check.XXXXXX)
trap 'rm -rf "$log_dir"' EXIT

# run_tap LABEL CMD...: runs one suite, counts its TAP lines.
run_tap() {
	local label="$1" out rc p f t0 secs
	shift
	case "$label" in *"$only"*) ;; *) return 0 ;; esac
	out="$log_dir/$(echo "$label" | tr '/ ' '__').log"
	t0=$SECONDS
	if [ "$(type -t "$1")" = function ]; then
		"$@" >"$out" 2>&1
	else
		timeout 600 "$@" >"$out" 2>&1
	fi
	rc=$?
	secs=$((SECONDS - t0))
	p=$(grep -cE '^ok ' "$out")
	f=$(grep -cE '^not ok ' "$out")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $label exited with status $rc" >>"$out"
	fi
	if [ "$f" -gt 0 ] || [ "$p" -eq 0 ]; then
		[ "$f" -eq 0 ] && f=1
		failures+=("$label")
		echo "FAIL $label: $p passed, $f failed (${secs} s)"
		grep -E '^not ok |^# ' "$out" | head -40 | sed 's/^/    /'
		echo "    (last lines of output:)"
		tail -n 15 "$out" | sed 's/^/    /'
	else
		echo "ok   $label: $p passed (${secs} s)"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
}

# replay_tap BIN CORPUS: one TAP line for a fuzz-corpus replay.
replay_tap() {
	if "$1" "$2"; then
		echo "ok 1 $(basename "$1") replays $2"
	else
		echo "not ok 1 $(basename "$1") replays $2"
	fi
}

# pass SAN: builds with SAN=0/1 and runs every suite against that build.
pass() {
	local san="$1" build t name
	build=$([ "$san" = 1 ] && echo build-san || echo build)
	echo "== build $build"
	if ! make -s -j2 SAN="$san" tests >"$log_dir/make-$build.log" 2>&1; then
		cat "$log_dir/make-$build.log"
		echo "not ok - build $build" ; failed=$((failed + 1))
		failures+=("build $build")
		return
	fi
	export CASTNS_BUILD="$PWD/$build"
	export CMOCKA_MESSAGE_OUTPUT=TAP
	export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
	export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
	for t in "$build"/tests/test_*; do
		[ -x "$t" ] || continue
		run_tap "$build unit/$(basename "$t")" "$t"
	done
	for t in "$build"/fuzz/*-replay; do
		[ -x "$t" ] || continue
		name=$(basename "$t" -replay)
		run_tap "$build replay/$name" replay_tap "$t" "tests/fuzz/$name.in"
	done
	# tests/interop/t-*.sh (BGP against BIRD, FRR and GoBGP in namespaces,
	# as root) run in both passes too: they wait on protocol timers, not
	# CPU (about a minute either way), and under ASan they check castnsd's
	# session teardown paths against real peers.
	# tests/lab/t-lab.sh (the three-site lab, as root) runs in the first
	# pass only: it measures routing and failover, which the sanitizers
	# only slow down, and the interop suites already take castnsd's BGP
	# paths through ASan; so make check stays near ten minutes.
	for t in tests/*/t-*.sh; do
		[ -x "$t" ] || continue
		[ "$san" = 1 ] && [ "${t#tests/lab/}" != "$t" ] && continue
		run_tap "$build ${t#tests/}" "$t"
	done
}

# fuzz_smoke: a few seconds of coverage-guided fuzzing per target.
fuzz_smoke() {
	local f
	command -v clang >/dev/null || { echo "not ok - clang missing"; return 1; }
	make -s -j2 build-fuzz/$(basename "$1" .c) >/dev/null 2>&1 ||
	    { echo "not ok - build $1"; return 1; }
	f=build-fuzz/$(basename "$1" .c)
	mkdir -p "$f.corpus"
	if "$f" -max_total_time=10 -timeout=5 -artifact_prefix=build-fuzz/ "$f.corpus" \
	    "tests/fuzz/$(basename "$1" .c).in" >"$f.log" 2>&1; then
		echo "ok 1 fuzz smoke $(basename "$f") ($(grep -c NEW "$f.log") new inputs)"
	else
		tail -30 "$f.log"
		echo "not ok 1 fuzz smoke $(basename "$f")"
	fi
}

pass 0
if [ "$quick" = 0 ]; then
	# Every target at once: one library build shared by all.
	make -s -j2 fuzz-build >"$log_dir/make-fuzz.log" 2>&1
	for t in tests/fuzz/fuzz_*.c; do
		[ -f "$t" ] || continue
		run_tap "fuzz-smoke/$(basename "$t" .c)" fuzz_smoke "$t"
	done
	pass 1
fi

if [ ${#failures[@]} -gt 0 ]; then
	echo "failed suites:"
	printf '  %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/bin/bash
# run-diff.sh -- serve the diff zones with two servers, compare their answers.
#
#   tests/diff/run-diff.sh LEFT RIGHT [dnsdiff.py options...]
#
# LEFT and RIGHT are castnsd, knot or nsd.  Both serve every zone of
# tests/diff/zones/ on 127.0.0.1 (random high ports) with the same identity
# and EDNS payload 1232; tests/diff/dnsdiff.py then asks both the queries of
# tests/diff/queries.txt (and tests/diff/queries-v6.txt over ::1) and prints TAP.  DIFF_ZONES=DIR serves DIR/*.zone
# instead; DIFF_QUERIES, DIFF_QUERIES_V6 and DIFF_ALLOW name other query
# lists and allowlist (tests/dnssec/t-diff.sh).  Exit status: dnsdiff.py's, or 1
# when a server does not start.  "run-diff.sh nsd knot" shows where the two
# references differ (the nsd-knot entries of known-differences.txt).
set -u
cd "$(dirname "$0")/../.."
. tests/diff/servers.sh

left=$1 right=$2
shift 2
run_dir=$(mktemp -d /tmp/castns-diff.XXXXXX)
trap 'stop_all; rm -rf "$run_dir"' EXIT
trap 'exit 130' INT TERM

zones=()
for f in "${DIFF_ZONES:-tests/diff/zones}"/*.zone; do
	zones+=("$(basename "$f" .zone)=$f")
done

start() {
	local what="$1" var="$2" port
	port=$(free_port)
	printf -v "${var}_port" '%s' "$port"
	mkdir -p "$run_dir/$var"
	if ! "start_${what/knot/knotd}" "${var}_pid" "$run_dir/$var" \
	    "127.0.0.1 ::1" "$port" castns-diff "${zones[@]}"; then
		echo "not ok 1 $what did not start or answer"
		sed 's/^/# /' "$run_dir/$var"/*.log
		exit 1
	fi
}
start "$left" L
start "$right" R
python3 tests/diff/dnsdiff.py --left "127.0.0.1@$L_port" \
    --right "127.0.0.1@$R_port" --left-name "$left" --right-name "$right" \
    --queries "${DIFF_QUERIES:-tests/diff/queries.txt}" \
    --allow "${DIFF_ALLOW:-tests/diff/known-differences.txt}" \
    --no-plan "$@" | tee "$run_dir/v4.tap"
rc=${PIPESTATUS[0]}
# a smaller list once more over IPv6 (::1), numbered on
n4=$(grep -cE '^(ok|not ok) ' "$run_dir/v4.tap")
python3 tests/diff/dnsdiff.py --left "::1@$L_port" \
    --right "::1@$R_port" --left-name "$left" --right-name "$right" \
    --queries "${DIFF_QUERIES_V6:-tests/diff/queries-v6.txt}" \
    --allow "${DIFF_ALLOW:-tests/diff/known-differences.txt}" \
    --number-from $((n4 + 1)) --no-plan --label "v6: " "$@" | tee "$run_dir/v6.tap" ||
    rc=1
[ "${PIPESTATUS[0]}" = 0 ] || rc=1
echo "1..$((n4 + $(grep -cE '^(ok|not ok) ' "$run_dir/v6.tap")))"
for p in $L_pid $R_pid; do
	if ! kill -0 "$p" 2>/dev/null; then
		echo "not ok - server pid $p died during the run"
		rc=1
	fi
done
if ! sanitizer_report "$run_dir"/L "$run_dir"/R; then
	echo "not ok - sanitizer report in a server log"
	rc=1
fi
exit $rc

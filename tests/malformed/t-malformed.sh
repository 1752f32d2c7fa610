#!/bin/bash
# t-malformed.sh -- malformed packets over UDP and TCP get FORMERR or silence (TAP).
#
# Starts castnsd on 127.0.0.1 and ::1 serving the example zone, throws the
# messages of tests/malformed/sendbad.py at it over both address families,
# then checks that it still answers and that its pid is still alive.
#   MALFORMED_SERVER=knot|nsd   runs the same against Knot DNS or NSD.
set -u
cd "$(dirname "$0")/../.."
. tests/diff/servers.sh

server=${MALFORMED_SERVER:-castnsd}
zone=myawesomedns.something
run_dir=$(mktemp -d /tmp/castns-malformed.XXXXXX)
trap 'stop_all; rm -rf "$run_dir"' EXIT
trap 'exit 130' INT TERM

port=$(free_port)
case "$server" in
castnsd) start=start_castnsd ;;
knot) start=start_knotd ;;
nsd) start=start_nsd ;;
esac
if ! $start pid "$run_dir" "127.0.0.1 ::1" "$port" castns-malformed \
    "$zone=examples/$zone.zone"; then
	echo "not ok 1 $server did not start"
	sed 's/^/# /' "$run_dir"/*.log
	exit 1
fi
rc=0
# the TAP numbers of the two runs are made consecutive
out4=$(python3 tests/malformed/sendbad.py --server "127.0.0.1@$port" \
    --zone "$zone" --seed 7) || rc=1
out6=$(python3 tests/malformed/sendbad.py --server "::1@$port" \
    --zone "$zone" --seed 8) || rc=1
n=0
while IFS= read -r line; do
	case "$line" in
	"ok "*|"not ok "*)
		n=$((n + 1))
		echo "$line" | sed -E "s/^(not ok|ok) [0-9]+/\1 $n/" ;;
	"1.."*) ;;
	*) echo "$line" ;;
	esac
done <<<"$(echo "$out4" | sed 's/ - / - v4 /'; echo "$out6" | sed 's/ - / - v6 /')"
n=$((n + 1))
if kill -0 "$pid" 2>/dev/null; then
	echo "ok $n $server (pid $pid) still running"
else
	echo "not ok $n $server (pid $pid) died"
	sed 's/^/# /' "$run_dir"/*.log | tail -20
	rc=1
fi
n=$((n + 1))
if sanitizer_report "$run_dir"; then
	echo "ok $n no sanitizer report in the $server log"
else
	echo "not ok $n sanitizer report in the $server log"
	rc=1
fi
echo "1..$n"
exit $rc

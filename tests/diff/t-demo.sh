#!/bin/bash
# t-demo.sh -- runs examples/demo.sh as a smoke test of castnsd (TAP).
#
# The demo starts one castnsd on loopback and checks every answer it shows;
# this wraps its exit status in one TAP line and prints its output as
# TAP comments when it fails.
set -u
cd "$(dirname "$0")/../.."
CASTNS_BUILD=${CASTNS_BUILD:-build}
echo "1..1"
out=$(timeout 120 examples/demo.sh 2>&1)
rc=$?
if [ "$rc" -eq 0 ]; then
	echo "ok 1 demo: every expected answer shown"
else
	echo "$out" | sed 's/^/# /'
	echo "not ok 1 demo (exit $rc)"
	exit 1
fi

#!/bin/bash
# t-knot.sh -- differential test: castnsd against Knot DNS (TAP).
#
# Both serve tests/diff/zones/ on 127.0.0.1 with the same identity and EDNS
# payload; every query of tests/diff/queries.txt (plus every tenth over TCP)
# is compared field by field by tests/diff/dnsdiff.py.  Differences listed
# in tests/diff/known-differences.txt (each with its RFC reason) pass.
set -u
cd "$(dirname "$0")/../.."
CASTNS_BUILD=${CASTNS_BUILD:-build}
exec tests/diff/run-diff.sh castnsd knot --pair castnsd-knot \
    --report "${DIFF_REPORT:-/dev/null}"

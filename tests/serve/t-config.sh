#!/bin/bash
# t-config.sh -- golden configuration tests: for each tests/conf/NN.yaml,
# `castnsd -c NN.yaml --print-config` (stdout, stderr and exit status) must
# equal NN.ok; an accepted config must print the same again when its
# printed form (stdout only: warnings go to stderr, before it) is read
# back, with as many warnings, and --check-config must agree on the
# verdict and print the same warnings.
# UPDATE=1 rewrites the .ok files (review the diff before committing).
. "$(dirname "$0")/lib.sh"

cd "$SRC_DIR/tests/conf" || exit 1
for y in [0-9]*.yaml; do
	n=${y%.yaml}
	out="$TMP/$n.out"
	{ "$CASTNSD" -c "$y" --print-config 2>&1; echo "exit $?"; } >"$out"
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$out" "$n.ok"
	fi
	if diff -u "$n.ok" "$out" >"$TMP/$n.diff" 2>&1; then
		ok "$y --print-config matches $n.ok"
	else
		not_ok "$y --print-config matches $n.ok"
		sed 's/^/#   /' "$TMP/$n.diff"
	fi
	"$CASTNSD" -c "$y" --check-config >/dev/null 2>&1
	rc=$?
	if tail -n1 "$out" | grep -qx "exit 0"; then
		check "$y --check-config accepts it" [ "$rc" -eq 0 ]
		"$CASTNSD" -c "$y" --check-config 2>"$TMP/$n.cw" >/dev/null
		check "$y --check-config gives the same warnings" \
		    diff -q "$TMP/$n.cw" <(grep '^castnsd: warning: ' "$out")
		# Round trip: the printed form reads back to the same output.
		# It is read from this directory so relative paths agree.
		"$CASTNSD" -c "$y" --print-config >"$n.printed.tmp" 2>/dev/null
		"$CASTNSD" -c "$n.printed.tmp" --print-config >"$TMP/$n.again" \
		    2>"$TMP/$n.again.err"
		if diff -u "$n.printed.tmp" "$TMP/$n.again" >"$TMP/$n.rt"; then
			ok "$y printed form parses back the same"
		else
			not_ok "$y printed form parses back the same"
			sed 's/^/#   /' "$TMP/$n.rt"
		fi
		rm -f "$n.printed.tmp"
		check "$y printed form gives as many warnings" [ \
		    "$(grep -c '^castnsd: warning: ' "$TMP/$n.again.err")" = \
		    "$(grep -c '^castnsd: warning: ' "$out")" ]
	else
		check "$y --check-config refuses it with exit 1" [ "$rc" -eq 1 ]
	fi
done

# The example's commented bgp:/anycast:/check:/health: part, uncommented,
# and the example in docs/config.md are valid and give no warning.
sed -n '/^# bgp:/,$p' "$SRC_DIR/examples/castns.yaml" |
    grep -v '^# Health' | sed 's/^# \{0,1\}//' >"$TMP/example-bgp.yaml"
check "examples/castns.yaml's bgp and health part, uncommented, is clean" \
    bash -c '"$0" -c "$1" --check-config 2>&1 | grep -q "1 BGP peer, 2 anycast prefixes, 0 warnings"' \
    "$CASTNSD" "$TMP/example-bgp.yaml"
awk '/^## Example/{f=1} f&&/^```yaml/{g=1;next} g&&/^```/{exit} g' \
    "$SRC_DIR/docs/config.md" >"$TMP/doc-example.yaml"
check "docs/config.md's example is clean" \
    bash -c '"$0" -c "$1" --check-config 2>&1 | grep -q "2 BGP peers, 2 anycast prefixes, 0 warnings)$"' \
    "$CASTNSD" "$TMP/doc-example.yaml"
finish

#!/bin/bash
# t-cli.sh -- castnsd's and castnsctl's command line: every flag, the
# exit codes (0 ok, 1 failure, 2 usage) and that each error names the
# argument, file and line at fault.
. "$(dirname "$0")/lib.sh"

D="$HERE/data"
# run EXPECTED_RC PATTERN ARGS...: castnsd's exit code and its output
# (stdout and stderr together) matching an extended regex.
run() {
	local want="$1" pat="$2" rc name
	shift 2
	name="castnsd $* -> exit $want"
	"$CASTNSD" "$@" >"$TMP/out" 2>&1 </dev/null
	rc=$?
	if [ "$rc" -eq "$want" ] && grep -qE -- "$pat" "$TMP/out"; then
		ok "$name"
	else
		not_ok "$name (got exit $rc)"
		sed 's/^/#   /' "$TMP/out" | head -20
	fi
}

run 0 '^usage: castnsd -c FILE' --help
run 0 '--check-zone NAME=FILE' -h
run 0 '^castnsd [0-9]+\.[0-9]+' -V
run 0 '^castnsd [0-9]+\.[0-9]+' --version
run 2 "nothing to serve" 
run 2 "unknown option '--bogus'" --bogus
run 2 "unknown option '-x'" -x
run 2 "option '--listen' needs an argument" --listen
run 2 "option '-c' needs an argument" -c
run 2 "--listen '1.2.3@53': expected an IPv4 or IPv6 address" \
    --listen 1.2.3@53 --zone example.test="$D/good.zone"
run 2 "--listen '::1@99999': expected ADDR@PORT with a port 1-65535" \
    --listen ::1@99999 --zone example.test="$D/good.zone"
run 2 "--listen '127.0.0.1@53': given twice" \
    --listen 127.0.0.1 --listen 127.0.0.1@53
run 2 "--zone 'example.test': expected NAME=FILE" --zone example.test
run 2 "--zone 'a..b=x': expected a domain name" --zone 'a..b=x'
run 2 "--zone 'A.test=y': zone listed twice" --zone a.test=x --zone A.test=y
run 2 "--workers '0': expected a number 1-256" --workers 0 --zone a.test=x
run 2 "--workers 'two': expected a number 1-256" --workers two --zone a.test=x
run 2 "--identity '': expected 1-255 printable" --identity '' --zone a.test=x
run 2 "--identity given twice" --identity a --identity b --zone a.test=x
run 2 "--listen cannot be combined with -c" -c x.yaml --listen ::1
run 2 "unexpected argument 'extra'" --zone a.test=x extra
run 2 "exclude each other" -c x.yaml --check-config --print-config
run 2 "--check-zone takes no other option" --check-zone a=b --zone a=b

# --check-zone: 0 when clean, 1 with every error listed as file:line.
run 0 "zone example.test.: .*good.zone: ok, serial" \
    --check-zone example.test="$D/good.zone"
run 1 "bad.zone:7: error: " --check-zone example.test="$D/bad.zone"
run 1 "zone example.test.: .*bad.zone: [1-9][0-9]* errors?, .*not loaded" \
    --check-zone example.test="$D/bad.zone"
run 1 "missing.zone" --check-zone example.test="$D/missing.zone"
run 1 "bad.zone:7: error" --check-zone a.test="$D/good.zone" \
    --check-zone example.test="$D/bad.zone"
for l in "multi.zone:6: error: CNAME and other data" "multi.zone:7: error: " \
    "multi.zone:[0-9]+: error: .*NS" "3 errors"; do
	run 1 "$l" --check-zone example.test="$D/multi.zone"
done
run 0 "warn.zone:[0-9]+: warning: TTL" --check-zone example.test="$D/warn.zone"
run 0 "warn.zone: ok, serial 1, [0-9]+ records, 1 warning" \
    --check-zone example.test="$D/warn.zone"
run 2 "--check-zone 'nothing': expected NAME=FILE" --check-zone nothing
run 2 "'a..b' is not a domain name" --check-zone a..b=x

# --check-config and --print-config, from a file and from the flags.
cat >"$TMP/good.yaml" <<EOT
server:
  identity: cli-test
  listen: [ 127.0.0.1@5353 ]
zone:
  - domain: example.test
    file: $D/good.zone
EOT
printf 'server:\n  identity: x\n  workers: lots\n' >"$TMP/bad.yaml"
run 0 "good.yaml: configuration ok \(1 zone\)" -c "$TMP/good.yaml" \
    --check-config
run 1 "bad.yaml:3:12: server.workers: expected a number 1-256, got 'lots'" \
    -c "$TMP/bad.yaml" --check-config
run 1 "missing.yaml: No such file" -c "$TMP/missing.yaml" --check-config
run 0 "command line: configuration ok \(2 zones\)" --listen ::1@5353 \
    --zone a.test=x --zone b.test=y --check-config
run 0 '^    - "::1@5353"$' --listen ::1@5353 --zone a.test=x --identity n1 \
    --workers 3 --print-config
run 0 '^  workers: 3$' --listen ::1@5353 --zone a.test=x --workers 3 \
    --print-config
run 0 '^  identity: n1$' --listen ::1@5353 --zone a.test=x --identity n1 \
    --print-config

# Starting with a zone that does not load: exit 1, the error at file:line.
run 1 "zone example.test.: .*bad.zone:7: " --listen 127.0.0.1@5399 \
    --zone example.test="$D/bad.zone"
run 1 "zones refused, not starting" --listen 127.0.0.1@5399 \
    --zone example.test="$D/bad.zone"
run 1 "configuration refused|bad.yaml:3:12" -c "$TMP/bad.yaml"

# A port another process holds is reported, not silently shared.
if start_castnsd "$TMP/first.log" --listen "127.0.0.1@@PORT@" \
    --zone example.test="$D/good.zone" --workers 1; then
	run 1 "127.0.0.1@$PORT: cannot bind .*in use" \
	    --listen "127.0.0.1@$PORT" --zone example.test="$D/good.zone"
	stop_castnsd
	check "first castnsd stops with exit 0" [ "$STOP_RC" -eq 0 ]
else
	not_ok "castnsd starts"
fi

# -v adds debug logging.
if start_castnsd "$TMP/v.log" -v --listen "127.0.0.1@@PORT@" \
    --zone example.test="$D/good.zone" --workers 1; then
	grep -q "\[debug\] worker 0: 1 UDP sockets" "$TMP/v.log"
	check "-v logs debug lines" [ $? -eq 0 ]
	stop_castnsd
else
	not_ok "castnsd -v starts"
fi
if start_castnsd "$TMP/nov.log" --listen "127.0.0.1@@PORT@" \
    --zone example.test="$D/good.zone" --workers 1; then
	grep -q "\[debug\]" "$TMP/nov.log"
	check "without -v no debug lines" [ $? -ne 0 ]
	stop_castnsd
else
	not_ok "castnsd starts"
fi

# The shipped example configuration is valid.
run 0 "castns.yaml: configuration ok \(1 zone\)" \
    -c "$SRC_DIR/examples/castns.yaml" --check-config

# castnsctl's own command line (tests/ctl/t-ctl.sh runs it against castnsd).
"$CASTNSCTL" --help >"$TMP/out" 2>&1
rc=$?
check "castnsctl --help exits 0 with the commands" \
    eval '[ $rc -eq 0 ] && grep -q "status" "$TMP/out" && grep -q drain "$TMP/out"'
"$CASTNSCTL" frobnicate >"$TMP/out" 2>&1
rc=$?
check "castnsctl frobnicate exits 2 naming it" \
    eval '[ $rc -eq 2 ] && grep -q "unknown command .frobnicate." "$TMP/out"'
"$CASTNSCTL" >"$TMP/out" 2>&1
check "castnsctl without a command exits 2" [ $? -eq 2 ]
"$CASTNSCTL" -s "$TMP/none.sock" status >"$TMP/out" 2>&1
rc=$?
check "castnsctl status without a daemon: exit 1, cannot connect" \
    eval '[ $rc -eq 1 ] && grep -q "cannot connect to $TMP/none.sock" "$TMP/out"'
finish

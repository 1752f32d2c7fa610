#!/bin/bash
# t-serve.sh -- castnsd end to end on loopback: UDP and TCP answers over
# IPv4 and IPv6 (kdig), the node identity (CHAOS id.server, NSID), reload
# by SIGHUP of a changed zone and a changed config, failed reloads (bad
# zone, bad config) that keep the old data served and log file:line,
# config warnings logged on reload, and a quick, clean exit 0 on SIGTERM.
. "$(dirname "$0")/lib.sh"

D="$HERE/data"
command -v kdig >/dev/null || { skip "kdig missing"; finish; }
cp "$D/good.zone" "$TMP/example.test.zone"
write_conf() {
	cat >"$TMP/castns.yaml" <<EOT
server:
  identity: $1
  listen: [ "127.0.0.1@$2", "::1@$2" ]
  workers: 2
zone:
  - domain: example.test
    file: example.test.zone
EOT
}
serial() {
	$KDIG @"$1" -p "$PORT" ${2:-} example.test SOA +short 2>/dev/null |
	    awk '{ print $3 }'
}
# wait_serial ADDR WANT SECONDS
wait_serial() {
	local i
	for i in $(seq 1 $(($3 * 10))); do
		[ "$(serial "$1")" = "$2" ] && return 0
		sleep 0.1
	done
	return 1
}

for try in 1 2 3 4 5; do
	PORT=$(random_port)
	write_conf t-serve-1 "$PORT"
	"$CASTNSD" -c "$TMP/castns.yaml" >"$TMP/log" 2>&1 &
	CPID=$!
	PIDS+=("$CPID")
	wait_log "$TMP/log" "serving as|not starting" 20
	grep -q "serving as" "$TMP/log" && break
	kill "$CPID" 2>/dev/null; wait_gone "$CPID" 5
	grep -q "in use" "$TMP/log" || break
done
if ! grep -q "serving as" "$TMP/log"; then
	not_ok "castnsd starts"
	sed 's/^/#   /' "$TMP/log"
	finish
fi
ok "castnsd -c castns.yaml starts on 127.0.0.1 and ::1 port $PORT"
grep -qE "zone example.test. loaded from .*example.test.zone: serial 2024010101, [0-9]+ records" "$TMP/log"
check "start log names the zone, serial, records and load time" [ $? -eq 0 ]
grep -qE "serving as 't-serve-1' with 2 workers on 127.0.0.1@$PORT, ::1@$PORT" "$TMP/log"
check "start log names identity, workers and addresses" [ $? -eq 0 ]

for a in 127.0.0.1 ::1; do
	check "UDP SOA over $a: serial 2024010101" [ "$(serial $a)" = 2024010101 ]
	check "TCP SOA over $a: serial 2024010101" \
	    [ "$(serial $a +tcp)" = 2024010101 ]
	out=$($KDIG @$a -p "$PORT" www.example.test A +short)
	check "UDP A www.example.test over $a: $out" [ "$out" = 192.0.2.80 ]
done
out=$($KDIG @127.0.0.1 -p "$PORT" +tcp +keepopen www.example.test A \
    www.example.test AAAA example.test NS 2>&1 | grep -c "status: NOERROR")
check "three queries on one kept-open TCP connection" [ "$out" = 3 ]
out=$($KDIG @127.0.0.1 -p "$PORT" CH TXT id.server +short)
check "CHAOS TXT id.server names the node: $out" [ "$out" = '"t-serve-1"' ]
out=$($KDIG @::1 -p "$PORT" +nsid example.test SOA | grep -i nsid)
check "NSID names the node: $out" eval 'echo "$out" | grep -q t-serve-1'
out=$($KDIG @127.0.0.1 -p "$PORT" nothere.invalid A | grep -o "status: [A-Z]*")
check "outside the zones: $out" [ "$out" = "status: REFUSED" ]

# Reload: a changed zone and a changed identity are served.
sed -i 's/2024010101/2024010102/' "$TMP/example.test.zone"
write_conf t-serve-2 "$PORT"
kill -HUP "$CPID"
check "SIGHUP: new serial 2024010102 served" wait_serial 127.0.0.1 2024010102 5
out=$($KDIG @127.0.0.1 -p "$PORT" CH TXT id.server +short)
check "SIGHUP: new identity served: $out" [ "$out" = '"t-serve-2"' ]
check "reload logged" wait_log "$TMP/log" "reload done: serving generation 2" 5

# Queries keep being answered while reloads swap the data under them.
if command -v python3 >/dev/null; then
	python3 "$HERE/dnsclient.py" hammer 127.0.0.1 "$PORT" www.example.test 3 \
	    >"$TMP/hammer" 2>&1 &
	hpid=$!
	PIDS+=("$hpid")
	for i in 1 2 3 4 5; do
		sleep 0.4
		kill -HUP "$CPID"
	done
	wait "$hpid"
	hrc=$?
	check "no query lost across 5 reloads: $(cat "$TMP/hammer")" [ "$hrc" -eq 0 ]
	check "the 5 reloads are done" \
	    wait_log "$TMP/log" "reload done: serving generation 7" 5
else
	skip "python3 missing"
	skip "python3 missing"
fi

# A broken zone on reload: logged with file:line, the old data stays.
cp "$TMP/example.test.zone" "$TMP/good.copy"
printf 'www2\tIN A\t300.1.1.1 ; BAD\n' >>"$TMP/example.test.zone"
sed -i 's/2024010102/2024010103/' "$TMP/example.test.zone"
bad_line=$(wc -l <"$TMP/example.test.zone")
kill -HUP "$CPID"
check "bad zone reload logs example.test.zone:$bad_line" \
    wait_log "$TMP/log" "example.test.zone:$bad_line: " 5
check "bad zone reload logs that the old data stays" \
    wait_log "$TMP/log" "reload failed: zones refused; still serving generation 7" 5
check "after the bad reload serial 2024010102 is still served" \
    [ "$(serial 127.0.0.1)" = 2024010102 ]

# A broken config on reload: the same.
cp "$TMP/good.copy" "$TMP/example.test.zone"
printf 'server:\n  identity: x\n  wrkers: 2\n' >"$TMP/castns.yaml"
kill -HUP "$CPID"
check "bad config reload logs castns.yaml:3:3 and the key" \
    wait_log "$TMP/log" "castns.yaml:3:3: server.wrkers: unknown key" 5
check "bad config reload keeps serving" \
    wait_log "$TMP/log" "configuration refused; still serving generation 7" 5
out=$($KDIG @::1 -p "$PORT" CH TXT id.server +short)
check "identity unchanged after the bad config: $out" [ "$out" = '"t-serve-2"' ]

# Listen changes need a restart: said, and the old sockets stay.
write_conf t-serve-3 "$((PORT + 1))"
kill -HUP "$CPID"
check "changed listen addresses: restart needed is logged" \
    wait_log "$TMP/log" "listen addresses changed: restart" 5
check "old port still answers after it" wait_serial 127.0.0.1 2024010102 5

# Config warnings are logged on reload, located like errors.
printf 'bgp:\n  as: 65001\n  router-id: 192.0.2.11\n  peer:\n    - address: 192.0.2.1\n      remote-as: 65000\nanycast:\n  - prefix: 198.51.100.1/32\n' >>"$TMP/castns.yaml"
kill -HUP "$CPID"
check "reload logs the config's warnings with file:line:col" \
    wait_log "$TMP/log" "\\[warning\\] .*castns.yaml:15:13: anycast\\[1\\].prefix: 198.51.100.1/32 is more specific than /24" 5

t0=$(date +%s%N)
stop_castnsd
t1=$(date +%s%N)
ms=$(((t1 - t0) / 1000000))
check "SIGTERM: exit 0 (sanitizers clean) in ${ms} ms" \
    [ "$STOP_RC" -eq 0 -a "$ms" -lt 3000 ]
grep -q "SIGTERM received, stopping" "$TMP/log" && grep -q "stopped" "$TMP/log"
check "stop is logged" [ $? -eq 0 ]
finish

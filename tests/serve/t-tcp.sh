#!/bin/bash
# t-tcp.sh -- DNS over TCP per RFC 7766: pipelined queries answered in
# order over IPv4 and IPv6, a query split over several writes, stalled
# clients (silent, half a length prefix, not reading) that never hold up
# the others and are closed after tcp-idle-timeout, and a full
# connection table that makes room for a new client.
. "$(dirname "$0")/lib.sh"

D="$HERE/data"
PY="python3 $HERE/dnsclient.py"
command -v python3 >/dev/null || { skip "python3 missing"; finish; }

cat >"$TMP/tcp.yaml" <<EOT
server:
  identity: t-tcp
  listen: [ "127.0.0.1@@PORT@", "::1@@PORT@" ]
  workers: 1
  tcp-idle-timeout: 700ms
  tcp-max-clients: 16
zone:
  - domain: example.test
    file: $D/good.zone
EOT
if ! start_castnsd "$TMP/tcp.log" -c "$TMP/tcp.yaml"; then
	not_ok "castnsd starts"
	finish
fi
ok "castnsd starts with one worker, tcp-idle-timeout 700ms"

for a in 127.0.0.1 ::1; do
	out=$($PY pipeline "$a" "$PORT" www.example.test 50)
	check "pipeline 50 queries over $a: $out" [ $? -eq 0 ]
done

out=$($PY stall 127.0.0.1 "$PORT" www.example.test 0.7)
check "stalled clients do not block others: $out" [ $? -eq 0 ]
kill -0 "$CPID" 2>/dev/null
check "castnsd still running after stalled clients" [ $? -eq 0 ]

stop_castnsd
check "SIGTERM with connections done: exit 0 (ASan leak-clean)" \
    [ "$STOP_RC" -eq 0 ]
grep -q "closed idle" "$TMP/tcp.log"
check "stop logs the TCP counters" [ $? -eq 0 ]

# A full table: the least recently active connection makes room.
sed 's/tcp-max-clients: 16/tcp-max-clients: 3/' "$TMP/tcp.yaml" \
    >"$TMP/full.yaml"
if start_castnsd "$TMP/full.log" -c "$TMP/full.yaml"; then
	out=$($PY full 127.0.0.1 "$PORT" www.example.test 3)
	check "full table, new client served: $out" [ $? -eq 0 ]
	stop_castnsd INT
	check "SIGINT exits 0" [ "$STOP_RC" -eq 0 ]
	grep -q "SIGINT received, stopping" "$TMP/full.log"
	check "SIGINT logged" [ $? -eq 0 ]
else
	not_ok "castnsd starts with tcp-max-clients 3"
fi

# Out of descriptors (open-files limit 40, far below the table): accept
# failures make room instead of spinning, and new clients are served.
sed 's/tcp-max-clients: 16/tcp-max-clients: 1000/' "$TMP/tcp.yaml" \
    >"$TMP/nofile.yaml"
if NOFILE=40 start_castnsd "$TMP/nofile.log" -c "$TMP/nofile.yaml"; then
	grep -q "open files limit 40 is below" "$TMP/nofile.log"
	check "a too low open-files limit is logged" [ $? -eq 0 ]
	out=$($PY full 127.0.0.1 "$PORT" www.example.test 60)
	check "60 clients over a limit of 40 descriptors: $out" [ $? -eq 0 ]
	cpu=$(ps -o times= -p "$CPID" | tr -d ' ')
	check "castnsd did not spin on accept (${cpu}s CPU)" [ "${cpu:-9}" -lt 2 ]
	stop_castnsd
	check "SIGTERM exits 0" [ "$STOP_RC" -eq 0 ]
else
	not_ok "castnsd starts with an open-files limit of 40"
fi
finish

#!/bin/bash
# t-ctl.sh -- castnsctl against a live castnsd on loopback: every command
# with its output and exit status, --json parsed by python3, bad
# arguments (usage, exit 2), no daemon (exit 1 and the message), the
# control socket's mode and its stale-file handling, and the Prometheus
# endpoint scraped before and after queries (format checked by promtool
# when installed, by a strict checker here in any case).
#
# Prefix states with real prefixes and a BGP peer are the business of
# tests/health/t-anycast.sh.
. "$(dirname "$0")/../serve/lib.sh"

CTL="$CASTNSCTL"
SOCK="$TMP/run/control.sock"
mkdir -p "$TMP/run"
cp "$HERE/data/good.zone" "$TMP/example.test.zone"
MPORT=$((9200 + RANDOM % 700))
cat >"$TMP/castns.yaml" <<YAML
server:
  identity: ctl-test
  listen: [ "127.0.0.1@@PORT@", "::1@@PORT@" ]
  workers: 2
  control: $SOCK
  control-mode: "0660"
  metrics: 127.0.0.1@$MPORT
zone:
  - domain: example.test
    file: $TMP/example.test.zone
YAML

# --- without a daemon -------------------------------------------------
out=$("$CTL" -s "$SOCK" status 2>&1); rc=$?
check "no daemon: exit 1" [ "$rc" -eq 1 ]
check "no daemon: says it cannot connect" [ "$out" = \
    "castnsctl: cannot connect to $SOCK: No such file or directory" ]
out=$("$CTL" status 2>&1)
check "the default socket is /run/castns/control.sock" \
    grep -q "cannot connect to /run/castns/control.sock" <<<"$out"

# --- usage ------------------------------------------------------------
usage_case() {	# NAME ARGS...: exit 2, a message and the usage on stderr
	local name="$1" out rc
	shift
	out=$("$CTL" -s "$SOCK" "$@" 2>&1 >/dev/null); rc=$?
	if [ "$rc" -eq 2 ] && grep -q "^usage: castnsctl" <<<"$out"; then
		ok "usage: $name"
	else
		not_ok "usage: $name (exit $rc)"
		sed 's/^/#   /' <<<"$out"
	fi
}
usage_case "no command"
usage_case "unknown command" frobnicate
usage_case "unknown option" --frob status
usage_case "status takes no argument" status now
usage_case "disable needs a prefix" disable
usage_case "disable with a bad prefix" disable 198.51.100.1/24
usage_case "enable all is refused" enable all
usage_case "zone-reload needs a name" zone-reload
usage_case "zone-reload with a bad name" zone-reload a..b
usage_case "--wait only for drain" undrain --wait
usage_case "-s needs an argument" -s
check "-h prints the usage, exit 0" bash -c '"$0" -h | grep -q "^usage: castnsctl"' "$CTL"
check "-V prints the version" bash -c '"$0" -V | grep -q "^castnsctl [0-9]"' "$CTL"
out=$("$CTL" -s "$SOCK" frobnicate 2>&1 >/dev/null)
check "usage errors name the problem" grep -q "^castnsctl: unknown command 'frobnicate'" <<<"$out"

# --- a live daemon ----------------------------------------------------
# A stale socket file (a castnsd that died) is replaced.
python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$SOCK"
start_castnsd "$TMP/log" -c "$TMP/castns.yaml" || { finish; }
ok "castnsd starts with a control socket over a stale one"
check "the socket has the configured mode 0660" \
    [ "$(stat -c %a "$SOCK")" = 660 ]
check "the log names the socket" grep -q "control socket $SOCK (mode 0660)" "$TMP/log"

out=$("$CTL" -s "$SOCK" status); rc=$?
check "status: exit 0" [ "$rc" -eq 0 ]
check "status: identity and version" grep -q "^castnsd [0-9.]* as 'ctl-test', up " <<<"$out"
check "status: the zone with its serial" grep -qE "^  example.test. +serial 2024010101" <<<"$out"
check "status: prefixes, checks, peers" bash -c 'grep -q "^prefixes: 0" <<<"$0" && grep -q "^checks: 0" <<<"$0" && grep -q "^bgp peers: 0" <<<"$0"' "$out"

# Queries move the counters.
$KDIG @127.0.0.1 -p "$PORT" www.example.test A >/dev/null
$KDIG @127.0.0.1 -p "$PORT" nope.example.test A >/dev/null
$KDIG +tcp @::1 -p "$PORT" example.test SOA >/dev/null
$KDIG @127.0.0.1 -p "$PORT" example.org A >/dev/null

json=$("$CTL" -s "$SOCK" status --json); rc=$?
check "status --json: exit 0" [ "$rc" -eq 0 ]
check "status --json: parses, with identity, zones, prefixes, checks, peers" \
    python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert d["identity"] == "ctl-test", d
assert d["version"] and d["uptime_s"] >= 0 and d["generation"] == 1
z = d["zones"][0]
assert z["zone"] == "example.test." and z["serial"] == 2024010101, z
assert z["queries"] == 3, z
assert d["prefixes"] == [] and d["checks"] == [] and d["peers"] == []
' "$json"
json2=$("$CTL" -s "$SOCK" --json status)
check "--json before the command works too" python3 -c 'import json,sys; json.loads(sys.argv[1])' "$json2"

out=$("$CTL" -s "$SOCK" stats); rc=$?
check "stats: exit 0" [ "$rc" -eq 0 ]
check "stats: totals" grep -q "^queries 4, responses 4, dropped 0" <<<"$out"
check "stats: by transport" bash -c 'grep -q "udp ipv4: queries 3" <<<"$0" && grep -q "tcp ipv6: queries 1" <<<"$0"' "$out"
check "stats: rcodes" grep -q "^rcodes: NOERROR 2 NXDOMAIN 1 REFUSED 1" <<<"$out"
json=$("$CTL" -s "$SOCK" stats --json)
check "stats --json" python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert d["queries"] == 4 and d["rcodes"] == {"NOERROR": 2, "NXDOMAIN": 1, "REFUSED": 1}, d
t = {(x["protocol"], x["family"]): x["queries"] for x in d["transports"]}
assert t == {("udp","ipv4"): 3, ("udp","ipv6"): 0, ("tcp","ipv4"): 0, ("tcp","ipv6"): 1}, t
assert d["tcp"]["accepted"] == 1 and d["zones"] == [{"zone": "example.test.", "queries": 3}], d
' "$json"

out=$("$CTL" -s "$SOCK" bgp); rc=$?
check "bgp without BGP: exit 0, says so" bash -c '[ "$0" -eq 0 ] && [ "$1" = "BGP is not configured" ]' "$rc" "$out"
json=$("$CTL" -s "$SOCK" bgp --json)
check "bgp --json" python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d == {"running": False, "peers": []}, d' "$json"

out=$("$CTL" -s "$SOCK" reload); rc=$?
check "reload: exit 0, new generation" bash -c '[ "$0" -eq 0 ] && [ "$1" = "serving generation 2, 1 zone" ]' "$rc" "$out"
check "reload: logged with who asked" grep -qE "control: reload from uid [0-9]+ \(pid [0-9]+\)" "$TMP/log"
json=$("$CTL" -s "$SOCK" reload --json)
check "reload --json" python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d == {"generation": 3, "zones": 1}, d' "$json"
# A broken zone: the reload fails, the old data keeps serving.
cp "$TMP/example.test.zone" "$TMP/good.copy"
echo "broken line here" >>"$TMP/example.test.zone"
out=$("$CTL" -s "$SOCK" reload 2>&1); rc=$?
check "reload of a broken zone: exit 1 with the reason" bash -c '[ "$0" -eq 1 ] && grep -q "^castnsctl: reload failed: zones refused (see the log); still serving generation 3" <<<"$1"' "$rc" "$out"
out=$("$CTL" -s "$SOCK" zone-reload example.test 2>&1); rc=$?
check "zone-reload of a broken zone: exit 1" [ "$rc" -eq 1 ]
check "the old zone still answers" bash -c '$0 @127.0.0.1 -p $1 www.example.test A | grep -q "status: NOERROR"' "$KDIG" "$PORT"
cp "$TMP/good.copy" "$TMP/example.test.zone"
out=$("$CTL" -s "$SOCK" zone-reload Example.TEST); rc=$?
check "zone-reload: exit 0" bash -c '[ "$0" -eq 0 ] && [ "$1" = "serving generation 4, 1 zone" ]' "$rc" "$out"
out=$("$CTL" -s "$SOCK" zone-reload other.test 2>&1); rc=$?
check "zone-reload of an unknown zone: exit 1, says so" bash -c '[ "$0" -eq 1 ] && [ "$1" = "castnsctl: zone-reload failed: no zone other.test. in the configuration" ]' "$rc" "$out"
json=$("$CTL" -s "$SOCK" status --json)
check "per-zone counts survive reloads" python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["zones"][0]["queries"] == 4, d' "$json"

# Prefix commands on a node without anycast prefixes: drain and undrain of
# all have nothing to do; a prefix that is not configured is an error.
# (tests/health/t-anycast.sh runs them against BIRD with real prefixes.)
for c in "drain" "drain all --wait" "undrain"; do
	out=$("$CTL" -s "$SOCK" $c 2>&1); rc=$?
	check "$c without prefixes: exit 0" [ "$rc" -eq 0 ]
done
for c in "disable 198.51.100.1/32" "enable 198.51.100.1/32"; do
	out=$("$CTL" -s "$SOCK" $c 2>&1); rc=$?
	check "$c, not configured: exit 1, says so" bash -c '[ "$0" -eq 1 ] && grep -qi "198.51.100.1/32" <<<"$1"' "$rc" "$out"
done

# The protocol itself: version, garbage, size limit, silence.
raw() { python3 - "$SOCK" "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(5)
s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode().decode("unicode_escape").encode("latin-1"))
out = b""
while True:
    b = s.recv(65536)
    if not b:
        break
    out += b
sys.stdout.write(out.decode())
PY
}
check "another protocol version gets 505" [ "$(raw 'castns/2 status\n')" = \
    "505 protocol version 2 not supported, this castnsd speaks castns/1" ]
check "garbage gets 400" [ "$(raw 'hello world\n')" = \
    "400 expected 'castns/1 COMMAND ...'" ]
check "a control octet gets 400" [ "$(raw 'castns/1 status\r\n')" = \
    "400 request with a control or non-ASCII octet" ]
check "an overlong request gets 400" [ "$(raw "castns/1 $(printf 'a%.0s' $(seq 600))")" = \
    "400 request longer than 511 octets" ]
check "a request without newline is read at EOF" bash -c 'python3 - "$0" <<"PY"
import socket, sys
s = socket.socket(socket.AF_UNIX); s.settimeout(5); s.connect(sys.argv[1])
s.sendall(b"castns/1 stats"); s.shutdown(socket.SHUT_WR)
out = b""
while True:
    b = s.recv(65536)
    if not b: break
    out += b
assert out.endswith(b"\n200 ok\n"), out
PY' "$SOCK"
check "the daemon still answers after all that" "$CTL" -s "$SOCK" status >/dev/null

# --- metrics ----------------------------------------------------------
scrape() { curl -sf --max-time 5 "http://127.0.0.1:$MPORT${1:-/metrics}"; }
scrape >"$TMP/m1"
check "GET /metrics answers" [ -s "$TMP/m1" ]
check "content type 0.0.4" bash -c 'curl -sI --max-time 5 "$0" | grep -qi "^Content-Type: text/plain; version=0.0.4"' "http://127.0.0.1:$MPORT/metrics"
check "other paths are 404" [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$MPORT/")" = 404 ]
check "POST is 405" [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -d x "http://127.0.0.1:$MPORT/metrics")" = 405 ]
# A strict checker of the text format: every sample's family has HELP and
# TYPE before it, names and labels are well formed, values are numbers,
# histograms are cumulative and end in +Inf = _count, no duplicate series.
cat >"$TMP/promcheck.py" <<'PY'
import re, sys
name_re = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
lab_re = r'[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"'
line_re = re.compile(r"^(%s)(\{%s(?:,%s)*\})? (\S+)$" % (name_re, lab_re, lab_re))
types, helps, seen, hist = {}, set(), set(), {}
for n, line in enumerate(open(sys.argv[1]), 1):
    line = line.rstrip("\n")
    if line.startswith("# HELP "):
        helps.add(line.split()[2]); continue
    if line.startswith("# TYPE "):
        _, _, name, t = line.split()
        assert name not in types, "TYPE twice: %s" % name
        assert t in ("counter", "gauge", "histogram"), line
        types[name] = t; continue
    m = line_re.match(line)
    assert m, "line %d malformed: %r" % (n, line)
    name, labels, value = m.group(1), m.group(2) or "", m.group(3)
    float(value.replace("+Inf", "inf"))
    base = re.sub(r"_(bucket|sum|count)$", "", name)
    fam = name if name in types else base
    assert fam in types and fam in helps, "no TYPE/HELP for %s" % name
    if types[fam] == "counter":
        assert name.endswith("_total"), name
        assert float(value) >= 0
    assert (name, labels) not in seen, "duplicate %s%s" % (name, labels)
    seen.add((name, labels))
    if types[fam] == "histogram" and name.endswith("_bucket"):
        key = (fam, re.sub(r',?le="[^"]*"', "", labels))
        prev = hist.get(key, (-1, 0))
        le = float(re.search(r'le="([^"]*)"', labels).group(1).replace("+Inf", "inf"))
        assert le > prev[0] and float(value) >= prev[1], line
        hist[key] = (le, float(value))
for (fam, labels), (le, v) in hist.items():
    assert le == float("inf"), fam
    cnt = [x for x in seen if x[0] == fam + "_count" and x[1] == labels]
    assert cnt, "no _count for %s%s" % (fam, labels)
print("ok", len(seen), "series")
PY
check "the exposition passes the strict format checker" python3 "$TMP/promcheck.py" "$TMP/m1"
if command -v promtool >/dev/null; then
	check "promtool check metrics accepts it" bash -c 'promtool check metrics <"$0"' "$TMP/m1"
else
	skip "promtool not installed (Debian: prometheus)"
fi
val() { grep -F "$1 " "$2" | tail -1 | awk '{print $NF}'; }
q1=$(val 'castns_dns_queries_total{protocol="udp",family="ipv4"}' "$TMP/m1")
z1=$(val 'castns_zone_queries_total{zone="example.test."}' "$TMP/m1")
for i in 1 2 3 4 5; do $KDIG @127.0.0.1 -p "$PORT" www.example.test A >/dev/null; done
scrape >"$TMP/m2"
q2=$(val 'castns_dns_queries_total{protocol="udp",family="ipv4"}' "$TMP/m2")
z2=$(val 'castns_zone_queries_total{zone="example.test."}' "$TMP/m2")
check "udp ipv4 queries moved by 5 ($q1 -> $q2)" [ "$((q2 - q1))" -eq 5 ]
check "zone queries moved by 5 ($z1 -> $z2)" [ "$((z2 - z1))" -eq 5 ]
check "NOERROR responses counted" grep -qE '^castns_dns_responses_total\{protocol="udp",family="ipv4",rcode="NOERROR"\} [1-9]' "$TMP/m2"
check "latency histogram counts every udp query" [ \
    "$(val 'castns_dns_answer_duration_seconds_count{protocol="udp"}' "$TMP/m2")" = "$q2" ]
check "size histogram counts udp responses" grep -qE '^castns_dns_response_size_bytes_count\{protocol="udp"\} [1-9]' "$TMP/m2"
check "reloads counted (3 ok, 2 failed)" bash -c '[ "$(grep "^castns_reloads_total " "$0" | cut -d" " -f2)" = 5 ] && [ "$(grep "^castns_reload_failures_total " "$0" | cut -d" " -f2)" = 2 ]' "$TMP/m2"
check "zone serial" grep -q '^castns_zone_serial{zone="example.test."} 2024010101$' "$TMP/m2"
check "build info" grep -q '^castns_build_info{version="[0-9.]*",identity="ctl-test"} 1$' "$TMP/m2"
check "the second scrape passes the checker" python3 "$TMP/promcheck.py" "$TMP/m2"

# --- a second castnsd on the same socket, and shutdown -----------------
sed "s/@PORT@/$((PORT + 1))/g; s/@$MPORT/@$((MPORT + 1))/" "$TMP/castns.yaml" >"$TMP/second.yaml"
"$CASTNSD" -c "$TMP/second.yaml" >"$TMP/log2" 2>&1 &
p2=$!
PIDS+=("$p2")
wait_gone "$p2" 10
wait "$p2"; rc=$?
check "a second castnsd refuses a control socket in use (exit 1)" [ "$rc" -eq 1 ]
check "and says so" grep -q "control socket $SOCK: in use by a running castnsd" "$TMP/log2"
check "the first still answers" "$CTL" -s "$SOCK" status >/dev/null
stop_castnsd
check "castnsd stops cleanly" [ "$STOP_RC" -eq 0 ]
check "the socket file is gone after stop" [ ! -e "$SOCK" ]
out=$("$CTL" -s "$SOCK" status 2>&1); rc=$?
check "after stop: exit 1, cannot connect" bash -c '[ "$0" -eq 1 ] && grep -q "cannot connect to" <<<"$1"' "$rc" "$out"

# The default path, unset, is skipped with a warning when /run/castns is
# missing (an unprivileged quick start); a configured one must open.
if [ ! -d /run/castns ]; then
	start_castnsd "$TMP/log3" --listen "127.0.0.1@@PORT@" --zone "example.test=$TMP/example.test.zone" &&
	    check "quick start without /run/castns warns and runs" grep -q "control socket /run/castns/control.sock: No such file or directory; running without one" "$TMP/log3"
	stop_castnsd
else
	skip "/run/castns exists here"
fi
sed "s|control: $SOCK|control: $TMP/missing/control.sock|" "$TMP/castns.yaml" >"$TMP/bad.yaml"
sed -i "s/@PORT@/$((PORT + 2))/g" "$TMP/bad.yaml"
"$CASTNSD" -c "$TMP/bad.yaml" >"$TMP/log4" 2>&1 &
p4=$!
PIDS+=("$p4")
wait_gone "$p4" 10
wait "$p4"; rc=$?
check "a configured control socket that cannot open stops castnsd (exit 1)" [ "$rc" -eq 1 ]
check "and names the path and the reason" grep -q "control socket $TMP/missing/control.sock: No such file or directory" "$TMP/log4"
finish

#!/bin/bash
# t-geo-ops.sh -- operating geo answers: castnsctl geo (text and --json)
# shows the nets file, regions, sites with the check behind each, and what
# each region gets now; status carries a geo summary; the metrics endpoint
# has castns_geo_site_up and castns_geo_answers_total (promtool checks the
# format).  A file check this test toggles takes the eu site down and up
# again: the command, the summary and the metrics must follow, and the
# answers counted must move by the queries sent.
. "$(dirname "$0")/../serve/lib.sh"

D="$SRC_DIR/tests/serve/data"
command -v kdig >/dev/null || { skip "kdig missing"; finish; }
command -v curl >/dev/null || { skip "curl missing"; finish; }
CTL="$CASTNSCTL"
SOCK="$TMP/control.sock"
MPORT=$((9200 + RANDOM % 700))
cp "$D/good.zone" "$TMP/example.test.zone"
cat >"$TMP/nets.txt" <<'NETS'
10.0.0.0/8	eu
10.1.0.0/16	us
127.0.0.0/8	apac
NETS
cat >"$TMP/geo.yaml" <<YAML
server:
  listen: 127.0.0.1@@PORT@
  workers: 2
  control: $SOCK
  metrics: 127.0.0.1@$MPORT
zone:
  - domain: example.test
    file: example.test.zone
    ecs: true
check:
  - { id: eu-up, type: file, path: $TMP/eu-down, interval: 100ms,
      rise: 1, fall: 1 }
geo:
  nets: nets.txt
  regions: [ eu, us, apac ]
  sites:
    - { name: eu, check: eu-up }
    - { name: us }
  answers:
    - name: www.example.test
      type: A
      ttl: 20
      default: [ 192.0.2.80 ]
      region:
        eu:   { site: eu, fallback: [ us ], rdata: [ 192.0.2.81 ] }
        us:   { site: us, rdata: [ 192.0.2.82 ] }
    - name: cdn.example.test
      type: CNAME
      default: cdn.example.net
      region:
        eu: { site: eu, fallback: [ us ], rdata: eu.cdn.example.net }
        us: { rdata: us.cdn.example.net }
YAML
start_castnsd "$TMP/log" -c "$TMP/geo.yaml" || { not_ok start; finish; }
check "check eu-up rises" wait_log "$TMP/log" "check eu-up: .* -> up" 5

W=www.example.test
q() { kdig -p "$PORT" @127.0.0.1 +retry=0 +timeout=2 +short "$@" 2>&1; }
scrape() { curl -sf --max-time 5 "http://127.0.0.1:$MPORT/metrics"; }
val() { grep -F "$1 " "$2" | tail -1 | awk '{print $NF}'; }
# jq-less JSON reads: py EXPR FILE prints EXPR of the parsed object d
py() { python3 -c "import json,sys; d=json.load(open(sys.argv[2])); print($1)" "$1" "$2" 2>&1; }
expect() {	# NAME WANT GOT
	if [ "$2" = "$3" ]; then ok "$1"; else
		not_ok "$1"; diag "want '$2', got '$3'"; fi
}

# --- all up ---------------------------------------------------------------
"$CTL" -s "$SOCK" geo >"$TMP/g1"; rc=$?
check "castnsctl geo: exit 0" [ "$rc" -eq 0 ]
check "... names the nets file and its prefixes" \
    grep -qE "^nets: .*nets.txt, 3 prefixes$" "$TMP/g1"
check "... the eu site is up, behind check eu-up (file)" \
    grep -qE "^  eu +up +check eu-up \(file\) up" "$TMP/g1"
check "... us has no check" grep -qE "^  us +up +no check: always up$" "$TMP/g1"
check "... the answer with name and type" \
    grep -qE "^  www.example.test. A ttl 20$" "$TMP/g1"
check "... eu gets its own answer" grep -qE "^    eu +own 192.0.2.81$" "$TMP/g1"
check "... apac has no entry: the default" \
    grep -qE "^    apac +no entry: default 192.0.2.80$" "$TMP/g1"
check "... a CNAME answer with its targets" bash -c 'grep -qx "  cdn.example.test. CNAME ttl 60" "$0" && grep -qE "^    eu +own eu.cdn.example.net.$" "$0"' "$TMP/g1"
"$CTL" -s "$SOCK" geo --json >"$TMP/j1"
expect "geo --json: eu gets eu" "eu own ['192.0.2.81']" \
    "$(py "' '.join(str(x) for x in [d['answers'][0]['regions'][0][k] for k in ('gets','via','rdata')])" "$TMP/j1")"
expect "geo --json: sites and checks" "eu True eu-up file up|us True None" \
    "$(py "'|'.join(' '.join(str(s.get(k)) for k in ('site','up','check','check_type','check_state') if k in s) for s in d['sites'])" "$TMP/j1")"
expect "geo --json: prefixes, regions" "3 ['eu', 'us', 'apac']" \
    "$(py "str(d['prefixes'])+' '+str(d['regions'])" "$TMP/j1")"
check "status has the geo summary" bash -c '"$0" -s "$1" status | grep -qx "geo: 3 regions, 3 prefixes, 2 answers; sites 2 of 2 up"' "$CTL" "$SOCK"
"$CTL" -s "$SOCK" status --json >"$TMP/s1"
expect "status --json: geo object" "2 2 3" \
    "$(py "'%d %d %d' % (d['geo']['sites'], d['geo']['sites_up'], d['geo']['regions'])" "$TMP/s1")"

scrape >"$TMP/m1"
check "metrics: castns_geo_site_up{site=\"eu\"} 1" \
    grep -qx 'castns_geo_site_up{site="eu"} 1' "$TMP/m1"
check "metrics: castns_geo_nets_prefixes 3" grep -qx 'castns_geo_nets_prefixes 3' "$TMP/m1"
if command -v promtool >/dev/null; then
	check "promtool check metrics accepts it" bash -c 'promtool check metrics <"$0"' "$TMP/m1"
else
	skip "promtool not installed (Debian: prometheus)"
fi
E='castns_geo_answers_total{region="eu",answer="eu"}'
F='castns_geo_answers_total{region="eu",answer="us"}'
A='castns_geo_answers_total{region="apac",answer="default"}'
e1=$(val "$E" "$TMP/m1"); a1=$(val "$A" "$TMP/m1")
for i in 1 2 3; do q $W A +subnet=10.2.0.0/24 >/dev/null; done
for i in 1 2; do q $W A >/dev/null; done	# 127.0.0.1: apac, no entry
q $W AAAA +subnet=10.2.0.0/24 >/dev/null	# not a geo answer
scrape >"$TMP/m2"
e2=$(val "$E" "$TMP/m2"); a2=$(val "$A" "$TMP/m2")
check "eu->eu answers moved by 3 ($e1 -> $e2)" [ "$((e2 - e1))" -eq 3 ]
check "apac->default answers moved by 2 ($a1 -> $a2)" [ "$((a2 - a1))" -eq 2 ]
check "no eu->us answers yet" bash -c '! grep -qF "$0 " "$1"' "$F" "$TMP/m2"

# --- eu's site down -------------------------------------------------------
touch "$TMP/eu-down"
check "check eu-up goes down" wait_log "$TMP/log" "check eu-up: .* -> down" 5
"$CTL" -s "$SOCK" geo >"$TMP/g2"; [ -n "${SHOW:-}" ] && sed "s/^/# /" "$TMP/g2"
check "castnsctl geo: eu site down" grep -qE "^  eu +down +check eu-up \(file\) down" "$TMP/g2"
check "... eu gets its fallback us" \
    grep -qE "^    eu +site eu down: fallback us 192.0.2.82$" "$TMP/g2"
check "... us still its own" grep -qE "^    us +own 192.0.2.82$" "$TMP/g2"
check "... the CNAME's eu gets us's target" \
    grep -qE "^    eu +site eu down: fallback us us.cdn.example.net.$" "$TMP/g2"
"$CTL" -s "$SOCK" geo --json >"$TMP/j2"
expect "geo --json: eu gets us by fallback" "us fallback False" \
    "$(py "' '.join(str(d['answers'][0]['regions'][0][k]) for k in ('gets','via','site_up'))" "$TMP/j2")"
check "status: sites 1 of 2 up" bash -c '"$0" -s "$1" status | grep -q "sites 1 of 2 up"' "$CTL" "$SOCK"
expect "a query from eu gets us's address" 192.0.2.82 "$(q $W A +subnet=10.2.0.0/24)"
q $W A +subnet=10.2.0.0/24 >/dev/null
scrape >"$TMP/m3"
check "metrics: castns_geo_site_up{site=\"eu\"} 0" \
    grep -qx 'castns_geo_site_up{site="eu"} 0' "$TMP/m3"
check "metrics: eu->us answers counted (2)" [ "$(val "$F" "$TMP/m3")" = 2 ]
check "metrics: eu->eu did not move" [ "$(val "$E" "$TMP/m3")" = "$e2" ]
q cdn.example.test A +subnet=10.2.0.0/24 >/dev/null
scrape >"$TMP/m3b"
check "metrics: a geo CNAME counts too (eu->us 3)" [ "$(val "$F" "$TMP/m3b")" = 3 ]

# --- back up; the counters survive a reload -------------------------------
rm -f "$TMP/eu-down"
check "check eu-up comes back" wait_log "$TMP/log" "check eu-up: down -> up" 5
check "castnsctl geo: eu own again" bash -c '"$0" -s "$1" geo | grep -qE "^    eu +own 192.0.2.81$"' "$CTL" "$SOCK"
check "castnsctl geo: answers given listed" bash -c '"$0" -s "$1" geo | grep -q "eu->us 3"' "$CTL" "$SOCK"
"$CTL" -s "$SOCK" reload >/dev/null
scrape >"$TMP/m4"
check "after a reload the counters carry over" [ "$(val "$F" "$TMP/m4")" = 3 ]
check "after a reload eu is still up" grep -qx 'castns_geo_site_up{site="eu"} 1' "$TMP/m4"

stop_castnsd
check "castnsd stops cleanly" [ "$STOP_RC" -eq 0 ]

# --- without geo ----------------------------------------------------------
cat >"$TMP/plain.yaml" <<YAML
server:
  listen: 127.0.0.1@@PORT@
  control: $SOCK
zone:
  - domain: example.test
    file: example.test.zone
YAML
start_castnsd "$TMP/log2" -c "$TMP/plain.yaml" || { not_ok start2; finish; }
expect "without geo: castnsctl geo says so" "geo answers are not configured" \
    "$("$CTL" -s "$SOCK" geo)"
expect "without geo: --json configured false" '{"configured":false}' \
    "$("$CTL" -s "$SOCK" geo --json)"
check "without geo: no geo line in status" bash -c '! "$0" -s "$1" status | grep -q "^geo:"' "$CTL" "$SOCK"
usage_rc=$("$CTL" -s "$SOCK" geo extra >/dev/null 2>&1; echo $?)
check "geo takes no argument (exit 2)" [ "$usage_rc" -eq 2 ]
stop_castnsd
finish

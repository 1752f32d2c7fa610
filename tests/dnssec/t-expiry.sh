#!/bin/bash
# t-expiry.sh -- dnssec-expiry-withdraw: a node whose zone's signatures
# expire within the configured time withdraws its anycast prefixes, and
# announces them again once a reload brings fresh signatures.  castnsd runs
# in a namespace (tests/health/lib.sh: no router, the BGP peer is passive
# and absent; castnsctl status shows each prefix's state).  The zone is
# signed by tests/dnssec/sign.sh: for 30 days (announced), for 1 day with
# dnssec-expiry-withdraw 2d (withdrawn, the reason naming the zone and the
# instant), already expired (still withdrawn, and the load warns), then
# 30 days again (announced at the next watch).  Status text, --json and
# the castns_zone_rrsig_expire_timestamp_seconds metric show the expiry.
# A BIRD 2 router in its own namespace (one eBGP session, as in
# tests/health/t-anycast.sh) shows the route come and go.
. "$(dirname "$0")/../health/lib.sh"
need_root_and python3 ldns-signzone dnssec-signzone bird birdc
RTR_CONF="$TMP/rtr-bird.conf"
RTR_CTL="$TMP/rtr-bird.ctl"
RTR_LOG="$TMP/rtr-bird.log"
RTR_LOGS=("$RTR_LOG")
birdc_() { birdc -s "$RTR_CTL" "$@"; }
# at_bird PREFIX: BIRD holds PREFIX from castnsd; gone_from_bird: not.
at_bird() { birdc_ show route "$1" protocol n4 | grep -q "^$1"; }
gone_from_bird() { ! at_bird "$1"; }

AC1=198.51.100.1
P1=198.51.100.0/24
METRICS=127.0.0.1@9153

if ! self_node $AC1 || ! topology; then
	not_ok "namespaces $NS_NODE ($AC1 on lo) and $NS_RTR joined by a veth"
	finish
fi
cat >"$RTR_CONF" <<EOT
router id $RTR4;
log "$RTR_LOG" all;
protocol device { }
protocol bgp n4 {
	local $RTR4 as $RTR_AS;
	neighbor $NODE4 as $NODE_AS;
	hold time 9;
	connect retry time 1;
	connect delay time 1;
	error wait time 1, 2;
	ipv4 { import all; export none; };
}
EOT
start_in_ns "$NS_RTR" rtr "$TMP/rtr-bird.out" bird -f -c "$RTR_CONF" \
    -s "$RTR_CTL" -P "$TMP/rtr-bird.bpid"
wait_until 5 birdc_ show status
check "BIRD starts" [ $? -eq 0 ]
# sign VALIDITY: the nsec variant into $TMP/z, copied where castnsd reads
sign() {
	rm -rf "$TMP/z"
	DNSSEC_VARIANTS=nsec "$SRC_DIR/tests/dnssec/sign.sh" "$TMP/z" "$1" \
	    >"$TMP/sign.log" 2>&1 && cp "$TMP/z/nsec.test.zone" "$TMP/nsec.test.zone"
}
expire_json() { json_get "[z['rrsig_expire'] for z in s['zones'] if z['zone'] == 'nsec.test.'][0]"; }
metric() {
	in_ns "$NS_NODE" python3 -c '
import urllib.request
for l in urllib.request.urlopen("http://127.0.0.1:9153/metrics", timeout=2).read().decode().splitlines():
    if l.startswith("castns_zone_rrsig_expire_timestamp_seconds{"):
        print(l.split()[-1])'
}
near() { [ $(($1 - $2)) -le 60 ] && [ $(($2 - $1)) -le 60 ]; }

check "zone signed for 30 days" sign 2592000
{
	cat <<EOT
server:
  identity: node1
  listen: [ "$AC1@53" ]
  control: $CTL
  metrics: $METRICS
zone:
  - domain: nsec.test
    file: nsec.test.zone
    dnssec-expiry-withdraw: 2d
bgp:
  as: $NODE_AS
  router-id: $NODE4
  peer:
    - address: $RTR4
      local-address: $NODE4
      remote-as: $RTR_AS
      hold-time: 9s
      connect-retry: 1s
anycast:
  - prefix: $P1
EOT
} >"$NODE_CONF"
if ! node_start; then
	not_ok "castnsd starts"
	finish
fi
ok "castnsd starts"
wait_until 3 state_is "$P1" announced
check "fresh signatures: $P1 announced" [ $? -eq 0 ]
wait_until 10 at_bird "$P1"
check "BIRD has the route" [ $? -eq 0 ]
want=$(($(date +%s) + 2592000))
got=$(expire_json)
check "status --json: rrsig_expire $got, 30 days ahead ($want)" near "$got" "$want"
got=$(metric)
check "metric castns_zone_rrsig_expire_timestamp_seconds $got" near "${got%.*}" "$want"
ctl_raw status >"$TMP/status.txt"
grep nsec.test "$TMP/status.txt" | sed 's/^/#   /'
check "castnsctl status: the zone's signatures expire in 30 days" \
    grep -qE "nsec.test. .*signatures expire .* UTC \(in (29d 23h|30d 0h)" "$TMP/status.txt"

check "zone signed for 1 day" sign 86400
ctl_raw zone-reload nsec.test >/dev/null
wait_until 3 state_is "$P1" withdrawn
check "signatures expire within 2d: $P1 withdrawn" [ $? -eq 0 ]
wait_until 3 gone_from_bird "$P1"
check "BIRD has lost the route ($WAITED_MS ms)" [ $? -eq 0 ]
reason=$(reason_of "$P1")
diag "reason: $reason"
check "the reason names the zone, the instant and the rule" grep -qE \
    "^castnsd itself: zone nsec.test.: signatures expire at [0-9-]+ [0-9:]+ UTC, dnssec-expiry-withdraw 2d$" \
    <<<"$reason"
check "status --json: self not ok" [ "$(json_get "s['self']['ok']")" = False ]
want=$(($(date +%s) + 86400))
check "status --json: rrsig_expire one day ahead" near "$(expire_json)" "$want"

check "zone signed with signatures already expired" sign -60
ctl_raw zone-reload nsec.test >/dev/null
sleep 1
check "the load warns: RRSIGs expired" grep -qE \
    "zone nsec.test.: .*nsec.test.zone:[0-9]+: RRSIG .* expired .* ago" "$NODE_LOG"
check "still withdrawn" state_is "$P1" withdrawn
check "the reason: expired" grep -q "signatures expired at" <<<"$(reason_of "$P1")"
ctl_raw status >"$TMP/status.txt"
check "castnsctl status: signatures EXPIRED" grep -q "signatures EXPIRED at" "$TMP/status.txt"

check "zone signed for 30 days again" sign 2592000
t0=$(now_ms)
ctl_raw zone-reload nsec.test >/dev/null
wait_until 3 state_is "$P1" announced
rc=$?
check "fresh signatures after the reload: $P1 announced ($(($(now_ms) - t0)) ms)" [ $rc -eq 0 ]
wait_until 3 at_bird "$P1"
check "BIRD has the route again" [ $? -eq 0 ]
check "status --json: self ok" [ "$(json_get "s['self']['ok']")" = True ]
grep -E "castnsd itself: |$P1: " "$NODE_LOG" | sed 's/^/#   /'
check "logged: ok -> failing with the zone, then failing -> ok" bash -c \
    'grep -q "castnsd itself: ok -> failing (zone nsec.test.: signatures expire at" "$0" &&
     grep -q "castnsd itself: failing -> ok" "$0"' "$NODE_LOG"
node_stop
check "castnsd stops cleanly" [ "$STOP_RC" -eq 0 ]
finish

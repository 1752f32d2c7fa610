#!/bin/bash
# Scenario 10, geo answers ("anycast for discovery, unicast for service"):
# www.myawesomedns.something A is a geo answer on every node
# (lab/conf/node.yaml.in, lab/conf/nets.txt): each region gets its own
# site's unicast address (srv-nsN, 192.0.2.N1), where the site's service
# runs; every node probes every site's service.  Each site's client asks
# its resolver, which asks the anycast NS set (its own site's node) and
# gets its own site's address.  Then EU's service is blocked (nft drops
# DNS to 192.0.2.11 on the EU node): every node marks site eu down, and
# the EU client's resolver, once its 1 s TTL runs out, gets US's address
# (EU's first fallback); US and APAC keep theirs.  Unblocked, EU's client
# gets EU's address again.  Writes result-10.json.
. "$(dirname "$0")/../lib.sh"
. "$LAB_DIR/measure.sh"
lab_scenario "10 geo: each region's client resolves www to its own site's unicast address"
m_init 10
W="www.$LAB_ZONE"
BAR_MS=3000	# detection (2 x 200 ms checks) + the 1 s TTL, with room

# www SITE: the A of www as SITE's client gets it from SITE's resolver.
www() { lab_resolve "$1" "$W" A 2>/dev/null | head -n 1; }
# site_up SITE NAME: "true"/"false": is geo site NAME up on SITE's node?
site_up() {
	lab_ctl "$1" geo --json 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(str(any(s["up"] for s in d.get("sites", []) if s["site"] == sys.argv[1])).lower())' "$2"
}
# all_nodes_say NAME STATE: every node has geo site NAME up (true) or not.
all_nodes_say() {
	local s
	for s in $LAB_SITES; do
		[ "$(site_up "$s" "$1")" = "$2" ] || return 1
	done
}
# eu_gets ADDR: the EU client's resolver answers www with ADDR.
eu_gets() { [ "$(www eu)" = "$1" ]; }

if ! m_settle 60; then
	not_ok "the lab is settled (every client at its own site)"
	finish
fi
lab_wait 10 eval 'all_nodes_say eu true && all_nodes_say us true && all_nodes_say apac true'
check "every node sees the three geo sites up ($WAITED_MS ms)" [ $? -eq 0 ]

say "Each client asks its resolver for www A (resolver cache flushed first):"
for s in $LAB_SITES; do
	lab_resolver_ctl "$s" flush "$W" >/dev/null
	got=$(www "$s")
	want=$(lab_addr "$s" node)
	say "  $s client via resolver $(lab_addr "$s" res): www -> ${got:-no answer} (site $s's srv-ns$(lab_site_num "$s") is $want)"
	check "$s's client resolves www to its own site's unicast address ($want)" [ "$got" = "$want" ]
done
got=$(lab_dig us 198.51.100.1 +short "$W" A)
check "asked directly over anycast, the US client gets US's address too ($got)" \
    [ "$got" = "$(lab_addr us node)" ]
say "  the EU node's view (castnsctl geo):"
lab_ctl eu geo | sed -n '/^sites:/,/^  www/p; /^    /p' | sed 's/^/    /'

say ""
say "EU's service fails: nft on the EU node drops DNS to its unicast address $(lab_addr eu node):"
t0=$(now_ms)
m_block eu "$(lab_addr eu node)"
lab_wait 5 all_nodes_say eu false
down_ok=$?
down_ms=$(($(now_ms) - t0))
check "every node marks site eu down ($down_ms ms after the block)" [ "$down_ok" -eq 0 ]
lab_wait 5 eu_gets "$(lab_addr us node)"
fo_ok=$?
fo_ms=$(($(now_ms) - t0))
got=$(www eu)
say "  EU client via its resolver: www -> ${got:-no answer}, $fo_ms ms after the block (detection + the 1 s TTL)"
check "EU's client now gets its fallback, US's address ($(lab_addr us node))" [ "$fo_ok" -eq 0 ]
check "... within $BAR_MS ms ($fo_ms ms)" [ "$fo_ms" -le "$BAR_MS" ]
for s in us apac; do
	got=$(www "$s")
	check "$s's client keeps its own site's address ($got)" [ "$got" = "$(lab_addr "$s" node)" ]
done
say "  the EU node's view now:"
lab_ctl eu geo | sed -n '/^  eu /p; /^    eu /p; /^answers given/p' | sed 's/^/    /'
check "castnsctl geo on the EU node: eu gets us by fallback" \
    eval 'lab_ctl eu geo | grep -qE "^    eu +site eu down: fallback us "'

say ""
say "EU's service back (nft rule removed):"
t0=$(now_ms)
lab_dns_unblock eu
lab_wait 5 eval 'all_nodes_say eu true && eu_gets "$(lab_addr eu node)"'
back_ok=$?
back_ms=$(($(now_ms) - t0))
say "  EU client via its resolver: www -> $(www eu), $back_ms ms after the unblock"
check "EU's client gets EU's address again ($back_ms ms)" [ "$back_ok" -eq 0 ]

ok_all=1
[ "$FAILED" = 0 ] || ok_all=0
m_record 10 --name "geo answers: www by region" \
    --expected "each client gets its own site's srv-ns; EU blocked: EU gets US's within $BAR_MS ms" \
    --observed "$((N - FAILED)) of $N checks; sites down on all nodes in $down_ms ms, EU client at US's address after $fo_ms ms, back in $back_ms ms" \
    --failover-ms "$fo_ms" $([ $ok_all = 1 ] || echo --fail)
finish

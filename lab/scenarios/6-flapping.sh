#!/bin/bash
# 6-flapping.sh -- flapping.  EU's service for 198.51.100.1 flaps: its
# answers are blocked and unblocked every 300 ms, ten times (nft on the EU
# node), while the EU client sends a query every 10 ms.  Undamped, each
# flap would be a withdrawal and an announcement (20 route changes at the
# EU router, each passed on through the lab); castnsd's flap damping
# suppresses the prefix after a few flaps and keeps it withdrawn -- the EU
# client stays at the next site -- until the penalty decays below reuse.
# Counts the updates the routers received.  result-6.json.
. "$(dirname "$0")/../lib.sh"
. "$LAB_DIR/measure.sh"

A=198.51.100.1
FLAPS=10
lab_scenario "6 flapping: EU's service for $A flaps every 300 ms, $FLAPS times"
m_init 6
if ! m_settle 90; then
	not_ok "the lab is settled (every client at its own site)"
	finish
fi
if ! m_stream f eu $A -d 40; then
	not_ok "the EU client's 10 ms stream is answered"
	finish
fi
declare -A u0
for r in $LAB_ROUTERS; do u0[$r]=$(m_updates "$r"); done
n0=$(m_updates eu node)
sleep 0.3
m_event
for i in $(seq 1 $FLAPS); do
	m_block eu $A
	sleep 0.3
	m_unblock eu
	sleep 0.3
done
state=$(m_state eu $A/32)
sleep 1
state1=$(m_state eu $A/32)
where=$(lab_route_site eu $A/32)
nupd=$(($(m_updates eu node) - n0))
total=0
per=""
for r in $LAB_ROUTERS; do
	d=$(($(m_updates "$r") - ${u0[$r]}))
	total=$((total + d))
	per="$per $r $d,"
done
m_stop f
lost=$(m_fig "$M_DIR/f.json" 'd["analysis"]["lost"]')
sites=$(m_fig "$M_DIR/f.json" 'd["analysis"]["sites"]')
last=$(m_fig "$M_DIR/f.json" '[q[2] for q in d["queries"] if q[2]][-1]')
say "  castnsd: $A/32 ${state% *} (penalty ${state#* }) at the end of the flapping; ${state1% *} 1 s later"
say "  EU router: $nupd route updates/withdrawals from its node for $FLAPS flaps ($((2 * FLAPS)) undamped); routes to ${where}"
say "  all routers received $total updates:${per%,}"
say "  EU client: answered by $sites; $lost queries lost; at the end by $last"
check "castnsd suppresses $A/32 (${state% *})" [ "${state% *}" = suppressed ]
check "still suppressed 1 s after the flapping stopped (${state1% *})" [ "${state1% *}" = suppressed ]
check "the EU router keeps the route away from the EU node ($where)" grep -qxE 'us|apac' <<<"$where"
check "the EU router saw fewer changes than undamped ($nupd < $((2 * FLAPS)))" [ "$nupd" -lt $((2 * FLAPS)) ]
check "the EU client ends at another site ($last)" grep -qxE 'us-1|apac-1' <<<"$last"
pass=1
[ "${state1% *}" = suppressed ] && [ "$nupd" -lt $((2 * FLAPS)) ] || pass=0
m_record 6 --name "flapping EU (damping)" \
    --expected "suppressed; the EU router sees < $((2 * FLAPS)) changes for $FLAPS flaps" \
    --observed "${state1% *}; $nupd changes from the node, $total at all routers" \
    --lost "$lost" --figure "node_updates=$nupd" --figure "all_updates=$total" \
    $([ $pass = 1 ] || echo --fail)
say "  waiting for the penalty to decay (reuse) ..."
t0=$(now_ms)
m_settle 90
rc=$?
check "announced again once the penalty decayed ($(( ($(now_ms) - t0) / 1000 )) s)" [ $rc -eq 0 ]
finish

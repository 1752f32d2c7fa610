#!/bin/bash
# 4-recovery.sh -- recovery.  From the double failure of scenario 3 (EU's
# and US's answers blocked, every client at APAC), both services come back
# at once while every client sends a query every 10 ms: each client must
# return to its own site -- after castnsd's checks rise (2 x 100 ms) and
# the routers reconverge -- without losing a query (a node serves before
# it announces).  Reports the time from the unblock to each client's first
# answer from its own site.  result-4.json.
. "$(dirname "$0")/../lib.sh"
. "$LAB_DIR/measure.sh"

A=198.51.100.1
BAR=1000
lab_scenario "4 recovery: EU and US come back, each client returns to its own site"
m_init 4
if ! m_settle 60; then
	not_ok "the lab is settled (every client at its own site)"
	finish
fi
m_block eu
m_block us
at_apac() { [ "$(lab_route_site eu $A/32)" = apac ] && [ "$(lab_route_site us $A/32)" = apac ]; }
wait_until 5 at_apac
check "EU and US down: their routers route $A to APAC" [ $? -eq 0 ]
for s in $LAB_SITES; do
	m_stream "$s" "$s" $A -d 20 --expect "$(lab_identity "$s")" ||
	    not_ok "$s client's 10 ms stream is answered"
done
sleep 0.5
m_event
m_unblock eu
m_unblock us
home() { [ "$(lab_route_site eu $A/32)" = eu ] && [ "$(lab_route_site us $A/32)" = us ]; }
wait_until 5 home
check "EU and US routers back at their own nodes (${WAITED_MS} ms, polled)" [ $? -eq 0 ]
sleep 1
for s in $LAB_SITES; do m_stop "$s"; done
all_ok=1
worst=0
lost=0
obs=""
for s in $LAB_SITES; do
	f="$M_DIR/$s.json"
	id=$(lab_identity "$s")
	fo=$(m_fig "$f" 'd["analysis"]["failover_ms"]')
	l=$(m_fig "$f" 'd["analysis"]["lost"]')
	last=$(m_fig "$f" '[q[2] for q in d["queries"] if q[2]][-1]')
	lost=$((lost + ${l:-0}))
	if [ "$s" = apac ]; then
		say "  APAC client: answered by $last throughout, $l queries lost"
		if [ "$last" = apac-1 ] && [ "${l:-1}" = 0 ]; then
			ok "apac client stays at apac-1 and loses nothing"
		else
			not_ok "apac client stays at apac-1 and loses nothing ($last, $l lost)"
			all_ok=0
		fi
		continue
	fi
	say "  ${s^^} client: apac-1 -> ${last:-nobody}, back ${fo:-?} ms after the services returned; $l queries lost"
	if [ "$last" = "$id" ] && m_le "$fo" $BAR; then
		ok "$s client back at $id within $BAR ms ($fo ms)"
	else
		not_ok "$s client back at $id within $BAR ms (${last:-none}, ${fo:-?} ms)"
		all_ok=0
	fi
	check "$s client loses no query on the way back ($l)" [ "${l:-1}" = 0 ]
	[ "${l:-1}" = 0 ] || all_ok=0
	m_le "$worst" "${fo:-0}" && worst=${fo:-$worst}
	obs="${obs:+$obs; }$s back in ${fo:-?} ms"
done
m_record 4 --name "recovery: EU and US back" \
    --expected "each client back at its own site within $BAR ms, none lost" \
    --observed "$obs; $lost lost" --failover-ms "$worst" --lost "$lost" \
    $([ $all_ok = 1 ] || echo --fail)
m_settle 60
check "the lab is back to normal" [ $? -eq 0 ]
finish

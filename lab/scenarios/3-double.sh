#!/bin/bash
# 3-double.sh -- double failure.  EU's and US's DNS service fail at once
# (answers blocked with nft on both nodes) while every client sends a
# query every 10 ms to 198.51.100.1: every client must end up at APAC, on
# every anycast address.  Reports, per client, the failover time and the
# queries lost; the table shows the slowest and the sum.  result-3.json.
. "$(dirname "$0")/../lib.sh"
. "$LAB_DIR/measure.sh"

A=198.51.100.1
lab_scenario "3 double failure: EU and US down, every client reaches APAC"
m_init 3
if ! m_settle 60; then
	not_ok "the lab is settled (every client at its own site)"
	finish
fi
for s in $LAB_SITES; do
	m_stream "$s" "$s" $A -d 20 ||
	    not_ok "$s client's 10 ms stream is answered"
done
sleep 0.5
m_event
m_block eu
m_block us
at_apac() { [ "$(lab_route_site eu $A/32)" = apac ] && [ "$(lab_route_site us $A/32)" = apac ]; }
wait_until 5 at_apac
check "EU and US routers route $A to APAC (${WAITED_MS} ms, polled)" [ $? -eq 0 ]
sleep 1
for s in $LAB_SITES; do m_stop "$s"; done
all_ok=1
worst=0
lost=0
obs=""
for s in $LAB_SITES; do
	f="$M_DIR/$s.json"
	after=$(m_fig "$f" 'd["analysis"]["after"]')
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
		obs="${obs:+$obs; }apac: stays, $l lost"
		continue
	fi
	say "  ${s^^} client: $(lab_identity "$s") -> ${after:-nobody} after ${fo:-?} ms, $l queries lost"
	if [ "$after" = apac-1 ] && m_le "$fo" 500; then
		ok "$s client at apac-1 within 500 ms ($fo ms)"
	else
		not_ok "$s client at apac-1 within 500 ms (${after:-none}, ${fo:-?} ms)"
		all_ok=0
	fi
	m_le "$worst" "${fo:-0}" && worst=${fo:-$worst}
	obs="${obs:+$obs; }$s -> ${after:-none} ${fo:-?} ms"
done
for s in $LAB_SITES; do
	for a in $LAB_ANYCAST4; do
		w=$(lab_who "$s" "$a")
		[ "$w" = apac-1 ] || { all_ok=0; not_ok "$s client at $a answered by apac-1 ($w)"; }
	done
done
[ $all_ok = 1 ] && ok "every client answered by apac-1 on every anycast address"
m_unblock eu
m_unblock us
m_record 3 --name "double failure: EU and US" \
    --expected "every client answered by APAC (within 500 ms)" \
    --observed "$obs" --failover-ms "$worst" --lost "$lost" \
    $([ $all_ok = 1 ] || echo --fail)
m_settle 60
check "the lab is back to normal" [ $? -eq 0 ]
finish

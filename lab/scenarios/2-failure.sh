#!/bin/bash
# 2-failure.sh -- site failure.  EU's DNS service fails while EU's client
# sends a query every 10 ms to 198.51.100.1 (lab/tools/stream.py):
#   2a  answers blocked on the EU node (nft drops UDP/TCP 53 to the anycast
#       addresses): castnsd's checks (100 ms, fall 2) fail, it withdraws,
#       the EU router moves to the next-nearest site.  Bar: answered by
#       another site within 500 ms of the block.
#   2b  castnsd on the EU node killed (SIGKILL): the kernel closes its BGP
#       session, the router drops its routes at once.  Bar: within 100 ms.
# Reports the failover time (failure -> first answer from another site)
# and the queries lost; writes result-2a.json and result-2b.json.
. "$(dirname "$0")/../lib.sh"
. "$LAB_DIR/measure.sh"

A=198.51.100.1
lab_scenario "2 site failure: EU's DNS service fails under a 10 ms query stream"
m_init 2

# failover PART HOW BAR: the measurement around one failure (the caller
# defines inject_PART and restore_PART).
failover() {
	local part="$1" how="$2" bar="$3" fo lost before after gap ok=1
	M_EVENT="$M_DIR/event-$part"
	if ! m_settle 60; then
		not_ok "2$part: the lab is settled (every client at its own site)"
		return 1
	fi
	if ! m_stream "$part" eu $A -d 20; then
		not_ok "2$part: the EU client's 10 ms stream is answered"
		return 1
	fi
	sleep 0.5
	m_event
	"inject_$part"
	wait_until 5 eval '[ "$(lab_route_site eu $A/32)" != eu ]'
	diag "EU router away from the EU node after ${WAITED_MS} ms (polled)"
	sleep 1
	m_stop "$part"
	"restore_$part"
	fo=$(m_fig "$M_DIR/$part.json" 'd["analysis"]["failover_ms"]')
	lost=$(m_fig "$M_DIR/$part.json" 'd["analysis"]["lost"]')
	before=$(m_fig "$M_DIR/$part.json" 'd["analysis"]["before"]')
	after=$(m_fig "$M_DIR/$part.json" 'd["analysis"]["after"]')
	gap=$(m_fig "$M_DIR/$part.json" 'd["analysis"]["longest_loss_ms"]')
	say "  $how: EU client answered by ${before:-?} until the failure, by ${after:-nobody} ${fo:-?} ms after it (bar $bar ms); $lost queries lost (longest gap ${gap} ms)"
	check "2$part: answered by eu-1 before the failure" [ "$before" = eu-1 ]
	case "$after" in
	us-1|apac-1) ok "2$part: answered by another site after it ($after)" ;;
	*) not_ok "2$part: answered by another site after it (${after:-none})"; ok=0 ;;
	esac
	if m_le "$fo" "$bar"; then
		ok "2$part: failover within $bar ms ($fo ms)"
	else
		not_ok "2$part: failover within $bar ms (${fo:-none} ms)"
		ok=0
	fi
	m_record "2$part" --name "site failure: $how" \
	    --expected "EU client answered by another site within $bar ms" \
	    --observed "eu-1 -> ${after:-none} after ${fo:-?} ms, $lost lost" \
	    --stream "$M_DIR/$part.json" $([ $ok = 1 ] || echo --fail)
}

inject_a() { m_block eu; }
restore_a() { m_unblock eu; }
inject_b() { m_kill eu; }
restore_b() { lab_node_start eu; }

failover a "answers blocked (nft)" 500
failover b "castnsd killed (SIGKILL)" 100
m_settle 60
check "the lab is back to normal (every client at its own site)" [ $? -eq 0 ]
finish

#!/bin/bash
# 5-drain.sh -- planned drain.  `castnsctl drain` on the EU node while the
# EU client sends a query every 10 ms to 198.51.100.1: castnsd first
# announces its prefixes with GRACEFUL_SHUTDOWN (65535:0, RFC 8326), the
# EU router lowers their local preference to 0 and moves to the next site
# while the EU node still answers; only after the drain time (3 s) does
# castnsd withdraw.  Bar: zero queries lost.  result-5.json.
. "$(dirname "$0")/../lib.sh"
. "$LAB_DIR/measure.sh"

A=198.51.100.1
lab_scenario "5 planned drain: castnsctl drain on EU under a 10 ms query stream"
m_init 5
if ! m_settle 60; then
	not_ok "the lab is settled (every client at its own site)"
	finish
fi
if ! m_stream d eu $A -d 30; then
	not_ok "the EU client's 10 ms stream is answered"
	finish
fi
sleep 0.5
M_DRAINED+=(eu)
m_event
t0=$(now_ms)
timeout 20 "$CASTNSCTL" -s "$LAB_RUN/eu-node.ctl" drain all --wait \
    >"$M_DIR/drain.out" 2>&1 &
dpid=$!
M_PIDS+=("$dpid")
wait_until 3 eval '[ "$(lab_route_site eu $A/32)" != eu ]'
moved=$?
t_moved=$WAITED_MS
gs=$(lab_router_cli eu "show route $A/32 all" 2>/dev/null | grep -c "(65535,0)")
wait_gone "$dpid" 20
wait "$dpid"
drc=$?
t_done=$(($(now_ms) - t0))
sed 's/^/# castnsctl: /' "$M_DIR/drain.out"
sleep 0.5
m_stop d
fo=$(m_fig "$M_DIR/d.json" 'd["analysis"]["failover_ms"]')
after=$(m_fig "$M_DIR/d.json" 'd["analysis"]["after"]')
lost=$(m_fig "$M_DIR/d.json" 'd["analysis"]["lost"]')
say "  EU router moved away ${t_moved} ms after the drain began (polled), the drain ended (withdrawn) after $t_done ms"
say "  EU client: eu-1 -> ${after:-nobody} after ${fo:-?} ms; $lost queries lost (bar: 0)"
check "castnsctl drain all --wait exits 0 ($drc)" [ "$drc" = 0 ]
[ $moved = 0 ] && [ "$t_moved" -lt 2500 ]
check "the EU router moved away before the withdrawal (GRACEFUL_SHUTDOWN honoured, $t_moved ms)" \
    [ $? -eq 0 ]
[ "$gs" -gt 0 ] && diag "EU router held the EU node's route with (65535,0) during the drain"
ok_after=0
case "$after" in us-1|apac-1) ok_after=1 ;; esac
check "the EU client answered by another site (${after:-none})" [ $ok_after = 1 ]
check "zero queries lost ($lost)" [ "$lost" = 0 ]
pass=1
[ "$lost" = 0 ] && [ $ok_after = 1 ] && [ "$drc" = 0 ] || pass=0
m_record 5 --name "planned drain of EU" \
    --expected "zero queries lost; EU client moves before the withdrawal" \
    --observed "eu-1 -> ${after:-none} after ${fo:-?} ms, withdrawn after $t_done ms, $lost lost" \
    --stream "$M_DIR/d.json" $([ $pass = 1 ] || echo --fail)
m_undrain eu >/dev/null
m_settle 60
check "undrain: the lab is back to normal" [ $? -eq 0 ]
finish

#!/bin/bash
# 8-tcp.sh -- TCP over anycast.  The EU client holds one TCP connection to
# 198.51.100.1 port 53 and sends a query over it every 200 ms
# (lab/tools/tcplong.py); EU's service fails (answers blocked).  Once the
# EU router moves to the next site, the connection's next segment reaches
# a node that has never heard of it and answers with a reset: the
# connection's state lived on the EU node ("affinity loss").  A new
# connection, opened at once, is answered by the next site.  result-8.json.
. "$(dirname "$0")/../lib.sh"
. "$LAB_DIR/measure.sh"

A=198.51.100.1
lab_scenario "8 TCP over anycast: a long TCP connection across a failover"
m_init 8
if ! m_settle 60; then
	not_ok "the lab is settled (every client at its own site)"
	finish
fi
if ! m_tcplong t eu $A -i 200 -d 20 --stall 5000 --more 4; then
	not_ok "the EU client's long TCP connection is answered"
	finish
fi
sleep 1
m_event
m_block eu
m_wait_tool t 20
check "tcplong.py ends by itself" [ $? -eq 0 ]
f="$M_DIR/t.json"
kind=$(m_fig "$f" 'd["long"]["end"]["kind"]')
at=$(m_fig "$f" 'd["long"]["end"]["after_event_ms"]')
site0=$(m_fig "$f" 'd["long"]["site"]')
un=$(m_fig "$f" 'd["long"]["unanswered"]')
nsite=$(m_fig "$f" 'd["new"]["site"]')
nfirst=$(m_fig "$f" 'd["new"]["first_answer_ms"]')
nans=$(m_fig "$f" 'd["new"]["answers"]')
m_unblock eu
say "  long connection (answered by ${site0:-?}): ${kind:-?} ${at:-?} ms after the failure, $un queries unanswered on it"
say "  new connection: answered by ${nsite:-nobody} after ${nfirst:-?} ms ($nans answers)"
check "the long connection was answered by eu-1" [ "$site0" = eu-1 ]
check "it is reset by the next site: affinity loss (${kind:-none})" [ "$kind" = reset ]
ok_new=0
case "$nsite" in us-1|apac-1) m_le "$nfirst" 200 && ok_new=1 ;; esac
check "a new connection is answered by another site at once (${nsite:-none}, ${nfirst:-?} ms <= 200)" [ $ok_new = 1 ]
pass=1
[ "$kind" = reset ] && [ $ok_new = 1 ] || pass=0
m_record 8 --name "TCP over anycast" \
    --expected "long connection reset (affinity loss); a new one answered at once" \
    --observed "${kind:-?} after ${at:-?} ms; new one answered by ${nsite:-none} in ${nfirst:-?} ms" \
    ${at:+--failover-ms "$at"} --lost "${un:-0}" $([ $pass = 1 ] || echo --fail)
m_settle 60
check "the lab is back to normal" [ $? -eq 0 ]
finish

#!/bin/bash
# Scenario 7, resolution: each site's resolver (unbound, its only root hint
# the anycast root 198.51.100.53) resolves www.myawesomedns.something
# AAAA (its A is a geo answer, scenario 10's business) from a cold cache:
# the root refers it to the anycast NS set, which answers.  Then EU's
# castnsd is stopped and, from a cold cache again, the EU resolver still
# resolves -- through the root and the NS set of the US site (EU's
# deliberate fallback).  EU's castnsd is started again at the end and the
# lab is back as it was.
. "$(dirname "$0")/../lib.sh"
lab_scenario "7 resolution: resolvers iterate from the anycast root through the anycast NS set"
WWW=2001:db8:53::80

# cold SITE: the resolver forgets everything (cache and server RTTs).
cold() { lab_resolver_ctl "$1" reload >/dev/null; }
# servers SITE: the servers the resolver has talked to (its infra cache),
# "ADDR ZONE" each.
servers() {
	lab_resolver_ctl "$1" dump_infra | awk '{ print $1, $2 }' | sort -u | tr '\n' ';' | sed 's/;$//; s/;/; /g'
}
# resolve SITE: resolves www and the site TXT from a cold cache; prints
# the narrative, sets ADDR, TXT, MS.
resolve() {
	local t0
	cold "$1"
	t0=$(now_ms)
	ADDR=$(lab_resolve "$1" "www.$LAB_ZONE" AAAA 2>&1 | head -n 1)
	MS=$(($(now_ms) - t0))
	TXT=$(lab_resolve "$1" "site.$LAB_ZONE" TXT 2>&1 | tr -d '"' | head -n 1)
	say "  resolver $1 ($(lab_addr "$1" res)): www AAAA -> ${ADDR:-no answer} in $MS ms (cold cache); site TXT -> ${TXT:-none}"
	say "    servers it asked: $(servers "$1")"
}

say "Each resolver, from a cold cache, asked from its site's client:"
for s in $LAB_SITES; do
	resolve "$s"
	check "resolver $s resolves www.$LAB_ZONE to $WWW" [ "$ADDR" = "$WWW" ]
	inf=$(servers "$s")
	check "resolver $s went through the root (198.51.100.53) and the NS set (198.51.100.1-3)" \
	    eval 'grep -q "198.51.100.53 \." <<<"$inf" && grep -qE "198.51.100.[123] $LAB_ZONE" <<<"$inf"'
	check "resolver $s was answered by its own site's node (site TXT \"$TXT\")" [ "$TXT" = "$s" ]
done

say ""
say "EU's node down: castnsd stopped on eu-1 (its routes withdrawn):"
t0=$(now_ms)
lab_node_stop eu
check "castnsd on eu stops (SIGTERM)" [ "$STOP_RC" -eq 0 ]
lab_wait 5 eval '[ "$(lab_route_site eu 198.51.100.53/32)" = us ] && [ "$(lab_route_site eu 198.51.100.1/32)" = us ]'
check "the EU router's best routes to the root and ns1 lead to US ($WAITED_MS ms)" [ $? -eq 0 ]
say "  EU router now: $(lab_routes eu | tr '\n' ';' | sed 's/;$//; s/;/; /g')"
resolve eu
check "with EU down the EU resolver still resolves www.$LAB_ZONE ($MS ms)" [ "$ADDR" = "$WWW" ]
check "... answered by US, EU's fallback (site TXT \"$TXT\")" [ "$TXT" = us ]
for s in us apac; do
	a=$(lab_resolve "$s" "site.$LAB_ZONE" TXT 2>&1 | tr -d '"' | head -n 1)
	check "resolver $s is unaffected (still answered by \"$a\")" [ "$a" = "$s" ]
done

say ""
say "EU's castnsd started again:"
if lab_node_start eu; then
	ok "castnsd on eu starts again"
else
	not_ok "castnsd on eu starts again"
fi
lab_wait 15 lab_converged
check "every route and client back at its own site ($WAITED_MS ms)" [ $? -eq 0 ]
resolve eu
check "resolver eu is answered by eu again (\"$TXT\")" [ "$ADDR" = "$WWW" -a "$TXT" = eu ]
. "$LAB_DIR/measure.sh"
m_record_tap 7 "resolution via the anycast root" "each resolver resolves www, also with EU down"
finish

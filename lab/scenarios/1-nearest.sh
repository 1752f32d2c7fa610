#!/bin/bash
# Scenario 1, nearest: every client asks each anycast address and is
# answered by its own site's node (NSID, and the site TXT record that each
# node serves with its own value); traceroute from each client to the same
# address shows a different path, through its own site router.
. "$(dirname "$0")/../lib.sh"
lab_scenario "1 nearest: one address, three nodes -- each client reaches its own site"

say "Who answers each client on each anycast address (NSID) and what the"
say "site TXT record says there:"
printf '  %-8s' client
for a in $LAB_ANYCAST4 $LAB_ROOT4; do printf ' %-14s' "$a"; done
printf ' %s\n' "TXT site.$LAB_ZONE @ns1"
for s in $LAB_SITES; do
	id=$(lab_identity "$s")
	printf '  %-8s' "$s"
	bad=""
	for a in $LAB_ANYCAST4 $LAB_ROOT4; do
		who=$(lab_who "$s" "$a")
		printf ' %-14s' "$who"
		want=$id
		[ "$a" = "$LAB_ROOT4" ] && want="$id-root"
		[ "$who" = "$want" ] || bad="$bad $a:$who"
	done
	txt=$(lab_site_txt "$s" 198.51.100.1)
	printf ' %s\n' "$txt"
	eval "bad_$s=\"\$bad\" txt_$s=\$txt"
done
for s in $LAB_SITES; do
	v="bad_$s"
	check "client $s is answered by $(lab_identity "$s") on all four anycast addresses${!v:+ (not:${!v})}" [ -z "${!v}" ]
	v="txt_$s"
	check "client $s: site TXT at ns1 says \"$s\" (\"${!v}\")" [ "${!v}" = "$s" ]
done

say ""
say "Each site router's best route to 198.51.100.1/32 (AS path, next hop):"
for s in $LAB_SITES; do
	r=$(lab_routes "$s" | grep '^198.51.100.1/32 ')
	say "  $s router ($(lab_router_kind "$s"), AS$(lab_as "$s")): $r"
	check "$s router: best route to 198.51.100.1/32 is its own node (path 65001 via $(lab_addr "$s" node))" \
	    [ "$r" = "198.51.100.1/32 path=65001 nh=$(lab_addr "$s" node)" ]
done

say ""
say "traceroute -n from each client to the same address, 198.51.100.1:"
paths=""
for s in $LAB_SITES; do
	out=$(lab_client "$s" timeout 10 traceroute -n -w 1 -q 1 -m 6 198.51.100.1 2>&1)
	hops=$(awk 'NR > 1 { printf "%s%s", sep, $2; sep = " -> " }' <<<"$out")
	say "  $s: $hops"
	paths="$paths|$hops"
	check "client $s: the path goes through its own router ($(lab_addr "$s" rtr-cli)) straight to the address" \
	    [ "$hops" = "$(lab_addr "$s" rtr-cli) -> 198.51.100.1" ]
done
n=$(tr '|' '\n' <<<"${paths#|}" | sort -u | wc -l)
check "three clients, three different paths to one address ($n distinct)" [ "$n" -eq 3 ]
say "(the last hop is the anycast address itself, answered by the node of"
say " the client's own site: one address, as many paths as there are sites)"

say ""
say "For contrast, the unicast maintenance address of EU's node, srv-ns1"
say "(192.0.2.11), is one place: the other clients cross the site triangle:"
for s in $LAB_SITES; do
	out=$(lab_client "$s" timeout 10 traceroute -n -w 1 -q 1 -m 6 192.0.2.11 2>&1)
	hops=$(awk 'NR > 1 { printf "%s%s", sep, $2; sep = " -> " }' <<<"$out")
	n=$(awk 'NR > 1' <<<"$out" | wc -l)
	say "  $s: $hops"
	want=2
	[ "$s" = eu ] || want=3
	check "client $s: srv-ns1 is $want hops away ($n)" [ "$n" -eq "$want" ]
done
. "$LAB_DIR/measure.sh"
m_record_tap 1 "nearest site" "every client answered by its own site on every anycast address"
finish

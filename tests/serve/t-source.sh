#!/bin/bash
# t-source.sh -- anycast rule 1: a reply leaves from the address its query
# was sent to, also when castnsd listens on the wildcard address and the
# host carries several addresses.  Runs castnsd inside a network namespace
# this suite creates, with two IPv4 and two IPv6 documentation addresses on
# its loopback; a client bound to one address queries the other, so the
# kernel's own source choice would be the wrong one.  Needs root (skips
# otherwise).
. "$(dirname "$0")/lib.sh"

D="$HERE/data"
PY="python3 $HERE/dnsclient.py"
NETNS="castns-test-$$"
if [ "$(id -u)" != 0 ] || ! command -v ip >/dev/null ||
    ! command -v python3 >/dev/null || ! ip netns add "$NETNS" 2>/dev/null; then
	skip "needs root, iproute2, python3 and network namespaces"
	finish
fi
CLEANUPS+=("ip netns delete $NETNS")
in_ns() { ip netns exec "$NETNS" "$@"; }
in_ns ip link set lo up
in_ns ip addr add 198.51.100.1/32 dev lo
in_ns ip addr add 192.0.2.11/32 dev lo
in_ns ip addr add 2001:db8:53::1/128 dev lo nodad
in_ns ip addr add 2001:db8::11/128 dev lo nodad
ok "namespace $NETNS with 198.51.100.1, 192.0.2.11, 2001:db8:53::1, 2001:db8::11 on lo"

if ! start_castnsd "$TMP/ns.log" --listen "0.0.0.0@@PORT@" --listen "::@@PORT@" \
    --zone example.test="$D/good.zone" --identity t-source --workers 2; then
	not_ok "castnsd starts on 0.0.0.0 and :: in the namespace"
	finish
fi
ok "castnsd listens on 0.0.0.0@$PORT and ::@$PORT in the namespace"

for pair in "198.51.100.1 192.0.2.11" "192.0.2.11 198.51.100.1" \
    "2001:db8:53::1 2001:db8::11" "2001:db8::11 2001:db8:53::1"; do
	set -- $pair
	# Several rounds: each worker's socket must get it right.
	good=1
	for i in 1 2 3 4 5 6; do
		out=$(in_ns $PY udp-source "$1" "$PORT" "$2" www.example.test) ||
		    { good=0; break; }
	done
	check "UDP reply to $1 (query from $2) comes from $1: $out" \
	    [ "$good" = 1 ]
done
for a in 198.51.100.1 2001:db8:53::1; do
	out=$(in_ns $PY pipeline "$a" "$PORT" www.example.test 3)
	check "TCP to $a on the wildcard: $out" [ $? -eq 0 ]
done
stop_castnsd
check "SIGTERM exits 0" [ "$STOP_RC" -eq 0 ]
finish

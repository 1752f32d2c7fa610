# netns.sh -- network namespace helpers for the interop suites and the lab
# (sourced; needs root and iproute2).
#
#   in_ns NS CMD...              runs CMD inside namespace NS
#   veth_pair NS1 IF1 NS2 IF2    a veth between two namespaces, both ends up
#   addr_add NS IF ADDR/LEN      an IPv4 or IPv6 address (no DAD) on IF

in_ns() { local ns="$1"; shift; ip netns exec "$ns" "$@"; }

# veth_pair NS1 IF1 NS2 IF2: a veth between two namespaces, both ends up.
veth_pair() {
	ip link add "$2" netns "$1" type veth peer name "$4" netns "$3" ||
	    return 1
	in_ns "$1" ip link set "$2" up && in_ns "$3" ip link set "$4" up
}

# addr_add NS IF ADDR/LEN: an IPv4 or IPv6 address (no DAD wait) on IF.
addr_add() {
	case "$3" in
	*:*) in_ns "$1" ip -6 addr add "$3" dev "$2" nodad ;;
	*) in_ns "$1" ip addr add "$3" dev "$2" ;;
	esac
}

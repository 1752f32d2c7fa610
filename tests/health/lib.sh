# lib.sh -- what the self-check suites share (sourced, bash): one node
# namespace with the anycast addresses on lo and castnsd in it with a
# control socket.  No router: the one BGP peer is passive and never
# comes, so the sessions stay down; castnsctl status --json shows every
# check and prefix state all the same.  Addresses from the documentation
# ranges only (RFC 5737), and nothing leaves the namespace.
. "$(dirname "${BASH_SOURCE[0]}")/../interop/lib.sh"

CTL="$TMP/ctl.sock"

ctl_raw() { "$CASTNSCTL" -s "$CTL" "$@"; }
# json_get EXPR: EXPR (python, on the parsed status --json as s) printed.
json_get() {
	ctl_raw --json status | python3 -c '
import json, sys
s = json.load(sys.stdin)
print(eval(sys.argv[1]))' "$1"
}
# state_of PREFIX, reason_of PREFIX: from castnsctl status --json.
state_of() { json_get "[p['state'] for p in s['prefixes'] if p['prefix'] == '$1'][0]"; }
reason_of() { json_get "[p['reason'] for p in s['prefixes'] if p['prefix'] == '$1'][0]"; }
state_is() { [ "$(state_of "$1")" = "$2" ]; }
# check_field ID FIELD: a field of check ID in status --json.
check_field() { json_get "[c['$2'] for c in s['checks'] if c['id'] == '$1'][0]"; }

# self_node ADDR...: the node namespace with each ADDR/32 on lo.
self_node() {
	local a
	netns_add "$NS_NODE" || return 1
	for a in "$@"; do
		in_ns "$NS_NODE" ip addr add "$a/32" dev lo || return 1
	done
}

# self_bgp: a bgp: section whose one peer is passive and absent.
self_bgp() {
	cat <<EOT
bgp:
  as: $NODE_AS
  router-id: $NODE4
  peer:
    - address: $RTR4
      remote-as: $RTR_AS
      passive: true
EOT
}

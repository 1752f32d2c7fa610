#!/bin/bash
# t-gobgp.sh -- castnsd's BGP speaker against GoBGP (Debian gobgpd; its API
# on a unix socket in the run directory): an IPv4 and an IPv6 session with
# TCP-MD5 (auth-password); the four prefixes with their attributes in
# GoBGP's RIB (gobgp global rib -j); withdrawal by reload, SIGKILL, a wrong
# password, a router restart, a frozen gobgpd (hold timer), SIGTERM; tshark
# decodes the capture.  The scenario is interop_scenario in lib.sh.
. "$(dirname "$0")/lib.sh"
need_root_and gobgpd gobgp dumpcap tshark python3

SESSIONS="v4 v6"
RTR_CONF="$TMP/gobgpd.toml"
API="unix://$TMP/gobgpd.sock"
RTR_LOGS=("$TMP/gobgpd.log")

# neighbor ADDR AFI...: one neighbor with these address families.
neighbor() {
	local a="$1"
	shift
	cat <<EOT
[[neighbors]]
  [neighbors.config]
    neighbor-address = "$a"
    peer-as = $NODE_AS
    auth-password = "$PASSWORD"
  [neighbors.timers.config]
    connect-retry = 1
    hold-time = 9
    keepalive-interval = 3
    idle-hold-time-after-reset = 1
EOT
	for f in "$@"; do
		printf '  [[neighbors.afi-safis]]\n    [neighbors.afi-safis.config]\n'
		printf '      afi-safi-name = "%s-unicast"\n' "$f"
	done
}
{
	cat <<EOT
[global.config]
  as = $RTR_AS
  router-id = "$RTR4"
  port = 179
EOT
	neighbor "$NODE4" ipv4 ipv6
	neighbor "$NODE6" ipv6	# as on BIRD and FRR: IPv6 only
} >"$RTR_CONF"

gobgp_() { gobgp --target "$API" "$@"; }
rtr_start() {
	rm -f "$TMP/gobgpd.sock"
	start_in_ns "$NS_RTR" rtr "$TMP/gobgpd.log" gobgpd -f "$RTR_CONF" \
	    --api-hosts "$API" --pprof-disable -p -l info
	RTR_BGP_PID=$PID_rtr
	wait_until 5 gobgp_ global || return 1
	# Routes castnsd receives, counts and discards.
	gobgp_ global rib add -a ipv4 203.0.113.0/24 &&
	    gobgp_ global rib add -a ipv6 2001:db8:ff::/48
}
rtr_stop() { stop_pid "$PID_rtr"; }
peer_of() { [ "$1" = v4 ] && echo "$NODE4" || echo "$NODE6"; }
rtr_up() {
	gobgp_ neighbor "$(peer_of "$1")" | grep -q "BGP state = ESTABLISHED"
}
# No rtr_refresh: GoBGP keeps what it received, and its softresetin
# re-runs its policy on that without sending a ROUTE-REFRESH.
rtr_routes() { python3 "$HERE/routes.py" gobgp "$API" "$(peer_of "$1")"; }

interop_scenario "GoBGP $(gobgpd --version 2>&1 | awk '{ print $3 }')"
finish

#!/bin/bash
# t-frr.sh -- castnsd's BGP speaker against FRR (Debian frr: zebra and
# bgpd, run as user frr with their own pid files, zebra socket and vty
# directory): an IPv4 and an IPv6 session with TCP-MD5; the four prefixes
# with their attributes in bgpd's table (vtysh ... json); withdrawal by
# reload, SIGKILL, a wrong password, a router restart, a frozen bgpd (hold
# timer), SIGTERM; tshark decodes the capture.  The scenario is
# interop_scenario in lib.sh.
. "$(dirname "$0")/lib.sh"
FRR=/usr/lib/frr
need_root_and $FRR/zebra $FRR/bgpd vtysh dumpcap tshark python3
id frr >/dev/null 2>&1 || { skip "no user frr"; finish; }

SESSIONS="v4 v6"
RUN="$TMP/frr"
RTR_LOGS=("$RUN/bgpd.log" "$RUN/zebra.log")
mkdir -p "$RUN"
cat >"$RUN/zebra.conf" <<EOT
hostname rtr
EOT
cat >"$RUN/bgpd.conf" <<EOT
hostname rtr
!
router bgp $RTR_AS
 bgp router-id $RTR4
 no bgp ebgp-requires-policy
 no bgp default ipv4-unicast
 no bgp network import-check
 timers bgp 3 9
 neighbor $NODE4 remote-as $NODE_AS
 neighbor $NODE4 password $PASSWORD
 neighbor $NODE4 timers connect 1
 neighbor $NODE6 remote-as $NODE_AS
 neighbor $NODE6 password $PASSWORD
 neighbor $NODE6 timers connect 1
 !
 address-family ipv4 unicast
  ! a route castnsd receives, counts and discards
  network 203.0.113.0/24
  neighbor $NODE4 activate
 exit-address-family
 !
 address-family ipv6 unicast
  network 2001:db8:ff::/48
  neighbor $NODE4 activate
  neighbor $NODE6 activate
 exit-address-family
!
EOT
chown -R frr:frr "$RUN"

# frr_daemon NAME: the command line of one FRR daemon of this instance.
frr_daemon() {
	echo "$FRR/$1" -u frr -g frr -i "$RUN/$1.pid" -z "$RUN/zserv.api" \
	    --vty_socket "$RUN" -P 0 -f "$RUN/$1.conf" --log "file:$RUN/$1.log"
}
vtysh_() { vtysh --vty_socket "$RUN" "$@"; }
rtr_start() {
	start_in_ns "$NS_RTR" zebra "$RUN/zebra.out" $(frr_daemon zebra) &&
	    wait_until 5 test -S "$RUN/zserv.api" || return 1
	start_in_ns "$NS_RTR" bgpd "$RUN/bgpd.out" $(frr_daemon bgpd)
	RTR_BGP_PID=$PID_bgpd
	wait_until 5 vtysh_ -c "show bgp summary"
}
rtr_stop() {
	local rc
	stop_pid "$PID_bgpd"
	rc=$STOP_RC
	stop_pid "$PID_zebra"
	[ "$rc" -eq 124 ] && STOP_RC=124
}
peer_of() { [ "$1" = v4 ] && echo "$NODE4" || echo "$NODE6"; }
rtr_up() {
	vtysh_ -c "show bgp neighbors $(peer_of "$1") json" |
	    grep -q '"bgpState":"Established"'
}
# rtr_refresh S: bgpd asks for the routes again (ROUTE-REFRESH).
rtr_refresh() {
	vtysh_ -c "clear bgp ipv4 unicast $(peer_of "$1") soft in" >/dev/null
}
rtr_routes() { python3 "$HERE/routes.py" frr "$RUN" "$(peer_of "$1")"; }

interop_scenario "FRR $($FRR/bgpd --version 2>/dev/null | awk "NR == 1 { print \$NF }")"
finish

# lab/topo.sh -- builds and removes the lab (sourced by lab/up and lab/down
# after lab/lib.sh).  The links are in lab/topology; the route preferences
# are lab_pref below; docs/lab.md explains both.

# lab_pref SITE NEIGHBOUR: the LOCAL_PREF SITE's router gives routes from
# NEIGHBOUR (a site, t1/t2 or node).  Own node first; then the deliberate
# fallback site (eu <-> us, apac -> us); then the third site; transit last.
# LOCAL_PREF wins over AS-path length, so the fallback is chosen, not left
# to router-id tie-breaking.  Only the service prefixes (198.51.100.0/24)
# get it; the unicast links take the shortest AS path.
lab_pref() {
	case "$1:$2" in
	*:node) echo 200 ;;
	eu:us | us:eu | apac:us) echo 150 ;;
	eu:apac | us:apac | apac:eu) echo 120 ;;
	*) echo 100 ;;
	esac
}

# lab_links [ROUTER]: the lines of lab/topology (of ROUTER's links, as
# seen from ROUTER: "IF ADDR PEER PEER_IF PEER_ADDR").
lab_links() {
	grep -v '^#' "$LAB_DIR/topology" | if [ $# -eq 0 ]; then cat; else
		awk -v r="$1-rtr" '$1 == r { print $2, $3, $4, $5, $6 }
		    $4 == r { print $5, $6, $1, $2, $3 }'
	fi
}

lab_bird_conf() {
	local r="$1" rid=$2 ifn addr peer pif paddr p imp
	cat <<EOT
# BIRD for the lab's router $r (AS$(lab_as "$r")), written by lab/up.
router id $rid;
log "$LAB_RUN/$r-bird.log" all;
timeformat log "%F %T.%3f";
timeformat protocol "%F %T";
debug protocols { states, routes };
protocol device { scan time 5; }
protocol direct { ipv4; }
protocol kernel {
	ipv4 { import none; export filter { if source = RTS_DEVICE then reject; accept; }; };
}
# What is passed on: the service prefixes and the lab's unicast links.
filter lab_out {
	if net ~ [ 198.51.100.0/24{24,32}, 192.0.2.0/24{24,32}, 203.0.113.0/24{24,32} ] then accept;
	reject;
}
# RFC 8326: a route tagged GRACEFUL_SHUTDOWN (65535, 0) -- a node being
# drained -- is preferred least, so traffic moves away before the
# withdrawal.  BIRD does nothing of the kind by itself; FRR (8.4) does: it
# sets local preference 0 on such routes from eBGP peers, after the
# import route-map, so lab_frr_conf needs nothing.
function gshut() {
	if (65535, 0) ~ bgp_community then bgp_local_pref = 0;
}
template bgp lab {
	hold time 9;
	connect retry time 1;
	connect delay time 1;
	error wait time 1, 2;
}
EOT
	while read -r ifn addr peer pif paddr; do
		p=${peer%-*}
		case "$peer" in
		*-node) imp="if net ~ [ 198.51.100.0/24{24,32} ] then { bgp_local_pref = $(lab_pref "$r" node); gshut(); accept; } reject;" ;;
		*-rtr) imp="if net ~ [ 198.51.100.0/24{24,32} ] then bgp_local_pref = $(lab_pref "$r" "$p"); gshut(); accept;" ;;
		*) continue ;;
		esac
		cat <<EOT
protocol bgp $( [ "${peer#*-}" = node ] && echo node || echo "rtr_$p") from lab {
	local ${addr%/*} as $(lab_as "$r");
	neighbor ${paddr%/*} as $(lab_as "$( [ "${peer#*-}" = node ] && echo node || echo "$p")");
	ipv4 { import filter { $imp }; export $( [ "${peer#*-}" = node ] && echo none || echo "filter lab_out"); };
}
EOT
	done < <(lab_links "$r")
}

lab_frr_conf() {
	local r="$1" rid=$2 ifn addr peer pif paddr p n as
	cat <<EOT
! FRR bgpd for the lab's router $r (AS$(lab_as "$r")), written by lab/up.
hostname $r-rtr
log file $LAB_RUN/$r-frr/bgpd.log
log timestamp precision 3
!
ip prefix-list service seq 5 permit 198.51.100.0/24 le 32
ip prefix-list labnets seq 5 permit 198.51.100.0/24 le 32
ip prefix-list labnets seq 10 permit 192.0.2.0/24 le 32
ip prefix-list labnets seq 15 permit 203.0.113.0/24 le 32
!
route-map connected permit 10
 match ip address prefix-list labnets
!
route-map out permit 10
 match ip address prefix-list labnets
!
route-map none deny 10
!
EOT
	while read -r ifn addr peer pif paddr; do
		p=${peer%-*}
		case "$peer" in
		*-node) cat <<EOT
route-map from-node permit 10
 match ip address prefix-list service
 set local-preference $(lab_pref "$r" node)
!
EOT
		;;
		*-rtr) cat <<EOT
route-map from-$p permit 10
 match ip address prefix-list service
 set local-preference $(lab_pref "$r" "$p")
route-map from-$p permit 20
!
EOT
		;;
		esac
	done < <(lab_links "$r")
	cat <<EOT
router bgp $(lab_as "$r")
 bgp router-id $rid
 no bgp ebgp-requires-policy
 no bgp network import-check
 bgp log-neighbor-changes
 timers bgp 3 9
EOT
	while read -r ifn addr peer pif paddr; do
		p=${peer%-*}
		case "$peer" in
		*-node) as=$LAB_NODE_AS ;; *-rtr) as=$(lab_as "$p") ;; *) continue ;;
		esac
		n=${paddr%/*}
		echo " neighbor $n remote-as $as"
		echo " neighbor $n update-source ${addr%/*}"
		echo " neighbor $n timers connect 1"
		echo " neighbor $n advertisement-interval 0"
	done < <(lab_links "$r")
	echo " address-family ipv4 unicast"
	echo "  redistribute connected route-map connected"
	while read -r ifn addr peer pif paddr; do
		p=${peer%-*}
		n=${paddr%/*}
		case "$peer" in
		*-node) echo "  neighbor $n route-map from-node in"
			echo "  neighbor $n route-map none out" ;;
		*-rtr) echo "  neighbor $n route-map from-$p in"
			echo "  neighbor $n route-map out out" ;;
		esac
	done < <(lab_links "$r")
	echo " exit-address-family"
	echo "!"
}

lab_unbound_conf() {
	local s="$1" a
	a=$(lab_addr "$s" res)
	cat <<EOT
# unbound, the lab's resolver in site $s, written by lab/up.  Iterates from
# the lab's anycast root (root.hints); no DNSSEC validation.
server:
	verbosity: 1
	interface: $a
	outgoing-interface: $a
	port: 53
	do-ip6: no
	access-control: 192.0.2.0/24 allow
	num-threads: 1
	do-daemonize: no
	username: ""
	chroot: ""
	directory: "$LAB_RUN"
	pidfile: "$LAB_RUN/$s-unbound.pid"
	use-syslog: no
	logfile: ""
	root-hints: "$LAB_RUN/root.hints"
	module-config: "iterator"
	qname-minimisation: yes
	msg-cache-size: 1m
	rrset-cache-size: 1m
remote-control:
	control-enable: yes
	control-interface: "$LAB_RUN/$s-unbound.ctl"
	control-use-cert: no
EOT
}

# lab_fill TEMPLATE SITE: the template with the site's values.
lab_fill() {
	sed -e "s|@SITE@|$2|g" -e "s|@IDENTITY@|$(lab_identity "$2")|g" \
	    -e "s|@NODE@|$(lab_addr "$2" node)|g" -e "s|@RTR@|$(lab_addr "$2" rtr)|g" \
	    -e "s|@RTR_AS@|$(lab_as "$2")|g" -e "s|@RUN@|$LAB_RUN|g" "$1"
}

# lab_build_net: namespaces, links, addresses, forwarding, host routes.
lab_build_net() {
	local r s a aif aa b bif ba
	for r in $LAB_ROUTERS; do
		ip netns add "$(lab_ns "$r" rtr)" || return 1
		echo "$(lab_ns "$r" rtr)" >>"$LAB_RUN/netns"
		ip netns exec "$(lab_ns "$r" rtr)" sysctl -qw net.ipv4.icmp_ratelimit=0
	done
	for s in $LAB_SITES; do
		for a in node cli res; do
			ip netns add "$(lab_ns "$s" "$a")" || return 1
			echo "$(lab_ns "$s" "$a")" >>"$LAB_RUN/netns"
			# No ICMP rate limit here or at the routers (1 s per
			# destination by default): a traceroute right after
			# another -- scenario 1 twice in a row -- would lose
			# the port unreachable and wander to its hop limit.
			ip netns exec "$(lab_ns "$s" "$a")" sysctl -qw net.ipv4.icmp_ratelimit=0
		done
	done
	while read -r ns; do in_ns "$ns" ip link set lo up || return 1; done <"$LAB_RUN/netns"
	while read -r a aif aa b bif ba; do
		veth_pair "$LAB_PFX-$a" "$aif" "$LAB_PFX-$b" "$bif" &&
		    addr_add "$LAB_PFX-$a" "$aif" "$aa" &&
		    addr_add "$LAB_PFX-$b" "$bif" "$ba" || return 1
	done < <(lab_links)
	for r in $LAB_ROUTERS; do
		lab_router "$r" sysctl -qw net.ipv4.ip_forward=1 || return 1
		lab_router "$r" sysctl -qw net.ipv6.conf.all.forwarding=1
	done
	for s in $LAB_SITES; do
		lab_node "$s" ip route add default via "$(lab_addr "$s" rtr)" || return 1
		lab_client "$s" ip route add default via "$(lab_addr "$s" rtr-cli)" || return 1
		lab_resolver "$s" ip route add default via "$(lab_addr "$s" rtr-res)" || return 1
		for a in $LAB_ANYCAST4 $LAB_ROOT4; do
			lab_node "$s" ip addr add "$a/32" dev lo || return 1
		done
		lab_node "$s" ip -6 addr add 2001:db8:53::1/128 dev lo nodad
	done
}

# lab_start_routers: BIRD or FRR in every router namespace.
lab_start_routers() {
	local r rid
	for r in $LAB_ROUTERS; do
		case "$r" in
		t1) rid=203.0.113.10 ;; t2) rid=203.0.113.20 ;;
		*) rid=$(lab_addr "$r" rtr) ;;
		esac
		case "$(lab_router_kind "$r")" in
		bird)
			lab_bird_conf "$r" "$rid" >"$LAB_RUN/$r-bird.conf"
			lab_start "$r-bird" "$r" rtr "$LAB_RUN/$r-bird.out" \
			    bird -f -c "$LAB_RUN/$r-bird.conf" -s "$LAB_RUN/$r-bird.ctl" \
			    -P "$LAB_RUN/$r-bird.bpid" || return 1
			wait_until 5 birdc -s "$LAB_RUN/$r-bird.ctl" show status || return 1
			;;
		frr)
			local d="$LAB_RUN/$r-frr"
			mkdir -p "$d"
			echo "hostname $r-rtr" >"$d/zebra.conf"
			lab_frr_conf "$r" "$rid" >"$d/bgpd.conf"
			chown -R frr:frr "$d"
			lab_start "$r-zebra" "$r" rtr "$d/zebra.out" "$FRR/zebra" \
			    -u frr -g frr -i "$d/zebra.pid" -z "$d/zserv.api" \
			    --vty_socket "$d" -P 0 -f "$d/zebra.conf" || return 1
			wait_until 5 test -S "$d/zserv.api" || return 1
			lab_start "$r-bgpd" "$r" rtr "$d/bgpd.out" "$FRR/bgpd" \
			    -u frr -g frr -i "$d/bgpd.pid" -z "$d/zserv.api" \
			    --vty_socket "$d" -P 0 -f "$d/bgpd.conf" || return 1
			wait_until 5 vtysh --vty_socket "$d" -c "show bgp summary" || return 1
			;;
		esac
	done
}

# lab_start_nodes: each site's zone, root zone and two castnsd.
lab_start_nodes() {
	local s log
	cp "$LAB_DIR/conf/root.zone" "$LAB_DIR/conf/root.hints" \
	    "$LAB_DIR/conf/nets.txt" "$LAB_RUN/"
	for s in $LAB_SITES; do
		lab_fill "$LAB_DIR/conf/site.zone.in" "$s" >"$LAB_RUN/$s.zone"
		lab_fill "$LAB_DIR/conf/node.yaml.in" "$s" >"$LAB_RUN/$s-node.yaml"
		lab_fill "$LAB_DIR/conf/root.yaml.in" "$s" >"$LAB_RUN/$s-root.yaml"
		log="$LAB_RUN/$s-root.log"
		lab_start "$s-root" "$s" node "$log" "$CASTNSD" \
		    -c "$LAB_RUN/$s-root.yaml" || return 1
		wait_log "$log" "serving as|not starting" 10 &&
		    grep -q "serving as" "$log" || { sed 's/^/  /' "$log" >&2; return 1; }
		if ! lab_node_start "$s"; then
			sed 's/^/  /' "$(lab_node_log "$s")" >&2
			return 1
		fi
	done
}

lab_start_resolvers() {
	local s
	for s in $LAB_SITES; do
		lab_unbound_conf "$s" >"$LAB_RUN/$s-unbound.conf"
		lab_start "$s-unbound" "$s" res "$LAB_RUN/$s-unbound.log" \
		    unbound -d -c "$LAB_RUN/$s-unbound.conf" || return 1
	done
}

# lab_teardown: stops every process of the lab by pid (the pid files):
# SIGTERM to all at once, SIGKILL to what is left after 5 s; then deletes
# its namespaces (which removes the veths) and its state.
lab_teardown() {
	local f name ns pid pids=() i
	for f in "$LAB_RUN"/pid/*.pid; do
		[ -e "$f" ] || continue
		name=$(basename "$f" .pid)
		if pid=$(lab_pid "$name"); then
			kill -CONT "$pid" 2>/dev/null
			kill -TERM "$pid" 2>/dev/null
			pids+=("$pid")
		fi
		rm -f "$f"
	done
	for i in $(seq 1 100); do
		for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && break; pid=""; done
		[ -z "${pid:-}" ] && break
		sleep 0.05
	done
	for pid in "${pids[@]}"; do
		kill -0 "$pid" 2>/dev/null || continue
		case "$(ip netns identify "$pid" 2>/dev/null)" in
		"$LAB_PFX"-*) kill -9 "$pid" ;;
		esac
	done
	if [ -f "$LAB_RUN/netns" ]; then
		while read -r ns; do
			case "$ns" in "$LAB_PFX"-*) ip netns delete "$ns" 2>/dev/null ;; esac
		done <"$LAB_RUN/netns"
	fi
	rm -f "$LAB_RUN/state" "$LAB_RUN/netns"
}

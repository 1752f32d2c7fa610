# servers.sh -- start and stop castnsd, Knot DNS and NSD for the tests.
#
# Sourced (bash) by tests/diff/t-*.sh, tests/malformed/t-*.sh and bench/.
# Each start_* function takes a run directory, an address list, a port and
# zone specs "NAME=FILE", starts the server in the background, records its
# pid in the variable named by the first argument and waits (bounded) until
# it answers a SOA query for the first zone.  stop_all kills, by pid, every
# server these functions started; callers put it in their EXIT trap.

CASTNS_BUILD=${CASTNS_BUILD:-build}
SERVER_PIDS=""

. "$(dirname "${BASH_SOURCE[0]}")/../lib/ports.sh"

# wait_ready ADDR PORT ZONE PID: waits up to $CASTNS_READY_WAIT seconds
# (default 15) until ZONE's SOA is answered (tests/diff/ready.py, 20 ms
# steps); fails early when PID has died.  $CASTNS_EXEC prefixes the server
# command lines (e.g. "ip netns exec NS taskset -c 0"), $CASTNS_CLIENT_EXEC
# the poller.
wait_ready() {
	${CASTNS_CLIENT_EXEC:-} python3 "$(dirname "${BASH_SOURCE[0]}")/ready.py" \
	    "$1" "$2" "$3" "$4" "${CASTNS_READY_WAIT:-15}"
}

# kill_pid PID: SIGTERM, up to 5 s, then SIGKILL.
kill_pid() {
	local i
	kill -0 "$1" 2>/dev/null || return 0
	kill "$1" 2>/dev/null
	for i in $(seq 1 50); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

stop_all() {
	local p
	for p in $SERVER_PIDS; do
		kill_pid "$p"
	done
	SERVER_PIDS=""
}

# sanitizer_report DIR...: stops every server, then prints the sanitizer
# reports (ASan, LSan, UBSan) found in DIR/*.log as TAP comments; fails
# when there is one.
sanitizer_report() {
	local d bad=0
	stop_all
	for d in "$@"; do
		if grep -lE 'ERROR: (Address|Leak)Sanitizer|runtime error:' \
		    "$d"/*.log >/dev/null 2>&1; then
			grep -hE -A12 'ERROR: (Address|Leak)Sanitizer|runtime error:' \
			    "$d"/*.log | head -60 | sed 's/^/# /'
			bad=1
		fi
	done
	return $bad
}

# started VAR PID "ADDRS" PORT ZONE: records a server just started in the
# background, stores its pid in the variable named VAR and waits until it
# answers ZONE's SOA on the first address.
started() {
	SERVER_PIDS="$SERVER_PIDS $2"
	printf -v "$1" "%s" "$2"
	wait_ready "${3%% *}" "$4" "$5" "$2"
}

# start_castnsd VAR DIR "ADDRS" PORT IDENTITY ZONE=FILE...
start_castnsd() {
	local var="$1" dir="$2" addrs="$3" port="$4" ident="$5" a z
	shift 5
	local args=()
	for a in $addrs; do
		args+=(--listen "$a@$port")
	done
	for z in "$@"; do
		args+=(--zone "$z")
	done
	${CASTNS_EXEC:-} "$CASTNS_BUILD/castnsd" "${args[@]}" \
	    --identity "$ident" --workers "${CASTNS_WORKERS:-1}" \
	    >"$dir/castnsd.log" 2>&1 &
	started "$var" $! "$addrs" "$port" "${1%%=*}"
}

# start_knotd VAR DIR "ADDRS" PORT IDENTITY ZONE=FILE...
start_knotd() {
	local var="$1" dir="$2" addrs="$3" port="$4" ident="$5" a z
	shift 5
	mkdir -p "$dir/knot"
	{
		echo "server:"
		echo "    rundir: \"$dir/knot\""
		echo "    identity: \"$ident\""
		echo "    nsid: \"$ident\""
		echo "    version: \"\""
		echo "    udp-max-payload: 1232"
		echo "    background-workers: 1"
		echo "    udp-workers: ${CASTNS_WORKERS:-1}"
		echo "    tcp-workers: ${CASTNS_WORKERS:-1}"
		for a in $addrs; do
			echo "    listen: $a@$port"
		done
		echo "database:"
		echo "    storage: \"$dir/knot\""
		echo "log:"
		echo "  - target: stderr"
		echo "    any: ${KNOT_LOG:-warning}"
		echo "template:"
		echo "  - id: default"
		echo "    storage: \"$dir/knot\""
		echo "    semantic-checks: off"
		echo "    zonefile-sync: -1"
		echo "    zonefile-load: whole"
		echo "    journal-content: none"
		echo "zone:"
		for z in "$@"; do
			echo "  - domain: \"${z%%=*}\""
			echo "    file: \"$(realpath "${z#*=}")\""
		done
	} >"$dir/knot.conf"
	${CASTNS_EXEC:-} knotd -c "$dir/knot.conf" >"$dir/knotd.log" 2>&1 &
	started "$var" $! "$addrs" "$port" "${1%%=*}"
}

# start_nsd VAR DIR "ADDRS" PORT IDENTITY ZONE=FILE...
start_nsd() {
	local var="$1" dir="$2" addrs="$3" port="$4" ident="$5" a z
	shift 5
	mkdir -p "$dir/nsd"
	{
		echo "server:"
		echo "    port: $port"
		for a in $addrs; do
			echo "    ip-address: $a"
		done
		echo "    username: \"\""
		echo "    chroot: \"\""
		echo "    zonesdir: \"$dir/nsd\""
		echo "    database: \"\""
		echo "    pidfile: \"$dir/nsd/nsd.pid\""
		echo "    xfrdfile: \"$dir/nsd/xfrd.state\""
		echo "    zonelistfile: \"$dir/nsd/zone.list\""
		echo "    xfrdir: \"$dir/nsd\""
		echo "    identity: \"$ident\""
		echo "    nsid: \"ascii_$ident\""
		echo "    hide-version: yes"
		echo "    server-count: ${CASTNS_WORKERS:-1}"
		echo "    ipv4-edns-size: 1232"
		echo "    ipv6-edns-size: 1232"
		echo "    verbosity: 1"
		echo "    zonefiles-write: 0"
		echo "    minimal-responses: yes"
		echo "    rrl-ratelimit: 0"
		echo "remote-control:"
		echo "    control-enable: no"
		for z in "$@"; do
			echo "zone:"
			echo "    name: \"${z%%=*}\""
			echo "    zonefile: \"$(realpath "${z#*=}")\""
		done
	} >"$dir/nsd.conf"
	${CASTNS_EXEC:-} nsd -d -c "$dir/nsd.conf" >"$dir/nsd.log" 2>&1 &
	started "$var" $! "$addrs" "$port" "${1%%=*}"
}

#!/bin/bash
# run.sh -- castnsd against NSD and Knot DNS on the same zone and load (make bench).
#
# Not a test: it prints numbers.  One run measures, for each server:
#  - throughput: the server (one worker, pinned to CPU 0) runs in a network
#    namespace of its own, kxdpgun (pinned to CPU 1) in a second namespace
#    sends over a veth pair between them (XDP); the offered rate steps up by
#    STEP from START until fewer than 99% of the queries are answered; the
#    figure is the highest reply rate at >= 99% answered.  Without XDP
#    (kxdpgun fails) it falls back to dnsperf and says so.
#  - latency: dnsperf on the server namespace's loopback at LAT_QPS,
#    average and 99th percentile;
#  - zone: time from start to the first answer, and memory (VmRSS of the
#    server process, and PSS summed over its processes for forking NSD)
#    with a BIG-record zone.
# Then a table with the ratios castnsd/NSD and castnsd/Knot.
#  - dnssec: castnsd and Knot on bench.test unsigned and NSEC3-signed
#    (ldns-signzone), the queries with DO for the signed one: throughput
#    and CPU per reply, and the ratio signed/plain.
#  - geo: castnsd twice on the same zone and queries (ten names, h0-h9 A),
#    once plain and once with those names as geo answers and a nets file
#    of GEO_PREFIXES prefixes that puts the client in a region: throughput
#    and CPU per reply of each, and the ratio geo/plain.
#
# Parameters (environment): SERVERS="castnsd nsd knot" DURATION=2 START=20000
# STEP=1.25 MAX_RATE=2000000 LAT_QPS=10000 LAT_DURATION=5 BIG=1000000
# SKIP="" (any of: tput lat zone geo dnssec) CPU_RATE=100000 CPU_DURATION=5
# GEO_PREFIXES=100000.  Root needed (namespaces, XDP).
set -u
cd "$(dirname "$0")/.."
. tests/diff/servers.sh

SERVERS=${SERVERS:-castnsd nsd knot}
DURATION=${DURATION:-2}
START=${START:-20000}
STEP=${STEP:-1.25}
MAX_RATE=${MAX_RATE:-2000000}
LAT_QPS=${LAT_QPS:-10000}
LAT_DURATION=${LAT_DURATION:-5}
BIG=${BIG:-1000000}
SKIP=${SKIP:-}
CPU_RATE=${CPU_RATE:-100000}
CPU_DURATION=${CPU_DURATION:-5}
GEO_PREFIXES=${GEO_PREFIXES:-100000}

tag="castns-$$"
ns_srv="$tag-s"
ns_cli="$tag-c"
veth_s="cns$$s"
veth_c="cns$$c"
srv_ip=192.0.2.1
cli_ip=192.0.2.2
work=$(mktemp -d /tmp/castns-bench.XXXXXX)

cleanup() {
	stop_all
	ip netns del "$ns_srv" 2>/dev/null
	ip netns del "$ns_cli" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { echo "# $*" >&2; }

if [ "$(id -u)" != 0 ]; then
	echo "bench: needs root (network namespaces, XDP)" >&2
	exit 1
fi
for s in $SERVERS; do
	if [ "$s" = castnsd ] && [ ! -x "$CASTNS_BUILD/castnsd" ]; then
		echo "bench: $CASTNS_BUILD/castnsd not built" >&2
		exit 1
	fi
done

ip netns add "$ns_srv" && ip netns add "$ns_cli" &&
ip link add "$veth_s" type veth peer name "$veth_c" &&
ip link set "$veth_s" netns "$ns_srv" && ip link set "$veth_c" netns "$ns_cli" &&
ip -n "$ns_srv" addr add "$srv_ip/24" dev "$veth_s" &&
ip -n "$ns_cli" addr add "$cli_ip/24" dev "$veth_c" &&
ip -n "$ns_srv" link set lo up && ip -n "$ns_cli" link set lo up &&
ip -n "$ns_srv" link set "$veth_s" up && ip -n "$ns_cli" link set "$veth_c" up ||
    { echo "bench: cannot set up the namespaces" >&2; exit 1; }

python3 bench/genzone.py mix "$work"
say "$(date -u '+%F %T UTC') $(uname -n), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"

# start_in_ns SERVER DIR ZONE=FILE: starts SERVER (one worker, CPU 0) in the
# server namespace on $srv_ip@53 and 127.0.0.1@53; sets $spid.
start_in_ns() {
	local what="$1" dir="$2"
	shift 2
	mkdir -p "$dir"
	CASTNS_EXEC="ip netns exec $ns_srv taskset -c 0" \
	CASTNS_CLIENT_EXEC="ip netns exec $ns_srv" CASTNS_WORKERS=1 \
	    "start_${what/knot/knotd}" spid "$dir" "127.0.0.1 $srv_ip" 53 \
	    "bench-$what" "$@"
}

stop_server() {
	kill_pid "$spid"
	SERVER_PIDS=$(echo "$SERVER_PIDS" | tr ' ' '\n' | grep -vx "$spid" | tr '\n' ' ')
}

# kxdpgun_once RATE [SECONDS]: prints "QUERIES REPLIES" of one run, or
# nothing.
kxdpgun_once() {
	local d="${2:-$DURATION}"
	ip netns exec "$ns_cli" timeout $((d + 20)) taskset -c 1 \
	    kxdpgun -t "$d" -Q "$1" -F 1 -i "${QFILE:-$work/queries.txt}" \
	    "$srv_ip" 2>"$work/kxdpgun.err" |
	    awk '/^total queries:/ { q = $3 } /^total replies:/ { r = $3 }
		END { if (q != "") print q, r }'
}

# dnsperf_tput: fallback throughput with dnsperf from the client namespace.
dnsperf_tput() {
	ip netns exec "$ns_cli" timeout $((DURATION + 20)) taskset -c 1 \
	    dnsperf -s "$srv_ip" -d "$work/queries.txt" -l "$DURATION" -c 8 \
	    -T 2 -q 500 2>/dev/null |
	    awk '/Queries per second:/ { print int($4) }'
}

# throughput: prints the highest reply rate with >= 99% answered.
throughput() {
	local rate="$START" best=0 out q r ok fails=0
	while awk "BEGIN { exit !($rate <= $MAX_RATE) }"; do
		out=$(kxdpgun_once "$rate")
		if [ -z "$out" ]; then
			if [ "$best" = 0 ]; then
				say "kxdpgun failed ($(head -c 200 "$work/kxdpgun.err")); falling back to dnsperf"
				echo "dnsperf:$(dnsperf_tput)"
				return
			fi
			break
		fi
		read -r q r <<<"$out"
		ok=$(awk "BEGIN { print ($q > 0 && $r >= 0.99 * $q) ? 1 : 0 }")
		say "  offered $rate/s: $q queries, $r replies ($(awk "BEGIN { printf \"%.2f\", 100 * $r / ($q ? $q : 1) }")%)"
		if [ "$ok" = 1 ]; then
			fails=0
			r=$(awk "BEGIN { print int($r / $DURATION) }")
			[ "$r" -gt "$best" ] && best=$r
		else
			fails=$((fails + 1))
			if [ "$fails" -ge 2 ] && [ "$best" = 0 ] &&
			    [ "$rate" -gt 2000 ]; then
				# nothing passed yet: step down instead
				rate=$(awk "BEGIN { print int($rate / $STEP / $STEP) }")
				fails=0
				continue
			fi
			[ "$fails" -ge 2 ] && break
			continue	# one retry at the same rate
		fi
		rate=$(awk "BEGIN { print int($rate * $STEP) }")
	done
	echo "$best"
}

# tree_ticks PID: user + system clock ticks of PID, its children and
# grandchildren (NSD serves from child processes), every thread included.
tree_ticks() {
	local p t=0 kids pids="$1"
	kids=$(pgrep -P "$1")
	for p in $kids; do pids="$pids $p $(pgrep -P "$p")"; done
	for p in $pids; do
		t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null ||
		    echo 0)))
	done
	echo "$t"
}

# cpu_per_reply: the server's CPU microseconds per reply at CPU_RATE q/s
# for CPU_DURATION s -- a per-core figure that the client's limit does not
# cap (the kernel's softirq work on the server CPU is not in it).
cpu_per_reply() {
	local t0 t1 out q r
	t0=$(tree_ticks "$spid")
	out=$(kxdpgun_once "$CPU_RATE" "$CPU_DURATION")
	t1=$(tree_ticks "$spid")
	[ -n "$out" ] || { echo -; return; }
	read -r q r <<<"$out"
	awk -v d=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" -v r="$r" \
	    'BEGIN { if (r > 0 && d > 0) printf "%.2f\n", d / hz * 1e6 / r
		else print "-" }'
}

# latency: prints "AVG_MS P99_MS" from dnsperf's per-query log.
latency() {
	ip netns exec "$ns_srv" timeout $((LAT_DURATION + 20)) taskset -c 1 \
	    dnsperf -s 127.0.0.1 -d "$work/queries.txt" -l "$LAT_DURATION" \
	    -Q "$LAT_QPS" -c 4 -v 2>/dev/null |
	    awk '$1 == ">" { print $NF * 1000 }' | sort -n |
	    awk '{ v[NR] = $1; s += $1 }
		END { if (NR == 0) { print "- -"; exit }
		      i = int(NR * 0.99); if (i < 1) i = 1
		      printf "%.3f %.3f\n", s / NR, v[i] }'
}

# memory PID: prints "VMRSS_MB PSS_MB" (PSS summed over PID's process tree).
memory() {
	local pids p rss pss=0 kids
	rss=$(awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status")
	pids="$1"
	kids=$(pgrep -P "$1")
	for p in $kids; do pids="$pids $p $(pgrep -P "$p")"; done
	for p in $pids; do
		pss=$((pss + $(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)))
	done
	echo "$rss $(awk "BEGIN { printf \"%.1f\", $pss / 1024 }")"
}

declare -A TPUT CPU LAVG LP99 LOAD RSS PSS
for s in $SERVERS; do
	TPUT[$s]=-; CPU[$s]=-; LAVG[$s]=-; LP99[$s]=-; LOAD[$s]=-; RSS[$s]=-; PSS[$s]=-
	if ! [[ " $SKIP " == *" tput "* && " $SKIP " == *" lat "* ]]; then
		say "$s: serving bench.test (10k names)"
		if start_in_ns "$s" "$work/$s" "bench.test=$work/bench.test.zone"; then
			if [[ " $SKIP " != *" tput "* ]]; then
				TPUT[$s]=$(throughput)
				CPU[$s]=$(cpu_per_reply)
			fi
			if [[ " $SKIP " != *" lat "* ]]; then
				read -r LAVG[$s] LP99[$s] <<<"$(latency)"
			fi
			kill -0 "$spid" 2>/dev/null || say "$s DIED under load"
			stop_server
		else
			say "$s did not start: $(tail -3 "$work/$s"/*.log)"
		fi
	fi
	if [[ " $SKIP " != *" zone "* ]]; then
		[ -f "$work/big.zone" ] || python3 bench/genzone.py big "$work/big.zone" "$BIG"
		say "$s: loading a $BIG-record zone"
		t0=$(date +%s.%N)
		if CASTNS_READY_WAIT=300 start_in_ns "$s" "$work/$s-big" \
		    "big.test=$work/big.zone"; then
			t1=$(date +%s.%N)
			LOAD[$s]=$(awk "BEGIN { printf \"%.2f\", $t1 - $t0 }")
			read -r RSS[$s] PSS[$s] <<<"$(memory "$spid")"
			stop_server
		else
			say "$s did not load the big zone: $(tail -3 "$work/$s-big"/*.log)"
			stop_server
		fi
	fi
done

# geo_conf VARIANT: castnsd's configuration for the geo comparison: the
# bench zone, plus (geo) h0-h9 as geo answers, the client's region r0
# served by a site without a check and falling back to r1.
geo_conf() {
	local i r
	cat <<EOT
server:
  identity: bench-castnsd
  listen: [ "127.0.0.1@53", "$srv_ip@53" ]
  workers: 1
  control: none
zone:
  - domain: bench.test
    file: $work/bench.test.zone
EOT
	[ "$1" = geo ] || return 0
	cat <<EOT
geo:
  nets: $work/geo-nets.txt
  regions: [ r0, r1, r2, r3 ]
  sites: [ { name: s0 }, { name: s1 } ]
  answers:
EOT
	for i in 0 1 2 3 4 5 6 7 8 9; do
		echo "    - name: h$i.bench.test"
		echo "      type: A"
		echo "      default: [ 192.0.2.80 ]"
		echo "      region:"
		echo "        r0: { site: s0, fallback: [ r1 ], rdata: [ 198.51.100.$((i + 10)) ] }"
		echo "        r1: { site: s1, rdata: [ 203.0.113.$((i + 10)) ] }"
		for r in 2 3; do
			echo "        r$r: { rdata: [ 192.0.2.$((r * 10 + i)) ] }"
		done
	done
}

declare -A GTPUT GCPU
if [[ " $SERVERS " == *" castnsd "* && " $SKIP " != *" geo "* ]]; then
	python3 bench/genzone.py geo "$work" "$GEO_PREFIXES"
	QFILE="$work/geo-queries.txt"
	for v in plain geo; do
		GTPUT[$v]=-; GCPU[$v]=-
		say "castnsd-$v: h0-h9 A$([ $v = geo ] && echo " as geo answers, $GEO_PREFIXES nets prefixes")"
		mkdir -p "$work/geo-$v"
		geo_conf "$v" >"$work/geo-$v/castnsd.yaml"
		ip netns exec "$ns_srv" taskset -c 0 "$CASTNS_BUILD/castnsd" \
		    -c "$work/geo-$v/castnsd.yaml" >"$work/geo-$v/castnsd.log" 2>&1 &
		if ! CASTNS_CLIENT_EXEC="ip netns exec $ns_srv" started spid $! \
		    "127.0.0.1 $srv_ip" 53 bench.test; then
			say "castnsd-$v did not start: $(tail -3 "$work/geo-$v/castnsd.log")"
			stop_server
			continue
		fi
		[ $v = plain ] || say "  $(grep -o 'geo: .*' "$work/geo-$v/castnsd.log" | head -1)"
		a=$(ip netns exec "$ns_cli" kdig +short +time=1 +retry=0 @"$srv_ip" h3.bench.test A 2>&1)
		say "  h3.bench.test A from the client: $a"
		GTPUT[$v]=$(throughput)
		GCPU[$v]=$(cpu_per_reply)
		stop_server
	done
	unset QFILE
fi

# dnssec: castnsd and Knot on bench.test unsigned (queries with EDNS, no
# DO) and signed (NSEC3, no salt, 0 iterations as RFC 9276 advises; the
# same queries with DO): throughput and CPU per reply of each.
declare -A DTPUT DCPU
DNSSEC_SERVERS=""
for s in castnsd knot; do
	[[ " $SERVERS " == *" $s "* ]] && DNSSEC_SERVERS="$DNSSEC_SERVERS $s"
done
if [[ " $SKIP " != *" dnssec "* && -n "$DNSSEC_SERVERS" ]] &&
    command -v ldns-signzone >/dev/null; then
	mkdir -p "$work/keys"
	ksk=$(cd "$work/keys" && ldns-keygen -a ECDSAP256SHA256 -k bench.test)
	zsk=$(cd "$work/keys" && ldns-keygen -a ECDSAP256SHA256 bench.test)
	ldns-signzone -n -t 0 -o bench.test. -f "$work/bench.test.signed" \
	    "$work/bench.test.zone" "$work/keys/$ksk" "$work/keys/$zsk"
	awk '{ print $0 " E" }' "$work/queries.txt" >"$work/queries-e.txt"
	awk '{ print $0 " D" }' "$work/queries.txt" >"$work/queries-do.txt"
	for s in $DNSSEC_SERVERS; do
		for v in plain signed; do
			DTPUT[$s-$v]=-; DCPU[$s-$v]=-
			z=$work/bench.test.zone QFILE=$work/queries-e.txt
			[ $v = signed ] && z=$work/bench.test.signed \
			    QFILE=$work/queries-do.txt
			say "$s-$v: bench.test$([ $v = signed ] && echo ", NSEC3-signed, queries with DO")"
			if ! start_in_ns "$s" "$work/$s-$v" "bench.test=$z"; then
				say "$s-$v did not start: $(tail -3 "$work/$s-$v"/*.log)"
				stop_server
				continue
			fi
			DTPUT[$s-$v]=$(throughput)
			DCPU[$s-$v]=$(cpu_per_reply)
			stop_server
		done
	done
	unset QFILE
fi

ratio() {	# ratio A B: A/B with two decimals, "-" when unknown
	awk -v a="${1#dnsperf:}" -v b="${2#dnsperf:}" 'BEGIN {
		if (a == "-" || b == "-" || a == "" || b == "" || b + 0 == 0) print "-";
		else printf "%.2f\n", a / b }'
}

echo
echo "castns benchmark, $(date -u '+%F %H:%M UTC'), $(uname -n), $(nproc) CPUs:$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
echo "throughput: kxdpgun over veth (XDP), ${DURATION}s steps x$STEP from $START/s, >= 99% answered;"
echo "cpu: the server's user+system CPU per reply at $CPU_RATE q/s for ${CPU_DURATION}s (lower is better)"
echo "latency: dnsperf on loopback at $LAT_QPS q/s for ${LAT_DURATION}s; zone: $BIG records"
echo
printf '%-8s %14s %12s %12s %12s %12s %12s %12s\n' server "replies/s" \
    "cpu us/reply" "lat avg ms" "lat p99 ms" "load s" "VmRSS MB" "PSS MB"
for s in $SERVERS; do
	printf '%-8s %14s %12s %12s %12s %12s %12s %12s\n' "$s" "${TPUT[$s]}" \
	    "${CPU[$s]}" "${LAVG[$s]}" "${LP99[$s]}" "${LOAD[$s]}" "${RSS[$s]}" \
	    "${PSS[$s]}"
done
for ref in nsd knot; do
	[[ " $SERVERS " == *" castnsd "* && " $SERVERS " == *" $ref "* ]] || continue
	printf '%-8s %14s %12s %12s %12s %12s %12s %12s\n' "cn/$ref" \
	    "$(ratio "${TPUT[castnsd]}" "${TPUT[$ref]}")" \
	    "$(ratio "${CPU[castnsd]}" "${CPU[$ref]}")" \
	    "$(ratio "${LAVG[castnsd]}" "${LAVG[$ref]}")" \
	    "$(ratio "${LP99[castnsd]}" "${LP99[$ref]}")" \
	    "$(ratio "${LOAD[castnsd]}" "${LOAD[$ref]}")" \
	    "$(ratio "${RSS[castnsd]}" "${RSS[$ref]}")" \
	    "$(ratio "${PSS[castnsd]}" "${PSS[$ref]}")"
done
if [ -n "${GTPUT[geo]:-}" ]; then
	echo
	echo "geo answers: castnsd, queries for h0-h9 A (from 192.0.2.2, region r0), the names"
	echo "plain from the zone or geo answers with a $GEO_PREFIXES-prefix nets file"
	printf '%-14s %14s %12s\n' server "replies/s" "cpu us/reply"
	for v in plain geo; do
		printf '%-14s %14s %12s\n' "castnsd-$v" "${GTPUT[$v]}" "${GCPU[$v]}"
	done
	printf '%-14s %14s %12s\n' "geo/plain" \
	    "$(ratio "${GTPUT[geo]}" "${GTPUT[plain]}")" \
	    "$(ratio "${GCPU[geo]}" "${GCPU[plain]}")"
fi
if [ -n "$DNSSEC_SERVERS" ] && [ ${#DTPUT[@]} -gt 0 ]; then
	echo
	echo "dnssec: bench.test unsigned (queries with EDNS) and NSEC3-signed (the same"
	echo "queries with DO: RRSIGs and NSEC3 proofs in the answers)"
	printf '%-16s %14s %12s\n' server "replies/s" "cpu us/reply"
	for s in $DNSSEC_SERVERS; do
		for v in plain signed; do
			printf '%-16s %14s %12s\n' "$s-$v" "${DTPUT[$s-$v]}" \
			    "${DCPU[$s-$v]}"
		done
		printf '%-16s %14s %12s\n' "$s signed/plain" \
		    "$(ratio "${DTPUT[$s-signed]}" "${DTPUT[$s-plain]}")" \
		    "$(ratio "${DCPU[$s-signed]}" "${DCPU[$s-plain]}")"
	done
	if [ -n "${DTPUT[knot-signed]:-}" ] && [ -n "${DTPUT[castnsd-signed]:-}" ]; then
		printf '%-16s %14s %12s\n' "cn/knot signed" \
		    "$(ratio "${DTPUT[castnsd-signed]}" "${DTPUT[knot-signed]}")" \
		    "$(ratio "${DCPU[castnsd-signed]}" "${DCPU[knot-signed]}")"
	fi
fi
for s in $SERVERS; do
	case "${TPUT[$s]}" in dnsperf:*)
		echo "note: $s throughput measured with dnsperf (kxdpgun failed), not comparable to XDP figures";;
	esac
done

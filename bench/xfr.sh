#!/bin/bash
# xfr.sh -- time and memory to take a large zone by AXFR: castnsd and Knot
# DNS, each in turn the secondary of the same Knot primary on loopback,
# TSIG hmac-sha256 (not a test: it prints numbers).
#
# For each secondary: the time from its start to serving the primary's
# serial (SOA query, AXFR, checks, the zone file written, published), the
# transfer itself as the secondary logs it, and its memory once done
# (VmRSS, and VmHWM: the peak, building the new zone beside nothing).
# Parameters (environment): BIG=1000000 records.  Run it on an otherwise
# idle machine: make bench-xfr.
set -u
cd "$(dirname "$0")/.."
BIG=${BIG:-1000000}
BUILD=${CASTNS_BUILD:-build}
CASTNSD="$PWD/$BUILD/castnsd"
TMP=$(mktemp -d /tmp/castns-xfrbench.XXXXXX)
PIDS=()
cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	sleep 0.5
	for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
	rm -rf "$TMP"
}
trap cleanup EXIT
SECRET=Y2FzdG5zLXhmci10ZXN0LWtleS0wMTIzNDU2Nzg5YWI=
P=$((20000 + RANDOM % 20000))
S=$((P + 1))
now_ms() { echo $(($(date +%s%N) / 1000000)); }
serial_at() {
	kdig @127.0.0.1 -p "$1" +time=1 +retry=0 big.test SOA +short 2>/dev/null |
	    awk '{ print $3 }'
}
# wait_serial PORT SERIAL SECONDS
wait_serial() {
	local end=$(($(now_ms) + $3 * 1000))
	while [ "$(now_ms)" -lt "$end" ]; do
		[ "$(serial_at "$1")" = "$2" ] && return 0
		sleep 0.02
	done
	return 1
}
mem() {
	awk '/^VmRSS|^VmHWM/ { printf "%s %.0f MB  ", $1, $2 / 1024 }' \
	    "/proc/$1/status"
}

python3 bench/genzone.py big "$TMP/big.test.zone" "$BIG"
mkdir -p "$TMP/p/db" "$TMP/k/db" "$TMP/c"
cp "$TMP/big.test.zone" "$TMP/p/"
cat >"$TMP/p/knot.conf" <<EOT
server:
  listen: 127.0.0.1@$P
  rundir: $TMP/p
database:
  storage: $TMP/p/db
key:
  - id: xfr.key.
    algorithm: hmac-sha256
    secret: $SECRET
acl:
  - id: xfr
    address: 127.0.0.1
    key: xfr.key.
    action: transfer
zone:
  - domain: big.test
    storage: $TMP/p
    file: big.test.zone
    acl: xfr
EOT
knotd -c "$TMP/p/knot.conf" >"$TMP/p/log" 2>&1 &
PIDS+=($!)
wait_serial "$P" 1 120 || { echo "the primary did not load"; exit 1; }
echo "primary: Knot $(knotd -V | awk '{ print $NF }') on 127.0.0.1@$P, big.test with $BIG A records"

# castnsd
cat >"$TMP/c/castns.yaml" <<EOT
key:
  - { name: xfr.key., algorithm: hmac-sha256, secret: "$SECRET" }
server:
  listen: [ "127.0.0.1@$S" ]
  workers: 1
zone:
  - domain: big.test
    file: $TMP/c/big.test.zone
    primary: [ { address: 127.0.0.1@$P, key: xfr.key. } ]
EOT
t0=$(now_ms)
"$CASTNSD" -c "$TMP/c/castns.yaml" >"$TMP/c/log" 2>&1 &
CP=$!
PIDS+=("$CP")
wait_serial "$S" 1 300 || { echo "castnsd did not take the zone"; tail "$TMP/c/log"; exit 1; }
t1=$(now_ms)
echo "castnsd: serving after $((t1 - t0)) ms; $(grep -o 'serial 1 by AXFR.*' "$TMP/c/log"); $(mem "$CP")"
kill "$CP"
wait "$CP" 2>/dev/null

# Knot as the secondary
cat >"$TMP/k/knot.conf" <<EOT
server:
  listen: 127.0.0.1@$S
  rundir: $TMP/k
log:
  - target: stderr
    any: info
database:
  storage: $TMP/k/db
key:
  - id: xfr.key.
    algorithm: hmac-sha256
    secret: $SECRET
remote:
  - id: primary
    address: 127.0.0.1@$P
    key: xfr.key.
zone:
  - domain: big.test
    storage: $TMP/k
    file: big.test.zone
    master: primary
EOT
t0=$(now_ms)
knotd -c "$TMP/k/knot.conf" >"$TMP/k/log" 2>&1 &
KP=$!
PIDS+=("$KP")
wait_serial "$S" 1 300 || { echo "Knot did not take the zone"; tail "$TMP/k/log"; exit 1; }
t1=$(now_ms)
# Knot writes its zone file after serving (zonefile-sync 0): wait for it.
end=$(($(now_ms) + 60000))
until grep -q "zone file updated" "$TMP/k/log" || [ "$(now_ms)" -gt "$end" ]; do
	sleep 0.05
done
t2=$(now_ms)
echo "Knot:    serving after $((t1 - t0)) ms (zone file written after $((t2 - t0)) ms); $(grep -o 'AXFR, incoming.*finished.*' "$TMP/k/log" | head -1); $(mem "$KP")"

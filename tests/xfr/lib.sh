# lib.sh -- what the zone-transfer-in suites share (sourced, bash): a
# primary (Knot DNS, NSD or BIND 9) on a random loopback port serving
# example.test with a TSIG key, castnsd as its secondary on another, and
# small probes (serial served, zone-status fields).  Every process is
# recorded by pid and killed on exit (tests/serve/lib.sh's trap); nothing
# leaves 127.0.0.1.
. "$(dirname "${BASH_SOURCE[0]}")/../serve/lib.sh"
HERE="$SRC_DIR/tests/xfr"
chmod 755 "$TMP"	# nsd and named drop to their own users

KEY_NAME=xfr.key.
KEY_ALG=${KEY_ALG:-hmac-sha256}
# 32 octets, base64 (a test key, nothing else uses it).
KEY_SECRET=${KEY_SECRET:-Y2FzdG5zLXhmci10ZXN0LWtleS0wMTIzNDU2Nzg5YWI=}
BAD_SECRET=d3Jvbmctd3Jvbmctd3Jvbmctd3Jvbmctd3Jvbmct
CTL="$TMP/ctl.sock"
SEC_DIR="$TMP/sec"
mkdir -p "$SEC_DIR"
# TSIG is used once castnsd signs transfers (src/dns/tsig.h exists).
if [ -z "${XFR_TSIG:-}" ]; then
	if [ -f "$SRC_DIR/src/dns/tsig.h" ]; then XFR_TSIG=1; else XFR_TSIG=0; fi
fi

# todo NAME WHY: a check that cannot pass yet for a known reason outside
# this suite: a TAP skip naming it (tests/run.sh counts every "not ok").
todo() { skip "$1: $2"; }
ctl() { "$CASTNSCTL" -s "$CTL" "$@"; }
kq() { kdig @127.0.0.1 -p "$1" +time=1 +retry=0 "${@:2}"; }
# serial_at PORT: the SOA serial served at 127.0.0.1@PORT, or nothing.
serial_at() { kq "$1" example.test SOA +short 2>/dev/null | awk '{ print $3 }'; }
serial_is() { [ "$(serial_at "$1")" = "$2" ]; }
rcode_at() {
	kq "$1" "${2:-www.example.test}" A 2>/dev/null |
	    sed -n 's/.*status: \([A-Z]*\).*/\1/p' | head -1
}
# zs FIELD: a field of zone example.test. in castnsctl zone-status --json.
zs() {
	ctl --json zone-status example.test | python3 -c '
import json, sys
print(json.load(sys.stdin)["zones"][0][sys.argv[1]])' "$1"
}
# self_state: castnsd itself in castnsctl status --json: "True|reason".
self_state() {
	ctl --json status | python3 -c '
import json, sys
s = json.load(sys.stdin)["self"]
print("%s|%s" % (s["ok"], s["reason"]))'
}
self_ok() { case "$(self_state)" in True\|*) return 0 ;; esac; return 1; }
self_failing() { case "$(self_state)" in False\|*"$1"*) return 0 ;; esac; return 1; }

# write_zone FILE SERIAL [NRECORDS] [EXPIRE]: example.test with SERIAL,
# refresh 2 s, retry 1 s, expire EXPIRE (default 3600) and www plus
# NRECORDS (default 3) host records h1..hN.
write_zone() {
	local n=${3:-3} exp=${4:-3600}
	{
		echo '$TTL 60'
		echo "@ SOA ns1 hostmaster $2 2 1 $exp 30"
		echo '@ NS ns1'
		echo 'ns1 A 192.0.2.1'
		echo "www A 192.0.2.$(($2 % 250 + 1))"
		echo "s$2 TXT \"serial $2\""
		awk -v n="$n" 'BEGIN { for (i = 1; i <= n; i++)
		    printf "h%d A 10.%d.%d.%d\n", i, int(i / 65536) % 256,
		    int(i / 256) % 256, i % 256 }'
	} >"$1"
}

# castns_conf PRIMARY_PORT SEC_PORT [SECRET]: the secondary's configuration.
castns_conf() {
	local keyline=""
	if [ "$XFR_TSIG" = 1 ]; then
		keyline=", key: $KEY_NAME"
		cat <<EOT
key:
  - { name: $KEY_NAME, algorithm: $KEY_ALG, secret: "${3:-$KEY_SECRET}" }
EOT
	fi
	cat <<EOT
server:
  identity: xfr-sec
  listen: [ "127.0.0.1@$2" ]
  workers: 1
  control: $CTL
zone:
  - domain: example.test
    file: $SEC_DIR/example.test.zone
    primary: [ { address: 127.0.0.1@$1$keyline } ]
EOT
}

# xport: a random high port for this run.
xport() { echo $((20000 + RANDOM % 30000)); }

# start_secondary PRIMARY_PORT SEC_PORT [SECRET]: castnsd as the
# secondary (CPID; log in $TMP/castnsd.log, appended over restarts).
start_secondary() {
	castns_conf "$@" >"$TMP/castns.yaml"
	echo "--- start" >>"$TMP/castnsd.log"
	"$CASTNSD" -c "$TMP/castns.yaml" -v >>"$TMP/castnsd.log" 2>&1 &
	CPID=$!
	PIDS+=("$CPID")
	wait_until 5 ctl status
}
stop_secondary() {
	kill "${1:-}" "$CPID" 2>/dev/null
	wait_gone "$CPID" 5
}
# log_has PATTERN: castnsd's log has a line matching PATTERN (ERE).
log_has() { grep -qE "$1" "$TMP/castnsd.log"; }
show_log() { sed 's/^/#   /' "$1" | tail -n "${2:-30}"; }

# --- Knot DNS ---------------------------------------------------------------
# knot_start PORT NOTIFY_PORT: knotd serving $TMP/knot/example.test.zone
# with a journal (IXFR from the zone file's differences).
knot_start() {
	local d="$TMP/knot" acl_key="" key=""
	mkdir -p "$d/db"
	if [ "$XFR_TSIG" = 1 ]; then
		key="key:
  - id: $KEY_NAME
    algorithm: $KEY_ALG
    secret: $KEY_SECRET"
		acl_key="    key: $KEY_NAME"
	fi
	cat >"$d/knot.conf" <<EOT
server:
  listen: 127.0.0.1@$1
  rundir: $d
log:
  - target: stderr
    any: info
database:
  storage: $d/db
$key
remote:
  - id: sec
    address: 127.0.0.1@$2
$acl_key
acl:
  - id: xfr
    address: 127.0.0.1
    action: transfer
$acl_key
zone:
  - domain: example.test
    storage: $d
    file: example.test.zone
    notify: sec
    acl: xfr
    zonefile-load: difference
    journal-content: changes
    serial-policy: increment
EOT
	knotd -c "$d/knot.conf" >"$d/knot.log" 2>&1 &
	KNOT_PID=$!
	PIDS+=("$KNOT_PID")
	wait_until 5 serial_at "$1" >/dev/null
	[ -n "$(serial_at "$1")" ]
}
knot_reload() { knotc -c "$TMP/knot/knot.conf" zone-reload example.test >/dev/null; }

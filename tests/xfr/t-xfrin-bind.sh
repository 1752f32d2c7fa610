#!/bin/bash
# t-xfrin-bind.sh -- castnsd as the secondary of BIND 9 on loopback, with
# TSIG hmac-sha256 and then hmac-sha512: AXFR, BIND's change after its
# NOTIFY taken by IXFR (ixfr-from-differences), a wrong key refused and
# logged.
. "$(dirname "$0")/lib.sh"
for p in named kdig python3; do
	command -v "$p" >/dev/null || { skip "$p missing"; finish; }
done
ALGS="hmac-sha256 hmac-sha512"
primary_scenario "BIND 9" bind bind_start bind_reload BIND_PID 1
[ "$FAILED" -gt 0 ] && { show_log "$TMP/castnsd.log" 30; show_log "$TMP/bind/named.log" 20; }
finish

#!/bin/bash
# t-xfrin-nsd.sh -- castnsd as the secondary of NSD on loopback, with
# TSIG hmac-sha256 and then hmac-sha1 (an older primary's choice): AXFR,
# NSD's change after its NOTIFY (NSD 4.6 in Debian 12 answers IXFR with
# the whole zone), a wrong key refused and logged.
. "$(dirname "$0")/lib.sh"
for p in nsd kdig python3; do
	command -v "$p" >/dev/null || { skip "$p missing"; finish; }
done
ALGS="hmac-sha256 hmac-sha1"
primary_scenario NSD nsd nsd_start nsd_reload NSD_PID 0
[ "$FAILED" -gt 0 ] && { show_log "$TMP/castnsd.log" 30; show_log "$TMP/nsd/nsd.log" 20; }
finish

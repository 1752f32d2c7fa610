#!/bin/sh
# deps.sh -- install the Debian packages a make target needs, when missing.
# Usage: tools/deps.sh check|demo|bench
set -eu

build="make gcc clang pkg-config liburcu-dev libyaml-dev libcmocka-dev libssl-dev libmaxminddb-dev"
case "${1:-check}" in
check)	want="$build libmaxmind-db-writer-perl knot knot-dnsutils nsd iproute2 python3 bird2 frr gobgpd tshark nftables gdb unbound traceroute ldnsutils bind9-utils bind9" ;;
demo)	want="$build knot-dnsutils iproute2 python3 bird2 frr unbound traceroute graphviz nftables nsd exabgp" ;;
bench)	want="$build knot knot-dnsutils nsd dnsperf iproute2 util-linux python3 ldnsutils" ;;
*)	echo "usage: $0 check|demo|bench" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
	    missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "deps.sh: missing Debian packages:$missing (run as root to install)" >&2
	exit 1
fi
echo "deps.sh: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# Packaged servers (knot, nsd, bind9, bird2, frr, gobgpd, unbound, exabgp) must not start as they
# install: tests run their own instances, each in its own namespace.
# policy-rc.d tells invoke-rc.d (and deb-systemd-invoke) "not now"; tshark
# is not asked whether non-root users may capture (tests capture as root).
policy=/usr/sbin/policy-rc.d
made_policy=0
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\nexit 101\n' >"$policy"
	chmod +x "$policy"
	made_policy=1
fi
trap '[ "$made_policy" = 1 ] && rm -f "$policy"' EXIT
echo "wireshark-common wireshark-common/install-setuid boolean false" |
    debconf-set-selections 2>/dev/null || true
apt-get update -qq >/dev/null 2>&1 || true
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null

#!/usr/bin/env python3
"""routes.py -- a lab router's best routes to the anycast prefixes.

  birdc -s SOCK show route primary all | routes.py bird
  vtysh --vty_socket DIR -c 'show ip bgp json' | routes.py frr

prints one line per best route inside 198.51.100.0/24 (the service
prefixes), sorted:  PREFIX path=AS AS... nh=NEXTHOP
(path is empty for a route the router did not learn over BGP).
"""
import ipaddress
import json
import re
import sys

SERVICE = ipaddress.ip_network("198.51.100.0/24")


def wanted(prefix):
    try:
        net = ipaddress.ip_network(prefix)
    except ValueError:
        return False
    return net.version == 4 and net.subnet_of(SERVICE)


def bird(text):
    out = {}
    prefix = None
    for raw in text.splitlines():
        m = re.match(r"^(\d\S*/\d+)\s+", raw)
        if m:
            prefix = m.group(1)
            out[prefix] = {"path": "", "nh": ""}
            continue
        if prefix is None:
            continue
        s = raw.strip()
        m = re.match(r"^via (\S+)", s)
        if m and not out[prefix]["nh"]:
            out[prefix]["nh"] = m.group(1)
        m = re.match(r"^BGP\.as_path:\s*(.*)$", s)
        if m:
            out[prefix]["path"] = " ".join(m.group(1).split())
    return out


def frr(text):
    out = {}
    routes = json.loads(text or "{}").get("routes", {})
    for prefix, paths in routes.items():
        for p in paths:
            if not p.get("bestpath"):
                continue
            nh = ""
            for h in p.get("nexthops", []):
                nh = h.get("ip", "")
                break
            out[prefix] = {"path": p.get("path", ""), "nh": nh}
    return out


def main():
    routes = {"bird": bird, "frr": frr}[sys.argv[1]](sys.stdin.read())
    for prefix in sorted(routes, key=lambda p: ipaddress.ip_network(p)):
        if wanted(prefix):
            r = routes[prefix]
            print("%s path=%s nh=%s" % (prefix, r["path"], r["nh"]))


if __name__ == "__main__":
    main()

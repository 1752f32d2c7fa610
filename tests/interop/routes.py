#!/usr/bin/env python3
"""routes.py -- a router's view of the routes a peer sent, normalised.

  birdc -s SOCK show route all protocol P | routes.py bird
  routes.py frr VTYSH_DIR PEER_ADDRESS
  routes.py gobgp TARGET PEER_ADDRESS

prints one line per route:
  PREFIX nh=NEXTHOP path=AS AS med=N comm=A:B,C:D lcomm=A:B:C
(attributes absent from the route are left out; nh is the first, global,
next hop), so that the suites compare all three routers' tables with the
same expected lines.
"""
import json
import re
import subprocess
import sys


def line(prefix, nh, path, med, comm, lcomm):
    out = [prefix, "nh=%s" % nh, "path=%s" % " ".join(str(a) for a in path)]
    if med is not None:
        out.append("med=%d" % med)
    if comm:
        out.append("comm=" + ",".join(comm))
    if lcomm:
        out.append("lcomm=" + ",".join(lcomm))
    return " ".join(out)


def bird(text):
    routes = []
    cur = None
    prefix = None
    for raw in text.splitlines():
        m = re.match(r"^(\S+/\d+)\s+(.*)$", raw)
        if m and not raw.startswith("Table"):
            prefix = m.group(1)
            raw = "    " + m.group(2)
        s = raw.strip()
        if re.match(r"^unicast\s+\[", s) or re.match(r"^\S+\s+\[\S+ ", s) and prefix and raw[:1] == " " and "BGP." not in s and not s.startswith("via"):
            cur = {"prefix": prefix, "nh": "", "path": [], "med": None,
                   "comm": [], "lcomm": []}
            routes.append(cur)
            continue
        if cur is None:
            continue
        if s.startswith("BGP.as_path:"):
            cur["path"] = s.split(":", 1)[1].split()
        elif s.startswith("BGP.next_hop:"):
            hops = s.split(":", 1)[1].split()
            cur["nh"] = hops[0] if hops else ""
        elif s.startswith("BGP.med:"):
            cur["med"] = int(s.split(":", 1)[1])
        elif s.startswith("BGP.community:"):
            cur["comm"] = ["%s:%s" % c for c in
                           re.findall(r"\((\d+),(\d+)\)", s.replace(" ", ""))]
        elif s.startswith("BGP.large_community:"):
            cur["lcomm"] = ["%s:%s:%s" % c for c in
                            re.findall(r"\((\d+),(\d+),(\d+)\)", s.replace(" ", ""))]
    for r in routes:
        print(line(r["prefix"], r["nh"], r["path"], r["med"], r["comm"], r["lcomm"]))


def vtysh(vtydir, *cmds):
    args = ["vtysh", "--vty_socket", vtydir]
    for c in cmds:
        args += ["-c", c]
    out = subprocess.run(args, capture_output=True, text=True, timeout=10,
                         check=True).stdout
    docs = []
    dec = json.JSONDecoder()
    i = 0
    while True:
        while i < len(out) and out[i].isspace():
            i += 1
        if i >= len(out):
            break
        doc, i = dec.raw_decode(out, i)
        docs.append(doc)
    return docs


def frr(vtydir, peer):
    prefixes = []
    for afi, doc in zip(("ipv4", "ipv6"), vtysh(
            vtydir, "show bgp ipv4 unicast json", "show bgp ipv6 unicast json")):
        for p in doc.get("routes", {}):
            prefixes.append((afi, p))
    if not prefixes:
        return
    docs = vtysh(vtydir, *["show bgp %s unicast %s json" % ap for ap in prefixes])
    for doc in docs:
        for path in doc.get("paths", []):
            if path.get("peer", {}).get("peerId") != peer:
                continue
            nhs = path.get("nexthops", [])
            out = line(doc["prefix"], nhs[0].get("ip", "") if nhs else "",
                       path.get("aspath", {}).get("string", "").split(),
                       path.get("metric"),
                       path.get("community", {}).get("string", "").split(),
                       path.get("largeCommunity", {}).get("string", "").split())
            if not path.get("valid"):
                out += " INVALID"  # e.g. the next hop is not reachable
            print(out)


def gobgp(target, peer):
    for afi in ("ipv4", "ipv6"):
        out = subprocess.run(["gobgp", "--target", target, "global", "rib",
                              "-a", afi, "-j"], capture_output=True,
                             text=True, timeout=10, check=True).stdout
        doc = json.loads(out or "{}")
        for prefix, paths in sorted(doc.items()):
            for path in paths:
                if path.get("neighbor-ip") != peer:
                    continue
                nh, aspath, med, comm, lcomm = "", [], None, [], []
                for a in path.get("attrs", []):
                    t = a.get("type")
                    if t == 2:
                        for seg in a.get("as_paths", []):
                            aspath += seg.get("asns", [])
                    elif t == 3:
                        nh = a.get("nexthop", "")
                    elif t == 4:
                        med = a.get("metric")
                    elif t == 8:
                        comm = ["%d:%d" % (c >> 16, c & 0xffff)
                                for c in a.get("communities", [])]
                    elif t == 14:
                        nh = a.get("nexthop", "")
                    elif t == 32:
                        lcomm = ["%d:%d:%d" % (c["ASN"], c["LocalData1"],
                                               c["LocalData2"])
                                 for c in a.get("value", [])]
                print(line(prefix, nh, aspath, med, comm, lcomm))


def main():
    if sys.argv[1] == "bird":
        bird(sys.stdin.read())
    elif sys.argv[1] == "frr":
        frr(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "gobgp":
        gobgp(sys.argv[2], sys.argv[3])
    else:
        sys.exit("usage: routes.py bird|frr|gobgp ...")


if __name__ == "__main__":
    main()

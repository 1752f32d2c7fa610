#!/usr/bin/env python3
"""picture.py -- the lab's topology as a Graphviz graph, on stdout.

  picture.py TITLE MAP

MAP: lines "CLIENT_SITE ANSWER_SITE" (ANSWER_SITE "none": unanswered);
each becomes a bold arrow from that client to the node that answered it.
The links are the lab's (lab/topology, as lab/up builds them).
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SITES = [("eu", "EU", "AS65010 BIRD"), ("us", "US", "AS65020 BIRD"),
         ("apac", "APAC", "AS65030 FRR")]
COLOURS = {"eu": "#1f77b4", "us": "#d62728", "apac": "#2ca02c"}


def links():
    with open(os.path.join(HERE, "topology")) as f:
        for line in f:
            w = line.split()
            if len(w) == 6 and not line.startswith("#"):
                yield w


def main():
    title, mapfile = sys.argv[1], sys.argv[2]
    reached = []
    with open(mapfile) as f:
        for line in f:
            w = line.split()
            if len(w) == 2:
                reached.append(w)
    print('graph lab {')
    print('  label="%s"; labelloc=t; fontname="Helvetica"; fontsize=18;' % title)
    print('  node [fontname="Helvetica", fontsize=11]; edge [color="#888888"];')
    print('  layout=dot; rankdir=TB; newrank=true;')
    for s, name, what in SITES:
        n = {"eu": 1, "us": 2, "apac": 3}[s]
        c = COLOURS[s]
        print('  subgraph cluster_%s { label="site %s"; color="%s"; fontcolor="%s";' % (s, name, c, c))
        print('    "%s-rtr" [shape=box, style=rounded, label="%s router\\n%s\\n192.0.2.%d0"];' % (s, name, what, n))
        print('    "%s-node" [shape=box, style="filled", fillcolor="%s33", label="castnsd %s-1\\n198.51.100.1-3, .53\\nsrv-ns%d 192.0.2.%d1"];' % (s, c, s, n, n))
        print('    "%s-cli" [shape=ellipse, label="client %s\\n192.0.2.%d3"];' % (s, name, n))
        print('    "%s-res" [shape=ellipse, label="unbound %s\\n192.0.2.%d5"];' % (s, name, n))
        print('  }')
    print('  "t1-rtr" [shape=box, style=rounded, label="transit t1\\nAS65100 BIRD"];')
    print('  "t2-rtr" [shape=box, style=rounded, label="transit t2\\nAS65200 BIRD"];')
    for a, _, aa, b, _, ba in links():
        if a.endswith("-rtr") and b.endswith("-rtr"):
            print('  "%s" -- "%s" [penwidth=2, label="%s", fontsize=8];' % (a, b, aa))
        else:
            print('  "%s" -- "%s";' % (a, b))
    for cli, site in reached:
        if site in COLOURS:
            print('  "%s-cli" -- "%s-node" [dir=forward, style=bold, penwidth=3, color="%s", constraint=false];'
                  % (cli, site, COLOURS[cli]))
        else:
            print('  "%s-cli" [color=red, fontcolor=red, label="client %s\\nno answer"];' % (cli, cli))
    print('}')


if __name__ == "__main__":
    main()

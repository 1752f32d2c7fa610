#!/usr/bin/env python3
"""report.py -- the lab's results table.

Each scenario leaves one result file, RUN/result-ID.json:
  {"scenario": "2a", "name": "site failure (answers blocked)",
   "expected": "...", "observed": "...", "failover_ms": 183.0 or null,
   "lost": 12 or null, "pass": true, "figures": {...}}

  report.py record RUN ID --name N --expected E --observed O
            [--failover-ms X] [--lost N] [--stream FILE] [--pass|--fail]
            [--figure KEY=VALUE ...]
      writes RUN/result-ID.json; --stream takes failover_ms and lost from a
      stream.py result where they are not given.
  report.py table RUN            the final table of one run
  report.py repeat RUN1 RUN2 ... one row per scenario over several runs:
                                 passes, failover min/median/max, losses
Exit status of table and repeat: 0 when every scenario passed, else 1.
"""
import argparse
import glob
import json
import os
import re
import statistics
import sys


def natural(sid):
    return [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", sid)]


def load_run(run):
    res = {}
    for path in glob.glob(os.path.join(run, "result-*.json")):
        try:
            with open(path) as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            sid = os.path.basename(path)[7:-5]
            doc = {"scenario": sid, "name": "?", "expected": "",
                   "observed": "unreadable result: %s" % e, "pass": False}
        res[str(doc.get("scenario"))] = doc
    return res


def fmt_num(v, unit=""):
    if v is None:
        return "-"
    if isinstance(v, float) and not v.is_integer():
        return "%.1f%s" % (v, unit)
    return "%d%s" % (int(v), unit)


def render(headers, rows):
    widths = [len(h) for h in headers]
    for r in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, r)]
    # The expected/observed columns wrap at 38 characters.
    cap = [min(w, 38) if i in (2, 3) else w for i, w in enumerate(widths)]

    def wrap(text, w):
        out, line = [], ""
        for word in text.split():
            if line and len(line) + 1 + len(word) > w:
                out.append(line)
                line = word
            else:
                line = (line + " " + word) if line else word
        out.append(line)
        return out

    sep = "+" + "+".join("-" * (w + 2) for w in cap) + "+"
    lines = [sep, "| " + " | ".join(h.ljust(w) for h, w in
                                     zip(headers, cap)) + " |", sep]
    for r in rows:
        cells = [wrap(c, w) if i in (2, 3) else [c]
                 for i, (c, w) in enumerate(zip(r, cap))]
        for k in range(max(len(c) for c in cells)):
            parts = []
            for i, (c, w) in enumerate(zip(cells, cap)):
                t = c[k] if k < len(c) else ""
                num = i >= 4
                parts.append(t.rjust(w) if num else t.ljust(w))
            lines.append("| " + " | ".join(parts) + " |")
    lines.append(sep)
    return "\n".join(lines)


def table(results):
    headers = ["#", "scenario", "expected", "observed", "failover ms",
               "lost", "result"]
    rows = []
    for sid in sorted(results, key=natural):
        d = results[sid]
        rows.append([sid, d.get("name", ""), d.get("expected", ""),
                     d.get("observed", ""), fmt_num(d.get("failover_ms")),
                     fmt_num(d.get("lost")),
                     "PASS" if d.get("pass") else "FAIL"])
    return render(headers, rows)


def spread(vals):
    vals = [v for v in vals if v is not None]
    if not vals:
        return "-"
    return "%s / %s / %s" % (fmt_num(min(vals)),
                             fmt_num(float(statistics.median(vals))),
                             fmt_num(max(vals)))


def repeat(runs):
    """{scenario: {name, runs, passed, failover [..], lost [..]}}"""
    agg = {}
    for res in runs:
        for sid, d in res.items():
            a = agg.setdefault(sid, {"name": d.get("name", ""), "runs": 0,
                                     "passed": 0, "failover": [],
                                     "lost": []})
            a["runs"] += 1
            a["passed"] += 1 if d.get("pass") else 0
            a["failover"].append(d.get("failover_ms"))
            a["lost"].append(d.get("lost"))
    return agg


def repeat_table(agg, nruns):
    headers = ["#", "scenario", "passed", "failover ms min/med/max",
               "lost min/med/max"]
    rows = []
    for sid in sorted(agg, key=natural):
        a = agg[sid]
        rows.append([sid, a["name"], "%d/%d" % (a["passed"], nruns),
                     spread(a["failover"]), spread(a["lost"])])
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(headers)]
    sep = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    out = [sep, "| " + " | ".join(h.ljust(w) for h, w in
                                  zip(headers, widths)) + " |", sep]
    for r in rows:
        out.append("| " + " | ".join(
            c.ljust(w) if i < 2 else c.rjust(w)
            for i, (c, w) in enumerate(zip(r, widths))) + " |")
    out.append(sep)
    return "\n".join(out)


def cmd_record(a):
    doc = {"scenario": a.id, "name": a.name, "expected": a.expected,
           "observed": a.observed, "failover_ms": a.failover_ms,
           "lost": a.lost, "pass": not a.fail, "figures": {}}
    if a.stream:
        with open(a.stream) as f:
            an = json.load(f)["analysis"]
        if doc["failover_ms"] is None:
            doc["failover_ms"] = an.get("failover_ms")
        if doc["lost"] is None:
            doc["lost"] = an.get("lost")
        doc["figures"]["stream"] = {k: an.get(k) for k in (
            "sent", "answered", "lost", "before", "after", "failover_ms",
            "last_before_ms", "flipbacks", "longest_loss_ms")}
    for kv in a.figure or []:
        k, _, v = kv.partition("=")
        try:
            v = json.loads(v)
        except ValueError:
            pass
        doc["figures"][k] = v
    os.makedirs(a.run, exist_ok=True)
    path = os.path.join(a.run, "result-%s.json" % a.id)
    with open(path + ".tmp", "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    os.rename(path + ".tmp", path)
    return 0


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("record")
    r.add_argument("run")
    r.add_argument("id")
    r.add_argument("--name", required=True)
    r.add_argument("--expected", required=True)
    r.add_argument("--observed", required=True)
    r.add_argument("--failover-ms", type=float)
    r.add_argument("--lost", type=int)
    r.add_argument("--stream")
    r.add_argument("--figure", action="append")
    g = r.add_mutually_exclusive_group()
    g.add_argument("--pass", dest="fail", action="store_false")
    g.add_argument("--fail", dest="fail", action="store_true")
    r.set_defaults(fail=False)
    t = sub.add_parser("table")
    t.add_argument("run")
    t.add_argument("--json", action="store_true")
    rp = sub.add_parser("repeat")
    rp.add_argument("runs", nargs="+")
    rp.add_argument("--json", action="store_true")
    a = p.parse_args(argv)

    if a.cmd == "record":
        return cmd_record(a)
    if a.cmd == "table":
        res = load_run(a.run)
        if a.json:
            json.dump([res[k] for k in sorted(res, key=natural)],
                      sys.stdout, indent=1)
            print()
        elif res:
            print(table(res))
        else:
            print("no results in %s" % a.run)
            return 1
        return 0 if res and all(d.get("pass") for d in res.values()) else 1
    runs = [load_run(r) for r in a.runs]
    agg = repeat(runs)
    if a.json:
        json.dump(agg, sys.stdout, indent=1)
        print()
    else:
        print(repeat_table(agg, len(runs)))
    return 0 if agg and all(x["passed"] == len(runs) for x in agg.values()) \
        else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# test_tools.py -- the lab tools' computations on synthetic data: the
# failover figures of stream.py, the DNS wire helpers, the table and the
# five-run aggregate of report.py.  Stdlib unittest; TAP lines on stdout
# (one per test) for tests/run.sh.
import json
import os
import struct
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "lab", "tools"))
import dnswire  # noqa: E402
import report  # noqa: E402
import stream  # noqa: E402

EV = 1000.0


def synth(spec, t0=EV - 0.5, iv=0.010):
    """Queries every iv seconds from t0; spec is a list of (count, rtt ms
    or None, site) runs."""
    q, t = [], t0
    for count, rtt, site in spec:
        for _ in range(count):
            q.append((t, rtt, site if rtt is not None else None))
            t += iv
    return q


class Analyse(unittest.TestCase):
    def test_no_event(self):
        a = stream.analyse(synth([(10, 1.0, "eu"), (2, None, None),
                                  (5, 1.0, "eu")]))
        self.assertEqual((a["sent"], a["answered"], a["lost"]), (17, 15, 2))
        self.assertIsNone(a["failover_ms"])
        self.assertEqual(a["sites"], {"eu": 15})
        self.assertEqual(a["longest_loss_run"], 2)
        self.assertAlmostEqual(a["longest_loss_ms"], 20.0, places=3)

    def test_failover(self):
        # 50 answered by eu before the event (t0 = EV - 0.5 s), then 20
        # lost (200 ms), then us answers in 2 ms.
        q = synth([(50, 1.0, "eu"), (20, None, None), (30, 2.0, "us")])
        a = stream.analyse(q, EV)
        self.assertEqual(a["before"], "eu")
        self.assertEqual(a["after"], "us")
        # first us query sent at EV + 0.200, answered 2 ms later
        self.assertAlmostEqual(a["failover_ms"], 202.0, places=1)
        self.assertAlmostEqual(a["first_after_sent_ms"], 200.0, places=1)
        self.assertAlmostEqual(a["last_before_ms"], -9.0, places=1)
        self.assertEqual(a["lost"], 20)
        self.assertEqual(a["lost_after_event"], 20)
        self.assertEqual(a["flipbacks"], 0)
        self.assertEqual(a["longest_loss_run"], 20)

    def test_in_flight_answer_before_event_is_not_failover(self):
        # Another site's answer received before the event does not count.
        q = synth([(10, 1.0, "eu"), (1, 1.0, "us"), (39, 1.0, "eu"),
                   (10, 1.0, "ap")])
        a = stream.analyse(q, EV)
        self.assertEqual(a["before"], "eu")
        self.assertEqual(a["after"], "ap")
        self.assertAlmostEqual(a["failover_ms"], 1.0, places=1)

    def test_expect_and_flipback(self):
        # eu fails; us answers briefly, eu once more, then ap: with
        # expect=ap the failover is to ap; without, to us, with a flipback.
        q = synth([(50, 1.0, "eu"), (5, 1.0, "us"), (1, 1.0, "eu"),
                   (10, 1.0, "ap")])
        a = stream.analyse(q, EV)
        self.assertEqual(a["after"], "us")
        self.assertEqual(a["flipbacks"], 1)
        b = stream.analyse(q, EV, expect="ap")
        self.assertEqual(b["after"], "ap")
        self.assertAlmostEqual(b["failover_ms"], 61.0, places=1)

    def test_given_before(self):
        # Recovery: the client was at us, returns to eu.
        q = synth([(50, 1.0, "us"), (30, 1.0, "eu")])
        a = stream.analyse(q, EV, before="us", expect="eu")
        self.assertAlmostEqual(a["failover_ms"], 1.0, places=1)
        self.assertEqual(a["lost"], 0)

    def test_expected_to_stay(self):
        # A client expected at the site it already uses: no failover, and
        # answers from elsewhere after the event are counted.
        q = synth([(50, 1.0, "ap"), (3, 1.0, "us"), (20, 1.0, "ap")])
        a = stream.analyse(q, EV, expect="ap")
        self.assertEqual((a["before"], a["after"]), ("ap", "ap"))
        self.assertIsNone(a["failover_ms"])
        self.assertEqual(a["flipbacks"], 3)
        self.assertIn("stayed at ap but 3", stream.summary("x", a))

    def test_never_fails_over(self):
        q = synth([(50, 1.0, "eu"), (50, None, None)])
        a = stream.analyse(q, EV)
        self.assertIsNone(a["failover_ms"])
        self.assertIsNone(a["after"])
        self.assertEqual(a["lost_after_event"], 50)
        self.assertIn("no answer from another site",
                      stream.summary("x", a))

    def test_lost_before_event_window(self):
        # A query lost 2 s before the event is not counted as lost since
        # the event (timeout 1 s); one 0.5 s before it is.
        q = [(EV - 2.0, None, None), (EV - 0.5, None, None),
             (EV - 0.4, 1.0, "eu"), (EV + 0.1, 1.0, "us")]
        a = stream.analyse(q, EV, timeout_ms=1000)
        self.assertEqual(a["lost"], 2)
        self.assertEqual(a["lost_after_event"], 1)

    def test_roundtrip_through_saved_result(self):
        q = synth([(50, 1.0, "eu"), (3, None, None), (5, 1.0, "us")])
        doc = {"start": q[0][0], "queries": [[(t - q[0][0]) * 1000, r, s, 0]
                                             for t, r, s in q]}
        back = stream.load_queries(doc)
        a, b = stream.analyse(q, EV), stream.analyse(back, EV)
        self.assertAlmostEqual(a["failover_ms"], b["failover_ms"], places=1)


class Wire(unittest.TestCase):
    def reply(self, qid, nsid=None, txt=None, rcode=0):
        q = dnswire.query(qid, "example.test", "TXT")
        body = q[12:q.index(b"\0\0\x29")]      # header off, OPT off
        an = b""
        if txt is not None:
            an = b"\xc0\x0c" + struct.pack("!HHIH", 16, 1, 60,
                                           len(txt) + 1)
            an += bytes([len(txt)]) + txt.encode()
        opt = b""
        if nsid is not None:
            opt = b"\0" + struct.pack("!HHIH", 41, 1232, 0, 4 + len(nsid))
            opt += struct.pack("!HH", 3, len(nsid)) + nsid
        hdr = struct.pack("!HHHHHH", qid, 0x8400 | rcode, 1,
                          1 if an else 0, 0, 1 if opt else 0)
        return hdr + body + an + opt

    def test_query_asks_nsid(self):
        q = dnswire.query(7, "example.test", "SOA")
        self.assertEqual(struct.unpack("!H", q[:2])[0], 7)
        self.assertTrue(q.endswith(struct.pack("!HH", 3, 0)))
        self.assertEqual(struct.unpack("!H", q[10:12])[0], 1)   # ARCOUNT

    def test_parse(self):
        self.assertEqual(dnswire.parse_reply(self.reply(9, b"eu-1")),
                         (9, 0, "eu-1", None))
        self.assertEqual(dnswire.parse_reply(self.reply(9, None, "us", 3)),
                         (9, 3, None, "us"))
        self.assertEqual(dnswire.parse_reply(self.reply(1, b"\x01\xff"))[2],
                         "01ff")

    def test_malformed(self):
        good = self.reply(5, b"eu-1", "eu")
        for n in range(len(good)):
            try:
                dnswire.parse_reply(good[:n])
            except ValueError:
                pass
        with self.assertRaises(ValueError):
            dnswire.parse_reply(dnswire.query(1, "x"))         # QR clear


class Report(unittest.TestCase):
    def test_record_table_repeat(self):
        with tempfile.TemporaryDirectory() as d:
            runs = []
            for k, (fo, lost, ok) in enumerate([(180.0, 17, True),
                                                (150.5, 14, True),
                                                (420.0, 40, False)]):
                run = os.path.join(d, "run%d" % k)
                s = os.path.join(d, "s%d.json" % k)
                with open(s, "w") as f:
                    json.dump({"analysis": {"failover_ms": fo,
                                            "lost": lost}}, f)
                args = ["record", run, "2a", "--name", "site failure",
                        "--expected", "within 500 ms", "--observed",
                        "eu -> us", "--stream", s]
                if not ok:
                    args.append("--fail")
                self.assertEqual(report.main(args), 0)
                report.main(["record", run, "10", "--name", "x",
                             "--expected", "e", "--observed", "o",
                             "--lost", "0", "--figure", "updates=3"])
                runs.append(report.load_run(run))
            self.assertEqual(runs[0]["2a"]["failover_ms"], 180.0)
            self.assertEqual(runs[0]["10"]["figures"], {"updates": 3})
            t = report.table(runs[0])
            # natural order: 2a before 10
            self.assertLess(t.index("| 2a"), t.index("| 10"))
            self.assertIn("PASS", t)
            agg = report.repeat(runs)
            self.assertEqual(agg["2a"]["passed"], 2)
            self.assertEqual(report.spread(agg["2a"]["failover"]),
                             "150.5 / 180 / 420")
            self.assertEqual(report.spread(agg["2a"]["lost"]),
                             "14 / 17 / 40")
            self.assertIn("2/3", report.repeat_table(agg, 3))


class Tap(unittest.TextTestResult):
    n = 0

    def addSuccess(self, test):
        super().addSuccess(test)
        Tap.n += 1
        print("ok %d %s" % (Tap.n, test.id()))

    def addFailure(self, test, err):
        super().addFailure(test, err)
        Tap.n += 1
        print("not ok %d %s" % (Tap.n, test.id()))

    addError = addFailure


if __name__ == "__main__":
    suite = unittest.defaultTestLoader.loadTestsFromModule(
        sys.modules[__name__])
    r = unittest.TextTestRunner(stream=sys.stderr, resultclass=Tap,
                                verbosity=0).run(suite)
    print("1..%d" % Tap.n)
    sys.exit(0 if r.wasSuccessful() else 1)

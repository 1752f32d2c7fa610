#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""tsig_vectors.py -- regenerates tests/unit/tsig_vectors.h.

The TSIG unit tests check castns against implementations it shares no
code with: queries signed by kdig (captured by a small listener here),
answers signed by knotd (to those queries, and its BADKEY, BADSIG and
BADTIME answers), and multi-message streams with unsigned messages in
between, signed by the RFC 8945 digest layout written out again below
with nothing but hmac/hashlib.  Every vector is checked by this script's
own verifier before it is written, so the three agree.

    tests/unit/tsig_vectors.py > tests/unit/tsig_vectors.h

and tests/unit/tsig_data/knot_axfr_N.bin, the messages of one transfer.

Needs kdig and knotd (Debian's knot, knot-dnsutils); runs on loopback.
"""
import base64
import hashlib
import hmac
import os
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

KEYS = {
    "sha1.key.": ("hmac-sha1", b"castns-tsig-sha1-secret"),
    "xfr.key.": ("hmac-sha256", b"castns-tsig-vectors-sha256-secret!"),
    "sha512.key.": ("hmac-sha512", bytes(range(64))),
    "sha224.key.": ("hmac-sha224", b"castns-sha224"),
    "sha384.key.": ("hmac-sha384", bytes(range(200, 248))),
}
HASH = {"hmac-sha1": hashlib.sha1, "hmac-sha224": hashlib.sha224,
        "hmac-sha256": hashlib.sha256, "hmac-sha384": hashlib.sha384,
        "hmac-sha512": hashlib.sha512}


def wire(name):
    out = b""
    for label in name.rstrip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def read_name(msg, off):
    """Returns (lowercase wire name, offset after it)."""
    labels, end = [], None
    while True:
        n = msg[off]
        if n >= 0xC0:
            if end is None:
                end = off + 2
            off = (n & 0x3F) << 8 | msg[off + 1]
            continue
        off += 1
        if n == 0:
            break
        labels.append(msg[off:off + n].lower())
        off += n
    name = b"".join(bytes([len(x)]) + x for x in labels) + b"\0"
    return name, (end if end is not None else off)


def split_tsig(msg):
    """Returns (offset of the TSIG RR, dict of its fields) or (None, None)."""
    qd, an, ns, ar = struct.unpack("!4H", msg[4:12])
    off = 12
    for _ in range(qd):
        _, off = read_name(msg, off)
        off += 4
    for i in range(an + ns + ar):
        start = off
        name, off = read_name(msg, off)
        typ, cls, ttl, rdlen = struct.unpack("!HHIH", msg[off:off + 10])
        off += 10
        if typ == 250:
            assert i == an + ns + ar - 1
            alg, p = read_name(msg, off)
            hi, lo, fudge, maclen = struct.unpack("!HIHH", msg[p:p + 10])
            p += 10
            mac = msg[p:p + maclen]
            p += maclen
            oid, err, olen = struct.unpack("!HHH", msg[p:p + 6])
            other = msg[p + 6:p + 6 + olen]
            return start, dict(name=name, alg=alg, time=hi << 32 | lo,
                               fudge=fudge, mac=mac, id=oid, error=err,
                               other=other)
        off += rdlen
    return None, None


def tsig_vars(t, full=True):
    """RFC 8945 4.3.3 variables (full) or 5.3.1 timers."""
    tm = struct.pack("!HIH", t["time"] >> 32, t["time"] & 0xFFFFFFFF,
                     t["fudge"])
    if not full:
        return tm
    return (t["name"] + struct.pack("!HI", 255, 0) + t["alg"] + tm +
            struct.pack("!HH", t["error"], len(t["other"])) + t["other"])


def stripped(msg, off, oid):
    """The message before its TSIG: original ID, ARCOUNT less one."""
    ar = struct.unpack("!H", msg[10:12])[0]
    return struct.pack("!H", oid) + msg[2:10] + struct.pack("!H", ar - 1) + \
        msg[12:off]


def rr(t):
    rdata = (t["alg"] + struct.pack("!HIHH", t["time"] >> 32,
             t["time"] & 0xFFFFFFFF, t["fudge"], len(t["mac"])) + t["mac"] +
             struct.pack("!HHH", t["id"], t["error"], len(t["other"])) +
             t["other"])
    return t["name"] + struct.pack("!HHIH", 250, 255, 0, len(rdata)) + rdata


def sign(msg, key, t, prior=None, unsigned=(), full=True):
    """Appends a TSIG RR with fields t, MAC over prior + unsigned + msg."""
    alg, secret = KEYS[key]
    h = hmac.new(secret, digestmod=HASH[alg])
    if prior is not None:
        h.update(struct.pack("!H", len(prior)) + prior)
    for u in unsigned:
        h.update(u)
    h.update(msg)
    h.update(tsig_vars(t, full))
    t = dict(t, mac=h.digest(), id=struct.unpack("!H", msg[:2])[0])
    ar = struct.unpack("!H", msg[10:12])[0]
    return msg[:10] + struct.pack("!H", ar + 1) + msg[12:] + rr(t)


def verify(msg, key, prior=None, unsigned=(), full=True):
    off, t = split_tsig(msg)
    alg, secret = KEYS[key]
    h = hmac.new(secret, digestmod=HASH[alg])
    if prior is not None:
        h.update(struct.pack("!H", len(prior)) + prior)
    for u in unsigned:
        h.update(u)
    h.update(stripped(msg, off, t["id"]))
    h.update(tsig_vars(t, full))
    return hmac.compare_digest(h.digest()[:len(t["mac"])], t["mac"]), t


def query(qid, name, qtype):
    return (struct.pack("!6H", qid, 0, 1, 0, 0, 0) + wire(name) +
            struct.pack("!HH", qtype, 1))


class Capture:
    """Answers nothing; keeps the first message sent over UDP or TCP."""

    def __init__(self):
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.port = self.udp.getsockname()[1]
        self.tcp = socket.socket()
        self.tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.tcp.bind(("127.0.0.1", self.port))
        self.tcp.listen(4)

    def kdig(self, args, tcp):
        got = []

        def take():
            if tcp:
                self.tcp.settimeout(5)
                c, _ = self.tcp.accept()
                c.settimeout(5)
                n = struct.unpack("!H", recv_all(c, 2))[0]
                got.append(recv_all(c, n))
                c.close()
            else:
                self.udp.settimeout(5)
                got.append(self.udp.recvfrom(65535)[0])

        th = threading.Thread(target=take)
        th.start()
        subprocess.run(["kdig", "@127.0.0.1", "-p", str(self.port),
                        "+retry=0", "+timeout=1", "+noedns"] + args +
                       (["+tcp"] if tcp else []),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=10)
        th.join()
        return got[0]


def recv_all(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise EOFError
        buf += chunk
    return buf


def knot_ask(port, msg, tcp=False):
    """Sends msg to knotd; the answer, or every message of a transfer."""
    if not tcp:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(5)
        s.sendto(msg, ("127.0.0.1", port))
        return s.recvfrom(65535)[0]
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(struct.pack("!H", len(msg)) + msg)
    out, soas = [], 0
    while soas < 2:
        n = struct.unpack("!H", recv_all(s, 2))[0]
        m = recv_all(s, n)
        out.append(m)
        soas += m.count(b"\x00\x06\x00\x01")  # crude: SOA RRs seen
        if m[3] & 0xF:
            break
    s.close()
    return out


def start_knot(d, port):
    zone = os.path.join(d, "example.test.zone")
    with open(zone, "w") as f:
        f.write("$ORIGIN example.test.\n$TTL 3600\n"
                "@ SOA ns.example.test. admin.example.test. 7 3600 900 "
                "604800 300\n@ NS ns\nns A 192.0.2.53\nwww A 192.0.2.80\n")
        for i in range(int(os.environ.get("TSIGVEC_TXT", "100"))):
            f.write("t%d TXT \"%s\"\n" % (i, "x" * 200))
    with open(os.path.join(d, "knot.conf"), "w") as f:
        f.write("server:\n    rundir: %s\n    listen: 127.0.0.1@%d\n"
                "database:\n    storage: %s\nkey:\n" % (d, port, d))
        for name, (alg, secret) in KEYS.items():
            f.write("  - id: %s\n    algorithm: %s\n    secret: %s\n" %
                    (name, alg, base64.b64encode(secret).decode()))
        f.write("acl:\n  - id: xfr\n    key: [%s]\n    action: transfer\n"
                "zone:\n  - domain: example.test\n    file: %s\n"
                "    acl: xfr\n    zonefile-sync: -1\n"
                "    journal-content: none\n" % (", ".join(KEYS), zone))
    p = subprocess.Popen(["knotd", "-c", os.path.join(d, "knot.conf")],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            knot_ask(port, query(1, "example.test.", 6))
            return p
        except OSError:
            time.sleep(0.1)
    p.kill()
    raise SystemExit("knotd did not start")


def carr(name, data):
    out = "static const uint8_t %s[] = {" % name
    for i, b in enumerate(data):
        out += ("\n\t" if i % 12 == 0 else " ") + "0x%02x," % b
    return out + "\n};\n"


def main():
    vec = []
    cap = Capture()
    # Queries signed by kdig.
    qs = {}
    for key, (alg, secret) in KEYS.items():
        y = "%s:%s:%s" % (alg, key, base64.b64encode(secret).decode())
        qs[key] = cap.kdig(["-y", y, "www.example.test", "A"], False)
        ok, _ = verify(qs[key], key)
        assert ok, "kdig's query does not verify here: " + key
    y = "hmac-sha256:xfr.key.:" + base64.b64encode(KEYS["xfr.key."][1]).decode()
    axfr_q = cap.kdig(["-y", y, "example.test", "AXFR"], True)
    assert verify(axfr_q, "xfr.key.")[0]

    d = tempfile.mkdtemp(prefix="cn-tsigvec-")
    kport = cap.port + 1
    knot = start_knot(d, kport)
    try:
        ans = {}
        for key in KEYS:
            ans[key] = knot_ask(kport, qs[key])
            _, t = split_tsig(qs[key])
            ok, _ = verify(ans[key], key, prior=t["mac"])
            assert ok, "knotd's answer does not verify here: " + key
        axfr = knot_ask(kport, axfr_q, tcp=True)
        _, t = split_tsig(axfr_q)
        prior = t["mac"]
        for i, m in enumerate(axfr):
            ok, t = verify(m, "xfr.key.", prior=prior, full=(i == 0))
            assert ok, "knotd's AXFR message %d does not verify" % i
            prior = t["mac"]
        # Knot's errors: an unknown key, a bad MAC, a time far off.
        now = int(time.time())
        base = dict(name=wire("nokey.key."), alg=wire("hmac-sha256"),
                    time=now, fudge=300, error=0, other=b"")
        KEYS["nokey.key."] = ("hmac-sha256", b"unknown to knot")
        badkey_q = sign(query(0x1111, "www.example.test.", 1), "nokey.key.",
                        base)
        badkey_a = knot_ask(kport, badkey_q)
        base["name"] = wire("xfr.key.")
        badsig_q = bytearray(sign(query(0x2222, "www.example.test.", 1),
                                  "xfr.key.", base))
        badsig_q[-8] ^= 1  # inside the MAC
        badsig_q = bytes(badsig_q)
        badsig_a = knot_ask(kport, badsig_q)
        badtime_q = sign(query(0x3333, "www.example.test.", 1), "xfr.key.",
                         dict(base, time=now - 3600))
        badtime_a = knot_ask(kport, badtime_q)
        assert split_tsig(badkey_a)[1]["error"] == 17
        assert split_tsig(badsig_a)[1]["error"] == 16
        assert split_tsig(badtime_a)[1]["error"] == 18
        _, t = split_tsig(badtime_q)
        assert verify(badtime_a, "xfr.key.", prior=t["mac"])[0]
    finally:
        knot.terminate()
        knot.wait(10)
        subprocess.run(["rm", "-rf", d])

    # A stream with unsigned messages in between (5.3.1), signed here.
    t0 = 1700000000
    sq = sign(query(0x4444, "example.test.", 252), "xfr.key.",
              dict(name=wire("xfr.key."), alg=wire("hmac-sha256"), time=t0,
                   fudge=300, error=0, other=b""))
    _, tq = split_tsig(sq)
    body = [struct.pack("!6H", 0x4444, 0x8400, 1, 1, 0, 0) +
            wire("example.test.") + struct.pack("!HH", 252, 1) +
            b"\xc0\x0c" + struct.pack("!HHIH", 16, 1, 60, 2) + b"\x01" +
            bytes([0x61 + i]) for i in range(5)]
    tm = dict(name=wire("xfr.key."), alg=wire("hmac-sha256"), fudge=300,
              error=0, other=b"")
    stream = [sign(body[0], "xfr.key.", dict(tm, time=t0), prior=tq["mac"])]
    prior = split_tsig(stream[0])[1]["mac"]
    stream += [body[1], body[2]]
    stream.append(sign(body[3], "xfr.key.", dict(tm, time=t0 + 1),
                       prior=prior, unsigned=body[1:3], full=False))
    prior = split_tsig(stream[3])[1]["mac"]
    stream.append(sign(body[4], "xfr.key.", dict(tm, time=t0 + 2),
                       prior=prior, full=False))

    print("/* SPDX-License-Identifier: MIT */")
    print("/* Generated by tests/unit/tsig_vectors.py: kdig, knotd %s. */" %
          subprocess.run(["knotd", "-V"], capture_output=True,
                         text=True).stdout.split()[-1])
    for key in KEYS:
        if key == "nokey.key.":
            continue
        c = key.split(".")[0]
        print(carr("kdig_q_" + c, qs[key]))
        print(carr("knot_a_" + c, ans[key]))
    print(carr("kdig_axfr_q", axfr_q))
    # The transfer is too long for C arrays: files beside this script.
    data = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                        "tsig_data")
    os.makedirs(data, exist_ok=True)
    for i, m in enumerate(axfr):
        with open(os.path.join(data, "knot_axfr_%d.bin" % i), "wb") as f:
            f.write(m)
    print("#define KNOT_AXFR_MSGS %d\n" % len(axfr))
    for n, v in (("badkey", (badkey_q, badkey_a)),
                 ("badsig", (badsig_q, badsig_a)),
                 ("badtime", (badtime_q, badtime_a))):
        print(carr("py_%s_q" % n, v[0]))
        print(carr("knot_%s_a" % n, v[1]))
    print(carr("py_stream_q", sq))
    for i, m in enumerate(stream):
        print(carr("py_stream_%d" % i, m))
    print("#define PY_STREAM_T0 %d" % t0)


if __name__ == "__main__":
    main()

# dnswire.py -- the little DNS wire format the lab tools need (stdlib only):
# a query with EDNS and the NSID option (RFC 5001), and a reply's ID, rcode,
# NSID string and first TXT string.  Every parser stops at the message's end
# and raises ValueError on anything malformed.
import struct

T_TXT = 16
T_OPT = 41
OPT_NSID = 3
QTYPES = {"A": 1, "NS": 2, "SOA": 6, "TXT": 16, "AAAA": 28}


def encode_name(name):
    wire = b""
    for label in name.rstrip(".").split("."):
        if label:
            if len(label) > 63:
                raise ValueError("label too long: %r" % label)
            wire += bytes([len(label)]) + label.encode("ascii")
    return wire + b"\0"


def query(qid, name, qtype="SOA", nsid=True):
    """A query with RD clear and, when nsid, an OPT RR asking for NSID."""
    qt = QTYPES[qtype.upper()] if isinstance(qtype, str) else qtype
    wire = struct.pack("!HHHHHH", qid, 0, 1, 0, 0, 1 if nsid else 0)
    wire += encode_name(name) + struct.pack("!HH", qt, 1)
    if nsid:
        # root owner, type OPT, class = UDP size 1232, TTL 0, one option
        wire += b"\0" + struct.pack("!HHIH", T_OPT, 1232, 0, 4)
        wire += struct.pack("!HH", OPT_NSID, 0)
    return wire


def skip_name(msg, off):
    while True:
        if off >= len(msg):
            raise ValueError("name runs past the end")
        n = msg[off]
        if n == 0:
            return off + 1
        if n & 0xC0 == 0xC0:
            if off + 2 > len(msg):
                raise ValueError("pointer runs past the end")
            return off + 2
        if n & 0xC0:
            raise ValueError("bad label type")
        off += 1 + n


def printable(raw):
    try:
        s = raw.decode("ascii")
    except UnicodeDecodeError:
        return raw.hex()
    return s if s.isprintable() else raw.hex()


def parse_reply(msg):
    """(id, rcode, nsid or None, first TXT string or None) of a reply;
    ValueError unless it is a well-formed response (QR set)."""
    if len(msg) < 12:
        raise ValueError("short message")
    qid, flags, qd, an, ns, ar = struct.unpack("!HHHHHH", msg[:12])
    if not flags & 0x8000:
        raise ValueError("not a response")
    rcode = flags & 0xF
    off = 12
    for _ in range(qd):
        off = skip_name(msg, off) + 4
    nsid = txt = None
    for i in range(an + ns + ar):
        off = skip_name(msg, off)
        if off + 10 > len(msg):
            raise ValueError("RR header runs past the end")
        rtype, _, ttl, rdlen = struct.unpack("!HHIH", msg[off:off + 10])
        off += 10
        rdata = msg[off:off + rdlen]
        if len(rdata) != rdlen:
            raise ValueError("RDATA runs past the end")
        off += rdlen
        if rtype == T_TXT and i < an and txt is None and rdata:
            txt = printable(rdata[1:1 + rdata[0]])
        elif rtype == T_OPT and i >= an + ns:
            rcode |= (ttl >> 24) << 4
            p = 0
            while p + 4 <= len(rdata):
                code, olen = struct.unpack("!HH", rdata[p:p + 4])
                if code == OPT_NSID:
                    nsid = printable(rdata[p + 4:p + 4 + olen])
                p += 4 + olen
    return qid, rcode, nsid, txt

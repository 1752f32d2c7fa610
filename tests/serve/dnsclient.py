#!/usr/bin/env python3
# dnsclient.py -- tiny DNS client for the castnsd shell suites: builds
# queries, speaks UDP and TCP (framing, pipelining, stalls) and checks
# reply IDs and source addresses.  Each subcommand prints one line and
# exits 0 on success, 1 on failure.  Every socket operation has a timeout.
import socket
import struct
import sys
import time


def query(qid, name, qtype=1, qclass=1):
    wire = b""
    for label in name.rstrip(".").split("."):
        if label:
            wire += bytes([len(label)]) + label.encode()
    wire += b"\0"
    # RD clear; no EDNS.
    return struct.pack("!HHHHHH", qid, 0, 1, 0, 0, 0) + wire + \
        struct.pack("!HH", qtype, qclass)


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise EOFError("connection closed after %d of %d octets"
                           % (len(buf), n))
        buf += chunk
    return buf


def tcp_read_msg(s):
    (length,) = struct.unpack("!H", recv_exact(s, 2))
    return recv_exact(s, length)


def check_reply(msg, qid):
    if len(msg) < 12:
        raise ValueError("short reply")
    rid, flags = struct.unpack("!HH", msg[:4])
    if rid != qid or not flags & 0x8000:
        raise ValueError("reply id %d flags %#x, want id %d with QR"
                         % (rid, flags, qid))
    return flags & 0xF


def connect(addr, port, timeout=3):
    s = socket.socket(family(addr), socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect((addr, port))
    return s


def cmd_udp_source(addr, port, src, name):
    """Query addr from src with an unconnected socket: reply must come
    from addr exactly."""
    s = socket.socket(family(addr), socket.SOCK_DGRAM)
    s.settimeout(3)
    s.bind((src, 0))
    s.sendto(query(4242, name), (addr, port))
    msg, peer = s.recvfrom(4096)
    check_reply(msg, 4242)
    if peer[0] != addr or peer[1] != port:
        print("reply to %s came from %s port %d" % (addr, peer[0], peer[1]))
        return 1
    print("reply to %s from %s came from %s" % (addr, src, peer[0]))
    return 0


def cmd_pipeline(addr, port, name, count):
    """count queries in one write, then answers read back in order;
    then one query split into three writes (partial reads)."""
    s = connect(addr, port)
    count = int(count)
    data = b""
    for i in range(count):
        q = query(1000 + i, name)
        data += struct.pack("!H", len(q)) + q
    s.sendall(data)
    for i in range(count):
        check_reply(tcp_read_msg(s), 1000 + i)
    q = query(7, name)
    framed = struct.pack("!H", len(q)) + q
    for part in (framed[:1], framed[1:5], framed[5:]):
        s.sendall(part)
        time.sleep(0.05)
    check_reply(tcp_read_msg(s), 7)
    s.close()
    print("%d pipelined answers in order, split query answered" % count)
    return 0


def cmd_stall(addr, port, name, idle):
    """Stalled clients (silent, half a length, not reading) must not hold
    up a normal one; the idle ones are closed after about idle seconds."""
    idle = float(idle)
    t_conn = time.monotonic()
    silent = connect(addr, port)
    half = connect(addr, port)
    half.sendall(b"\x00")
    hog = connect(addr, port)
    hog.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    q = query(9, name)
    framed = struct.pack("!H", len(q)) + q
    hog.setblocking(False)
    sent = 0
    try:
        for _ in range(20000):
            sent += hog.send(framed)
    except BlockingIOError:
        pass
    t0 = time.monotonic()
    for i in range(5):
        c = connect(addr, port)
        q = query(100 + i, name)
        c.sendall(struct.pack("!H", len(q)) + q)
        check_reply(tcp_read_msg(c), 100 + i)
        c.close()
    t = time.monotonic() - t0
    if t > 2:
        print("normal client took %.2f s beside stalled ones" % t)
        return 1
    # The silent and the half-length clients are closed at the timeout.
    for s, what in ((silent, "silent"), (half, "half-length")):
        s.settimeout(idle + 3)
        t0 = time.monotonic()
        try:
            got = s.recv(10)
        except socket.timeout:
            print("%s client not closed within %.1f s" % (what, idle + 3))
            return 1
        except ConnectionResetError:
            got = b""
        if got != b"":
            print("%s client got data" % what)
            return 1
        closed = time.monotonic() - t_conn
        if closed < idle * 0.8:
            print("%s client closed after %.2f s, before the idle "
                  "timeout" % (what, closed))
            return 1
    print("5 clients answered in %.3f s beside 3 stalled; idle closed "
          "after %.2f s; hog had sent %d octets" % (t, closed, sent))
    hog.close()
    return 0


def cmd_full(addr, port, name, limit):
    """With limit connections open and idle, a new client is still served
    (the least recently active one makes room)."""
    limit = int(limit)
    idle = [connect(addr, port) for _ in range(limit)]
    time.sleep(0.2)
    c = connect(addr, port)
    q = query(55, name)
    c.sendall(struct.pack("!H", len(q)) + q)
    check_reply(tcp_read_msg(c), 55)
    idle[0].settimeout(3)
    try:
        got = idle[0].recv(10)
    except ConnectionResetError:
        got = b""
    if got != b"":
        print("oldest connection still open")
        return 1
    print("client %d served, oldest of %d closed" % (limit + 1, limit))
    for s in idle:
        s.close()
    c.close()
    return 0


def cmd_hammer(addr, port, name, seconds):
    """Sequential UDP queries for some seconds (while the caller reloads):
    every one must be answered, NOERROR."""
    s = socket.socket(family(addr), socket.SOCK_DGRAM)
    s.settimeout(1)
    s.connect((addr, port))
    end = time.monotonic() + float(seconds)
    sent = bad = 0
    while time.monotonic() < end:
        qid = sent & 0xFFFF
        s.send(query(qid, name))
        sent += 1
        try:
            while True:
                msg = s.recv(4096)
                if struct.unpack("!H", msg[:2])[0] == qid:
                    break
            if check_reply(msg, qid) != 0:
                bad += 1
        except socket.timeout:
            bad += 1
    print("%d queries during reloads, %d unanswered or failed" % (sent, bad))
    return 0 if bad == 0 and sent > 0 else 1


def main():
    cmds = {"udp-source": cmd_udp_source, "pipeline": cmd_pipeline,
            "stall": cmd_stall, "full": cmd_full, "hammer": cmd_hammer}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds:
        print("usage: dnsclient.py %s ARGS" % "|".join(cmds))
        return 2
    args = sys.argv[2:]
    if len(args) > 1:
        args[1] = int(args[1])
    try:
        return cmds[sys.argv[1]](*args)
    except (OSError, ValueError, EOFError) as e:
        print("%s failed: %s" % (sys.argv[1], e))
        return 1


if __name__ == "__main__":
    sys.exit(main())

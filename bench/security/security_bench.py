#!/usr/bin/env python3
"""Botdeck connection limits, measured against a running server (loopback only).

  idle     N connections that send nothing, N that trickle a byte every 10 s and N graphql-ws
           sockets that never send connection_init, spread over several loopback source
           addresses (127.0.0.2, ...: per-client caps apply per address); reports how long until
           the server closed each kind (the limits: botdeck.connections.idle-timeout,
           request-timeout, spring.graphql.websocket.connection-init-timeout).
  stalled  N log-stream readers that never read (4 KB receive buffer) on a session with a long
           log, replayed from the start; samples the server's RSS (needs --pid) until the server
           has disconnected them (botdeck.websocket.stall-timeout) and reports the peak.

Usage:
  python3 bench/security/security_bench.py idle --port 18411 --count 2000
  python3 bench/security/security_bench.py stalled --port 18411 --pid <server pid> --session <id> --count 300
"""
import argparse
import base64
import os
import selectors
import socket
import time


def sources(n):
    return ["127.0.0.%d" % (2 + i % 8) for i in range(n)]


def connect(port, source, rcvbuf=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.bind((source, 0))
    s.connect(("127.0.0.1", port))
    s.setblocking(False)
    return s


def handshake(port, path, protocol=None):
    key = base64.b64encode(os.urandom(16)).decode()
    extra = "Sec-WebSocket-Protocol: %s\r\n" % protocol if protocol else ""
    return ("GET %s HTTP/1.1\r\nHost: localhost:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n%s\r\n" % (path, port, key, extra)).encode()


def wait_closed(socks, limit_s, trickle=()):
    """Seconds after which each socket was closed by the server (None: still open at limit_s)."""
    sel = selectors.DefaultSelector()
    start = time.monotonic()
    closed = {}
    for kind, s in socks:
        sel.register(s, selectors.EVENT_READ, kind)
    next_trickle = start + 10
    while len(closed) < len(socks) and time.monotonic() - start < limit_s:
        for key, _ in sel.select(timeout=0.5):
            s = key.fileobj
            try:
                data = s.recv(65536)
            except (ConnectionResetError, OSError):
                data = b""
            if not data:
                closed[s] = (key.data, time.monotonic() - start)
                sel.unregister(s)
        if time.monotonic() >= next_trickle:
            next_trickle += 10
            for s in trickle:
                if s not in closed:
                    try:
                        s.send(b"x")
                    except OSError:
                        pass
    result = {}
    for kind, s in socks:
        result.setdefault(kind, []).append(closed.get(s, (kind, None))[1])
        s.close()
    return result


def idle(args):
    socks, trickle = [], []
    src = sources(args.count * 3)
    for i in range(args.count):
        socks.append(("silent", connect(args.port, src[i])))
    for i in range(args.count):
        s = connect(args.port, src[args.count + i])
        s.send(b"GET /sessions HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
        socks.append(("trickle", s))
        trickle.append(s)
    for i in range(args.count):
        s = connect(args.port, src[2 * args.count + i])
        s.send(handshake(args.port, "/graphql", "graphql-transport-ws"))
        socks.append(("graphql-ws without init", s))
    result = wait_closed(socks, args.limit, trickle)
    for kind, times in result.items():
        done = sorted(t for t in times if t is not None)
        print("%-26s %5d sockets: closed %5d, still open %d; closed after min %.1f s, median %.1f s, max %.1f s"
              % (kind, len(times), len(done), len(times) - len(done), done[0] if done else -1,
                 done[len(done) // 2] if done else -1, done[-1] if done else -1))


def rss_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return -1


def stalled(args):
    before = rss_mb(args.pid)
    socks = []
    src = sources(args.count)
    for i in range(args.count):
        s = connect(args.port, src[i], rcvbuf=4096)
        s.send(handshake(args.port, "/sessions/%s/logs/stream?%s" % (args.session, args.query)))
        socks.append(s)
    start = time.monotonic()
    peak, samples = before, []
    open_count = args.count
    while time.monotonic() - start < args.limit and open_count > 0:
        time.sleep(1)
        r = rss_mb(args.pid)
        peak = max(peak, r)
        samples.append(r)
        # the server's FIN waits behind the data the reader never read, so count the server's side
        open_count = server_side_established(args.port)
    elapsed = time.monotonic() - start
    time.sleep(2)
    after = rss_mb(args.pid)
    print("stalled readers %d: RSS before %.0f MB, peak %.0f MB (+%.0f MB, %.0f KB per reader), after %.0f MB; "
          "all disconnected by the server after %.0f s (%d still open)"
          % (args.count, before, peak, peak - before, (peak - before) * 1024 / args.count, after, elapsed, open_count))
    for s in socks:
        s.close()


def server_side_established(port):
    """Established connections of the server's port from the bench's source addresses (127.0.0.2-9)."""
    import subprocess
    out = subprocess.run(["ss", "-Htn", "state", "established", "( sport = :%d )" % port],
                         capture_output=True, text=True).stdout
    return sum(1 for line in out.splitlines() if any("127.0.0.%d]:" % i in line or " 127.0.0.%d:" % i in line for i in range(2, 10)))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["idle", "stalled"])
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--count", type=int, default=2000)
    p.add_argument("--limit", type=float, default=180)
    p.add_argument("--pid", type=int)
    p.add_argument("--session")
    p.add_argument("--query", default="tail=0")
    args = p.parse_args()
    idle(args) if args.mode == "idle" else stalled(args)


if __name__ == "__main__":
    main()

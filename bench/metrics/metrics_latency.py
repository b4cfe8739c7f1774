#!/usr/bin/env python3
"""Latency of a session's metrics and equity curve against a running Botdeck (loopback only).

  python3 bench/metrics/metrics_latency.py --base http://127.0.0.1:8080 [--requests 30] [--session ID]

Creates a one-year 1-minute XBTUSD TestBot backtest (the default parameters, about 36,000
trades), waits for it to complete, then times --requests sequential requests of each of
  REST    GET /sessions/:id/metrics
  REST    GET /sessions/:id/equity
  GraphQL session(id) { metrics { ... } equity { ... } }   (what the detail panel asks for)
after 3 unmeasured warm-up requests of each, and prints median, p90 and max in milliseconds.
The session is deleted at the end unless --keep. Prints figures; asserts nothing.
"""
import argparse
import json
import statistics
import time
import urllib.request

GRAPHQL = """query($id: ID!) { session(id: $id) {
  metrics { tradeCount wins losses totalPnl winRate maxDrawdown sharpe sortino profitFactor expectancy
            averageWin averageLoss averageDurationSeconds bestTrade worstTrade totalFees startingEquity equity }
  equity { time equity drawdownPercent } } }"""


def call(base, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"} if data else {})
    with urllib.request.urlopen(req, timeout=120) as resp:
        return resp.read()


def backtest(base):
    year_end = 1735689600  # 2025-01-01
    s = json.loads(call(base, "POST", "/sessions", {"type": "backtest", "market": "XBTUSD", "strategy": "TestBot",
                                                    "range_start": year_end - 365 * 24 * 3600, "range_end": year_end,
                                                    "name": "bench metrics latency"}))["session"]
    call(base, "POST", f"/sessions/{s['id']}/start")
    while True:
        cur = json.loads(call(base, "GET", f"/sessions/{s['id']}"))["session"]
        if cur["status"] != "running":
            break
        time.sleep(0.1)
    print(f"backtest {s['id']}: status {cur['status']}, {cur['trade_count']} trades")
    return s["id"]


def timed(label, n, request):
    for _ in range(3):
        request()
    samples = []
    size = 0
    for _ in range(n):
        t0 = time.perf_counter()
        size = len(request())
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    print(f"{label:<42} median {statistics.median(samples):8.1f} ms  p90 {samples[int(len(samples) * 0.9) - 1]:8.1f} ms  "
          f"max {samples[-1]:8.1f} ms  ({n} requests, {size:,} bytes each)")


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--base", default="http://127.0.0.1:8080")
    p.add_argument("--requests", type=int, default=30)
    p.add_argument("--session", help="time an existing session instead of creating the backtest")
    p.add_argument("--keep", action="store_true")
    a = p.parse_args()
    if not a.base.startswith(("http://127.", "http://localhost", "http://[::1]")):
        raise SystemExit("loopback targets only")
    sid = a.session or backtest(a.base)
    timed("REST GET /sessions/:id/metrics", a.requests, lambda: call(a.base, "GET", f"/sessions/{sid}/metrics"))
    timed("REST GET /sessions/:id/equity", a.requests, lambda: call(a.base, "GET", f"/sessions/{sid}/equity"))
    timed("GraphQL session { metrics equity }", a.requests,
          lambda: call(a.base, "POST", "/graphql", {"query": GRAPHQL, "variables": {"id": sid}}))
    if not a.session and not a.keep:
        call(a.base, "DELETE", f"/sessions/{sid}")

#!/usr/bin/env python3
"""End-to-end engine benchmark against a running Botdeck (loopback only).

  python3 bench/e2e/engine_e2e.py [--base http://127.0.0.1:8080] [--sessions 1000] [--watch 60]

1. One-year 1-minute backtest (525,600 candles): time from POST /start to status "completed",
   repeated --repeats times after --warmup unmeasured runs (a freshly started server compiles its
   hot paths during the first runs); prints each run, the median and the spread.
   With --server-pid (a local server), also the CPU seconds the server process used per run (user +
   system, from /proc): far less disturbed than wall time by other work on a shared machine.
2. --sessions live test sessions started at once; watches GET /sessions/health for --watch
   seconds and reports how many were ever stale, heartbeat age p50/max, and server RSS if local.
Everything it creates is stopped and deleted at the end. Prints figures; asserts nothing.
"""
import argparse
import json
import os
import statistics
import time
import urllib.request

def call(base, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"} if data else {})
    with urllib.request.urlopen(req, timeout=60) as resp:
        return json.loads(resp.read() or b"{}")

def cpu_seconds(pid):
    """User + system CPU seconds of a local process so far (Linux /proc)."""
    if not pid:
        return 0.0
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf(os.sysconf_names["SC_CLK_TCK"])
    return (int(fields[11]) + int(fields[12])) / ticks

def backtest(base, repeats, warmup=0, pid=None, lean=False):
    year_end = 1735689600  # 2025-01-01
    year_start = year_end - 365 * 24 * 3600
    times = []
    cpus = []
    for i in range(warmup + repeats):
        s = call(base, "POST", "/sessions", {"type": "backtest", "market": "XBTUSD", "strategy": "TestBot",
                                            "range_start": year_start, "range_end": year_end,
                                            "name": f"bench year backtest {i}",
                                            **({"lean_log": True} if lean else {})})["session"]
        t0 = time.perf_counter()
        c0 = cpu_seconds(pid)
        call(base, "POST", f"/sessions/{s['id']}/start")
        while True:
            cur = call(base, "GET", f"/sessions/{s['id']}")["session"]
            if cur["status"] != "running":
                break
            time.sleep(0.02)
        elapsed = time.perf_counter() - t0
        cpu = cpu_seconds(pid) - c0
        label = f"warm-up {i + 1}" if i < warmup else f"backtest run {i - warmup + 1}"
        if i >= warmup:
            times.append(elapsed)
            cpus.append(cpu)
        print(f"{label}: {cur['progress_total']} candles, status {cur['status']}, "
              f"{cur['trade_count']} trades, {elapsed:.2f} s start->completed"
              + (f", server CPU {cpu:.2f} s" if pid else ""))
        call(base, "DELETE", f"/sessions/{s['id']}")
    print(f"backtest median: {statistics.median(times):.2f} s over {repeats} runs "
          f"(min {min(times):.2f} s, max {max(times):.2f} s; target < 3 s)")
    if pid:
        print(f"server CPU per backtest: median {statistics.median(cpus):.2f} s (min {min(cpus):.2f} s, max {max(cpus):.2f} s)")

def live(base, n, watch):
    ids = []
    t0 = time.perf_counter()
    for i in range(n):
        market = ["XBTUSD", "ETHUSD", "SOLUSD"][i % 3]
        s = call(base, "POST", "/sessions", {"type": "test", "market": market, "strategy": "TestBot",
                                            "name": f"bench live {i}"})["session"]
        call(base, "POST", f"/sessions/{s['id']}/start")
        ids.append(s["id"])
    print(f"started {n} live sessions in {time.perf_counter() - t0:.1f} s")
    ever_stale = set()
    ages = []
    end = time.time() + watch
    while time.time() < end:
        health = call(base, "GET", "/sessions/health")["sessions"]
        mine = [h for h in health if h["id"] in set(ids)]
        for h in mine:
            ages.append(h["seconds_since_update"])
            if h["is_stale"]:
                ever_stale.add(h["id"])
        time.sleep(2)
    ages.sort()
    print(f"watched {watch} s: {len(ever_stale)} of {n} sessions ever stale; heartbeat age p50 "
          f"{ages[len(ages) // 2] if ages else 0} s, max {ages[-1] if ages else 0} s")
    for sid in ids:
        call(base, "POST", f"/sessions/{sid}/stop")
        call(base, "DELETE", f"/sessions/{sid}")

if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--base", default="http://127.0.0.1:8080")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--warmup", type=int, default=0, help="unmeasured backtests run first")
    p.add_argument("--sessions", type=int, default=1000)
    p.add_argument("--watch", type=int, default=60)
    p.add_argument("--skip-backtest", action="store_true")
    p.add_argument("--skip-live", action="store_true")
    p.add_argument("--server-pid", type=int, help="pid of the local server: report its CPU seconds per backtest")
    p.add_argument("--lean-log", action="store_true", help="backtests with a lean log (trade, warning and error lines only)")
    a = p.parse_args()
    if not a.base.startswith(("http://127.", "http://localhost", "http://[::1]")):
        raise SystemExit("loopback targets only")
    if not a.skip_backtest:
        backtest(a.base, a.repeats, a.warmup, a.server_pid, a.lean_log)
    if not a.skip_live:
        live(a.base, a.sessions, a.watch)

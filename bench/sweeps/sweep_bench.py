#!/usr/bin/env python3
"""Sweep benchmark against a running Botdeck (loopback only). Prints figures; asserts nothing.

  python3 bench/sweeps/sweep_bench.py --base http://127.0.0.1:8080 --data-dir /path/to/botdeck-data \
      [--steps single,small,large] [--large-cells 1000] [--repeats 5]

Steps (each prints its figures next to the issue's target):
  single  a one-year 1-minute TestBot backtest through the API, warm: POST /start to "completed",
          --warmup unmeasured runs first, then --repeats measured ones; median and spread.
  small   100 cells of one-month backtests (threshold x position_size, 10 x 10):
          POST /sweeps to status "completed".
  large   --large-cells cells of one-year backtests: POST /sweeps to "completed"; disk the sweep
          added under --data-dir (log, trade export, metrics, embedded database); both cores' busy
          share from /proc/stat while it ran; and, --probes times during it, how long a single
          one-year backtest started then takes from POST /start to its first replay progress.
Everything it creates is deleted at the end. The machine's load average is printed before and after.
"""
import argparse
import json
import os
import statistics
import subprocess
import time
import urllib.error
import urllib.request

YEAR_END = 1735689600  # 2025-01-01
YEAR_START = YEAR_END - 365 * 86400
MONTH_START = YEAR_END - 31 * 86400


def call(base, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"} if data else {})
    try:
        with urllib.request.urlopen(req, timeout=120) as resp:
            return json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as e:
        raise SystemExit(f"{method} {path} answered {e.code}: {e.read().decode(errors='replace')[:500]}")


def load():
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def cpu_times():
    with open("/proc/stat") as f:
        parts = f.readline().split()[1:]
    values = [int(x) for x in parts]
    idle = values[3] + values[4]
    return sum(values), idle


def disk(path):
    out = subprocess.run(["du", "-sb", path], capture_output=True, text=True)
    return int(out.stdout.split()[0]) if out.returncode == 0 and out.stdout else 0


def wait_sweep(base, sweep_id, report_every=10.0):
    last = 0.0
    while True:
        s = call(base, "GET", f"/sweeps/{sweep_id}")["sweep"]
        if s["status"] != "running":
            return s
        now = time.perf_counter()
        if now - last >= report_every:
            last = now
            print(f"  ... {s['cells_done']}/{s['cell_count']} done, {s['cells_running']} running, "
                  f"{s.get('candles_per_second')} candles/s, eta {s.get('eta_seconds')} s", flush=True)
        time.sleep(0.1)


def delete_sweep(base, sweep_id):
    call(base, "DELETE", f"/sweeps/{sweep_id}")


def single(base, repeats, warmup):
    times = []
    for i in range(warmup + repeats):
        s = call(base, "POST", "/sessions", {"type": "backtest", "market": "XBTUSD", "strategy": "TestBot",
                                            "range_start": YEAR_START, "range_end": YEAR_END,
                                            "name": f"sweep bench single {i}"})["session"]
        t0 = time.perf_counter()
        call(base, "POST", f"/sessions/{s['id']}/start")
        while True:
            cur = call(base, "GET", f"/sessions/{s['id']}")["session"]
            if cur["status"] != "running":
                break
            time.sleep(0.01)
        elapsed = time.perf_counter() - t0
        if i >= warmup:
            times.append(elapsed)
        print(f"{'warm-up' if i < warmup else 'run'} {i + 1}: {cur['status']}, {cur['trade_count']} trades, "
              f"{elapsed:.2f} s start->completed")
        call(base, "DELETE", f"/sessions/{s['id']}")
    print(f"single one-year backtest: median {statistics.median(times):.2f} s over {repeats} runs "
          f"(min {min(times):.2f}, max {max(times):.2f}; target <= 1 s)")


def grid(cells):
    # threshold (0..1) x position_size (integer >= 1): the closest to a square grid of `cells`
    side = max(1, int(round(cells ** 0.5)))
    while cells % side:
        side -= 1
    other = cells // side
    thresholds = [round(0.05 + i * (0.9 / max(1, side - 1)), 6) for i in range(side)]
    return {"threshold": thresholds, "position_size": {"from": 10, "to": 10 * other, "step": 10}}


def sweep(base, name, start, end, cells):
    body = {"name": name, "strategy": "TestBot", "market": "XBTUSD", "range_start": start, "range_end": end,
            "strategy_params": {}, "grid": grid(cells)}
    t0 = time.perf_counter()
    created = call(base, "POST", "/sweeps", body)["sweep"]
    return created, t0


def small(base):
    created, t0 = sweep(base, "bench 100 one-month cells", MONTH_START, YEAR_END, 100)
    done = wait_sweep(base, created["id"])
    elapsed = time.perf_counter() - t0
    print(f"100 one-month cells: {done['status']} ({done['cells_done']}/{done['cell_count']}, "
          f"{done['cells_failed']} failed) in {elapsed:.1f} s (target <= 10 s)")
    delete_sweep(base, created["id"])


def probe(base):
    s = call(base, "POST", "/sessions", {"type": "backtest", "market": "ETHUSD", "strategy": "TestBot",
                                        "range_start": YEAR_START, "range_end": YEAR_END,
                                        "name": "sweep bench probe"})["session"]
    t0 = time.perf_counter()
    call(base, "POST", f"/sessions/{s['id']}/start")
    while True:
        cur = call(base, "GET", f"/sessions/{s['id']}")["session"]
        if (cur.get("progress_done") or 0) > 0 or cur["status"] != "running":
            break
        time.sleep(0.05)
    began = time.perf_counter() - t0
    return s["id"], began


def large(base, cells, data_dir, probes):
    before_disk = disk(data_dir) if data_dir else 0
    busy0 = cpu_times()
    created, t0 = sweep(base, f"bench {cells} one-year cells", YEAR_START, YEAR_END, cells)
    probe_ids, waits = [], []
    next_probe = time.perf_counter() + 15
    while True:
        s = call(base, "GET", f"/sweeps/{created['id']}")["sweep"]
        if s["status"] != "running":
            break
        if len(waits) < probes and time.perf_counter() >= next_probe and s["cells_done"] < s["cell_count"] * 0.9:
            pid, waited = probe(base)
            probe_ids.append(pid)
            waits.append(waited)
            print(f"  a single backtest started during the sweep ({s['cells_done']}/{s['cell_count']} done) "
                  f"began replaying after {waited:.2f} s", flush=True)
            next_probe = time.perf_counter() + 30
        time.sleep(0.5)
    elapsed = time.perf_counter() - t0
    busy1 = cpu_times()
    total, idle = busy1[0] - busy0[0], busy1[1] - busy0[1]
    busy = 100.0 * (total - idle) / total if total else 0.0
    for pid in probe_ids:  # let the probes end before measuring the sweep's disk
        while call(base, "GET", f"/sessions/{pid}")["session"]["status"] == "running":
            time.sleep(0.2)
        call(base, "DELETE", f"/sessions/{pid}")
    added = (disk(data_dir) - before_disk) if data_dir else None
    print(f"{cells} one-year cells: {s['status']} ({s['cells_done']}/{s['cell_count']}, {s['cells_failed']} failed) "
          f"in {elapsed:.1f} s (target <= 300 s)")
    print(f"  CPU busy while it ran: {busy:.0f}% of all cores (target: both cores busy)")
    if added is not None:
        print(f"  disk added under {data_dir}: {added / 1e6:.0f} MB (target <= 2,000 MB)")
    if waits:
        print(f"  single backtest started during the sweep began after: median {statistics.median(waits):.2f} s, "
              f"max {max(waits):.2f} s over {len(waits)} (target <= 5 s)")
    delete_sweep(base, created["id"])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--base", default="http://127.0.0.1:8080")
    p.add_argument("--data-dir", help="the server's --botdeck.data-dir (for the disk figure)")
    p.add_argument("--steps", default="single,small,large")
    p.add_argument("--large-cells", type=int, default=1000)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--probes", type=int, default=3)
    a = p.parse_args()
    print(f"start: {load()}, {os.cpu_count()} cores")
    steps = a.steps.split(",")
    if "single" in steps:
        single(a.base, a.repeats, a.warmup)
    if "small" in steps:
        small(a.base)
    if "large" in steps:
        large(a.base, a.large_cells, a.data_dir, a.probes)
    print(f"end: {load()}")


if __name__ == "__main__":
    main()

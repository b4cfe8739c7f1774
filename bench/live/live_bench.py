#!/usr/bin/env python3
"""Many live sessions on one server: start rate, staleness, route latency, database statements, memory.

Starts N live TestBot sessions (mixed markets) through the public API, holds them running, and
meanwhile samples:
  - every session's heartbeat age from GET /sessions/health (ever stale? p50/max age);
  - the latency of GET /strategies, GET /sessions?status=running&limit=50, GET /sessions/health
    and the GraphQL `sessions` query from 10 concurrent connections (p50/p99 per route);
  - the database's statements per second (SHOW GLOBAL STATUS: Com_select/update/insert/delete),
    when --mysql names a client for the server's database;
  - the server's RSS (when --server-pid is given), before the sessions and while they run.
Then stops them one by one through the API and times it. Prints the figures with the load average.
Never asserts: the machine is shared; quote medians and the load.

Example (server on the machine's MariaDB, so its counters can be read):
  BOTDECK_DATABASE_HOST=127.0.0.1 BOTDECK_DATABASE_NAME=botdeck_live java -jar backend/target/botdeck.jar &
  python3 bench/live/live_bench.py --sessions 1000 --hold 120 --server-pid $! --mysql "mysql -h127.0.0.1 -uroot"
"""
import argparse
import concurrent.futures as cf
import http.client
import json
import os
import shlex
import statistics
import subprocess
import threading
import time
import urllib.parse

MARKETS = ["XBTUSD", "ETHUSD", "SOLUSD"]
GRAPHQL_SESSIONS = ('{"query": "{ sessions(filter: {statuses: [RUNNING]}, limit: 50) '
                    '{ total items { id name status totalPnl winRate health { isStale secondsSinceUpdate } } } }"}')

_local = threading.local()


def conn(base):
    """One keep-alive HTTP connection per thread."""
    c = getattr(_local, "conn", None)
    if c is None:
        u = urllib.parse.urlparse(base)
        c = http.client.HTTPConnection(u.hostname, u.port or 80, timeout=120)
        _local.conn = c
    return c


RETRIED = {"503": 0}


def call(base, method, path, body=None, raw=False, retry_503=True):
    """One request; a 503 is retried after its Retry-After (as a well-behaved client does), up to 10 times, and counted."""
    data = None if body is None else (body if isinstance(body, (bytes, str)) else json.dumps(body))
    headers = {"Content-Type": "application/json"} if data is not None else {}
    dropped = 0
    unavailable = 0
    while True:
        c = conn(base)
        try:
            c.request(method, path, body=data, headers=headers)
            resp = c.getresponse()
            payload = resp.read()
        except (http.client.HTTPException, ConnectionError):
            c.close()
            _local.conn = None
            dropped += 1
            if dropped > 1:
                raise
            continue
        if resp.status == 503 and retry_503 and unavailable < 10:
            unavailable += 1
            RETRIED["503"] += 1
            time.sleep(float(resp.getheader("Retry-After") or 1))
            continue
        if resp.status >= 400:
            raise RuntimeError(f"{method} {path}: HTTP {resp.status} {payload[:200]!r}")
        return payload if raw else json.loads(payload or b"{}")


def rss_mb(pid):
    if not pid:
        return None
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return None


def db_counters(mysql):
    if not mysql:
        return None
    out = subprocess.run(shlex.split(mysql) + ["-N", "-B", "-e",
                         "SHOW GLOBAL STATUS WHERE Variable_name IN "
                         "('Com_select','Com_update','Com_insert','Com_delete','Questions')"],
                         capture_output=True, text=True, check=True).stdout
    return {k: int(v) for k, v in (line.split("\t") for line in out.strip().splitlines())}


def per_second(a, b, seconds):
    if a is None or b is None:
        return "n/a (no --mysql)"
    return ", ".join(f"{k} {(b[k] - a[k]) / seconds:.0f}/s" for k in ("Com_select", "Com_update", "Com_insert", "Com_delete"))


def pct(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def start_sessions(base, n, workers, tag):
    def one(i):
        s = call(base, "POST", "/sessions", {"type": "test", "market": MARKETS[i % len(MARKETS)], "strategy": "TestBot",
                                             "name": f"{tag} {i}"})["session"]
        try:
            call(base, "POST", f"/sessions/{s['id']}/start")
        except RuntimeError as e:
            # a start retried after a 503 or a dropped connection may have been taken the first time
            if "HTTP 409" not in str(e) or "already running" not in str(e):
                raise
        return s["id"]
    t0 = time.perf_counter()
    with cf.ThreadPoolExecutor(workers) as pool:
        ids = list(pool.map(one, range(n)))
    return ids, time.perf_counter() - t0


def sample_latency(base, seconds, clients):
    routes = {
        "GET /strategies": ("GET", "/strategies", None),
        "GET /sessions?status=running&limit=50": ("GET", "/sessions?status=running&limit=50", None),
        "GET /sessions/health": ("GET", "/sessions/health", None),
        "POST /graphql sessions": ("POST", "/graphql", GRAPHQL_SESSIONS),
    }
    times = {name: [] for name in routes}
    errors = {name: 0 for name in routes}
    end = time.time() + seconds
    names = list(routes)

    def loop(k):
        i = k
        while time.time() < end:
            name = names[i % len(names)]
            method, path, body = routes[name]
            t0 = time.perf_counter()
            try:
                call(base, method, path, body, raw=True, retry_503=False)
                times[name].append((time.perf_counter() - t0) * 1000)
            except Exception:  # noqa: BLE001 - counted and reported
                errors[name] += 1
            i += 1
    with cf.ThreadPoolExecutor(clients) as pool:
        list(pool.map(loop, range(clients)))
    return times, errors


def watch_health(base, ids, seconds, every, stop_event, result):
    mine = set(ids)
    ever_stale, ages = set(), []
    end = time.time() + seconds
    while time.time() < end and not stop_event.is_set():
        try:
            health = call(base, "GET", "/sessions/health")["sessions"]
        except Exception:  # noqa: BLE001
            time.sleep(every)
            continue
        seen = 0
        for h in health:
            if h["id"] in mine:
                seen += 1
                ages.append(h["seconds_since_update"])
                if h["is_stale"]:
                    ever_stale.add(h["id"])
        result["missing"] = max(result.get("missing", 0), len(mine) - seen)
        time.sleep(every)
    result["ever_stale"] = ever_stale
    result["ages"] = ages


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--base", default="http://127.0.0.1:8080")
    p.add_argument("--sessions", type=int, default=1000)
    p.add_argument("--hold", type=int, default=120, help="seconds the sessions run while being sampled")
    p.add_argument("--start-workers", type=int, default=16, help="concurrent create+start requests")
    p.add_argument("--clients", type=int, default=10, help="concurrent connections sampling route latency")
    p.add_argument("--server-pid", type=int)
    p.add_argument("--mysql", help='client command for the server\'s database, e.g. "mysql -h127.0.0.1 -uroot"')
    p.add_argument("--keep", action="store_true", help="leave the sessions running (no stop, no delete)")
    a = p.parse_args()
    tag = f"live bench {int(time.time())}"
    print(f"live_bench: {a.sessions} sessions, hold {a.hold} s, load average at start {os.getloadavg()}")

    rss0 = rss_mb(a.server_pid)
    c0 = db_counters(a.mysql)
    time.sleep(10)
    c1 = db_counters(a.mysql)
    print(f"idle server: RSS {rss0 and round(rss0)} MB; database {per_second(c0, c1, 10)}")

    ids, took = start_sessions(a.base, a.sessions, a.start_workers, tag)
    print(f"started {len(ids)} live sessions in {took:.1f} s ({len(ids) / took:.0f} sessions/s) "
          f"with {a.start_workers} concurrent requests, {RETRIED['503']} answers 503 retried after Retry-After; "
          f"load average {os.getloadavg()}")

    # settle, then sample the database while nothing but the sessions runs
    time.sleep(min(15, a.hold // 4))
    d0, t0 = db_counters(a.mysql), time.time()
    time.sleep(20)
    d1, t1 = db_counters(a.mysql), time.time()
    print(f"{len(ids)} running, nothing else asked: database {per_second(d0, d1, t1 - t0)}; load average {os.getloadavg()}")

    health = {}
    stop_event = threading.Event()
    watcher = threading.Thread(target=watch_health, args=(a.base, ids, a.hold, 5, stop_event, health))
    watcher.start()
    times, errors = sample_latency(a.base, a.hold, a.clients)
    stop_event.set()
    watcher.join()
    rss1 = rss_mb(a.server_pid)
    print(f"route latency over {a.hold} s from {a.clients} connections while {len(ids)} sessions run "
          f"(load average {os.getloadavg()}):")
    for name, ts in times.items():
        print(f"  {name:42s} n={len(ts):6d}  p50 {pct(ts, 50):7.1f} ms  p99 {pct(ts, 99):7.1f} ms  max {max(ts) if ts else 0:7.1f} ms"
              f"  errors {errors[name]}")
    ages = health.get("ages", [])
    print(f"heartbeats: {len(health.get('ever_stale', ()))} of {len(ids)} ever stale; age p50 {pct(ages, 50)} s, "
          f"max {max(ages) if ages else 'n/a'} s; at most {health.get('missing', 0)} missing from /sessions/health")
    if rss0 and rss1:
        print(f"server RSS {rss1:.0f} MB running ({(rss1 - rss0) / len(ids) * 1000:.0f} MB per 1,000 sessions above the idle {rss0:.0f} MB)")

    if a.keep:
        return
    def stop(sid):
        try:
            call(a.base, "POST", f"/sessions/{sid}/stop")
        except RuntimeError as e:
            # a stop retried after a 503 or a dropped connection may have been taken the first time
            if "HTTP 409" not in str(e) or "session is stopped" not in str(e):
                raise
    t0 = time.perf_counter()
    with cf.ThreadPoolExecutor(a.start_workers) as pool:
        list(pool.map(stop, ids))
    print(f"stopped {len(ids)} one by one through the API in {time.perf_counter() - t0:.1f} s "
          f"({a.start_workers} concurrent requests)")
    with cf.ThreadPoolExecutor(a.start_workers) as pool:
        list(pool.map(lambda sid: call(a.base, "DELETE", f"/sessions/{sid}"), ids))


if __name__ == "__main__":
    main()

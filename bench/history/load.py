#!/usr/bin/env python3
"""History load harness: runs wrk (20 connections by default) against every History query shape
of a running Botdeck, over REST and GraphQL, first page and page 50, and prints p50/p99 and
requests/s of each next to GET /strategies measured in the same run (before, between and after
the shapes). Also POST /sessions, the trades of the session with the most trades (first page and
a page deep in the list) and the cursor-paged queries. Bounded: each shape runs --seconds.

  python3 bench/history/load.py --base http://127.0.0.1:18410 [--seconds 5] [--connections 20]

Needs wrk (apt-get install -y wrk) and a database seeded with bench/history/seed.sh.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
PAGE = 20
DEEP = 49 * PAGE  # page 50

FINISHED = "stopped,completed,failed"
GQL_FINISHED = ["STOPPED", "COMPLETED", "FAILED"]


def shapes(now):
    """(name, REST query, GraphQL filter, GraphQL sort)."""
    week, month = now - 7 * 86400, now - 30 * 86400
    iso = lambda t: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))
    return [
        ("all, newest first", "", {}, None),
        ("finished, newest stop first", f"status={FINISHED}&sort=stopped_at:desc",
         {"statuses": GQL_FINISHED}, ("STOPPED_AT", "DESC")),
        ("finished backtests, newest stop", f"status={FINISHED}&type=backtest&sort=stopped_at:desc",
         {"statuses": GQL_FINISHED, "types": ["BACKTEST"]}, ("STOPPED_AT", "DESC")),
        ("finished on ETHUSD, newest stop", f"status={FINISHED}&market=ETHUSD&sort=stopped_at:desc",
         {"statuses": GQL_FINISHED, "markets": ["ETHUSD"]}, ("STOPPED_AT", "DESC")),
        ("failed DOGE scrapers (rare)", "status=failed&type=scraper&market=DOGEUSD&sort=stopped_at:desc",
         {"statuses": ["FAILED"], "types": ["SCRAPER"], "markets": ["DOGEUSD"]}, ("STOPPED_AT", "DESC")),
        ("last 7 days, newest stop", f"status={FINISHED}&stopped_after={week}&sort=stopped_at:desc",
         {"statuses": GQL_FINISHED, "stoppedAfter": iso(week)}, ("STOPPED_AT", "DESC")),
        ("last 7 days by PnL", f"status={FINISHED}&stopped_after={week}&sort=total_pnl:desc",
         {"statuses": GQL_FINISHED, "stoppedAfter": iso(week)}, ("TOTAL_PNL", "DESC")),
        ("last 30 days, BTC/ETH tests by name", f"status={FINISHED}&stopped_after={month}&type=test&market=XBTUSD%2BETHUSD&sort=name:asc",
         {"statuses": GQL_FINISHED, "stoppedAfter": iso(month), "types": ["TEST"], "markets": ["XBTUSD+ETHUSD"]}, ("NAME", "ASC")),
        ("created in the last 7 days", f"created_after={week}",
         {"createdAfter": iso(week)}, None),
        ("finished by PnL", f"status={FINISHED}&sort=total_pnl:desc",
         {"statuses": GQL_FINISHED}, ("TOTAL_PNL", "DESC")),
        ("backtests by win rate asc", "type=backtest&sort=win_rate:asc",
         {"types": ["BACKTEST"]}, ("WIN_RATE", "ASC")),
        ("SOLUSD by trade count", "market=SOLUSD&sort=trade_count:desc",
         {"markets": ["SOLUSD"]}, ("TRADE_COUNT", "DESC")),
        ("all by name", "sort=name:asc", {}, ("NAME", "ASC")),
        ("search 'breakout' (notes)", "search=breakout", {"search": "breakout"}, None),
        ("search '12345' (a number)", "search=12345", {"search": "12345"}, None),
        ("search 'momentum' + 30 days", f"search=momentum&stopped_after={month}&sort=stopped_at:desc",
         {"search": "momentum", "stoppedAfter": iso(month)}, ("STOPPED_AT", "DESC")),
        ("search 'sol' (frequent)", "search=sol", {"search": "sol"}, None),
    ]


SESSION_FIELDS = "id name type market status createdAt stoppedAt totalPnl winRate tradeCount"


def gql_offset(filter_, sort, offset):
    sort_arg = f", sort: {{field: {sort[0]}, direction: {sort[1]}}}" if sort else ""
    q = (f"query($f: SessionFilter) {{ sessions(filter: $f, limit: {PAGE}, offset: {offset}{sort_arg}) "
         f"{{ total totalIsLowerBound items {{ {SESSION_FIELDS} }} }} }}")
    return json.dumps({"query": q, "variables": {"f": filter_}})


def gql_connection(filter_, sort, after):
    sort_arg = f", sort: {{field: {sort[0]}, direction: {sort[1]}}}" if sort else ""
    q = (f"query($f: SessionFilter, $a: String) {{ sessionsConnection(filter: $f, first: {PAGE}, after: $a{sort_arg}) "
         f"{{ edges {{ cursor node {{ {SESSION_FIELDS} }} }} pageInfo {{ hasNextPage endCursor }} }} }}")
    return json.dumps({"query": q, "variables": {"f": filter_, "a": after}})


def post(base, path, body):
    req = urllib.request.Request(base + path, data=body.encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())


def cursor_at_page_50(base, filter_, sort):
    after = None
    for _ in range(49):
        answer = post(base, "/graphql", gql_connection(filter_, sort, after))
        if not answer.get("data"):
            print(f"  (no cursor for page 50: {answer.get('errors')})", flush=True)
            return None
        data = answer["data"]["sessionsConnection"]
        if not data["pageInfo"]["hasNextPage"]:
            return None
        after = data["pageInfo"]["endCursor"]
    return after


def wrk(url, seconds, connections, method="GET", body=""):
    env = dict(os.environ, METHOD=method, BODY=body)
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s",
                          "-s", os.path.join(HERE, "post.lua"), url],
                         env=env, capture_output=True, text=True, timeout=seconds + 60).stdout
    def ms(label):
        m = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not m:
            return float("nan")
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    bad = re.search(r"^BAD (\d+)", out, re.M)
    timeouts = re.search(r"timeout (\d+)", out)
    return {"p50": ms("50"), "p99": ms("99"), "rps": float(rps.group(1)) if rps else 0.0,
            "bad": int(bad.group(1)) if bad else -1, "timeouts": int(timeouts.group(1)) if timeouts else 0}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", default="http://127.0.0.1:18410")
    ap.add_argument("--seconds", type=int, default=5)
    ap.add_argument("--connections", type=int, default=20)
    ap.add_argument("--only", default="", help="run only shapes whose name contains this")
    ap.add_argument("--from-shape", type=int, default=0, help="start at this shape (0-based), e.g. to finish a run")
    a = ap.parse_args()
    base, sec, conn = a.base, a.seconds, a.connections
    now = int(time.time())
    rows = []

    def run(name, api, page, url, method="GET", body=""):
        wrk(url, 1, conn, method, body)  # warm up
        r = wrk(url, sec, conn, method, body)
        r.update(name=name, api=api, page=page)
        rows.append(r)
        print(f"{name:40s} {api:8s} {page:6s} p50 {r['p50']:8.1f} ms  p99 {r['p99']:8.1f} ms  {r['rps']:8.0f} req/s"
              f"  bad {r['bad']} timeouts {r['timeouts']}  load {os.getloadavg()[0]:.1f}", flush=True)
        return r

    baselines = [run("GET /strategies (baseline)", "REST", "-", base + "/strategies")]
    for i, (name, rest, filt, sort) in enumerate(shapes(now)):
        if (a.only and a.only not in name) or i < a.from_shape:
            continue
        sep = "&" if rest else ""
        run(name, "REST", "1", f"{base}/sessions?{rest}{sep}limit={PAGE}")
        run(name, "REST", "50", f"{base}/sessions?{rest}{sep}limit={PAGE}&offset={DEEP}")
        run(name, "GraphQL", "1", base + "/graphql", "POST", gql_offset(filt, sort, 0))
        run(name, "GraphQL", "50", base + "/graphql", "POST", gql_offset(filt, sort, DEEP))
        run(name, "cursor", "1", base + "/graphql", "POST", gql_connection(filt, sort, None))
        after = cursor_at_page_50(base, filt, sort)
        if after:
            run(name, "cursor", "50", base + "/graphql", "POST", gql_connection(filt, sort, after))
        if i % 6 == 5:
            baselines.append(run("GET /strategies (baseline)", "REST", "-", base + "/strategies"))

    if not a.only:
        big = json.loads(urllib.request.urlopen(base + "/sessions?sort=trade_count:desc&limit=1").read())["sessions"][0]
        total = json.loads(urllib.request.urlopen(f"{base}/sessions/{big['id']}/trades?limit=1").read())["total"]
        tname = f"trades of a session with {total:,}"
        run(tname, "REST", "1", f"{base}/sessions/{big['id']}/trades?limit=50")
        run(tname, "REST", "deep", f"{base}/sessions/{big['id']}/trades?limit=50&offset={total // 2}")
        tq = ("query($id: ID!) { session(id: $id) { tradesConnection(first: 50) { edges { node { tradeNo pnl } } "
              "pageInfo { endCursor } } } }")
        run(tname, "cursor", "1", base + "/graphql", "POST", json.dumps({"query": tq, "variables": {"id": big["id"]}}))
        run("POST /sessions (create)", "REST", "-", base + "/sessions", "POST",
            json.dumps({"type": "backtest", "market": "ETHUSD", "strategy": "TestBot",
                        "range_start": 1700000000, "range_end": 1700086400}))
        baselines.append(run("GET /strategies (baseline)", "REST", "-", base + "/strategies"))

    base_rps = sorted(b["rps"] for b in baselines)[len(baselines) // 2]
    print()
    print(f"baseline GET /strategies: median {base_rps:.0f} req/s over {len(baselines)} runs; target p99 <= 50 ms "
          f"(POST /sessions <= 20 ms) and >= {base_rps / 4:.0f} req/s (a quarter of the baseline)")
    print(f"{'shape':40s} {'api':8s} {'page':6s} {'p50 ms':>8s} {'p99 ms':>8s} {'req/s':>8s} {'x base':>7s}  verdict")
    for r in rows:
        if "baseline" in r["name"]:
            continue
        limit = 20 if r["name"].startswith("POST") else 50
        ok = r["p99"] <= limit and r["rps"] >= base_rps / 4 and r["bad"] == 0
        print(f"{r['name']:40s} {r['api']:8s} {r['page']:6s} {r['p50']:8.1f} {r['p99']:8.1f} {r['rps']:8.0f} "
              f"{r['rps'] / base_rps:7.2f}  {'ok' if ok else 'MISSED'}{'' if r['bad'] == 0 else ' (errors: %d)' % r['bad']}")


if __name__ == "__main__":
    sys.exit(main())

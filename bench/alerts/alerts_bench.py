#!/usr/bin/env python3
"""Alerts benchmark: (1) stale -> webhook latency with N sessions going stale at once, and
(2) the CPU the alert evaluation costs with 1,000 live sessions and the default rules.

Starts Botdeck itself (the packaged jar) on the machine's MariaDB (127.0.0.1:3306, root, no
password, database botdeck_bench_alerts, emptied first) and a webhook receiver on loopback. Ports
in 18800-18899. Sessions are seeded straight into the sessions table as `running` with no run in
the process: bots that heartbeat through the database (their heartbeats are `UPDATE`s of
`last_updated`), so that what is measured is the evaluation, not the bots.

  flock /tmp/botdeck-bench.lock python3 bench/alerts/alerts_bench.py [--rounds 5] [--sessions 100]
      [--live 1000] [--cpu-seconds 60] [--jar backend/target/botdeck.jar]

Part 1: a stale rule (threshold T = 10 s) sends to the receiver. Each round seeds N running
sessions with one heartbeat time H (whole seconds, as the column stores it), then none: each
passes its threshold at H + T + 1 s (the age in whole seconds must exceed T). Latency = when the
receiver got the message naming the session - that moment. Prints p50/p99/max over every session
of every round (target: p99 <= 5 s).

Part 2: L running sessions heartbeating every 10 s (one UPDATE per second for a tenth of them),
the two default rules on (stale, failed; scope type=test). CPU time of the Botdeck process (utime +
stime from /proc) over --cpu-seconds, measured twice in the same run: with the evaluation running
(botdeck.alerts.evaluate-every=1s) and with it idle (evaluate-every=1h); the difference, as a
share of one core, is what the evaluation costs (target < 2 %). The database server's CPU is
reported beside it, for the query the evaluation runs.
"""
import argparse
import http.server
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
import uuid

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DB = "botdeck_bench_alerts"
APP_PORT = 18810
HOOK_PORT = 18811
TICKS = os.sysconf("SC_CLK_TCK")


def sql(statement):
    out = subprocess.run(["mariadb", "-h127.0.0.1", "-uroot", "--batch", "--skip-column-names", DB],
                         input=statement, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit("SQL failed: " + out.stderr)
    return out.stdout


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def mariadbd_pid():
    out = subprocess.run(["pgrep", "-x", "mariadbd"], capture_output=True, text=True).stdout.split()
    return int(out[0]) if out else None


class Receiver(http.server.BaseHTTPRequestHandler):
    got = []  # (time received, body)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        Receiver.got.append((time.time(), json.loads(body)))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


def api(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{APP_PORT}{path}", data=data, method=method,
                                 headers={"Content-Type": "application/json"} if data else {})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


def start_app(jar, evaluate_every):
    log = open(os.path.join(ROOT, "target", f"bench-alerts-app-{evaluate_every}.log"), "w")
    app = subprocess.Popen(["java", "-jar", jar, f"--server.port={APP_PORT}", "--botdeck.database.host=127.0.0.1",
                            f"--botdeck.database.name={DB}", "--botdeck.data-dir=target/bench-alerts-data",
                            f"--botdeck.alerts.evaluate-every={evaluate_every}", "--logging.level.root=warn"],
                           cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 180
    while time.time() < deadline:
        if app.poll() is not None:
            raise SystemExit(f"the app exited while starting; see {log.name}")
        try:
            api("GET", "/strategies")
            return app
        except Exception:
            time.sleep(0.5)
    app.terminate()
    raise SystemExit("the app did not start within 180 s")


def stop_app(app):
    app.terminate()
    try:
        app.wait(60)
    except subprocess.TimeoutExpired:
        app.kill()


def seed(n, prefix, heartbeat_sql):
    values = []
    for i in range(n):
        values.append(f"('{uuid.uuid4()}', '{prefix} {i}', 'test', 'XBTUSD', 'TestBot', "
                      f"'{{\"threshold\": 0.5, \"position_size\": 100}}', 'running', UTC_TIMESTAMP(), UTC_TIMESTAMP(), {heartbeat_sql})")
    sql("INSERT INTO sessions (id, name, type, market, strategy, strategy_params, status, created_at, started_at, "
        "last_updated) VALUES " + ", ".join(values) + ";")


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def latency(jar, rounds, n):
    threshold = 10
    app = start_app(jar, "1s")
    try:
        channel = api("POST", "/alert-channels", {"name": "bench hook", "type": "webhook",
                                                  "url": f"http://127.0.0.1:{HOOK_PORT}/hook"})["channel"]["id"]
        api("POST", "/alert-rules", {"name": "bench stale", "kind": "stale", "threshold": threshold,
                                     "scope": {"strategy": "TestBot", "market": "XBTUSD"}, "channels": [channel]})
        samples = []
        for r in range(rounds):
            Receiver.got.clear()
            sql("DELETE FROM sessions;")
            # one heartbeat time for all, in whole seconds: the moment each passes its threshold is exact
            now = int(time.time())
            seed(n, f"bench r{r}", f"FROM_UNIXTIME({now})")
            crossing = now + threshold + 1
            deadline = time.time() + threshold + 30
            named = {}
            while time.time() < deadline and len(named) < n:
                for at, body in list(Receiver.got):
                    if body.get("episode") == "started" and body.get("rule", {}).get("name") == "bench stale":
                        for s in body["sessions"]:
                            named.setdefault(s["id"], at)
                time.sleep(0.05)
            if len(named) < n:
                raise SystemExit(f"round {r}: the receiver heard of {len(named)} of {n} sessions")
            lat = [at - crossing for at in named.values()]
            messages = sum(1 for _, b in Receiver.got if b.get("episode") == "started")
            print(f"  round {r + 1}: {n} sessions in {messages} message(s); latency min {min(lat):.2f} s, max {max(lat):.2f} s")
            samples += lat
        sql("DELETE FROM sessions;")
        print(f"stale -> webhook, {n} sessions at once x {rounds} rounds: p50 {pct(samples, 50):.2f} s, "
              f"p99 {pct(samples, 99):.2f} s, max {max(samples):.2f} s (target p99 <= 5 s)")
    finally:
        stop_app(app)


def cpu(jar, live, seconds):
    results = {}
    for mode in ("1h", "1s"):
        sql("DELETE FROM sessions;")
        seed(live, "live", "UTC_TIMESTAMP()")
        app = start_app(jar, mode)
        stop = threading.Event()

        def heartbeats():
            # every session heartbeats every 10 s: a tenth of them each second
            k = 0
            while not stop.is_set():
                sql(f"UPDATE sessions SET last_updated = UTC_TIMESTAMP() WHERE status = 'running' AND row_no % 10 = {k % 10};")
                k += 1
                stop.wait(1)

        beat = threading.Thread(target=heartbeats, daemon=True)
        beat.start()
        try:
            time.sleep(15)  # warm up
            db = mariadbd_pid()
            a0, d0, t0 = cpu_seconds(app.pid), cpu_seconds(db) if db else 0, time.time()
            time.sleep(seconds)
            a1, d1, t1 = cpu_seconds(app.pid), cpu_seconds(db) if db else 0, time.time()
            results[mode] = ((a1 - a0) / (t1 - t0) * 100, (d1 - d0) / (t1 - t0) * 100)
            open_alerts = api("GET", "/alerts?state=open&limit=200")["alerts"]
            print(f"  evaluate-every={mode}: Botdeck {results[mode][0]:.2f} % of a core, mariadbd {results[mode][1]:.2f} %"
                  f" ({len(open_alerts)} open alerts)")
        finally:
            stop.set()
            beat.join()
            stop_app(app)
    on, off = results["1s"], results["1h"]
    print(f"evaluation of {live} live sessions, default rules: Botdeck +{on[0] - off[0]:.2f} % of one core, "
          f"database +{on[1] - off[1]:.2f} % (target < 2 %)")
    sql("DELETE FROM sessions;")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--sessions", type=int, default=100)
    p.add_argument("--live", type=int, default=1000)
    p.add_argument("--cpu-seconds", type=int, default=60)
    p.add_argument("--jar", default=os.path.join(ROOT, "backend", "target", "botdeck.jar"))
    a = p.parse_args()
    if not os.path.exists(a.jar):
        raise SystemExit(f"{a.jar} is missing: ./mvnw -B -ntp -DskipTests package")
    os.makedirs(os.path.join(ROOT, "target"), exist_ok=True)
    subprocess.run(["mariadb", "-h127.0.0.1", "-uroot", "-e",
                    f"DROP DATABASE IF EXISTS {DB}; CREATE DATABASE {DB}"], check=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", HOOK_PORT), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"load average: {os.getloadavg()}")
    latency(a.jar, a.rounds, a.sessions)
    cpu(a.jar, a.live, a.cpu_seconds)
    print(f"load average: {os.getloadavg()}")
    server.shutdown()


if __name__ == "__main__":
    main()

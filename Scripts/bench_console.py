#!/usr/bin/env python3
"""Load test of the web console (SPEC §13, issue 20): `footfall serve` over the reports benchmark's 30-day store,
on loopback, with 8 clients.

  python3 Scripts/bench_console.py [--store bench-data/month-store] [--footfall .build/release/footfall]
      [--clients 8] [--rounds 20] [--write]

What it does:
1. Makes a users file with one admin (`footfall users add`, password on standard input) and an API token
   (`footfall users token`), and starts `footfall serve --listen 127.0.0.1:0` (it prints its URL).
2. Fresh: each page (`/reports/NAME`, every report of every role, with and without a device filter and
   `compare=previous`) and each API route (`/api/v1/reports/NAME`) once, one at a time: the first request of the
   version, which makes the report.
3. Load: `--clients` threads, each with its own keep-alive connection and the token, request every route
   `--rounds` times in its own shuffled order. Latency is from sending the request to the last byte of the body.
4. The server's peak memory (VmHWM of /proc/PID/status) and the largest page's size.

Goal (issue 20): every page's data in ≤ 100 ms at the 95th percentile after the first request of a version; one
page's HTML under 300 KB. Personal pages (customer sheet, retention-watch, the conversions JSON with member ids) are
cached like the others, but each view of them also appends a line to the access log.

With --write, the section between `<!-- console-benchmark:start -->` and `<!-- console-benchmark:end -->` of
BENCHMARKS.md is replaced (appended if absent). The table is always printed. Standard library only.
"""
import argparse
import http.client
import os
import random
import shlex
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # store_tables
import urllib.parse

sys.dont_write_bytecode = True
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARKER = "console-benchmark"
GOAL_P95_MS = 100
GOAL_PAGE_KB = 300

AGGREGATE = ["overview", "segments", "profile", "groups", "pages", "paths", "funnel", "campaigns", "referrers", "logins",
             "conversions", "hours", "status", "bots"]
PERSONAL = ["customer", "retention-watch"]


def machine():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = ""
    try:
        with open("/proc/meminfo") as meminfo:
            kb = int(meminfo.readline().split()[1])
            memory = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{model}, {os.cpu_count()} cores{memory}, Linux {os.uname().release}"


def peak_memory_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, int(round(fraction * len(ordered) + 0.5)) - 1))
    return ordered[index]


def routes(member, funnel):
    """(label, path, personal) of every route the load test requests."""
    result = []
    for name in AGGREGATE + PERSONAL:
        query = {}
        if name == "customer":
            query["arg"] = member
        if name == "funnel" and funnel:
            query["arg"] = funnel
        personal = name in PERSONAL
        base = "/" if name == "overview" else f"/reports/{name}"
        result.append((f"page {name}", base + ("?" + urllib.parse.urlencode(query) if query else ""), personal))
        result.append((f"api {name}", f"/api/v1/reports/{name}" + ("?" + urllib.parse.urlencode(query) if query else ""), personal))
    for name in ("overview", "segments", "campaigns"):
        base = "/" if name == "overview" else f"/reports/{name}"
        result.append((f"page {name} device=mobile", base + "?device=mobile", False))
        result.append((f"page {name} compare=previous", base + "?preset=7d&compare=previous", False))
    result.append(("page versions", "/admin/versions", False))
    return result


def request(connection, path, token):
    started = time.perf_counter()
    connection.request("GET", path, headers={"Authorization": f"Bearer {token}", "Accept-Language": "ko-KR"})
    response = connection.getresponse()
    body = response.read()
    return time.perf_counter() - started, response.status, len(body)


def start_server(args, folder):
    users = os.path.join(folder, "users.toml")
    password = "bench-password-" + str(random.randrange(10**9))
    subprocess.run([args.footfall, "users", "add", "bench", "--role", "admin", "--users", users], input=password + "\n",
                   text=True, check=True, capture_output=True)
    token = subprocess.run([args.footfall, "users", "token", "bench", "--users", users], text=True, check=True,
                           capture_output=True).stdout.strip().split()[-1]
    server = subprocess.Popen([args.footfall, "serve", "--store", args.store, "--config", args.config, "--users", users,
                               "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = server.stdout.readline()
    if "http://" not in line:
        server.kill()
        sys.exit(f"the console did not start: {line}{server.stderr.read()}")
    url = urllib.parse.urlparse(line[line.index("http://"):].split()[0])
    return server, url.hostname, url.port, token


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", default=os.path.join(ROOT, "bench-data", "month-store"))
    parser.add_argument("--footfall", default=os.path.join(ROOT, ".build", "release", "footfall"))
    parser.add_argument("--config", default=os.path.join(ROOT, "SampleLogs", "site.toml"))
    parser.add_argument("--member", help="the member of the customer sheet (default: the member with the most visits)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=20, help="times each client requests every route (default 20)")
    parser.add_argument("--write", action="store_true", help="write the section of BENCHMARKS.md")
    args = parser.parse_args()
    if not os.path.isdir(args.store):
        sys.exit(f"{args.store}: no store (Scripts/bench_reports.py makes it)")

    member = args.member
    if not member:
        # The member with the most visits, customers.csv's grades first (as the reports benchmark picks it).
        import duckdb
        import store_tables
        visits = store_tables.relation(args.store, "visits")
        member = duckdb.sql(f"""select member_id from {visits} where member_id is not null
            group by member_id order by max(grade) is null, count(*) desc, member_id limit 1""").fetchall()[0][0]
    funnel = None
    try:
        import tomllib
        with open(args.config, "rb") as config:
            funnels = tomllib.load(config).get("funnels", [])
            # [[funnels]] tables with a name (SPEC §11), or a [funnels] table of names.
            funnel = (funnels[0].get("name") if funnels else None) if isinstance(funnels, list) else next(iter(funnels), None)
    except (ImportError, OSError):
        pass

    folder = tempfile.mkdtemp(prefix="footfall-bench-console-")
    server, host, port, token = start_server(args, folder)
    try:
        all_routes = routes(member, funnel)
        fresh = {}
        sizes = {}
        connection = http.client.HTTPConnection(host, port, timeout=120)
        for label, path, _ in all_routes:
            elapsed, status, size = request(connection, path, token)
            if status != 200:
                sys.exit(f"{label} ({path}): HTTP {status}")
            fresh[label] = elapsed
            sizes[label] = size
        connection.close()

        latencies = {label: [] for label, _, _ in all_routes}
        failures = []
        lock = threading.Lock()

        def client(seed):
            rng = random.Random(seed)
            conn = http.client.HTTPConnection(host, port, timeout=120)
            order = [route for _ in range(args.rounds) for route in all_routes]
            rng.shuffle(order)
            mine = []
            for label, path, _ in order:
                elapsed, status, _ = request(conn, path, token)
                if status != 200:
                    failures.append((label, status))
                mine.append((label, elapsed))
            conn.close()
            with lock:
                for label, elapsed in mine:
                    latencies[label].append(elapsed)

        started = time.perf_counter()
        threads = [threading.Thread(target=client, args=(seed,)) for seed in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
        peak = peak_memory_mb(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    if failures:
        sys.exit(f"failed requests under load: {failures[:10]}")
    exit_status = server.returncode

    requests = sum(len(v) for v in latencies.values())
    rows = []
    worst_cached = 0.0
    for label, path, personal in all_routes:
        values = latencies[label]
        p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
        worst_cached = max(worst_cached, p95)
        goal = "yes" if p95 * 1000 <= GOAL_P95_MS else "**no**"
        rows.append(f"| {label} | {fresh[label] * 1000:,.0f} ms | {p50 * 1000:.1f} ms | {p95 * 1000:.1f} ms | "
                    f"{max(values) * 1000:.1f} ms | {sizes[label] / 1024:,.1f} KB | {goal} |")
    all_values = [v for label, _, _ in all_routes for v in latencies[label]]
    largest_page = max((size, label) for label, size in sizes.items() if label.startswith("page"))
    met = sum(1 for label, _, _ in all_routes if percentile(latencies[label], 0.95) * 1000 <= GOAL_P95_MS)
    cached_count = len(all_routes)

    shown = [os.path.relpath(a, ROOT) if os.path.isabs(a) and a.startswith(ROOT) else a for a in sys.argv[1:]]
    command_line = shlex.join(["python3", "Scripts/bench_console.py", *shown])
    text = f"""<!-- {MARKER}:start -->
## Console: `footfall serve` under load

Measured {time.strftime('%Y-%m-%d')} by `{command_line}`. Machine: {machine()}.

`footfall serve` (release build) over `{os.path.relpath(args.store, ROOT) if args.store.startswith(ROOT) else args.store}` (the reports benchmark's 30-day store) on 127.0.0.1; {args.clients} client threads
(Python `http.client`, one keep-alive connection each, an API token, `Accept-Language: ko-KR`), each requesting all
{len(all_routes)} routes {args.rounds} times in its own shuffled order: {requests:,} requests in {wall:.1f} s
({requests / wall:,.0f} requests/s). The clients share the machine's {os.cpu_count()} cores with the server.
*First* is the route's first request of the version, alone (the report is made and cached); p50/p95/max are under
load. Personal pages (customer sheet of {member}, retention-watch, the conversions JSON with member ids) are cached
too; each view of them is also appended to the access log.

| route | first | p50 | p95 | max | body | p95 ≤ {GOAL_P95_MS} ms |
|---|---|---|---|---|---|---|
{chr(10).join(rows)}

Routes with p95 ≤ {GOAL_P95_MS} ms after the first request: **{met} of {cached_count}**; over all requests p50 {percentile(all_values, 0.5) * 1000:.1f} ms,
p95 {percentile(all_values, 0.95) * 1000:.1f} ms (worst route's p95 {worst_cached * 1000:.1f} ms). Server's peak memory (VmHWM):
**{peak:,.0f} MB**. Largest page: {largest_page[1]}, {largest_page[0] / 1024:,.1f} KB (goal < {GOAL_PAGE_KB} KB).
The server stopped on SIGTERM with exit status {exit_status}.
<!-- {MARKER}:end -->
"""
    print(text)
    if args.write:
        path = os.path.join(ROOT, "BENCHMARKS.md")
        with open(path) as handle:
            current = handle.read()
        start, end = f"<!-- {MARKER}:start -->", f"<!-- {MARKER}:end -->"
        if start in current and end in current:
            current = current[:current.index(start)] + text.rstrip("\n") + current[current.index(end) + len(end):]
        else:
            current = current.rstrip("\n") + "\n\n" + text
        with open(path, "w") as handle:
            handle.write(current)
        print(f"wrote {path}")


if __name__ == "__main__":
    main()

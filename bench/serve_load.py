#!/usr/bin/env python3
"""Load test of the preview server (issue 8): REQUESTS requests from CONNECTIONS concurrent keep-alive
connections on 127.0.0.1 while a page is being edited, plus idle half-open and slow clients that must
not block anyone. Prints failures (must be 0), p50/p99 latency and throughput.

    python3 bench/serve_load.py [--requests 20000] [--connections 64] [--slow 16]

Loopback only; every loop is bounded in count and time; the server is stopped at the end.
"""
import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def start_server(site):
    binary = os.path.join(REPO, "target", "release", "tandem")
    proc = subprocess.Popen([binary, "serve", "--port", "0", "--content", os.path.join(site, "content"),
                             "--config", os.path.join(site, "tandem.toml")],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 120
    while time.time() < deadline:
        line = proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line or "")
        if m:
            threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
            return proc, int(m.group(1))
        if proc.poll() is not None:
            break
    proc.kill()
    raise SystemExit("tandem serve did not start")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=20000)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--slow", type=int, default=16, help="idle half-open and slow-header clients held open")
    a = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=REPO, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(os.path.join(REPO, "content"), os.path.join(tmp, "content"))
        shutil.copy(os.path.join(REPO, "tandem.toml"), tmp)
        proc, port = start_server(tmp)
        try:
            run(a, tmp, port)
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def run(a, site, port):
    paths = ["/", "/fr-fr/", "/en-us/", "/fr-fr/support/check-service-health/",
             "/en-us/support/check-service-health/", "/fr-fr/customers/add-a-customer/",
             "/static/tandem.css", "/fr-fr/status/", "/fr-fr/status/services/billing/", "/nope/"]
    # Clients that connect and never send, or send a header one byte at a time, held all along.
    idle = []
    for i in range(a.slow):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        if i % 2:
            s.sendall(b"GET / HTTP/1.1\r\nX-Slow: ")
        idle.append(s)
    stop = threading.Event()

    def editor():
        page = os.path.join(site, "content", "fr-fr", "support", "check-service-health.md")
        original = open(page, encoding="utf-8").read()
        n = 0
        while not stop.is_set() and n < 10000:
            n += 1
            tmp = page + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(original + f"\n<!-- edit {n} -->\n")
            os.replace(tmp, page)
            for s in idle[1::2]:
                try:
                    s.sendall(b"y")
                except OSError:
                    pass
            stop.wait(0.2)
        with open(page, "w", encoding="utf-8") as f:
            f.write(original)

    latencies, failures, lock = [], [], threading.Lock()
    per_conn = a.requests // a.connections

    def client(k):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        for i in range(per_conn):
            path = paths[(k + i) % len(paths)]
            t = time.perf_counter()
            try:
                conn.request("GET", path)
                r = conn.getresponse()
                r.read()
                ok = r.status == 200 or (path == "/nope/" and r.status == 404)
                if not ok:
                    with lock:
                        failures.append(f"{path}: {r.status}")
            except Exception as e:  # noqa: BLE001 - every failure is counted, whatever it is
                with lock:
                    failures.append(f"{path}: {e!r}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            mine.append(time.perf_counter() - t)
        conn.close()
        with lock:
            latencies.extend(mine)

    ed = threading.Thread(target=editor)
    ed.start()
    start = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(a.connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    elapsed = time.perf_counter() - start
    stop.set()
    ed.join(10)
    for s in idle:
        s.close()
    latencies.sort()
    q = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000
    print(f"requests: {len(latencies)} from {a.connections} connections, {a.slow} idle/slow clients held open, page edited every 200 ms")
    print(f"failed:   {len(failures)}" + (f"  first: {failures[:5]}" if failures else ""))
    print(f"latency:  p50 {q(0.50):.2f} ms  p99 {q(0.99):.2f} ms  max {latencies[-1] * 1000:.1f} ms  mean {statistics.mean(latencies) * 1000:.2f} ms")
    print(f"throughput: {len(latencies) / elapsed:.0f} requests/s over {elapsed:.1f} s")


if __name__ == "__main__":
    main()

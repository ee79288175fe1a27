#!/usr/bin/env python3
"""Health benchmark (issue 4): how much 365 daily snapshots x 200 services x 50 customers add to a build.

Builds the same small bilingual site twice per run, without and with the generated health data, with
the release binary, and prints the medians and their difference. Deterministic data (seeded).

    python3 bench/health.py [--days 365] [--services 200] [--customers 50] [--runs 5] [--out-root DIR]

`--out-root /dev/shm` writes the output to memory, which separates Tandem's own work from the file
system's (creating ~3,000 small files costs seconds of kernel time on this machine's virtual disk).
"""
import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STATES = ["operational"] * 40 + ["degraded"] * 3 + ["partial_outage"] * 2 + ["major_outage", "maintenance"]


def snapshot(day, services, customers, rng, first):
    taken = dt.datetime(2026, 11, 24, 12, tzinfo=dt.timezone.utc) - dt.timedelta(days=day)
    iso = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = [f"taken_at: {iso(taken)}", 'source: "bench"', "services:"]
    for s in range(services):
        out += [f"  - id: svc-{s:03}", f'    name: "Service {s}"', f"    group: Group {s % 10}",
                f"    status: {rng.choice(STATES)}"]
    out.append("incidents:")
    for k in range(rng.randint(0, 3)):
        start = taken - dt.timedelta(hours=rng.randint(1, 20))
        end = start + dt.timedelta(minutes=rng.randint(10, 300))
        out += [f"  - id: inc-{day:03}-{k}", f'    title: "Incident {day}-{k}"',
                f"    severity: {rng.choice(['degraded', 'partial_outage', 'major_outage'])}",
                f"    services: [svc-{rng.randrange(services):03}]",
                f"    start: {iso(start)}", f"    end: {iso(end)}",
                "    updates:", f"      - at: {iso(start)}", "        status: investigating",
                '        text: "Looking into it."', f"      - at: {iso(end)}", "        status: resolved",
                '        text: "Fixed."']
    out.append("metrics:")
    for s in range(0, services, 10):
        out += [f"  - service: svc-{s:03}", "    kind: latency", '    unit: "ms"', "    points:"]
        out += [f"      - [{iso(taken - dt.timedelta(hours=h))}, {rng.uniform(80, 200):.1f}]" for h in (0, 6, 12, 18)]
    if first:
        out.append("customers:")
        for c in range(customers):
            used = sorted(rng.sample(range(services), 8))
            out += [f"  - id: cust-{c:02}", f'    name: "Customer {c}"',
                    "    services: [" + ", ".join(f"svc-{u:03}" for u in used) + "]"]
    return taken, "\n".join(out) + "\n"


def median_build(binary, site, runs, out):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        r = subprocess.run([binary, "build", "-q", "--content", "content", "--out", out], cwd=site,
                           capture_output=True, text=True)
        times.append(time.perf_counter() - t)
        if r.returncode != 0:
            sys.exit(f"build failed:\n{r.stderr[-3000:]}")
    return statistics.median(times), times


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--services", type=int, default=200)
    ap.add_argument("--customers", type=int, default=50)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out-root", default=None, help="folder for the output (default: inside the site)")
    a = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=REPO, check=True)
    binary = os.path.join(REPO, "target", "release", "tandem")
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        plain = os.path.join(tmp, "plain")
        shutil.copytree(os.path.join(REPO, "content"), os.path.join(plain, "content"),
                        ignore=shutil.ignore_patterns("health"))
        shutil.copy(os.path.join(REPO, "tandem.toml"), plain)
        # The data ends on 2026-11-24; a large max age keeps the stale warning out of the timing.
        with open(os.path.join(plain, "tandem.toml"), "a") as f:
            f.write("\n[health]\nmax_age_hours = 1000000\n")
        health_site = os.path.join(tmp, "health")
        shutil.copytree(plain, health_site)
        hdir = os.path.join(health_site, "content", "health")
        os.makedirs(hdir)
        size = 0
        for day in range(a.days):
            taken, text = snapshot(day, a.services, a.customers, rng, day == a.days - 1)
            with open(os.path.join(hdir, taken.strftime("%Y-%m-%dT%H%MZ.yml")), "w") as f:
                f.write(text)
            size += len(text)
        out_root = a.out_root or tmp
        plain_out = os.path.join(out_root, f"tandem-bench-plain-{os.getpid()}")
        health_out = os.path.join(out_root, f"tandem-bench-health-{os.getpid()}")
        try:
            base, base_all = median_build(binary, plain, a.runs, plain_out)
            with_h, with_all = median_build(binary, health_site, a.runs, health_out)
            files = sum(len(fs) for _, _, fs in os.walk(health_out))
        finally:
            shutil.rmtree(plain_out, ignore_errors=True)
            shutil.rmtree(health_out, ignore_errors=True)
        print(f"output folder: {out_root}")
        print(f"health data: {a.days} snapshots x {a.services} services x {a.customers} customers, {size / 1e6:.1f} MB YAML")
        print(f"build without health: median {base * 1000:.0f} ms  runs {[round(t * 1000) for t in base_all]}")
        print(f"build with health:    median {with_h * 1000:.0f} ms  runs {[round(t * 1000) for t in with_all]} ({files} output files)")
        print(f"added by health:      {(with_h - base) * 1000:.0f} ms (target < 1000 ms)")


if __name__ == "__main__":
    main()

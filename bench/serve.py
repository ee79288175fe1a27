#!/usr/bin/env python3
"""Live-preview benchmark (issue 5): how long from saving a page to the browser's reload event.

    python3 bench/serve.py [--sources 10000] [--edits 20] [--template-edits 3] [--builds 3]

Builds tandem in release, generates a synthetic bilingual site with bench/gen_site.py (cached under
bench/work/gen-N/, which is git-ignored; every run works on a fresh copy, bench/work/serve-N/), and
starts `target/release/tandem serve --port 0` on 127.0.0.1. Once the first (full, in-memory) build
is served it opens `/__tandem/events` with a plain socket and then, EDITS times, saves one page the
way an editor does (a temp file written next to it and renamed over it; one sentence changes, never
the title) and measures the time from the rename to the `reload` event. Then it does the same for a
template change (a copy of the theme's page.html in the site's `templates/`, which re-renders every
page) and compares that with a plain `tandem build` of the same site, run in between (the machine
may be shared: alternating keeps the comparison fair).

Loopback only; every wait is bounded; the server is killed at the end (also on errors).
"""
import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(REPO, "bench", "work")
TANDEM = os.path.join(REPO, "target", "release", "tandem")
# The page edited: the first translated sentence of its first paragraph gets a changing suffix.
MARKER = "Le portail enregistre"


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def pct(xs, p):
    """Nearest-rank percentile."""
    s = sorted(xs)
    k = max(0, min(len(s) - 1, int(round(p / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


def summary(xs):
    return "median %.0f ms, p90 %.0f ms, min %.0f ms, max %.0f ms (n=%d)" % (
        statistics.median(xs), pct(xs, 90), min(xs), max(xs), len(xs))


def site(n):
    """The cached generated site, copied fresh for this run."""
    gen = os.path.join(WORK, "gen-%d" % n)
    stamp = os.path.join(gen, ".complete")
    if not os.path.exists(stamp):
        log("generating %d sources into %s" % (n, gen))
        subprocess.run([sys.executable, os.path.join(REPO, "bench", "gen_site.py"), str(n), gen],
                       check=True, stdout=subprocess.DEVNULL)
        open(stamp, "w").close()
    run = os.path.join(WORK, "serve-%d" % n)
    shutil.rmtree(run, ignore_errors=True)
    shutil.copytree(gen, run, ignore=shutil.ignore_patterns(".complete"))
    # The site's own templates/ folder, watched from the start: the template change edits it.
    os.makedirs(os.path.join(run, "templates"))
    shutil.copy(os.path.join(REPO, "themes", "default", "templates", "page.html"),
                os.path.join(run, "templates", "page.html"))
    return run


def pick_page(content):
    for root, _, files in sorted(os.walk(content)):
        for f in sorted(files):
            if f.endswith(".md") and f.lower() != "index.md":
                p = os.path.join(root, f)
                with open(p, encoding="utf-8") as fh:
                    if MARKER in fh.read():
                        return p
    sys.exit("no page with %r found" % MARKER)


def save_atomic(path, text):
    """VS Code / JetBrains safe write: temp file next to the target, renamed over it."""
    tmp = os.path.join(os.path.dirname(path), "." + os.path.basename(path) + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class Server:
    def __init__(self, run):
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(
            [TANDEM, "serve", "--port", "0", "--bind", "127.0.0.1",
             "--content", os.path.join(run, "content"), "--config", os.path.join(run, "tandem.toml")],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines = []  # stderr, kept for the report and for errors
        threading.Thread(target=self._drain_err, daemon=True).start()
        self.url = None
        self.ready = threading.Event()
        threading.Thread(target=self._read_out, daemon=True).start()

    def _drain_err(self):
        for line in self.proc.stderr:
            self.lines.append(line.rstrip("\n"))

    def _read_out(self):
        for line in self.proc.stdout:
            if "http://" in line and self.url is None:
                self.url = line[line.index("http://"):].split()[0]
                self.ready.set()

    def wait_ready(self, timeout):
        if not self.ready.wait(timeout):
            self.kill()
            sys.exit("serve printed no URL within %d s:\n%s" % (timeout, "\n".join(self.lines[-20:])))
        host, port = self.url[len("http://"):].split("/")[0].rsplit(":", 1)
        assert host == "127.0.0.1", self.url
        return int(port)

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass


class Events:
    """`/__tandem/events` over a plain socket; `wait(name)` returns (monotonic time, data)."""

    def __init__(self, port, timeout):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.sock.sendall(("GET /__tandem/events HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                           "Accept: text/event-stream\r\n\r\n" % port).encode())
        self.buf = b""
        self.wait(": connected", timeout)

    def _line(self, deadline):
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            self.sock.settimeout(left)
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("event stream closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line.rstrip(b"\r").decode("utf-8", "replace")

    def wait(self, name, timeout):
        """Waits for `event: name` (or the comment line `name`); other events are skipped; an
        `error` event while waiting for something else is fatal."""
        deadline = time.monotonic() + timeout
        event = None
        while True:
            line = self._line(deadline)
            if line == name:
                return time.monotonic(), ""
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: ") and event is not None:
                if event == name:
                    return time.monotonic(), line[6:]
                if event == "error":
                    raise RuntimeError("the edit produced errors: " + line[6:])
                event = None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sources", type=int, default=10000, help="side-by-side sources (2 pages each)")
    ap.add_argument("--edits", type=int, default=20, help="page saves measured")
    ap.add_argument("--template-edits", type=int, default=3, help="template changes measured")
    ap.add_argument("--builds", type=int, default=3, help="plain `tandem build` runs to compare with")
    ap.add_argument("--timeout", type=float, default=300, help="longest wait for any one step (s)")
    ap.add_argument("--no-build", action="store_true", help="use the existing release binary")
    args = ap.parse_args()

    if not args.no_build:
        log("cargo build --release")
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    run = site(args.sources)
    content = os.path.join(run, "content")
    page = pick_page(content)
    with open(page, encoding="utf-8") as fh:
        original = fh.read()
    template = os.path.join(run, "templates", "page.html")
    with open(template, encoding="utf-8") as fh:
        template_text = fh.read()

    srv = Server(run)
    try:
        port = srv.wait_ready(args.timeout)
        ready_s = time.monotonic() - srv.t0
        built = next((l for l in srv.lines if l.startswith("Built ")), "")
        log(built or "(no build line)")
        ev = Events(port, args.timeout)
        time.sleep(0.5)  # let the watcher settle (and the startup's own events pass)

        saves, server_ms = [], []
        rel = os.path.relpath(page, content)
        log("editing %s %d times" % (rel, args.edits))
        for i in range(args.edits):
            text = original.replace(MARKER, "%s (modification %d)" % (MARKER, i + 1), 1)
            t0 = time.monotonic()
            save_atomic(page, text)
            t1, data = ev.wait("reload", args.timeout)
            saves.append((t1 - t0) * 1000)
            if '"ms":' in data:
                server_ms.append(float(data.split('"ms":')[1].split("}")[0].split(",")[0]))
            time.sleep(0.3)

        # Template changes and plain builds alternate, so both see the same (shared, noisy) machine.
        tpl, builds = [], []
        for i in range(max(args.template_edits, args.builds)):
            if i < args.template_edits:
                t0 = time.monotonic()
                save_atomic(template, template_text + "{# bench %d #}\n" % (i + 1))
                t1, _ = ev.wait("reload", args.timeout)
                tpl.append((t1 - t0) * 1000)
                log("template change %d: %.0f ms" % (i + 1, tpl[-1]))
                time.sleep(0.5)
            if i < args.builds:
                # Each into a fresh folder: removing a previous output is not part of a build.
                out = os.path.join(run, "output-%d" % (i + 1))
                t0 = time.monotonic()
                subprocess.run([TANDEM, "build", "--quiet", "--content", content,
                                "--config", os.path.join(run, "tandem.toml"), "--out", out],
                               check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               timeout=args.timeout)
                builds.append((time.monotonic() - t0) * 1000)
                log("tandem build %d: %.0f ms" % (i + 1, builds[-1]))
        rss = None
        try:
            with open("/proc/%d/status" % srv.proc.pid) as fh:
                rss = next((l.split()[1] for l in fh if l.startswith("VmHWM:")), None)
        except OSError:
            pass
    finally:
        srv.kill()
    # Deleting tens of thousands of output files can take minutes on a busy disk: not waited for.
    subprocess.Popen(["rm", "-rf"] + [os.path.join(run, "output-%d" % (i + 1)) for i in range(args.builds)],
                     start_new_session=True)

    print("site: %d sources (%d pages), %s" % (args.sources, 2 * args.sources, run))
    print("startup: %s; serving after %.0f ms%s" % (
        built.strip() or "?", ready_s * 1000, "; peak RSS %d MB" % (int(rss) // 1024) if rss else ""))
    print("save -> reload event: " + summary(saves))
    if server_ms:
        print("  of which rebuild (server's own count): median %.0f ms, max %.0f ms" % (
            statistics.median(server_ms), max(server_ms)))
    print("template change -> reload event: " + summary(tpl))
    print("tandem build (same site, to disk): " + summary(builds))
    ok = statistics.median(saves) <= 100
    print("target median save->reload <= 100 ms: %s" % ("met" if ok else "MISSED"))
    print("template change within a full build: %s" % (
        "met" if statistics.median(tpl) <= statistics.median(builds) else "MISSED"))


if __name__ == "__main__":
    main()

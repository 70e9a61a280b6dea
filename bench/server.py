"""The site under its production server (gunicorn, gunicorn.conf.py) and wrk.

- table(): req/s and p50/p99 of home, list, article and the feed, with the page
  cache on and off, beside the ceiling row (bench/ceiling.py: the article's bytes
  from a bare WSGI app under the same server and worker count).
- soak(): 64 connections for 60 s on the article and the list, an article
  published half-way through; errors, worker memory, and whether every request
  after the publish shows it.
"""

import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKERS = "2"
WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "8"))
SOAK_SECONDS = int(os.environ.get("BENCH_SOAK_SECONDS", "60"))
PAGES = {
    "home": "/",
    "list": "/interviews/",
    "article": "/interviews/digital-service-two-days/",
    "feed": "/interviews/feed/",
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(app, **env):
    """A gunicorn with the project's configuration, its output discarded (the access log)."""
    port = free_port()
    environment = {
        **os.environ,
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": WORKERS,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DEBUG": "0",
        **env,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", app, "-c", str(ROOT / "gunicorn.conf.py")],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(
                    base + "/healthz" if app != "bench.ceiling:application" else base, timeout=1
                )
                break
            except OSError:
                time.sleep(0.05)
        else:
            raise RuntimeError(f"gunicorn ({app}) did not start")
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=30)


def wrk(url, connections=16, seconds=WRK_SECONDS):
    """(req/s, p50 ms, p99 ms, errors) of one wrk run."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50, p99 = (_ms(re.search(rf"^\s+{p}%\s+(\S+)", out, re.M).group(1)) for p in (50, 99))
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return rate, p50, p99, errors


def _ms(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def warm(base, path, times=20):
    for _ in range(times):
        urllib.request.urlopen(base + path).read()


def table():
    rows = []
    with gunicorn("careers.wsgi:application") as (base, _process):
        article_bytes = urllib.request.urlopen(base + PAGES["article"]).read()
        for name, path in PAGES.items():
            warm(base, path)
            rows.append((f"{name}, page cache on", *wrk(base + path)))
    with gunicorn("careers.wsgi:application", PAGE_CACHE_SECONDS="0") as (base, _process):
        for name, path in PAGES.items():
            warm(base, path)
            rows.append((f"{name}, page cache off", *wrk(base + path)))
    with tempfile.NamedTemporaryFile(suffix=".html") as body:
        body.write(article_bytes)
        body.flush()
        with gunicorn("bench.ceiling:application", CEILING_BODY=body.name) as (base, _process):
            warm(base, "/")
            ceiling = ("ceiling: the article's bytes, bare WSGI", *wrk(base + "/"))
    print(
        f"\ngunicorn, {WORKERS} sync workers, wrk -t2 -c16 -d{WRK_SECONDS}s; "
        f"article {len(article_bytes) / 1024:.0f} KB"
    )
    print(f"{'row':<40} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} {'of ceiling':>10}")
    for name, rate, p50, p99, errors in [*rows, ceiling]:
        print(
            f"{name:<40} {rate:>8.0f} {p50:>7.2f} {p99:>7.2f} {errors:>6} {rate / ceiling[1]:>10.1%}"
        )


def worker_rss(master):
    """{pid: resident KB} of the master's workers."""
    children = subprocess.run(
        ["ps", "--ppid", str(master.pid), "-o", "pid=,rss="], capture_output=True, text=True
    ).stdout.split("\n")
    return {int(pid): int(rss) for pid, rss in (line.split() for line in children if line.strip())}


def soak(article, title, seconds=SOAK_SECONDS):
    """64 connections (32 on the article, 32 on the list) for `seconds`, and meanwhile the
    article `article` (a draft titled `title`) published, unpublished, then scheduled."""
    from django.utils import timezone

    user = article.updated_by
    # Workers are not recycled during the soak, so their memory growth shows.
    with gunicorn("careers.wsgi:application", GUNICORN_MAX_REQUESTS="0") as (base, master):
        # Warmed under load, so that every worker has built what it keeps.
        for path in (PAGES["article"], PAGES["list"]):
            wrk(base + path, connections=8, seconds=3)
        before = worker_rss(master)
        results = {}

        def load(name, path):
            results[name] = wrk(base + path, connections=32, seconds=seconds)

        threads = [
            threading.Thread(target=load, args=(name, PAGES[name])) for name in ("article", "list")
        ]
        for thread in threads:
            thread.start()

        def shown(times):
            return sum(title in _get(base + PAGES["list"]) for _ in range(times))

        checks = []
        time.sleep(seconds * 0.3)
        checks.append(("draft, before publishing", shown(20), 20, 0))
        article.publish(by=user)
        checks.append(("published: every request after", shown(40), 40, 40))
        time.sleep(seconds * 0.2)
        article.unpublish(by=user)
        checks.append(("unpublished: every request after", shown(40), 40, 0))
        moment = timezone.now() + timezone.timedelta(seconds=seconds * 0.15)
        article.published_at = moment
        article.publish(by=user)
        early = asked = 0
        while timezone.now() < moment - timezone.timedelta(milliseconds=200):
            early += title in _get(base + PAGES["list"])
            asked += 1
        checks.append(("scheduled: before its moment", early, asked, 0))
        while timezone.now() < moment:
            time.sleep(0.01)
        checks.append(("scheduled: from its moment", shown(40), 40, 40))
        for thread in threads:
            thread.join()
        after = worker_rss(master)
    print(f"\nsoak: {seconds} s, 64 connections (32 article, 32 list), gunicorn {WORKERS} workers")
    for name, (rate, p50, p99, errors) in results.items():
        print(
            f"  {name:<8} {rate:>6.0f} req/s  p50 {p50:.2f} ms  p99 {p99:.2f} ms  errors {errors}"
        )
    for pid in before:
        grown = (after.get(pid, 0) - before[pid]) / before[pid]
        print(
            f"  worker {pid}: {before[pid] / 1024:.1f} MB → {after.get(pid, 0) / 1024:.1f} MB ({grown:+.1%})"
        )
    for what, seen, of, expected in checks:
        verdict = "ok" if seen == expected or (expected == 40 and seen == of) else "WRONG"
        print(f"  {what:<36} shown on {seen} of {of} requests  {verdict}")


def _get(url):
    return urllib.request.urlopen(url).read().decode()

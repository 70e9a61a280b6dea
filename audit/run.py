"""`make audit`: Lighthouse (mobile), axe-core and the Nu HTML checker on the public
pages, as tables.

Serves the site with the demo content from a throwaway database on
127.0.0.1:8765, runs Lighthouse 12 (npm) with Debian's Chromium on each page,
then axe-core (WCAG 2.0–2.2 A/AA) in a 375 px wide Chromium, then the Nu HTML
checker (vnu-jar from npm, on Java) on each page type and every demo article.
Exits 1 when a page misses a target: performance >= 95, accessibility 100, best
practices >= 95, SEO 100, no axe violations, no HTML errors.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LIGHTHOUSE = ROOT / "audit" / "node_modules" / ".bin" / "lighthouse"
VNU = ROOT / "audit" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run --disable-quic"
)
PORT = int(os.environ.get("AUDIT_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
PAGES = {
    "ホーム": "/",
    "一覧": "/interviews/",
    "一覧（採用区分）": "/interviews/?route={route}",
    "一覧（採用区分＋在宅、noindex）": "/interviews/?route={route}&place=home",
    "記事": "/interviews/digital-service-two-days/",
    "職種": "/careers/ict/",
    "採用区分の一覧": "/routes/",
    "採用区分（受付中）": "/routes/kyaria-katsuyou-saiyou-senkou/",
    "お知らせの一覧": "/news/",
    "お知らせ": "/news/onrain-shigoto-setsumeikai-shiryou/",
    "よくある質問": "/faq/",
    "ページ（働き方・待遇）": "/hatarakikata/",
    "イベントの一覧": "/events/",
    "イベント": "/events/ict-shoku-onrain-shigoto-setsumeikai-fuyu/",
    "404": "/no-such-page/",
}
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 100}
# Pages meant to be kept out of search engines fail SEO's "is crawlable" by design.
NOINDEX = {name for name in PAGES if "noindex" in name}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def serve(work):
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{work / 'audit.sqlite3'}",
        "MEDIA_ROOT": str(work / "media"),
    }
    manage = [PYTHON, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*manage, "load_demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    found = subprocess.run(
        [
            *manage,
            "shell",
            "-c",
            "from careers.taxonomy.models import EntryRoute; from interviews.models import Article; "
            "print('route:' + EntryRoute.objects.get(name='キャリア活用採用選考').slug); "
            "[print(a.get_absolute_url()) for a in Article.objects.live()]",
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    route = next(w.removeprefix("route:") for w in found if w.startswith("route:"))
    articles = [w for w in found if w.startswith("/")]
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{PORT}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(50):
        try:
            urllib.request.urlopen(BASE + "/healthz", timeout=1)
            return server, route, articles
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("サーバーが起動しませんでした。")


def lighthouse(url, work, attempts=2):
    report = work / "lighthouse.json"
    for attempt in range(1, attempts + 1):
        # Chromium now and then fails to start under Lighthouse; one more try settles it.
        run = subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                "--only-categories=performance,accessibility,best-practices,seo",
                f"--chrome-flags={CHROMIUM_FLAGS}",
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            capture_output=True,
            text=True,
        )
        if run.returncode == 0:
            categories = json.loads(report.read_text())["categories"]
            return {key: round(categories[key]["score"] * 100) for key in TARGETS}
        print(
            f"Lighthouse failed (attempt {attempt}): {run.stderr.strip()[-500:]}", file=sys.stderr
        )
    raise SystemExit(f"Lighthouse could not audit {url}")


def axe_violations(urls):
    import axe_playwright_python
    from playwright.sync_api import sync_playwright

    script = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
    found = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS.split()[1:])
        page = browser.new_page(viewport={"width": 375, "height": 800})
        for name, url in urls.items():
            page.goto(url)
            page.evaluate(script)
            result = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
            )
            found[name] = [v["id"] for v in result["violations"]]
        browser.close()
    return found


def html_errors(urls, work):
    """{page: [error messages]} from the Nu HTML checker, on the pages as served."""
    files = {}
    for n, (name, url) in enumerate(urls.items()):
        try:
            body = urllib.request.urlopen(url, timeout=30).read()
        except urllib.error.HTTPError as error:  # the 404 page is checked too
            body = error.read()
        files[name] = work / f"page-{n}.html"
        files[name].write_bytes(body)
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files.values())],
        capture_output=True,
        text=True,
    )
    messages = json.loads(run.stderr or '{"messages": []}')["messages"]
    by_file = {str(path.resolve()): name for name, path in files.items()}
    found = {name: [] for name in files}
    for message in messages:
        path = message.get("url", "").removeprefix("file:")
        name = by_file.get(str(Path(path).resolve()))
        if name is not None:
            found[name].append(f"{message.get('lastLine', '?')}行: {message['message']}")
    return found


def main():
    if not LIGHTHOUSE.exists() or not VNU.exists():
        raise SystemExit(
            "Lighthouse か vnu-jar がありません。`make audit` から実行してください（npm で入れます）。"
        )
    work = Path(tempfile.mkdtemp(prefix="careers-audit-"))
    server, route, articles = serve(work)
    try:
        urls = {name: BASE + path.format(route=route) for name, path in PAGES.items()}
        checked = {**urls, **{f"記事 {path}": BASE + path for path in articles}}
        checked["一覧（キーワード検索）"] = (
            BASE + "/interviews/?q=%E3%82%84%E3%82%8A%E3%81%8C%E3%81%84"
        )
        checked["サイト内検索"] = BASE + "/search/?q=ICT"
        checked["共有リンク（無効）"] = BASE + "/interviews/share/no-such-link/"
        print("Nu HTML checker …", file=sys.stderr)
        errors = html_errors(checked, work)
        scores = {}
        for name, url in urls.items():
            if name != "404":  # a 404 is meant to fail SEO's status check; axe still runs on it
                print(f"Lighthouse: {name} …", file=sys.stderr)
                scores[name] = lighthouse(url, work)
        violations = axe_violations(urls)
    finally:
        server.terminate()
        server.wait()

    failed = False
    print("\n| ページ | 性能 | アクセシビリティ | ベストプラクティス | SEO | axe 違反 |")
    print("|---|---|---|---|---|---|")
    for name in urls:
        row = scores.get(name)
        cells = [str(row[k]) if row else "-" for k in TARGETS]
        print(
            f"| {name} | {' | '.join(cells)} | {len(violations[name])} {' '.join(violations[name])} |"
        )
        targets = {k: t for k, t in TARGETS.items() if not (k == "seo" and name in NOINDEX)}
        failed |= bool(violations[name]) or bool(
            row and any(row[k] < t for k, t in targets.items())
        )
    print("\n| ページ（Nu HTML checker） | エラー |")
    print("|---|---|")
    for name, found in errors.items():
        print(f"| {name} | {len(found)} |")
        for message in found[:5]:
            print(f"|  | {message} |")
        failed |= bool(found)
    print(
        "\n目標: 性能 ≥ 95、アクセシビリティ 100、ベストプラクティス ≥ 95、SEO 100（Lighthouse モバイル。noindex のページは SEO を除く）、"
        "axe 違反 0、HTML エラー 0"
    )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

"""Benchmarks: import throughput, the cost of every public page up to 10,000 articles,
and the site under its production server.

Run with `make bench`, which runs this twice:

- `bench/run.py sqlite`: a throwaway SQLite database. Import throughput and
  memory; in-process render and cache-hit cost of each page on the demo; then
  every page at 100, 1,000 and 10,000 generated articles, page cache off.
- `bench/run.py postgresql` under scripts/with-postgres (a throwaway server): the
  same scale table on PostgreSQL; then, with those 10,000 articles and the demo,
  gunicorn under wrk (page cache on and off, and the ceiling row), and the
  60-second soak with an article published half-way.

Never on the project's own database or media. Figures depend on the machine;
the README records what they were on the development machine.
"""

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from careers.taxonomy.models import JobCategory

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(tempfile.mkdtemp(prefix="careers-bench-"))
MODE = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
if MODE == "sqlite":
    os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
elif not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    sys.exit("bench/run.py postgresql: run it under scripts/with-postgres")
os.environ.update(
    DJANGO_SETTINGS_MODULE="careers.settings",
    MEDIA_ROOT=str(WORK / "media"),
    ALLOWED_HOSTS="testserver,localhost",
    SECURE_SSL_REDIRECT="0",
)
os.environ.setdefault("SECRET_KEY", "bench-only-" + "k" * 50)
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench import scale  # noqa: E402
from careers.core.interchange.importing import import_files  # noqa: E402
from interviews.interchange import ARTICLE  # noqa: E402

ARTICLES = int(os.environ.get("BENCH_ARTICLES", "1000"))
PLACES = ["office", "home", "satellite", "onsite"]


def article_yaml(n):
    people = []
    for p in range(2):
        entries = "\n".join(
            f'      - {{time: "{8 + e}:00", end: "{8 + e}:45", title: 作業{e + 1}, place: {PLACES[(n + e) % 4]}}}'
            for e in range(8)
        )
        answers = "\n".join(
            f"      - question: 質問{q + 1}は何ですか？\n        answer: |\n"
            f"          記事{n}の{'AB'[p]}さんの回答{q + 1}です。{'仕事のやりがいについて話します。' * 8}\n"
            f"        note: 注記{q + 1}"
            for q in range(4)
        )
        people.append(
            f"  - label: {'AB'[p]}さん\n    affiliation: デジタルサービス局 第{p + 1}課\n"
            f"    entry_route: {'キャリア活用採用選考' if p else 'ICT職採用試験（大学卒業程度）'}\n"
            f"    department: 局{n % 12}\n    schedule:\n{entries}\n    qa:\n{answers}"
        )
    return (
        f"slug: bench-{n:05d}\ntitle: ベンチマーク記事{n}\nstatus: published\n"
        f"published_at: 2025-04-01T10:00:00+09:00\ncategory: ICT職\ntags: [働き方, タグ{n % 20}]\n"
        f"lead: |\n  記事{n}のリード文です。{'職員の1日を紹介します。' * 10}\nprofiles:\n"
        + "\n".join(people)
        + "\n"
    )


def bench_import():
    folder = WORK / "articles"
    folder.mkdir()
    for n in range(ARTICLES):
        (folder / f"{n:05d}.yaml").write_text(article_yaml(n), encoding="utf-8")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    report = import_files(ARTICLE, [folder])
    seconds = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"import: {report.summary()}")
    print(
        f"import: {ARTICLES} articles (2 people, 8 entries, 4 answers each) in {seconds:.1f} s "
        f"= {ARTICLES / seconds:.0f} articles/s"
    )
    print(
        f"import: peak RSS {rss_after / 1024:.0f} MB (grew {(rss_after - rss_before) / 1024:.0f} MB)"
    )


def bench_pages():
    call_command("load_demo", stdout=open(os.devnull, "w"))
    client = Client()
    pages = {
        "home": "/",
        "list": "/interviews/",
        "list page 2": "/interviews/?page=2",
        "article (2 people)": "/interviews/digital-service-two-days/",
        "article (3 people)": "/interviews/infrastructure-team-three-people/",
        "category": JobCategory.objects.get(name="ICT職").get_absolute_url(),
        **scale.portal_pages(),
    }
    print(f"{'page':<22} {'render: queries':>15} {'ms':>6} {'cache hit: queries':>19} {'ms':>6}")
    for name, url in pages.items():
        with override_settings(PAGE_CACHE_SECONDS=0):
            render = measure(client, url)
        client.get(url)  # fills the page cache
        hit = measure(client, url)
        print(f"{name:<22} {render[0]:>15} {render[1]:>6.1f} {hit[0]:>19} {hit[1]:>6.1f}")


def measure(client, url, times=50):
    """(queries of one request, mean ms over `times` requests)."""
    connection.queries_log.clear()  # a full log (9000 entries) would hide new queries
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    queries = len(ctx.captured_queries)  # now: every request clears the log it reads
    started = time.perf_counter()
    for _ in range(times):
        client.get(url)
    return queries, (time.perf_counter() - started) / times * 1000


def bench_server():
    from django.contrib.auth import get_user_model

    from bench import server
    from interviews.models import Article

    title = "ソークの途中で公開された記事"
    user = get_user_model().objects.create_superuser("bench", password=None)
    draft = Article.objects.create(
        title=title, slug="published-during-the-soak", lead="途中で公開します。", updated_by=user
    )
    draft.refresh_derived()
    server.table()
    server.soak(draft, title)


if __name__ == "__main__":
    call_command("migrate", verbosity=0)
    # Pages name their static files by the manifest (DEBUG is off), as under make serve.
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"database: {connection.vendor}; work folder: {WORK}")
    if MODE == "sqlite":
        bench_import()
        bench_pages()
        call_command("flush", interactive=False, verbosity=0)
        call_command("load_demo", stdout=open(os.devnull, "w"))  # the portal's pages
        scale.run("SQLite")
    else:
        call_command("load_demo", stdout=open(os.devnull, "w"))
        scale.run("PostgreSQL")
        bench_server()

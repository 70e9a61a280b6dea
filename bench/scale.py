"""Render time and queries of every public page at 100, 1,000 and 10,000 live articles.

In-process, page cache off: what the first request after a change costs. Called
by bench/run.py once per database.
"""

import os
import statistics
import time

from django.db import connection, reset_queries, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.populate import populate
from careers.core.freshness import changed
from careers.taxonomy.models import Department, EntryRoute, JobCategory
from interviews.models import Article, Tag

SIZES = tuple(int(n) for n in os.environ.get("BENCH_SIZES", "100,1000,10000").split(","))


def portal_pages():
    """{name: URL} of each page type of the portal around the interviews (the demo's)."""
    from careers.events.models import Event
    from careers.news.models import NewsPost
    from careers.pages.models import FreePage
    from careers.routes.models import RoutePage

    event = Event.objects.live().order_by("starts_at").first()
    return {
        "routes": "/routes/",
        "route": RoutePage.objects.live()
        .get(route__name="キャリア活用採用選考")
        .get_absolute_url(),
        "news": "/news/",
        "news post": NewsPost.objects.live().first().get_absolute_url(),
        "news feed": "/news/feed/",
        "events": "/events/",
        "event": event.get_absolute_url(),
        "event .ics": reverse("events:ics", kwargs={"slug": event.slug}),
        "events calendar": "/events/calendar.ics",
        "faq": "/faq/",
        "free page": FreePage.objects.live().get(path="hatarakikata").get_absolute_url(),
        "site search ICT": "/search/?q=ICT",
        "site search (none)": "/search/?q=存在しない言葉",
    }


def pages():
    """(name, URL) of every kind of public page, filters and search included."""
    middle = Article.objects.filter(slug__startswith="scale-").order_by("slug")
    article = middle[middle.count() // 2]
    return [
        ("home", "/"),
        ("list", "/interviews/"),
        ("list page 5", "/interviews/?page=5"),
        ("list ?category", f"/interviews/?category={JobCategory.objects.get(name='ICT職').slug}"),
        (
            "list ?route",
            f"/interviews/?route={EntryRoute.objects.get(name='キャリア活用採用選考').slug}",
        ),
        ("list ?department", f"/interviews/?department={Department.objects.get(name='局3').slug}"),
        ("list ?place=home", "/interviews/?place=home"),
        ("list ?tag", f"/interviews/?tag={Tag.objects.get(name='タグ3').slug}"),
        ("list ?tag&place", f"/interviews/?tag={Tag.objects.get(name='タグ3').slug}&place=home"),
        ("search やりがい", "/interviews/?q=やりがい"),
        ("search ＩＣＴ職の1日", "/interviews/?q=ＩＣＴ職の1日"),
        ("search (no match)", "/interviews/?q=存在しない言葉"),
        ("article", article.get_absolute_url()),
        ("category", JobCategory.objects.get(name="ICT職").get_absolute_url()),
        ("feed", "/interviews/feed/"),
        ("sitemap index", "/sitemap.xml"),
        ("sitemap articles", "/sitemap-articles.xml"),
        # The portal's pages that read the interviews: a route's "people who came this
        # way", and the site search over every type.
        ("route page", portal_pages()["route"]),
        ("site search ICT", "/search/?q=ICT"),
    ]


def measure(client, url, times):
    """(queries, median ms, KB, ms of the first request after a change) of url.

    The first request after a change (any change: a new content version) also builds
    the live index; the others find it built, and the article bodies and cards kept.
    """
    with transaction.atomic():
        changed()
    started = time.perf_counter()
    response = client.get(url)
    first = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    queries = len(ctx.captured_queries)
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
    return queries, statistics.median(samples), len(response.content) / 1024, first


def run(label, sizes=SIZES, times=15):
    client = Client()
    results = {}
    for size in sizes:
        started = time.perf_counter()
        populate(size)
        print(
            f"[{label}] {size} articles generated in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
        with override_settings(PAGE_CACHE_SECONDS=0):
            for name, url in pages():
                results[name, size] = measure(client, url, times)
    print(
        f"\n{label}: page cache off, median ms (queries) at "
        + " → ".join(f"{s:,}" for s in sizes)
        + " articles; first: the first request after a change, at the largest size"
    )
    for name, _url in pages():
        cells = [results[name, s] for s in sizes]
        figures = " → ".join(f"{ms:6.1f} ({q:>2})" for q, ms, _kb, _first in cells)
        print(f"  {name:<20} {figures}   first {cells[-1][3]:6.1f}   {cells[-1][2]:.0f} KB")
    return results

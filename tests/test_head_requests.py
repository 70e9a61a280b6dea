"""HEAD answers wherever GET does, with GET's status and headers and no body: on a cache
miss and on a hit, through Django's handler and through the production WSGI entry (what
`curl -I` gets from gunicorn)."""

import html
import re
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.cache import caches
from django.core.management import call_command

from tests.wsgi import wsgi_request

pytestmark = pytest.mark.django_db

LINK = re.compile(
    r'(?:href|src)="(?:http://testserver)?(/[^"#]*)"|<loc>http://testserver(/[^<]*)</loc>'
)
# Where the crawl starts: the home page and what nothing links to.
UNLINKED = ["/", "/sitemap.xml", "/robots.txt", "/healthz", "/favicon.ico", "/search/?q=ICT"]
HEADERS = ("Content-Type", "Cache-Control", "Content-Length", "Location")


def public_urls(client):
    """Every URL of the demo site that a page, feed or sitemap links to, outside the admin
    and the static and media files (links with a query are taken from pages without one,
    so the filters' combinations do not multiply)."""
    found, queue = [], list(UNLINKED)
    while queue:
        url = queue.pop(0)
        if url in found:
            continue
        found.append(url)
        response = client.get(url)
        if not response["Content-Type"].startswith(("text/html", "application/")):
            continue
        for link in LINK.findall(response.content.decode()):
            link = html.unescape(link[0] or link[1])
            if "?" in url and "?" in link:
                continue
            if not urlsplit(link).path.startswith(("/admin/", "/static/", "/media/")):
                queue.append(link)
    return found


@pytest.fixture
def site(client):
    call_command("load_demo", stdout=StringIO())
    caches["default"].clear()
    yield public_urls(client)
    caches["default"].clear()


def same_answer(get, head, url):
    """What differs between a GET's answer and a HEAD's: [] if nothing."""
    status = (get.status_code, head.status_code)
    headers = [(h, get.get(h), head.get(h)) for h in HEADERS if get.get(h) != head.get(h)]
    return [(url, status, headers)] if status[0] != status[1] or headers else []


def test_the_crawl_finds_every_kind_of_public_url(site):
    lists = ["/faq/", "/routes/", "/events/", "/news/", "/interviews/", "/search/"]
    files = ["/events/calendar.ics", "/news/feed/", "/interviews/feed/tags/kyaria-keisei/"]
    for url in (*lists, *files, "/robots.txt", "/sitemap-news.xml", "/careers/ict/"):
        assert url in site
    assert any(url.endswith(".ics") and url != "/events/calendar.ics" for url in site)
    assert any(url.startswith("/interviews/?") for url in site)
    assert len(site) > 50


def test_head_answers_as_get_on_a_miss_and_on_a_hit(client, site):
    differences = []
    for url in site:
        caches["default"].clear()
        miss = client.head(url)  # stored, when the page is stored at all
        get = client.get(url)
        hit = client.head(url)
        assert miss.content == hit.content == b""
        differences += same_answer(get, miss, url) + same_answer(get, hit, url)
    assert differences == []


def test_head_through_the_wsgi_entry_is_a_get_without_its_body(client, site):
    differences = []
    for url in site:
        caches["default"].clear()
        get = client.get(url)
        for answer in (wsgi_request(url, "HEAD"), wsgi_request(url, "HEAD")):  # miss, hit
            assert answer["body"] == b"", url
            status = int(answer["status"].split()[0])
            headers = [
                (h, get.get(h), answer["headers"].get(h))
                for h in HEADERS
                if get.get(h) != answer["headers"].get(h)
            ]
            if status != get.status_code or headers:
                differences.append((url, get.status_code, status, headers))
    assert differences == []

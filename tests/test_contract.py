"""The contract every registered content type keeps, written once for all of them.

Each test runs for every type in the registry (careers.core.registry.content_kinds()),
on real items from the type's own demo, varied in the database (made a draft, scheduled,
expired, retitled); a type added later is covered here without a line written for it.

- Nothing that is not live reaches the public: not its addresses, its list, home, the
  navigation, site search, the sitemaps, the feeds, the pages of the other live items
  (their structured data included). A live item is found (so that the test can fail).
- A preview is for staff: visitors get the 404 of a missing page; an editor gets the
  item, marked noindex.
- export → import → export gives the same bytes.
- Site search finds an item by its title as it is now, and by a shared name it shows
  (a route page's route, an article's tags) once renamed, not by the old one.
- check_content checks every item of the type.

Who may change what the public sees of a live item, on every admin path, is
tests/test_live_items.py (for every type too); the interviews' own surfaces at the
clock's edges are tests/test_leaks.py.
"""

import contextlib
import datetime
import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from careers.core.interchange.fields import Ref, Text
from careers.core.registry import content_kinds
from tests.factories import demo_item, set_state

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
# Written into an item's own text: what shows the item on a page, and finds it in search.
MARK = "検証用の目印"
OLD_NAME, NEW_NAME = "改名前の目印", "改名後の目印"


@pytest.fixture(params=content_kinds(), ids=lambda kind: kind.folder)
def kind(request):
    return request.param


def own_text(kind):
    """The first text of the item itself in its file format (a title, a question, a route
    page's lead), not its address."""
    for field in kind.format.fields:
        if type(field) is not Text or field.attr in ("slug", *kind.model.address_fields):
            continue
        model_field = kind.model._meta.get_field(field.attr)
        if isinstance(model_field, (models.CharField, models.TextField)):
            return field.attr
    raise AssertionError(f"{kind.folder}: its file format has no text of the item's own")


def retitle(kind, item, text):
    """Change the item's own text as the admin does: save, then its derived columns."""
    setattr(item, own_text(kind), text)
    item.save()
    item.refresh_derived()
    return item


@pytest.fixture
def marked(kind):
    """A live demo item of the type, MARK in its own text."""
    return retitle(kind, demo_item(kind), MARK)


HIDDEN = {
    "draft": lambda now: {"status": "draft"},
    "scheduled": lambda now: {"status": "published", "published_at": now + DAY},
    "expired": lambda now: {
        "status": "published",
        "published_at": now - 2 * DAY,
        "expires_at": now - DAY,
    },
}


# --- where an item shows -----------------------------------------------------------------


def addresses(kind, item):
    """Every public URL of the item: its page, and the type's other views of one item (an
    event's calendar file); a URL with a fragment is a place on a shared page (#q12)."""
    urls = [item.get_absolute_url()]
    for view, lookup in kind.linked_views.items():
        value = item
        for name in lookup.split("__"):
            value = getattr(value, name)
        urls.append(reverse(view, args=[value]))
    return list(dict.fromkeys(urls))


def traces(kind, item):
    """What would give the item away on a page: its addresses (on a shared page, its
    anchor) and its marked text."""
    found = [MARK]
    for url in addresses(kind, item):
        _page, _, anchor = url.partition("#")
        found += [f'id="{anchor}"', f'#{anchor}"'] if anchor else [url]
    return found


def text_of(response):
    # An iCalendar file folds long lines (CRLF and a space): unfolded, as a calendar reads it.
    return response.content.decode().replace("\r\n ", "")


FEED_LINK = re.compile(r'<link rel="alternate"[^>]*href="([^"]+)"')
RESULTS = re.compile(r'<ul class="search-results">(.*?)</ul>', re.S)


def surfaces(client, item):
    """Every public page that lists or links items, besides the item's own: home (and the
    navigation on every page), each type's list, the sitemap index and every section, the
    feeds the pages announce, and the pages of the type's other live items."""
    pages = [reverse("home"), *(reverse(kind.index) for kind in content_kinds() if kind.index)]
    pages += [
        item.get_absolute_url().partition("#")[0]
        for item in type(item).objects.live().exclude(pk=item.pk)
    ]
    feeds = {url for page in pages for url in FEED_LINK.findall(text_of(client.get(page)))}
    assert feeds, "the pages announce the site's feeds"
    sitemaps = [reverse("sitemap")] + [
        reverse("sitemap-section", args=[section])
        for kind in content_kinds()
        for section in kind.sitemaps
    ]
    return list(dict.fromkeys([*pages, *sorted(feeds), *sitemaps]))


def found(client, words):
    """The addresses site search lists for words."""
    html = client.get(reverse("search"), {"q": words}).content.decode()
    return [url for block in RESULTS.findall(html) for url in re.findall(r'href="([^"]+)"', block)]


# --- 1. nothing unpublished on any public surface ------------------------------------


@pytest.mark.parametrize("state", HIDDEN)
def test_an_unpublished_item_is_on_no_public_surface(kind, marked, state):
    client = Client()
    item = set_state(marked, **HIDDEN[state](timezone.now()))
    assert not item.is_live()

    for url in addresses(kind, item):
        if "#" not in url:  # a place on a shared page is looked for among the surfaces
            assert client.get(url).status_code == 404, url
    for url in surfaces(client, item):
        response = client.get(url)
        assert response.status_code == 200, url
        html = text_of(response)
        for trace in traces(kind, item):
            assert trace not in html, (url, trace)
    title = kind.search_hit(item)[0]
    assert found(client, MARK) == []
    assert item.get_absolute_url() not in found(client, title)


def test_a_live_item_is_on_its_page_its_list_its_sitemap_and_in_search(kind, marked):
    """The control of the test above: the same look finds the item while it is live."""
    client = Client()
    for url in addresses(kind, marked):
        page, _, anchor = url.partition("#")
        response = client.get(page)
        assert response.status_code == 200, url
        html = text_of(response)
        assert MARK in html, url
        assert not anchor or f'id="{anchor}"' in html, url
    address = marked.get_absolute_url().partition("#")[0]
    if kind.index:
        assert address in client.get(reverse(kind.index)).content.decode()
    if kind.sitemaps:
        sections = [reverse("sitemap-section", args=[section]) for section in kind.sitemaps]
        assert any(address in client.get(url).content.decode() for url in sections)
    assert found(client, MARK) == [marked.get_absolute_url()]


# --- 2. a preview is for staff only --------------------------------------------------------


def test_a_preview_is_not_found_by_visitors(kind, marked, django_user_model):
    draft = set_state(marked, status="draft")
    member = Client()
    member.force_login(django_user_model.objects.create_user("member", password="x"))
    for visitor in (Client(), member):
        response = visitor.get(draft.get_preview_url())
        assert response.status_code == 404
        assert MARK not in response.content.decode()


def test_an_editor_sees_the_preview_of_a_draft_marked_noindex(kind, marked, editor_client):
    draft = set_state(marked, status="draft")
    response = editor_client.get(draft.get_preview_url())
    assert response.status_code == 200
    assert "noindex" in response["X-Robots-Tag"]
    html = response.content.decode()
    assert '<meta name="robots" content="noindex' in html
    assert MARK in html


# --- 4. export → import → export ---------------------------------------------------------


def names_referred_to(fields):
    """The models of the names a file format refers to (a route, a theme, tags), in its
    rows too."""
    for field in fields:
        if isinstance(field, Ref):
            yield field.model
        yield from names_referred_to(getattr(field, "fields", ()))


def flush(kind):
    """Delete the type's items (their rows go with them) and the names they refer to."""
    kind.model.objects.all().delete()
    for model in names_referred_to(kind.format.fields):
        model.objects.all().delete()


def files(directory):
    return {
        p.relative_to(directory): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def test_export_import_export_gives_the_same_bytes(kind, tmp_path):
    demo_item(kind)
    first, second = tmp_path / "first", tmp_path / "second"
    call_command("export_content", str(first), "--type", kind.folder, stdout=StringIO())
    flush(kind)
    assert not kind.model.objects.exists()
    call_command("import_content", str(first), stdout=StringIO(), stderr=StringIO())
    call_command("export_content", str(second), "--type", kind.folder, stdout=StringIO())
    exported = files(first)
    assert any(path.parts[0] == kind.folder for path in exported)
    assert files(second) == exported


# --- 5. site search ------------------------------------------------------------------------


def test_site_search_finds_a_live_item_by_its_title(kind, client):
    item = demo_item(kind)
    title, url, _summary = kind.search_hit(item)
    assert url == item.get_absolute_url()
    assert url in found(client, title)


def test_site_search_finds_a_retitled_item_by_its_new_title_not_its_old_one(kind, client):
    item = retitle(kind, demo_item(kind), OLD_NAME)
    assert item.get_absolute_url() in found(client, OLD_NAME)
    retitle(kind, item, NEW_NAME)
    assert item.get_absolute_url() in found(client, NEW_NAME)
    assert item.get_absolute_url() not in found(client, OLD_NAME)


def shared_names(model):
    """(lookup, model) of every shared name (taxonomy, tags) an item of model or its rows
    can show: its own relations, and those of the rows that belong to it."""

    def shared(field):
        return getattr(field.related_model, "shared_names", False)

    paths = []
    for field in model._meta.get_fields():
        if field.is_relation and (field.concrete or field.many_to_many) and shared(field):
            paths.append((field.name, field.related_model))
        elif field.one_to_many and field.auto_created:
            rows = field.related_model._meta.get_fields()
            paths += [
                (f"{field.name}__{f.name}", f.related_model)
                for f in rows
                if f.concrete and f.is_relation and shared(f)
            ]
    return paths


SHOWN_NAMES = [(kind, *name) for kind in content_kinds() for name in shared_names(kind.model)]


@pytest.mark.parametrize(
    ("kind", "path", "names"), SHOWN_NAMES, ids=[f"{k.folder}-{p}" for k, p, _ in SHOWN_NAMES]
)
def test_site_search_follows_a_renamed_shared_name(client, kind, path, names):
    item = demo_item(kind, **{f"{path}__isnull": False})
    name = names.objects.get(pk=kind.model.objects.filter(pk=item.pk).values(path)[:1])
    # Whether the item's search text holds the name at all, asked without the rename rule:
    # the name changed behind its back, the item's search text made again by hand.
    names.objects.filter(pk=name.pk).update(name=OLD_NAME)
    item.refresh_derived()
    if item.get_absolute_url() not in found(client, OLD_NAME):
        pytest.skip(f"site search does not find {kind.folder} items by their {path}")

    name.name = NEW_NAME
    name.save()  # a rename, as in the admin

    assert item.get_absolute_url() in found(client, NEW_NAME)
    assert item.get_absolute_url() not in found(client, OLD_NAME)


# --- 6. content checks ----------------------------------------------------------------------


def test_check_content_checks_every_item_of_the_type_drafts_too(kind):
    set_state(demo_item(kind), status="draft")
    out = StringIO()
    # A demo may link to another type's demo, not loaded here (an event's report to an
    # interview): an error, and the command exits 1, after writing its report.
    with contextlib.suppress(CommandError):
        call_command("check_content", "--type", kind.folder, "--format", "json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["items_checked"] == kind.model.objects.count()
    assert {finding["type"] for finding in report["findings"]} <= {kind.folder}

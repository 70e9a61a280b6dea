"""Nothing that is not live reaches the public, on any surface, at the clock's edges.

Surfaces: the article URL, home, the list, the list filtered (and its facet
options and counts), search, the category page, the Atom feeds (all, per
category, per tag), the sitemap, and the related links and structured data on
a live article's page. A name (category, route, department, tag) that only
unpublished articles use is, on every surface, a name that does not exist.
"""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from interviews.filtering import list_url
from interviews.models import Article, ScheduleEntry, Tag
from tests.factories import (
    make_article,
    make_category,
    make_department,
    make_profile,
    make_route,
    make_tag,
)

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 4, 1, 10, 0, tzinfo=datetime.UTC)
SECOND = datetime.timedelta(seconds=1)

HIDDEN = {
    "draft": {"status": Article.Status.DRAFT, "published_at": NOW - SECOND},
    "review": {"status": Article.Status.REVIEW, "published_at": NOW - SECOND},
    "scheduled_one_second_ahead": {"published_at": NOW + SECOND},
    "expired_one_second_ago": {"published_at": NOW - 10 * SECOND, "expires_at": NOW - SECOND},
    "expiring_right_now": {"published_at": NOW - 10 * SECOND, "expires_at": NOW},
}
VISIBLE = {
    "published_right_now": {"published_at": NOW},
    "published_one_second_ago": {"published_at": NOW - SECOND},
    "expiring_one_second_ahead": {"published_at": NOW - 10 * SECOND, "expires_at": NOW + SECOND},
}

SURFACES = {
    "home": lambda a: "/",
    "list": lambda a: reverse("interviews:article-list"),
    "list filtered": lambda a: reverse("interviews:article-list") + "?place=home&tag=shared",
    "search": lambda a: reverse("interviews:article-list") + "?q=共通語",
    "category": lambda a: a.category.get_absolute_url(),
    "feed": lambda a: reverse("interviews:feed"),
    "category feed": lambda a: reverse("careers:category-feed", args=[a.category.slug]),
    "tag feed": lambda a: reverse("interviews:tag-feed", args=["shared"]),
    "sitemap": lambda a: "/sitemap-articles.xml",
    "related links on a live article": lambda a: reverse(
        "interviews:article-detail", args=["the-live-one"]
    ),
}


@pytest.fixture
def visitors(django_user_model):
    member = django_user_model.objects.create_user("member", password="x")
    logged_in = Client()
    logged_in.force_login(member)
    return {"anonymous": Client(), "logged_in_non_staff": logged_in}


def make(kwargs, title, slug=None):
    secret = title.startswith("秘密")
    article = make_article(
        title,
        category=make_category("ICT職", slug="ict"),
        lead="共通語を含むリード",
        slug=slug or ("secret-article" if secret else "public-article"),
        **kwargs,
    )
    article.tags.set([Tag.objects.get_or_create(name="共通タグ", slug="shared")[0]])
    profile = make_profile(
        article,
        label="秘密のAさん" if secret else "Aさん",
        department=make_department("秘密局" if secret else "総務局"),
    )
    ScheduleEntry.objects.create(
        profile=profile, start=datetime.time(9), title="在宅", place="home"
    )
    article.refresh_derived()  # as the admin and the importer do after saving rows
    return article


@pytest.mark.parametrize("visitor", ["anonymous", "logged_in_non_staff"])
@pytest.mark.parametrize("case", HIDDEN)
def test_hidden_article_is_on_no_surface(visitors, visitor, case):
    client = visitors[visitor]
    article = make(HIDDEN[case], "秘密の記事")
    make({"published_at": NOW - datetime.timedelta(days=1)}, "公開記事", slug="the-live-one")
    with time_machine.travel(NOW, tick=False):
        assert client.get(article.get_absolute_url()).status_code == 404
        for name, url in SURFACES.items():
            response = client.get(url(article))
            assert response.status_code == 200, name
            html = response.content.decode()
            assert "公開記事" in html or "the-live-one" in html, name
            assert "秘密" not in html, name
            assert article.slug not in html, name


@pytest.mark.parametrize("case", VISIBLE)
def test_live_article_is_on_every_surface(client, case):
    article = make(VISIBLE[case], "公開中の記事")
    make({"published_at": NOW - datetime.timedelta(days=1)}, "別の公開記事", slug="the-live-one")
    with time_machine.travel(NOW, tick=False):
        assert client.get(article.get_absolute_url()).status_code == 200
        for name, url in SURFACES.items():
            assert article.slug in client.get(url(article)).content.decode(), name


def test_taxonomy_of_unpublished_articles_appears_nowhere(client):
    upcoming = make_article(
        "予定の記事",
        status=Article.Status.DRAFT,
        category=make_category("準備中の職種", slug="upcoming-job"),
        tags=["準備中のタグ"],
    )
    make_profile(
        upcoming,
        department=make_department("準備中の局"),
        entry_route=make_route("準備中の選考"),
    )
    make_article("公開記事", category=make_category("ICT職", slug="ict"))
    tag = make_tag("準備中のタグ")
    department = upcoming.profiles.get().department
    route = upcoming.profiles.get().entry_route
    list_url = reverse("interviews:article-list")
    pages = [
        "/",
        list_url,
        f"{list_url}?tag={tag.slug}",
        f"{list_url}?department={department.slug}",
        f"{list_url}?route={route.slug}",
        f"{list_url}?category=upcoming-job",
        reverse("interviews:feed"),
        "/sitemap-articles.xml",
        "/sitemap-categories.xml",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "準備中" not in response.content.decode(), url
    for url in [
        reverse("careers:category-detail", args=["upcoming-job"]),
        reverse("careers:category-feed", args=["upcoming-job"]),
        reverse("interviews:tag-feed", args=[tag.slug]),
    ]:
        assert client.get(url).status_code == 404, url


def test_taxonomy_shows_once_an_article_using_it_goes_live(client):
    article = make_article(
        "予定の記事", status=Article.Status.DRAFT, category=make_category("新職種", slug="new-job")
    )
    category_url = reverse("careers:category-detail", args=["new-job"])
    assert client.get(category_url).status_code == 404
    article.status, article.published_at = Article.Status.PUBLISHED, NOW
    article.save()
    assert client.get(category_url).status_code == 200
    assert "新職種" in client.get("/").content.decode()


# --- a name only unpublished articles use looks like a name that does not exist ---------

PLANNED = {
    "category": "準備中の職種",
    "route": "準備中の選考",
    "department": "準備中の局",
    "tag": "準備中のタグ",
}
UNKNOWN_SLUG = "no-such-name"


@pytest.fixture
def planned_names():
    """A live article with a name of each kind, and a draft with names no live article
    uses: {filter key: (slug a live article uses, slug only the draft uses)}."""
    live = make_article("公開記事", category=make_category("ICT職", slug="ict"), tags=["働き方"])
    make_profile(live, department=make_department("総務局"), entry_route=make_route("経験者採用"))
    draft = make_article(
        "予定の記事",
        status=Article.Status.DRAFT,
        category=make_category(PLANNED["category"], slug="upcoming-job"),
        tags=[PLANNED["tag"]],
    )
    make_profile(
        draft,
        department=make_department(PLANNED["department"]),
        entry_route=make_route(PLANNED["route"]),
    )
    used, planned = live.profiles.get(), draft.profiles.get()
    return {
        "category": ("ict", "upcoming-job"),
        "route": (used.entry_route.slug, planned.entry_route.slug),
        "department": (used.department.slug, planned.department.slug),
        "tag": (make_tag("働き方").slug, make_tag(PLANNED["tag"]).slug),
    }


def page_as_for(client, url_of, slug):
    """(status, page) at url_of(slug), the slug written as UNKNOWN_SLUG: all that could
    tell one name from another."""
    response = client.get(url_of(slug))
    return response.status_code, response.content.decode().replace(slug, UNKNOWN_SLUG)


@pytest.mark.parametrize("key", PLANNED)
def test_filtering_by_a_name_only_drafts_use_gives_the_page_of_an_unknown_name(
    client, planned_names, key
):
    _used, planned = planned_names[key]

    def filtered(slug):
        return list_url(**{key: slug})

    status, html = page_as_for(client, filtered, planned)
    assert (status, html) == page_as_for(client, filtered, UNKNOWN_SLUG)
    assert '<meta name="robots" content="noindex, follow">' in html
    assert 'rel="canonical"' not in html
    assert PLANNED[key] not in html


@pytest.mark.parametrize("key", PLANNED)
def test_filtering_by_a_name_a_live_article_uses_gives_its_indexable_page(
    client, planned_names, key
):
    used, _planned = planned_names[key]
    response = client.get(list_url(**{key: used}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "noindex" not in html
    assert f'<link rel="canonical" href="http://testserver{list_url(**{key: used})}">' in html
    assert [card.title for card in response.context["page_obj"]] == ["公開記事"]
    assert response.context["description"].endswith("の職員インタビューの一覧です。")


@pytest.mark.parametrize(
    ("key", "url_name"),
    [
        ("category", "careers:category-detail"),
        ("category", "careers:category-feed"),
        ("tag", "interviews:tag-feed"),
    ],
)
def test_page_or_feed_of_a_name_only_drafts_use_is_that_of_an_unknown_name(
    client, planned_names, key, url_name
):
    _used, planned = planned_names[key]

    def url_of(slug):
        return reverse(url_name, args=[slug])

    status, html = page_as_for(client, url_of, planned)
    assert (status, html) == page_as_for(client, url_of, UNKNOWN_SLUG)
    assert status == 404


def test_filter_options_sitemap_and_home_name_only_what_live_articles_use(client, planned_names):
    list_page = client.get(list_url())
    options = {f.key: [o.label for o in f.options] for f in list_page.context["facets"]}
    assert options["category"] == ["ICT職"]
    assert options["route"] == ["経験者採用"]
    assert options["department"] == ["総務局"]
    assert options["tag"] == ["働き方"]
    sitemap = client.get("/sitemap-categories.xml").content.decode()
    assert "/careers/ict/" in sitemap and "upcoming-job" not in sitemap
    assert [c.name for c in client.get("/").context["categories"]] == ["ICT職"]

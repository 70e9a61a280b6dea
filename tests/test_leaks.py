"""Nothing that is not live reaches the public, on any surface, at the clock's edges.

Surfaces: the article URL, home, the list, the list filtered (and its facet
options and counts), search, the category page, the Atom feeds (all, per
category, per tag), the sitemap, and the related links and structured data on
a live article's page.
"""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from interviews.models import Article, ScheduleEntry, Tag
from tests.factories import make_article, make_category, make_department, make_profile

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
    from tests.factories import make_route, make_tag

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

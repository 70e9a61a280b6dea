"""Whatever path writes the content, nothing derived from it is served stale: pages, kept
renderings, the live index and the search text (careers/core/freshness.py)."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from careers.core import freshness
from careers.routes.models import RoutePage
from careers.taxonomy.models import EntryRoute, JobCategory
from interviews.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.mark.parametrize("said", [(), (JobCategory,)], ids=["anything", "the_category"])
def test_a_category_moved_by_update_leaves_no_kept_body_linking_to_its_old_url(client, said):
    article = make_article("職種のリンクがある記事", people=1, answers=1)
    category = article.category
    old_url = category.get_absolute_url()
    assert old_url in client.get(article.get_absolute_url()).content.decode()

    JobCategory.objects.filter(pk=category.pk).update(slug="renamed-category")  # no signal
    freshness.changed(*said)  # as load_demo and the importer say after such writes

    html = client.get(article.get_absolute_url()).content.decode()
    assert "/careers/renamed-category/" in html
    assert old_url not in html
    assert client.get(old_url).status_code == 404


def test_a_renamed_route_is_found_by_its_new_name_and_not_its_old_one(client):
    route = EntryRoute.objects.create(name="経験者採用選考", slug="keiken")
    page = RoutePage.objects.create(
        route=route, status="published", published_at="2026-01-01T00:00Z"
    )
    page.refresh_derived()
    assert "採用区分（1件）" in search(client, "経験者採用選考")

    route.name = "キャリア活用採用選考"
    route.save()

    assert "採用区分（1件）" in search(client, "キャリア活用")
    assert "採用区分（" not in search(client, "経験者採用選考")


def test_a_renamed_tag_is_found_on_the_list_by_its_new_name(client):
    article = make_article("タグの記事", tags=["在宅勤務"])
    tag = article.tags.get()
    client.get(reverse("interviews:article-list"))  # the live index and the page are kept
    tag.name = "テレワーク"
    tag.save()
    html = client.get(reverse("interviews:article-list")).content.decode()
    assert "テレワーク" in html and "在宅勤務" not in html


def search(client, words):
    return client.get(reverse("search"), {"q": words}).content.decode()


def test_rows_no_page_shows_change_no_token():
    before = freshness.current_version(), freshness.current_version(freshness.NAMES_KEY)
    article = make_article(status=Article.Status.DRAFT)
    after_article = freshness.current_version()
    assert after_article != before[0]
    article.share_links.create()
    assert freshness.current_version() == after_article


def test_saving_a_shared_name_unchanged_rewrites_no_item(django_assert_max_num_queries):
    """A category or tag saved as it is (a reordering in the admin's list) must not touch
    the thousands of items that use it: only a rename refreshes what shows the name."""
    route = EntryRoute.objects.create(name="経験者採用選考", slug="keiken")
    RoutePage.objects.create(route=route, lead="概要").refresh_derived()
    article = make_article("タグの記事", tags=["在宅勤務"])
    tag, route = article.tags.get(), EntryRoute.objects.get(pk=route.pk)
    with django_assert_max_num_queries(4):  # the row and the two tokens
        tag.save()
    with django_assert_max_num_queries(4):
        route.save()

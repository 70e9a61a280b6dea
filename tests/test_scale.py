"""What keeps pages fast at 10,000 articles, and must never make them wrong.

The live index (bit sets of live articles per filter value), the search index
(FTS5 trigram on SQLite, pg_trgm on PostgreSQL) and the kept renderings of an
article's body and cards are all derived data: each test here changes the
source and checks that the page shows the change on the next request.
"""

import datetime
import itertools

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from careers.core import search
from careers.taxonomy.models import Department, EntryRoute
from interviews.models import Article, ScheduleEntry, Tag
from tests.factories import make_article, make_department, make_profile, make_route

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

LIST = reverse("interviews:article-list")


@pytest.fixture
def collection():
    """Twelve live articles with overlapping tags, routes, departments and places, and one draft."""
    routes = [make_route("キャリア活用採用選考"), make_route("ICT職採用試験（大学卒業程度）")]
    departments = [make_department(f"局{n}") for n in range(3)]
    places = ["office", "home", "satellite"]
    tags = ["働き方", "育児", "ＡＩ活用"]
    articles = []
    for n in range(13):
        article = make_article(
            f"記事{n}",
            tags=[tags[n % 3], tags[(n + 1) % 3]] if n % 4 else [tags[0]],
            status=Article.Status.DRAFT if n == 12 else Article.Status.PUBLISHED,
        )
        for p in range(1 + n % 2):
            person = make_profile(
                article,
                position=p,
                entry_route=routes[(n + p) % 2],
                department=departments[(n + p) % 3],
            )
            ScheduleEntry.objects.create(
                profile=person, start=datetime.time(9 + p), title="作業", place=places[(n + p) % 3]
            )
        article.refresh_derived()
        articles.append(article)
    return articles


def facet_counts(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    counts = {(f.key, o.value): o.count for f in response.context["facets"] for o in f.options}
    return counts, sorted(card.title for card in response.context["page_obj"]), response


def truth(key, value, others):
    """The count the database gives, by the relations themselves (no derived column)."""
    live = Article.objects.live()
    for other_key, other_value in others.items():
        live = live.filter(**lookup(other_key, other_value))
    return live.filter(**lookup(key, value)).distinct().count()


def lookup(key, value):
    return {
        "category": {"category__slug": value},
        "route": {"profiles__entry_route__slug": value},
        "department": {"profiles__department__slug": value},
        "place": {"profiles__schedule__place": value},
        "tag": {"tags__slug": value},
    }[key]


def test_every_facet_count_agrees_with_the_database_under_every_pair_of_filters(client, collection):
    values = {
        "route": [r.slug for r in EntryRoute.objects.all()],
        "department": [d.slug for d in Department.objects.all()],
        "place": ["office", "home", "satellite"],
        "tag": [t.slug for t in Tag.objects.all()],
    }
    combinations = [{}] + [
        {k1: v1, k2: v2}
        for k1, k2 in itertools.combinations(values, 2)
        for v1 in values[k1][:2]
        for v2 in values[k2][:2]
    ]
    for filters in combinations:
        counts, titles, _ = facet_counts(client, **filters)
        expected_titles = sorted(
            Article.objects.live().filter(pk__in=_matching(filters)).values_list("title", flat=True)
        )
        assert titles == expected_titles[:12], filters
        for (key, value), count in counts.items():
            others = {k: v for k, v in filters.items() if k != key}
            assert count == truth(key, value, others), (filters, key, value)


def _matching(filters):
    live = Article.objects.live()
    for key, value in filters.items():
        live = live.filter(**lookup(key, value))
    return live.values("pk")


def test_the_draft_is_counted_nowhere_and_its_tag_is_not_offered(client, collection):
    draft = collection[12]
    secret = Tag.objects.create(name="下書きだけのタグ")
    draft.tags.add(secret)
    draft.refresh_derived()
    counts, titles, response = facet_counts(client)
    assert "記事12" not in titles
    assert ("tag", secret.slug) not in counts
    assert "下書きだけのタグ" not in response.content.decode()
    # Asked for by its slug, it matches nothing and is not offered to be removed either.
    counts, titles, response = facet_counts(client, tag=secret.slug)
    assert titles == []
    assert "下書きだけのタグ" not in response.content.decode()


def test_a_scheduled_article_joins_the_list_and_its_counts_at_its_moment(client, collection):
    moment = timezone.now() + datetime.timedelta(hours=1)
    later = make_article("予約記事", tags=["予約タグ"], published_at=moment)
    tag = Tag.objects.get(name="予約タグ")
    with time_machine.travel(moment - datetime.timedelta(seconds=1), tick=False):
        counts, titles, _ = facet_counts(client)
        assert "予約記事" not in titles and ("tag", tag.slug) not in counts
    with time_machine.travel(moment, tick=False):
        counts, titles, _ = facet_counts(client)
        assert "予約記事" in titles and counts[("tag", tag.slug)] == 1
        assert later.title in client.get("/").content.decode()


def test_a_published_article_is_in_the_list_on_the_next_request(client, collection, publisher_user):
    _counts, before, _ = facet_counts(client)
    draft = collection[12]
    draft.publish(by=publisher_user)
    _counts, after, _ = facet_counts(client)
    assert "記事12" not in before and "記事12" in after


@pytest.mark.parametrize(
    "query",
    ["記事", "作業", "働", "ＡＩ", "ai活用", "ｷｬﾘｱ", "リード文", 'a"b', "%", "_", "存在しない"],
)
def test_the_search_index_finds_exactly_what_a_substring_match_finds(collection, query):
    expected = {a.pk for a in Article.objects.all() if search.normalize(query) in a.search_text}
    assert set(search.matching_pks(Article, query)) == expected
    assert (
        set(Article.objects.filter(search.matching(Article, query)).values_list("pk", flat=True))
        == expected
    )


def test_the_search_index_follows_edits_and_deletions(client, collection):
    article = collection[3]
    article.lead = "量子暗号の検証を担当しています。"
    article.save()
    article.refresh_derived()
    assert [c.title for c in client.get(LIST, {"q": "量子暗号"}).context["page_obj"]] == ["記事3"]
    article.delete()
    assert list(client.get(LIST, {"q": "量子暗号"}).context["page_obj"]) == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite keeps its index with triggers")
def test_triggers_dropped_by_a_table_rebuild_are_made_again_and_the_index_rebuilt(collection):
    table = search.fts_table(Article)
    with connection.cursor() as cursor:
        for name in ("insert", "delete", "update"):
            cursor.execute(f'DROP TRIGGER "{table}_{name}"')
    Article.objects.filter(pk=collection[0].pk).update(search_text="トリガーなしの変更")
    search.install_indexes()  # what migrate does after every run
    assert search.matching_pks(Article, "トリガーなし") == [collection[0].pk]


def test_renaming_a_department_shows_on_the_kept_article_and_its_card(client, collection):
    article = collection[1]
    client.get(article.get_absolute_url())  # keeps its body and the related cards
    client.get(LIST)
    department = article.profiles.first().department
    department.name = "新しい局名"
    department.save()
    assert "新しい局名" in client.get(article.get_absolute_url()).content.decode()
    assert "新しい局名" in client.get(LIST).content.decode()


def test_an_edited_answer_shows_on_the_kept_article(client, admin_client):
    article = make_article("回答を直す記事", people=1, answers=1)
    client.get(article.get_absolute_url())
    answer = article.profiles.first().answers.first()
    answer.body = "直した回答です。"
    answer.save()
    article.save()  # the admin saves the article with its rows, which renews its edit token
    article.refresh_derived()
    assert "直した回答です。" in client.get(article.get_absolute_url()).content.decode()


def test_a_restored_version_shows_on_the_kept_article(admin_client, client):
    from reversion.models import Version

    article = make_article("版を戻す記事", people=1, answers=1)
    change = reverse("admin:interviews_article_change", args=[article.pk])
    from tests.forms import form_data

    data = form_data(admin_client.get(change).content.decode())
    assert admin_client.post(change, data).status_code == 302  # version 1
    first_lead = Article.objects.get(pk=article.pk).lead
    data = form_data(admin_client.get(change).content.decode())
    data["lead"] = "書き換えたリード文です。"
    assert admin_client.post(change, data).status_code == 302  # version 2
    assert "書き換えたリード文です。" in client.get(article.get_absolute_url()).content.decode()
    version = Version.objects.get_for_object(article).order_by("pk").first()
    revert = reverse("admin:interviews_article_revision", args=[article.pk, version.pk])
    data = form_data(admin_client.get(revert).content.decode())
    assert admin_client.post(revert, data).status_code == 302
    html = client.get(article.get_absolute_url()).content.decode()
    assert "書き換えたリード文です。" not in html and first_lead in html

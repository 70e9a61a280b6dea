from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from careers.taxonomy.models import EntryRoute
from interviews.models import Answer, Article, ScheduleEntry, StaffProfile

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "articles": sorted(Article.objects.values_list("id", "slug", "updated_at")),
        "profiles": sorted(StaffProfile.objects.values_list("id", "label", "photo")),
        "entries": ScheduleEntry.objects.count(),
        "answers": Answer.objects.count(),
    }


def test_load_demo_twice_gives_the_same_rows():
    call_command("load_demo", stdout=StringIO())
    first = snapshot()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert snapshot() == first
    assert "インタビュー記事: 0 件を作成しました" in out.getvalue()


def test_demo_content_is_varied():
    call_command("load_demo", stdout=StringIO())
    live = Article.objects.live()
    assert live.count() >= 6
    assert Article.objects.filter(status=Article.Status.DRAFT).exists()
    assert Article.objects.filter(status="published", published_at__gt=timezone.now()).exists()
    people_per_article = {a.profiles.count() for a in live}
    assert {1, 2, 3} <= people_per_article
    places = set(ScheduleEntry.objects.values_list("place", flat=True))
    assert {"office", "home", "satellite"} <= places
    kinds = set(StaffProfile.objects.values_list("entry_route__kind", flat=True))
    assert kinds == {EntryRoute.Kind.NEW_GRADUATE, EntryRoute.Kind.EXPERIENCED}
    assert StaffProfile.objects.values("department").distinct().count() >= 3
    assert Answer.objects.exclude(note="").exists()
    with_photo = StaffProfile.objects.exclude(photo="")
    assert with_photo.exists()
    assert not with_photo.filter(photo_alt="").exists()


def test_every_demo_article_page_renders(client):
    call_command("load_demo", stdout=StringIO())
    for article in Article.objects.live():
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        assert article.title in response.content.decode()

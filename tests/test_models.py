import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from careers.taxonomy.models import Department, EntryRoute
from interviews.models import Article, ScheduleEntry, Tag
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def live_titles(now=None):
    return sorted(a.title for a in Article.objects.live(now=now))


def test_live_shows_only_published_articles_whose_time_has_come(article_factory):
    now = timezone.now()
    article_factory("公開中")
    article_factory("下書き", status=Article.Status.DRAFT)
    article_factory("確認待ち", status=Article.Status.REVIEW, published_at=now)
    article_factory("予約", published_at=now + datetime.timedelta(seconds=1))
    article_factory("公開終了", expires_at=now - datetime.timedelta(seconds=1))
    article_factory("まもなく終了", expires_at=now + datetime.timedelta(seconds=1))
    assert live_titles(now) == ["まもなく終了", "公開中"]


def test_scheduled_article_goes_live_at_its_time(article_factory):
    at = timezone.now() + datetime.timedelta(hours=1)
    article_factory("予約", published_at=at)
    assert live_titles(at - datetime.timedelta(seconds=1)) == []
    assert live_titles(at) == ["予約"]


def test_expired_article_disappears_at_its_time(article_factory):
    end = timezone.now() + datetime.timedelta(hours=1)
    article_factory("期限付き", expires_at=end)
    assert live_titles(end - datetime.timedelta(seconds=1)) == ["期限付き"]
    assert live_titles(end) == []


def test_database_refuses_schedule_entry_ending_before_it_starts(profile_factory, article_factory):
    profile = profile_factory(article_factory())
    with pytest.raises(IntegrityError):
        ScheduleEntry.objects.create(
            profile=profile, start=datetime.time(10), end=datetime.time(9), title="逆転"
        )


def test_schedule_entry_validation_names_the_end_field(profile_factory, article_factory):
    entry = ScheduleEntry(
        profile=profile_factory(article_factory()),
        start=datetime.time(10),
        end=datetime.time(10),
        title="同時刻",
    )
    with pytest.raises(ValidationError) as excinfo:
        entry.full_clean()
    assert excinfo.value.message_dict["end"] == ["終了時刻は開始時刻より後にしてください。"]


def test_database_refuses_published_article_without_date(article_factory):
    with pytest.raises(IntegrityError):
        Article.objects.create(title="日付なし", slug="no-date", status=Article.Status.PUBLISHED)


def test_published_article_without_date_is_a_field_error():
    article = Article(title="日付なし", slug="no-date", status=Article.Status.PUBLISHED)
    with pytest.raises(ValidationError) as excinfo:
        article.full_clean()
    assert "published_at" in excinfo.value.message_dict


def test_article_slugs_are_unique(article_factory):
    article_factory(slug="same")
    with pytest.raises(IntegrityError):
        article_factory(slug="same")


def test_article_without_slug_gets_its_title_in_romaji():
    published = datetime.datetime(2025, 4, 1, 10, tzinfo=datetime.UTC)
    first = Article.objects.create(title="区民の暮らしを支える2人", published_at=published)
    second = Article.objects.create(title="区民の暮らしを支える2人", published_at=published)
    assert first.slug == "kumin-kurashi-sasaeru-2-nin"
    assert second.slug == "kumin-kurashi-sasaeru-2-nin-2"


def test_a_title_with_nothing_to_romanise_gives_the_publication_date():
    published = datetime.datetime(2025, 4, 1, 10, tzinfo=datetime.UTC)
    assert Article.objects.create(title="★☆★", published_at=published).slug == "interview-20250401"


def test_japanese_reference_names_get_distinct_ascii_slugs():
    university = EntryRoute.objects.create(name="ICT職採用試験（大学卒業程度）")
    high_school = EntryRoute.objects.create(name="ICT職採用試験（高校・専門学校卒業程度）")
    bureau = Department.objects.create(name="デジタルサービス局")
    assert university.slug == "ict-shoku-saiyoushiken-daigakusotsugyou-teido"
    assert high_school.slug == "ict-shoku-saiyoushiken-koukou-senmongakkou"
    assert bureau.slug == "dejitarusaabisu-kyoku"
    # Names that read the same get numbered, not merged.
    assert Tag.objects.create(name="在宅勤務").slug == "zaitakukinmu"
    assert Tag.objects.create(name="ざいたくきんむ").slug == "zaitakukinmu-2"
    assert Tag.objects.create(name="★").slug == "tag"


def test_schedule_is_ordered_by_time(profile_factory, article_factory):
    profile = profile_factory(article_factory())
    for hour in (13, 9, 11):
        ScheduleEntry.objects.create(profile=profile, start=datetime.time(hour), title=f"{hour}時")
    assert [e.title for e in profile.schedule.all()] == ["9時", "11時", "13時"]


def test_an_ascii_name_whose_slug_is_taken_gets_a_numbered_slug():
    from careers.taxonomy.models import JobCategory

    JobCategory.objects.create(name="ict")
    second = JobCategory.objects.create(name="ICT")  # was an IntegrityError (a 500 in admin)
    third = JobCategory.objects.create(name="Ict")
    assert (second.slug, third.slug) == ("ict-2", "ict-3")


def test_the_free_slug_helper_adds_the_first_unused_number():
    from careers.core.slugs import unique_slug

    make_article(slug="interview-20250401")
    make_article(slug="interview-20250401-2")
    assert unique_slug(Article, "interview-20250401") == "interview-20250401-3"
    assert unique_slug(Article, "something-new") == "something-new"


def test_an_uppercase_slug_is_refused_by_the_model_for_admin_and_import_alike():
    from django.core.exceptions import ValidationError

    from careers.core.slugs import SLUG_FORMAT

    article = make_article(slug="fine-slug")
    article.slug = "Not_Fine"
    with pytest.raises(ValidationError) as excinfo:
        article.full_clean()
    assert excinfo.value.message_dict["slug"] == [SLUG_FORMAT]


def test_the_migration_makes_generated_hash_slugs_readable_and_keeps_chosen_ones():
    from careers.core.slugs import _hashed_slug, make_hashed_slugs_readable

    hashed = Tag.objects.create(name="テレワーク", slug=_hashed_slug("テレワーク", "tag"))
    chosen = Tag.objects.create(name="子育て", slug="family")
    assert hashed.slug.startswith("tag-")
    make_hashed_slugs_readable(Tag, "tag")
    hashed.refresh_from_db(), chosen.refresh_from_db()
    assert (hashed.slug, chosen.slug) == ("terewaaku", "family")

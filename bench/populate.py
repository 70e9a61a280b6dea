"""Generated live articles in bulk, for measuring pages at 100, 1,000 and 10,000 articles.

The YAML importer validates and versions every article (about 23 a second); the
scale figures need 10,000, so this writes the same shape of rows with
bulk_create(): 2 or 3 people per article, 8 schedule entries and 4 answers each,
2 tags from 20, a category from 3, departments from 12, routes from 3, every
place. The search column is built by the same code the site uses. Never run on
a real database: `make bench` gives it a throwaway one.
"""

import datetime

from django.db import connection, transaction
from django.utils import timezone

from careers.core.freshness import changed
from careers.core.publishing import Status
from careers.taxonomy.models import Department, EntryRoute, JobCategory
from interviews.models import Answer, Article, ScheduleEntry, StaffProfile, Tag

PLACES = list(ScheduleEntry.Place.values)
BATCH = 500


def _taxonomy(model, names, **extra):
    return [model.objects.get_or_create(name=name, defaults=extra)[0] for name in names]


def populate(total):
    """Add generated live articles until there are `total` of them (scale-NNNNN slugs)."""
    have = Article.objects.filter(slug__startswith="scale-").count()
    categories = _taxonomy(JobCategory, ["ICT職", "ICT職（技術）", "ICT職（企画）"])
    departments = _taxonomy(Department, [f"局{n}" for n in range(12)])
    routes = _taxonomy(
        EntryRoute, ["ICT職採用試験（大学卒業程度）", "キャリア活用採用選考", "経験者採用選考"]
    )
    tags = _taxonomy(Tag, ["働き方", "やりがい"] + [f"タグ{n}" for n in range(18)])
    start = timezone.now() - datetime.timedelta(days=total + 1)
    for first in range(have, total, BATCH):
        with transaction.atomic():
            _batch(
                range(first, min(first + BATCH, total)),
                start,
                categories,
                departments,
                routes,
                tags,
            )
    with transaction.atomic():
        changed()
    # Fresh statistics, and on PostgreSQL the dead rows of the bulk load cleared, so
    # that what is measured next is the pages, not autovacuum catching up.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def _batch(numbers, start, categories, departments, routes, tags):
    articles = Article.objects.bulk_create(
        Article(
            slug=f"scale-{n:05d}",
            title=f"ベンチマーク記事{n}：ＩＣＴ職の1日",
            status=Status.PUBLISHED,
            published_at=start + datetime.timedelta(days=n // 3, minutes=n),
            category=categories[n % 3],
            lead=f"記事{n}のリード文です。" + "職員の1日を紹介します。" * 10,
            closing_heading="メッセージ",
            closing_body="一緒に働きましょう。" * 5,
        )
        for n in numbers
    )
    Article.tags.through.objects.bulk_create(
        Article.tags.through(article=a, tag=tags[(n + k * 7) % len(tags)])
        for n, a in zip(numbers, articles, strict=True)
        for k in range(2)
    )
    profiles = StaffProfile.objects.bulk_create(
        StaffProfile(
            article=a,
            position=p,
            label=f"{'ABC'[p]}さん",
            job_category=categories[n % 3],
            affiliation=f"デジタルサービス局 第{p + 1}課",
            entry_route=routes[(n + p) % 3],
            department=departments[(n + p) % 12],
            duties="庁内システムの企画と運用を担当しています。" * 3,
        )
        for n, a in zip(numbers, articles, strict=True)
        for p in range(2 + n % 2)
    )
    ScheduleEntry.objects.bulk_create(
        ScheduleEntry(
            profile=person,
            start=datetime.time(8 + e),
            end=datetime.time(8 + e, 45),
            title=f"作業{e + 1}",
            detail="打ち合わせと資料作成。",
            place=PLACES[(person.pk + e) % len(PLACES)],
        )
        for person in profiles
        for e in range(8)
    )
    Answer.objects.bulk_create(
        Answer(
            profile=person,
            position=q,
            question=f"質問{q + 1}は何ですか？",
            body=f"{person.label}の回答{q + 1}です。" + "仕事のやりがいについて話します。" * 8,
        )
        for person in profiles
        for q in range(4)
    )
    written = Article.objects.filter(pk__in=[a.pk for a in articles]).prefetch_related(
        "tags", "profiles__schedule", "profiles__answers"
    )
    for article in written:
        for name, value in article.derived_values().items():
            setattr(article, name, value)
    Article.objects.bulk_update(written, ["search_text", "facet_values"])

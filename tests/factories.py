"""Small factories: real rows in the test database, with sensible defaults; and items of
any registered content type, taken from the type's own demo."""

import datetime
import itertools

from django.utils import timezone

from careers.core import freshness
from careers.taxonomy.models import Department, EntryRoute, JobCategory
from interviews.models import Answer, Article, ScheduleEntry, StaffProfile, Tag

_seq = itertools.count(1)


def make_category(name="ICT職", **kwargs):
    return JobCategory.objects.get_or_create(name=name, defaults=kwargs)[0]


def make_department(name="デジタルサービス局"):
    return Department.objects.get_or_create(name=name)[0]


def make_route(name="キャリア活用採用選考", kind=EntryRoute.Kind.EXPERIENCED):
    return EntryRoute.objects.get_or_create(name=name, defaults={"kind": kind})[0]


def make_tag(name):
    return Tag.objects.get_or_create(name=name)[0]


def make_article(
    title=None,
    *,
    status=Article.Status.PUBLISHED,
    published_at=None,
    people=0,
    entries=0,
    answers=0,
    tags=(),
    **kwargs,
):
    n = next(_seq)
    if published_at is None and status == Article.Status.PUBLISHED:
        published_at = timezone.now() - datetime.timedelta(days=n)
    article = Article.objects.create(
        title=title or f"記事{n}",
        slug=kwargs.pop("slug", f"article-{n}"),
        status=status,
        published_at=published_at,
        category=kwargs.pop("category", None) or make_category(),
        lead=kwargs.pop("lead", "リード文です。"),
        **kwargs,
    )
    if tags:
        article.tags.set([make_tag(t) for t in tags])
    for p in range(people):
        make_profile(article, position=p, entries=entries, answers=answers)
    article.refresh_derived()  # as the admin and the importer do after saving rows
    return article


def make_profile(article, *, position=0, entries=0, answers=0, **kwargs):
    profile = StaffProfile.objects.create(
        article=article,
        position=position,
        case_label=kwargs.pop("case_label", f"Case{position + 1}"),
        label=kwargs.pop("label", f"{'ABCDEFGH'[position % 8]}さん"),
        affiliation=kwargs.pop(
            "affiliation", "デジタルサービス局 デジタル基盤部 ネットワーク担当課"
        ),
        job_category=make_category(),
        department=kwargs.pop("department", None) or make_department(),
        entry_route=kwargs.pop("entry_route", None) or make_route(),
        **kwargs,
    )
    ScheduleEntry.objects.bulk_create(
        ScheduleEntry(
            profile=profile,
            start=datetime.time(8 + i % 10, 0),
            end=datetime.time(8 + i % 10, 45),
            title=f"作業{i + 1}",
        )
        for i in range(entries)
    )
    Answer.objects.bulk_create(
        Answer(profile=profile, position=i, question=f"質問{i + 1}", body=f"回答{i + 1}です。")
        for i in range(answers)
    )
    article.refresh_derived()
    return profile


def demo_item(kind, **lookups):
    """A live item of a registered content type (with lookups, one that matches them), made
    by the type's own demo as load_demo makes it: tests that hold for every type take their
    items from here, so that a type added later needs no factory of its own."""
    assert kind.demo is not None, f"{kind.folder}: register a demo(now) that makes live items"
    kind.demo(timezone.now())
    freshness.changed()  # as load_demo says after the demos
    item = kind.model.objects.live().filter(**lookups).order_by("pk").first()
    assert item is not None, f"the demo of {kind.folder} makes no live item with {lookups}"
    return item


def set_state(item, **state):
    """Give an item another status or other dates straight in the database (as a publisher's
    earlier save or an import could have), and say what was written."""
    model = type(item)
    model.objects.filter(pk=item.pk).update(**state)
    freshness.changed(model)
    item.refresh_from_db()
    return item

import datetime
import json
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from interviews.content_checks import _schedule_findings, check_article
from interviews.models import Answer, Article, ScheduleEntry
from tests.factories import make_article, make_profile

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)


def png():
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "PNG")
    return ContentFile(buffer.getvalue())


@pytest.fixture
def clean():
    article = make_article("点検用の記事", slug="clean", people=2, entries=3, answers=2)
    return article


def findings(article):
    fresh = Article.objects.with_content().get(pk=article.pk)
    return {(f.severity, f.location, f.code) for f in check_article(fresh, today=TODAY)}


def first_profile(article):
    return article.profiles.order_by("position").first()


def test_a_clean_article_has_no_findings(clean):
    assert findings(clean) == set()


def test_image_without_alt_text_is_an_error(clean):
    clean.hero_image.save("hero.png", png(), save=True)
    profile = first_profile(clean)
    profile.photo.save("a.png", png(), save=True)
    assert {
        ("error", "hero_alt", "missing-alt"),
        ("error", "profiles[0].photo_alt", "missing-alt"),
    } <= findings(clean)


def test_overlapping_schedule_entries_are_an_error(clean):
    profile = first_profile(clean)
    ScheduleEntry.objects.create(profile=profile, start=datetime.time(8, 30), title="重なる作業")
    assert ("error", "profiles[0].schedule[0]", "schedule-overlap") in findings(clean)


def test_entry_ending_before_it_starts_is_an_error():
    # The database refuses such a row, so check the rule on entries as read from anywhere.
    entries = [
        ScheduleEntry(start=datetime.time(9), end=datetime.time(10), title="朝"),
        ScheduleEntry(start=datetime.time(13), end=datetime.time(12), title="逆転"),
    ]
    found = _schedule_findings(entries, "profiles[0]")
    assert [(f.severity, f.location, f.code) for f in found] == [
        ("error", "profiles[0].schedule[1]", "schedule-order")
    ]


def test_person_without_answers_or_schedule_is_an_error(clean):
    make_profile(clean, position=2, label="Cさん")
    assert {
        ("error", "profiles[2].schedule", "no-schedule"),
        ("error", "profiles[2].qa", "no-answers"),
    } <= findings(clean)


def test_empty_question_or_answer_is_an_error(clean):
    answer = first_profile(clean).answers.first()
    answer.question, answer.body = "  ", "\n"
    answer.save()
    assert {
        ("error", "profiles[0].qa[0].question", "empty-question"),
        ("error", "profiles[0].qa[0].answer", "empty-answer"),
    } <= findings(clean)


def test_link_to_a_page_of_this_site_that_does_not_exist_is_an_error(clean):
    answer = first_profile(clean).answers.first()
    answer.body = "詳しくは[こちら](/interviews/no-such-slug/)と[別の頁](/no/such/page/)へ。"
    answer.save()
    clean.lead = "[一覧](/interviews/)と[外部](https://example.jp/none/)はそのまま。"
    clean.save()
    assert {(s, loc, code) for s, loc, code in findings(clean) if code == "broken-link"} == {
        ("error", "profiles[0].qa[0].answer", "broken-link")
    }
    messages = [f.message for f in check_article(Article.objects.with_content().get(pk=clean.pk))]
    assert any("/interviews/no-such-slug/" in m for m in messages)
    assert any("/no/such/page/" in m for m in messages)


def test_link_to_an_unpublished_article_is_a_warning(clean):
    make_article(slug="draft-target", status=Article.Status.DRAFT)
    clean.closing_body = "[次の記事](/interviews/draft-target/)"
    clean.save()
    assert ("warning", "closing.body", "link-not-live") in findings(clean)


def test_published_article_without_lead_is_an_error(clean):
    clean.lead = ""
    clean.save()
    assert ("error", "lead", "published-without-lead") in findings(clean)


def test_long_lead_without_description_gives_two_warnings(clean):
    clean.lead = "あ" * 301
    clean.save()
    assert {
        ("warning", "lead", "long-lead"),
        ("warning", "meta_description", "no-meta-description"),
    } <= findings(clean)
    clean.meta_description = "説明"
    clean.save()
    assert ("warning", "meta_description", "no-meta-description") not in findings(clean)


def test_long_answer_is_a_warning(clean):
    answer = first_profile(clean).answers.first()
    answer.body = "い" * 1201
    answer.save()
    assert ("warning", "profiles[0].qa[0].answer", "long-answer") in findings(clean)


def test_old_article_with_old_as_of_note_is_a_warning(clean):
    clean.published_at = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    clean.as_of = datetime.date(2023, 12, 1)
    clean.save()
    assert ("warning", "revised_at", "stale") in findings(clean)
    clean.revised_at = datetime.date(2026, 1, 1)
    clean.save()
    assert ("warning", "revised_at", "stale") not in findings(clean)


def test_repeated_question_in_one_profile_is_a_warning(clean):
    profile = first_profile(clean)
    Answer.objects.create(profile=profile, position=5, question="質問1", body="同じ質問")
    assert ("warning", "profiles[0].qa[2].question", "repeated-question") in findings(clean)


def test_command_exits_1_on_errors_and_names_article_and_location(clean):
    make_profile(clean, position=2, label="Cさん")
    out = StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("check_content", stdout=out)
    assert excinfo.value.returncode == 1
    assert "clean: profiles[2].qa: [エラー] Cさんの質問と回答がありません。" in out.getvalue()


def test_command_exits_0_with_only_warnings(clean):
    clean.lead = "う" * 301
    clean.save()
    out = StringIO()
    call_command("check_content", "--slug", "clean", stdout=out)
    assert "エラー 0 件、警告 2 件" in out.getvalue()


def test_json_output_is_stable_for_scripts(clean):
    make_profile(clean, position=2, label="Cさん")
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("check_content", "--format", "json", stdout=out)
    report = json.loads(out.getvalue())
    # Keys added later go at the end, so what scripts read stays where it was.
    assert list(report) == ["articles_checked", "errors", "warnings", "findings", "items_checked"]
    assert report["errors"] == 2
    assert list(report["findings"][0]) == [
        "slug",
        "title",
        "severity",
        "location",
        "code",
        "message",
        "type",
    ]
    assert report["findings"][0]["slug"] == "clean"
    assert report["findings"][0]["type"] == "interviews"


def test_unknown_slug_is_an_error():
    with pytest.raises(CommandError, match="no-such"):
        call_command("check_content", "--slug", "no-such", stdout=StringIO())


def test_admin_change_form_shows_the_findings(admin_client, clean):
    make_profile(clean, position=2, label="Cさん")
    html = admin_client.get(
        reverse("admin:interviews_article_change", args=[clean.pk])
    ).content.decode()
    assert "点検結果" in html
    assert "【エラー】</strong>Cさん の質問と回答：Cさんの質問と回答がありません。" in html
    assert "profiles[" not in html and "`" not in html  # HR's words, not the file format's


def test_the_admin_names_a_schedule_entry_by_person_number_and_time(admin_client, clean):
    from interviews.content_checks import describe_location

    person = first_profile(clean)
    entries = list(person.schedule.all())
    article = Article.objects.with_content().get(pk=clean.pk)
    start, end = entries[1].start, entries[1].end
    assert (
        describe_location(article, "profiles[0].schedule[1]")
        == f"{person.label} のスケジュール 2件目（{start:%H:%M}〜{end:%H:%M}）"
    )
    assert describe_location(article, "profiles[0].qa[0].answer").startswith(
        f"{person.label} の質問と回答 1件目（「"
    )
    assert describe_location(article, "lead") == "リード文"


def test_an_overlap_saved_on_a_live_article_is_said_in_the_save_message(admin_client, clean):
    from tests.forms import form_data

    url = reverse("admin:interviews_article_change", args=[clean.pk])
    data = form_data(admin_client.get(url).content.decode())
    first_end = data["profiles-0-schedule-0-end"]
    data["profiles-0-schedule-1-start"] = first_end
    data["profiles-0-schedule-0-end"] = "23:00"  # runs over every later entry
    page = admin_client.post(url, data, follow=True).content.decode()
    assert "内容チェック：" in page and "の時間が重なっています" in page


def test_the_portal_types_are_checked_for_their_rules_and_links():
    """Route pages, news, events, FAQ and free pages: their own rules and their
    children's, and links in their Markdown, at the paths of their YAML files."""
    import datetime

    from careers.events.models import Event
    from careers.faq.models import FaqItem, FaqTheme
    from careers.news.models import NewsPost
    from careers.pages.models import FreePage, PageSection
    from careers.routes.models import ApplicationWindow, RoutePage
    from careers.taxonomy.models import EntryRoute

    past = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    live = {"status": "published", "published_at": past}
    NewsPost.objects.create(slug="draft-news", title="下書きのお知らせ", body="本文")
    NewsPost.objects.create(
        slug="links",
        title="リンクのあるお知らせ",
        body="[下書き](/news/draft-news/)と[ない](/events/no-such/)",
        **live,
    )
    route = EntryRoute.objects.create(name="キャリア活用採用選考")
    page = RoutePage.objects.create(route=route, lead="概要", **live)
    ApplicationWindow.objects.create(
        page=page,
        label="第1回",
        opens_at=past,
        closes_at=past + datetime.timedelta(days=30),
        notes="[記事](/interviews/gone/)",
    )
    free = FreePage.objects.create(path="hatarakikata", title="働き方", **live)
    # Saved by a script, past the admin's and the importer's checks: an image without alt text.
    PageSection.objects.create(
        page=free, heading="写真", image="pages/a.png", image_width=40, image_height=30
    )
    theme = FaqTheme.objects.create(name="試験")
    FaqItem.objects.create(slug="ok", theme=theme, question="質問", answer="[FAQ](/faq/)", **live)
    Event.objects.create(
        slug="ev",
        title="説明会",
        starts_at=past,
        ends_at=past + datetime.timedelta(hours=1),
        **live,
    )

    out = StringIO()
    with pytest.raises(CommandError):
        call_command("check_content", stdout=out)
    text = out.getvalue()
    assert (
        "news/links: body: [警告] リンク先 /news/draft-news/ はまだ公開されていないお知らせです"
        in text
    )
    assert "news/links: body: [エラー] リンク先 /events/no-such/ は存在しないイベントです。" in text
    slug = route.slug
    assert (
        f"routes/{slug}: windows[0].notes: [エラー] リンク先 /interviews/gone/ は存在しないインタビュー記事です。"
        in text
    )
    assert "pages/hatarakikata: sections[0].image_alt: [エラー]" in text
    # An event's own rule, on a row saved past the admin (no place, not online).
    assert "events/ev: place: [エラー] 会場で開くイベントには会場を書いてください" in text
    assert "faq/ok" not in text
    assert "0 件の記事と 6 件のほかの項目を点検: エラー 4 件、警告 1 件" in text

    out = StringIO()
    with pytest.raises(CommandError):
        call_command("check_content", "--type", "news", "--format", "json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["items_checked"] == 2 and report["articles_checked"] == 0
    assert {(f["type"], f["slug"], f["code"]) for f in report["findings"]} == {
        ("news", "links", "link-not-live"),
        ("news", "links", "broken-link"),
    }

"""HR's editing, as HR types: times from a Japanese IME, a ※ typed out of habit."""

import datetime

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from careers.core.times import TIME_FORMAT_ERROR, parse_time_of_day
from interviews.models import Article
from tests.factories import make_article
from tests.test_admin import ADD_URL, article_form

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("9:00", "09:00"),
        ("９：００", "09:00"),  # a Japanese IME's full-width digits and colon
        ("０９：３０", "09:30"),
        ("9時", "09:00"),
        ("9時30分", "09:30"),
        ("９時半", "09:30"),
        ("0930", "09:30"),
        ("930", "09:30"),
        ("9.30", "09:30"),
        ("17:15", "17:15"),
        (" 9:00 ", "09:00"),
        ("午後2時", "14:00"),
        ("09:00:00", "09:00"),
    ],
)
def test_times_are_taken_as_people_type_them(typed, expected):
    assert f"{parse_time_of_day(typed):%H:%M}" == expected


@pytest.mark.parametrize("typed", ["25:00", "9:60", "9時75分", "朝", "9:5", "12345", ""])
def test_what_is_not_a_time_is_refused(typed):
    assert parse_time_of_day(typed) is None


def test_the_admin_saves_full_width_and_japanese_times_as_hh_mm(admin_client):
    data = article_form(
        **{
            "profiles-0-schedule-0-start": "９：００",
            "profiles-0-schedule-0-end": "9時30分",
            "profiles-0-schedule-1-start": "1300",
            "profiles-1-schedule-0-start": "8.30",
        }
    )
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    a, b = Article.objects.get().profiles.all()
    assert [(e.start, e.end) for e in a.schedule.all()] == [
        (datetime.time(9), datetime.time(9, 30)),
        (datetime.time(13), None),
    ]
    assert b.schedule.get().start == datetime.time(8, 30)
    change = admin_client.get(
        reverse("admin:interviews_article_change", args=[Article.objects.get().pk])
    )
    html = change.content.decode()
    assert 'value="09:00"' in html and 'value="09:30"' in html  # shown without seconds
    import re

    start = re.search(r'<input[^>]*name="profiles-0-schedule-0-start"[^>]*>', html).group(0)
    assert "vTimeField" not in start  # no clock button, and no time-zone note beside it


def test_a_time_that_cannot_be_read_says_how_to_write_it(admin_client):
    response = admin_client.post(ADD_URL, article_form(**{"profiles-0-schedule-0-start": "朝9時"}))
    assert response.status_code == 200
    assert TIME_FORMAT_ERROR in response.content.decode()
    assert Article.objects.count() == 0


def test_a_leading_note_mark_typed_in_the_admin_is_not_shown_twice(admin_client):
    data = article_form(**{"profiles-0-answers-0-note": "※ 対象は 2025 年度の採用です。"})
    assert admin_client.post(ADD_URL, data).status_code == 302
    article = Article.objects.get()
    assert article.profiles.first().answers.get().note == "対象は 2025 年度の採用です。"
    html = admin_client.get(article.get_absolute_url()).content.decode()
    assert "※ ※" not in html and "※</span>" in html


def test_a_leading_note_mark_in_an_import_file_is_not_shown_twice(tmp_path):
    from careers.core.interchange.importing import import_files
    from interviews.interchange import ARTICLE

    (tmp_path / "a.yaml").write_text(
        "slug: note-mark\ntitle: 注記の記事\nstatus: draft\nlead: リード\nprofiles:\n"
        "  - label: Aさん\n    affiliation: 局\n    schedule:\n"
        "      - {time: 9時, end: ９：３０, title: 朝会}\n"
        "    qa:\n      - question: 質問\n        answer: 回答\n        note: ※　制度の説明\n",
        encoding="utf-8",
    )
    import_files(ARTICLE, [tmp_path])  # raises ImportFailed with the problems, if any
    person = Article.objects.get(slug="note-mark").profiles.get()
    assert person.answers.get().note == "制度の説明"
    entry = person.schedule.get()
    assert (entry.start, entry.end) == (datetime.time(9), datetime.time(9, 30))


def test_the_range_between_times_is_read_as_kara_and_carries_no_label_on_a_span(client):
    from tests.factories import make_article

    article = make_article(people=1, entries=2)
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<span aria-hidden="true">〜</span><span class="visually-hidden">から</span>' in html
    assert "<span aria-label" not in html


def test_scheduling_says_when_the_article_goes_live(admin_client):
    from django.utils import timezone

    moment = timezone.localtime() + datetime.timedelta(days=3)
    data = article_form(
        published_at_0=f"{moment:%Y-%m-%d}", published_at_1="10:00:00", slug="scheduled-one"
    )
    response = admin_client.post(ADD_URL, data, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    expected = f"「管理画面から書いた記事」は {moment.month}月{moment.day}日 10:00 に公開されます。"
    assert expected in messages, messages


def test_the_recover_list_shows_when_an_article_was_deleted(admin_client):
    import time_machine
    from django.utils import timezone

    article_time = timezone.now() - datetime.timedelta(days=10)
    with time_machine.travel(article_time, tick=False):
        assert admin_client.post(ADD_URL, article_form()).status_code == 302
    article = Article.objects.get()
    deleted_time = timezone.now() - datetime.timedelta(days=1)
    delete = reverse("admin:interviews_article_delete", args=[article.pk])
    with time_machine.travel(deleted_time, tick=False):
        assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    html = admin_client.get(reverse("admin:interviews_article_recoverlist")).content.decode()
    local = timezone.localtime(deleted_time)
    assert f"{local.year}年{local.month}月{local.day}日" in html
    old = timezone.localtime(article_time)
    assert f"{old.year}年{old.month}月{old.day}日" not in html
    assert "削除日時" in html


def test_permissions_and_blank_choices_read_in_japanese(admin_client):
    from django.contrib.auth.models import Permission

    assert Permission.objects.get(codename="add_logentry").name == "ログエントリーを追加できる"
    assert Permission.objects.get(codename="change_article").name == "インタビュー記事を変更できる"
    assert not Permission.objects.filter(name__startswith="Can ").exists()
    group_form = admin_client.get(reverse("admin:auth_group_add")).content.decode()
    assert "Can add" not in group_form
    html = admin_client.get(ADD_URL).content.decode()
    assert "Select an option" not in html


def test_descriptions_join_japanese_lines_without_an_ascii_space(client):
    from tests.factories import make_article

    article = make_article(
        lead="ICT職の1日を紹介します。\n職員2人に聞きました。\n\nDX と AI の話も。"
    )
    assert article.description() == "ICT職の1日を紹介します。職員2人に聞きました。DX と AI の話も。"


def test_a_tag_filtered_list_advertises_the_tag_feed(client):
    from interviews.models import Tag
    from tests.factories import make_article

    make_article(tags=["働き方"])
    tag = Tag.objects.get(name="働き方")
    html = client.get(reverse("interviews:article-list"), {"tag": tag.slug}).content.decode()
    feed = reverse("interviews:tag-feed", args=[tag.slug])
    assert '<link rel="alternate" type="application/atom+xml" title="' in html
    assert f'href="{feed}"' in html and "（タグ: 働き方）" in html
    assert client.get(feed).status_code == 200
    # A tag no live article has is neither offered nor advertised.
    hidden = Tag.objects.create(name="下書きのタグ")
    html = client.get(reverse("interviews:article-list"), {"tag": hidden.slug}).content.decode()
    assert reverse("interviews:tag-feed", args=[hidden.slug]) not in html


def test_the_sitemap_dates_an_article_by_its_revision_not_by_its_last_save(client):
    from tests.factories import make_article

    article = make_article(
        published_at=datetime.datetime(2025, 4, 1, 10, tzinfo=datetime.UTC),
        revised_at=datetime.date(2025, 6, 1),
    )
    article.save()  # a save today, as an import would do, changes no date the public sees
    xml = client.get("/sitemap-articles.xml").content.decode()
    assert "<lastmod>2025-06-01</lastmod>" in xml


# 6. Tags typed in the tag box are created with the article, and only with it.


def test_a_tag_typed_in_the_tag_box_is_created_with_the_article(editor_client):
    from interviews.models import Tag

    existing = Tag.objects.create(name="テレワーク")
    form = article_form(
        status="draft", tags=[str(existing.pk), "new:在宅勤務", "new:テレワーク", "new: "]
    )
    response = editor_client.post(ADD_URL, form)
    assert response.status_code == 302, response.context["errors"]
    article = Article.objects.get()
    assert sorted(t.name for t in article.tags.all()) == ["テレワーク", "在宅勤務"]
    assert Tag.objects.get(name="在宅勤務").slug == "zaitakukinmu"
    assert Tag.objects.count() == 2  # the typed existing name reused, the blank one ignored


def test_a_form_that_fails_creates_no_tag(editor_client):
    from interviews.models import Tag

    form = article_form(status="draft", title="", tags=["new:在宅勤務"])
    response = editor_client.post(ADD_URL, form)
    assert response.status_code == 200
    # The typed name is still in the box, to be saved once the title is filled in.
    assert (
        '<option value="new:在宅勤務" selected>在宅勤務（新しいタグ）</option>'
        in response.content.decode()
    )
    assert not Tag.objects.exists() and not Article.objects.exists()


def test_a_new_tag_name_is_checked_and_refused_without_the_permission(editor_client, editor_user):
    from django.contrib.auth.models import Permission

    from interviews.models import Tag

    form = article_form(status="draft", tags=["new:在宅\u202e勤務"])
    response = editor_client.post(ADD_URL, form)
    assert "新しいタグ「在宅\u202e勤務」：文字の表示順を変える制御文字" in response.content.decode()
    response = editor_client.post(ADD_URL, {**form, "tags": ["new:在宅\x00勤務"]})
    assert response.status_code == 200  # a message, not a database error
    assert "使えない制御文字（U+0000）" in response.content.decode()
    editor_user.groups.get().permissions.remove(Permission.objects.get(codename="add_tag"))
    response = editor_client.post(ADD_URL, {**form, "tags": ["new:在宅勤務"]})
    assert "新しいタグを作る権限がありません" in response.content.decode()
    assert not Tag.objects.exists()


# 7. History tells the truth.


def resave(client, article, change=None):
    """Open the article's form and save it as a browser does (CRLF line breaks)."""
    from django.contrib.admin.models import LogEntry

    from tests.forms import form_data

    url = reverse("admin:interviews_article_change", args=[article.pk])
    data = form_data(client.get(url).content.decode())
    data = {k: v.replace("\n", "\r\n") if isinstance(v, str) else v for k, v in data.items()}
    if change:
        change(data)
    assert client.post(url, data).status_code == 302
    return LogEntry.objects.filter(object_id=str(article.pk)).latest("pk").get_change_message()


def test_a_save_that_changes_nothing_is_recorded_as_no_change(admin_client):
    from interviews.models import Answer
    from tests.factories import make_profile

    article = make_article(status=Article.Status.DRAFT, lead="一行目\n\n二行目")
    profile = make_profile(article, answers=3)
    Answer.objects.filter(profile=profile).update(body="回答\n二行目")
    for n, answer in enumerate(profile.answers.all()):  # stored as 10, 20, 30
        Answer.objects.filter(pk=answer.pk).update(position=(n + 1) * 10)
    assert resave(admin_client, article) == "変更はありませんでした。"
    assert profile.answers.first().body == "回答\n二行目"


def test_a_real_edit_and_a_real_move_are_recorded(admin_client):
    from tests.factories import make_profile

    article = make_article(status=Article.Status.DRAFT, lead="一行目")
    make_profile(article, answers=2)

    def edit(data):
        data["lead"] = "一行目\r\n書き足した行"
        data["profiles-0-answers-0-position"], data["profiles-0-answers-1-position"] = "1", "0"

    message = resave(admin_client, article, edit)
    assert "リード文 を変更しました" in message
    assert "並び順 を変更しました" in message
    article.refresh_from_db()
    assert article.lead == "一行目\n書き足した行"


def compare_url(article):
    return reverse("admin:interviews_article_compare", args=[article.pk])


def test_a_publisher_sees_what_an_editor_changed_word_by_word(admin_client):
    from tests.factories import make_profile

    article = make_article(status=Article.Status.DRAFT, lead="最初のリード文。")
    make_profile(article, answers=2, entries=1)
    resave(admin_client, article)  # the version before the editor's edit

    def edit(data):
        data["lead"] = "最初の<b>リード</b>文。"
        data["profiles-0-answers-1-body"] = "書き換えた回答"
        data["profiles-0-schedule-0-DELETE"] = "on"

    resave(admin_client, article, edit)
    page = admin_client.get(compare_url(article)).content.decode()
    assert "3 か所の違いがあります" in page
    # Escaped, with what was put in marked.
    assert "最初の<ins>&lt;b&gt;</ins>リード<ins>&lt;/b&gt;</ins>文。" in page
    assert "【Case1】Aさん › 質問と回答「質問2」 › 回答" in page
    assert "【Case1】Aさん › 1日のスケジュール「" in page and "（削除）" in page
    history = admin_client.get(reverse("admin:interviews_article_history", args=[article.pk]))
    assert compare_url(article) in history.content.decode()


def test_compare_keeps_to_the_item_and_its_readers(admin_client, client, django_user_model):
    from reversion.models import Version

    article, other = make_article(status=Article.Status.DRAFT), make_article()
    resave(admin_client, article)
    resave(admin_client, other)
    theirs = Version.objects.get_for_object(other).first().pk
    assert admin_client.get(compare_url(article), {"from": theirs}).status_code == 404
    assert admin_client.get(compare_url(article), {"to": "x' or 1=1"}).status_code == 404
    outsider = django_user_model.objects.create_user("outsider", password="pw", is_staff=True)
    client.force_login(outsider)
    assert client.get(compare_url(article)).status_code == 403


# 8. Working together.


def test_opening_an_article_another_editor_has_open_says_who_and_since_when(
    editor_client, publisher_user
):
    import time_machine
    from django.test import Client

    article = make_article(status=Article.Status.DRAFT)
    url = reverse("admin:interviews_article_change", args=[article.pk])
    publisher_user.last_name, publisher_user.first_name = "山田", "花子"
    publisher_user.save()
    publisher = Client()
    publisher.force_login(publisher_user)
    with time_machine.travel(datetime.datetime(2026, 4, 1, 10, 32, tzinfo=datetime.UTC)):
        assert "開いています" not in publisher.get(url).content.decode()
    with time_machine.travel(datetime.datetime(2026, 4, 1, 10, 33, tzinfo=datetime.UTC)):
        page = editor_client.get(url).content.decode()
    assert "山田 花子 さん（4月1日 19:32 から）がこのインタビュー記事を開いています" in page

    # The publisher's page says goodbye when it is closed: nobody is shown any more.
    presence = reverse("admin:interviews_article_presence", args=[article.pk])
    assert publisher.get(presence).status_code == 405
    assert publisher.post(presence, {"closed": "1"}).json() == {"ok": True}
    assert "開いています" not in editor_client.get(url).content.decode()


def test_an_open_page_stops_counting_after_its_heartbeat_stops(editor_client, publisher_user):
    import time_machine
    from django.test import Client

    publisher_client = Client()
    publisher_client.force_login(publisher_user)
    article = make_article(status=Article.Status.DRAFT)
    url = reverse("admin:interviews_article_change", args=[article.pk])
    presence = reverse("admin:interviews_article_presence", args=[article.pk])
    start = datetime.datetime(2026, 4, 1, 10, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start):
        publisher_client.get(url)
    with time_machine.travel(start + datetime.timedelta(seconds=100)):
        publisher_client.post(presence)  # the page's heartbeat
    with time_machine.travel(start + datetime.timedelta(seconds=200)):
        assert "開いています" in editor_client.get(url).content.decode()
    with time_machine.travel(start + datetime.timedelta(seconds=400)):
        assert "開いています" not in editor_client.get(url).content.decode()


def test_the_heartbeat_is_for_those_who_may_edit(client, django_user_model):
    article = make_article(status=Article.Status.DRAFT)
    outsider = django_user_model.objects.create_user("outsider", password="pw", is_staff=True)
    client.force_login(outsider)
    presence = reverse("admin:interviews_article_presence", args=[article.pk])
    assert client.post(presence).status_code == 403


def test_submitting_for_review_mails_the_publishers_with_links(
    editor_client,
    editor_user,
    publisher_user,
    django_user_model,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    from django.contrib.auth.models import Group

    from tests.forms import form_data

    editor_user.email = "editor@example.jp"
    editor_user.save()
    publisher_user.email = "publisher@example.jp"
    publisher_user.save()
    silent = django_user_model.objects.create_user("no-mail", is_staff=True)  # no address
    silent.groups.add(Group.objects.get(name="公開担当"))
    article = make_article("区民の暮らしを支える2人", status=Article.Status.DRAFT)
    url = reverse("admin:interviews_article_change", args=[article.pk])
    data = form_data(editor_client.get(url).content.decode())
    data["status"] = "review"
    with django_capture_on_commit_callbacks(execute=True):  # mail goes once the save commits
        response = editor_client.post(url, data, follow=True)
    assert "公開担当者 1 人にメールで確認を依頼しました。" in response.content.decode()
    (mail,) = mailoutbox
    assert mail.to == ["publisher@example.jp"]
    assert mail.subject == "【確認待ち】区民の暮らしを支える2人"
    assert f"http://testserver{url}" in mail.body
    assert "前の版との違い: http://testserver" in mail.body

    # Saving it again while it waits tells nobody twice; the list counts it.
    data = form_data(editor_client.get(url).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(url, data)
    assert len(mailoutbox) == 1
    listing = editor_client.get(reverse("admin:interviews_article_changelist")).content.decode()
    assert "確認待ち 1 件" in listing
    assert "?state=review" in listing


def test_the_bulk_action_mails_too(
    editor_client, publisher_user, mailoutbox, django_capture_on_commit_callbacks
):
    publisher_user.email = "publisher@example.jp"
    publisher_user.save()
    article = make_article(status=Article.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            reverse("admin:interviews_article_changelist"),
            {"action": "submit_for_review", "_selected_action": [article.pk]},
        )
    assert [m.to for m in mailoutbox] == [["publisher@example.jp"]]


def test_the_list_shows_who_edited_last(publisher_client, publisher_user):
    publisher_user.last_name, publisher_user.first_name = "山田", "花子"
    publisher_user.save()
    make_article(status=Article.Status.DRAFT).__class__.objects.update(updated_by=publisher_user)
    listing = publisher_client.get(reverse("admin:interviews_article_changelist")).content.decode()
    assert "最終更新者" in listing and "山田 花子" in listing and "更新日時" in listing


# 11. No English left in the Japanese admin.


def test_the_delete_confirmation_names_tag_links_in_japanese(admin_client):
    from interviews.models import Tag

    article = make_article("区民の暮らしを支える2人", status=Article.Status.DRAFT)
    article.tags.add(Tag.objects.create(name="テレワーク"))
    page = admin_client.get(
        reverse("admin:interviews_article_delete", args=[article.pk])
    ).content.decode()
    assert "object (" not in page and "Article-tag" not in page
    assert (
        "インタビュー記事とタグの結び付き: 「区民の暮らしを支える2人」のタグ「テレワーク」" in page
    )


def test_the_article_form_and_its_scripts_speak_japanese(admin_client):
    from tests.factories import make_profile

    article = make_article(status=Article.Status.DRAFT)
    make_profile(article, answers=1, entries=1)
    page = admin_client.get(
        reverse("admin:interviews_article_change", args=[article.pk])
    ).content.decode()
    assert ">Remove<" not in page and "この行を取り消す" in page
    assert "ログインの記録と制限" in page and ">Axes<" not in page
    catalog = admin_client.get(reverse("admin:jsi18n")).content.decode()
    assert (
        "\\u6642\\u523b\\u306f\\u65e5\\u672c\\u6642\\u9593" in catalog
        or "時刻は日本時間" in catalog
    )


def test_a_mail_server_that_is_down_does_not_stop_the_submission(
    editor_client, publisher_user, settings, caplog, django_capture_on_commit_callbacks
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},  # nothing listens
        }
    }
    publisher_user.email = "publisher@example.jp"
    publisher_user.save()
    article = make_article(status=Article.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:interviews_article_changelist"),
            {"action": "submit_for_review", "_selected_action": [article.pk]},
        )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    assert "確認待ちのメールを送れませんでした（宛先: publisher@example.jp）" in caplog.text


class HeaderRefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        # What Python's email raises for a line break in a header (Django's BadHeaderError
        # is a ValueError too).
        raise ValueError("Header values may not contain linefeed or carriage return characters")


class UnreachableBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


FAILING_MAIL = pytest.mark.parametrize(
    "failing_mail",
    [HeaderRefusingBackend, UnreachableBackend],
    ids=["bad header", "refused"],
    indirect=True,
)


@pytest.fixture
def failing_mail(request, settings, publisher_user):
    """A publisher to tell, and a mail backend that fails as request.param does."""
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.{request.param.__name__}"}}
    publisher_user.email = "publisher@example.jp"
    publisher_user.save()


@FAILING_MAIL
def test_a_review_mail_that_fails_does_not_stop_the_form(
    editor_client, failing_mail, caplog, django_capture_on_commit_callbacks
):
    from tests.forms import form_data

    article = make_article(status=Article.Status.DRAFT)
    url = reverse("admin:interviews_article_change", args=[article.pk])
    data = form_data(editor_client.get(url).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, {**data, "status": "review"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    assert "確認待ちのメールを送れませんでした（宛先: publisher@example.jp）" in caplog.text


@FAILING_MAIL
def test_a_review_mail_that_fails_does_not_stop_the_list_action(
    editor_client, failing_mail, caplog, django_capture_on_commit_callbacks
):
    article = make_article(status=Article.Status.DRAFT)
    changelist = reverse("admin:interviews_article_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            changelist, {"action": "submit_for_review", "_selected_action": [article.pk]}
        )
    assert response.status_code == 302
    assert "1 件を確認待ちにしました。" in editor_client.get(changelist).content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    assert "確認待ちのメールを送れませんでした（宛先: publisher@example.jp）" in caplog.text


def test_a_title_written_around_validation_still_makes_a_one_line_subject(
    editor_user, publisher_user, mailoutbox, django_capture_on_commit_callbacks
):
    from careers.core.presence import tell_publishers_of_review

    publisher_user.email = "publisher@example.jp"
    publisher_user.save()
    article = make_article(status=Article.Status.DRAFT)
    Article.objects.filter(pk=article.pk).update(title="一行目\u2028二行目\r\n三行目\n")
    article.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        tell_publishers_of_review(article, editor_user, "http://testserver/admin/")
    (mail,) = mailoutbox
    assert mail.subject == "【確認待ち】一行目 二行目 三行目"
    assert "「一行目 二行目 三行目」を確認待ちにしました。" in mail.body


def test_the_slug_is_fixed_once_the_article_is_published(admin_client):
    from tests.forms import form_data

    article = make_article(slug="kumin-kurashi")
    url = reverse("admin:interviews_article_change", args=[article.pk])
    data = form_data(admin_client.get(url).content.decode())
    assert "slug" not in data  # shown, not editable
    admin_client.post(url, {**data, "slug": "changed"})
    article.refresh_from_db()
    assert article.slug == "kumin-kurashi"


def test_an_editor_opening_and_leaving_an_article_leaves_the_public_pages_cached(
    editor_client,
):
    from careers.core.freshness import current_version

    article = make_article(status=Article.Status.DRAFT)
    before = current_version()
    editor_client.get(reverse("admin:interviews_article_change", args=[article.pk]))
    presence = reverse("admin:interviews_article_presence", args=[article.pk])
    editor_client.post(presence)
    editor_client.post(presence, {"closed": "1"})
    assert current_version() == before


@pytest.mark.parametrize(
    ("day", "time", "expected"),
    [
        ("２０２６－０６－０１", "１０：００", (2026, 6, 1, 10, 0, 0)),  # a Japanese IME
        ("2026/6/1", "午前10時", (2026, 6, 1, 10, 0, 0)),
        ("2026年6月1日", "10時半", (2026, 6, 1, 10, 30, 0)),
        ("2026-06-01", "10:00:30", (2026, 6, 1, 10, 0, 30)),  # a stored time's seconds stay
    ],
)
def test_dates_and_times_are_taken_as_people_type_them_in_every_date_box(
    admin_client, day, time, expected
):
    """A route page's window and the publication date alike (every PublishingAdmin and inline)."""
    from django.utils import timezone

    from careers.routes.models import RoutePage
    from careers.taxonomy.models import EntryRoute

    route = EntryRoute.objects.create(name="キャリア活用採用選考")
    data = {
        "route": route.pk,
        "status": "draft",
        "position": "0",
        "published_at_0": day,
        "published_at_1": time,
        "windows-TOTAL_FORMS": "1",
        "windows-INITIAL_FORMS": "0",
        "windows-0-label": "令和9年度",
        "windows-0-opens_at_0": day,
        "windows-0-opens_at_1": time,
        "windows-0-closes_at_0": "２０２６／０６／３０",
        "windows-0-closes_at_1": "１７時",
        "steps-TOTAL_FORMS": "0",
        "steps-INITIAL_FORMS": "0",
    }
    response = admin_client.post(reverse("admin:routes_routepage_add"), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    page = RoutePage.objects.get()
    window = page.windows.get()
    for moment in (page.published_at, window.opens_at):
        local = timezone.localtime(moment)
        assert (local.year, local.month, local.day, local.hour, local.minute, local.second) == (
            expected
        )
    assert timezone.localtime(window.closes_at).hour == 17


def test_a_date_that_cannot_be_read_says_how_to_write_it(admin_client):
    from careers.core.times import DATE_FORMAT_ERROR

    response = admin_client.post(ADD_URL, article_form(published_at_0="6月1日ごろ"))
    assert response.status_code == 200
    assert DATE_FORMAT_ERROR in response.content.decode()
    assert Article.objects.count() == 0

import datetime
import textwrap

import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from careers.core.publishing import PUBLISHED_NEEDS_DATE
from careers.taxonomy.models import Department, EntryRoute, JobCategory
from interviews.models import Answer, Article, ScheduleEntry, StaffProfile, Tag

pytestmark = pytest.mark.django_db

ARTICLE = textwrap.dedent(
    """\
    slug: ict-one-day
    title: ICT職の1日
    status: published
    published_at: 2025-04-01T10:00:00+09:00
    revised_at: 2025-05-20
    as_of: 2025-03-01
    category: ICT職
    tags: [インタビュー記事, 働き方]
    lead: |
      一段落目です。

      二段落目です。
    hero_image: images/hero.png
    hero_alt: 庁舎の外観
    profiles:
      - case_label: Case1
        label: Aさん
        affiliation: デジタルサービス局 デジタル改革推進部
        duties: 申請のオンライン化
        career: システム開発会社で10年
        entry_route: キャリア活用採用選考
        department: デジタルサービス局
        photo: images/a.png
        photo_alt: Aさんのイラスト
        schedule:
          - {time: "09:00", end: "09:30", title: メール確認, place: home}
          - {time: 11:00, end: 12:00, title: 打合せ, place: office}
          - {time: "13:00", title: 現地調査, place: satellite, detail: 区役所にて}
        qa:
          - question: 現在の仕事は？
            answer: |
              手続のオンライン化です。
            note: 電子申請システムの説明
      - label: Bさん
        affiliation: 総務局 情報基盤課
        entry_route: ICT職採用試験（大学卒業程度）
        department: 総務局
        schedule:
          - {time: "08:30", title: 監視画面の確認}
        qa:
          - question: やりがいは？
            answer: 止まらないネットワークです。
    closing:
      heading: 取材を終えて
      body: 結びの文章です。
    """
)


def line_of(fragment):
    return next(i for i, line in enumerate(ARTICLE.splitlines(), 1) if fragment in line)


def write(folder, name, text=ARTICLE, images=True):
    folder.mkdir(parents=True, exist_ok=True)
    if images:
        (folder / "images").mkdir(exist_ok=True)
        for image in ("hero.png", "a.png"):
            Image.new("RGB", (40, 30), "#0b5cad").save(folder / "images" / image)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import_interviews", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def fails(*args):
    from io import StringIO

    err = StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_interviews", *[str(a) for a in args], stdout=StringIO(), stderr=err)
    return err.getvalue() + str(excinfo.value)


def row_counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Article,
            StaffProfile,
            ScheduleEntry,
            Answer,
            Tag,
            JobCategory,
            Department,
            EntryRoute,
        )
    }


def test_import_creates_the_article_with_people_entries_and_answers(tmp_path):
    out, _ = run(write(tmp_path, "a.yaml"))
    assert "作成 1 件、更新 0 件、変更なし 0 件" in out
    article = Article.objects.get(slug="ict-one-day")
    assert article.title == "ICT職の1日"
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == datetime.datetime(2025, 4, 1, 1, tzinfo=datetime.UTC)
    assert article.revised_at == datetime.date(2025, 5, 20)
    assert article.lead == "一段落目です。\n\n二段落目です。"
    assert sorted(t.name for t in article.tags.all()) == ["インタビュー記事", "働き方"]
    assert article.category.name == "ICT職"
    assert article.hero_image and article.hero_width == 40
    a, b = article.profiles.all()
    assert (a.label, a.position, b.label, b.position) == ("Aさん", 0, "Bさん", 1)
    assert a.entry_route.kind == EntryRoute.Kind.EXPERIENCED
    assert b.entry_route.kind == EntryRoute.Kind.NEW_GRADUATE
    assert [(e.start, e.end, e.place) for e in a.schedule.all()] == [
        (datetime.time(9), datetime.time(9, 30), "home"),
        (datetime.time(11), datetime.time(12), "office"),
        (datetime.time(13), None, "satellite"),
    ]
    assert a.answers.get().note == "電子申請システムの説明"
    assert article.closing_heading == "取材を終えて"


def test_unquoted_times_are_read_as_written_not_as_base_60_numbers(tmp_path):
    text = ARTICLE.replace(
        '{time: "08:30", title: 監視画面の確認}', "{time: 08:30, end: 9:05, title: 確認}"
    )
    run(write(tmp_path, "a.yaml", text))
    entry = ScheduleEntry.objects.get(title="確認")
    assert (entry.start, entry.end) == (datetime.time(8, 30), datetime.time(9, 5))
    assert ScheduleEntry.objects.get(title="打合せ").start == datetime.time(11)


def test_dry_run_reports_but_writes_nothing(tmp_path):
    out, _ = run(write(tmp_path, "a.yaml"), "--dry-run")
    assert "作成: ict-one-day" in out
    assert "ドライラン" in out
    assert Article.objects.count() == 0
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*.png"))


def test_existing_slug_is_an_error_without_update(tmp_path):
    path = write(tmp_path, "a.yaml")
    run(path)
    before = row_counts()
    message = fails(path)
    assert "a.yaml:1: slug:" in message
    assert "--update" in message
    assert row_counts() == before


def test_update_replaces_the_article_and_its_children(tmp_path):
    path = write(tmp_path, "a.yaml")
    run(path)
    old_ids = set(StaffProfile.objects.values_list("id", flat=True))
    text = ARTICLE.replace("ICT職の1日", "ICT職の1日（改訂）").replace(
        "現在の仕事は？", "新しい質問"
    )
    path.write_text(text, encoding="utf-8")
    out, _ = run(path, "--update")
    assert "更新 1 件" in out
    article = Article.objects.get(slug="ict-one-day")
    assert article.title == "ICT職の1日（改訂）"
    assert list(
        Answer.objects.filter(profile__article=article).values_list("question", flat=True)
    ) == ["新しい質問", "やりがいは？"]
    assert not old_ids & set(StaffProfile.objects.values_list("id", flat=True))
    assert Article.objects.count() == 1


def test_update_leaves_an_unchanged_article_alone(tmp_path):
    path = write(tmp_path, "a.yaml")
    run(path)
    profile_ids = list(StaffProfile.objects.values_list("id", flat=True))
    out, _ = run(path, "--update")
    assert "変更なし 1 件" in out
    assert list(StaffProfile.objects.values_list("id", flat=True)) == profile_ids


def test_directory_import_is_all_or_nothing(tmp_path):
    write(tmp_path, "good.yaml")
    write(
        tmp_path,
        "bad.yaml",
        ARTICLE.replace("slug: ict-one-day", "slug: other").replace(
            'time: "09:00"', 'time: "25:00"'
        ),
    )
    message = fails(tmp_path)
    assert f"bad.yaml:{line_of('time: "09:00"')}: profiles[0].schedule[0].time:" in message
    assert "25:00" in message
    assert row_counts()["Article"] == 0


BAD_INPUTS = {
    "broken_yaml": (
        ARTICLE.replace("title: ICT職の1日", "title: [閉じていない"),
        "YAML の書き方に誤りがあります",
    ),
    "missing_title": (ARTICLE.replace("title: ICT職の1日\n", ""), "title: 必須の項目です"),
    "missing_label": (
        ARTICLE.replace("  - label: Bさん\n", "  - case_label: Case2\n"),
        "profiles[1].label: 必須の項目です",
    ),
    "wrong_type": (
        ARTICLE.replace("profiles:\n", "profiles: たくさん\nx_profiles:\n", 1),
        "profiles: リスト",
    ),
    "bad_time": (
        ARTICLE.replace('time: "13:00"', 'time: "25:00"'),
        "profiles[0].schedule[2].time: 時刻は",
    ),
    "end_before_start": (
        ARTICLE.replace('end: "09:30"', 'end: "08:00"'),
        "profiles[0].schedule[0].end: 終了時刻は開始時刻より後",
    ),
    "unknown_place": (
        ARTICLE.replace("place: home", "place: cafe"),
        "profiles[0].schedule[0].place:",
    ),
    "unknown_key": (ARTICLE.replace("hero_alt:", "hero_alt_text:"), "hero_alt_text: 不明な項目"),
    "bad_slug": (ARTICLE.replace("slug: ict-one-day", "slug: ICT の1日"), "slug: スラッグ"),
    "published_without_date": (
        ARTICLE.replace("published_at: 2025-04-01T10:00:00+09:00\n", ""),
        f"published_at: {PUBLISHED_NEEDS_DATE}",
    ),
    "outside_folder": (ARTICLE.replace("photo: images/a.png", "photo: ../a.png"), "フォルダの外"),
    "absolute_path": (ARTICLE.replace("photo: images/a.png", "photo: /etc/passwd"), "相対パス"),
    "missing_alt": (ARTICLE.replace("    photo_alt: Aさんのイラスト\n", ""), "photo_alt"),
    "alias": (
        ARTICLE.replace("label: Aさん", "label: &who Aさん").replace("label: Bさん", "label: *who"),
        "エイリアス",
    ),
    "duplicate_key": (
        ARTICLE.replace("title: ICT職の1日\n", "title: ICT職の1日\ntitle: 二つ目\n"),
        "title: 同じ項目が2回",
    ),
    "impossible_date": (
        ARTICLE.replace("revised_at: 2025-05-20", "revised_at: 2025-02-30"),
        "revised_at: '2025-02-30' は存在しない日付・時刻です",
    ),
    "impossible_quoted_date": (
        ARTICLE.replace("revised_at: 2025-05-20", 'revised_at: "2025-02-30"'),
        "revised_at: 日付は 2025-04-01 の形で",
    ),
    "impossible_datetime": (
        ARTICLE.replace("2025-04-01T10:00:00+09:00", "2025-04-31T10:00:00+09:00"),
        "published_at: '2025-04-31T10:00:00+09:00' は存在しない日付・時刻です",
    ),
    "year_one": (
        ARTICLE.replace("2025-04-01T10:00:00+09:00", "0001-01-01T00:00:00+09:00"),
        "published_at: 1900年から2100年までの日付を入力してください",
    ),
    "nul_escape": (
        ARTICLE.replace("title: ICT職の1日", 'title: "ICT職\\0の1日"'),
        "title: 使えない制御文字（U+0000）",
    ),
    "bell_escape": (
        ARTICLE.replace("duties: 申請のオンライン化", 'duties: "申請\\aのオンライン化"'),
        "profiles[0].duties: 使えない制御文字（U+0007）",
    ),
    "escape_escape": (
        ARTICLE.replace("label: Bさん", 'label: "B\\eさん"'),
        "profiles[1].label: 使えない制御文字（U+001B）",
    ),
    "bidi_override_escape": (
        ARTICLE.replace("title: ICT職の1日", 'title: "ICT職\\u202Eの1日"'),
        "title: 文字の表示順を変える制御文字（U+202E",
    ),
    "bidi_override_literal": (
        ARTICLE.replace("title: ICT職の1日", "title: ICT職\u2066の1日"),
        "文字の表示順を変える制御文字（U+2066",
    ),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_names_file_and_field_and_writes_nothing(tmp_path, case):
    text, expected = BAD_INPUTS[case]
    if case == "outside_folder":
        Image.new("RGB", (4, 4)).save(tmp_path / "a.png")
    path = write(tmp_path / "articles", "article.yaml", text)
    message = fails(path)
    assert "article.yaml:" in message
    assert expected in message
    assert "Traceback" not in message
    assert row_counts() == {k: 0 for k in row_counts()}


def test_error_messages_carry_the_yaml_line(tmp_path):
    path = write(tmp_path, "a.yaml", ARTICLE.replace('time: "13:00"', 'time: "25:00"'))
    message = fails(path)
    assert f"a.yaml:{line_of('time: "13:00"')}: profiles[0].schedule[2].time:" in message


def test_not_an_image_is_refused_before_writing(tmp_path):
    path = write(tmp_path, "a.yaml")
    (tmp_path / "images" / "a.png").write_bytes(b"this is not a png")
    message = fails(path)
    assert "profiles[0].photo:" in message
    assert "画像として読み込めません" in message
    assert Article.objects.count() == 0


def test_duplicate_slug_across_files_is_an_error(tmp_path):
    write(tmp_path, "one.yaml")
    write(tmp_path, "two.yaml")
    message = fails(tmp_path)
    assert "two.yaml:1: slug:" in message
    assert "one.yaml" in message
    assert Article.objects.count() == 0


def test_missing_path_is_reported(tmp_path):
    assert "見つかりません" in fails(tmp_path / "nowhere.yaml")


def test_yaml_is_loaded_safely(tmp_path):
    text = ARTICLE.replace(
        "title: ICT職の1日", "title: !!python/object/apply:os.system ['echo hacked']"
    )
    message = fails(write(tmp_path, "a.yaml", text))
    assert "YAML" in message
    assert Article.objects.count() == 0


def test_bom_and_crlf_are_accepted(tmp_path):
    path = write(tmp_path, "a.yaml")
    path.write_bytes(b"\xef\xbb\xbf" + ARTICLE.replace("\n", "\r\n").encode())
    run(path)
    assert Article.objects.get().lead == "一段落目です。\n\n二段落目です。"


def test_control_characters_are_refused(tmp_path):
    message = fails(write(tmp_path, "a.yaml", ARTICLE.replace("ICT職の1日", "ICT職\x07の1日")))
    assert "a.yaml:2:" in message and "制御文字" in message


@pytest.mark.parametrize(
    ("title", "named"),
    [
        ('"ICT職\\Lの1日"', "行区切り文字（U+2028 line separator）"),
        ('"ICT職\\r\\nの1日"', "改行（U+000D）"),
        ("|\n  ICT職\n  の1日", "改行（U+000A）"),
    ],
    ids=["U+2028", "CRLF", "block"],
)
def test_a_line_break_in_a_title_is_refused_at_its_line(tmp_path, title, named):
    path = write(tmp_path, "a.yaml", ARTICLE.replace("title: ICT職の1日", f"title: {title}"))
    message = fails(path)
    assert f"a.yaml:{line_of('title: ICT職の1日')}: title: {named}が含まれています。" in message
    assert Article.objects.count() == 0


def test_non_utf8_file_is_refused(tmp_path):
    path = write(tmp_path, "a.yaml")
    path.write_bytes(ARTICLE.encode("cp932"))
    assert "UTF-8" in fails(path)


def test_file_over_the_size_cap_is_refused_before_parsing(tmp_path):
    path = write(tmp_path, "a.yaml", ARTICLE + "#" + "あ" * 700_000 + "\n")
    message = fails(path)
    assert "ファイルが大きすぎます" in message
    assert Article.objects.count() == 0


def test_large_import_reports_progress_and_a_summary(tmp_path):
    for n in range(60):
        write(tmp_path, f"{n:02d}.yaml", ARTICLE.replace("slug: ict-one-day", f"slug: article-{n}"))
    out, _ = run(tmp_path)
    lines = out.splitlines()
    assert "検証: 6/60（10%）" in lines
    assert "書き込み: 60/60（100%）" in lines
    assert lines[-1].startswith("作成 60 件")
    assert Article.objects.count() == 60


def test_what_an_update_replaces_can_be_restored_from_history(tmp_path):
    from reversion.models import Version

    path = write(tmp_path, "a.yaml")
    run(path)
    path.write_text(ARTICLE.replace("ICT職の1日", "改訂版"), encoding="utf-8")
    run(path, "--update")
    article = Article.objects.get()
    assert article.title == "改訂版"
    newest, before = Version.objects.get_for_object(article)
    assert newest.field_dict["title"] == "改訂版"
    version = before
    assert version.field_dict["title"] == "ICT職の1日"
    version.revision.revert(delete=True)
    article.refresh_from_db()
    assert article.title == "ICT職の1日"
    assert article.profiles.count() == 2

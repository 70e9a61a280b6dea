"""Import and export of every content type (export_content / import_content): one file
per item in a folder per type, byte-exact round trips, every file of every type
validated before anything is written, errors naming file, line and field."""

import datetime
import os
from io import BytesIO, StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from PIL import Image
from reversion.models import Version

from careers.core.interchange.fields import Dump, Ref
from careers.core.registry import content_kinds, folders
from careers.events.models import Event
from careers.faq.models import FaqItem, FaqTheme
from careers.news.models import NewsPost
from careers.pages.models import FreePage, PageSection
from careers.routes.models import ApplicationWindow, RoutePage, SelectionStep
from careers.taxonomy.models import EntryRoute

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
PUBLISHED = {"status": "published", "published_at": datetime.datetime(2026, 4, 1, 1, tzinfo=UTC)}


def png(color="#0b5cad"):
    buffer = BytesIO()
    Image.new("RGB", (40, 30), color).save(buffer, "PNG")
    return ContentFile(buffer.getvalue())


@pytest.fixture
def out(tmp_path):
    """The export folder (tmp_path itself holds the test's media files)."""
    return tmp_path / "out"


def media_files(tmp_path):
    return sorted(p for p in (tmp_path / "media").rglob("*") if p.is_file())


def export(directory, *args):
    out = StringIO()
    call_command("export_content", str(directory), *args, stdout=out)
    return out.getvalue()


def import_(directory, *args):
    out = StringIO()
    call_command("import_content", str(directory), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def import_errors(directory, *args):
    err = StringIO()
    with pytest.raises(CommandError, match="何も書き込みませんでした"):
        call_command("import_content", str(directory), *args, stdout=StringIO(), stderr=err)
    return err.getvalue()


def named_models(fields):
    """The models of the names a format refers to (a theme, tags, a route), at any depth."""
    for field in fields:
        if isinstance(field, Ref):  # Names too
            yield field.model
        yield from named_models(getattr(field, "fields", ()))


def wipe():
    """Every item of every registered type, then the names they referred to."""
    for kind in content_kinds():
        kind.model.objects.all().delete()
    for kind in content_kinds():
        for model in set(named_models(kind.format.fields)):
            model.objects.all().delete()


def specs():
    """Every stored item of every type as its field map sees it (images as digests)."""
    return {
        folder: {
            format.key_of(node): format.dump(node, Dump("compare"))
            for node in map(format.load, format.queryset())
        }
        for folder, format in folders().items()
    }


def files(directory):
    return {
        p.relative_to(directory): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def counts():
    models = (RoutePage, SelectionStep, ApplicationWindow, NewsPost, Event, FaqItem, FreePage)
    return {m.__name__: m.objects.count() for m in (*models, PageSection, FaqTheme, EntryRoute)}


@pytest.fixture
def every_type():
    """One item of each portal type with every field of its format filled in."""
    route = EntryRoute.objects.create(name="キャリア活用採用選考", kind="experienced")
    page = RoutePage.objects.create(
        route=route,
        position=2,
        lead="経験を生かす選考です。\n\n二段落目。",
        audience="実務経験のある人",
        eligibility="- 5年以上の経験\n- 年齢制限なし",
        conditions="主任級で採用します。",
        expires_at=datetime.datetime(2030, 3, 31, 15, tzinfo=UTC),
        **PUBLISHED,
    )
    SelectionStep.objects.create(page=page, position=0, title="書類選考", body="職務経歴書")
    SelectionStep.objects.create(page=page, position=1, title="面接")
    ApplicationWindow.objects.create(
        page=page,
        label="令和9年度 第1回",
        opens_at=datetime.datetime(2026, 6, 1, 0, tzinfo=UTC),
        closes_at=datetime.datetime(2026, 6, 30, 8, tzinfo=UTC),
        exam_dates="第1次 7月5日（日）",
        apply_url="https://example.jp/apply/",
        notes="注意: 締切厳守。\n\n郵送不可。",
    )
    ApplicationWindow.objects.create(
        page=page,
        label="令和9年度 第2回",
        opens_at=datetime.datetime(2026, 10, 1, 0, tzinfo=UTC),
        closes_at=datetime.datetime(2026, 10, 30, 8, tzinfo=UTC),
    )
    NewsPost.objects.create(
        slug="exam-2027",
        title="令和9年度の試験日程: 「確定」しました # 1",
        category=NewsPost.Category.EXAM,
        pinned=True,
        body="本文。\n\n- 箇条書き",
        expires_at=datetime.datetime(2027, 3, 31, 15, tzinfo=UTC),
        **PUBLISHED,
    )
    Event.objects.create(
        slug="online-session",
        title="オンライン説明会",
        starts_at=datetime.datetime(2026, 7, 1, 9, tzinfo=UTC),
        ends_at=datetime.datetime(2026, 7, 1, 10, 30, tzinfo=UTC),
        online=True,
        place="Zoom",
        audience="学生・社会人",
        capacity_note="先着100名",
        registration_url="https://example.jp/entry/",
        body="内容。",
        report="開催しました。\n\n[記事](/interviews/a/)",
        **PUBLISHED,
    )
    exam = FaqTheme.objects.create(name="試験について", position=0)
    work = FaqTheme.objects.create(name="働き方", position=1)
    FaqItem.objects.create(
        slug="remote", theme=work, position=3, question="在宅勤務は？", answer="できます。"
    )
    FaqItem.objects.create(
        slug="exam-date", theme=exam, question="試験日は？", answer="例年5月です。", **PUBLISHED
    )
    free = FreePage.objects.create(
        path="career/training",
        title="研修",
        lead="はじめに。",
        placement=FreePage.Placement.FOOTER,
        nav_label="研修制度",
        nav_order=4,
        **PUBLISHED,
    )
    section = PageSection(page=free, position=0, heading="新任研修", body="本文", image_alt="研修")
    section.image.save("training.png", png(), save=True)
    PageSection.objects.create(page=free, position=1, heading="OJT")
    for item in (page, free):
        item.refresh_derived()


def test_every_type_round_trips_field_for_field_and_byte_for_byte(out, every_type):
    before = specs()
    export(out / "first")
    wipe()
    said = import_(out / "first")
    assert "合計: 作成 6 件、更新 0 件、変更なし 0 件（6 ファイル）" in said
    assert specs() == before
    export(out / "second")
    assert files(out / "first") == files(out / "second")


def test_demo_content_of_every_type_round_trips_byte_for_byte(out):
    call_command("load_demo", stdout=StringIO())
    before = specs()
    assert all(before.values()), "the demo has items of every type"
    export(out / "first")
    wipe()
    import_(out / "first")
    assert specs() == before
    export(out / "second")
    assert files(out / "first") == files(out / "second")


def test_one_file_per_item_in_a_folder_per_type(out, every_type):
    said = export(out)
    assert "採用区分のページ: 1 件" in said and "合わせて 6 件" in said
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.yaml")) == [
        "events/online-session.yaml",
        "faq/exam-date.yaml",
        "faq/remote.yaml",
        "news/exam-2027.yaml",
        "pages/career/training.yaml",  # a path with "/" is a file in a sub-folder
        f"routes/{EntryRoute.objects.get().slug}.yaml",  # named by the route's slug
    ]
    page = (out / "pages" / "career" / "training.yaml").read_text(encoding="utf-8")
    # The image sits beside its file, inside the file's folder.
    assert "image: images/training/section-1.png" in page
    assert (out / "pages" / "career" / "images" / "training" / "section-1.png").is_file()
    route = next((out / "routes").glob("*.yaml")).read_text(encoding="utf-8")
    assert route.startswith("route: キャリア活用採用選考\nstatus: published\n")
    assert "opens_at: '2026-06-01T09:00:00+09:00'" in route  # in Tokyo time, with its offset
    assert "pinned: true" in (out / "news" / "exam-2027.yaml").read_text(encoding="utf-8")


def test_only_the_chosen_types_are_exported(out, every_type):
    export(out, "--type", "faq", "--type", "news")
    assert sorted(p.name for p in out.iterdir()) == ["faq", "news"]


def test_one_bad_file_of_any_type_writes_nothing_of_any_type(tmp_path, out, every_type):
    export(out)
    wipe()
    before = counts()
    faq = out / "faq" / "remote.yaml"
    faq.write_text(faq.read_text(encoding="utf-8").replace("theme: 働き方\n", ""), "utf-8")
    stored = media_files(tmp_path)
    errors = import_errors(out)
    assert f"{faq}:1: theme: 必須の項目です。" in errors
    assert counts() == before
    assert media_files(tmp_path) == stored  # the page's image was not stored either


NEWS_TITLE = "title: '令和9年度の試験日程: 「確定」しました # 1'"

BAD_CASES = {
    "window closing before it opens": (
        "routes",
        ("closes_at: '2026-06-30T17:00:00+09:00'", "closes_at: '2026-05-30T17:00:00+09:00'"),
        "windows[0].closes_at: 締切日時は受付開始日時より後にしてください。",
    ),
    "a flag that is not true or false": (
        "news",
        ("pinned: true", "pinned: はい"),
        "pinned: true か false で書いてください（'はい'）。",
    ),
    "a negative order": (
        "pages",
        ("nav_order: 4", "nav_order: -1"),
        "nav_order: 0 以上の整数で書いてください（'-1'）。",
    ),
    "a path the site uses": (
        "pages",
        ("path: career/training", "path: admin"),
        "path: 「/admin/」はサイトがすでに使っている URL です。",
    ),
    "a route page without its route": (
        "routes",
        ("route: キャリア活用採用選考\n", ""),
        "route: 必須の項目です。",
    ),
    "an event ending before it starts": (
        "events",
        ("ends_at: '2026-07-01T19:30:00+09:00'", "ends_at: '2026-07-01T17:00:00+09:00'"),
        "ends_at: ",
    ),
    "an unknown key": ("faq", ("answer:", "answr:"), "answr: 不明な項目です。"),
    "a title broken by a line separator": (
        "news",
        (NEWS_TITLE, 'title: "令和9年度の試験日程\\L「確定」しました"'),
        "exam-2027.yaml:2: title: 行区切り文字（U+2028 line separator）が含まれています。",
    ),
    "a title broken by CRLF": (
        "news",
        (NEWS_TITLE, 'title: "令和9年度の試験日程\\r\\n「確定」しました"'),
        "exam-2027.yaml:2: title: 改行（U+000D）が含まれています。",
    ),
}


@pytest.mark.parametrize("case", BAD_CASES.values(), ids=BAD_CASES.keys())
def test_bad_input_names_file_line_and_field(out, every_type, case):
    folder, (old, new), message = case
    export(out)
    wipe()
    before = counts()
    target = sorted((out / folder).rglob("*.yaml"))[0]
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    errors = import_errors(out)
    assert f"{target}:" in errors and message in errors
    assert counts() == before


def test_a_folder_that_is_no_type_is_refused(out, every_type):
    export(out)
    (out / "event").mkdir()  # a misspelt folder is not skipped without a word
    wipe()
    errors = import_errors(out)
    assert "event: 種類のフォルダではありません。使えるのは routes, interviews" in errors
    assert counts()["NewsPost"] == 0


def test_a_missing_folder_or_one_without_type_folders_is_refused(out):
    with pytest.raises(CommandError, match="フォルダが見つかりません"):
        call_command("import_content", str(out), stdout=StringIO(), stderr=StringIO())
    out.mkdir()
    assert "種類のフォルダ（routes, interviews" in import_errors(out)


def test_existing_items_need_update_and_unchanged_ones_are_left_alone(out, every_type):
    export(out)
    errors = import_errors(out)
    assert "'キャリア活用採用選考' の採用区分のページは既にあります。" in errors
    assert "'career/training' のページは既にあります。" in errors
    said = import_(out, "--update")
    assert "合計: 作成 0 件、更新 0 件、変更なし 6 件（6 ファイル）" in said


def test_update_replaces_an_items_rows_and_keeps_a_version_to_restore(out, every_type):
    export(out)
    wipe()
    import_(out)
    route_file = next((out / "routes").glob("*.yaml"))
    text = route_file.read_text(encoding="utf-8")
    route_file.write_text(text.replace("令和9年度 第2回", "令和9年度 第2回（追加募集）"), "utf-8")
    said = import_(out, "--update")
    assert "採用区分のページ: 作成 0 件、更新 1 件、変更なし 0 件" in said
    assert "お知らせ: 作成 0 件、更新 0 件、変更なし 1 件" in said
    page = RoutePage.objects.get()
    labels = ["令和9年度 第1回", "令和9年度 第2回（追加募集）"]
    assert list(page.windows.values_list("label", flat=True)) == labels
    newest, before = Version.objects.get_for_object(page)[:2]
    assert newest.revision.comment == f"{route_file.name} から取り込みました"
    before.revision.revert(delete=True)  # the history holds the page with its windows
    labels[1] = "令和9年度 第2回"
    assert list(page.windows.values_list("label", flat=True)) == labels


def test_what_japanese_input_gives_is_read_as_meant(out, every_type):
    export(out)
    wipe()
    page = out / "pages" / "career" / "training.yaml"
    text = page.read_text(encoding="utf-8").replace("nav_order: 4", "nav_order: ４")
    page.write_text(text.replace("path: career/training", "path: /Career/Training/"), "utf-8")
    import_(out)
    stored = FreePage.objects.get()
    assert (stored.path, stored.nav_order) == ("career/training", 4)


def test_a_new_faq_theme_goes_after_the_existing_ones(out, every_type):
    export(out, "--type", "faq")
    FaqItem.objects.all().delete()
    FaqTheme.objects.filter(name="働き方").delete()
    FaqTheme.objects.create(name="待遇", position=7)
    import_(out)
    assert list(FaqTheme.objects.values_list("name", "position")) == [
        ("試験について", 0),
        ("待遇", 7),
        ("働き方", 8),
    ]


def test_imported_content_is_public_by_its_own_rules(client, out, every_type):
    export(out)
    wipe()
    import_(out)
    slug = EntryRoute.objects.get().slug
    assert "令和9年度 第1回" in client.get(f"/routes/{slug}/").content.decode()
    assert "確定" in client.get("/news/exam-2027/").content.decode()
    assert client.get("/career/training/").status_code == 200
    faq = client.get("/faq/").content.decode()
    assert "試験日は？" in faq
    assert "在宅勤務は？" not in faq  # a draft in the file stays a draft


def test_a_file_left_from_a_deleted_item_is_pointed_out(out, every_type):
    export(out)
    NewsPost.objects.all().delete()
    err = StringIO()
    call_command("export_content", str(out), stdout=StringIO(), stderr=err)
    assert (
        f"注意: {out / 'news' / 'exam-2027.yaml'} は今回書き出した項目のファイルではありません"
        in (err.getvalue())
    )
    assert "faq" not in err.getvalue()  # the files written now are not reported


# --- stored values that would lead an export out of its folder -------------------------

UNSAFE_PAGE_PATHS = {
    "parent_segments": "../../x",
    "into_another_types_folder": "../interviews/x",
    "absolute": "{tmp_path}/elsewhere/x",
    "nul": "career/tr\0aining",
    # Within the column's 100 characters (PostgreSQL holds to it), over a file name's 255 bytes.
    "too_long_a_name": "あ" * 90,
}


def tree(directory):
    return sorted(p for p in directory.rglob("*"))


@pytest.mark.parametrize("case", UNSAFE_PAGE_PATHS)
def test_export_refuses_a_page_path_that_leaves_its_folder_and_writes_nothing(
    tmp_path, out, every_type, case
):
    if case == "nul" and connection.vendor == "postgresql":
        pytest.skip("PostgreSQL text cannot hold a NUL")
    path = UNSAFE_PAGE_PATHS[case].format(tmp_path=tmp_path)
    FreePage.objects.filter(path="career/training").update(path=path)  # past validation
    before = tree(tmp_path)
    with pytest.raises(CommandError) as refused:
        export(out)
    message = str(refused.value)
    assert f"{path!r} のページは書き出せません: 書き出し先 {f'{path}.yaml'!r} " in message
    assert "何も書き出しませんでした" in message
    assert tree(tmp_path) == before  # not even the other types' files
    assert not (tmp_path.parent / "x.yaml").exists()


def test_export_refuses_a_type_folder_that_is_a_symlink_out_of_the_target(
    tmp_path, out, every_type
):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out.mkdir()
    (out / "pages").symlink_to(elsewhere)
    with pytest.raises(CommandError, match="はフォルダの外を指しています"):
        export(out, "--type", "pages")
    assert tree(elsewhere) == []


def test_every_refused_item_is_named_at_once(out, every_type):
    FreePage.objects.filter(path="career/training").update(path="../one")
    FreePage.objects.create(path="two", title="二つ目")
    FreePage.objects.filter(path="two").update(path="/two")
    with pytest.raises(CommandError) as refused:
        export(out)
    message = str(refused.value)
    assert "'../one' のページ" in message and "'/two' のページ" in message
    assert "2 件の項目を書き出せないため" in message


# --- image paths the file system will not give -----------------------------------------

IMAGE_LINE = "    image: images/training/section-1.png\n"


def bad_image_path(out, tmp_path, kind):
    """Make the exported page's image path one of the kinds the file system refuses;
    returns the value to write in the file."""
    images = out / "pages" / "career" / "images" / "training"
    if kind == "nul":
        return '"images/training/section\\0-1.png"'
    if kind == "too_long_a_name":
        return f"images/training/{'a' * 300}.png"
    if kind == "too_long_a_path":
        return "/".join(["images"] + ["a" * 200] * 30) + "/a.png"
    if kind == "a_folder":
        return "images/training"
    if kind == "a_file_used_as_a_folder":
        return "images/training/section-1.png/a.png"
    if kind == "a_symlink_out_of_the_folder":
        (tmp_path / "outside.png").write_bytes((images / "section-1.png").read_bytes())
        (images / "link.png").symlink_to(tmp_path / "outside.png")
        return "images/training/link.png"
    if kind == "a_symlink_loop":
        (images / "loop-a.png").symlink_to(images / "loop-b.png")
        (images / "loop-b.png").symlink_to(images / "loop-a.png")
        return "images/training/loop-a.png"
    if kind == "unreadable":
        (images / "section-1.png").chmod(0)
        return "images/training/section-1.png"
    raise AssertionError(kind)


BAD_IMAGE_PATHS = {
    "nul": "使えない制御文字（U+0000）",
    "too_long_a_name": "名前が長すぎます",
    "too_long_a_path": "名前が長すぎます",
    "a_folder": "ファイルではなくフォルダです",
    "a_file_used_as_a_folder": "が見つかりません",
    "a_symlink_out_of_the_folder": "フォルダの外を指しています",
    "a_symlink_loop": "が見つかりません",
    "unreadable": "権限がありません",
}


@pytest.mark.parametrize("kind", BAD_IMAGE_PATHS)
def test_an_image_path_the_file_system_refuses_is_reported_at_its_line(
    tmp_path, out, every_type, kind
):
    if kind == "unreadable" and os.geteuid() == 0:
        pytest.skip("root reads a file whatever its permissions")
    export(out)
    wipe()
    before = counts(), media_files(tmp_path)
    page = out / "pages" / "career" / "training.yaml"
    text = page.read_text(encoding="utf-8")
    line = text[: text.index(IMAGE_LINE)].count("\n") + 1
    value = bad_image_path(out, tmp_path, kind)
    page.write_text(text.replace(IMAGE_LINE, f"    image: {value}\n"), encoding="utf-8")
    errors = import_errors(out)
    assert f"{page}:{line}: sections[0].image: " in errors
    assert BAD_IMAGE_PATHS[kind] in errors
    assert "Traceback" not in errors
    assert (counts(), media_files(tmp_path)) == before


def test_a_yaml_file_that_cannot_be_read_is_reported_by_name(out, every_type):
    if os.geteuid() == 0:
        pytest.skip("root reads a file whatever its permissions")
    export(out)
    wipe()
    page = out / "pages" / "career" / "training.yaml"
    page.chmod(0)
    errors = import_errors(out)
    assert f"{page}: ファイルを読めません（読み取り・書き込みの権限がありません）。" in errors


def test_an_image_store_that_refuses_a_write_stops_the_import_with_nothing_written(
    settings, tmp_path, out, every_type
):
    export(out)
    wipe()
    before = counts()
    (tmp_path / "not-a-folder").write_text("")
    settings.MEDIA_ROOT = tmp_path / "not-a-folder" / "media"
    errors = import_errors(out)
    page = out / "pages" / "career" / "training.yaml"
    assert (
        f"{page}: ファイルの読み書きに失敗しました（途中にフォルダでないものがあります）。"
        in errors
    )
    assert counts() == before

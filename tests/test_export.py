import datetime
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from PIL import Image

from careers.core.interchange.fields import Dump
from careers.taxonomy.models import Department, EntryRoute, JobCategory
from interviews.interchange import ARTICLE
from interviews.models import Answer, Article, ScheduleEntry, StaffProfile, Tag

pytestmark = pytest.mark.django_db


def png(color="#0b5cad"):
    from io import BytesIO

    buffer = BytesIO()
    Image.new("RGB", (30, 20), color).save(buffer, "PNG")
    return ContentFile(buffer.getvalue())


def export(directory, *args):
    call_command("export_interviews", str(directory), *args, stdout=StringIO())


def import_(directory, *args):
    call_command("import_interviews", str(directory), *args, stdout=StringIO())


def wipe():
    from careers.routes.models import RoutePage

    Article.objects.all().delete()
    RoutePage.objects.all().delete()  # the demo's route pages; not part of this format
    for model in (Tag, JobCategory, Department, EntryRoute):
        model.objects.all().delete()


def specs():
    """Every stored article as the field map sees it (images as content digests)."""
    return {
        a.slug: ARTICLE.dump(ARTICLE.load(a), Dump("compare"))
        for a in Article.objects.with_content()
    }


def files(directory):
    return {
        p.relative_to(directory): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def every_field():
    article = Article.objects.create(
        slug="every-field",
        title="すべての項目を使う記事",
        status=Article.Status.PUBLISHED,
        published_at=datetime.datetime(2025, 4, 1, 1, 0, tzinfo=datetime.UTC),
        expires_at=datetime.datetime(2030, 3, 31, 15, 0, tzinfo=datetime.UTC),
        revised_at=datetime.date(2025, 5, 20),
        as_of=datetime.date(2025, 3, 1),
        category=JobCategory.objects.create(name="ICT職"),
        lead="一段落目。\n二行目。\n\n二段落目：「かぎかっこ」※注、記号 # : - * & ! | > ' \" % @ `",
        hero_alt="庁舎の外観",
        meta_description="説明文",
        closing_heading="取材を終えて",
        closing_body="結び。\n\n- 箇条書き\n- 二つ目",
        featured=True,
    )
    article.hero_image.save("hero.png", png(), save=True)
    article.tags.set([Tag.objects.create(name="働き方"), Tag.objects.create(name="yes")])
    profile = StaffProfile.objects.create(
        article=article,
        position=0,
        case_label="Case1",
        label="Aさん",
        job_category=article.category,
        affiliation="デジタルサービス局 デジタル改革推進部（一般財団法人へ派遣 データ連携グループ）",
        affiliation_short="派遣",
        duties="担当業務",
        career="経歴: 10年",
        motivation="きっかけ\n二行目",
        entry_route=EntryRoute.objects.create(name="キャリア活用採用選考", kind="experienced"),
        department=Department.objects.create(name="デジタルサービス局"),
        photo_alt="Aさんのイラスト",
    )
    profile.photo.save("a.png", png("#1c7a3e"), save=True)
    StaffProfile.objects.create(article=article, position=1, label="Bさん", affiliation="総務局")
    ScheduleEntry.objects.create(
        profile=profile,
        start=datetime.time(9),
        end=datetime.time(11),
        title="11:00まで作業",
        place="home",
        detail="補足",
    )
    ScheduleEntry.objects.create(
        profile=profile, start=datetime.time(11), title="null", place="onsite"
    )
    Answer.objects.create(
        profile=profile, position=0, question="質問？", body="回答。\n\n二段落目。", note="※注記"
    )
    Answer.objects.create(profile=profile, position=1, question="true", body="2025")
    return article


def test_export_then_import_gives_every_field_back(tmp_path, every_field):
    before = specs()
    export(tmp_path / "out")
    wipe()
    import_(tmp_path / "out")
    assert specs() == before


def test_demo_content_round_trips_byte_for_byte(tmp_path):
    call_command("load_demo", stdout=StringIO())
    before = specs()
    export(tmp_path / "first")
    wipe()
    import_(tmp_path / "first")
    assert specs() == before
    export(tmp_path / "second")
    assert files(tmp_path / "first") == files(tmp_path / "second")


def test_two_exports_are_identical(tmp_path, every_field):
    export(tmp_path / "a")
    export(tmp_path / "b")
    assert files(tmp_path / "a") == files(tmp_path / "b")


def test_export_is_readable_yaml(tmp_path, every_field):
    export(tmp_path)
    text = (tmp_path / "every-field.yaml").read_text(encoding="utf-8")
    assert "title: すべての項目を使う記事" in text  # Unicode as is, not escaped
    assert 'time: "09:00"' in text and 'end: "11:00"' in text
    assert "lead: |-\n  一段落目。\n  二行目。\n\n  二段落目" in text
    assert "hero_image: images/every-field/hero.png" in text
    assert "featured: true" in text
    assert (tmp_path / "images" / "every-field" / "photo-1.png").is_file()


def test_one_answer_changed_and_reimported_changes_one_line(tmp_path):
    call_command("load_demo", stdout=StringIO())
    export(tmp_path / "a")
    original = files(tmp_path / "a")
    path = tmp_path / "a" / "digital-service-two-days.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("面白いところです。", "面白いところです！"), encoding="utf-8")
    out = StringIO()
    call_command("import_interviews", str(tmp_path / "a"), "--update", stdout=out)
    assert "更新 1 件" in out.getvalue()
    export(tmp_path / "b")
    after = files(tmp_path / "b")
    assert original.keys() == after.keys()
    changed = [name for name in original if original[name] != after[name]]
    assert changed == [path.relative_to(tmp_path / "a")]
    old_lines = text.splitlines()
    new_lines = after[changed[0]].decode().splitlines()
    assert [(x, y) for x, y in zip(old_lines, new_lines, strict=True) if x != y] == [
        (x, x.replace("面白いところです。", "面白いところです！"))
        for x in old_lines
        if "面白いところです。" in x
    ]


def test_export_of_chosen_slugs_only(tmp_path, every_field):
    call_command("load_demo", stdout=StringIO())
    export(tmp_path, "--slug", "every-field")
    assert [p.name for p in tmp_path.glob("*.yaml")] == ["every-field.yaml"]


def test_unknown_slug_is_an_error_and_writes_nothing(tmp_path, every_field):
    with pytest.raises(CommandError, match="no-such"):
        export(tmp_path / "out", "--slug", "every-field", "--slug", "no-such")
    assert not (tmp_path / "out").exists()


def test_failed_export_leaves_no_half_written_file(tmp_path, every_field):
    (tmp_path / "every-field.yaml").mkdir()  # a folder where the file must go
    with pytest.raises(CommandError):
        export(tmp_path)
    assert not list(tmp_path.rglob("*.tmp"))
    assert (tmp_path / "every-field.yaml").is_dir()


def test_an_article_whose_stored_slug_leaves_the_folder_stops_the_export_before_any_file(
    tmp_path, every_field
):
    Article.objects.create(title="先に書き出される記事", slug="another")
    Article.objects.filter(pk=every_field.pk).update(slug="zz/../../escaped")
    with pytest.raises(CommandError) as refused:
        export(tmp_path / "out")
    assert "'zz/../../escaped' のインタビュー記事は書き出せません" in str(refused.value)
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "escaped.yaml").exists()

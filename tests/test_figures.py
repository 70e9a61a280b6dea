"""数字でみる: figures by theme in HR's order, typed as HR types numbers, a breakdown drawn
as an SVG chart with a table of the same numbers, on no public surface until live, stale
figures flagged by the content checks, files that round-trip byte for byte."""

import datetime
import re
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from careers.core.numbers import parse_decimal
from careers.figures.demo import load_figures
from careers.figures.models import Figure, FigureBreakdownRow, FigureTheme
from tests.forms import form_data

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 4, 10, 1, 0, tzinfo=datetime.UTC)
SECOND = datetime.timedelta(seconds=1)
AS_OF = datetime.date(2026, 4, 1)
FIGURES = reverse("figures:list")


@pytest.fixture(autouse=True)
def _empty_cache():
    caches["default"].clear()
    yield
    caches["default"].clear()


def figure(label="職員数", value="1234", rows=(), theme="職員", **fields):
    fields.setdefault("status", Figure.Status.PUBLISHED)
    fields.setdefault("published_at", NOW - SECOND)
    fields.setdefault("as_of", AS_OF)
    fields.setdefault("unit", "人")
    theme, _ = FigureTheme.objects.get_or_create(name=theme)
    item = Figure.objects.create(theme=theme, label=label, value=Decimal(value), **fields)
    for position, (row_label, row_value) in enumerate(rows):
        item.breakdown.create(position=position, label=row_label, value=Decimal(row_value))
    item.refresh_derived()
    return item


def page(client, url=FIGURES):
    with time_machine.travel(NOW, tick=False):
        return client.get(url).content.decode()


def chart_and_table(html):
    svg = re.search(r"<svg class=\"figure-chart\".*?</svg>", html, re.S)[0]
    table = re.search(r"<table.*?</table>", html, re.S)[0]
    return svg, table


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("１２３４", "1234"),
        ("1,234", "1234"),
        ("１，２３４．５", "1234.5"),
        (" 12.50 ", "12.50"),
        ("－３", "-3"),
    ],
)
def test_numbers_are_read_as_people_type_them(typed, number):
    assert parse_decimal(typed) == Decimal(number)


@pytest.mark.parametrize("typed", ["1,23", "12,3456", "1.2.3", "千", "1e3", "", "١٢٣"])
def test_what_is_not_a_number_is_refused_rather_than_guessed(typed):
    assert parse_decimal(typed) is None


def test_a_value_typed_with_full_width_digits_in_the_admin_is_saved_as_a_decimal(
    publisher_client,
):
    theme = FigureTheme.objects.create(name="職員")
    add = reverse("admin:figures_figure_add")
    data = form_data(publisher_client.get(add).content.decode(), "figure_form")
    data.update(
        {
            "theme": str(theme.pk),
            "label": "職員数",
            "value": "１，２３４．５",
            "unit": "人",
            "as_of": "２０２６年４月１日",
            "breakdown-0-label": "20代",
            "breakdown-0-value": "１２０",
        }
    )
    response = publisher_client.post(add, data)
    assert response.status_code == 302, response.content.decode()
    saved = Figure.objects.get()
    assert (saved.value, saved.as_of) == (Decimal("1234.5"), AS_OF)
    assert saved.breakdown.get().value == Decimal("120")


def test_a_value_that_is_not_a_number_is_refused_in_japanese(publisher_client):
    theme = FigureTheme.objects.create(name="職員")
    add = reverse("admin:figures_figure_add")
    data = form_data(publisher_client.get(add).content.decode(), "figure_form")
    data.update({"theme": str(theme.pk), "label": "職員数", "value": "1,23", "as_of": "2026-04-01"})
    response = publisher_client.post(add, data)
    assert "1,234・12.5 のように入力してください" in response.content.decode()
    assert not Figure.objects.exists()


def test_a_negative_value_is_refused():
    item = figure()
    item.value = Decimal("-1")
    with pytest.raises(ValidationError, match="0 以上"):
        item.full_clean()
    row = FigureBreakdownRow(figure=item, label="20代", value=Decimal("-1"))
    with pytest.raises(ValidationError, match="0 以上"):
        row.full_clean()


def test_an_editor_cannot_publish_a_figure(editor_client):
    theme = FigureTheme.objects.create(name="職員")
    data = {
        "theme": theme.pk,
        "position": "0",
        "label": "職員数",
        "value": "1234",
        "as_of": "2026-04-01",
        "status": "published",
        "breakdown-TOTAL_FORMS": "0",
        "breakdown-INITIAL_FORMS": "0",
    }
    response = editor_client.post(reverse("admin:figures_figure_add"), data)
    assert response.status_code == 200 and not Figure.objects.exists()


def test_figures_are_grouped_by_theme_in_hrs_order_with_their_facts(client):
    FigureTheme.objects.create(name="働き方", position=2)
    FigureTheme.objects.create(name="職員", position=1)
    figure("年次休暇の平均取得日数", "15.8", theme="働き方", unit="日")
    second = figure("女性の割合", "34.4", position=2, unit="%")
    first = figure("職員数", "12345", position=1, source="人事課調べ", note="**再任用**を含む")
    html = page(client)
    body = html[html.index("<h1>") :]
    order = [body.index(t) for t in ("職員", "職員数", "女性の割合", "働き方", "年次休暇")]
    assert order == sorted(order)
    assert '<data value="12345">12,345</data><span class="figure__unit">人</span>' in html
    assert '<time datetime="2026-04-01">2026年4月1日</time>時点' in html
    assert "出典：人事課調べ" in html and "<strong>再任用</strong>を含む" in html
    assert f'id="{first.anchor}"' in html
    assert second.get_absolute_url() == f"/figures/#figure-{second.slug}"
    assert f'<link rel="canonical" href="http://testserver{FIGURES}">' in html


def test_the_breakdown_is_a_chart_and_a_table_of_the_same_numbers(client):
    figure("職員数", "1650", rows=[("20代", "150"), ("30代", "1500.5")], breakdown_title="年代別")
    svg, table = chart_and_table(page(client))
    assert 'role="img"' in svg and 'aria-label="職員数の内訳（年代別）の棒グラフ' in svg
    assert "<caption>職員数の内訳（年代別）</caption>" in table
    assert '<th scope="col">項目</th>' in table
    for label, shown in (("20代", "150人"), ("30代", "1,500.5人")):
        assert f">{label}</text>" in svg and f">{shown}</text>" in svg
        assert f'<th scope="row">{label}</th><td>{shown}</td>' in table
    widths = [float(w) for w in re.findall(r'<rect[^>]* width="([\d.]+)"', svg)]
    assert widths[1] == max(widths) and widths[0] == pytest.approx(widths[1] * 150 / 1500.5, 0.01)
    assert "<script" not in page(client).split("</head>")[1]  # drawn on the server


def test_a_hostile_label_is_escaped_in_the_chart_and_the_table(client):
    hostile = '<script>x</script>"><svg onload=f()>'
    figure(hostile, rows=[(hostile, "1")], unit='"><b>', breakdown_title=hostile)
    html = page(client)
    svg, table = chart_and_table(html)
    for part in (svg, table, html):
        assert "<script>x" not in part and "<svg onload" not in part and "<b>" not in part
    escaped = "&lt;script&gt;x&lt;/script&gt;&quot;&gt;&lt;svg onload=f()&gt;"
    assert escaped in svg and escaped in table


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": Figure.Status.DRAFT},
        {"status": Figure.Status.REVIEW},
        {"published_at": NOW + SECOND},
        {"expires_at": NOW},
    ],
    ids=["draft", "review", "scheduled", "expired"],
)
def test_a_figure_not_live_is_on_no_public_surface(client, hidden):
    figure("公開中の採用者数", rows=[("新卒", "10")])
    item = figure("非公開の採用者数", rows=[("非公開の内訳", "5")], **hidden)
    list_html = page(client)
    search_html = page(client, f"{reverse('search')}?q=採用者数")
    sitemap = page(client, reverse("sitemap-section", kwargs={"section": "pages"}))
    assert "公開中の採用者数" in list_html and "公開中の採用者数" in search_html
    assert "数字でみる（1件）" in search_html
    for html in (list_html, search_html, sitemap):
        assert "非公開" not in html and item.slug not in html
    assert f"http://testserver{FIGURES}</loc>" in sitemap


def test_staff_preview_a_draft_among_the_live_figures(editor_client, client):
    figure("職員数")
    draft = figure("育休取得率", "100", status=Figure.Status.DRAFT, unit="%")
    response = editor_client.get(draft.get_preview_url())
    html = response.content.decode()
    assert "職員数" in html and "育休取得率" in html and "下書き</span>" in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert client.get(draft.get_preview_url()).status_code == 404


def test_the_page_costs_the_same_few_queries_however_many_figures(
    client, no_page_cache, django_assert_max_num_queries
):
    for n in range(30):
        figure(f"数字{n}", str(n), theme=f"テーマ{n % 3}", rows=[("a", "1"), ("b", "2")])
    # The figures, their rows; the content token, the navigation and the next boundary.
    with django_assert_max_num_queries(5):
        html = page(client)
    assert html.count('<svg class="figure-chart"') == 30


def check(today):
    out = StringIO()
    with time_machine.travel(today, tick=False):
        call_command("check_content", "--type", "figures", stdout=out)
    return out.getvalue()


def test_a_figure_as_of_more_than_a_year_ago_is_a_content_check_warning():
    item = figure(as_of=datetime.date(2025, 4, 1))
    assert "[警告]" not in check(datetime.datetime(2026, 4, 1, 3, tzinfo=datetime.UTC))
    said = check(datetime.datetime(2026, 4, 2, 3, tzinfo=datetime.UTC))
    assert (
        f"figures/{item.slug}: as_of: [警告] 2025年4月1日時点の数値で、1年以上たっています" in said
    )
    assert "エラー 0 件、警告 1 件" in said


def test_export_import_export_is_byte_identical(tmp_path):
    figure(
        "職員数",
        "1234.50",
        rows=[("20代", "120"), ("30代", "300.25")],
        breakdown_title="年代別",
        source="人事課調べ",
        note="再任用職員を含みます。\n\n- 非常勤を除く",
        position=3,
    )
    figure("女性の割合", "34.4", theme="ダイバーシティ", unit="%", status=Figure.Status.DRAFT)
    first, second = tmp_path / "first", tmp_path / "second"
    call_command("export_content", str(first), "--type", "figures", stdout=StringIO())
    Figure.objects.all().delete()
    FigureTheme.objects.all().delete()
    call_command("import_content", str(first), stdout=StringIO(), stderr=StringIO())
    call_command("export_content", str(second), "--type", "figures", stdout=StringIO())

    files = sorted(p.relative_to(first) for p in first.rglob("*.yaml"))
    assert len(files) == 2
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes()
    text = (first / "figures" / f"{Figure.objects.get(label='職員数').slug}.yaml").read_text()
    assert "value: 1234.5\n" in text and "- label: 30代\n    value: 300.25\n" in text
    assert Figure.objects.get(label="職員数").breakdown.count() == 2


def test_an_import_reads_numbers_as_the_admin_does(tmp_path):
    folder = tmp_path / "figures"
    folder.mkdir()
    (folder / "shokuinsu.yaml").write_text(
        "slug: shokuinsu\ntheme: 職員\nlabel: 職員数\nvalue: １，２３４\nas_of: 2026-04-01\n"
        "breakdown:\n  - {label: 20代, value: '1,200'}\n  - {label: 30代, value: 1:30}\n",
        encoding="utf-8",
    )
    err = StringIO()
    with pytest.raises(CommandError, match="何も書き込みませんでした"):
        call_command("import_content", str(tmp_path), stdout=StringIO(), stderr=err)
    assert "breakdown[1].value: 数値は 1234・1,234・12.5 のように" in err.getvalue()
    assert "'1:30'" in err.getvalue() and "breakdown[0]" not in err.getvalue()


def test_the_demo_makes_figures_once_with_a_breakdown():
    made = load_figures()
    assert made >= 4 and load_figures() == 0
    assert FigureBreakdownRow.objects.exists()
    assert not any(item.is_stale() for item in Figure.objects.all())

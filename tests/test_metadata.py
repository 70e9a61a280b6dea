"""What search engines, feed readers and crawlers get."""

import datetime
import html
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from interviews.models import Answer, Article
from tests.factories import make_article, make_category, make_profile, make_tag

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def article():
    a = make_article(
        "ICT職の1日",
        lead="リード文の**説明**です。",
        revised_at=datetime.date(2025, 6, 1),
        published_at=datetime.datetime(2025, 4, 1, 1, tzinfo=datetime.UTC),
    )
    person = make_profile(a, label="Aさん")
    Answer.objects.create(
        profile=person, question="仕事は？", body="**オンライン化**です。</script>"
    )
    return a


def test_article_has_title_description_canonical_and_social_tags(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    url = f"http://testserver{article.get_absolute_url()}"
    assert "<title>ICT職の1日 |" in html
    assert '<meta name="description" content="リード文の説明です。">' in html
    assert f'<link rel="canonical" href="{url}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="ICT職の1日">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    # No image of its own: the site's 1200×630 image, which the large card accepts.
    assert '<meta property="og:image" content="http://testserver/static/img/share.png">' in html
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_a_square_portrait_is_shared_with_the_small_card(client, article):
    from io import BytesIO

    from django.core.files.base import ContentFile
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (240, 240), "#0b5cad").save(buffer, "PNG")
    person = article.profiles.get()
    person.photo.save("a.png", ContentFile(buffer.getvalue()), save=False)
    person.photo_alt = "Aさんのイラスト"
    person.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<meta property="og:image" content="http://testserver{person.photo.url}">' in html
    assert '<meta property="og:image:width" content="240">' in html
    assert '<meta property="og:image:alt" content="Aさんのイラスト">' in html
    assert '<meta name="twitter:card" content="summary">' in html  # 240×240 is below the large card


def test_meta_description_prefers_the_one_hr_wrote(client, article):
    article.meta_description = "人事が書いた説明"
    article.save()
    assert (
        '<meta name="description" content="人事が書いた説明">'
        in client.get(article.get_absolute_url()).content.decode()
    )


def test_structured_data_describes_the_article_and_its_questions(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    assert "</script>" not in raw
    described, trail = json.loads(raw)
    assert described["@type"] == "Article"
    assert described["headline"] == "ICT職の1日"
    assert described["datePublished"].startswith("2025-04-01")
    assert described["dateModified"] == "2025-06-01T00:00:00+09:00"
    assert described["publisher"]["@type"] == "Organization"
    assert described["publisher"]["url"] == "http://testserver/"
    assert described["publisher"]["logo"]["url"] == "http://testserver/static/img/logo.png"
    assert described["image"] == ["http://testserver/static/img/share.png"]
    # The interview's questions are not FAQs: no FAQPage here (that is /faq/'s).
    assert trail["@type"] == "BreadcrumbList"
    assert [i["name"] for i in trail["itemListElement"]] == [
        "トップ",
        "インタビュー一覧",
        "ICT職の1日",
    ]
    assert "FAQPage" not in html


def test_structured_data_cannot_be_closed_by_the_text(client, article):
    article.meta_description = "説明</script><script>alert(1)</script>"
    article.save()
    html = client.get(article.get_absolute_url()).content.decode()
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    assert json.loads(raw)[0]["description"] == "説明</script><script>alert(1)</script>"


def test_list_and_home_have_canonical_urls(client):
    assert (
        '<link rel="canonical" href="http://testserver/interviews/">'
        in client.get("/interviews/").content.decode()
    )
    assert '<link rel="canonical" href="http://testserver/">' in client.get("/").content.decode()


def test_a_list_of_one_filter_is_indexed_under_its_own_url_and_others_are_not(client):
    from interviews.models import ScheduleEntry

    person = make_profile(make_article("在宅の記事"))
    ScheduleEntry.objects.create(profile=person, start=datetime.time(9), title="在宅", place="home")
    person.article.refresh_derived()
    one = client.get("/interviews/?place=home").content.decode()
    assert '<link rel="canonical" href="http://testserver/interviews/?place=home">' in one
    assert '<meta property="og:url" content="http://testserver/interviews/?place=home">' in one
    assert "働く場所「在宅（テレワーク）」の職員インタビューの一覧です。" in one
    assert "noindex" not in one
    for combined in ("/interviews/?place=home&category=ict", "/interviews/?q=%E5%9C%A8%E5%AE%85"):
        page = client.get(combined).content.decode()
        assert '<meta name="robots" content="noindex, follow">' in page
        assert 'rel="canonical"' not in page
        shared = html.escape(f"http://testserver{combined}")
        assert f'<meta property="og:url" content="{shared}">' in page


@pytest.mark.parametrize("path", ["/", "/interviews/", "/careers/ict/"])
def test_every_list_has_a_description_and_an_image_for_link_previews(client, path):
    make_article("ICTの記事", category=make_category("ICT職", slug="ict"))
    page = client.get(path).content.decode()
    assert re.search(r'<meta property="og:description" content="[^"]{10,}">', page)
    assert '<meta property="og:image" content="http://testserver/static/img/share.png">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page


def feed_titles(client, url):
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return [e.find(f"{ATOM}title").text for e in root.iter(f"{ATOM}entry")]


def test_atom_feed_lists_live_articles_and_is_well_formed_whatever_the_text(client):
    make_article('制御文字\x0bと<タグ>&"引用"]]>の記事', lead="リード\x01文")
    make_article("下書き", status=Article.Status.DRAFT)
    assert feed_titles(client, reverse("interviews:feed")) == ['制御文字と<タグ>&"引用"]]>の記事']


def test_feeds_per_category_and_per_tag(client):
    ict = make_category("ICT職", slug="ict")
    other = make_category("事務職", slug="office-work")
    make_article("ICTの記事", category=ict, tags=["働き方"])
    make_article("事務の記事", category=other)
    assert feed_titles(client, reverse("careers:category-feed", args=["ict"])) == ["ICTの記事"]
    tag = make_tag("働き方")
    assert feed_titles(client, reverse("interviews:tag-feed", args=[tag.slug])) == ["ICTの記事"]
    assert client.get(reverse("interviews:tag-feed", args=["no-such-tag"])).status_code == 404


def test_sitemap_lists_live_pages_with_lastmod(client, article):
    make_article("下書き", slug="hidden-draft", status=Article.Status.DRAFT)
    response = client.get("/sitemap.xml")
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    index = ET.fromstring(response.content)
    sections = [s.find(f"{ns}loc").text for s in index.iter(f"{ns}sitemap")]
    assert "http://testserver/sitemap-articles.xml" in sections
    entries = {}
    for section in sections:
        root = ET.fromstring(client.get(section.removeprefix("http://testserver")).content)
        entries |= {u.find(f"{ns}loc").text: u.find(f"{ns}lastmod") for u in root.iter(f"{ns}url")}
    url = f"http://testserver{article.get_absolute_url()}"
    assert entries[url] is not None and re.match(r"\d{4}-\d{2}-\d{2}", entries[url].text)
    assert "http://testserver/" in entries
    assert not any("hidden-draft" in loc for loc in entries)


def test_robots_txt_points_at_the_sitemap(client):
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()


def test_404_page_is_in_the_site_style_with_a_way_back(client):
    response = client.get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "ページが見つかりません" in html
    assert 'href="/interviews/"' in html and 'class="skip-link"' in html


def test_500_page_renders_without_a_request_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "ただいま表示できません" in html and 'href="/"' in html


def test_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
    assert 'rel="icon"' in client.get("/").content.decode()


def test_feed_summary_is_escaped_html_that_shows_the_text_as_written(client):
    lead = "R&D <重要> <script>alert(1)</script> を担当"
    make_article("エスケープの記事", lead=lead)
    root = ET.fromstring(client.get(reverse("interviews:feed")).content)
    summary = next(root.iter(f"{ATOM}summary"))
    assert summary.get("type") == "html"
    # What a feed reader renders: the HTML in the summary, parsed as HTML.
    assert "<script>" not in summary.text
    assert summary.text == "R&amp;D &lt;重要&gt; &lt;script&gt;alert(1)&lt;/script&gt; を担当"
    assert html.unescape(summary.text) == lead


def test_the_article_sitemap_is_split_into_pages(client, settings):
    from interviews.sitemaps import ArticleSitemap

    for n in range(5):
        make_article(f"記事{n}")
    ArticleSitemap.limit, limit = 2, ArticleSitemap.limit
    try:
        index = client.get("/sitemap.xml").content.decode()
        assert index.count("sitemap-articles.xml") == 3
        assert "sitemap-articles.xml?p=3" in index
        page = client.get("/sitemap-articles.xml", {"p": 3}).content.decode()
        assert page.count("<url>") == 1
        assert client.get("/sitemap-articles.xml", {"p": 4}).status_code == 404
    finally:
        ArticleSitemap.limit = limit

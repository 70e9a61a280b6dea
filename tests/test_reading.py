"""The article page as an applicant reads it: glance, contents, related, sharing."""

import base64
import datetime
import hashlib
import re

import pytest

from interviews.glance import day_at_a_glance
from interviews.models import Article, ScheduleEntry
from tests.factories import make_article, make_category, make_department, make_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_days():
    article = make_article("2人の1日", tags=["働き方"])
    a = make_profile(article, label="Aさん", case_label="Case1")
    b = make_profile(article, position=1, label="Bさん", case_label="Case2")
    for profile, rows in [
        (a, [(8, 30, 9, 0, "home"), (9, 0, 12, 0, "office"), (17, 15, None, None, "office")]),
        (b, [(10, 0, 11, 30, "satellite"), (13, 0, 18, 0, "onsite")]),
    ]:
        for h1, m1, h2, m2, place in rows:
            ScheduleEntry.objects.create(
                profile=profile,
                start=datetime.time(h1, m1),
                end=datetime.time(h2, m2) if h2 is not None else None,
                title=f"{profile.label}{h1}時",
                place=place,
            )
    return article


def test_glance_puts_both_days_on_one_axis_sized_by_duration(two_days):
    glance = day_at_a_glance(Article.objects.with_content().get(pk=two_days.pk).profiles.all())
    assert (glance.start_hour, glance.end_hour) == (8, 18)
    a, b = glance.columns
    rows = {block.entry.title: (block.row_start, block.row_end) for block in a.blocks + b.blocks}
    assert rows["Aさん8時"] == (3, 5)  # 8:30–9:00: two 15-minute rows from 8:30
    assert rows["Aさん9時"] == (5, 17)  # three hours
    assert rows["Aさん17時"] == (38, 40)  # no end time: drawn as 30 minutes
    assert rows["Bさん13時"] == (21, 41)


def test_glance_is_on_the_page_with_a_legend_and_per_page_sizes(client, two_days):
    response = client.get(two_days.get_absolute_url())
    html = response.content.decode()
    assert "1日の流れを比べる" in html
    for label in ("職場", "在宅（テレワーク）", "サテライトオフィス", "現地・出張先"):
        assert f'<span class="place-mark" aria-hidden="true"></span>{label}</li>' in html
    # The per-page stylesheet is allowed by its hash (a nonce would go stale in the cache).
    css = re.search(r"<style>(.*?)</style>", html, re.S)[1]
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    policy = response["Content-Security-Policy"]
    assert f"'sha256-{digest}'" in policy
    assert "nonce" not in policy.split("style-src")[1].split(";")[0]
    assert "#g-1-2 { grid-row: 5 / 17; }" in css
    # The same entries stay available as the ordered lists with times.
    assert html.count('class="timeline__entry') == 5


def test_table_of_contents_lists_people_and_cases(client, two_days):
    html = client.get(two_days.get_absolute_url()).content.decode()
    toc = html[html.index('class="toc"') : html.index("</nav>", html.index('class="toc"'))]
    assert 'href="#case-1">【Case1】Aさん' in toc
    assert 'href="#case-2">【Case2】Bさん' in toc
    assert 'id="case-2"' in html


def test_reading_time_is_shown(client):
    article = make_article("長い記事", lead="あ" * 1400)
    assert "約3分で読めます" in client.get(article.get_absolute_url()).content.decode()


def test_related_interviews_share_category_department_or_tags_and_are_live(client):
    make_category("事務職", slug="office-work")
    other = make_category("事務職")
    article = make_article("本記事", tags=["働き方"], category=other)
    make_profile(article, department=make_department("福祉局"))
    make_article("同じタグ", tags=["働き方"])
    same_department = make_article("同じ局")
    make_profile(same_department, department=make_department("福祉局"))
    make_article("同じ職種", category=other)
    make_article("無関係", category=make_category("技術職"))
    make_article("同じタグの下書き", tags=["働き方"], status=Article.Status.DRAFT)
    response = client.get(article.get_absolute_url())
    assert sorted(a.title for a in response.context["related"]) == [
        "同じタグ",
        "同じ局",
        "同じ職種",
    ]


def test_share_links_load_no_third_party_script(client, two_days):
    html = client.get(two_days.get_absolute_url()).content.decode()
    url = f"http%3A%2F%2Ftestserver{two_days.get_absolute_url().replace('/', '%2F')}"
    for prefix in (
        "https://x.com/intent/post?url=",
        "https://social-plugins.line.me/lineit/share?url=",
        "https://www.facebook.com/sharer/sharer.php?u=",
        "https://b.hatena.ne.jp/add?mode=confirm&amp;url=",
    ):
        assert f'href="{prefix}{url}' in html
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert scripts == ["/static/js/share.js"]
    assert 'value="http://testserver/interviews/' in html  # the URL to copy, without JavaScript


def test_article_page_query_count_with_everything_on_it(
    client, django_assert_max_num_queries, no_page_cache
):
    small = make_article(people=1, entries=1, answers=1, tags=["a"])
    big = make_article(people=5, entries=10, answers=8, tags=["a", "b"])
    for _ in range(5):
        make_article(tags=["a"], people=2)
    # Built: the versions (1), the live index (2), the body (4), the related cards (4), the
    # live route pages (1), the navigation (1); and the article itself.
    with django_assert_max_num_queries(14):
        assert client.get(small.get_absolute_url()).status_code == 200
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(big.get_absolute_url())  # builds its body
    with CaptureQueriesContext(connection) as few:
        client.get(small.get_absolute_url())
    with CaptureQueriesContext(connection) as many:
        client.get(big.get_absolute_url())
    assert len(few.captured_queries) == len(many.captured_queries) == 3

"""FAQ (よくある質問): grouped by theme in HR's order, an anchor per question, FAQPage data
of exactly the live questions."""

import datetime
import json
import re

import pytest
import time_machine
from django.core.cache import caches
from django.urls import reverse

from careers.faq.models import FaqItem, FaqTheme

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 4, 1, 1, 0, tzinfo=datetime.UTC)
SECOND = datetime.timedelta(seconds=1)
FAQ = reverse("faq")


@pytest.fixture(autouse=True)
def _empty_cache():
    caches["default"].clear()
    yield
    caches["default"].clear()


def item(theme, question, position=0, **fields):
    fields.setdefault("status", FaqItem.Status.PUBLISHED)
    fields.setdefault("published_at", NOW - SECOND)
    return FaqItem.objects.create(
        theme=theme,
        question=question,
        answer=fields.pop("answer", "回答です。"),
        position=position,
        **fields,
    )


def structured(html):
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    return {d["@type"]: d for d in json.loads(raw)}


def test_questions_are_grouped_by_theme_in_hrs_order_with_anchors(
    client, django_assert_max_num_queries
):
    work = FaqTheme.objects.create(name="仕事について", position=2)
    exam = FaqTheme.objects.create(name="採用試験について", position=1)
    second = item(exam, "申込の方法は？", position=2)
    first = item(exam, "専攻は問われますか？", position=1)
    item(work, "在宅勤務はできますか？")
    with time_machine.travel(NOW, tick=False), django_assert_max_num_queries(4):
        html = client.get(FAQ).content.decode()
    body = html[html.index('<section aria-labelledby="theme-') :]  # past the JSON-LD and contents
    order = [
        body.index(t)
        for t in ("採用試験について", "専攻は問われますか？", "申込の方法は？", "仕事について")
    ]
    assert order == sorted(order)
    assert f'id="{first.anchor}"' in html and f'href="#{first.anchor}"' in html
    assert second.get_absolute_url() == f"/faq/#{second.anchor}"


def test_faqpage_data_carries_the_live_questions_and_plain_answers(client):
    theme = FaqTheme.objects.create(name="採用試験について")
    item(theme, "専攻は問われますか？", answer="**問いません。**</script>")
    item(theme, "下書きの質問", status=FaqItem.Status.DRAFT)
    item(theme, "予約の質問", published_at=NOW + SECOND)
    item(theme, "終了した質問", expires_at=NOW)
    with time_machine.travel(NOW, tick=False):
        html = client.get(FAQ).content.decode()
    page = structured(html)["FAQPage"]
    assert [q["name"] for q in page["mainEntity"]] == ["専攻は問われますか？"]
    assert page["mainEntity"][0]["acceptedAnswer"]["text"] == "問いません。</script>"
    for hidden in ("下書きの質問", "予約の質問", "終了した質問"):
        assert hidden not in html


def test_staff_preview_every_question_with_its_state(editor_client):
    theme = FaqTheme.objects.create(name="採用試験について")
    item(theme, "下書きの質問", status=FaqItem.Status.DRAFT)
    response = editor_client.get(reverse("faq-preview"))
    html = response.content.decode()
    assert "下書きの質問" in html and "下書き</span>" in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_preview_is_for_staff_only(client):
    assert client.get(reverse("faq-preview")).status_code == 404


def test_an_editor_cannot_publish_a_question(editor_client):
    theme = FaqTheme.objects.create(name="採用試験について")
    data = {
        "theme": theme.pk,
        "position": "0",
        "question": "質問",
        "answer": "回答",
        "status": "published",
    }
    response = editor_client.post(reverse("admin:faq_faqitem_add"), data)
    assert response.status_code == 200 and not FaqItem.objects.exists()


def test_a_question_gets_a_readable_slug_that_names_its_export_file():
    theme = FaqTheme.objects.create(name="働き方")
    first = item(theme, "在宅勤務はできますか。")
    second = item(theme, "在宅勤務はできますか。")
    assert first.slug == "zaitakukinmuhadekimasuka"
    assert second.slug == "zaitakukinmuhadekimasuka-2"
    assert item(theme, "？？？").slug.startswith("faq-")  # nothing to romanise

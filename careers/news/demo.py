"""Demo news posts for `load_demo`."""

import datetime

from django.utils import timezone

from careers.core.demo import demo_revision
from careers.news.models import NewsPost

NEWS = [
    (
        "令和9年度 キャリア活用採用選考の受付を開始しました",
        NewsPost.Category.EXAM,
        True,
        -10,
        "キャリア活用採用選考（ICT職）の申込受付を開始しました。受付期間・受験資格・選考の流れは"
        "[採用区分のページ](/routes/)をご覧ください。\n\n申込は申込システムからのみ受け付けます。",
    ),
    (
        "オンライン仕事説明会の資料を掲載しました",
        NewsPost.Category.EVENT,
        False,
        -20,
        "先月のオンライン仕事説明会で使った資料と、当日いただいた質問への回答を掲載しました。",
    ),
    (
        "職員インタビューを2本追加しました",
        NewsPost.Category.OTHER,
        False,
        -35,
        "データ活用と学校のICT支援に携わる職員のインタビューを追加しました。"
        "[インタビュー一覧](/interviews/)からご覧ください。",
    ),
]


def load_news(now=None):
    """Create the demo news posts that do not exist yet (by title); how many were made."""
    now = now or timezone.now()
    made = 0
    for title, category, pinned, days, body in NEWS:
        if NewsPost.objects.filter(title=title).exists():
            continue
        with demo_revision():
            post = NewsPost.objects.create(
                title=title,
                category=category,
                pinned=pinned,
                body=body,
                status=NewsPost.Status.PUBLISHED,
                published_at=now + datetime.timedelta(days=days),
            )
            post.refresh_derived()
        made += 1
    return made

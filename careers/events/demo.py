"""Demo events for `load_demo`: one online, one on site, one past, placed around the day the demo is loaded."""

import datetime

from django.utils import timezone

from careers.core.demo import demo_revision
from careers.events.models import Event

EVENTS = [
    (
        "ICT職 オンライン仕事説明会（冬）",
        14,
        True,
        "",
        "2028年3月に卒業予定の学生、既卒の人",
        "先着200名",
        "ICT職の職員が、仕事の内容と1日の過ごし方を紹介します。後半は質問の時間です。",
        "",
    ),
    (
        "経験者向け 個別相談会",
        30,
        False,
        "都庁第一本庁舎 32階 会議室",
        "民間企業等でICTの実務経験がある人",
        "各回5名（事前申込制）",
        "キャリア活用採用選考を考えている人のための個別相談会です。職員が1人ずつお話を伺います。",
        "",
    ),
    (
        "ICT職 仕事説明会（秋）",
        -40,
        True,
        "",
        "学生・既卒の人",
        "",
        "ICT職の仕事と採用試験について説明しました。",
        "当日は約150名の方に参加いただきました。登壇した職員の1日は"
        "[インタビュー](/interviews/digital-service-two-days/)で紹介しています。",
    ),
]


def load_events(now=None):
    """Create the demo events that do not exist yet (by title); how many were made."""
    now = now or timezone.now()
    today = timezone.localtime(now).replace(hour=18, minute=0, second=0, microsecond=0)
    made = 0
    for title, days, online, place, audience, capacity, body, report in EVENTS:
        if Event.objects.filter(title=title).exists():
            continue
        starts = today + datetime.timedelta(days=days)
        with demo_revision():
            event = Event.objects.create(
                title=title,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=1, minutes=30),
                online=online,
                place=place,
                audience=audience,
                capacity_note=capacity,
                registration_url="https://example.jp/saiyo/event/",
                body=body,
                report=report,
                status=Event.Status.PUBLISHED,
                published_at=now - datetime.timedelta(days=50),
            )
            event.refresh_derived()
        made += 1
    return made

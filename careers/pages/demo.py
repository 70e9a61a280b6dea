"""Demo free pages for `load_demo` (働き方・待遇, 人材育成・キャリア), placed in the header."""

import datetime

from django.utils import timezone

from careers.core.demo import demo_revision
from careers.pages.models import FreePage, PageSection

PAGES = [
    (
        "hatarakikata",
        "働き方・待遇",
        "働き方",
        1,
        "ICT職の職員が、どのような制度を使って働いているかを紹介します。",
        [
            (
                "勤務時間と在宅勤務",
                "1日7時間45分、週38時間45分の勤務です。時差勤務（始業を7時30分〜10時30分で選べます）と、"
                "週に数日の在宅勤務を、業務に合わせて組み合わせられます。",
            ),
            ("休暇", "年次有給休暇（年20日）のほか、夏季休暇、育児・介護のための休暇があります。"),
            (
                "給与",
                "初任給や昇給は採用区分と経験によって決まります。詳しくは[採用区分のページ](/routes/)をご覧ください。",
            ),
        ],
    ),
    (
        "career-development",
        "人材育成・キャリア",
        "人材育成・キャリア",
        2,
        "ICT職として専門性を高めながら、行政の仕事の幅を広げていけるように、研修と異動の仕組みがあります。",
        [
            (
                "入庁後の研修",
                "新任研修で行政の基礎とICT職の仕事の進め方を学びます。配属後も、職場での指導役の先輩がつきます。",
            ),
            (
                "専門性を高める",
                "情報処理技術者試験の受験支援や、外部の研修・セミナーへの参加を支援しています。",
            ),
            (
                "キャリアの広がり",
                "本庁のシステム部門のほか、事業所、学校、関係団体への派遣など、さまざまな職場を経験します。"
                "[職員インタビュー](/interviews/)もご覧ください。",
            ),
        ],
    ),
]


def load_pages(now=None):
    """Create the demo free pages that do not exist yet (by path); how many were made."""
    now = now or timezone.now()
    made = 0
    for path, title, label, order, lead, sections in PAGES:
        if FreePage.objects.filter(path=path).exists():
            continue
        with demo_revision():
            page = FreePage.objects.create(
                path=path,
                title=title,
                nav_label=label,
                nav_order=order,
                placement=FreePage.Placement.HEADER,
                lead=lead,
                status=FreePage.Status.PUBLISHED,
                published_at=now - datetime.timedelta(days=1),
            )
            for n, (heading, body) in enumerate(sections):
                PageSection.objects.create(page=page, position=n, heading=heading, body=body)
            page.refresh_derived()
        made += 1
    return made

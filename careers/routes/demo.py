"""Demo route pages for `load_demo`: original Japanese text, windows placed around the day the demo is loaded so that one accepts applications, one opens later and one has closed."""

import datetime

from django.utils import timezone

from careers.core.demo import demo_revision
from careers.routes.models import ApplicationWindow, RoutePage, SelectionStep
from careers.taxonomy.models import EntryRoute

APPLY_URL = "https://example.jp/saiyo/moushikomi/"


ROUTES = [
    {
        "name": "キャリア活用採用選考",
        "kind": EntryRoute.Kind.EXPERIENCED,
        "lead": "民間企業などで培ったICTの経験を、行政サービスの改善に生かしたい人のための選考です。"
        "システム開発・運用、ネットワーク、セキュリティなどの実務経験を評価します。",
        "audience": "システムの企画・開発・運用などの実務経験がある人。業種は問いません。",
        "eligibility": "- 民間企業等における ICT 分野の職務経験が、直近10年間に通算5年以上ある人\n"
        "- 年齢の上限はありません",
        "conditions": "経験に応じて主任級または課長代理級で採用します。"
        "在宅勤務・時差勤務の制度があり、多くの職員が利用しています。",
        "steps": [
            ("第1次選考（書類・筆記）", "職務経歴書と、教養・専門の筆記試験です。"),
            ("第2次選考（面接）", "これまでの経験と、行政で取り組みたいことをお聞きします。"),
            ("最終合格・採用", "合格後、希望と経験を踏まえて配属先を決めます。"),
        ],
        "windows": [("令和9年度 第1回", -10, 20, "第1次選考 受付締切の約3週間後（日曜日）")],
        "position": 2,
    },
    {
        "name": "ICT職採用試験（大学卒業程度）",
        "kind": EntryRoute.Kind.NEW_GRADUATE,
        "lead": "大学を卒業した人（卒業見込みの人を含む）を対象に、ICT職として採用する試験です。"
        "専攻は問いません。入庁後の研修で基礎から学べます。",
        "audience": "情報系に限らず、ICTを使って行政の仕事を良くしたい人。",
        "eligibility": "- 試験を受ける年度の4月1日に22歳から29歳の人\n- 21歳以下で大学を卒業した人・卒業見込みの人",
        "conditions": "初任給は大学卒業程度の行政職と同じです。研修期間中も給与が支給されます。",
        "steps": [
            ("第1次試験（筆記）", "教養試験・専門試験（ICT分野の基礎）・論文です。"),
            ("第2次試験（面接）", "個別面接です。"),
        ],
        "windows": [("令和9年度", 40, 60, "第1次試験 5月上旬（日曜日）")],
        "position": 1,
    },
    {
        "name": "ICT職採用試験（高校・専門学校卒業程度）",
        "kind": EntryRoute.Kind.NEW_GRADUATE,
        "lead": "高校・専門学校を卒業した人を対象に、ICT職として採用する試験です。",
        "audience": "ICTに興味があり、現場で技術を身につけたい人。",
        "eligibility": "- 試験を受ける年度の4月1日に17歳から21歳の人",
        "conditions": "初任給は高校卒業程度の行政職と同じです。",
        "steps": [("第1次試験（筆記）", "教養試験・作文です。"), ("第2次試験（面接）", "")],
        "windows": [("令和8年度", -120, -90, "")],
        "position": 3,
    },
]


def load_route_pages(now=None):
    """Create the demo route pages that do not exist yet; returns how many were made."""
    now = now or timezone.now()
    today = timezone.localtime(now).replace(hour=9, minute=0, second=0, microsecond=0)
    made = 0
    for spec in ROUTES:
        route, _ = EntryRoute.objects.get_or_create(
            name=spec["name"], defaults={"kind": spec["kind"]}
        )
        if RoutePage.objects.filter(route=route).exists():
            continue
        with demo_revision():
            page = RoutePage.objects.create(
                route=route,
                status=RoutePage.Status.PUBLISHED,
                published_at=now - datetime.timedelta(days=1),
                position=spec["position"],
                **{k: spec[k] for k in ("lead", "audience", "eligibility", "conditions")},
            )
            for n, (title, body) in enumerate(spec["steps"]):
                SelectionStep.objects.create(page=page, position=n, title=title, body=body)
            for label, opens, closes, exam in spec["windows"]:
                ApplicationWindow.objects.create(
                    page=page,
                    label=label,
                    opens_at=today + datetime.timedelta(days=opens),
                    closes_at=(today + datetime.timedelta(days=closes)).replace(hour=17),
                    exam_dates=exam,
                    apply_url=APPLY_URL,
                )
            page.refresh_derived()
        made += 1
    return made

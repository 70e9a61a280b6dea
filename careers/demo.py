"""Demo route pages (採用区分) for `load_demo`: original Japanese text, windows placed
around the day the demo is loaded so that one accepts applications, one opens later
and one has closed."""

import datetime
from contextlib import contextmanager

import reversion
from django.db import transaction
from django.utils import timezone

from careers.events import Event
from careers.faq import FaqItem, FaqTheme
from careers.models import EntryRoute
from careers.news import NewsPost
from careers.pages import FreePage, PageSection
from careers.routes import ApplicationWindow, RoutePage, SelectionStep


@contextmanager
def demo_revision():
    """One transaction and one history entry per demo item, as an admin save makes."""
    with transaction.atomic(), reversion.create_revision():
        reversion.set_comment("デモから作成しました")
        yield


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


FAQ = {
    "採用試験について": [
        (
            "情報系の学部を出ていなくても受験できますか。",
            "受験できます。ICT職の採用試験では専攻を問いません。入庁後の研修で、行政の仕事に必要なICTの知識を基礎から学べます。",
        ),
        (
            "民間企業での経験はどのように評価されますか。",
            "キャリア活用採用選考では、職務経歴書と面接で、これまでの経験とその生かし方をお聞きします。業種は問いません。",
        ),
        (
            "試験の日程はどこで確認できますか。",
            "[採用区分のページ](/routes/)に、採用区分ごとの受付期間と試験日を掲載しています。",
        ),
        (
            "申込はどのように行いますか。",
            "申込は申込システムからのみ受け付けます。受付中の採用区分のページに、申込システムへのリンクがあります。",
        ),
    ],
    "仕事について": [
        (
            "ICT職はどのような仕事をしますか。",
            "システムの企画・調達・運用、ネットワークやセキュリティの管理、データ活用の支援などを担当します。",
        ),
        (
            "プログラミングをすることはありますか。",
            "業務の多くは企画や事業者との調整ですが、職場によってはツールの作成やデータ分析でコードを書くこともあります。",
        ),
        (
            "異動はありますか。",
            "おおむね3〜5年ごとに異動があります。本庁だけでなく、事業所や学校、派遣先で働くこともあります。",
        ),
        (
            "研修制度について教えてください。",
            "新任研修のほか、情報処理技術者試験の受験支援や外部研修への派遣など、専門性を高める機会があります。",
        ),
    ],
    "働き方について": [
        (
            "在宅勤務はできますか。",
            "できます。業務に応じて週に数日、在宅勤務を利用している職員が多くいます。",
        ),
        (
            "残業はどのくらいありますか。",
            "部署や時期によって異なります。システムの切替時期などは忙しくなりますが、年間を通じて計画的に休暇を取っています。",
        ),
        (
            "子育てと両立できますか。",
            "育児休業や短時間勤務、時差勤務の制度があり、男女ともに利用しています。[インタビュー](/interviews/)でも紹介しています。",
        ),
        (
            "服装の決まりはありますか。",
            "業務に支障のない服装であれば問題ありません。来客や会議に合わせて選んでいます。",
        ),
    ],
}


def load_faq(now=None):
    """Create the demo questions that do not exist yet (by question); how many were made."""
    now = now or timezone.now()
    made = 0
    for theme_position, (theme_name, questions) in enumerate(FAQ.items()):
        theme, _ = FaqTheme.objects.get_or_create(
            name=theme_name, defaults={"position": theme_position}
        )
        for position, (question, answer) in enumerate(questions):
            if FaqItem.objects.filter(question=question).exists():
                continue
            with demo_revision():
                item = FaqItem.objects.create(
                    theme=theme,
                    position=position,
                    question=question,
                    answer=answer,
                    status=FaqItem.Status.PUBLISHED,
                    published_at=now - datetime.timedelta(days=1),
                )
                item.refresh_derived()
            made += 1
    return made


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

"""Demo questions for `load_demo`, by theme."""

import datetime

from django.utils import timezone

from careers.core.demo import demo_revision
from careers.faq.models import FaqItem, FaqTheme

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

"""Content quality checks: what HR should fix before an applicant sees it.

Used by `manage.py check_content` and shown on the article's admin form. Each
finding names where in the item it is, with the same paths as the YAML format
(profiles[0].schedule[2], windows[1].notes), so ops and HR can find it either way.
Articles get every check below; the portal's other types (check_item) their own
rules and their children's (a section image's alt text, an event's venue…) and the
links in their Markdown, found through their file format's field map.
"""

import re
from itertools import pairwise

from django.utils import timezone

from careers.core.checks import ERROR, WARNING, Finding, link_findings, model_rule_findings
from careers.core.rendering import plain_text
from careers.taxonomy.models import JobCategory

from .models import Article

LEAD_LIMIT = 300
ANSWER_LIMIT = 1200
STALE_YEARS = 2


def check_article(article, today=None):
    """Every finding for one article (load it with Article.objects.with_content()).

    Over 60 lines on purpose: the checks run in the order of the article (its head, each
    person's profile, day and answers, then links), so the findings read in the order HR
    meets them on the form."""
    today = today or timezone.localdate()
    findings = []

    def add(severity, location, code, message):
        findings.append(Finding(severity, location, code, message))

    findings += model_rule_findings(article, "", "")
    if article.status == Article.Status.PUBLISHED and not article.lead.strip():
        add(ERROR, "lead", "published-without-lead", "公開する記事にリード文がありません。")

    lead_text = plain_text(article.lead)
    if len(lead_text) > LEAD_LIMIT:
        add(
            WARNING,
            "lead",
            "long-lead",
            f"リード文が長すぎます（{len(lead_text)} 文字。{LEAD_LIMIT} 文字以内を目安に）。",
        )
    if not article.meta_description.strip() and len(lead_text) > Article.DESCRIPTION_LENGTH:
        add(
            WARNING,
            "meta_description",
            "no-meta-description",
            f"検索結果用の説明文がありません。リード文が長い（{Article.DESCRIPTION_LENGTH} 文字超）ため途中で切れて表示されます。",
        )

    last_touched = article.revised_at or (
        timezone.localdate(article.published_at) if article.published_at else None
    )
    limit = _years_before(today, STALE_YEARS)
    if article.as_of and article.as_of < limit and last_touched and last_touched < limit:
        add(
            WARNING,
            "revised_at",
            "stale",
            f"{STALE_YEARS}年以上更新されておらず、取材時点（{article.as_of:%Y年%m月}）も{STALE_YEARS}年以上前です。"
            "所属や業務内容が今も正しいか確認してください。",
        )

    bodies = [("lead", article.lead), ("closing.body", article.closing_body)]
    for i, person in enumerate(article.profiles.all()):
        where = f"profiles[{i}]"
        findings += model_rule_findings(person, where, f"{person.label}: ")
        entries = list(person.schedule.all())
        answers = list(person.answers.all())
        if not entries:
            add(
                ERROR,
                f"{where}.schedule",
                "no-schedule",
                f"{person.label}の1日のスケジュールがありません。",
            )
        if not answers:
            add(ERROR, f"{where}.qa", "no-answers", f"{person.label}の質問と回答がありません。")
        findings += _schedule_findings(entries, where)
        seen = {}
        for j, answer in enumerate(answers):
            at = f"{where}.qa[{j}]"
            if not answer.question.strip():
                add(ERROR, f"{at}.question", "empty-question", "質問が空です。")
            if not answer.body.strip():
                add(ERROR, f"{at}.answer", "empty-answer", "回答が空です。")
            length = len(plain_text(answer.body))
            if length > ANSWER_LIMIT:
                add(
                    WARNING,
                    f"{at}.answer",
                    "long-answer",
                    f"回答が長すぎます（{length} 文字。{ANSWER_LIMIT} 文字以内を目安に）。",
                )
            question = " ".join(answer.question.split())
            if question and question in seen:
                add(
                    WARNING,
                    f"{at}.question",
                    "repeated-question",
                    f"同じ質問が質問と回答の {seen[question] + 1}件目にもあります。",
                )
            seen.setdefault(question, j)
            bodies += [(f"{at}.answer", answer.body), (f"{at}.note", answer.note)]

    findings += link_findings(bodies)
    return findings


def _schedule_findings(entries, where):
    findings = []
    ordered = sorted(enumerate(entries), key=lambda pair: pair[1].start)
    for j, entry in enumerate(entries):
        findings += model_rule_findings(entry, f"{where}.schedule[{j}]", f"「{entry.title}」: ")
    for (j, entry), (_, following) in pairwise(ordered):
        ends = entry.end or entry.start
        if following.start < ends or following.start == entry.start:
            findings.append(
                Finding(
                    ERROR,
                    f"{where}.schedule[{j}]",
                    "schedule-overlap",
                    f"「{entry.title}」（{entry.start:%H:%M}〜{_hhmm(entry.end)}）と"
                    f"「{following.title}」（{following.start:%H:%M}〜）の時間が重なっています。",
                )
            )
    return findings


# Where a finding is, in HR's words, for the admin (the paths stay for ops and the
# YAML format). Parts of a path -> how they read.
FIELD_WORDS = {
    "lead": "リード文",
    "closing.body": "結びの本文",
    "meta_description": "検索結果用の説明文",
    "revised_at": "最新更新日",
    "hero_alt": "メイン画像の代替テキスト",
    "photo_alt": "写真の代替テキスト",
    "question": "質問",
    "answer": "回答",
    "note": "注記",
}
LOCATION = re.compile(
    r"^profiles\[(?P<person>\d+)\]"
    r"(?:\.(?P<part>schedule|qa)(?:\[(?P<item>\d+)\])?)?(?:\.(?P<field>[a-z_.]+))?$"
)


def describe_location(article, location):
    """「Bさん のスケジュール 2件目（10:00〜11:00）」 for profiles[1].schedule[1] (the
    article loaded with its content); 「記事全体」 for an empty location."""
    if not location:
        return "記事全体"
    match = LOCATION.match(location)
    if match is None:
        return FIELD_WORDS.get(location, location)
    people = list(article.profiles.all())
    index = int(match["person"])
    if index >= len(people):
        return location
    person = people[index]
    words = f"{person.label} "
    field = match["field"]
    if match["part"] == "schedule":
        entries = list(person.schedule.all())
        words += "のスケジュール"
        if match["item"] is not None and int(match["item"]) < len(entries):
            entry = entries[int(match["item"])]
            words += f" {int(match['item']) + 1}件目（{entry.start:%H:%M}〜{_hhmm(entry.end)}）"
    elif match["part"] == "qa":
        answers = list(person.answers.all())
        words += "の質問と回答"
        if match["item"] is not None and int(match["item"]) < len(answers):
            answer = answers[int(match["item"])]
            question = answer.question if len(answer.question) <= 20 else answer.question[:20] + "…"
            words += f" {int(match['item']) + 1}件目（「{question}」）"
    else:
        words += "のプロフィール"
    if field:
        words += f"の{FIELD_WORDS.get(field, field)}"
    return words


def _hhmm(value):
    return f"{value:%H:%M}" if value else ""


def _years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def category_link_problem(match):
    """What a link to a job category's page finds: the page exists only for a category
    that live articles use."""
    if match.view_name == "careers:category-detail":
        if not JobCategory.objects.filter(slug=match.kwargs["slug"]).exists():
            return ERROR, "broken-link", "存在しない職種のページです"
    return None

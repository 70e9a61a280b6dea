"""Content quality checks: what HR should fix before an applicant sees it.

Used by `manage.py check_content` and shown on the article's admin form. Each
finding names where in the item it is, with the same paths as the YAML format
(profiles[0].schedule[2], windows[1].notes), so ops and HR can find it either way.
Articles get every check below; the portal's other types (check_item) their own
rules and their children's (a section image's alt text, an event's venue…) and the
links in their Markdown, found through their file format's field map.
"""

import html
import re
from dataclasses import asdict, dataclass
from itertools import pairwise
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import Resolver404, resolve
from django.utils import timezone

from careers.core.interchange.fields import Children, Text
from careers.core.rendering import plain_text, render_markdown
from careers.events import Event
from careers.models import JobCategory
from careers.news import NewsPost
from careers.pages import FREE_PAGE_VIEW, FreePage
from careers.routes import RoutePage, WindowState, month_day_time

from .models import Article

ERROR, WARNING = "error", "warning"
SEVERITY_LABELS = {ERROR: "エラー", WARNING: "警告"}

LEAD_LIMIT = 300
ANSWER_LIMIT = 1200
STALE_YEARS = 2
HREF = re.compile(r'href="([^"]*)"')


@dataclass(frozen=True)
class Finding:
    severity: str
    location: str
    code: str
    message: str

    @property
    def severity_label(self):
        return SEVERITY_LABELS[self.severity]

    def as_dict(self):
        return asdict(self)


def check_article(article, today=None):
    """Every finding for one article (load it with Article.objects.with_content())."""
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

    findings += _link_findings(bodies)
    if article.is_live():
        findings += _route_findings(article, timezone.now())
    return findings


def check_item(format, item):
    """Every finding for one item of another type (loaded with format.queryset())."""
    findings = model_rule_findings(item, "", "")
    bodies = []
    for field in format.fields:
        if isinstance(field, Text) and field.multiline:
            bodies.append((field.key, getattr(item, field.attr)))
        elif isinstance(field, Children):
            for i, row in enumerate(getattr(item, field.attr).all()):
                where = f"{field.key}[{i}]"
                findings += model_rule_findings(row, where, "")
                bodies += [
                    (f"{where}.{sub.key}", getattr(row, sub.attr))
                    for sub in field.fields
                    if isinstance(sub, Text) and sub.multiline
                ]
    return findings + _link_findings(bodies)


def _link_findings(bodies):
    """Links in Markdown bodies [(location, text)] to pages the public cannot see."""
    findings = []
    for location, body in bodies:
        for href in _internal_links(body):
            if problem := _link_problem(href):
                severity, code, reason = problem
                findings.append(Finding(severity, location, code, f"リンク先 {href} は{reason}。"))
    return findings


WINDOW_WARNING_DAYS = 7


def _route_findings(article, now):
    """A live article promotes the routes its people came through (the call to apply at
    its end): warn when such a route accepts no applications now or later, and when its
    window closes within a week."""
    route_ids = {p.entry_route_id for p in article.profiles.all() if p.entry_route_id}
    if not route_ids:
        return []
    findings = []
    pages = RoutePage.objects.live(now).filter(route_id__in=route_ids).select_related("route")
    for page in pages.prefetch_related("windows"):
        windows = list(page.windows.all())
        states = {w.state(now) for w in windows}
        if not states & {WindowState.OPEN, WindowState.UPCOMING}:
            findings.append(
                Finding(
                    WARNING,
                    "",
                    "route-not-accepting",
                    f"記事で紹介している採用区分「{page.route.name}」に、受付中・受付予定の受付期間がありません。",
                )
            )
        for window in windows:
            if window.closes_within(WINDOW_WARNING_DAYS, now):
                findings.append(
                    Finding(
                        WARNING,
                        "",
                        "window-closing-soon",
                        f"採用区分「{page.route.name}」の「{window.label}」は"
                        f"{month_day_time(window.closes_at)} に締め切られます（{WINDOW_WARNING_DAYS}日以内）。",
                    )
                )
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


# The model's field a rule names -> the finding's code (documented for --format json).
RULE_CODES = {"hero_alt": "missing-alt", "photo_alt": "missing-alt", "end": "schedule-order"}


def model_rule_findings(instance, where, prefix):
    """The model's own invariants (its clean()) on stored data, which may predate them."""
    try:
        instance.clean()
    except ValidationError as exc:
        return [
            Finding(
                ERROR,
                where if name == "end" else (f"{where}.{name}" if where else name),
                RULE_CODES.get(name, "invalid"),
                f"{prefix}{message}",
            )
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return []


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


def _internal_links(body):
    """Paths on this site that a Markdown body links to."""
    for href in HREF.findall(str(render_markdown(body))):
        href = html.unescape(href)
        if href.startswith("/") and not href.startswith("//"):
            yield href


# Pages of one item: the view, the model and the URL's keyword as a lookup, and its name.
LINKED_ITEMS = {
    "interviews:article-detail": (Article, "slug", "記事"),
    "routes:detail": (RoutePage, "route__slug", "採用区分のページ"),
    "news:detail": (NewsPost, "slug", "お知らせ"),
    "events:detail": (Event, "slug", "イベント"),
    "events:ics": (Event, "slug", "イベント"),
    FREE_PAGE_VIEW: (FreePage, "path", "ページ"),
}


def _link_problem(href):
    """(severity, code, reason) when the page at href is not there for the public."""
    path = urlsplit(href).path
    if path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return ERROR, "broken-link", "このサイトにないページです"
    if match.view_name in LINKED_ITEMS:
        model, lookup, name = LINKED_ITEMS[match.view_name]
        value = next(iter(match.kwargs.values()), "").strip("/")
        item = model.objects.filter(**{lookup: value}).first()
        if item is None:
            return ERROR, "broken-link", f"存在しない{name}です"
        if not item.is_live():
            return (
                WARNING,
                "link-not-live",
                f"まだ公開されていない{name}です（公開されるまで閲覧者には見つかりません）",
            )
    if match.view_name == "careers:category-detail":
        if not JobCategory.objects.filter(slug=match.kwargs["slug"]).exists():
            return ERROR, "broken-link", "存在しない職種のページです"
    return None

"""The YAML interchange format for articles (one file per article; see README).

Importing runs in two passes so that memory stays bounded however many files
there are: the first pass parses and validates every file and keeps only a
small summary of each; if no file has a problem, the second pass parses each
file again and writes it, all inside one transaction. A file that changed
between the passes aborts the import.
"""

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import reversion
import yaml
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from careers import images
from careers.models import Department, EntryRoute, JobCategory
from careers.validation import (
    DATE_RANGE_MESSAGE,
    FORBIDDEN,
    date_in_range,
    forbidden_character_message,
)

from .models import Answer, Article, ScheduleEntry, StaffProfile, Tag

MAX_FILE_BYTES = 2 * 1024 * 1024
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$")

ARTICLE_KEYS = {
    "slug",
    "title",
    "status",
    "published_at",
    "revised_at",
    "as_of",
    "expires_at",
    "category",
    "tags",
    "lead",
    "hero_image",
    "hero_alt",
    "meta_description",
    "profiles",
    "closing",
}
PROFILE_KEYS = {
    "case_label",
    "label",
    "job_category",
    "affiliation",
    "affiliation_short",
    "duties",
    "career",
    "motivation",
    "entry_route",
    "department",
    "photo",
    "photo_alt",
    "schedule",
    "qa",
}
ENTRY_KEYS = {"time", "end", "title", "place", "detail"}
ANSWER_KEYS = {"question", "answer", "note"}
CLOSING_KEYS = {"heading", "body"}
MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"


@dataclass
class Problem:
    file: Path
    path: str
    message: str
    line: int | None = None

    def __str__(self):
        where = f"{self.file}:{self.line}" if self.line else f"{self.file}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ImportFailed(Exception):
    def __init__(self, problems):
        self.problems = problems
        super().__init__(f"{len(problems)} 件の問題があります")


@dataclass
class Planned:
    """What the first pass remembers of one file."""

    path: Path
    slug: str
    action: str  # "create", "update", "unchanged" or "skip"
    digest: str


@dataclass
class Report:
    planned: list = field(default_factory=list)
    dry_run: bool = False

    def count(self, action):
        return sum(1 for p in self.planned if p.action == action)

    def summary(self):
        created, updated = self.count("create"), self.count("update")
        unchanged = self.count("unchanged") + self.count("skip")
        prefix = "（ドライラン: 書き込みはしていません）" if self.dry_run else ""
        verb = "予定" if self.dry_run else ""
        return (
            f"{prefix}作成{verb} {created} 件、更新{verb} {updated} 件、変更なし {unchanged} 件"
            f"（{len(self.planned)} ファイル）"
        )


# --- Reading YAML -----------------------------------------------------------


# libyaml's parser when PyYAML was built with it (the wheels are), else the pure-Python one.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _refuse_anchors(text):
    """Anchors and aliases are refused outright: no "billion laughs", no hidden sharing."""
    if "&" not in text and "*" not in text:
        return  # neither can occur without its indicator character
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(
                problem="アンカー（&）とエイリアス（*）は使えません。内容をそのまま書いてください。",
                problem_mark=event.start_mark,
            )


class _Document:
    """A parsed file: its data plus the line and source text of each value."""

    def __init__(self, file, text):
        self.file = file
        self.lines = {}
        self.raw = {}
        self.problems = []
        _refuse_anchors(text)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            self.data = self._convert(loader, node, "") if node is not None else None
        finally:
            loader.dispose()

    def _convert(self, loader, node, path):
        self.lines[path] = node.start_mark.line + 1
        if not isinstance(node, yaml.ScalarNode) and node.tag not in (MAP_TAG, SEQ_TAG):
            raise yaml.MarkedYAMLError(
                problem=f"タグ {node.tag} は使えません。", problem_mark=node.start_mark
            )
        if isinstance(node, yaml.MappingNode):
            result = {}
            for key_node, value_node in node.value:
                key = loader.construct_object(key_node)
                if not isinstance(key, str):
                    self.problem(
                        path,
                        f"項目名 {key_node.value!r} は文字列にしてください。",
                        key_node.start_mark.line + 1,
                    )
                    continue
                child = f"{path}.{key}" if path else key
                if key in result:
                    self.problem(
                        child, "同じ項目が2回書かれています。", key_node.start_mark.line + 1
                    )
                    continue
                result[key] = self._convert(loader, value_node, child)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [
                self._convert(loader, item, f"{path}[{i}]") for i, item in enumerate(node.value)
            ]
        self.raw[path] = node.value
        try:
            value = loader.construct_object(node)
        except (ValueError, OverflowError):
            # A well-formed but impossible date such as 2025-02-30: report it, keep the text.
            self.problem(path, f"{node.value!r} は存在しない日付・時刻です。")
            return node.value
        # Escapes in double-quoted strings ("\0", "\e") make characters the file does not show.
        if isinstance(value, str) and (message := forbidden_character_message(value)):
            self.problem(path, message)
        return value

    def problem(self, path, message, line=None):
        self.problems.append(Problem(self.file, path, message, line or self.lines.get(path)))


def read_text(file):
    """The file's text, or a Problem: size cap, UTF-8, BOM and CRLF normalised."""
    size = file.stat().st_size
    if size > MAX_FILE_BYTES:
        return None, Problem(
            file, "", f"ファイルが大きすぎます（{size:,} バイト、上限 {MAX_FILE_BYTES:,} バイト）。"
        )
    data = file.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, Problem(
            file, "", "UTF-8 で保存してください（文字コードが UTF-8 ではありません）。", line
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    match = FORBIDDEN.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        return None, Problem(file, "", forbidden_character_message(match.group()), line)
    return text, None


# --- Validation -------------------------------------------------------------


def _max_length(model, name):
    return model._meta.get_field(name).max_length


class _Validator:
    """Turns one parsed document into clean values, recording every problem."""

    def __init__(self, doc):
        self.doc = doc
        self.base = doc.file.parent.resolve()

    def problem(self, path, message):
        self.doc.problem(path, message)

    def reported(self, path):
        return any(p.path == path for p in self.doc.problems)

    def mapping(self, value, path, allowed):
        if not isinstance(value, dict):
            self.problem(path, "「項目名: 値」の形（マッピング）で書いてください。")
            return None
        for key in sorted(set(value) - allowed):
            self.problem(
                f"{path}.{key}" if path else key, "不明な項目です。項目名の綴りを確認してください。"
            )
        return value

    def items(self, value, path):
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(path, "リスト（各行を「- 」で始める形）で書いてください。")
            return []
        return value

    def text(self, data, key, path, *, required=False, max_length=None, multiline=False):
        full = f"{path}.{key}" if path else key
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.problem(full, "必須の項目です。値を書いてください。")
            return ""
        if isinstance(value, (dict, list)):
            self.problem(full, "文字列で書いてください。")
            return ""
        if not isinstance(value, str):
            # A number or date written where text is expected: keep what was typed.
            value = self.doc.raw.get(full, str(value))
        value = value.strip() if multiline else " ".join(value.split("\n")).strip()
        if required and not value:
            self.problem(full, "必須の項目です。値を書いてください。")
        if max_length and len(value) > max_length:
            self.problem(full, f"長すぎます（{len(value)} 文字、上限 {max_length} 文字）。")
        return value

    def choice(self, data, key, path, choices, default):
        full = f"{path}.{key}" if path else key
        value = data.get(key)
        if value is None:
            return default
        if value not in choices.values:
            allowed = "、".join(f"{v}（{label}）" for v, label in choices.choices)
            self.problem(full, f"{value!r} は使えません。次のいずれかにしてください: {allowed}")
            return default
        return value

    def date(self, data, key):
        value = self._date(data, key)
        if not date_in_range(value):
            self.problem(key, DATE_RANGE_MESSAGE)
            return None
        return value

    def _date(self, data, key):
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            parsed = parse_date(value.strip()) if isinstance(value, str) else None
        except ValueError:  # well formed but impossible, e.g. "2025-02-30"
            parsed = None
        if parsed:
            return parsed
        if self.reported(key):
            return None
        self.problem(
            key, f"日付は 2025-04-01 の形で書いてください（{self.doc.raw.get(key, value)!r}）。"
        )
        return None

    def datetime(self, data, key):
        value = self._datetime(data, key)
        if not date_in_range(value):
            self.problem(key, DATE_RANGE_MESSAGE)
            return None
        return value

    def _datetime(self, data, key):
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            parsed = value
        elif isinstance(value, datetime.date):
            parsed = datetime.datetime.combine(value, datetime.time())
        else:
            try:
                parsed = parse_datetime(value.strip()) if isinstance(value, str) else None
            except ValueError:
                parsed = None
            if parsed is None:
                if self.reported(key):
                    return None
                self.problem(
                    key,
                    "日時は 2025-04-01T10:00:00+09:00 の形で書いてください"
                    f"（{self.doc.raw.get(key, value)!r}）。",
                )
                return None
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        return parsed

    def time(self, data, key, path, *, required=False):
        full = f"{path}.{key}"
        value = data.get(key)
        if value is None:
            if required:
                self.problem(full, "必須の項目です。時刻を 09:00 の形で書いてください。")
            return None
        # YAML 1.1 reads an unquoted 11:00 as the integer 660 (base 60); the text
        # as written is what the editor meant, so parse that instead.
        written = self.doc.raw.get(full, value) if isinstance(value, int) else value
        match = TIME_RE.match(written.strip()) if isinstance(written, str) else None
        if match:
            hour, minute = int(match[1]), int(match[2])
            if hour < 24 and minute < 60:
                return datetime.time(hour, minute)
        self.problem(
            full, f"時刻は 00:00〜23:59 の範囲で 09:00 の形で書いてください（{written!r}）。"
        )
        return None

    def image(self, data, key, path):
        full = f"{path}.{key}" if path else key
        value = data.get(key)
        if value in (None, ""):
            return None
        if not isinstance(value, str):
            self.problem(full, "画像のパスを文字列で書いてください。")
            return None
        relative = Path(value)
        if relative.is_absolute() or "\\" in value:
            self.problem(
                full, "画像はこのファイルからの相対パス（例: images/a.jpg）で書いてください。"
            )
            return None
        target = (self.base / relative).resolve()
        if not target.is_relative_to(self.base):
            self.problem(
                full,
                f"画像 {value} はこのファイルのフォルダの外にあります。フォルダの中に置いてください。",
            )
            return None
        if not target.is_file():
            self.problem(full, f"画像 {value} が見つかりません。")
            return None
        try:
            images.clean_image(target)
        except images.ImageRejected as exc:
            self.problem(full, f"{value}: {exc}")
            return None
        return target

    def names(self, data, key):
        value = data.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.problem(key, "リストで書いてください（例: [インタビュー記事, 働き方]）。")
            return []
        names = []
        for i, item in enumerate(value):
            name = self.doc.raw.get(f"{key}[{i}]", item) if not isinstance(item, str) else item
            if not isinstance(name, str) or not name.strip():
                self.problem(f"{key}[{i}]", "名前を文字列で書いてください。")
            elif len(name.strip()) > 100:
                self.problem(f"{key}[{i}]", "長すぎます（上限 100 文字）。")
            elif name.strip() not in names:
                names.append(name.strip())
        return names

    def article(self):
        data = self.mapping(self.doc.data, "", ARTICLE_KEYS)
        if data is None:
            return None
        slug = self.text(data, "slug", "", required=True, max_length=_max_length(Article, "slug"))
        if slug and not SLUG_RE.match(slug):
            self.problem(
                "slug",
                f"スラッグ {slug!r} は半角の小文字英数字とハイフンだけで書いてください（例: ict-one-day）。",
            )
        spec = {
            "slug": slug,
            "title": self.text(
                data, "title", "", required=True, max_length=_max_length(Article, "title")
            ),
            "status": self.choice(data, "status", "", Article.Status, Article.Status.DRAFT),
            "published_at": self.datetime(data, "published_at"),
            "revised_at": self.date(data, "revised_at"),
            "as_of": self.date(data, "as_of"),
            "expires_at": self.datetime(data, "expires_at"),
            "category": self.text(data, "category", "", max_length=100),
            "tags": self.names(data, "tags"),
            "lead": self.text(data, "lead", "", multiline=True),
            "hero_image": self.image(data, "hero_image", ""),
            "hero_alt": self.text(
                data, "hero_alt", "", max_length=_max_length(Article, "hero_alt")
            ),
            "meta_description": self.text(
                data, "meta_description", "", max_length=_max_length(Article, "meta_description")
            ),
        }
        if spec["status"] == Article.Status.PUBLISHED and not spec["published_at"]:
            self.problem("published_at", "status が published の記事には公開日時が必要です。")
        if (
            spec["published_at"]
            and spec["expires_at"]
            and spec["expires_at"] <= spec["published_at"]
        ):
            self.problem("expires_at", "公開終了日時は公開日時より後にしてください。")
        if spec["hero_image"] and not spec["hero_alt"]:
            self.problem("hero_alt", "hero_image には代替テキスト（hero_alt）が必要です。")

        closing = data.get("closing")
        spec["closing_heading"] = spec["closing_body"] = ""
        if closing is not None and self.mapping(closing, "closing", CLOSING_KEYS) is not None:
            spec["closing_heading"] = self.text(
                closing, "heading", "closing", max_length=_max_length(Article, "closing_heading")
            )
            spec["closing_body"] = self.text(closing, "body", "closing", multiline=True)

        spec["profiles"] = [
            self.profile(item, f"profiles[{i}]")
            for i, item in enumerate(self.items(data.get("profiles"), "profiles"))
        ]
        return spec

    def profile(self, item, path):
        data = self.mapping(item, path, PROFILE_KEYS)
        if data is None:
            return None
        spec = {
            "case_label": self.text(
                data, "case_label", path, max_length=_max_length(StaffProfile, "case_label")
            ),
            "label": self.text(
                data, "label", path, required=True, max_length=_max_length(StaffProfile, "label")
            ),
            "job_category": self.text(data, "job_category", path, max_length=100),
            "affiliation": self.text(
                data,
                "affiliation",
                path,
                required=True,
                max_length=_max_length(StaffProfile, "affiliation"),
            ),
            "affiliation_short": self.text(
                data,
                "affiliation_short",
                path,
                max_length=_max_length(StaffProfile, "affiliation_short"),
            ),
            "duties": self.text(data, "duties", path, multiline=True),
            "career": self.text(data, "career", path, multiline=True),
            "motivation": self.text(data, "motivation", path, multiline=True),
            "entry_route": self.text(data, "entry_route", path, max_length=100),
            "department": self.text(data, "department", path, max_length=100),
            "photo": self.image(data, "photo", path),
            "photo_alt": self.text(
                data, "photo_alt", path, max_length=_max_length(StaffProfile, "photo_alt")
            ),
        }
        if spec["photo"] and not spec["photo_alt"]:
            self.problem(f"{path}.photo_alt", "photo には代替テキスト（photo_alt）が必要です。")
        spec["schedule"] = [
            self.entry(entry, f"{path}.schedule[{i}]")
            for i, entry in enumerate(self.items(data.get("schedule"), f"{path}.schedule"))
        ]
        spec["qa"] = [
            self.answer(answer, f"{path}.qa[{i}]")
            for i, answer in enumerate(self.items(data.get("qa"), f"{path}.qa"))
        ]
        return spec

    def entry(self, item, path):
        data = self.mapping(item, path, ENTRY_KEYS)
        if data is None:
            return None
        spec = {
            "time": self.time(data, "time", path, required=True),
            "end": self.time(data, "end", path),
            "title": self.text(
                data, "title", path, required=True, max_length=_max_length(ScheduleEntry, "title")
            ),
            "place": self.choice(
                data, "place", path, ScheduleEntry.Place, ScheduleEntry.Place.OFFICE
            ),
            "detail": self.text(data, "detail", path, multiline=True),
        }
        if spec["time"] and spec["end"] and spec["end"] <= spec["time"]:
            self.problem(f"{path}.end", "終了時刻は開始時刻より後にしてください。")
        return spec

    def answer(self, item, path):
        data = self.mapping(item, path, ANSWER_KEYS)
        if data is None:
            return None
        return {
            "question": self.text(
                data, "question", path, required=True, max_length=_max_length(Answer, "question")
            ),
            "answer": self.text(data, "answer", path, required=True, multiline=True),
            "note": self.text(data, "note", path, multiline=True),
        }


def parse_file(file):
    """Read and validate one file: (spec, digest, problems)."""
    text, problem = read_text(file)
    if problem:
        return None, None, [problem]
    digest = hashlib.sha256(text.encode()).hexdigest()
    try:
        doc = _Document(file, text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        detail = exc.problem or exc.context or "YAML として読めません"
        return (
            None,
            digest,
            [
                Problem(
                    file,
                    "",
                    f"YAML の書き方に誤りがあります: {detail}",
                    mark.line + 1 if mark else None,
                )
            ],
        )
    except yaml.YAMLError as exc:
        return None, digest, [Problem(file, "", f"YAML の書き方に誤りがあります: {exc}")]
    if doc.data is None:
        return None, digest, [Problem(file, "", "ファイルが空です。")]
    spec = _Validator(doc).article()
    if spec is not None:
        spec["slug_line"] = doc.lines.get("slug")
    return spec, digest, doc.problems


# --- Comparing with what is stored ------------------------------------------


def _file_digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest() if path else None


def _stored_digest(fieldfile):
    if not fieldfile:
        return None
    try:
        with fieldfile.open("rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()
    except (FileNotFoundError, OSError):
        return "missing"


def _image_digest(path, stored):
    """The digest a source image would have once stored, given the digests already stored.

    Images are re-encoded on the way in, so a source file compares equal to a stored
    one when its bytes are the stored bytes (an export) or when re-encoding it gives
    them (the original that was imported before).
    """
    if not path:
        return None
    raw = _file_digest(path)
    if raw in stored:
        return raw
    return images.clean_image(path).digest


def _comparable_spec(spec, stored):
    """The spec with images replaced by their stored digest."""
    result = {**spec, "hero_image": _image_digest(spec["hero_image"], stored)}
    del result["slug_line"]
    result["profiles"] = [
        {**p, "photo": _image_digest(p["photo"], stored)} for p in spec["profiles"]
    ]
    return result


def stored_spec(article):
    """An article from the database in the same shape as a validated file."""
    return {
        "slug": article.slug,
        "title": article.title,
        "status": article.status,
        "published_at": article.published_at,
        "revised_at": article.revised_at,
        "as_of": article.as_of,
        "expires_at": article.expires_at,
        "category": article.category.name if article.category else "",
        "tags": [t.name for t in article.tags.all()],
        "lead": article.lead,
        "hero_image": _stored_digest(article.hero_image),
        "hero_alt": article.hero_alt,
        "meta_description": article.meta_description,
        "closing_heading": article.closing_heading,
        "closing_body": article.closing_body,
        "profiles": [
            {
                "case_label": p.case_label,
                "label": p.label,
                "job_category": p.job_category.name if p.job_category else "",
                "affiliation": p.affiliation,
                "affiliation_short": p.affiliation_short,
                "duties": p.duties,
                "career": p.career,
                "motivation": p.motivation,
                "entry_route": p.entry_route.name if p.entry_route else "",
                "department": p.department.name if p.department else "",
                "photo": _stored_digest(p.photo),
                "photo_alt": p.photo_alt,
                "schedule": [
                    {
                        "time": e.start,
                        "end": e.end,
                        "title": e.title,
                        "place": e.place,
                        "detail": e.detail,
                    }
                    for e in p.schedule.all()
                ],
                "qa": [
                    {"question": a.question, "answer": a.body, "note": a.note}
                    for a in p.answers.all()
                ],
            }
            for p in article.profiles.all()
        ],
    }


def _sorted_tags(spec):
    return {**spec, "tags": sorted(spec["tags"])}


# --- Writing ----------------------------------------------------------------


class _Writer:
    def __init__(self):
        self.refs = {}
        self.attached = []  # (instance, field name) of every image this import stores

    def ref(self, model, name, **defaults):
        if not name:
            return None
        key = (model, name)
        if key not in self.refs:
            self.refs[key], _ = model.objects.get_or_create(name=name, defaults=defaults)
        return self.refs[key]

    def attach(self, instance, field_name, source, stored):
        """Point an image field at source's content, reusing a stored file with the same bytes."""
        raw = _file_digest(source)
        clean = None
        if raw not in stored:
            widths = instance._meta.get_field(field_name).rendition_widths
            clean = images.clean_image(source, widths)
        digest = raw if clean is None else clean.digest
        if digest in stored:
            setattr(instance, field_name, stored[digest])
            instance._meta.get_field(field_name).update_dimension_fields(instance, force=True)
            return
        upload = ContentFile(clean.data, name=source.name)
        upload.clean_image = clean  # SafeImageField stores it without decoding it again
        setattr(instance, field_name, upload)
        self.attached.append((instance, field_name))

    def remove_attached(self):
        """Delete the files this import stored (after a failure rolled its rows back)."""
        for instance, field_name in self.attached:
            fieldfile = getattr(instance, field_name)
            if fieldfile and fieldfile._committed:
                images.delete_with_renditions(fieldfile.storage, fieldfile.name)

    def write(self, spec, existing):
        article = existing or Article(slug=spec["slug"])
        # Images already stored for this article, by content: an update that keeps an
        # image keeps its file instead of piling up copies.
        stored = {}
        if existing:
            for fieldfile in [existing.hero_image, *(p.photo for p in existing.profiles.all())]:
                if digest := _stored_digest(fieldfile):
                    stored.setdefault(digest, fieldfile.name)
        for name in (
            "title",
            "status",
            "published_at",
            "revised_at",
            "as_of",
            "expires_at",
            "lead",
            "hero_alt",
            "meta_description",
            "closing_heading",
            "closing_body",
        ):
            setattr(article, name, spec[name])
        article.category = self.ref(JobCategory, spec["category"])
        if spec["hero_image"]:
            self.attach(article, "hero_image", spec["hero_image"], stored)
        else:
            article.hero_image = ""
        article.save()
        tags = [self.ref(Tag, name) for name in spec["tags"]]
        if existing:
            article.tags.set(tags)
            article.profiles.all().delete()
        else:
            Article.tags.through.objects.bulk_create(
                Article.tags.through(article=article, tag=tag) for tag in tags
            )

        profiles = []
        for position, p in enumerate(spec["profiles"]):
            profile = StaffProfile(
                article=article,
                position=position,
                case_label=p["case_label"],
                label=p["label"],
                job_category=self.ref(JobCategory, p["job_category"]),
                affiliation=p["affiliation"],
                affiliation_short=p["affiliation_short"],
                duties=p["duties"],
                career=p["career"],
                motivation=p["motivation"],
                entry_route=self.ref(
                    EntryRoute, p["entry_route"], kind=_route_kind(p["entry_route"])
                ),
                department=self.ref(Department, p["department"]),
                photo_alt=p["photo_alt"],
            )
            if p["photo"]:
                self.attach(profile, "photo", p["photo"], stored)
            profiles.append(profile)
        StaffProfile.objects.bulk_create(profiles)

        entries, answers = [], []
        for profile, p in zip(profiles, spec["profiles"], strict=True):
            entries += [
                ScheduleEntry(
                    profile=profile,
                    start=e["time"],
                    end=e["end"],
                    title=e["title"],
                    place=e["place"],
                    detail=e["detail"],
                )
                for e in p["schedule"]
            ]
            answers += [
                Answer(
                    profile=profile,
                    position=i,
                    question=a["question"],
                    body=a["answer"],
                    note=a["note"],
                )
                for i, a in enumerate(p["qa"])
            ]
        ScheduleEntry.objects.bulk_create(entries)
        Answer.objects.bulk_create(answers)
        return article


def _route_kind(name):
    """Guess the kind of a new entry route from its name; HR can correct it in admin."""
    experienced_words = ("経験者", "キャリア", "社会人", "中途")
    if any(word in name for word in experienced_words):
        return EntryRoute.Kind.EXPERIENCED
    return EntryRoute.Kind.NEW_GRADUATE


# --- The import as a whole --------------------------------------------------


def collect_files(paths):
    """YAML files named on the command line, or found under named directories."""
    files, problems = [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
            )
            if not found:
                problems.append(
                    Problem(path, "", "このフォルダに .yaml / .yml ファイルがありません。")
                )
            files += found
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(path, "", "ファイルまたはフォルダが見つかりません。"))
    return files, problems


def import_files(paths, *, existing="error", dry_run=False, progress=None):
    """Import article files; all or nothing.

    existing: what to do with a slug that is already in the database: "error",
    "update" (replace it, unless it is unchanged) or "skip" (leave it alone).
    Raises ImportFailed with every problem found; on success returns a Report.
    """
    files, problems = collect_files(paths)
    report = Report(dry_run=dry_run)
    seen = {}
    stored_slugs = set(Article.objects.values_list("slug", flat=True))
    for number, file in enumerate(files, 1):
        if progress:
            progress("validate", number, len(files))
        spec, digest, file_problems = parse_file(file)
        problems += file_problems
        if file_problems or spec is None:
            continue
        slug = spec["slug"]
        if slug in seen:
            problems.append(
                Problem(
                    file,
                    "slug",
                    f"スラッグ {slug!r} は {seen[slug]} でも使われています。",
                    spec["slug_line"],
                )
            )
            continue
        seen[slug] = file
        action = _action(spec, existing, file, problems) if slug in stored_slugs else "create"
        report.planned.append(Planned(file, slug, action, digest))
    if problems:
        raise ImportFailed(problems)
    if dry_run:
        return report

    writer = _Writer()
    try:
        with transaction.atomic():
            for done, plan in enumerate(report.planned, 1):
                if plan.action in ("create", "update"):
                    spec, digest, file_problems = parse_file(plan.path)
                    if file_problems or digest != plan.digest:
                        raise ImportFailed(
                            file_problems
                            or [
                                Problem(
                                    plan.path,
                                    "",
                                    "取り込み中にファイルが変更されました。もう一度実行してください。",
                                )
                            ]
                        )
                    current = None
                    if plan.action == "update":
                        current = Article.objects.with_content().get(slug=plan.slug)
                    # One revision per article, so that every article has a version to
                    # compare with and to recover from if it is deleted.
                    with reversion.create_revision():
                        article = writer.write(spec, current)
                        reversion.add_to_revision(article)
                        reversion.set_comment(
                            f"import_interviews で {plan.path.name} から取り込みました"
                        )
                if progress:
                    progress("write", done, len(report.planned))
    except BaseException:
        writer.remove_attached()
        raise
    return report


def _action(spec, existing, file, problems):
    """What to do with a file whose slug is already in the database."""
    if existing == "skip":
        return "skip"
    if existing != "update":
        problems.append(
            Problem(
                file,
                "slug",
                f"スラッグ {spec['slug']!r} の記事は既にあります。置き換えるには --update を付けてください。",
                spec["slug_line"],
            )
        )
        return "error"
    stored = _sorted_tags(stored_spec(Article.objects.with_content().get(slug=spec["slug"])))
    digests = {stored["hero_image"]} | {p["photo"] for p in stored["profiles"]}
    if stored == _sorted_tags(_comparable_spec(spec, digests - {None})):
        return "unchanged"
    return "update"

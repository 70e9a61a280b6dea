"""Reading one interchange file: size and encoding checks, then YAML with line numbers.

Every value's path (`profiles[1].schedule[3].time`) is remembered with its line and
the text as written, so a problem found later, by the field map or by the model's
own validation, is reported as `file:line: path: message`. Anchors and aliases,
duplicate keys, tags other than plain maps and lists, impossible dates, and
characters that careers.core.validation forbids are refused here, before any field is
looked at.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from careers.core.interchange.paths import describe
from careers.core.validation import FORBIDDEN, forbidden_character_message

MAX_FILE_BYTES = 2 * 1024 * 1024
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


class Document:
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
        self.problems.append(Problem(self.file, path, message, line or self.line_of(path)))

    def line_of(self, path):
        """The line of path, or of its nearest ancestor when the file does not have it."""
        while path not in self.lines and path:
            path = path[: path.rindex("[")] if path.endswith("]") else path.rpartition(".")[0]
        return self.lines.get(path)


def read_text(file):
    """The file's text, or a Problem: size cap, UTF-8, BOM and CRLF normalised."""
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, Problem(
                file,
                "",
                f"ファイルが大きすぎます（{size:,} バイト、上限 {MAX_FILE_BYTES:,} バイト）。",
            )
        data = file.read_bytes()
    except OSError as exc:
        return None, Problem(file, "", f"ファイルを読めません（{describe(exc)}）。")
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


def read(file):
    """Parse one file: (document or None, digest of its text or None, problems)."""
    text, problem = read_text(file)
    if problem:
        return None, None, [problem]
    digest = hashlib.sha256(text.encode()).hexdigest()
    try:
        doc = Document(file, text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        detail = exc.problem or exc.context or "YAML として読めません"
        line = mark.line + 1 if mark else None
        return None, digest, [Problem(file, "", f"YAML の書き方に誤りがあります: {detail}", line)]
    except yaml.YAMLError as exc:
        return None, digest, [Problem(file, "", f"YAML の書き方に誤りがあります: {exc}")]
    if doc.data is None:
        return None, digest, [Problem(file, "", "ファイルが空です。")]
    return doc, digest, doc.problems

"""The field map between a content type and its interchange file.

One module over 400 lines: it is the whole vocabulary a Format is written in (the field
kinds and the Format that reads, writes and compares with them), and each kind's three
jobs stand side by side so that a round trip stays exact.

A content type declares its file format once, as a Format: an ordered list of
fields, each naming its YAML key and the model attribute it stands for
(`Time("time", attr="start")`). The same declaration drives all three jobs:

- read: a parsed file becomes a tree of Nodes holding unsaved model instances;
  the field only converts what YAML gives (text as written, dates, times, names,
  image paths). Everything else, required fields, lengths, choices, the
  invariants, is the model's own full_clean(), whose errors are reported at the
  YAML path of the field they name.
- dump: a Node, from a file or from the database, becomes the file's data, in
  the declared key order with empty values left out. Export writes it; the
  "unchanged?" check compares the two dumps.
- write: a Node's instance is saved, with its references (created by name when
  missing), tags, images and child rows.

The module is longer than most here on purpose: each field kind's read, dump and
write must agree with one another, and keeping a kind's three halves together is
what keeps a round trip exact.
"""

import datetime
import hashlib
import re
import unicodedata
from pathlib import Path

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from careers.core import images
from careers.core.interchange.paths import UnsafePath, describe, file_inside
from careers.core.numbers import NUMBER_FORMAT_ERROR, parse_decimal
from careers.core.times import TIME_FORMAT_ERROR, parse_time_of_day

REQUIRED = "必須の項目です。値を書いてください。"


class Node:
    """One item or child row on its way between a file and the database."""

    def __init__(self, instance, path=""):
        self.instance = instance
        self.path = path
        self.refs = {}  # attr -> name of the referenced row ("" for none)
        self.names = {}  # attr -> names of many-to-many rows
        self.images = {}  # attr -> Path (from a file) or FieldFile (stored)
        self.children = {}  # key -> [Node]

    def at(self, key):
        return f"{self.path}.{key}" if self.path else key


class Dump:
    """What a dump is for: "export" (image paths, files to copy) or "compare" (digests)."""

    def __init__(self, mode, *, folder="", stored_digests=frozenset()):
        self.mode = mode
        self.folder = folder
        self.stored_digests = stored_digests
        self.files = []  # (FieldFile, relative path) to copy next to the exported file


def compact(mapping):
    """Leave out empty values; the reader takes a missing key as empty."""
    return {k: v for k, v in mapping.items() if v not in (None, "", [], {})}


class Field:
    """A YAML key and the model attribute it stands for. Each kind defines
    read(reader, data, node): the YAML value into the node, problems to the reader."""

    copies = True  # a plain value of the instance, copied onto a row being updated

    def __init__(self, key, attr=None, *, required=False):
        self.key = key
        self.attr = attr or key
        self.required = required

    def value(self, reader, data, node):
        """The YAML value, or None when missing (a problem if the key is required)."""
        value = data.get(self.key)
        if value is None or value == "":
            if self.required:
                reader.problem(node.at(self.key), REQUIRED)
            return None
        return value

    def load(self, node):
        """Fill node from its stored instance (plain fields need nothing)."""

    def dump(self, node, context):
        return getattr(node.instance, self.attr)

    def before_save(self, writer, node, instance):
        """Set what the row needs before it is saved (references, images)."""

    def after_save(self, writer, node, instance, *, new):
        """Set what needs the saved row (many-to-many)."""

    def error_keys(self):
        """Model attribute -> YAML key, for reporting the model's validation errors."""
        return {self.attr: self.key}


class Text(Field):
    def __init__(self, key, attr=None, *, multiline=False, required=False):
        super().__init__(key, attr, required=required)
        self.multiline = multiline

    def read(self, reader, data, node):
        setattr(node.instance, self.attr, self.text(reader, data, node))

    def text(self, reader, data, node):
        value = self.value(reader, data, node)
        if value is None:
            return ""
        if isinstance(value, (dict, list)):
            reader.problem(node.at(self.key), "文字列で書いてください。")
            return ""
        if not isinstance(value, str):
            # A number or a date written where text is expected: keep what was typed.
            value = reader.doc.raw.get(node.at(self.key), str(value))
        # A line break in a single-line field is the model's to refuse, as in the admin.
        return value.strip()

    def dump(self, node, context):
        return getattr(node.instance, self.attr) or None


class Choice(Field):
    def read(self, reader, data, node):
        value = self.value(reader, data, node)
        if value is None:
            return  # the model's default
        choices = node.instance._meta.get_field(self.attr).choices
        if value not in {v for v, _ in choices}:
            allowed = "、".join(f"{v}（{label}）" for v, label in choices)
            reader.problem(
                node.at(self.key), f"{value!r} は使えません。次のいずれかにしてください: {allowed}"
            )
            return
        setattr(node.instance, self.attr, value)


class Date(Field):
    example = "日付は 2025-04-01"

    def read(self, reader, data, node):
        value = self.value(reader, data, node)
        parsed = None if value is None else self.parse(value)
        if value is not None and parsed is None and not reader.reported(node.at(self.key)):
            written = reader.doc.raw.get(node.at(self.key), value)
            reader.problem(
                node.at(self.key), f"{self.example} の形で書いてください（{written!r}）。"
            )
        setattr(node.instance, self.attr, parsed)

    def parse(self, value):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_date(value.strip()) if isinstance(value, str) else None
        except ValueError:  # well formed but impossible, e.g. "2025-02-30"
            return None


class DateTime(Date):
    example = "日時は 2025-04-01T10:00:00+09:00"

    def parse(self, value):
        if isinstance(value, datetime.datetime):
            parsed = value
        elif isinstance(value, datetime.date):
            parsed = datetime.datetime.combine(value, datetime.time())
        else:
            try:
                parsed = parse_datetime(value.strip()) if isinstance(value, str) else None
            except ValueError:
                return None
            if parsed is None:
                return None
        return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed

    def dump(self, node, context):
        value = getattr(node.instance, self.attr)
        return timezone.localtime(value).isoformat() if value else None


class TimeText(str):
    """A time of day, always written quoted so no YAML reader takes it for a number."""


class Time(Field):
    def read(self, reader, data, node):
        value = self.value(reader, data, node)
        if value is None:
            return
        # YAML 1.1 reads an unquoted 11:00 as the integer 660 (base 60); the text
        # as written is what the editor meant, so parse that instead.
        written = reader.doc.raw.get(node.at(self.key), value) if isinstance(value, int) else value
        parsed = parse_time_of_day(written) if isinstance(written, str) else None
        if parsed is not None:
            setattr(node.instance, self.attr, parsed)
            return
        reader.problem(node.at(self.key), f"{TIME_FORMAT_ERROR}（{written!r}）")

    def dump(self, node, context):
        value = getattr(node.instance, self.attr)
        return TimeText(f"{value:%H:%M}") if value else None


class Flag(Field):
    """A yes/no field: `true` or `false` in the file, left out when false."""

    def read(self, reader, data, node):
        value = data.get(self.key)
        if value is None:
            return  # the model's default
        if not isinstance(value, bool):
            written = reader.doc.raw.get(node.at(self.key), value)
            reader.problem(node.at(self.key), f"true か false で書いてください（{written!r}）。")
            return
        setattr(node.instance, self.attr, value)

    def dump(self, node, context):
        return True if getattr(node.instance, self.attr) else None


class Number(Field):
    """A whole number of 0 or more (an order), left out when 0. Full-width digits, as a
    Japanese input method types them, are read as the number they show."""

    def read(self, reader, data, node):
        value = self.value(reader, data, node)
        if value is None:
            return  # the model's default
        if isinstance(value, str):
            text = unicodedata.normalize("NFKC", value).strip()
            value = int(text) if text.isascii() and text.isdigit() else value
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            written = reader.doc.raw.get(node.at(self.key), value)
            reader.problem(node.at(self.key), f"0 以上の整数で書いてください（{written!r}）。")
            return
        setattr(node.instance, self.attr, value)

    def dump(self, node, context):
        return getattr(node.instance, self.attr) or None


class DecimalNumber(Field):
    """A number with decimals (a count, a rate), read as the admin reads it: 1,234 and
    full-width digits alike (careers.core.numbers). Written as a YAML number without
    trailing zeros, so 1234.50 stored is 1234.5 in the file."""

    def read(self, reader, data, node):
        value = self.value(reader, data, node)
        if value is None:
            return  # the model's default
        # The text as written, not what YAML made of it: 1.10 is not the float 1.1 and
        # YAML 1.1 reads 1:30 as the integer 90.
        written = reader.doc.raw.get(node.at(self.key), value)
        parsed = None if isinstance(value, (bool, dict, list)) else parse_decimal(written)
        if parsed is None:
            reader.problem(node.at(self.key), f"{NUMBER_FORMAT_ERROR}（{written!r}）")
            return
        setattr(node.instance, self.attr, parsed)

    def dump(self, node, context):
        value = getattr(node.instance, self.attr)
        if value is None:
            return None
        value = value.normalize()
        return int(value) if value == value.to_integral_value() else float(value)


class Ref(Field):
    """A row of reference data named in the file, created at import when missing."""

    copies = False

    def __init__(self, key, model, attr=None, *, defaults=None, required=False):
        super().__init__(key, attr, required=required)
        self.model = model
        self.defaults = defaults or (lambda name: {})

    def read(self, reader, data, node):
        name = Text(self.key, required=self.required).text(reader, data, node)
        limit = self.model._meta.get_field("name").max_length
        if len(name) > limit:
            reader.problem(
                node.at(self.key), f"長すぎます（{len(name)} 文字、上限 {limit} 文字）。"
            )
        node.refs[self.attr] = name

    def load(self, node):
        related = getattr(node.instance, self.attr)
        node.refs[self.attr] = related.name if related else ""

    def dump(self, node, context):
        return node.refs[self.attr] or None

    def before_save(self, writer, node, instance):
        name = node.refs[self.attr]
        setattr(instance, self.attr, writer.ref(self.model, name, self.defaults) if name else None)

    def error_keys(self):
        return {}


class Names(Ref):
    """Many-to-many rows named in the file (`tags: [a, b]`)."""

    def read(self, reader, data, node):
        value = data.get(self.key)
        if isinstance(value, str):
            value = [value]
        if value is not None and not isinstance(value, list):
            reader.problem(
                node.at(self.key), "リストで書いてください（例: [インタビュー記事, 働き方]）。"
            )
            value = None
        names, limit = [], self.model._meta.get_field("name").max_length
        for i, item in enumerate(value or []):
            path = f"{node.at(self.key)}[{i}]"
            name = reader.doc.raw.get(path, item) if not isinstance(item, str) else item
            if not isinstance(name, str) or not name.strip():
                reader.problem(path, "名前を文字列で書いてください。")
            elif len(name.strip()) > limit:
                reader.problem(path, f"長すぎます（上限 {limit} 文字）。")
            elif name.strip() not in names:
                names.append(name.strip())
        node.names[self.attr] = names

    def load(self, node):
        node.names[self.attr] = [o.name for o in getattr(node.instance, self.attr).all()]

    def dump(self, node, context):
        names = node.names[self.attr]
        return sorted(names) if context.mode == "compare" else names

    def before_save(self, writer, node, instance):
        pass

    def after_save(self, writer, node, instance, *, new):
        rows = [writer.ref(self.model, name, self.defaults) for name in node.names[self.attr]]
        manager = getattr(instance, self.attr)
        if new:
            through = manager.through
            source, target = manager.source_field_name, manager.target_field_name
            through.objects.bulk_create(through(**{source: instance, target: row}) for row in rows)
        else:
            manager.set(rows)


class Image(Field):
    """An image file next to the YAML file; stored re-encoded (careers.core.images)."""

    copies = False

    def __init__(self, key, attr=None, *, export_name):
        super().__init__(key, attr)
        self.export_name = export_name  # e.g. "photo-{n}": n counts rows from 1

    def read(self, reader, data, node):
        value = self.value(reader, data, node)
        if value is None:
            return
        path = node.at(self.key)
        if not isinstance(value, str):
            reader.problem(path, "画像のパスを文字列で書いてください。")
            return
        if reader.reported(path):
            return  # a character the reader refused (a "\0" escape): said once is enough
        try:
            target = file_inside(reader.base, value)
            images.clean_image(target)
        except UnsafePath as exc:
            reader.problem(
                path,
                f"画像のパス {value!r} {exc}。画像はこのファイルのフォルダの中に置き、"
                "このファイルからの相対パス（例: images/a.jpg）で書いてください。",
            )
            return
        except OSError as exc:  # found, but not readable
            reader.problem(path, f"画像 {value!r} を読めません（{describe(exc)}）。")
            return
        except images.ImageRejected as exc:
            reader.problem(path, f"{value}: {exc}")
            return
        node.images[self.attr] = target
        # Only for validation (an image needs alt text): the name, without touching storage.
        node.instance.__dict__[self.attr] = target.name

    def load(self, node):
        fieldfile = getattr(node.instance, self.attr)
        if fieldfile:
            node.images[self.attr] = fieldfile

    def dump(self, node, context):
        image = node.images.get(self.attr)
        if image is None:
            return None
        if context.mode == "compare":
            return source_digest(image, context.stored_digests)
        number = int(re.search(r"\[(\d+)\]$", node.path).group(1)) + 1 if node.path else 0
        name = self.export_name.format(n=number)
        relative = f"images/{context.folder}/{name}{Path(image.name).suffix.lower()}"
        context.files.append((image, relative))
        return relative

    def before_save(self, writer, node, instance):
        source = node.images.get(self.attr)
        if source is None:
            setattr(instance, self.attr, "")
        else:
            writer.attach(instance, self.attr, source)


class Group(Field):
    """A nested mapping whose keys are fields of the same row (`closing: {heading, body}`)."""

    copies = False

    def __init__(self, key, fields):
        super().__init__(key)
        self.fields = fields

    def read(self, reader, data, node):
        value = data.get(self.key)
        view = self._view(node)
        if value is not None and reader.mapping(value, view.path, self.fields) is None:
            value = None
        for field in self.fields:
            field.read(reader, value or {}, view)

    def _view(self, node):
        view = Node(node.instance, node.at(self.key))
        view.refs, view.names, view.images = node.refs, node.names, node.images
        return view

    def dump(self, node, context):
        view = self._view(node)
        return compact({f.key: f.dump(view, context) for f in self.fields})

    def error_keys(self):
        return {
            attr: f"{self.key}.{key}" for f in self.fields for attr, key in f.error_keys().items()
        }

    def copied(self):
        return [f for f in self.fields if f.copies]


class Children(Field):
    """Rows of another model under this one (`profiles:`, `schedule:`), in file order."""

    copies = False

    def __init__(self, key, related_name, fields, *, position=None):
        super().__init__(key, related_name)
        self.fields = fields
        self.position = position  # the model field that keeps file order, if any

    def model(self, parent):
        return parent._meta.get_field(self.attr).related_model

    def parent_field(self, parent):
        return parent._meta.get_field(self.attr).field.name

    def read(self, reader, data, node):
        value = data.get(self.key)
        if value is not None and not isinstance(value, list):
            reader.problem(node.at(self.key), "リスト（各行を「- 」で始める形）で書いてください。")
            value = None
        children = []
        model = self.model(node.instance)
        for i, item in enumerate(value or []):
            child = Node(model(), f"{node.at(self.key)}[{i}]")
            if reader.mapping(item, child.path, self.fields) is None:
                continue
            if self.position:
                setattr(child.instance, self.position, i)
            for field in self.fields:
                field.read(reader, item, child)
            children.append(child)
        node.children[self.key] = children

    def load(self, node):
        children = []
        for i, row in enumerate(getattr(node.instance, self.attr).all()):
            child = Node(row, f"{node.at(self.key)}[{i}]")
            for field in self.fields:
                field.load(child)
            children.append(child)
        node.children[self.key] = children

    def dump(self, node, context):
        return [
            compact({f.key: f.dump(child, context) for f in self.fields})
            for child in node.children[self.key]
        ]

    def error_keys(self):
        return {}


class Format:
    """One content type's interchange file: its model, its key and its fields.

    The key is the field that names an item (`slug`, `path`, or a reference such as
    a route page's `route`): the importer finds the stored item by it and refuses two
    files with the same one. An export is named after the item (file_name), which for
    most types is the key itself."""

    def __init__(self, model, fields, *, key="slug", queryset=None, label=None, file_name=None):
        self.model = model
        self.fields = fields
        self.key = key
        self.queryset = queryset or (lambda: model._default_manager.all())
        self.label = label or model._meta.verbose_name
        key_field = next(f for f in fields if f.key == key)
        # The stored items' keys, as one column: a reference is named by its name.
        self.lookup = f"{key_field.attr}__name" if isinstance(key_field, Ref) else key_field.attr
        self._key_field = key_field
        self._file_name = file_name or (lambda instance: getattr(instance, key_field.attr))

    def key_of(self, node):
        """The key a node (from a file or the database) carries."""
        field = self._key_field
        return (
            node.refs[field.attr] if isinstance(field, Ref) else getattr(node.instance, field.attr)
        )

    def stored_keys(self):
        return set(self.model._default_manager.values_list(self.lookup, flat=True))

    def get(self, key):
        """The stored item with this key, loaded for dumping."""
        return self.queryset().get(**{self.lookup: key})

    def file_name(self, instance):
        """The exported file's name without .yaml (a path with "/" makes sub-folders)."""
        return self._file_name(instance)

    def load(self, instance):
        """A stored item (loaded with self.queryset()) as a Node."""
        node = Node(instance)
        load_fields(self.fields, node)
        return node

    def dump(self, node, context):
        return compact({f.key: f.dump(node, context) for f in self.fields})


def load_fields(fields, node):
    for field in fields:
        if isinstance(field, Group):
            load_fields(field.fields, field._view(node))
        else:
            field.load(node)


def file_digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def stored_digest(fieldfile):
    try:
        with fieldfile.open("rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()
    except (FileNotFoundError, OSError):
        return "missing"


def source_digest(image, stored_digests):
    """The digest an image has once stored. Images are re-encoded on the way in, so a
    file compares equal to a stored one when its bytes are the stored bytes (an export)
    or when re-encoding it gives them (the original imported before)."""
    if not isinstance(image, Path):
        return stored_digest(image)
    raw = file_digest(image)
    if raw in stored_digests:
        return raw
    return images.clean_image(image).digest


# Every type's publishing fields, in the same place in every file.
PUBLISHING = [Choice("status"), DateTime("published_at"), DateTime("expires_at")]

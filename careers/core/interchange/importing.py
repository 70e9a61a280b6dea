"""Importing interchange files, all or nothing, for any content type with a Format.

(One module over 400 lines: the two passes, the report and the writer share one
transaction and one notion of a planned item; apart they would pass all of it around.)

Two passes keep memory bounded however many files there are: the first reads and
validates every file and keeps a small summary of each; if no file has a problem,
the second reads each file again and writes it, all inside one transaction. A file
that changed between the passes aborts the import. Validation is the model's own
full_clean() on the unsaved rows the field map builds, each error reported at the
YAML path of the field it names.
"""

import enum
from dataclasses import dataclass, field
from pathlib import Path

import reversion
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from careers.core import images
from careers.core.freshness import changed
from careers.core.interchange.fields import (
    REQUIRED,
    Children,
    Dump,
    Group,
    Node,
    file_digest,
    stored_digest,
)
from careers.core.interchange.paths import describe
from careers.core.interchange.reading import Problem, read
from careers.core.publishing import Publishable


class ImportFailed(Exception):
    def __init__(self, problems):
        self.problems = problems
        super().__init__(f"{len(problems)} 件の問題があります")


class OnExisting(enum.StrEnum):
    """What to do with a file whose key is already in the database."""

    REFUSE = "refuse"
    UPDATE = "update"  # replace it, unless it is unchanged
    SKIP = "skip"  # leave it alone


class Action(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    SKIP = "skip"


@dataclass
class Planned:
    """What the first pass remembers of one file."""

    path: Path
    key: str
    action: Action
    digest: str
    format: object = None


@dataclass
class Report:
    planned: list = field(default_factory=list)
    dry_run: bool = False

    def of(self, format):
        """The part of the report about one content type."""
        return Report([p for p in self.planned if p.format is format], self.dry_run)

    def count(self, *actions):
        return sum(1 for p in self.planned if p.action in actions)

    def summary(self, *, note=True):
        created, updated = self.count(Action.CREATE), self.count(Action.UPDATE)
        unchanged = self.count(Action.UNCHANGED, Action.SKIP)
        prefix = "（ドライラン: 書き込みはしていません）" if self.dry_run and note else ""
        verb = "予定" if self.dry_run else ""
        return (
            f"{prefix}作成{verb} {created} 件、更新{verb} {updated} 件、変更なし {unchanged} 件"
            f"（{len(self.planned)} ファイル）"
        )


# --- reading and validating one file ----------------------------------------------


class Reader:
    """Turns one parsed document into a tree of unsaved rows, recording every problem."""

    def __init__(self, doc):
        self.doc = doc
        self.base = doc.file.parent.resolve()

    def problem(self, path, message):
        self.doc.problem(path, message)

    def reported(self, path):
        return any(p.path == path for p in self.doc.problems)

    def mapping(self, value, path, fields):
        if not isinstance(value, dict):
            self.problem(path, "「項目名: 値」の形（マッピング）で書いてください。")
            return None
        allowed = {f.key for f in fields}
        for key in sorted(set(value) - allowed):
            self.problem(
                f"{path}.{key}" if path else key, "不明な項目です。項目名の綴りを確認してください。"
            )
        return value

    def read(self, format, *, validate=True):
        data = self.mapping(self.doc.data, "", format.fields)
        if data is None:
            return None
        node = Node(format.model())
        for f in format.fields:
            f.read(self, data, node)
        if validate:
            self.validate(node, format.fields)
        return node

    def validate(self, node, fields, exclude=()):
        """The model's full_clean() on the row and its children, errors at YAML paths."""
        keys = {}
        for f in fields:
            keys.update(f.error_keys())
        skip = {*exclude, *(name for name in _relation_attrs(fields))}
        try:
            # The invariants are in the models' clean() (the same messages as their
            # constraints, which the database still enforces on write); checking the
            # constraints here too would cost a query per row.
            node.instance.full_clean(
                exclude=skip, validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            for name, errors in exc.error_dict.items():
                key = keys.get(name, "" if name == NON_FIELD_ERRORS else name)
                path = node.at(key) if key else node.path
                if self.reported(path):
                    continue  # the field map already said what is wrong there
                for error in errors:
                    required = error.code in ("blank", "null", "required")
                    self.problem(path, REQUIRED if required else " ".join(error.messages))
        for f in fields:
            if isinstance(f, Children):
                parent = f.parent_field(node.instance)
                for child in node.children[f.key]:
                    self.validate(child, f.fields, exclude=[parent])


def _relation_attrs(fields):
    """Attributes the writer sets (references, images); not there before saving."""
    for f in fields:
        if isinstance(f, Group):
            yield from _relation_attrs(f.fields)
        elif not f.copies and not isinstance(f, Children):
            yield f.attr


def parse(format, file, *, validate=True):
    """Read and validate one file: (node or None, digest, problems)."""
    doc, digest, problems = read(file)
    if doc is None:
        return None, digest, problems
    node = Reader(doc).read(format, validate=validate)
    if node is not None:
        node.key_line = doc.lines.get(format.key)
    return node, digest, doc.problems


# --- writing ---------------------------------------------------------------------


class Writer:
    def __init__(self):
        self.refs = {}
        self.attached = []  # (instance, attr) of every image this import stores
        self.stored = {}  # digest -> name of the images already stored for the item

    def ref(self, model, name, defaults):
        key = (model, name)
        if key not in self.refs:
            self.refs[key], _ = model.objects.get_or_create(name=name, defaults=defaults(name))
        return self.refs[key]

    def attach(self, instance, attr, source):
        """Point an image field at source's content, reusing a stored file with the same bytes."""
        raw = file_digest(source)
        clean = None
        if raw not in self.stored:
            clean = images.clean_image(source, instance._meta.get_field(attr).rendition_widths)
        digest = raw if clean is None else clean.digest
        if digest in self.stored:
            setattr(instance, attr, self.stored[digest])
            instance._meta.get_field(attr).update_dimension_fields(instance, force=True)
            return
        upload = ContentFile(clean.data, name=source.name)
        upload.clean_image = clean  # SafeImageField stores it without decoding it again
        setattr(instance, attr, upload)
        self.attached.append((instance, attr))

    def remove_attached(self):
        """Delete the files this import stored (after a failure rolled its rows back)."""
        for instance, attr in self.attached:
            fieldfile = getattr(instance, attr)
            if fieldfile and fieldfile._committed:
                images.delete_with_renditions(fieldfile.storage, fieldfile.name)

    def write(self, format, node, existing=None):
        """Save node as a new item, or over existing (replacing its child rows)."""
        self.stored = {}
        instance = node.instance
        if existing is not None:
            # Images already stored for this item, by content: an update that keeps an
            # image keeps its file instead of piling up copies.
            for image in _stored_images(format.load(existing)):
                self.stored.setdefault(stored_digest(image), image.name)
            for f in _copied(format.fields):
                setattr(existing, f.attr, getattr(instance, f.attr))
            instance = existing
        for f in _flat(format.fields):
            f.before_save(self, node, instance)
        instance.save()
        for f in _flat(format.fields):
            f.after_save(self, node, instance, new=existing is None)
        if existing is not None:
            for f in format.fields:
                if isinstance(f, Children):
                    getattr(instance, f.attr).all().delete()
        self._children([(node, instance)], format.fields)
        # Read back with its rows in a few queries, for the search text and the history.
        instance = format.queryset().get(pk=instance.pk)
        if isinstance(instance, Publishable):
            instance.refresh_derived()
        return instance

    def _children(self, pairs, fields):
        """Save the child rows of every (node, saved instance) pair, one bulk insert a level."""
        for f in fields:
            if not isinstance(f, Children) or not pairs:
                continue
            rows = []
            for node, parent in pairs:
                parent_field = f.parent_field(parent)
                for child in node.children[f.key]:
                    setattr(child.instance, parent_field, parent)
                    for sub in _flat(f.fields):
                        sub.before_save(self, child, child.instance)
                    rows.append((child, child.instance))
            if rows:
                instances = [instance for _, instance in rows]
                for instance in instances:
                    if hasattr(instance, "normalize"):
                        instance.normalize()  # what save() would do (CheckedTextModel)
                type(rows[0][1]).objects.bulk_create(instances)
            self._children(rows, f.fields)


def _flat(fields):
    for f in fields:
        if isinstance(f, Group):
            yield from _flat(f.fields)
        elif not isinstance(f, Children):
            yield f


def _copied(fields):
    return [f for f in _flat(fields) if f.copies]


def _stored_images(node):
    yield from node.images.values()
    for children in node.children.values():
        for child in children:
            yield from _stored_images(child)


def unchanged(format, node, stored):
    """Whether a file's node would store exactly what is stored (one dump, both sides)."""
    stored_node = format.load(stored)
    digests = {stored_digest(image) for image in _stored_images(stored_node)}
    context = Dump("compare", stored_digests=digests)
    return format.dump(stored_node, context) == format.dump(node, context)


# --- the import as a whole ---------------------------------------------------------------


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


def import_files(format, paths, *, existing=OnExisting.REFUSE, dry_run=False, progress=None):
    """Import files of one content type; all or nothing.

    Raises ImportFailed with every problem found; on success returns a Report.
    """
    return import_sets([(format, paths)], existing=existing, dry_run=dry_run, progress=progress)


def import_sets(sets, *, existing=OnExisting.REFUSE, dry_run=False, progress=None):
    """Import files of several content types, [(format, paths)…], all or nothing: every
    file of every type is validated before anything is written, and everything is
    written in one transaction (a reference two types share is created once).

    Raises ImportFailed with every problem found; on success returns a Report.
    Over 60 lines: the validating pass and the writing pass read as one sequence, with
    the transaction around the second; split, each half would need the other's state.
    """
    problems, work = [], []
    for format, paths in sets:
        files, missing = collect_files(paths)
        problems += missing
        work += [(format, file) for file in files]
    report = Report(dry_run=dry_run)
    seen = {format: {} for format, _ in sets}
    stored_keys = {format: format.stored_keys() for format, _ in sets}
    for number, (format, file) in enumerate(work, 1):
        if progress:
            progress("validate", number, len(work))
        node, digest, file_problems = parse(format, file)
        problems += file_problems
        if file_problems or node is None:
            continue
        key = format.key_of(node)
        if key in seen[format]:
            problems.append(
                Problem(
                    file,
                    format.key,
                    f"{key!r} は {seen[format][key]} でも使われています。",
                    node.key_line,
                )
            )
            continue
        seen[format][key] = file
        action = Action.CREATE
        if key in stored_keys[format]:
            try:
                action = _action(format, node, key, existing)
            except OSError as exc:  # an image parse() checked, changed since
                problems.append(file_system_problem(file, exc))
                continue
            if action is None:
                problems.append(
                    Problem(
                        file,
                        format.key,
                        f"{key!r} の{format.label}は既にあります。置き換えるには --update を付けてください。",
                        node.key_line,
                    )
                )
                continue
        report.planned.append(Planned(file, key, action, digest, format))
    if problems:
        raise ImportFailed(problems)
    if dry_run:
        return report

    writer = Writer()
    try:
        with transaction.atomic():
            for done, plan in enumerate(report.planned, 1):
                if plan.action in (Action.CREATE, Action.UPDATE):
                    try:
                        _write(plan.format, writer, plan)
                    except OSError as exc:
                        raise ImportFailed([file_system_problem(plan.path, exc)]) from exc
                if progress:
                    progress("write", done, len(report.planned))
            changed()  # the child rows went in with bulk_create, without signals
    except BaseException:
        writer.remove_attached()
        raise
    return report


def file_system_problem(file, error):
    """An OSError after parse() checked the file and its images (paths.file_inside): one
    changed or went away since, or the images' storage refused a write."""
    return Problem(
        file,
        "",
        f"ファイルの読み書きに失敗しました（{describe(error)}）。取り込み中にファイルや画像が"
        "変更されていないか、画像の保存先に書き込めるかを確かめて、もう一度実行してください。",
    )


def _action(format, node, key, existing):
    """What to do with a file whose key is already in the database (None: refused)."""
    if existing == OnExisting.SKIP:
        return Action.SKIP
    if existing != OnExisting.UPDATE:
        return None
    stored = format.get(key)
    return Action.UNCHANGED if unchanged(format, node, stored) else Action.UPDATE


def _write(format, writer, plan):
    # The first pass validated this very text (same digest); reading it is enough now.
    node, digest, problems = parse(format, plan.path, validate=False)
    if problems or digest != plan.digest:
        raise ImportFailed(
            problems
            or [
                Problem(
                    plan.path,
                    "",
                    "取り込み中にファイルが変更されました。もう一度実行してください。",
                )
            ]
        )
    current = None
    if plan.action == Action.UPDATE:
        current = format.get(plan.key)
    # One revision per item, so that every item has a version to compare with and to
    # recover from if it is deleted.
    with reversion.create_revision():
        instance = writer.write(format, node, current)
        reversion.add_to_revision(instance)
        reversion.set_comment(f"{plan.path.name} から取り込みました")

"""Two states of an item side by side: a saved version from history, or the item now.

An item is compared as the tree history records (an article, its people, their
schedule and answers), field by field, so that a publisher reads 「Bさん › 質問と回答
「やりがいは？」 › 回答」 with the words taken out and put in, not two dumps of text.
Rows are matched by their id, so a moved or edited answer is one change, not a
deletion and an addition.
"""

import datetime
import difflib
from dataclasses import dataclass, field

from django.db import models
from django.utils.html import escape
from django.utils.safestring import mark_safe
from reversion.revisions import _get_options

from careers.core.times import date_time_words, date_words

# Fields that are bookkeeping, not content an editor wrote.
SKIPPED = {"edit_token", "loaded_token", "created_at", "updated_at", "updated_by"}
EMPTY = "（空欄）"


@dataclass
class Node:
    model: type
    pk: object
    label: str
    values: dict  # field name -> (label, text)
    children: list = field(default_factory=list)


def _text(model_field, value, m2m_names=None):
    if value is None or value == "":
        return EMPTY
    if isinstance(model_field, models.ManyToManyField):
        return "、".join(sorted(m2m_names or [])) or EMPTY
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else f"（削除済み: {value}）"
    if isinstance(model_field, models.BooleanField):
        return "はい" if value else "いいえ"
    if isinstance(value, datetime.datetime):
        return date_time_words(value)
    if isinstance(value, datetime.date):
        return date_words(value)
    if isinstance(value, datetime.time):
        return f"{value:%H:%M}"
    if model_field.name == "position":
        return f"{int(value) + 1} 番目"
    return str(getattr(value, "name", value))


def _shown_fields(model, parent_fk=None):
    for model_field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if model_field.primary_key or model_field.name in SKIPPED:
            continue
        if not model_field.editable and model_field.name != "position":
            continue
        if parent_fk is not None and model_field.name == parent_fk.name:
            continue
        yield model_field


def _followed(model):
    """(follow name, child model, the child's foreign key to model) for each relation
    history follows from model."""
    for name in _get_options(model).follow:
        relation = getattr(model, name).rel
        yield name, relation.related_model, relation.field


def _ordered(model, objects):
    names = [o for o in model._meta.ordering if isinstance(o, str) and not o.startswith("-")]

    def key(obj):
        return (*((getattr(obj, n) is None, getattr(obj, n) or 0) for n in names), obj.pk)

    return sorted(objects, key=key)


def _node(model, obj, m2m, children_of, parent_fk=None):
    values = {}
    for model_field in _shown_fields(model, parent_fk):
        if isinstance(model_field, models.ManyToManyField):
            ids = m2m(obj, model_field)
            names = [str(o) for o in model_field.related_model._default_manager.filter(pk__in=ids)]
            text = _text(model_field, ids, names)
        else:
            text = _text(model_field, getattr(obj, model_field.attname))
        values[model_field.name] = (str(model_field.verbose_name), text)
    node = Node(model, obj.pk, str(obj), values)
    for name, child_model, fk in _followed(model):
        for child in _ordered(child_model, children_of(obj, name, child_model, fk)):
            node.children.append(_node(child_model, child, m2m, children_of, fk))
    return node


def from_object(obj):
    """The item as it is now."""

    def m2m(o, model_field):
        return list(getattr(o, model_field.name).values_list("pk", flat=True))

    def children_of(o, name, child_model, fk):
        return list(getattr(o, name).all())

    return _node(type(obj), obj, m2m, children_of)


def from_version(version):
    """The item as a saved version recorded it, with the rows saved in the same revision."""
    saved = {}
    for other in version.revision.version_set.select_related("content_type"):
        model = other.content_type.model_class()
        if model is not None:
            saved.setdefault(model, []).append(other._object_version)
    m2m_data = {
        (type(v.object), v.object.pk): v.m2m_data or {} for vs in saved.values() for v in vs
    }

    def m2m(o, model_field):
        return m2m_data.get((type(o), o.pk), {}).get(model_field.attname, [])

    def children_of(o, name, child_model, fk):
        return [
            v.object for v in saved.get(child_model, []) if getattr(v.object, fk.attname) == o.pk
        ]

    return _node(version._model, version._object_version.object, m2m, children_of)


@dataclass
class Change:
    where: str
    field: str
    before: str
    after: str
    kind: str  # "changed", "added" or "removed"

    def before_html(self):
        return _marked(self.before, self.after)[0]

    def after_html(self):
        return _marked(self.before, self.after)[1]


def _row_label(node):
    return f"{node.model._meta.verbose_name}「{node.label}」"


def _where(node_path):
    return " › ".join(node_path)


def differences(old, new):
    """What changed from old to new (Nodes of the same item), in the order of new."""
    old_rows = {key: (node, where) for key, node, where in _walk(old)}
    new_rows = {key: (node, where) for key, node, where in _walk(new)}
    changes = []
    for key, (node, where) in new_rows.items():
        if key not in old_rows:
            changes.append(Change(_where(where), "", "", _summary(node), "added"))
            continue
        before = old_rows[key][0]
        for name, (label, text) in node.values.items():
            previous = before.values.get(name, (label, EMPTY))[1]
            if previous != text:
                changes.append(Change(_where(where), label, previous, text, "changed"))
    for key, (node, where) in old_rows.items():
        if key not in new_rows:
            changes.append(Change(_where(where), "", _summary(node), "", "removed"))
    return changes


def _walk(node, keys=(), where=()):
    """(key, node, where) for the node and every row under it. A row directly under the
    item is named by itself (「【Case2】Bさん」), deeper ones with their kind too
    (「質問と回答「やりがいは？」」)."""
    key = (*keys, f"{node.model._meta.label}:{node.pk}")
    yield key, node, where
    for child in node.children:
        name = _row_label(child) if where else child.label
        yield from _walk(child, key, (*where, name))


def _summary(node):
    return "\n".join(f"{label}: {text}" for label, text in node.values.values() if text != EMPTY)


def _marked(before, after):
    """before and after as HTML, with what was taken out in <del> and put in in <ins>."""
    old, new = [], []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, before, after).get_opcodes():
        a, b = escape(before[a1:a2]), escape(after[b1:b2])
        if op == "equal":
            old.append(a)
            new.append(b)
        else:
            if a:
                old.append(f"<del>{a}</del>")
            if b:
                new.append(f"<ins>{b}</ins>")
    return mark_safe("".join(old)), mark_safe("".join(new))  # every part escaped above

"""Nested admin inlines that hold against crafted and script-less form posts.

django-nested-admin gives HR one screen per article, with people inline and their
schedule and answers inline in each person. Three of its behaviours need a rule:

- It looks up the ids a form posts in the whole table (so that a row can be
  dragged from one parent to another), and its id field accepts any row: a
  crafted post on article A could move or delete article B's rows. ScopedFormSet
  keeps both to rows of the object the page edits.
- Django caps a formset at 1,000 + max_num forms, per level: nested three deep,
  one post could ask for billions of empty forms. SafeInlineMixin sets a sane
  max_num per inline and makes it the absolute cap, with a form error beyond it.
- Its `formsetsort` template filter sorts (int(position), form) pairs, so two
  forms with the same position (a browser without JavaScript posts them as they
  were rendered) compare the forms themselves and a non-number fails in int():
  the form with a validation error came back as a 500. `formsetsort` below
  orders by position, then page order, and puts forms without a number last.
"""

import nested_admin
from django.core.exceptions import PermissionDenied
from nested_admin.formsets import NestedInlineFormSet
from nested_admin.templatetags import nested_admin as nested_admin_tags

from careers.core.admin_widgets import is_row_id
from careers.core.times import TypedDatesMixin


class ScopedFormSet(NestedInlineFormSet):
    # From this formset's model to the object the admin page edits, e.g. "profile__article".
    root_path = None
    # The position field of a sortable inline; its renumbering alone is not a change.
    order_field = None

    def root_pk(self):
        _, _, rest = self.root_path.partition("__")
        if not rest:
            return self.instance.pk  # the parent is the edited object itself
        return getattr(self.instance, f"{rest}_id")

    def scoped(self, queryset):
        root = self.root_pk()
        if root is None:
            return queryset.none()
        return queryset.filter(**{f"{self.root_path}_id": root})

    def get_queryset(self):
        if self.is_bound:
            self._refuse_unreadable_ids()
        return self.scoped(super().get_queryset())

    def _refuse_unreadable_ids(self):
        """nested_admin looks the posted ids up as they are: one that is no row id at all
        (「abc」, 「²」, 20 digits) would be a ValueError (a 500). It becomes an id no row has,
        which the form reports as an invalid choice."""
        pk = self.model._meta.pk.name
        keys = [f"{self.add_prefix(i)}-{pk}" for i in range(self.initial_form_count())]
        bad = [key for key in keys if self.data.get(key) and not is_row_id(self.data[key])]
        if bad:
            self.data = self.data.copy()
            for key in bad:
                self.data[key] = "0"

    def add_fields(self, form, index):
        super().add_fields(form, index)
        id_field = form.fields.get(self._pk_field.name)
        if id_field is not None and hasattr(id_field, "queryset"):
            id_field.queryset = self.scoped(id_field.queryset)

    def _refuse_outside(self, obj):
        # Forms marked for deletion skip validation, and nested_admin fetches their row
        # by id from the whole table; the whole save is rolled back rather than touch it.
        if not self.scoped(type(obj)._default_manager.filter(pk=obj.pk)).exists():
            raise PermissionDenied("別の記事の行は変更・削除できません。")

    def delete_existing(self, obj, commit=True):
        self._refuse_outside(obj)
        super().delete_existing(obj, commit)

    def _order_kept(self):
        forms = [f for f in self.initial_forms if f.is_valid() and not self._should_delete_form(f)]

        def order(value_of):
            return [
                f.instance.pk for f in sorted(forms, key=lambda f: (value_of(f), f.instance.pk))
            ]

        def position(value):
            try:
                return int(value)
            except (TypeError, ValueError):
                return -1

        field = self.order_field
        return order(lambda f: position(f.initial.get(field))) == order(
            lambda f: position(f.cleaned_data.get(field))
        )

    def save(self, commit=True):
        # The drag-and-drop script numbers the forms 0, 1, 2… on every save: rows stored
        # as 10, 20, 30 get new numbers in the same order. Saved, but not reported as
        # 「並び順 を変更しました」 in the history, since nothing moved.
        saved = super().save(commit)
        if self.order_field and self._order_kept():
            field = self.order_field
            quiet = [
                (obj, [f for f in fields if f != field]) for obj, fields in self.changed_objects
            ]
            self.changed_objects = [(obj, fields) for obj, fields in quiet if fields]
        return saved

    def save_existing(self, form, obj, commit=True):
        self._refuse_outside(obj)
        return super().save_existing(form, obj, commit)


class SafeInlineMixin(TypedDatesMixin):
    """For nested_admin inlines: scoped ids and a hard cap on the number of forms."""

    formset = ScopedFormSet
    root_path = None
    max_num = 20

    def get_formset(self, request, obj=None, **kwargs):
        max_num = self.get_max_num(request, obj, **kwargs)
        kwargs.setdefault("absolute_max", max_num)
        kwargs.setdefault("validate_max", True)
        formset = super().get_formset(request, obj, **kwargs)
        formset.root_path = self.root_path
        formset.order_field = getattr(self, "sortable_field_name", None) or None
        return formset


class SafeStackedInline(SafeInlineMixin, nested_admin.NestedStackedInline):
    pass


class SafeTabularInline(SafeInlineMixin, nested_admin.NestedTabularInline):
    pass


def formsetsort(formset, arg):
    """Inline forms in the order of their position field, then page order."""
    if not arg:
        return formset

    def key(pair):
        index, item = pair
        raw = item.form[arg].data
        try:
            position = int(raw)
        except (TypeError, ValueError):
            return (1, 0, index)
        return (1, 0, index) if position == -1 else (0, position, index)

    return [item for _, item in sorted(enumerate(formset), key=key)]


def install():
    """Replace nested_admin's formsetsort filter (called from CareersConfig.ready())."""
    nested_admin_tags.register.filters["formsetsort"] = formsetsort

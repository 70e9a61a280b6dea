"""Admin widgets and input checks that keep a crafted post from becoming a 500: ids that
cannot be a row's are left out or refused before they reach a query."""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.forms import ModelChoiceField
from django.http import QueryDict


class NumericIdsMixin:
    """Autocomplete widgets look the submitted ids up when a form with errors is shown
    again; a crafted non-numeric id there is a ValueError (a 500). The field itself
    reports such a value as an invalid choice, so the widget can leave it out."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if is_row_id(v)], attr)


class SafeAutocompleteSelect(NumericIdsMixin, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(NumericIdsMixin, AutocompleteSelectMultiple):
    pass


def is_row_id(value):
    """Whether a posted id can be a row's: ASCII digits, small enough for a 64-bit key."""
    text = str(value)
    return text.isascii() and text.isdigit() and len(text) <= 18


def without_unreadable_choices(form):
    """The form's data with every posted choice of a row (a foreign key, tags) that cannot
    be a row id replaced by one no row has: the field then says 「正しく選択してください」,
    where looking the value up would have been a ValueError or an overflow (a 500).
    Values the field reads otherwise (a new tag typed by name, 「new:…」) are kept."""
    if not isinstance(form.data, QueryDict):
        return form.data  # built in code, not posted
    data, changed = form.data.copy(), False
    for name, field in form.fields.items():
        if isinstance(field, ModelChoiceField) and not field.to_field_name:
            key = form.add_prefix(name)
            values = data.getlist(key)
            kept = [v if not v or v.startswith("new:") or is_row_id(v) else "0" for v in values]
            if kept != values:
                data.setlist(key, kept)
                changed = True
    return data if changed else form.data

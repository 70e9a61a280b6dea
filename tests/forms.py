"""Read an HTML form back into POST data, as a browser would submit it."""

import re
from html.parser import HTMLParser

POSITION = re.compile(r"^(?P<formset>.+)-(?P<index>\d+)-position$")


class _FormParser(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if "disabled" in attrs:
            return  # browsers submit nothing for a disabled field
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            # name, selected value, first value, multiple?
            self._select = [name, None, None, "multiple" in attrs]
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select[2] is None:
                self._select[2] = value
            if "selected" in attrs:
                if self._select[3]:
                    self.data.append((self._select[0], value))
                else:
                    self._select[1] = value
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select" and self._select is not None:
            name, selected, first, multiple = self._select
            if not multiple:
                self.data.append((name, selected if selected is not None else (first or "")))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self.data.append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None


def form_data(html, form_id="article_form", *, script=True):
    """The form's fields as a dict (a list where a name repeats), minus inline templates.

    script=False posts the form as the server rendered it, as a browser without
    JavaScript does; otherwise positions are numbered as nested_admin's script does.
    """
    parser = _FormParser(form_id)
    parser.feed(html)
    data = {}
    for name, value in parser.data:
        if "__prefix__" in name or "-empty-" in name:
            continue
        if name in data:
            data[name] = (
                [*data[name], value] if isinstance(data[name], list) else [data[name], value]
            )
        else:
            data[name] = value
    if not script:
        return data
    # nested_admin's script numbers the drag-and-drop positions in page order on load.
    for name in data:
        if match := POSITION.match(name):
            data[name] = match["index"]
    return data

"""Markdown bodies (lead, answers, notes, closing) to safe HTML.

Raw HTML in the source is never passed through (markdown-it's `html` option is
off), and the rendered HTML is sanitised again with nh3 so that only a small set
of tags survives and links can only be http(s), mailto or relative.

Both functions depend on the text alone, so each process keeps the results for
the texts it has seen: a body is rendered once per change, not once per request,
and an edit needs no invalidation (new text, new entry).
"""

import html
from functools import lru_cache

import nh3
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=1)
def _parser():
    # "breaks": a line break typed in admin stays a line break, as Japanese editors expect.
    return MarkdownIt("commonmark", {"html": False, "breaks": True, "linkify": False}).disable(
        "image"
    )


@lru_cache(maxsize=4096)
def render_markdown(text):
    if not text:
        return mark_safe("")
    rendered = _parser().render(text)
    return mark_safe(
        nh3.clean(
            rendered,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=ALLOWED_URL_SCHEMES,
            link_rel="noopener noreferrer",
        )
    )


# The help text of every Markdown field HR writes in.
MARKDOWN_HELP = "Markdown で書けます。空行で段落を分けます。HTML タグは使えません。"
# How long a description taken from a body is: search engines show about this much.
DESCRIPTION_LENGTH = 120


def description(markdown, fallback=""):
    """What search engines, link previews and feeds show of a Markdown body: its text, cut at
    a character (never mid-character) to DESCRIPTION_LENGTH; fallback when it has none."""
    return Truncator(plain_text(markdown)).chars(DESCRIPTION_LENGTH) or fallback


@lru_cache(maxsize=4096)
def plain_text(text):
    """The text of a Markdown body without any markup, for meta descriptions."""
    if not text:
        return ""
    return join_words(html.unescape(nh3.clean(_parser().render(text), tags=set())).split())


def join_words(words):
    """Words and lines joined as the language wants: a space between Latin words, none
    between Japanese ones (「…です。次の…」, not 「…です。 次の…」)."""
    joined = ""
    for word in words:
        left = joined[-1:]
        if left and not (_is_wide(left) and (_is_wide(word[0]) or left in _CLOSING)):
            joined += " "
        joined += word
    return joined


# After these nothing is spaced, whatever follows (「…ました。DX の…」).
_CLOSING = set("。、，．！？」』）】〕〉》")


def _is_wide(char):
    # CJK punctuation, kana, kanji and full-width forms all lie from U+2E80 up.
    return ord(char) >= 0x2E80

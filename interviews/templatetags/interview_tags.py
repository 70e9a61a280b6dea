"""Template filters every page loads: Markdown, summaries, WebP srcsets, machine-readable times, links to the filtered interview list."""

from django import template
from django.utils import timezone
from django.utils.text import Truncator

from careers.core import images
from careers.core.rendering import plain_text, render_markdown
from interviews.filtering import list_url as filtered_list_url

register = template.Library()


@register.filter
def markdown(text):
    return render_markdown(text)


@register.filter
def summary(text, length=120):
    """Plain text of a Markdown body, cut at a character (never mid-character)."""
    return Truncator(plain_text(text)).chars(int(length))


@register.filter
def webp_srcset(fieldfile, width):
    """The WebP renditions of an image field's file for srcset ("" when it has none)."""
    return images.srcset(fieldfile, width, fieldfile.field.rendition_widths)


@register.simple_tag
def list_url(**filters):
    """{% list_url tag=tag.slug %}: the interview list with those filters."""
    return filtered_list_url(**filters)


@register.filter
def isotime(value):
    """A date-time for datetime="…" and meta tags: local time, whole seconds, with its
    offset (2026-04-01T10:00:00+09:00). Django's "c" adds microseconds when a time has
    them (the publish action's now()), which HTML's datetime syntax refuses."""
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()

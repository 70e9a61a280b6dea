"""The FAQ page: live questions grouped by theme in HR's order, FAQPage data; staff preview of all."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from careers.core import sharing
from careers.core.rendering import plain_text
from careers.core.views import mark_private
from careers.faq.models import FaqItem


def faq_context(request, items):
    """The questions grouped by theme (in HR's order), FAQPage and breadcrumb data."""
    themes = {}
    for item in items:
        themes.setdefault(item.theme, []).append(item)
    faq_page = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": item.question,
                "acceptedAnswer": {"@type": "Answer", "text": plain_text(item.answer)},
            }
            for item in items
        ],
    }
    trail = sharing.breadcrumb_list(request, [("トップ", "/"), ("よくある質問", reverse("faq"))])
    data = [trail, faq_page] if items else [trail]
    return {
        "themes": list(themes.items()),
        "structured_data": sharing.json_ld(data),
        "description": "ICT職の採用試験・仕事・働き方について、よくある質問と回答です。",
    }


@require_safe
def faq(request):
    items = list(FaqItem.objects.live().select_related("theme"))
    context = faq_context(request, items)
    context["canonical_url"] = request.build_absolute_uri(reverse("faq"))
    return render(request, "faq/faqitem_list.html", context)


@require_safe
def faq_preview(request):
    """Every question HR has written, live or not, marked by its state; staff only."""
    if not FaqItem.can_preview(request.user):
        raise Http404("見つかりません")
    items = list(FaqItem.objects.select_related("theme"))
    for item in items:
        item.state_label = item.visibility().label
    context = faq_context(request, items)
    context["preview_state"] = True
    return mark_private(render(request, "faq/faqitem_list.html", context))

"""Events' public pages: upcoming and past by the clock, Event data, iCalendar files; staff preview."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from careers.core import sharing
from careers.core.rendering import description, plain_text
from careers.core.views import preview
from careers.events.models import Event, calendar


def upcoming_and_past(now):
    """(upcoming, soonest first; past, latest first), live events only."""
    live = list(Event.objects.live(now).order_by("starts_at", "id"))
    upcoming = [e for e in live if not e.is_past(now)]
    past = [e for e in reversed(live) if e.is_past(now)]
    return upcoming, past


@require_safe
def event_list(request):
    now = timezone.now()
    upcoming, past = upcoming_and_past(now)
    trail = sharing.breadcrumb_list(
        request, [("トップ", "/"), ("説明会・イベント", reverse("events:list"))]
    )
    return render(
        request,
        "events/event_list.html",
        {
            "upcoming": upcoming,
            "past": past[:30],
            "canonical_url": request.build_absolute_uri(reverse("events:list")),
            "description": "ICT職の仕事説明会・イベントの日程と申込方法、開催報告です。",
            "structured_data": sharing.json_ld(trail),
        },
    )


def event_context(request, event, now):
    trail = [
        ("トップ", "/"),
        ("説明会・イベント", reverse("events:list")),
        (event.title, event.get_absolute_url()),
    ]
    described = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": timezone.localtime(event.starts_at).isoformat(),
        "endDate": timezone.localtime(event.ends_at).isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode"
        if event.online
        else "https://schema.org/OfflineEventAttendanceMode",
        "location": {
            "@type": "VirtualLocation",
            "url": event.registration_url or request.build_absolute_uri(event.get_absolute_url()),
        }
        if event.online
        else {"@type": "Place", "name": event.place, "address": event.place},
        "description": plain_text(event.body) or event.title,
        "organizer": {
            "@type": "Organization",
            "name": settings.SITE_PUBLISHER,
            "url": request.build_absolute_uri("/"),
        },
    }
    return {
        "event": event,
        "past": event.is_past(now),
        "description": description(event.body, event.title),
        "structured_data": sharing.json_ld([sharing.breadcrumb_list(request, trail), described]),
    }


@require_safe
def event_detail(request, slug):
    now = timezone.now()
    event = get_object_or_404(Event.objects.live(now), slug=slug)
    context = event_context(request, event, now)
    context["canonical_url"] = request.build_absolute_uri(event.get_absolute_url())
    return render(request, "events/event_detail.html", context)


@require_safe
def event_preview(request, slug):
    return preview(
        request,
        Event.objects.all(),
        "events/event_detail.html",
        lambda event: event_context(request, event, timezone.now()),
        slug=slug,
    )


def ics_response(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def event_ics(request, slug):
    event = get_object_or_404(Event.objects.live(), slug=slug)
    return ics_response(calendar([event], request, event.title), f"{event.slug}.ics")


@require_safe
def event_calendar(request):
    """The upcoming events, for calendar apps to subscribe to."""
    upcoming, _past = upcoming_and_past(timezone.now())
    name = f"{settings.SITE_NAME}（説明会・イベント）"
    return ics_response(calendar(upcoming, request, name), "calendar.ics")

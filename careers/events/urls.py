"""Events' URLs: the list, each event, its iCalendar file and the calendar of upcoming ones."""

from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("calendar.ics", views.event_calendar, name="calendar"),
    path("<slug:slug>.ics", views.event_ics, name="ics"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/preview/", views.event_preview, name="preview"),
]

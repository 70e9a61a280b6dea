"""A job category's page and feed, at /careers/<slug>/ (the names keep their namespace)."""

from django.urls import path

from . import feeds, views

app_name = "careers"
urlpatterns = [
    path("<slug:slug>/", views.JobCategoryDetailView.as_view(), name="category-detail"),
    path("<slug:slug>/feed/", feeds.CategoryFeed(), name="category-feed"),
]

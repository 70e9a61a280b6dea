"""News' URLs: the list, its feed, each post and its preview."""

from django.urls import path

from . import feeds, views

app_name = "news"
urlpatterns = [
    path("", views.NewsListView.as_view(), name="list"),
    path("feed/", feeds.NewsFeed(), name="feed"),
    path("<slug:slug>/", views.news_detail, name="detail"),
    path("<slug:slug>/preview/", views.news_preview, name="preview"),
]

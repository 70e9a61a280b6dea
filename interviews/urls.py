"""Interviews' URLs: the list, feeds, share links, each article and its preview."""

from django.urls import path

from . import feeds, views

app_name = "interviews"
urlpatterns = [
    path("", views.ArticleListView.as_view(), name="article-list"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/tags/<slug:slug>/", feeds.TagFeed(), name="tag-feed"),
    path("share/<str:signed>/", views.shared_article, name="shared-article"),
    path("<slug:slug>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path("<slug:slug>/preview/", views.ArticlePreviewView.as_view(), name="article-preview"),
]

from django.urls import path

from . import views

app_name = "interviews"
urlpatterns = [
    path("", views.ArticleListView.as_view(), name="article-list"),
    path("share/<str:signed>/", views.shared_article, name="shared-article"),
    path("<slug:slug>/", views.ArticleDetailView.as_view(), name="article-detail"),
]

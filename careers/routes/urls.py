"""Routes' URLs: the list, each route page and its preview."""

from django.urls import path

from . import views

app_name = "routes"
urlpatterns = [
    path("", views.route_list, name="list"),
    path("<slug:slug>/", views.route_detail, name="detail"),
    path("<slug:slug>/preview/", views.route_preview, name="preview"),
]

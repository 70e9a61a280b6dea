from django.urls import path

from . import views

app_name = "figures"
urlpatterns = [
    path("", views.figure_list, name="list"),
    path("<slug:slug>/preview/", views.figure_preview, name="preview"),
]

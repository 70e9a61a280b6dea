import nested_admin.urls
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from . import views

careers_patterns = (
    [path("<slug:slug>/", views.JobCategoryDetailView.as_view(), name="category-detail")],
    "careers",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("interviews/", include("interviews.urls")),
    path("careers/", include(careers_patterns)),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("admin/", admin.site.urls),
    path("_nested_admin/", include(nested_admin.urls)),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

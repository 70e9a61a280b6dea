import nested_admin.urls
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.views.generic import RedirectView

from interviews.feeds import CategoryFeed
from interviews.sitemaps import sitemaps

from . import views

careers_patterns = (
    [
        path("<slug:slug>/", views.JobCategoryDetailView.as_view(), name="category-detail"),
        path("<slug:slug>/feed/", CategoryFeed(), name="category-feed"),
    ],
    "careers",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("interviews/", include("interviews.urls")),
    path("careers/", include(careers_patterns)),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("favicon.ico", RedirectView.as_view(url=static_url("img/favicon.svg"), permanent=True)),
    path("admin/", admin.site.urls),
    path("_nested_admin/", include(nested_admin.urls)),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

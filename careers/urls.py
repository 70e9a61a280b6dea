import nested_admin.urls
from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.static import serve

from careers import views
from careers.sitemaps import EventSitemap, FreePageSitemap, NewsSitemap, RouteSitemap
from interviews.feeds import CategoryFeed
from interviews.sitemaps import sitemaps as interview_sitemaps

sitemaps = {
    **interview_sitemaps,
    "routes": RouteSitemap,
    "news": NewsSitemap,
    "pages-hr": FreePageSitemap,
    "events": EventSitemap,
}

careers_patterns = (
    [
        path("<slug:slug>/", views.JobCategoryDetailView.as_view(), name="category-detail"),
        path("<slug:slug>/feed/", CategoryFeed(), name="category-feed"),
    ],
    "careers",
)

route_patterns = (
    [
        path("", views.route_list, name="list"),
        path("<slug:slug>/", views.route_detail, name="detail"),
        path("<slug:slug>/preview/", views.route_preview, name="preview"),
    ],
    "routes",
)

news_patterns = (
    [
        path("", views.NewsListView.as_view(), name="list"),
        path("feed/", views.NewsFeed(), name="feed"),
        path("<slug:slug>/", views.news_detail, name="detail"),
        path("<slug:slug>/preview/", views.news_preview, name="preview"),
    ],
    "news",
)

event_patterns = (
    [
        path("", views.event_list, name="list"),
        path("calendar.ics", views.event_calendar, name="calendar"),
        path("<slug:slug>.ics", views.event_ics, name="ics"),
        path("<slug:slug>/", views.event_detail, name="detail"),
        path("<slug:slug>/preview/", views.event_preview, name="preview"),
    ],
    "events",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("events/", include(event_patterns)),
    path("news/", include(news_patterns)),
    path("faq/", views.faq, name="faq"),
    path("search/", views.site_search, name="search"),
    path("faq/preview/", views.faq_preview, name="faq-preview"),
    path("pages/preview/<int:pk>/", views.free_page_preview, name="free-page-preview"),
    path("routes/", include(route_patterns)),
    path("interviews/", include("interviews.urls")),
    path("careers/", include(careers_patterns)),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    # An index of sections, each in pages of Sitemap.limit URLs: no file grows with the site.
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="sitemap-section",
    ),
    path("favicon.ico", views.favicon),
    path("admin/", admin.site.urls),
    path("_nested_admin/", include(nested_admin.urls)),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

# Last: the pages HR creates at paths of their choosing (careers/pages.py refuses a path
# anything above answers).
urlpatterns += [path("<path:path>/", views.free_page, name="free-page")]

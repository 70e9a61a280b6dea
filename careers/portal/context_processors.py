"""What every public page's template gets: the site's name, default image and description, and HR's navigation."""

from django.conf import settings
from django.urls import reverse

from careers.core.registry import content_kinds
from careers.core.sharing import default_image
from careers.pages.models import navigation

DEFAULT_DESCRIPTION = "職員の1日のスケジュールとインタビューで、ICT職の仕事と働き方を紹介します。"


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "site_publisher": settings.SITE_PUBLISHER,
        # Pages with an image of their own (an article) set share_image themselves.
        "share_image": default_image(request),
        "default_description": DEFAULT_DESCRIPTION,
        # HR's pages in the header and footer (public pages only: the admin has its own).
        "navigation": None if request.path.startswith("/admin/") else navigation(),
        "type_navigation": type_navigation(request.path),
    }


def type_navigation(path):
    """(label, URL, whether the page is in that section) for each content type's list page
    the header names, in the registry's order."""
    links = [(kind.nav_label, reverse(kind.index)) for kind in content_kinds() if kind.nav_label]
    return [(label, url, path.startswith(url)) for label, url in links]

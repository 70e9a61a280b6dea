"""What every public page's template gets: the site's name, default image and description, and HR's navigation."""

from django.conf import settings

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
    }

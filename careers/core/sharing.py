"""What a page gives to link previews (Open Graph, X cards) and to search engines as its
image and publisher: one place for the image rules.

X shows a large card only for an image of at least 300×157 and crops it to 2:1; a
square portrait of 240×240 must be sent with the small "summary" card. A page without
an image of its own shares the site's 1200×630 image (static/img/share.png, drawn by
scripts/make-share-images.py).
"""

import json
from dataclasses import dataclass

from django.conf import settings
from django.templatetags.static import static

LARGE_CARD_MIN = (300, 157)
DEFAULT_IMAGE = ("img/share.png", 1200, 630)
LOGO = ("img/logo.png", 512, 512)


@dataclass(frozen=True)
class ShareImage:
    url: str  # absolute
    width: int | None
    height: int | None
    alt: str = ""

    @property
    def card(self):
        """The X card type this image can carry."""
        if not (self.width and self.height):
            return "summary"
        wide_enough = self.width >= LARGE_CARD_MIN[0] and self.height >= LARGE_CARD_MIN[1]
        return "summary_large_image" if wide_enough and self.width > self.height else "summary"


def default_image(request):
    path, width, height = DEFAULT_IMAGE
    return ShareImage(request.build_absolute_uri(static(path)), width, height, settings.SITE_NAME)


def publisher(request):
    """The schema.org Organization that publishes the site, with its logo."""
    path, width, height = LOGO
    return {
        "@type": "Organization",
        "name": settings.SITE_PUBLISHER,
        "url": request.build_absolute_uri("/"),
        "logo": {
            "@type": "ImageObject",
            "url": request.build_absolute_uri(static(path)),
            "width": width,
            "height": height,
        },
    }


def breadcrumb_list(request, trail):
    """schema.org BreadcrumbList for the trail [(name, path), …] a page shows."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": n,
                "name": name,
                "item": request.build_absolute_uri(path),
            }
            for n, (name, path) in enumerate(trail, 1)
        ],
    }


def json_ld(data):
    """Structured data as the text of a <script type="application/ld+json">: JSON with what
    json_script escapes, so no text can close the element (three replace() calls:
    str.translate is slow on a page's worth of answers)."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")

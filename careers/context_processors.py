from django.conf import settings


def site(request):
    return {"site_name": settings.SITE_NAME, "site_publisher": settings.SITE_PUBLISHER}

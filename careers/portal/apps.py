from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The site around the content types: home, site search, navigation, robots, health,
    the home message. Reads the types from the registry."""

    name = "careers.portal"
    label = "portal"
    verbose_name = "トップページ"

    def ready(self):
        from careers.core.registry import add_check

        from .checks import promoted_route_findings

        add_check("interviews", promoted_route_findings)

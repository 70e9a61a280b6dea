from django.apps import AppConfig


class CareersConfig(AppConfig):
    """The project package (settings, root URLs, WSGI/ASGI). As an app it holds only the
    history of the tables it made before each part of the site had an app of its own
    (careers/migrations, whose last step hands the models to those apps); it has no
    models now."""

    name = "careers"
    verbose_name = "採用サイト"

from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "careers"
    verbose_name = "サイト共通（職種・所属局・採用区分）"

from django.apps import AppConfig


class FaqConfig(AppConfig):
    """よくある質問: questions grouped by theme in HR's order, FAQPage data."""

    name = "careers.faq"
    label = "faq"
    verbose_name = "よくある質問"

    def ready(self):
        from django.urls import path

        from careers.core.registry import ContentKind, register
        from careers.core.rendering import plain_text

        from . import views
        from .demo import load_faq
        from .formats import FAQ
        from .models import FaqItem, FaqTheme

        register(
            ContentKind(
                model=FaqItem,
                format=FAQ,
                folder="faq",
                search_heading="よくある質問",
                search_hit=lambda item: (
                    item.question,
                    item.get_absolute_url(),
                    plain_text(item.answer),
                ),
                order=50,
                urls=(
                    path("faq/", views.faq, name="faq"),
                    path("faq/preview/", views.faq_preview, name="faq-preview"),
                ),
                nav_label="よくある質問",
                index="faq",
                demo=load_faq,
                other_permissions={
                    "editor": {FaqTheme: ["view"]},
                    "publisher": {FaqTheme: ["view", "add", "change"]},
                },
            )
        )

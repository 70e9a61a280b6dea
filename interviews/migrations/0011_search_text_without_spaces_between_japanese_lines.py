from django.db import migrations


def refresh_search_text(apps, schema_editor):
    """Search text again, now that Japanese lines are joined without a space (plain_text)."""
    from careers.search import normalize
    from interviews.models import article_search_document

    Article = apps.get_model("interviews", "Article")
    for article in Article.objects.prefetch_related("profiles__schedule", "profiles__answers"):
        text = normalize("\n".join(t for t in article_search_document(article) if t))
        Article.objects.filter(pk=article.pk).update(search_text=text)


class Migration(migrations.Migration):
    dependencies = [("interviews", "0010_explicit_draft_order")]

    operations = [migrations.RunPython(refresh_search_text, migrations.RunPython.noop)]

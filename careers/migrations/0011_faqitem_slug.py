"""A slug for each FAQ question, naming it in export files: added empty, filled in
from each question's romaji, then made unique."""

from django.db import migrations, models

import careers.core.slugs


def fill_slugs(apps, schema_editor):
    FaqItem = apps.get_model("careers", "FaqItem")
    for item in FaqItem.objects.filter(slug="").order_by("pk"):
        base = careers.core.slugs.romanised(item.question) or f"faq-{item.pk}"
        item.slug = careers.core.slugs.unique_slug(FaqItem, base, exclude_pk=item.pk)
        item.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("careers", "0010_home_message_and_featured")]

    operations = [
        migrations.AddField(
            model_name="faqitem",
            name="slug",
            # A plain column first: an indexed slug made unique later would create its
            # PostgreSQL "_like" index twice.
            field=models.CharField(blank=True, default="", max_length=80),
            preserve_default=False,
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="faqitem",
            name="slug",
            field=models.SlugField(
                blank=True,
                help_text="書き出し（export_content）のファイル名に使う半角の小文字英数字とハイフン。空欄のまま保存すると質問のローマ字から付けます。",
                max_length=80,
                unique=True,
                validators=[careers.core.slugs.validate_lowercase_slug],
                verbose_name="スラッグ",
            ),
        ),
    ]

from importlib import import_module

from django.db import migrations

# The search text again, now that Japanese lines are joined without a space (plain_text):
# the same fill as when the column was added.
fill_search_text = import_module("interviews.migrations.0007_search_text").fill_search_text


class Migration(migrations.Migration):
    dependencies = [("interviews", "0010_explicit_draft_order")]

    operations = [migrations.RunPython(fill_search_text, migrations.RunPython.noop)]

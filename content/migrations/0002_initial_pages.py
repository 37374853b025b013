"""Create the site's pages and the practice details record on a fresh database.

Runs once, like every migration: pages staff have edited are never touched again.
"""

from django.db import migrations

from content.seeding import create_missing_pages


def create_pages(apps, schema_editor):
    create_missing_pages(
        apps.get_model("content", "Page"),
        apps.get_model("content", "Reference"),
        apps.get_model("content", "FAQItem"),
        apps.get_model("content", "PracticeDetails"),
    )


class Migration(migrations.Migration):
    dependencies = [("content", "0001_initial")]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]

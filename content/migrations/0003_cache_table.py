"""Create the database cache's table, so every `migrate` (make run, a deploy, the tests) has it.

The default cache (CACHE_URL=db://django_cache) is a table in the site's database, shared by all
gunicorn workers. createcachetable does nothing for other caches or when the table exists.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("content", "0002_initial_pages")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]

"""Formerly wrote the site's pages. Pages now load from content/pages/ through
`manage.py load_pages` (run by `make run` and in a deployment), so this migration imports no
app code and changes nothing; it stays because other migrations depend on it.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("content", "0001_initial")]

    operations = []

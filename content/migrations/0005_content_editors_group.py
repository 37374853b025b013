"""Create the Content editors group with its permissions.

Databases migrated before this existed already have the group (intake 0002 used to make both);
get_or_create leaves it as it is.
"""

from django.db import migrations

from content.groups import create_content_editors_group, remove_content_editors_group


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0004_practice_response_time"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_content_editors_group, remove_content_editors_group)]

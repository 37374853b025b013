"""Create the Intake staff group with its permissions (the content app creates its own group)."""

from django.db import migrations

from intake.groups import create_intake_staff_group, remove_intake_staff_group


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_intake_staff_group, remove_intake_staff_group)]

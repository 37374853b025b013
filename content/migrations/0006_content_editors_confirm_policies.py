"""Content editors enter and update the practice policies (a clinician's confirmation included)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_practicepolicy", "add_practicepolicy", "change_practicepolicy"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("content")
    previous = getattr(app_config, "models_module", None)
    app_config.models_module = previous or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = previous
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="content", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name="Content editors"):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0005_practice_policies"),
        ("intake", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

"""Create the two staff groups and give them their permissions.

Permissions are normally created after all migrations run, so they are created here first.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

INTAKE_STAFF = "Intake staff"
CONTENT_EDITORS = "Content editors"

GROUP_PERMISSIONS = {
    # Read and work requests, add notes, export; never delete.
    INTAKE_STAFF: {
        "intake": [
            "view_consultationrequest",
            "change_consultationrequest",
            "export_consultationrequest",
            "view_followupnote",
            "add_followupnote",
        ],
    },
    # Edit the site's pages and the practice's details; nothing about requests.
    CONTENT_EDITORS: {
        "content": [
            "view_page",
            "add_page",
            "change_page",
            "view_reference",
            "add_reference",
            "change_reference",
            "delete_reference",
            "view_faqitem",
            "add_faqitem",
            "change_faqitem",
            "delete_faqitem",
            "view_practicedetails",
            "change_practicedetails",
        ],
    },
}


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = previous or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = previous

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, by_app in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for app_label, codenames in by_app.items():
            permissions = Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
            missing = set(codenames) - set(permissions.values_list("codename", flat=True))
            if missing:
                raise RuntimeError(f"Permissions not found for {group_name}: {sorted(missing)}")
            group.permissions.add(*permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_initial"),
        ("content", "0002_initial_pages"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]

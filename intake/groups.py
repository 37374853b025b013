"""The Intake staff group: people who work consultation requests in the admin.

Created by a migration (intake 0002); tests call the same function when a transactional test
has emptied the tables.
"""

from django.apps import apps as installed_apps
from django.contrib.auth.management import create_permissions

INTAKE_STAFF = "Intake staff"

# Read and work requests, add notes, export; never delete.
PERMISSIONS = [
    "view_consultationrequest",
    "change_consultationrequest",
    "export_consultationrequest",
    "view_followupnote",
    "add_followupnote",
]


def create_intake_staff_group(apps=installed_apps, schema_editor=None):
    # Permissions are normally created after all migrations run, so they are created here first.
    app_config = apps.get_app_config("intake")
    previous = getattr(app_config, "models_module", None)
    app_config.models_module = previous or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = previous

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=INTAKE_STAFF)
    permissions = Permission.objects.filter(
        content_type__app_label="intake", codename__in=PERMISSIONS
    )
    missing = set(PERMISSIONS) - set(permissions.values_list("codename", flat=True))
    if missing:
        raise RuntimeError(f"Permissions not found for {INTAKE_STAFF}: {sorted(missing)}")
    group.permissions.add(*permissions)
    return Group.objects.get(name=INTAKE_STAFF)


def remove_intake_staff_group(apps=installed_apps, schema_editor=None):
    apps.get_model("auth", "Group").objects.filter(name=INTAKE_STAFF).delete()

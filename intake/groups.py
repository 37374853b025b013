"""The Intake staff group and what it may do, kept up to date at every `migrate`.

Created after migrations run (post_migrate, as Django creates permissions), so the list below is
the one place that says what the group may do, and a database flushed by a test gets it back.
"""

from django.contrib.auth.models import Group, Permission

INTAKE_STAFF = "Intake staff"

# Read and work requests, add notes, export; never delete.
PERMISSIONS = [
    "view_consultationrequest",
    "change_consultationrequest",
    "export_consultationrequest",
    "view_followupnote",
    "add_followupnote",
]


def create_intake_staff_group(**kwargs):
    group, _ = Group.objects.get_or_create(name=INTAKE_STAFF)
    permissions = Permission.objects.filter(
        content_type__app_label="intake", codename__in=PERMISSIONS
    )
    missing = set(PERMISSIONS) - set(permissions.values_list("codename", flat=True))
    if missing:
        raise RuntimeError(f"Permissions not found for {INTAKE_STAFF}: {sorted(missing)}")
    group.permissions.add(*permissions)
    return group

"""The Intake staff group and what it may do, kept up to date at every `migrate`.

Created after migrations run (post_migrate, as Django creates permissions), so the list below is
the one place that says what the group may do, and a database flushed by a test gets it back.
"""

from content.groups import create_staff_group

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
    return create_staff_group(INTAKE_STAFF, "intake", PERMISSIONS)

"""The Content editors group and what it may do, kept up to date at every `migrate`.

Created after migrations run (post_migrate, as Django creates permissions), so the list below is
the one place that says what the group may do, and a database flushed by a test gets it back.
"""

from django.contrib.auth.models import Group, Permission

CONTENT_EDITORS = "Content editors"

# Edit the site's pages, the practice's details and its policies; nothing about requests.
PERMISSIONS = [
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
    "view_practicepolicy",
    "add_practicepolicy",
    "change_practicepolicy",
]


def create_content_editors_group(**kwargs):
    group, _ = Group.objects.get_or_create(name=CONTENT_EDITORS)
    permissions = Permission.objects.filter(
        content_type__app_label="content", codename__in=PERMISSIONS
    )
    missing = set(PERMISSIONS) - set(permissions.values_list("codename", flat=True))
    if missing:
        raise RuntimeError(f"Permissions not found for {CONTENT_EDITORS}: {sorted(missing)}")
    group.permissions.add(*permissions)
    return group

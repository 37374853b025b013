"""The Content editors group and what it may do, kept up to date at every `migrate`.

Created after migrations run (post_migrate, as Django creates permissions), so the list below is
the one place that says what the group may do, and a database flushed by a test gets it back.
"""

from django.contrib.auth.models import Group, Permission

CONTENT_EDITORS = "Content editors"

# Edit the site's pages, the practice's details, policies, fees and notices; nothing about
# requests.
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
    # The practice's legal notices: entered as new versions, never changed or deleted.
    "view_legalnotice",
    "add_legalnotice",
    "view_tagline",
    "add_tagline",
    "change_tagline",
    "delete_tagline",
    "view_noticeduties",
    "change_noticeduties",
    "view_fee",
    "add_fee",
    "change_fee",
    "delete_fee",
]


def create_content_editors_group(**kwargs):
    return create_staff_group(CONTENT_EDITORS, "content", PERMISSIONS)


def create_staff_group(name, app_label, codenames):
    """The group `name` with at least these permissions of `app_label` (the intake app's group is
    made the same way). A permission that does not exist is an error, not a silent gap."""
    group, _ = Group.objects.get_or_create(name=name)
    permissions = Permission.objects.filter(
        content_type__app_label=app_label, codename__in=codenames
    )
    missing = set(codenames) - set(permissions.values_list("codename", flat=True))
    if missing:
        raise RuntimeError(f"Permissions not found for {name}: {sorted(missing)}")
    group.permissions.add(*permissions)
    return group

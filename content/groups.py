"""The Content editors group: people who edit the site's pages and the practice's details.

Created by a migration (content 0005); tests call the same function when a transactional test
has emptied the tables.
"""

from django.apps import apps as installed_apps
from django.contrib.auth.management import create_permissions

CONTENT_EDITORS = "Content editors"

# Edit the site's pages and the practice's details; nothing about requests.
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
]


def create_content_editors_group(apps=installed_apps, schema_editor=None):
    # Permissions are normally created after all migrations run, so they are created here first.
    app_config = apps.get_app_config("content")
    previous = getattr(app_config, "models_module", None)
    app_config.models_module = previous or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = previous

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=CONTENT_EDITORS)
    permissions = Permission.objects.filter(
        content_type__app_label="content", codename__in=PERMISSIONS
    )
    missing = set(PERMISSIONS) - set(permissions.values_list("codename", flat=True))
    if missing:
        raise RuntimeError(f"Permissions not found for {CONTENT_EDITORS}: {sorted(missing)}")
    group.permissions.add(*permissions)
    return Group.objects.get(name=CONTENT_EDITORS)


def remove_content_editors_group(apps=installed_apps, schema_editor=None):
    apps.get_model("auth", "Group").objects.filter(name=CONTENT_EDITORS).delete()

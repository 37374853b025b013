from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class StaffAdminSite(admin.AdminSite):
    @property
    def login_form(self):
        # Imported when first used: this module loads before the auth models can.
        from .forms import StaffSignInForm

        return StaffSignInForm

    def has_permission(self, request):
        # accounts.middleware sends such a session to its second step first; this holds even if
        # a page were reached some other way.
        return super().has_permission(request) and request.user.is_verified()


class StaffAdminConfig(AdminConfig):
    """The admin, on a site that also refuses a session without its second factor."""

    default_site = "accounts.admin_site.StaffAdminSite"

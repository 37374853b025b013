from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.urls import reverse
from django.utils.html import format_html
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from intake.models import FollowUpNote

from .devices import reset_devices
from .models import AccessEvent, SignInLockout
from .services import needs_fresh_second_factor
from .views import confirm_again

# Second factors are set up by their owner on the two-factor page, never in the admin: its
# device pages would show a colleague's app key. A superuser can only reset them (below).
for model in (TOTPDevice, StaticDevice, WebAuthnCredential):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


# django-axes' own "Access attempts" and "Access logs" read like a second access log beside ours,
# which already records every sign-in and failure. Only the lockout counts are kept, renamed.
for model in (AccessAttempt, AccessLog, AccessFailureLog):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(SignInLockout)
class SignInLockoutAdmin(AccessAttemptAdmin):
    """Wrong passwords counted per account and address; deleting a row lifts its pause early."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


class PersonFilter(admin.SimpleListFilter):
    """Staff by the name their entries keep, so someone whose account was deleted can still be
    picked. Names come from sign-ins that passed: a failed one holds whatever was typed."""

    title = "person"
    parameter_name = "person"

    def lookups(self, request, model_admin):
        names = (
            AccessEvent.objects.filter(kind=AccessEvent.Kind.SIGNED_IN)
            .exclude(username="")
            .order_by("username")
            .values_list("username", flat=True)
            .distinct()
        )
        return [(name, name) for name in names]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(username=self.value())
        return queryset


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    """Read-only for everyone, superusers included; only superusers see it at all."""

    list_display = ["at", "username", "kind", "request_link", "ip_address", "detail"]
    list_filter = ["kind", "at", PersonFilter]
    date_hierarchy = "at"
    search_fields = ["username", "=request_number", "ip_address"]
    fields = ["at", "username", "account", "kind", "request_number", "ip_address", "detail"]
    readonly_fields = fields
    list_per_page = 100

    @admin.display(description="account")
    def account(self, event):
        if event.user_id is None:
            # Deleted since, or (for a failed sign-in) never there: the name above is what stays.
            return "No account by this name now"
        opts = get_user_model()._meta
        return format_html(
            '<a href="{}">{}</a>',
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[event.user_id]),
            event.user,
        )

    @admin.display(description="request", ordering="request_number")
    def request_link(self, event):
        if event.request_number is None:
            return "—"
        url = reverse("admin:accounts_accessevent_changelist")
        return format_html(
            '<a href="{}?request_number={}">#{}</a>',
            url,
            event.request_number,
            event.request_number,
        )

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


def has_follow_up_record(user):
    return (
        LogEntry.objects.filter(user=user).exists()
        or FollowUpNote.objects.filter(author=user).exists()
    )


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    actions = [*UserAdmin.actions, "reset_two_factor"]

    def get_deleted_objects(self, objs, request):
        """Staff who took a step or wrote a note on a request cannot be deleted: Django would
        delete their part of each request's history with them, and leave their notes unsigned.
        The admin then shows why, and they are deactivated instead."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for user in objs:
            if has_follow_up_record(user):
                protected.append(
                    f"{user}: their steps and notes on consultation requests. To end their "
                    "access, untick “Active” on their account instead; the records stay theirs."
                )
        return deleted, counts, perms_needed, protected

    @admin.action(
        description="Reset two-factor sign-in (they set it up again when they next sign in)"
    )
    def reset_two_factor(self, request, queryset):
        if not request.user.is_superuser:
            self.message_user(request, "Only a superuser can reset sign-in.", messages.ERROR)
            return None
        if needs_fresh_second_factor(request):
            # Removing devices, like adding them, needs a recent second factor; back to the list.
            return confirm_again(request)
        for user in queryset:
            reset_devices(user)
        self.message_user(
            request,
            f"Two-factor sign-in reset for {queryset.count()} account(s). Each removal is in the "
            "access log.",
            messages.SUCCESS,
        )
        return None

"""The access log's receivers: sign-ins, lockouts, second factors, and staff's changes to
consultation requests, whichever screen or command made them."""

from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from intake import signals as intake_signals
from intake.choices import Status
from intake.models import ConsultationRequest, FollowUpNote

from . import access_log, middleware, services
from .access_log import Kind
from .devices import RECOVERY_DEVICE_NAME, device_kind
from .middleware import LAST_SEEN, SIGNED_IN_AT, VERIFIED_AT
from .models import AccessEvent

DEVICE_MODELS = [WebAuthnCredential, TOTPDevice, StaticDevice]


@receiver(user_logged_in)
def password_accepted(sender, request, user, **kwargs):
    now = middleware.clock()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now
    # The password alone starts no clock for changing sign-in devices.
    request.session.pop(VERIFIED_AT, None)
    if getattr(settings, "AXES_ENABLED", True):
        # Only this account's failures from this address: another account's count, and this
        # account's count from elsewhere, stand (settings.AXES_RESET_ON_SUCCESS is off).
        address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
        AccessAttempt.objects.filter(username=user.get_username(), ip_address=address).delete()


def typed_name(username):
    """A user name as typed at sign-in, cut to what the access log's column holds."""
    return str(username or "")[: AccessEvent._meta.get_field("username").max_length]


def account_named(username):
    User = get_user_model()
    return User.objects.filter(**{User.USERNAME_FIELD: username}).first()


@receiver(user_login_failed)
def sign_in_failed(sender, credentials, request=None, **kwargs):
    if getattr(request, "axes_locked_out", False):
        # django-axes (whose receiver runs first) refused or locked this attempt: locked_out
        # below writes at most one line per address per lockout, however many posts arrive.
        return
    username = typed_name(credentials.get(get_user_model().USERNAME_FIELD))
    access_log.record(
        Kind.SIGN_IN_FAILED,
        request=request,
        user=account_named(username),
        username=username,
        detail="password",
    )


@receiver(user_locked_out)
def locked_out(sender, request, username=None, ip_address=None, **kwargs):
    if not services.first_lockout_line(ip_address):
        return
    username = typed_name(username)
    access_log.record(
        Kind.LOCKED_OUT,
        request=request,
        user=account_named(username),
        username=username,
        detail=f"after {settings.AXES_FAILURE_LIMIT} failed sign-ins",
    )


def owner_name(device):
    user = get_user_model().objects.filter(pk=device.user_id).first()
    return user.get_username() if user else f"account {device.user_id}"


def device_label(device):
    if isinstance(device, StaticDevice) and device.name == RECOVERY_DEVICE_NAME:
        return "recovery codes"
    return device_kind(device).split(" ", 1)[1]


def device_added(sender, instance, created, raw=False, **kwargs):
    if created and instance.confirmed and not raw:
        access_log.record(
            Kind.DEVICE_ADDED, detail=f"{device_label(instance)} for {owner_name(instance)}"
        )


def device_removed(sender, instance, **kwargs):
    access_log.record(
        Kind.DEVICE_RESET, detail=f"{device_label(instance)} of {owner_name(instance)}"
    )


for model in DEVICE_MODELS:
    post_save.connect(device_added, sender=model, dispatch_uid=f"access_log_add_{model.__name__}")
    post_delete.connect(
        device_removed, sender=model, dispatch_uid=f"access_log_remove_{model.__name__}"
    )


@receiver(pre_save, sender=ConsultationRequest)
def remember_follow_up(sender, instance, raw=False, **kwargs):
    if instance.pk and not raw:
        instance._follow_up_before = (
            ConsultationRequest.objects.filter(pk=instance.pk)
            .values("status", "assigned_to_id")
            .first()
        )


@receiver(post_save, sender=ConsultationRequest)
def follow_up_changed(sender, instance, created, raw=False, **kwargs):
    before = getattr(instance, "_follow_up_before", None)
    instance._follow_up_before = None
    if created or raw or not before:
        return
    if before["status"] != instance.status:
        status_step_taken(sender, instance.pk, before["status"], instance.status)
    if before["assigned_to_id"] != instance.assigned_to_id:
        assignment_changed(sender, instance.pk, instance.assigned_to)


# Steps the queue and the request page save with an UPDATE, which sends no post_save.
@receiver(intake_signals.status_changed, sender=ConsultationRequest)
def status_step_taken(sender, number, before, after, **kwargs):
    labels = dict(Status.choices)
    access_log.record(
        Kind.STATUS_CHANGED,
        number=number,
        detail=f"{labels.get(before, before)} → {labels.get(after, after)}",
    )


@receiver(intake_signals.assignment_changed, sender=ConsultationRequest)
def assignment_changed(sender, number, assignee, **kwargs):
    access_log.record_assignment(number, assignee)


@receiver(intake_signals.estimate_sent, sender=ConsultationRequest)
def estimate_sent(sender, number, **kwargs):
    access_log.record(Kind.ESTIMATE_SENT, number=number)


@receiver(intake_signals.acknowledgement_printed, sender=ConsultationRequest)
def acknowledgement_printed(sender, number, **kwargs):
    access_log.record(Kind.ACKNOWLEDGED, number=number)


@receiver(intake_signals.exported, sender=ConsultationRequest)
def requests_exported(sender, queryset, user, **kwargs):
    access_log.record_each(Kind.EXPORTED, queryset, detail="CSV", user=user)


@receiver(intake_signals.viewed, sender=ConsultationRequest)
def request_viewed(sender, number, **kwargs):
    access_log.record(Kind.VIEWED, number=number)


@receiver(intake_signals.deleted, sender=ConsultationRequest)
def requests_deleted(sender, queryset, **kwargs):
    access_log.record_each(Kind.DELETED, queryset)


@receiver(intake_signals.purged, sender=ConsultationRequest)
def requests_purged(sender, count, described, **kwargs):
    # One line for the run: the numbers are gone with the requests, the count is what stays.
    access_log.record(Kind.DELETED, detail=f"{count} {described}, by the retention schedule")


@receiver(post_save, sender=FollowUpNote)
def note_added(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        access_log.record(Kind.NOTE_ADDED, number=instance.request_id)

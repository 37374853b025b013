from axes.models import AccessAttempt
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class AccessEvent(models.Model):
    """One line of the access log: who did what to which request, or to whose sign-in, when, from
    where. Written by accounts.access_log, never edited or deleted by anyone through the site;
    `manage.py purge_access_log` removes lines older than ACCESS_LOG_RETENTION_DAYS.
    """

    class Kind(models.TextChoices):
        VIEWED = "viewed", "viewed a request"
        EXPORTED = "exported", "exported a request"
        STATUS_CHANGED = "status", "changed a status"
        ASSIGNED = "assigned", "assigned a request"
        NOTE_ADDED = "note", "added a note"
        ESTIMATE_SENT = "estimate_sent", "recorded a Good Faith Estimate sent"
        ACKNOWLEDGED = "acknowledged", "printed a referral's acknowledgement"
        DELETED = "deleted", "deleted a request"
        SIGNED_IN = "signed_in", "signed in"
        SIGN_IN_FAILED = "failed", "failed to sign in"
        LOCKED_OUT = "locked_out", "was locked out"
        SIGNED_OUT = "signed_out", "was signed out"
        DEVICE_ADDED = "device_added", "added a sign-in device"
        DEVICE_RESET = "device_reset", "removed a sign-in device"

    at = models.DateTimeField("when", default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The staff member, while their account exists.",
    )
    username = models.CharField(
        "who",
        max_length=150,
        blank=True,
        help_text="The user name at the time (for a failed sign-in, the name that was typed).",
    )
    kind = models.CharField("what", max_length=16, choices=Kind.choices, db_index=True)
    request_number = models.PositiveBigIntegerField(
        "request",
        null=True,
        blank=True,
        db_index=True,
        help_text="The consultation request's number. Kept when the request itself is deleted.",
    )
    ip_address = models.GenericIPAddressField("from address", null=True, blank=True)
    detail = models.CharField(
        max_length=200,
        blank=True,
        help_text="What changed, in a few words. Never a patient's details.",
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "access log entry"
        verbose_name_plural = "access log"

    def __str__(self):
        who = self.username or "someone"
        what = self.get_kind_display()
        if self.request_number:
            what += f" #{self.request_number}"
        return f"{who} {what} at {timezone.localtime(self.at):%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        # Append-only: a line, once written, is never rewritten.
        if self.pk is not None:
            raise ValueError("Access log entries cannot be changed.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("admin:accounts_accessevent_change", args=[self.pk])


class SignInLockout(AccessAttempt):
    """django-axes' count of wrong passwords per account and address, under a name staff read
    for what it is (the access log above is where sign-ins are recorded). Deleting a row lifts
    that pause early."""

    class Meta:
        proxy = True
        verbose_name = "sign-in lockout"
        verbose_name_plural = "sign-in lockouts"

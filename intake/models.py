from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from .choices import (
    FINISHED_STATUSES,
    AntidepressantsTried,
    ContactMethod,
    HelpWanted,
    SelfHarmAnswer,
    Status,
    SubmittedBy,
    TreatmentInterest,
    USState,
    YesNo,
)

MESSAGE_MAX_LENGTH = 2000

# What the person sent; staff only read these. (The public form asks them in its own order, with
# the helper's questions first and the safety question before the optional ones: FORM_FIELDS in
# intake/forms.py.)
PATIENT_FIELDS = [
    "full_name",
    "preferred_name",
    "state",
    "is_adult",
    "contact_method",
    "email",
    "phone",
    "ok_to_leave_message",
    "best_time",
    "help_wanted",
    "antidepressants_tried",
    "treatment_interest",
    "sees_clinician",
    "may_contact_clinician",
    "insurance",
    "heard_about",
    "message",
    "self_harm_thoughts",
    "consent_to_contact",
    "privacy_acknowledged",
]

# Which timestamp records each step of the follow-up.
STATUS_TIMESTAMPS = {
    Status.CONTACTED: "contacted_at",
    Status.SCHEDULED: "scheduled_at",
    Status.CLOSED: "closed_at",
    Status.NOT_A_FIT: "closed_at",
}


def overdue_cutoff(now=None):
    """Requests still new that arrived at or before this moment have waited a business day.

    One business day back from now, skipping Saturdays and Sundays (in the practice's time zone):
    a request sent on Friday afternoon is overdue on Monday afternoon, one sent at the weekend
    after the whole of Monday.
    """
    cutoff = timezone.localtime(now or timezone.now()) - timedelta(days=1)
    while cutoff.weekday() >= 5:
        cutoff -= timedelta(days=1)
    return cutoff


class ConsultationRequestQuerySet(models.QuerySet):
    def new(self):
        return self.filter(status=Status.NEW)

    def urgent(self):
        return self.filter(is_urgent=True)

    def overdue(self, now=None):
        return self.new().filter(received_at__lte=overdue_cutoff(now))

    def finished(self):
        return self.filter(status__in=FINISHED_STATUSES)

    def finished_before(self, moment):
        """Closed or not a fit, and finished before `moment`: what the retention command deletes."""
        return self.finished().filter(
            models.Q(closed_at__lt=moment) | models.Q(closed_at__isnull=True, updated_at__lt=moment)
        )

    def wanting_help_with(self, key):
        # Stored as a JSON list of keys; the quotes keep "ocd" from matching inside another key.
        return self.filter(help_wanted__icontains=f'"{key}"')


# The staff queue: urgent requests still open first, then new requests, each oldest first, then
# the rest by when they arrived. A finished urgent request drops back among the rest, so it does
# not sit above new requests for ever.
QUEUE_ORDERING = [
    models.Case(
        models.When(
            models.Q(is_urgent=True) & ~models.Q(status__in=FINISHED_STATUSES),
            then=models.Value(0),
        ),
        models.When(status=Status.NEW, then=models.Value(1)),
        default=models.Value(2),
        output_field=models.IntegerField(),
    ).asc(),
    "received_at",
]


class ConsultationRequest(models.Model):
    # What the patient sent. Stored exactly as typed; staff see it read-only.
    submitted_by = models.CharField(
        "sent by",
        max_length=12,
        choices=SubmittedBy.choices,
        default=SubmittedBy.SELF,
        help_text="Whether the person sent this themselves or someone helping them sent it.",
    )
    helper_name = models.CharField(
        max_length=150, blank=True, help_text="The helper's name, when someone sent it for them."
    )
    helper_relationship = models.CharField(
        max_length=80, blank=True, help_text="How the helper knows the person (partner, parent…)."
    )
    helper_email = models.EmailField(max_length=254, blank=True)
    helper_phone = models.CharField(max_length=40, blank=True)
    person_agrees_to_contact = models.CharField(
        "the person knows and agrees to be contacted",
        max_length=3,
        choices=YesNo.choices,
        blank=True,
        help_text="Asked only when a helper sent the request.",
    )
    full_name = models.CharField(max_length=150, help_text="The name the person gave.")
    preferred_name = models.CharField(
        max_length=80, blank=True, help_text="What they would like to be called, if different."
    )
    email = models.EmailField(max_length=254, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    contact_method = models.CharField(
        "preferred contact",
        max_length=10,
        choices=ContactMethod.choices,
        help_text="How they asked to be contacted.",
    )
    ok_to_leave_message = models.CharField(
        "OK to leave a message naming the practice",
        max_length=3,
        choices=YesNo.choices,
        help_text="If No, do not leave a voicemail or text that names the practice: someone "
        "else may see or hear it.",
    )
    best_time = models.CharField(
        "best time to reach",
        max_length=200,
        blank=True,
        help_text="When they said they are easiest to reach. Optional.",
    )
    state = models.CharField(
        "US state", max_length=2, choices=USState.choices, help_text="Where they live."
    )
    is_adult = models.BooleanField(
        "confirmed 18 or older", default=False, help_text="They confirmed they are 18 or older."
    )
    help_wanted = models.JSONField(
        "would like help with",
        default=list,
        blank=True,
        help_text="The conditions they ticked (from the Who might benefit page).",
    )
    # Optional on the form: empty when the person skipped them.
    antidepressants_tried = models.CharField(
        max_length=10, choices=AntidepressantsTried.choices, blank=True
    )
    treatment_interest = models.CharField(
        "treatment of interest", max_length=10, choices=TreatmentInterest.choices, blank=True
    )
    sees_clinician = models.CharField(
        "sees a prescriber or therapist now", max_length=3, choices=YesNo.choices, blank=True
    )
    may_contact_clinician = models.CharField(
        "we may contact their clinician",
        max_length=3,
        choices=YesNo.choices,
        blank=True,
        help_text="Empty when they do not see a clinician now.",
    )
    insurance = models.CharField(
        "insurance or self-pay", max_length=120, blank=True, help_text="As they wrote it."
    )
    heard_about = models.CharField("how they heard of us", max_length=200, blank=True)
    message = models.TextField(max_length=MESSAGE_MAX_LENGTH, blank=True)
    self_harm_thoughts = models.CharField(
        "thoughts of suicide or self-harm now",
        max_length=20,
        choices=SelfHarmAnswer.choices,
        help_text="Their answer when they sent the form. Yes marks the request urgent.",
    )
    consent_to_contact = models.BooleanField(default=False)
    privacy_acknowledged = models.BooleanField("read the privacy notice", default=False)

    # The one-time id of the form it was sent from: a second post of that form finds this request
    # instead of making another.
    submission_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    # The follow-up, worked by staff.
    received_at = models.DateTimeField("received", default=timezone.now, db_index=True)
    is_urgent = models.BooleanField(
        "urgent",
        default=False,
        help_text="Set when they said yes to thoughts of suicide or self-harm. Contact them first, "
        "today.",
    )
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.NEW,
        db_index=True,
        help_text="New, then contacted, then scheduled; closed or not a fit when finished. The "
        "time of each step is recorded.",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation_requests",
        help_text="The staff member following this request up.",
    )
    contacted_at = models.DateTimeField("contacted", null=True, blank=True)
    scheduled_at = models.DateTimeField("scheduled", null=True, blank=True)
    closed_at = models.DateTimeField("closed", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConsultationRequestQuerySet.as_manager()

    class Meta:
        # Oldest first. The queue's order is QUEUE_ORDERING, set on the admin: an expression here
        # would break ordering notes by their request.
        ordering = ["received_at"]
        verbose_name = "consultation request"
        permissions = [("export_consultationrequest", "Can export consultation requests to CSV")]

    def __str__(self):
        return f"Request {self.number}"

    def get_absolute_url(self):
        return reverse("admin:intake_consultationrequest_change", args=[self.pk])

    @property
    def number(self):
        return f"#{self.pk}"

    @property
    def help_wanted_labels(self):
        labels = dict(HelpWanted.choices)
        return [labels.get(key, key) for key in self.help_wanted]

    @property
    def ask_gently(self):
        """They preferred not to answer the safety question: not urgent, but ask gently."""
        return self.self_harm_thoughts == SelfHarmAnswer.PREFER_NOT

    def is_overdue(self, now=None):
        return self.status == Status.NEW and self.received_at <= overdue_cutoff(now)

    def move_to(self, status, when=None):
        """Change the status and record when it happened (not saved here)."""
        self.status = status
        field = STATUS_TIMESTAMPS.get(status)
        if field:
            setattr(self, field, when or timezone.now())


class FollowUpNote(models.Model):
    request = models.ForeignKey(ConsultationRequest, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(
        "note",
        max_length=4000,
        help_text="What happened: a call, a message left, what was agreed. Notes cannot be edited "
        "once saved.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("written", default=timezone.now)

    class Meta:
        ordering = ["request", "created_at", "pk"]
        verbose_name = "follow-up note"

    def __str__(self):
        return f"Note on {self.request} at {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return self.request.get_absolute_url()


class SubmissionCount(models.Model):
    """How many requests one client sent in one hour, for the form's hourly limit.

    The client is a keyed hash of its address, never the address itself. Rows are of no use once
    their hour is over; the retention command deletes them.
    """

    client_window = models.CharField(max_length=80, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["expires_at"]

    def __str__(self):
        return f"{self.count} request(s) until {self.expires_at:%Y-%m-%d %H:%M}"

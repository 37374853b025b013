import re
import unicodedata
from datetime import datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from content.self_check import read_code

from . import business_days, questions, search, signals
from .choices import (
    FINISHED_STATUSES,
    OPEN_STATUSES,
    CallFirst,
    CloseReason,
    ContactMethod,
    HelpWanted,
    SelfHarmAnswer,
    SpamReason,
    Status,
    SubmittedBy,
    YesNo,
)
from .validators import validate_npi

MESSAGE_MAX_LENGTH = questions.MESSAGE_MAX_LENGTH

# What the person sent, in the order of the questions; staff only read these.
PATIENT_FIELDS = questions.QUESTIONS

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


# How far back a request from the same email address or phone number counts as the same person.
DUPLICATE_WINDOW = timedelta(days=90)

# The queue, in the order staff work it: urgent requests nobody has contacted yet, then new
# requests oldest first, then those contacted or scheduled, then finished ones. An urgent request
# drops back among the contacted once someone has called.
QUEUE_RANK = models.Case(
    models.When(is_urgent=True, status=Status.NEW, then=models.Value(0)),
    models.When(status=Status.NEW, then=models.Value(1)),
    models.When(status__in=[Status.CONTACTED, Status.SCHEDULED], then=models.Value(2)),
    default=models.Value(3),
    output_field=models.IntegerField(),
)
# The rank is a column the database computes (queue_rank), so an index gives any view of the
# queue in this order without sorting every request in it.
QUEUE_ORDERING = ["queue_rank", "received_at", "pk"]

# Each step staff can take from the request page or the queue: the statuses it may follow.
STEP_FROM = {
    Status.CONTACTED: [Status.NEW],
    Status.SCHEDULED: [Status.NEW, Status.CONTACTED],
    Status.CLOSED: OPEN_STATUSES,
    Status.NOT_A_FIT: OPEN_STATUSES,
}


def starts_with(prefix):
    """Search keys starting with `prefix`, as a condition their index serves.

    PostgreSQL's LIKE 'prefix%' uses the key's varchar_pattern_ops index. SQLite's LIKE ignores
    case, so only an index in its NOCASE collation would serve it: keys are case-folded already,
    and the same prefix as a range of the plain index finds exactly them.
    """
    if connection.vendor == "postgresql":
        return models.Q(key__startswith=prefix)
    return models.Q(key__gte=prefix, key__lt=prefix + "\U0010ffff")


def phone_digits(phone):
    """The last ten digits, so +1 (650) 555-0100 and 650.555.0100 are the same number."""
    return re.sub(r"\D", "", phone or "")[-10:]


def email_key(email):
    """The email address as the queue compares them: NFKC, case-folded, without outer spaces.

    Case-folding and NFKC can lengthen a string ("İ" becomes two characters, "ﬃ" three), so the
    form checks the key's length (EMAIL_KEY_MAX_LENGTH), not only the address's.
    """
    nfkc = unicodedata.normalize("NFKC", (email or "").strip())
    return unicodedata.normalize("NFKC", nfkc.casefold()).strip()


EMAIL_KEY_MAX_LENGTH = 254

# The answers the queue's search finds a request by (SearchKey).
SEARCHED_FIELDS = {
    "full_name",
    "preferred_name",
    "helper_name",
    "email",
    "helper_email",
    "phone",
    "helper_phone",
    "referrer_name",
    "referrer_email",
    "referrer_phone",
}


class Contact(NamedTuple):
    """How to reach the person of one request, and when it came: enough to find the same
    person's requests without loading them."""

    pk: int
    email_key: str
    phone_key: str
    received_at: datetime

    def is_earlier_duplicate_of(self, consultation):
        same = (self.email_key and self.email_key == consultation.email_key) or (
            self.phone_key and self.phone_key == consultation.phone_key
        )
        earlier = (
            consultation.received_at - DUPLICATE_WINDOW
            <= self.received_at
            < consultation.received_at
        )
        return bool(same and earlier and self.pk != consultation.pk)


class ConsultationRequestQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """As save() does, fill in the contact keys and write the search keys of each request."""
        objs = list(objs)
        for consultation in objs:
            consultation.fill_contact_keys()
        with transaction.atomic(using=self.db, savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            SearchKey.objects.using(self.db).bulk_create(
                key
                for consultation in created
                if consultation.pk is not None
                for key in consultation.derive_search_keys()
            )
        return created

    def search(self, query):
        """The requests matching every term of what staff typed in the queue's search box
        (intake.search says what matches); none when nothing in it could match."""
        terms = search.terms(query, email_key=email_key, phone_digits=phone_digits)
        if not terms:
            return self.none()
        found = self
        for term in terms:
            # One subquery of ids per term, so that each is an index lookup: "this number, or a
            # phone ending in it" as an OR of two conditions would read every request on
            # PostgreSQL.
            if not term.prefix:
                found = found.filter(pk=term.number)
                continue
            keys = SearchKey.objects.filter(starts_with(term.prefix), kind__in=term.kinds)
            ids = keys.values("request_id").order_by()
            if term.number is not None:
                ids = ids.union(self.model.objects.filter(pk=term.number).values("pk").order_by())
            found = found.filter(pk__in=ids)
        return found

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def not_spam(self):
        """The requests staff work: what looked automated waits apart (possible_spam)."""
        return self.filter(possible_spam=False)

    def possible_spam(self):
        return self.filter(possible_spam=True)

    def move_to_queue(self):
        """Take the possible spam among these into the queue; returns the requests this call
        moved (one conditional UPDATE each, so two people pressing at once record one move)."""
        moved = [
            pk
            for pk in self.possible_spam().values_list("pk", flat=True)
            if self.model.objects.filter(pk=pk, possible_spam=True).update(
                possible_spam=False, updated_at=timezone.now()
            )
        ]
        return self.model.objects.filter(pk__in=moved)

    def new(self):
        return self.filter(status=Status.NEW)

    def sent_by(self, sender):
        """The requests a person sent for themselves, a helper sent, or a clinician referred
        (a SubmittedBy)."""
        return self.filter(submitted_by=sender)

    def overdue(self, now=None):
        return self.new().filter(received_at__lte=overdue_cutoff(now))

    def finished(self):
        return self.filter(status__in=FINISHED_STATUSES)

    def estimates_due(self):
        """A Good Faith Estimate asked for and not yet sent, whatever the request's status: the
        estimate is owed once asked for."""
        return self.filter(wants_good_faith_estimate=YesNo.YES, estimate_sent_at=None)

    def estimates_late(self, now=None):
        """Due, and its last day (3 business days after the request) is over."""
        return self.estimates_due().filter(received_at__lt=business_days.estimates_late_before(now))

    def finished_before(self, moment):
        """Closed or not a fit, and finished before `moment`: what the retention command deletes."""
        return self.finished().filter(
            models.Q(closed_at__lt=moment) | models.Q(closed_at__isnull=True, updated_at__lt=moment)
        )

    def wanting_help_with(self, key):
        # Stored as a JSON list of keys; the quotes keep "ocd" from matching inside another key.
        return self.filter(help_wanted__icontains=f'"{key}"')

    def in_queue_order(self):
        return self.order_by(*QUEUE_ORDERING)

    def same_person_as(self, consultation):
        """Other requests from the same email or phone within DUPLICATE_WINDOW of this one."""
        same = models.Q()
        if consultation.email_key:
            same |= models.Q(email_key=consultation.email_key)
        if consultation.phone_key:
            same |= models.Q(phone_key=consultation.phone_key)
        if not same:
            return self.none()
        return (
            self.filter(same)
            .filter(
                received_at__gte=consultation.received_at - DUPLICATE_WINDOW,
                received_at__lte=consultation.received_at + DUPLICATE_WINDOW,
            )
            .exclude(pk=consultation.pk)
            .order_by("-received_at")
        )

    def mark_earlier_duplicates(self, requests):
        """Set `duplicate_of` on each of `requests` (a page of the queue): the latest earlier
        request within DUPLICATE_WINDOW from the same email or phone, or None.

        One query for the whole page, through the email and phone indexes, so the cost follows
        the page's size and not the table's.
        """
        candidates = self.earlier_contacts_of(requests)
        for consultation in requests:
            consultation.duplicate_of = next(
                (c.pk for c in candidates if c.is_earlier_duplicate_of(consultation)), None
            )
        return requests

    def earlier_contacts_of(self, requests):
        """The requests, latest first, that share an email or phone with one of `requests` and
        came in the DUPLICATE_WINDOW before it (and some that did not: checked one by one)."""
        emails = {r.email_key for r in requests if r.email_key}
        phones = {r.phone_key for r in requests if r.phone_key}
        if not (emails or phones):
            return []
        found = (
            self.filter(models.Q(email_key__in=emails) | models.Q(phone_key__in=phones))
            .filter(
                received_at__gte=min(r.received_at for r in requests) - DUPLICATE_WINDOW,
                received_at__lt=max(r.received_at for r in requests),
            )
            .order_by("-received_at")
            .values_list("pk", "email_key", "phone_key", "received_at")
        )
        return [Contact(*row) for row in found]

    def assign_to(self, user):
        """Give the unassigned ones to `user`; returns the requests this call assigned.

        Only if still unassigned when saved: two people pressing at once keep one owner, and a
        request someone else has is never taken over silently.
        """
        assigned = []
        for pk in self.filter(assigned_to__isnull=True).values_list("pk", flat=True):
            taken = self.model.objects.filter(pk=pk, assigned_to__isnull=True).update(
                assigned_to=user, updated_at=timezone.now()
            )
            if taken:
                assigned.append(pk)
                signals.assignment_changed.send(self.model, number=pk, assignee=user)
        return self.model.objects.filter(pk__in=assigned)

    def unassign_from(self, user):
        """Give back the ones `user` has; returns how many."""
        count = 0
        for pk in self.filter(assigned_to=user).values_list("pk", flat=True):
            if self.model.objects.filter(pk=pk, assigned_to=user).update(
                assigned_to=None, updated_at=timezone.now()
            ):
                signals.assignment_changed.send(self.model, number=pk, assignee=None)
                count += 1
        return count

    def take_step(self, status, reason="", when=None):
        """Move every request that may take this step; returns the ones moved."""
        moved = []
        for consultation in self.filter(status__in=STEP_FROM[status]):
            if consultation.take_step(status, reason, when):
                moved.append(consultation)
        return moved


class ConsultationRequest(models.Model):
    # What the patient sent. Stored exactly as typed; staff see it read-only. Their words (staff
    # label, help text) and choices are in the question's record (intake.questions).
    submitted_by = models.CharField(
        max_length=12, default=SubmittedBy.SELF, **questions.model_options("submitted_by")
    )
    helper_name = models.CharField(
        max_length=150, blank=True, **questions.model_options("helper_name")
    )
    helper_relationship = models.CharField(
        max_length=80, blank=True, **questions.model_options("helper_relationship")
    )
    helper_email = models.EmailField(
        max_length=254, blank=True, **questions.model_options("helper_email")
    )
    helper_phone = models.CharField(
        max_length=40, blank=True, **questions.model_options("helper_phone")
    )
    person_agrees_to_contact = models.CharField(
        max_length=3, blank=True, **questions.model_options("person_agrees_to_contact")
    )
    # A clinician's referral: the referrer's details, whom the referrer asks us to contact first (their
    # choice on the form, not a practice policy), and that the patient agrees.
    referrer_name = models.CharField(
        max_length=150, blank=True, **questions.model_options("referrer_name")
    )
    referrer_credential = models.CharField(
        max_length=80, blank=True, **questions.model_options("referrer_credential")
    )
    referrer_organization = models.CharField(
        max_length=150, blank=True, **questions.model_options("referrer_organization")
    )
    referrer_phone = models.CharField(
        max_length=40, blank=True, **questions.model_options("referrer_phone")
    )
    referrer_email = models.EmailField(
        max_length=254, blank=True, **questions.model_options("referrer_email")
    )
    # As typed (spaces or dashes between the digits are allowed), once its check digit fits.
    referrer_npi = models.CharField(
        max_length=20,
        blank=True,
        validators=[validate_npi],
        **questions.model_options("referrer_npi"),
    )
    referrer_secure_contact = models.CharField(
        max_length=254, blank=True, **questions.model_options("referrer_secure_contact")
    )
    call_first = models.CharField(
        max_length=10, blank=True, **questions.model_options("call_first")
    )
    patient_agrees_to_referral = models.BooleanField(
        default=False, **questions.model_options("patient_agrees_to_referral")
    )
    full_name = models.CharField(max_length=150, **questions.model_options("full_name"))
    preferred_name = models.CharField(
        max_length=80, blank=True, **questions.model_options("preferred_name")
    )
    email = models.EmailField(max_length=254, blank=True, **questions.model_options("email"))
    phone = models.CharField(max_length=40, blank=True, **questions.model_options("phone"))
    contact_method = models.CharField(
        max_length=10, blank=True, **questions.model_options("contact_method")
    )
    ok_to_leave_message = models.CharField(
        max_length=3, blank=True, **questions.model_options("ok_to_leave_message")
    )
    best_time = models.CharField(max_length=200, blank=True, **questions.model_options("best_time"))
    state = models.CharField(max_length=2, **questions.model_options("state"))
    is_adult = models.BooleanField(default=False, **questions.model_options("is_adult"))
    help_wanted = models.JSONField(
        default=list, blank=True, **questions.model_options("help_wanted")
    )
    # Optional on the form: empty when the person skipped them.
    antidepressants_tried = models.CharField(
        max_length=10, blank=True, **questions.model_options("antidepressants_tried")
    )
    treatment_interest = models.CharField(
        max_length=10, blank=True, **questions.model_options("treatment_interest")
    )
    sees_clinician = models.CharField(
        max_length=3, blank=True, **questions.model_options("sees_clinician")
    )
    may_contact_clinician = models.CharField(
        max_length=3, blank=True, **questions.model_options("may_contact_clinician")
    )
    how_paying = models.CharField(
        max_length=12, blank=True, **questions.model_options("how_paying")
    )
    # Until the form asked how they expect to pay, this held "Insurance company, or self-pay".
    insurance_plan = models.CharField(
        max_length=120, blank=True, **questions.model_options("insurance_plan")
    )
    wants_good_faith_estimate = models.CharField(
        max_length=3, blank=True, **questions.model_options("wants_good_faith_estimate")
    )
    # The rest of a referral (empty on other requests).
    reason_for_referral = models.TextField(
        max_length=MESSAGE_MAX_LENGTH, blank=True, **questions.model_options("reason_for_referral")
    )
    # A list of {key: text} with the keys of questions.TRIAL_KEYS, one for each medicine tried.
    antidepressant_trials = models.JSONField(
        default=list, blank=True, **questions.model_options("antidepressant_trials")
    )
    current_medicines = models.TextField(
        max_length=MESSAGE_MAX_LENGTH, blank=True, **questions.model_options("current_medicines")
    )
    history_psychosis_or_mania = models.CharField(
        max_length=10, blank=True, **questions.model_options("history_psychosis_or_mania")
    )
    history_substance_use = models.CharField(
        max_length=10, blank=True, **questions.model_options("history_substance_use")
    )
    history_heart = models.CharField(
        max_length=10, blank=True, **questions.model_options("history_heart")
    )
    pregnant_or_breastfeeding = models.CharField(
        max_length=10, blank=True, **questions.model_options("pregnant_or_breastfeeding")
    )
    heard_about = models.CharField(
        max_length=200, blank=True, **questions.model_options("heard_about")
    )
    message = models.TextField(
        max_length=MESSAGE_MAX_LENGTH, blank=True, **questions.model_options("message")
    )
    self_harm_thoughts = models.CharField(
        max_length=20, **questions.model_options("self_harm_thoughts")
    )
    consent_to_contact = models.BooleanField(
        default=False, **questions.model_options("consent_to_contact")
    )
    privacy_acknowledged = models.BooleanField(
        default=False, **questions.model_options("privacy_acknowledged")
    )
    # The site's PHQ-9 self-check, only when the person chose to add their answers to the form.
    self_check_answers = models.CharField(
        "self-check answers",
        max_length=9,
        blank=True,
        help_text="Their own answers to the self-check (PHQ-9) on our site, questions 1 to 9, "
        "each 0 (not at all) to 3 (nearly every day). Empty unless they chose to add them.",
    )
    self_check_on = models.DateField(
        "self-check answered on",
        null=True,
        blank=True,
        help_text="The day they answered the self-check they added.",
    )

    # The one-time id of the form it was sent from: a second post of that form finds this request
    # instead of making another.
    submission_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    # Sent in a way people seldom send: saved, but kept apart until someone looks.
    possible_spam = models.BooleanField(
        "possible spam",
        default=False,
        help_text="It looked automated when it arrived (see why below), so it is not in the "
        "queue and nobody was emailed about it. A person may have sent it: if it reads like a "
        "real request, move it to the queue. Left here, it is deleted after "
        "INTAKE_SPAM_RETENTION_DAYS days (30 unless the site is set otherwise).",
    )
    spam_reason = models.CharField(
        "why it looked automated",
        max_length=20,
        choices=SpamReason.choices,
        blank=True,
        help_text="What the site noticed when it arrived. Kept after it is moved to the queue.",
    )

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
    close_reason = models.CharField(
        "why it was closed",
        max_length=20,
        choices=CloseReason.choices,
        blank=True,
        help_text="Chosen when the request is closed.",
    )
    estimate_sent_at = models.DateTimeField(
        "Good Faith Estimate sent",
        null=True,
        blank=True,
        help_text="When staff recorded that the Good Faith Estimate they asked for was sent.",
    )
    estimate_sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Good Faith Estimate sent by",
        help_text="Who recorded it.",
    )
    acknowledged_at = models.DateTimeField(
        "acknowledgement last printed",
        null=True,
        blank=True,
        help_text="When staff last printed the acknowledgement of a clinician's referral for the "
        "referrer (each print is in the history).",
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="acknowledgement last printed by",
        help_text="Who printed it last.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Where the request stands in the queue's order (QUEUE_ORDERING), kept by the database.
    queue_rank = models.GeneratedField(
        expression=QUEUE_RANK, output_field=models.IntegerField(), db_persist=True
    )
    # The email and phone number as the queue compares them, to find the same person's other
    # requests (filled in on save).
    email_key = models.CharField(
        max_length=EMAIL_KEY_MAX_LENGTH, blank=True, db_index=True, editable=False
    )
    phone_key = models.CharField(max_length=10, blank=True, db_index=True, editable=False)

    objects = ConsultationRequestQuerySet.as_manager()

    class Meta:
        # Oldest first. The queue's order is QUEUE_ORDERING, set on the admin: an expression here
        # would break ordering notes by their request.
        ordering = ["received_at"]
        verbose_name = "consultation request"
        permissions = [("export_consultationrequest", "Can export consultation requests to CSV")]
        indexes = [
            # The queue shows open requests by status and age; the dashboard counts them.
            models.Index(fields=["status", "received_at"], name="intake_status_received_idx"),
            models.Index(fields=["contacted_at"], name="intake_contacted_idx"),
            # The dashboard counts the Good Faith Estimates still to send, and the late ones.
            models.Index(
                fields=["received_at"],
                condition=models.Q(wants_good_faith_estimate=YesNo.YES, estimate_sent_at=None),
                name="intake_estimate_due_idx",
            ),
            # Any view of the queue, "All" too, in its order: a page reads only its own rows.
            models.Index(fields=["queue_rank", "received_at", "id"], name="intake_queue_order_idx"),
            # The queue's referrals (the "sent by" filter) in its order, and the dashboard's count
            # of them: a few among many requests, found without reading the others.
            models.Index(
                fields=["queue_rank", "received_at", "id"],
                condition=models.Q(submitted_by=SubmittedBy.CLINICIAN),
                name="intake_referral_queue_idx",
            ),
        ]

    def __str__(self):
        return f"Request {self.number}"

    def save(self, *args, **kwargs):
        self.fill_contact_keys()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "email_key",
                "phone_key",
                "updated_at",
            }
        update_fields = kwargs.get("update_fields")
        rekey = update_fields is None or not SEARCHED_FIELDS.isdisjoint(update_fields)
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            adding = self._state.adding
            super().save(*args, **kwargs)
            if rekey:
                if not adding:
                    self.search_keys.all().delete()
                SearchKey.objects.using(self._state.db).bulk_create(self.derive_search_keys())

    def fill_contact_keys(self):
        self.email_key = email_key(self.email)
        self.phone_key = phone_digits(self.phone)

    def derive_search_keys(self):
        """What staff may find this request by (intake.search), as unsaved SearchKey rows."""
        keys = {
            (search.NAME, word)
            for name in [self.full_name, self.preferred_name, self.helper_name, self.referrer_name]
            for word in search.words(name)
        }
        keys |= {
            (search.EMAIL, email_key(address)[: search.KEY_MAX_LENGTH])
            for address in [self.email, self.helper_email, self.referrer_email]
            if address.strip()
        }
        keys |= {
            (search.PHONE, search.phone_key(phone_digits(number)))
            for number in [self.phone, self.helper_phone, self.referrer_phone]
            if phone_digits(number)
        }
        return [SearchKey(request=self, kind=kind, key=key) for kind, key in sorted(keys)]

    @property
    def number(self):
        return f"#{self.pk}"

    @property
    def help_wanted_labels(self):
        labels = dict(HelpWanted.choices)
        return [labels.get(key, key) for key in self.help_wanted]

    def is_overdue(self, now=None):
        return self.status == Status.NEW and self.received_at <= overdue_cutoff(now)

    @property
    def asked_for_estimate(self):
        return self.wants_good_faith_estimate == YesNo.YES

    @property
    def estimate_due_on(self):
        """The last day to send the Good Faith Estimate they asked for, or None."""
        if not self.asked_for_estimate:
            return None
        return business_days.estimate_due_on(self.received_at)

    @property
    def estimate_to_send(self):
        """They asked for a Good Faith Estimate and nobody has recorded it sent yet."""
        return self.asked_for_estimate and self.estimate_sent_at is None

    def estimate_is_late(self, now=None):
        return self.estimate_to_send and self.estimate_due_on < timezone.localdate(now)

    def record_estimate_sent(self, user, when=None):
        """Record that the Good Faith Estimate they asked for was sent, once: True if this call
        recorded it (one conditional UPDATE, so two people pressing at once record it once)."""
        when = when or timezone.now()
        saved = (
            type(self)
            .objects.filter(pk=self.pk)
            .estimates_due()
            .update(estimate_sent_at=when, estimate_sent_by=user, updated_at=when)
        )
        self.refresh_from_db()
        if saved:
            signals.estimate_sent.send(type(self), number=self.pk)
        return bool(saved)

    def record_acknowledgement_printed(self, user, when=None):
        """Record that staff printed the acknowledgement of this referral for the referrer: each
        print counts (one may go astray and be sent again). False if this is no referral."""
        if not self.sent_by_clinician:
            return False
        when = when or timezone.now()
        type(self).objects.filter(pk=self.pk).update(
            acknowledged_at=when, acknowledged_by=user, updated_at=when
        )
        self.acknowledged_at, self.acknowledged_by, self.updated_at = when, user, when
        signals.acknowledgement_printed.send(type(self), number=self.pk)
        return True

    @property
    def is_new(self):
        """Nobody has taken a step on it yet (the templates ask this, not the stored word)."""
        return self.status == Status.NEW

    @property
    def prefers_text(self):
        """They chose a text message: their number is linked to send one, not to call."""
        return self.contact_method == ContactMethod.TEXT

    @property
    def may_leave_message(self):
        """They allowed a voicemail or text that names the practice (No or no answer: not)."""
        return self.ok_to_leave_message == YesNo.YES

    @property
    def asked_gently(self):
        """They preferred not to say whether they have thoughts of self-harm: ask gently."""
        return self.self_harm_thoughts == SelfHarmAnswer.PREFER_NOT

    @property
    def self_check(self):
        """The self-check the person added (content.self_check.Result), or None."""
        if not self.self_check_answers:
            return None
        try:
            return read_code(self.self_check_answers, self.self_check_on)
        except ValueError:
            return None

    @property
    def sent_by_helper(self):
        return self.submitted_by == SubmittedBy.SOMEONE_ELSE

    @property
    def sent_by_clinician(self):
        return self.submitted_by == SubmittedBy.CLINICIAN

    @property
    def referred_by(self):
        """The referring clinician as staff name them ("Jane Smith, MD"), or "" when a clinician
        did not send it."""
        if not self.sent_by_clinician:
            return ""
        return ", ".join(part for part in [self.referrer_name, self.referrer_credential] if part)

    @property
    def referrer_first(self):
        """A clinician referred the person and asked us to call them first."""
        return self.sent_by_clinician and self.call_first == CallFirst.CLINICIAN

    @property
    def helper_first(self):
        """A helper sent it and the person does not know about it yet: staff call the helper
        first (the form tells the helper so)."""
        return self.sent_by_helper and self.person_agrees_to_contact == YesNo.NO

    def move_to(self, status, when=None):
        """Change the status and record when it happened (not saved here)."""
        self.status = status
        field = STATUS_TIMESTAMPS.get(status)
        if field:
            setattr(self, field, when or timezone.now())
        if status not in FINISHED_STATUSES:
            self.close_reason = ""

    def can_take_step(self, status):
        return self.status in STEP_FROM.get(status, [])

    def take_step(self, status, reason="", when=None):
        """Move on to `status` if it follows the present one, and save. True if it moved.

        Closing needs a reason; "not a fit" closes as Not a fit. The change is one conditional
        UPDATE, so when two people press at once only the first step counts.
        """
        if status == Status.CLOSED and reason == CloseReason.NOT_A_FIT:
            status = Status.NOT_A_FIT
        if not self.can_take_step(status):
            return False
        before = self.status
        self.move_to(status, when)
        if status in FINISHED_STATUSES:
            self.close_reason = reason or CloseReason.OTHER
        return self._save_step_if_still(before)

    def previous_status(self):
        """The step before this one, read from the times recorded for each step."""
        if self.status in FINISHED_STATUSES and self.scheduled_at:
            return Status.SCHEDULED
        if self.status in [*FINISHED_STATUSES, Status.SCHEDULED] and self.contacted_at:
            return Status.CONTACTED
        if self.status == Status.NEW:
            return None
        return Status.NEW

    def undo_step(self):
        """Go back one step (a button pressed by mistake), forgetting the step's time."""
        previous = self.previous_status()
        if previous is None:
            return None
        before = self.status
        setattr(self, STATUS_TIMESTAMPS[self.status], None)
        self.status = previous
        self.close_reason = ""
        return previous if self._save_step_if_still(before) else None

    def _save_step_if_still(self, status_before):
        fields = [*dict.fromkeys(STATUS_TIMESTAMPS.values()), "status", "close_reason"]
        self.updated_at = timezone.now()
        saved = (
            type(self)
            .objects.filter(pk=self.pk, status=status_before)
            .update(updated_at=self.updated_at, **{field: getattr(self, field) for field in fields})
        )
        if saved:
            signals.status_changed.send(
                type(self), number=self.pk, before=status_before, after=self.status
            )
        else:
            self.refresh_from_db()
        return bool(saved)


class SearchKey(models.Model):
    """One key the queue's search finds a request by (intake.search): a word of a name, an email
    address, or a phone number's digits back to front.

    Derived from the request's answers when it is saved, never shown; the answers themselves are
    not changed. Deleted with the request.
    """

    class Kind(models.TextChoices):
        NAME = search.NAME, "word of a name"
        EMAIL = search.EMAIL, "email address"
        PHONE = search.PHONE, "phone number, back to front"

    request = models.ForeignKey(
        ConsultationRequest, on_delete=models.CASCADE, related_name="search_keys"
    )
    kind = models.CharField(max_length=5, choices=Kind.choices)
    key = models.CharField(max_length=search.KEY_MAX_LENGTH)

    class Meta:
        ordering = ["request", "kind", "key"]
        indexes = [
            # A prefix of the key is a range of this index; on PostgreSQL the pattern operator
            # class lets LIKE 'prefix%' use it whatever the database's collation.
            models.Index(
                fields=["kind", "key"],
                opclasses=["varchar_ops", "varchar_pattern_ops"],
                name="intake_search_key_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.request}"


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


class StaffNoticeQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(sent_at__isnull=True)

    def due(self, now=None):
        """Unsent notices whose next try has come and that no sender is working on now."""
        now = now or timezone.now()
        return (
            self.unsent()
            .filter(next_attempt_at__lte=now)
            .filter(models.Q(claimed_until__isnull=True) | models.Q(claimed_until__lt=now))
        )

    def most_urgent_first(self):
        return self.order_by("-is_urgent", "created_at", "pk")


class StaffNotice(models.Model):
    """The email telling staff a request arrived, kept until it has gone out (an outbox).

    Written in the same transaction as the request, so a request never exists without its notice;
    sent after the commit, and retried by `manage.py send_staff_notices` while it fails.
    """

    request = models.OneToOneField(
        ConsultationRequest, on_delete=models.CASCADE, related_name="staff_notice"
    )
    # Copied from the request so the dashboard and the sender need not read it.
    is_urgent = models.BooleanField("urgent", default=False)
    link = models.CharField(
        max_length=500, help_text="The request's page in the admin, as the email gives it."
    )
    created_at = models.DateTimeField("written", default=timezone.now)
    sent_at = models.DateTimeField("sent", null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField("next try", default=timezone.now)
    # Set by the sender that is working on it, so a second sender leaves it alone until then.
    claimed_until = models.DateTimeField(null=True, blank=True)
    # The kind of failure only (an SMTP message could quote addresses).
    last_error = models.CharField(max_length=200, blank=True)

    objects = StaffNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "staff notice"
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(sent_at__isnull=True),
                name="intake_notice_unsent_idx",
            )
        ]

    def __str__(self):
        return f"Notice of {self.request}"


class SubmissionCount(models.Model):
    """How many requests (or forms with mistakes) one client sent in one hour, for the form's
    hourly limits.

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

"""What happens when a request arrives: saving it, telling staff, and the per-client limit.

Staff notices name only the request number, whether it is urgent, and a link to the admin, so
that no health information travels by email. A notice is written to the database with the
request (an outbox) and sent after the commit; one that fails stays unsent and
`manage.py send_staff_notices` tries it again, waiting longer after each failure.
"""

import logging
import time
from datetime import UTC, datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .choices import SelfHarmAnswer
from .client_ip import group_address
from .models import ConsultationRequest, StaffNotice, SubmissionCount, phone_digits

logger = logging.getLogger(__name__)

RATE_WINDOW_SECONDS = 3600


def answer_is_urgent(self_harm_answer):
    return self_harm_answer == SelfHarmAnswer.YES


def already_received(submission_id):
    """The request a form with this one-time id already saved, or None."""
    if submission_id is None:
        return None
    return ConsultationRequest.objects.filter(submission_id=submission_id).first()


def same_person(earlier, new):
    """Whether a new request (not saved yet) is for the person an earlier one was for: the same
    name, email address or phone number, compared as the queue compares them."""
    if " ".join(new.full_name.casefold().split()) == " ".join(earlier.full_name.casefold().split()):
        return True
    email, phone = new.email.strip().lower(), phone_digits(new.phone)
    return bool((email and email == earlier.email_key) or (phone and phone == earlier.phone_key))


def hold_submission_id(submission_id):
    """Make posts of one form wait for each other until the first has committed.

    SQLite's IMMEDIATE transactions already queue every writer. On PostgreSQL a transaction-level
    advisory lock does it, so a racing second post finds the first request instead of failing on
    the unique id: PostgreSQL would log the failed INSERT with the person's answers in it.
    """
    if submission_id is not None and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [submission_id.int >> 65])


def submit_request(form, request=None, submission_id=None, client_address=None, spam_reason=""):
    """Save the request in one transaction; staff are told only once it is committed.

    Returns (request, created). A form whose one-time id was saved already, even by a post
    racing this one, gives back that request, saves nothing and counts nothing against the
    hourly limit. (None, False) when this client has used up the hour's allowance.

    With a spam_reason (choices.SpamReason) the request is saved as possible spam: out of the
    queue and with no staff email, until someone moves it to the queue or the retention command
    deletes it. Nothing a person sends is dropped. One that says yes to thoughts of self-harm is
    never kept apart, whatever made it look automated: it goes to the queue, urgent, with its
    reason noted for staff, since a person in danger may be behind it.
    """
    try:
        with transaction.atomic():
            hold_submission_id(submission_id)
            existing = already_received(submission_id)
            if existing:
                return existing, False
            if not take_submission_slot(client_address):
                return None, False
            consultation = form.save(commit=False)
            consultation.submission_id = submission_id
            consultation.is_urgent = answer_is_urgent(consultation.self_harm_thoughts)
            consultation.possible_spam = bool(spam_reason) and not consultation.is_urgent
            consultation.spam_reason = spam_reason
            consultation.save()
            if consultation.possible_spam:
                return consultation, True
            write_notice(consultation, request)
    except IntegrityError:
        existing = already_received(submission_id)
        if existing is None:
            raise
        return existing, False
    return consultation, True


def write_notice(consultation, request=None):
    """Put the request's staff notice in the outbox (inside the request's transaction), and try
    it once the request is committed.

    It is written claimed by this request, so that no other sender takes it while this one tries
    (the notice and its request are in memory: sending reads and claims nothing more); should this
    worker die first, `send_staff_notices` takes it once the claim runs out. With no staff address
    set there is nothing to try: it is written as that first try would have left it, failed for
    want of an address and due again in a minute, and only the log line is left for the commit.
    """
    now = timezone.now()
    notice = StaffNotice(
        request=consultation,
        is_urgent=consultation.is_urgent,
        link=admin_link(consultation, request),
        created_at=now,
    )
    if settings.INTAKE_NOTIFY_EMAILS:
        notice.claimed_until = now + timedelta(seconds=CLAIM_SECONDS)
        notice.save(force_insert=True)
        transaction.on_commit(
            partial(deliver, notice, now, timeout=IN_REQUEST_SMTP_TIMEOUT_SECONDS)
        )
    else:
        notice.attempts = 1
        notice.last_error = NO_RECIPIENTS
        notice.next_attempt_at = now + retry_delay(1)
        notice.save(force_insert=True)
        transaction.on_commit(partial(log_no_recipients, consultation.pk))


def admin_link(consultation, request=None):
    path = reverse("admin:intake_consultationrequest_change", args=[consultation.pk])
    if settings.INTAKE_SITE_URL:
        return settings.INTAKE_SITE_URL.rstrip("/") + path
    if request is not None:
        return request.build_absolute_uri(path)
    return path


def staff_notice(consultation, link):
    """Subject and body of the staff email: the number, urgency and a link; nothing else."""
    if consultation.is_urgent:
        subject = f"URGENT consultation request {consultation.number}"
        first_line = (
            f"Consultation request {consultation.number} is marked URGENT. "
            "Please read it and contact the person today."
        )
    else:
        subject = f"New consultation request {consultation.number}"
        first_line = f"A new consultation request, {consultation.number}, has arrived."
    body = (
        f"{first_line}\n\n"
        f"Sign in to read it:\n{link}\n\n"
        "The details are only in the admin, never in email. Please do not forward this message "
        "with patient details added.\n"
    )
    return subject, body


# How long a sender may work on one notice before another sender may try it (longer than the
# mail server's timeout below, so two senders never hold the same notice at once).
CLAIM_SECONDS = 300
SMTP_TIMEOUT_SECONDS = 60
# Tried once straight after the patient's form is saved: well inside gunicorn's 30 s worker
# timeout, so a hanging mail server never turns their thank-you into an error page. The notice
# stays in the outbox and send_staff_notices tries it again.
IN_REQUEST_SMTP_TIMEOUT_SECONDS = 5
# After the nth failure the next try waits 1, 2, 4, 8… minutes, never more than an hour.
FIRST_RETRY_SECONDS = 60
LONGEST_RETRY_SECONDS = 3600


def retry_delay(attempts):
    return timedelta(seconds=min(FIRST_RETRY_SECONDS * 2 ** (attempts - 1), LONGEST_RETRY_SECONDS))


def claim(notice_id, now):
    """Take the notice for this sender: True for exactly one of any senders asking at once.

    One conditional UPDATE, atomic on SQLite and PostgreSQL alike: the second sender's UPDATE
    finds the notice claimed (or sent) and changes nothing.
    """
    claimed = (
        StaffNotice.objects.due(now)
        .filter(pk=notice_id)
        .update(claimed_until=now + timedelta(seconds=CLAIM_SECONDS))
    )
    return claimed == 1


def send_notice(notice_id, now=None, timeout=SMTP_TIMEOUT_SECONDS):
    """Send one notice if it is due and no other sender has it. True when it went out."""
    now = now or timezone.now()
    if not claim(notice_id, now):
        return False
    notice = StaffNotice.objects.select_related("request").get(pk=notice_id)
    return deliver(notice, now, timeout)


def deliver(notice, now, timeout=SMTP_TIMEOUT_SECONDS):
    """Email a notice this sender holds the claim on; record the outcome. True when it went out."""
    recipients = settings.INTAKE_NOTIFY_EMAILS
    try:
        if not recipients:
            raise NoRecipients(NO_RECIPIENTS)
        subject, body = staff_notice(notice.request, notice.link)
        send_mail(
            subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            recipients,
            connection=get_connection(timeout=timeout),
        )
    except Exception as error:
        record_failure(notice, error, now)
        return False
    StaffNotice.objects.filter(pk=notice.pk).update(sent_at=timezone.now(), claimed_until=None)
    return True


class NoRecipients(Exception):
    pass


# StaffNotice.last_error when nobody could be emailed because no address is set (not a mail
# server failure; the front desk says which).
NO_RECIPIENTS = "INTAKE_NOTIFY_EMAILS is empty"


def record_failure(notice, error, now):
    attempts = notice.attempts + 1
    reason = str(error) if isinstance(error, NoRecipients) else type(error).__name__
    StaffNotice.objects.filter(pk=notice.pk).update(
        attempts=attempts,
        last_error=reason[:200],
        next_attempt_at=now + retry_delay(attempts),
        claimed_until=None,
    )
    # The request is saved whatever happens here; the log names only the number and the kind of
    # failure (an SMTP message could quote addresses).
    if isinstance(error, NoRecipients):
        log_no_recipients(notice.request_id)
    else:
        logger.error(
            "Could not email staff about consultation request %s (%s). It is saved and the notice "
            "will be tried again (try %s).",
            notice.request_id,
            reason,
            attempts,
        )


def log_no_recipients(number):
    logger.warning(
        "Consultation request %s arrived; INTAKE_NOTIFY_EMAILS is empty, nobody was emailed. "
        "The notice waits in the admin.",
        number,
    )


def send_due_notices(now=None):
    """Send every notice whose time has come, most urgent first. Returns (sent, not sent)."""
    due = StaffNotice.objects.due(now or timezone.now()).most_urgent_first()
    waiting = list(due.values_list("pk", flat=True))
    # Each claim is timed when it is made: a run slowed by a failing mail server must not leave
    # its later claims already expired for an overlapping sender.
    sent = sum(send_notice(pk, now) for pk in waiting)
    return sent, len(waiting) - sent


def client_key(address, salt="intake.rate-limit"):
    """A keyed hash of the client's address (an IPv6 one by its /64, which one client can send
    from all of): counters never hold the address itself."""
    return salted_hmac(salt, group_address(address) or "unknown", algorithm="sha256").hexdigest()


def limit_ends_at(now=None):
    """When the current hour's allowance starts again (the hours are fixed, not rolling)."""
    now = time.time() if now is None else now
    return datetime.fromtimestamp(
        (int(now // RATE_WINDOW_SECONDS) + 1) * RATE_WINDOW_SECONDS, tz=UTC
    )


def take_submission_slot(address, now=None):
    """Count one request from this client in the current hour; False once the hour's allowance
    (INTAKE_RATE_LIMIT_PER_HOUR) is used up."""
    return take_hourly_slot(address, settings.INTAKE_RATE_LIMIT_PER_HOUR, "intake.rate-limit", now)


def take_invalid_post_slot(address, now=None):
    """Count one form sent with mistakes from this client in the current hour; False once the
    hour's allowance (INTAKE_INVALID_POSTS_PER_HOUR) is used up.

    Each such form keeps its answers in the visitor's session, so this bounds what one client
    can make the site store. A counter of its own (its own key), with room for a person's
    several tries, so that mistakes never use up the allowance for sending the request.
    """
    return take_hourly_slot(
        address, settings.INTAKE_INVALID_POSTS_PER_HOUR, "intake.invalid-posts", now
    )


def take_hourly_slot(address, limit, kind, now=None):
    """Count one post of this kind from this client in the current hour; False once `limit`
    posts of it were counted.

    One row per client, kind and hour, made if missing (an insert that ignores a row already
    there, so parallel posts raise no error) and then counted by a single conditional UPDATE: the
    database lets only as many of them through as the limit allows, however many arrive at once.
    The hour ends at its own time, whatever the cache does.
    """
    now = time.time() if now is None else now
    window = int(now // RATE_WINDOW_SECONDS)
    key = f"{client_key(address, kind)}:{window}"
    expires_at = datetime.fromtimestamp((window + 1) * RATE_WINDOW_SECONDS, tz=UTC)
    SubmissionCount.objects.bulk_create(
        [SubmissionCount(client_window=key, expires_at=expires_at)], ignore_conflicts=True
    )
    taken = SubmissionCount.objects.filter(client_window=key, count__lt=limit).update(
        count=F("count") + 1
    )
    return taken == 1

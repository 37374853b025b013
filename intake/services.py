"""What happens when a request arrives: saving it, telling staff, and the per-client limit.

Staff notices name only the request number, whether it is urgent, and a link to the admin, so
that no health information travels by email.
"""

import logging
import time
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from .choices import SelfHarmAnswer

logger = logging.getLogger(__name__)

RATE_WINDOW_SECONDS = 3600


def answer_is_urgent(self_harm_answer):
    return self_harm_answer == SelfHarmAnswer.YES


def submit_request(form, request=None):
    """Save the request in one transaction; staff are told only once it is committed."""
    with transaction.atomic():
        consultation = form.save(commit=False)
        consultation.is_urgent = answer_is_urgent(consultation.self_harm_thoughts)
        consultation.save()
        link = admin_link(consultation, request)
        transaction.on_commit(partial(notify_staff, consultation, link))
    return consultation


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


def notify_staff(consultation, link):
    recipients = settings.INTAKE_NOTIFY_EMAILS
    if not recipients:
        logger.warning(
            "Consultation request %s arrived; INTAKE_NOTIFY_EMAILS is empty, nobody was emailed.",
            consultation.pk,
        )
        return
    subject, body = staff_notice(consultation, link)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception as error:
        # The request is saved whatever happens here; the log names only the number and the
        # kind of failure (an SMTP message could quote addresses).
        logger.error(
            "Could not email staff about consultation request %s (%s). It is saved; check the "
            "admin.",
            consultation.pk,
            type(error).__name__,
        )


def _rate_key(client_id):
    window = int(time.time() // RATE_WINDOW_SECONDS)
    return f"intake:rate:{client_id}:{window}"


def rate_limited(client_id):
    """True when this client has already sent the hour's allowance of requests."""
    return cache.get(_rate_key(client_id), 0) >= settings.INTAKE_RATE_LIMIT_PER_HOUR


def count_submission(client_id):
    key = _rate_key(client_id)
    if not cache.add(key, 1, RATE_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, RATE_WINDOW_SECONDS)

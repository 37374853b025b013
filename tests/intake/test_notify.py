"""The staff notice: sent after commit, with no personal data, and never losing a request."""

import logging

import pytest

from intake.models import ConsultationRequest
from tests.intake.conftest import PATIENT_ANSWERS

pytestmark = pytest.mark.django_db

FORM_URL = "/consultation/"


def personal_values():
    values = []
    for value in PATIENT_ANSWERS.values():
        values.extend(value if isinstance(value, list) else [value])
    # Answers too short or generic to find by accident (yes, CA, on) are checked by their meaning
    # elsewhere; every free-text answer is checked whole and in pieces.
    checked = [v for v in values if len(v) > 3 and v not in {"phone", "spravato"}]
    pieces = ["Zoë", "Ñúñez", "zoe.nunez", "example.org", "555-0142", "sertraline", "Ōta"]
    return checked + pieces


def test_staff_get_the_number_urgency_and_link_and_nothing_the_patient_typed(
    client, make_answers, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.INTAKE_NOTIFY_EMAILS = ["team@example.org", "lead@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(FORM_URL, make_answers(self_harm_thoughts="yes"))
    saved = ConsultationRequest.objects.get()

    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["team@example.org", "lead@example.org"]
    assert f"#{saved.pk}" in email.subject and "URGENT" in email.subject
    assert f"http://testserver/admin/intake/consultationrequest/{saved.pk}/change/" in email.body
    text = email.subject + email.body + str(email.extra_headers)
    for value in personal_values():
        assert value not in text, value
    assert "suicide" not in text.lower() and "self-harm" not in text.lower()


def test_a_routine_request_is_not_called_urgent(
    client, make_answers, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.INTAKE_NOTIFY_EMAILS = ["team@example.org"]
    settings.INTAKE_SITE_URL = "https://clinic.example.org/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(FORM_URL, make_answers())

    assert "URGENT" not in mailoutbox[0].subject
    assert "https://clinic.example.org/admin/intake/consultationrequest/" in mailoutbox[0].body


def test_nothing_is_sent_before_the_transaction_commits(
    client, make_answers, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.INTAKE_NOTIFY_EMAILS = ["team@example.org"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(FORM_URL, make_answers())

    assert mailoutbox == []
    assert len(callbacks) == 1


def test_a_failed_email_still_saves_the_request_and_logs_no_personal_data(
    client, make_answers, settings, caplog, django_capture_on_commit_callbacks, monkeypatch
):
    settings.INTAKE_NOTIFY_EMAILS = ["team@example.org"]

    def broken_send(*args, **kwargs):
        raise ConnectionRefusedError("SMTP refused zoe.nunez@example.org")

    monkeypatch.setattr("intake.services.send_mail", broken_send)
    with caplog.at_level(logging.INFO), django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM_URL, make_answers(), follow=True)

    saved = ConsultationRequest.objects.get()
    assert response.status_code == 200
    assert "What happens next" in response.content.decode()
    assert f"consultation request {saved.pk}" in caplog.text
    assert "ConnectionRefusedError" in caplog.text
    for value in personal_values():
        assert value not in caplog.text, value


def test_no_recipients_configured_is_logged_not_crashed(
    client, make_answers, settings, caplog, django_capture_on_commit_callbacks
):
    settings.INTAKE_NOTIFY_EMAILS = []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(FORM_URL, make_answers())

    assert ConsultationRequest.objects.count() == 1
    assert "INTAKE_NOTIFY_EMAILS is empty" in caplog.text

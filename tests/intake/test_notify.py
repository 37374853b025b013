"""The staff notice: sent after commit, with no personal data, and never losing a request."""

import logging
from datetime import timedelta

import pytest

from intake.models import ConsultationRequest, StaffNotice
from intake.services import send_due_notices
from tests.support.forms import PATIENT_ANSWERS

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


# The outbox: a notice that could not be sent is kept and sent later, once.


class MailServer:
    """Stands in for the mail server: down until brought back, counting what it delivers."""

    def __init__(self, monkeypatch):
        from django.core import mail

        self.up = False
        self.real_send_mail = mail.send_mail
        monkeypatch.setattr("intake.services.send_mail", self.send_mail)

    def send_mail(self, *args, **kwargs):
        if not self.up:
            raise ConnectionRefusedError("SMTP refused zoe.nunez@example.org")
        return self.real_send_mail(*args, **kwargs)


def send_later(minutes, monkeypatch):
    """Run the command as if `minutes` had passed, so the back-off has run out."""
    from datetime import timedelta
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    later = timezone.now() + timedelta(minutes=minutes)
    with monkeypatch.context() as patch:
        patch.setattr("intake.services.timezone.now", lambda: later)
        out = StringIO()
        call_command("send_staff_notices", stdout=out)
    return out.getvalue()


@pytest.fixture
def mail_down(monkeypatch, settings):
    settings.INTAKE_NOTIFY_EMAILS = ["team@example.org"]
    return MailServer(monkeypatch)


def send_urgent_request(client, make_answers, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM_URL, make_answers(self_harm_thoughts="yes"), follow=True)
    assert "What happens next" in response.content.decode()
    return ConsultationRequest.objects.get()


def test_mail_down_the_request_is_saved_and_its_notice_waits(
    client, make_answers, mail_down, mailoutbox, django_capture_on_commit_callbacks
):
    saved = send_urgent_request(client, make_answers, django_capture_on_commit_callbacks)

    notice = StaffNotice.objects.get()
    assert notice.request == saved and notice.is_urgent
    assert notice.sent_at is None and notice.attempts == 1
    assert notice.last_error == "ConnectionRefusedError"
    assert notice.next_attempt_at > notice.created_at
    assert mailoutbox == []


def test_the_notice_is_written_in_the_requests_transaction(
    client, make_answers, settings, django_capture_on_commit_callbacks
):
    settings.INTAKE_NOTIFY_EMAILS = ["team@example.org"]
    with django_capture_on_commit_callbacks(execute=False):
        client.post(FORM_URL, make_answers())

    # Nothing sent yet, but the notice is already stored with the request.
    assert StaffNotice.objects.get().request == ConsultationRequest.objects.get()


def test_mail_back_the_command_sends_the_notice_exactly_once(
    client, make_answers, mail_down, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    saved = send_urgent_request(client, make_answers, django_capture_on_commit_callbacks)
    mail_down.up = True

    # Too soon: the back-off has not run out, so nothing is tried.
    assert "0 notice(s) sent" in send_later(0, monkeypatch)
    assert mailoutbox == []

    assert "1 notice(s) sent" in send_later(2, monkeypatch)
    assert "0 notice(s) sent" in send_later(3, monkeypatch)
    assert "0 notice(s) sent" in send_later(120, monkeypatch)

    assert len(mailoutbox) == 1
    assert f"URGENT consultation request #{saved.pk}" == mailoutbox[0].subject
    assert StaffNotice.objects.get().sent_at is not None


def test_each_failure_waits_longer_before_the_next_try(
    client, make_answers, mail_down, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    send_urgent_request(client, make_answers, django_capture_on_commit_callbacks)
    first_wait = StaffNotice.objects.get().next_attempt_at

    assert "1 could not be sent" in send_later(2, monkeypatch)
    notice = StaffNotice.objects.get()
    assert notice.attempts == 2
    assert notice.next_attempt_at - first_wait > timedelta(minutes=2)
    assert mailoutbox == []


def test_two_senders_at_once_send_one_email(
    client, make_answers, mail_down, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    send_urgent_request(client, make_answers, django_capture_on_commit_callbacks)
    mail_down.up = True
    second_sender_output = []
    real_send = mail_down.send_mail

    def slow_send(*args, **kwargs):
        # While the first sender is talking to the mail server, a second one starts.
        if not second_sender_output:
            second_sender_output.append(send_later(2, monkeypatch))
        return real_send(*args, **kwargs)

    monkeypatch.setattr("intake.services.send_mail", slow_send)
    first_sender_output = send_later(2, monkeypatch)

    assert "1 notice(s) sent" in first_sender_output
    assert "0 notice(s) sent" in second_sender_output[0]
    assert len(mailoutbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_sender_processes_racing_send_one_email_each_notice(make_request, settings, mailoutbox):
    """Senders in separate threads and database connections, started together."""
    import threading

    from django.db import connection

    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("needs a database that several connections can write: run on PostgreSQL")
    settings.INTAKE_NOTIFY_EMAILS = ["team@example.org"]
    for number in range(20):
        StaffNotice.objects.create(request=make_request(), link=f"/r/{number}/")
    start = threading.Barrier(2)
    results = []

    def sender():
        from django.db import connections

        start.wait()
        try:
            results.append(send_due_notices())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(sent for sent, _ in results) == 20
    assert len(mailoutbox) == 20
    assert sorted(m.body for m in mailoutbox) == sorted({m.body for m in mailoutbox})


def test_the_first_try_gives_up_well_inside_the_workers_timeout_and_the_command_waits_longer(
    client, make_answers, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """A hanging mail server must not turn the patient's thank-you into a gateway error."""
    import runpy
    from pathlib import Path

    worker_timeout = runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))["timeout"]
    settings.INTAKE_NOTIFY_EMAILS = ["team@example.org"]
    timeouts = []

    def hanging_mail_server(*args, timeout=None, **kwargs):
        timeouts.append(timeout)
        raise TimeoutError

    monkeypatch.setattr("intake.services.get_connection", hanging_mail_server)
    send_urgent_request(client, make_answers, django_capture_on_commit_callbacks)
    send_later(2, monkeypatch)

    in_request, from_the_command = timeouts
    assert in_request * 3 <= worker_timeout
    assert from_the_command > in_request

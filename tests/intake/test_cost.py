"""What opening and sending the consultation form costs the server (issue 18): the empty form
served like a cached page, and a sent form writing only what keeps the request and its staff
notice safe."""

from collections import Counter
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intake.models import ConsultationRequest, StaffNotice
from intake.services import NO_RECIPIENTS, send_due_notices
from intake.views import new_csrf_secret
from tests.support.forms import FormClient, hidden_inputs

pytestmark = pytest.mark.django_db

FORM_URL = "/consultation/"
THANKS_URL = "/consultation/thank-you/"


def writes_to(queries, table):
    """The statements that changed `table`."""
    return [
        query["sql"]
        for query in queries
        if query["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"}
        and f'"{table}"' in query["sql"].split("(")[0]
    ]


def test_opening_the_empty_form_costs_no_query_and_starts_no_session(
    database_cache, django_assert_num_queries
):
    FormClient().get(FORM_URL)  # the first visit renders the page and keeps it
    with django_assert_num_queries(0):
        response = FormClient().get(FORM_URL)

    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert response.cookies[settings.CSRF_COOKIE_NAME].value
    assert not Session.objects.exists()
    html = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html and 'name="started"' in html


def csrf_token_in(page):
    return hidden_inputs(page.content.decode())["csrfmiddlewaretoken"]


def send_with_csrf(client, page, make_answers):
    """The form sent back as a browser sends it: the page's own CSRF token, Django checking it."""
    answers = make_answers(csrfmiddlewaretoken=csrf_token_in(page))
    return client.post(FORM_URL, answers)


def test_a_first_visit_gets_a_new_csrf_secret_as_its_token_and_can_send_with_it(make_answers):
    visits = [FormClient(enforce_csrf_checks=True) for _ in range(2)]
    pages = [visit.get(FORM_URL) for visit in visits]
    secrets = [page.cookies[settings.CSRF_COOKIE_NAME].value for page in pages]

    assert secrets[0] != secrets[1]
    for page, secret in zip(pages, secrets, strict=True):
        # Django's own form of a secret, carried unmasked: the page echoes nothing a visitor sent.
        assert csrf_token_in(page) == secret
        assert len(secret) == CSRF_SECRET_LENGTH and set(secret) <= set(CSRF_ALLOWED_CHARS)
    assert send_with_csrf(visits[0], pages[0], make_answers).status_code == 302
    # Another visitor's token is refused (the CSRF failure page keeps the answers).
    assert send_with_csrf(visits[1], pages[0], make_answers).status_code == 403


def test_new_csrf_secrets_use_every_letter_and_digit_evenly_and_never_repeat():
    made = [new_csrf_secret() for _ in range(2000)]
    assert len(set(made)) == len(made)
    assert all(len(secret) == CSRF_SECRET_LENGTH for secret in made)
    letters = Counter("".join(made))
    assert set(letters) == set(CSRF_ALLOWED_CHARS)
    # 64,000 letters drawn evenly from 62: about 1,032 of each (a byte taken modulo 62 would make
    # the first 8 about 1,250).
    assert all(860 < count < 1200 for count in letters.values())


def test_a_visitor_with_the_csrf_cookie_keeps_it_and_gets_a_masked_token(make_answers):
    client = FormClient(enforce_csrf_checks=True)
    secret = client.get(FORM_URL).cookies[settings.CSRF_COOKIE_NAME].value
    again = client.get(FORM_URL)

    assert again.cookies[settings.CSRF_COOKIE_NAME].value == secret  # renewed, not changed
    token = csrf_token_in(again)
    assert len(token) == 2 * CSRF_SECRET_LENGTH and secret not in token
    assert send_with_csrf(client, again, make_answers).status_code == 302


def test_the_kept_form_is_served_before_the_session_login_and_lockout_middleware():
    FormClient().get(FORM_URL)
    response = FormClient().get(FORM_URL)

    assert response.status_code == 200
    # Answered before SessionMiddleware and AuthenticationMiddleware set these.
    assert not hasattr(response.wsgi_request, "session")
    assert not hasattr(response.wsgi_request, "user")
    assert "no-store" in response["Cache-Control"] and "Cookie" in response["Vary"]


def test_a_sent_form_costs_a_fixed_number_of_queries_on_sqlite(
    make_answers, settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    if connection.vendor != "sqlite":
        pytest.skip("counted on SQLite; PostgreSQL adds the lock on the form's one-time id")
    settings.INTAKE_NOTIFY_EMAILS = ["team@example.org"]
    FormClient().get(FORM_URL)  # the site's menu and details, read once for every page
    # The practice's offered treatments; the one-time id looked up, the hour's count (made if
    # missing, then counted), the request, its search keys and its notice, each transaction a
    # savepoint here; the session's new key checked, then the session written once; the notice
    # marked sent.
    with django_assert_num_queries(14), django_capture_on_commit_callbacks(execute=True):
        response = FormClient().post(FORM_URL, make_answers())
    assert response.status_code == 302


def test_a_sent_form_writes_the_session_once_and_still_thanks_with_the_number(
    make_answers, django_capture_on_commit_callbacks
):
    client = FormClient()
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(FORM_URL, make_answers())

    assert response.status_code == 302
    assert len(writes_to(queries, "django_session")) == 1
    saved = ConsultationRequest.objects.get()
    thanks = client.get(THANKS_URL).content.decode()
    assert f"<strong>#{saved.pk}</strong>" in thanks


def test_with_no_staff_address_a_sent_form_runs_no_notice_updates_and_the_notice_waits(
    make_answers, settings, caplog, django_capture_on_commit_callbacks
):
    settings.INTAKE_NOTIFY_EMAILS = []
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        FormClient().post(FORM_URL, make_answers())

    notice_writes = writes_to(queries, "intake_staffnotice")
    assert len(notice_writes) == 1 and notice_writes[0].startswith("INSERT")
    # In the outbox as the first try would have left it: the desk says no address is set, and
    # `send_staff_notices` tries again once one is.
    notice = StaffNotice.objects.get()
    assert notice.request == ConsultationRequest.objects.get()
    assert notice.sent_at is None and notice.attempts == 1 and notice.last_error == NO_RECIPIENTS
    assert notice.next_attempt_at > notice.created_at
    assert "INTAKE_NOTIFY_EMAILS is empty" in caplog.text


def test_the_notice_sent_after_the_commit_is_one_update_with_no_claim_or_read_again(
    make_answers, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.INTAKE_NOTIFY_EMAILS = ["team@example.org"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        FormClient().post(FORM_URL, make_answers())
    with CaptureQueriesContext(connection) as queries:
        for callback in callbacks:
            callback()

    assert len(mailoutbox) == 1
    assert [sql.split()[0] for sql in writes_to(queries, "intake_staffnotice")] == ["UPDATE"]
    assert len(queries) == 1
    assert StaffNotice.objects.get().sent_at is not None


def test_a_notice_whose_first_try_never_ran_is_sent_by_the_command_once_and_only_later(
    make_answers, settings, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    """The worker died between the commit and its try: the notice is not lost, and the command
    leaves it alone while the request's own try could still be under way."""
    settings.INTAKE_NOTIFY_EMAILS = ["team@example.org"]
    with django_capture_on_commit_callbacks(execute=False):
        FormClient().post(FORM_URL, make_answers())

    assert send_due_notices() == (0, 0)
    later = timezone.now() + timedelta(minutes=6)
    monkeypatch.setattr("intake.services.timezone.now", lambda: later)
    assert send_due_notices() == (1, 0)
    assert send_due_notices() == (0, 0)
    assert len(mailoutbox) == 1


def test_on_postgresql_the_forms_statements_are_kept_prepared(make_answers, settings):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: run with DATABASE_URL=postgres://… (as .ci/run does)")
    settings.INTAKE_RATE_LIMIT_PER_HOUR = 100
    for number in range(6):
        FormClient().post(FORM_URL, make_answers(full_name=f"Person {number}"))

    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('INSERT INTO "intake_consultationrequest"' in sql for sql in prepared)
    # ...and a form post takes PostgreSQL's choice of a plan kept for any values.
    assert plan_cache_mode() == "auto"


def plan_cache_mode():
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        return cursor.fetchone()[0]


def test_on_postgresql_staff_pages_plan_each_statement_for_its_own_values(
    client, sign_in, intake_staff, make_request
):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: run with DATABASE_URL=postgres://… (as .ci/run does)")
    make_request()
    sign_in(client, intake_staff)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/admin/intake/consultationrequest/").status_code == 200
    statements = [query["sql"] for query in queries]
    # Set once the session and the second factor are checked, before the queue's first query;
    # reset after its last (the access log, outside, is written after).
    start = statements.index("SET plan_cache_mode = force_custom_plan")
    end = statements.index("RESET plan_cache_mode")
    queue = [n for n, sql in enumerate(statements) if "intake_consultationrequest" in sql]
    assert start < queue[0] and queue[-1] < end
    assert plan_cache_mode() == "auto"
    # Visitors' pages leave it alone.
    with CaptureQueriesContext(connection) as queries:
        FormClient().get(FORM_URL, {"as": "clinician"})
    assert not any("plan_cache_mode" in query["sql"] for query in queries)
    # Nor does the sign-in page, before anyone is signed in.
    client.logout()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/admin/login/").status_code == 200
    assert not any("plan_cache_mode" in query["sql"] for query in queries)

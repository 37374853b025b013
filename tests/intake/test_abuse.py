"""Bots and floods: the honeypot, the time to submit, the per-client limit."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

from intake.models import ConsultationRequest
from tests.intake.conftest import started_seconds_ago

pytestmark = pytest.mark.django_db

FORM_URL = "/consultation/"


def test_a_filled_honeypot_is_thanked_and_dropped(client, make_answers, mailoutbox, settings):
    settings.INTAKE_NOTIFY_EMAILS = ["team@example.org"]
    response = client.post(FORM_URL, make_answers(website="http://spam.example"), follow=True)

    assert response.redirect_chain[-1][0] == "/consultation/thank-you/"
    # Thanked exactly as a person would be.
    assert "We received your request" in response.content.decode()
    assert not ConsultationRequest.objects.exists()
    assert mailoutbox == []


def test_the_honeypot_is_hidden_from_people_and_keyboards(client):
    html = client.get(FORM_URL).content.decode()
    start = html.index('class="hp-field"')
    honeypot = html[start : html.index("</div>", html.index('name="website"'))]
    assert 'tabindex="-1"' in honeypot and 'autocomplete="off"' in honeypot


def test_a_form_sent_too_fast_is_dropped(client, make_answers, settings):
    settings.INTAKE_MIN_SECONDS_TO_SUBMIT = 3
    response = client.post(FORM_URL, make_answers(started=started_seconds_ago(1)))

    assert response.status_code == 302
    assert not ConsultationRequest.objects.exists()

    client.post(FORM_URL, make_answers(started=started_seconds_ago(4)))
    assert ConsultationRequest.objects.count() == 1


def test_a_dropped_form_that_said_yes_to_self_harm_still_leads_with_crisis_help(
    client, make_answers, settings
):
    settings.INTAKE_MIN_SECONDS_TO_SUBMIT = 3
    answers = make_answers(started=started_seconds_ago(1), self_harm_thoughts="yes")
    response = client.post(FORM_URL, answers, follow=True)

    assert not ConsultationRequest.objects.exists()
    html = response.content.decode()
    assert html.index('href="tel:988"', html.index("<main")) < html.index("What happens next")


@pytest.mark.parametrize("token", ["", "not-a-token", started_seconds_ago(60) + "x"])
def test_a_missing_or_forged_timestamp_is_dropped(client, make_answers, token):
    client.post(FORM_URL, make_answers(started=token))
    assert not ConsultationRequest.objects.exists()


def test_the_form_carries_a_signed_timestamp(client, make_answers):
    html = client.get(FORM_URL).content.decode()
    start = html.index('name="started" value="') + len('name="started" value="')
    token = html[start : html.index('"', start)]

    from intake.forms import seconds_since_started

    assert 0 <= seconds_since_started(token) < 5


def test_the_rate_limit_answers_429_keeping_what_was_typed_and_giving_the_phone(
    client, make_answers, settings, site_pages
):
    from content.models import PracticeDetails
    from content.page_cache import drop_chrome_and_cached_pages

    PracticeDetails.objects.filter(pk=1).update(phone="(650) 555-0100")
    drop_chrome_and_cached_pages()
    settings.INTAKE_RATE_LIMIT_PER_HOUR = 2
    for _ in range(2):
        assert client.post(FORM_URL, make_answers()).status_code == 302

    response = client.post(FORM_URL, make_answers(full_name="Third Ïnstance"))

    assert response.status_code == 429
    html = response.content.decode()
    assert "Third Ïnstance" in html
    assert "Blue Shield de México" in html
    assert 'href="tel:6505550100"' in html
    assert "no-store" in response["Cache-Control"]
    assert ConsultationRequest.objects.count() == 2
    # When to try again, and help now: the person is never left with nowhere to turn.
    notice = html.split('id="rate-limit-notice"')[1].split("</div>")[0]
    assert "You can send them again from " in notice
    assert 'href="tel:988"' in notice and 'href="tel:911"' in notice


def test_the_rate_limit_ends_at_the_top_of_the_next_hour():
    from datetime import UTC, datetime

    from intake.services import limit_ends_at

    half_past = datetime(2026, 11, 27, 10, 30, tzinfo=UTC).timestamp()
    assert limit_ends_at(half_past) == datetime(2026, 11, 27, 11, 0, tzinfo=UTC)


def fresh_form(now):
    """The hidden start time of a form shown a minute before `now`."""
    import uuid

    from django.core import signing

    from intake.forms import TIMESTAMP_SALT

    return {"started": signing.dumps({"t": now - 60, "id": uuid.uuid4().hex}, salt=TIMESTAMP_SALT)}


def test_the_rate_limit_is_per_client(client, make_answers, settings):
    settings.INTAKE_RATE_LIMIT_PER_HOUR = 1
    client.post(FORM_URL, make_answers(), REMOTE_ADDR="10.0.0.1")

    assert client.post(FORM_URL, make_answers(), REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.post(FORM_URL, make_answers(), REMOTE_ADDR="10.0.0.2").status_code == 302


def test_the_rate_limit_counts_one_ipv6_64_as_one_client(client, make_answers, settings):
    # One home or server holds a whole /64 and can send from any address in it.
    settings.INTAKE_RATE_LIMIT_PER_HOUR = 5
    statuses = [
        client.post(FORM_URL, make_answers(), REMOTE_ADDR=f"2001:db8:1:2::{n:x}").status_code
        for n in range(1, 16)
    ]

    assert statuses == [302] * 5 + [429] * 10
    assert ConsultationRequest.objects.count() == 5
    # The next /64 is someone else; IPv4 addresses still count one by one.
    assert client.post(FORM_URL, make_answers(), REMOTE_ADDR="2001:db8:1:3::1").status_code == 302
    settings.INTAKE_RATE_LIMIT_PER_HOUR = 1
    assert client.post(FORM_URL, make_answers(), REMOTE_ADDR="203.0.113.1").status_code == 302
    assert client.post(FORM_URL, make_answers(), REMOTE_ADDR="203.0.113.2").status_code == 302


def test_the_view_hides_the_posted_answers_from_error_reports(rf, make_answers):
    from intake.views import ConsultationRequestView

    request = rf.post(FORM_URL, make_answers())
    request.session = SessionStore()
    ConsultationRequestView.as_view()(request)
    assert request.sensitive_post_parameters == "__ALL__"


def test_the_hourly_limit_holds_after_six_minutes_on_the_database_cache(
    client, make_answers, settings, monkeypatch
):
    # The database cache re-stores a counter for 5 minutes on every cache.incr(); the limit must
    # not lapse with it.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
        }
    }
    from django.core.management import call_command

    call_command("createcachetable")
    settings.INTAKE_RATE_LIMIT_PER_HOUR = 5
    hour_start = 1_800_000_000  # a whole number of hours since the epoch
    clock = {"now": hour_start + 60}
    monkeypatch.setattr("intake.services.time.time", lambda: clock["now"])
    monkeypatch.setattr("intake.forms.time.time", lambda: clock["now"])  # the form's start time
    for _ in range(5):
        assert client.post(FORM_URL, make_answers(**fresh_form(clock["now"]))).status_code == 302

    clock["now"] = hour_start + 60 + 6 * 60
    assert client.post(FORM_URL, make_answers(**fresh_form(clock["now"]))).status_code == 429
    clock["now"] = hour_start + 59 * 60
    assert client.post(FORM_URL, make_answers(**fresh_form(clock["now"]))).status_code == 429
    assert ConsultationRequest.objects.count() == 5

    clock["now"] = hour_start + 3600 + 60  # the next hour
    assert client.post(FORM_URL, make_answers(**fresh_form(clock["now"]))).status_code == 302


def test_counters_hold_a_keyed_hash_of_the_address_never_the_address(client, make_answers):
    from intake.models import SubmissionCount
    from intake.services import client_key

    client.post(FORM_URL, make_answers(), REMOTE_ADDR="203.0.113.7")

    stored = SubmissionCount.objects.get().client_window
    assert "203.0.113.7" not in stored and "203-0-113-7" not in stored
    assert stored.startswith(client_key("203.0.113.7"))
    # Keyed: the same address under another secret key gives another hash.
    from django.test import override_settings

    with override_settings(SECRET_KEY="another-secret-key-" + "x" * 40):
        assert client_key("203.0.113.7") != stored.split(":")[0]


def test_the_retention_command_removes_counters_whose_hour_is_over(client, make_answers):
    from datetime import timedelta
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    from intake.models import SubmissionCount

    client.post(FORM_URL, make_answers(), REMOTE_ADDR="203.0.113.7")
    client.post(FORM_URL, make_answers(), REMOTE_ADDR="203.0.113.8")
    SubmissionCount.objects.filter(pk=SubmissionCount.objects.first().pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    out = StringIO()
    call_command("purge_closed_requests", stdout=out)
    assert "1 expired rate-limit counter(s)" in out.getvalue()
    assert SubmissionCount.objects.count() == 2  # a dry run deletes nothing

    call_command("purge_closed_requests", "--yes", stdout=StringIO())
    assert SubmissionCount.objects.count() == 1


def test_behind_the_proxy_each_visitor_has_their_own_limit_and_cannot_dodge_it(
    client, make_answers, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.INTAKE_RATE_LIMIT_PER_HOUR = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}

    assert client.post(FORM_URL, make_answers(), HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    # A made-up entry on the left does not make a new visitor: our proxy wrote the last one.
    dodge = client.post(
        FORM_URL, make_answers(), HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7", **proxy
    )
    assert dodge.status_code == 429
    other = client.post(FORM_URL, make_answers(), HTTP_X_FORWARDED_FOR="198.51.100.4", **proxy)
    assert other.status_code == 302


def test_a_warning_when_every_request_comes_from_one_untrusted_proxy(settings, caplog, rf):
    from django.http import HttpResponse

    from clinic_site.middleware import UntrustedProxyWarningMiddleware

    settings.TRUSTED_PROXY_COUNT = 0
    watcher = UntrustedProxyWarningMiddleware(lambda request: HttpResponse())
    with caplog.at_level("WARNING", logger="clinic_site.middleware"):
        for n in range(25):
            watcher(rf.get("/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}", REMOTE_ADDR="10.0.0.2"))
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1
    assert "DJANGO_TRUSTED_PROXY_COUNT is 0" in warnings[0]
    assert "198.51.100" not in warnings[0] and "10.0.0.2" not in warnings[0]

    # Direct visitors, or a proxy that is trusted: nothing to warn about.
    caplog.clear()
    direct = UntrustedProxyWarningMiddleware(lambda request: HttpResponse())
    for n in range(25):
        direct(rf.get("/", REMOTE_ADDR=f"198.51.100.{n}"))
    settings.TRUSTED_PROXY_COUNT = 1
    trusted = UntrustedProxyWarningMiddleware(lambda request: HttpResponse())
    for n in range(25):
        trusted(rf.get("/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}", REMOTE_ADDR="10.0.0.2"))
    assert caplog.records == []


class NeverRead:
    """A request body that records whether anything read it."""

    def __init__(self):
        self.read_bytes = 0

    def read(self, size=-1):
        self.read_bytes += 1 if size else 0
        return b"x" * (size if size and size > 0 else 1)

    def readline(self, size=-1):
        return self.read(size)


def test_a_50_mb_multipart_post_is_refused_before_anything_reads_it(client, site_pages):
    body = NeverRead()
    response = client.generic(
        "POST",
        FORM_URL,
        content_type="multipart/form-data; boundary=xyz",
        **{"wsgi.input": body, "CONTENT_LENGTH": str(50 * 1024 * 1024)},
    )

    assert response.status_code == 413
    assert body.read_bytes == 0
    html = response.content.decode()
    assert "Your request was not sent" in html
    assert 'href="tel:988"' in html and 'href="tel:911"' in html
    assert not ConsultationRequest.objects.exists()


def test_a_small_multipart_post_is_refused_too(client, make_answers):
    # The form has no file field; a multipart post is never the form's own.
    response = Client().post(FORM_URL, make_answers())  # Django's client sends multipart
    assert response.status_code == 413
    assert not ConsultationRequest.objects.exists()


def test_a_post_over_the_limit_is_refused_and_one_under_it_is_saved(client, make_answers, settings):
    from urllib.parse import urlencode

    settings.INTAKE_MAX_BODY_BYTES = 8 * 1024
    form = "application/x-www-form-urlencoded"
    big = urlencode(make_answers(heard_about="h" * 9000), doseq=True)
    assert client.post(FORM_URL, big, content_type=form).status_code == 413

    small = urlencode(make_answers(), doseq=True)
    assert client.post(FORM_URL, small, content_type=form).status_code == 302
    assert ConsultationRequest.objects.count() == 1

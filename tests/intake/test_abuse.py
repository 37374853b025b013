"""Bots and floods: the honeypot, the time to submit, the per-client limit."""

import re

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

from intake.models import ConsultationRequest
from tests.support.forms import started_seconds_ago

pytestmark = pytest.mark.django_db

FORM_URL = "/consultation/"


def test_a_filled_honeypot_is_kept_as_possible_spam_thanked_and_never_emailed(
    client, make_answers, mailoutbox, settings
):
    from intake.models import StaffNotice

    settings.INTAKE_NOTIFY_EMAILS = ["team@example.org"]
    response = client.post(FORM_URL, make_answers(website="http://spam.example"), follow=True)

    assert response.redirect_chain[-1][0] == "/consultation/thank-you/"
    # Thanked exactly as a person would be; a password manager may have filled the box.
    assert "We received your request" in response.content.decode()
    saved = ConsultationRequest.objects.get()
    assert saved.possible_spam and saved.spam_reason == "hidden_box"
    assert saved.full_name == "Zoë Ñúñez-O'Brien 山田"
    assert mailoutbox == [] and not StaffNotice.objects.exists()


def test_the_honeypot_is_hidden_from_people_and_keyboards(client):
    html = client.get(FORM_URL).content.decode()
    start = html.index('class="hp-field"')
    honeypot = html[start : html.index("</div>", html.index('name="website"'))]
    assert 'tabindex="-1"' in honeypot and 'autocomplete="off"' in honeypot


def test_a_form_sent_too_fast_is_kept_as_possible_spam(client, make_answers, settings):
    settings.INTAKE_MIN_SECONDS_TO_SUBMIT = 3
    response = client.post(FORM_URL, make_answers(started=started_seconds_ago(1)))

    assert response.status_code == 302
    saved = ConsultationRequest.objects.get()
    assert saved.possible_spam and saved.spam_reason == "too_fast"

    client.post(FORM_URL, make_answers(started=started_seconds_ago(4)))
    assert ConsultationRequest.objects.not_spam().count() == 1


def test_a_yes_to_self_harm_that_looks_automated_goes_to_the_queue_urgent_and_is_emailed(
    client, make_answers, settings, sign_in, intake_staff
):
    from django.test import Client

    from intake.models import StaffNotice

    settings.INTAKE_MIN_SECONDS_TO_SUBMIT = 3
    settings.INTAKE_NOTIFY_EMAILS = ["team@example.org"]
    answers = make_answers(started=started_seconds_ago(1), self_harm_thoughts="yes")
    response = client.post(FORM_URL, answers, follow=True)

    # The person still sees crisis help first.
    html = response.content.decode()
    assert html.index('href="tel:988"', html.index("<main")) < html.index("What happens next")
    # A person in danger may be behind it: never kept apart, whatever looked automated.
    saved = ConsultationRequest.objects.not_spam().get()
    assert saved.is_urgent and saved.spam_reason == "too_fast"
    assert StaffNotice.objects.get().is_urgent  # the staff email, sent once this commits
    staff = sign_in(Client(), intake_staff)
    assert f"Open the next request: #{saved.pk}, urgent" in staff.get("/admin/").content.decode()
    page = staff.get(f"/admin/intake/consultationrequest/{saved.pk}/change/").content.decode()
    assert "It looked automated" in page and "in the queue like any urgent request" in page


@pytest.mark.parametrize("token", ["", "not-a-token", started_seconds_ago(60) + "x"])
def test_a_missing_or_forged_timestamp_is_kept_as_possible_spam(client, make_answers, token):
    client.post(FORM_URL, make_answers(started=token))
    saved = ConsultationRequest.objects.get()
    assert saved.possible_spam and saved.spam_reason == "no_start_token"


def started_on(page):
    html = page.content.decode()
    start = html.index('name="started" value="') + len('name="started" value="')
    return html[start : html.index('"', start)]


def test_a_returned_form_corrected_and_sent_at_once_is_an_ordinary_request(
    client, make_answers, settings
):
    # A password manager filled the form in a second and it was sent with one mistake; the person
    # corrects that answer on the returned page and sends it straight away.
    settings.INTAKE_MIN_SECONDS_TO_SUBMIT = 3
    first = client.post(FORM_URL, make_answers(phone="abc", started=started_seconds_ago(1)))
    assert first.status_code == 303
    returned = client.get(first["Location"])

    response = client.post(FORM_URL, make_answers(started=started_on(returned)))

    assert response.status_code == 302
    saved = ConsultationRequest.objects.get()
    assert not saved.possible_spam and saved.spam_reason == ""


def test_a_form_returned_after_a_day_and_sent_again_at_once_is_an_ordinary_request(
    client, make_answers, settings
):
    settings.INTAKE_FORM_MAX_AGE_HOURS = 24
    page = client.post(FORM_URL, make_answers(started=started_seconds_ago(25 * 3600)))
    assert "Please press “Send my request” once more" in page.content.decode()

    client.post(FORM_URL, make_answers(started=started_on(page)))

    saved = ConsultationRequest.objects.get()
    assert not saved.possible_spam


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
    # In minutes, and as a time with its zone: a reader in New York must not take it for theirs.
    assert re.search(
        r"You can send them again in \d+\xa0(minutes?|hour) \(from \d+:\d\d [AP]M P[SD]T\)", notice
    )
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


def test_the_hourly_limit_holds_until_the_clock_hour_ends_then_resets(
    client, make_answers, settings, monkeypatch
):
    # Six minutes on and fifty-nine minutes on, still refused; a cache's 5-minute default
    # timeout must never be what ends the hour.
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

    first = client.post(FORM_URL, make_answers(), HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    assert (first.status_code, first["Location"]) == (302, "/consultation/thank-you/")
    # A made-up entry on the left does not make a new visitor: our proxy wrote the last one.
    dodge = client.post(
        FORM_URL, make_answers(), HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7", **proxy
    )
    assert dodge.status_code == 429
    other = client.post(FORM_URL, make_answers(), HTTP_X_FORWARDED_FOR="198.51.100.4", **proxy)
    assert other.status_code == 302
    assert ConsultationRequest.objects.count() == 2  # the first visitor's and the other's


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


# The empty form is rendered once and filled in per visit; nothing staff type may break that.

# The marker texts the cached page was once filled in at (by replacing their first occurrence).
OLD_MARKERS = ["csrf-token-placeholder-8c1f6e", "start-token-placeholder-3b9d2a"]


def staff_text_fields(model):
    """Every text field staff can edit on a content model, read from the model itself."""
    from django.db import models

    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and field.editable
        and not field.choices
        and not field.primary_key
    ]


def put_in_every_staff_field(markers):
    """Write the markers into every editable text field of every content row, as far as each
    field holds them (unique fields get the row's number after them)."""
    from django.apps import apps
    from django.db.models import SlugField
    from django.utils import timezone

    from content.page_cache import CONTENT_MODELS, drop_chrome_and_cached_pages
    from content.seeding import create_missing_pages

    create_missing_pages()
    filled = []
    for label in CONTENT_MODELS:
        model = apps.get_model(label)
        for row in model.objects.all():
            values = {}
            for field in staff_text_fields(model):
                room = field.max_length or 10_000
                # As the admin would accept them: a slug has no spaces.
                both = ("-" if isinstance(field, SlugField) else " ").join(markers)
                text = both if room >= len(both) + 8 else markers[-1]
                if field.unique:
                    text = f"{text}-{row.pk}"
                if len(text) <= room:
                    values[field.name] = text
                    filled.append(f"{label}.{field.name}")
            if label == "content.PracticePolicy":
                values["confirmed_on"] = timezone.localdate()  # shown only once confirmed
            model.objects.filter(pk=row.pk).update(**values)
    drop_chrome_and_cached_pages()
    return filled


def sent_like_a_person(page_html, client, make_answers, monkeypatch):
    """Send the form as shown on that page, with its own tokens, a minute after it was shown."""
    import re
    import time

    form = page_html[page_html.index('<form class="intake-form"') :]
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]*)"', form)[1]
    started = re.search(r'name="started" value="([^"]*)"', form)[1]
    later = time.time() + 60
    monkeypatch.setattr("intake.forms.time.time", lambda: later)
    return client.post(FORM_URL, make_answers(started=started, csrfmiddlewaretoken=csrf)), started


@pytest.mark.parametrize("markers", ["old", "this code's"])
def test_text_staff_type_anywhere_cannot_break_the_cached_form(make_answers, monkeypatch, markers):
    from content import page_cache
    from intake.forms import read_start_token
    from tests.support.forms import FormClient

    if markers == "old":
        chosen = OLD_MARKERS
    else:
        # Even the markers the page is split at now, were staff to type them.
        chosen = ["per-visit-marker-a", "per-visit-marker-b"]
        made = iter(chosen * 10)
        monkeypatch.setattr(page_cache, "new_marker", lambda: next(made))
    filled = put_in_every_staff_field(chosen)
    assert {"content.Page.nav_title", "content.PracticeDetails.name"} <= set(filled)

    for _ in range(2):  # the visit that renders the page, and one served from the copy
        client = FormClient(enforce_csrf_checks=True)
        page = client.get(FORM_URL)
        html = page.content.decode()
        assert chosen[-1] in html  # what staff typed is on the page
        response, started = sent_like_a_person(html, client, make_answers, monkeypatch)

        assert read_start_token(started) is not None
        assert response.status_code == 302, response.status_code
    # Saved as ordinary requests, in the queue: nothing looked automated.
    assert ConsultationRequest.objects.not_spam().count() == 2


# Forms sent with mistakes: each keeps its answers in the visitor's session, within limits.


def session_rows():
    from django.contrib.sessions.models import Session

    return Session.objects.count()


def test_forms_with_mistakes_past_the_hourly_allowance_come_back_whole_and_store_nothing(
    make_answers, settings
):
    from tests.support.forms import FormClient

    settings.INTAKE_INVALID_POSTS_PER_HOUR = 3
    with_mistake = make_answers(phone="abc", full_name="Fourth Ïnstance")
    for _ in range(3):
        # A client that drops its cookies: each post would start a session of its own.
        assert FormClient().post(FORM_URL, with_mistake).status_code == 303
    assert session_rows() == 3

    client = FormClient()
    response = client.post(FORM_URL, with_mistake)

    assert response.status_code == 429
    assert session_rows() == 3
    html = response.content.decode()
    for answer in ["Fourth Ïnstance", "Blue Shield de México", "Weekday mornings", 'value="abc"']:
        assert answer in html, answer
    assert 'href="#id_phone"' in html  # what to correct, as on any returned form
    notice = html.split('id="invalid-limit-notice"')[1].split("</p>")[0]
    assert "send the form from this page" in notice
    assert 'href="tel:988"' in notice and 'href="tel:911"' in notice
    assert "no-store" in response["Cache-Control"]

    # Corrected, it is sent like any request; another address still gets its own allowance.
    assert client.post(FORM_URL, make_answers(full_name="Fourth Ïnstance")).status_code == 302
    assert ConsultationRequest.objects.get().full_name == "Fourth Ïnstance"
    other = FormClient().post(FORM_URL, with_mistake, REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 303


def test_a_browser_keeps_one_session_holding_only_its_latest_form(client, make_answers):
    from django.contrib.sessions.models import Session

    for attempt in range(3):
        # Boxes the form does not have are not kept, however large.
        answers = make_answers(phone="abc", best_time=f"try {attempt}", padding="x" * 30_000)
        assert client.post(FORM_URL, answers).status_code == 303

    assert session_rows() == 1
    stored = Session.objects.get().session_data
    assert len(stored) < 10_000
    draft = Session.objects.get().get_decoded()["intake_draft"]["data"]
    assert draft["best_time"] == ["try 2"] and "padding" not in draft


def test_forms_with_mistakes_do_not_use_up_the_allowance_for_sending(
    client, make_answers, settings
):
    settings.INTAKE_RATE_LIMIT_PER_HOUR = 1
    for _ in range(4):
        client.post(FORM_URL, make_answers(phone="abc"))
    assert client.post(FORM_URL, make_answers()).status_code == 302

"""Bots and floods: the honeypot, the time to submit, the per-client limit."""

import pytest
from django.contrib.sessions.backends.db import SessionStore

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


def test_the_rate_limit_is_per_client(client, make_answers, settings):
    settings.INTAKE_RATE_LIMIT_PER_HOUR = 1
    client.post(FORM_URL, make_answers(), REMOTE_ADDR="10.0.0.1")

    assert client.post(FORM_URL, make_answers(), REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.post(FORM_URL, make_answers(), REMOTE_ADDR="10.0.0.2").status_code == 302


def test_the_view_hides_the_posted_answers_from_error_reports(rf, make_answers):
    from intake.views import ConsultationRequestView

    request = rf.post(FORM_URL, make_answers())
    request.session = SessionStore()
    ConsultationRequestView.as_view()(request)
    assert request.sensitive_post_parameters == "__ALL__"

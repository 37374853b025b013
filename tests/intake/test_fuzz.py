"""No input of any kind gives a 500: every field, with hostile and odd text."""

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake.forms import ConsultationRequestForm
from intake.models import ConsultationRequest
from intake.questions import TRIAL_KEYS
from tests.support.forms import REFERRAL_ANSWERS, started_seconds_ago
from tests.support.fuzz import examples

pytestmark = pytest.mark.django_db

FORM_URL = "/consultation/"
FIELDS = [*ConsultationRequestForm.base_fields]
# A referral's rows (the first, the last a referral takes, and one past it), their count, and
# the button that adds a row.
REFERRAL_FIELDS = [
    *FIELDS,
    *(f"antidepressant_trials-{row}-{key}" for row in (0, 11, 12) for key in TRIAL_KEYS),
    *(f"antidepressant_trials-{count}_FORMS" for count in ("TOTAL", "INITIAL", "MAX_NUM")),
    "add_medicine",
]

NASTY = st.sampled_from(
    [
        "\x00",
        "a\x00b",
        "\x01\x02\x1b[31m\x7f",
        "😀👩‍⚕️🏳️‍🌈",
        "مرحبا بالعالم",
        "\u202eevil\u202c",
        "שלום\u200f",
        "x" * 100_000,
        "🙂" * 25_000,
        "=cmd|' /C calc'!A0",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "\r\n\r\n",
        " ",
        "yes",
        "CA",
        "on",
        "not_sure",
    ]
)
# Any character a browser can send: UTF-8 has no lone surrogates, which the test client cannot
# encode either.
TEXT = st.one_of(
    NASTY, st.text(max_size=300), st.text(alphabet=st.characters(codec="utf-8"), max_size=50)
)
VALUE = st.one_of(TEXT, st.lists(TEXT, max_size=4))


@settings(
    max_examples=examples(150),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    field=st.sampled_from(FIELDS),
    value=VALUE,
    others=st.dictionaries(st.sampled_from(FIELDS), VALUE, max_size=3),
)
def test_any_input_in_any_field_is_answered_without_a_server_error(
    client, make_answers, django_settings_override, field, value, others
):
    data = make_answers(**{field: value, **others})
    response = client.post(FORM_URL, data)

    if len(urlencode(data, doseq=True)) > django_settings_override.INTAKE_MAX_BODY_BYTES:
        # Far more than any answer holds: refused whole, with a page that says so.
        assert response.status_code == 413
        assert b"Your request was not sent" in response.content
        return
    assert response.status_code in (302, 303), response.status_code
    if response.status_code == 303:
        # Refused: the page it leads to says why, next to a field.
        page = client.get(response["Location"])
        assert page.status_code == 200
        assert b'id="error-summary"' in page.content


@settings(
    max_examples=examples(150),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    field=st.sampled_from(REFERRAL_FIELDS),
    value=VALUE,
    others=st.dictionaries(st.sampled_from(REFERRAL_FIELDS), VALUE, max_size=3),
)
def test_any_input_in_any_box_of_a_referral_is_answered_without_a_server_error(
    client, django_settings_override, field, value, others
):
    data = {**REFERRAL_ANSWERS, "started": started_seconds_ago(60), field: value, **others}
    response = client.post(FORM_URL, data)

    if len(urlencode(data, doseq=True)) > django_settings_override.INTAKE_MAX_BODY_BYTES:
        assert response.status_code == 413
        return
    # Sent, back with a mistake marked, or back with one more row ("Add another medicine").
    assert response.status_code in (200, 302, 303), response.status_code
    if response.status_code == 303:
        page = client.get(response["Location"])
        assert page.status_code == 200
        assert b'id="error-summary"' in page.content
    elif response.status_code == 200:
        assert b'name="antidepressant_trials-0-medicine"' in response.content


def test_what_is_saved_equals_what_was_sent(client, make_answers):
    odd = "Ålfrún \u202eRTL\u202c 😀 — O'Brien"
    client.post(FORM_URL, make_answers(full_name=odd, best_time="  morning  ", message="a\r\nb"))

    saved = ConsultationRequest.objects.get()
    assert saved.full_name == odd
    # Django trims the surrounding spaces of a text field and nothing else.
    assert saved.best_time == "morning"
    assert saved.message in ("a\r\nb", "a\nb")


@pytest.fixture
def django_settings_override(settings):
    settings.INTAKE_RATE_LIMIT_PER_HOUR = 1_000_000
    settings.INTAKE_INVALID_POSTS_PER_HOUR = 1_000_000
    settings.INTAKE_MIN_SECONDS_TO_SUBMIT = 0
    return settings

"""The consultation form over HTTP: what a patient sees, sends and gets back."""

import re

import pytest
from django.urls import reverse

from intake.models import MESSAGE_MAX_LENGTH, ConsultationRequest
from tests.intake.conftest import PATIENT_ANSWERS

pytestmark = pytest.mark.django_db

FORM_URL = "/consultation/"
THANKS_URL = "/consultation/thank-you/"


def test_the_form_is_at_its_address_and_is_never_cached(client):
    response = client.get(FORM_URL)
    assert reverse("intake:request") == FORM_URL
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("field", "token"),
    [
        ("full_name", "name"),
        ("preferred_name", "nickname"),
        ("email", "email"),
        ("phone", "tel"),
        ("state", "address-level1"),
    ],
)
def test_personal_fields_tell_the_browser_what_to_fill_in(client, field, token):
    html = client.get(FORM_URL).content.decode()
    tag_start = html.index(f'name="{field}"')
    tag = html[html.rindex("<", 0, tag_start) : html.index(">", tag_start)]
    assert f'autocomplete="{token}"' in tag


def test_the_form_says_who_sees_answers_and_links_the_privacy_notice(client):
    html = client.get(FORM_URL).content.decode()
    assert "What happens to your answers" in html
    assert "advertisers" in html and "not emailed around" in html
    assert 'href="/privacy/"' in html
    assert "not watched around the clock" in html
    assert 'href="tel:988"' in html and 'href="tel:911"' in html


def test_radio_questions_offer_only_real_answers(client):
    html = client.get(FORM_URL).content.decode()
    assert "---------" not in html


def test_a_complete_request_is_saved_exactly_as_typed_then_redirects(client, make_answers):
    response = client.post(FORM_URL, make_answers())

    assert response.status_code == 302
    assert response["Location"] == reverse("intake:thanks")
    saved = ConsultationRequest.objects.get()
    for field in ["full_name", "preferred_name", "email", "phone", "best_time", "insurance"]:
        assert getattr(saved, field) == PATIENT_ANSWERS[field]
    assert saved.message == PATIENT_ANSWERS["message"]
    assert saved.help_wanted == ["trd", "anxiety"]
    assert saved.status == "new" and not saved.is_urgent
    assert saved.is_adult and saved.consent_to_contact and saved.privacy_acknowledged


def test_the_thank_you_page_says_what_happens_next_and_shows_no_personal_data(client, make_answers):
    response = client.post(FORM_URL, make_answers(), follow=True)
    saved = ConsultationRequest.objects.get()

    assert response.redirect_chain == [("/consultation/thank-you/", 302)]
    html = response.content.decode()
    assert "What happens next" in html
    assert f"<strong>{saved.pk}</strong>" in html
    assert "no-store" in response["Cache-Control"]
    assert "Please reach out for help now" not in html
    for value in ["Zoë", "zoe.nunez", "555-0142"]:
        assert value not in html


def main_of(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def set_practice(**details):
    from content.chrome import clear_site_chrome
    from content.models import PracticeDetails

    PracticeDetails.load()
    PracticeDetails.objects.filter(pk=1).update(**details)
    clear_site_chrome()


def test_the_thank_you_page_promises_a_reply_time_only_when_the_practice_gives_one(
    client, make_answers
):
    set_practice(response_time="", phone="")
    html = main_of(client.post(FORM_URL, make_answers(), follow=True))

    assert "A member of our team will contact you in the way you chose." in html
    assert "We aim to contact you" not in html
    assert "business day" not in html

    set_practice(response_time="within two working days")
    html = client.post(FORM_URL, make_answers(), follow=True).content.decode()

    assert "We aim to contact you within two working days, in the way you chose." in html


def test_the_request_number_is_offered_for_calling_only_when_there_is_a_number_to_call(
    client, make_answers
):
    set_practice(phone="")
    html = main_of(client.post(FORM_URL, make_answers(), follow=True))

    assert "Your request number is" in html
    assert "call us" not in html

    set_practice(phone="(650) 555-0100")
    html = client.post(FORM_URL, make_answers(), follow=True).content.decode()

    assert "it can help if you call us" in html
    assert 'href="tel:6505550100"' in html


def test_saying_yes_to_self_harm_leads_with_crisis_help_and_marks_urgent(client, make_answers):
    response = client.post(FORM_URL, make_answers(self_harm_thoughts="yes"), follow=True)

    assert ConsultationRequest.objects.get().is_urgent
    html = response.content.decode()
    main = html[html.index("<main") :]
    assert main.index("Please reach out for help now") < main.index("We received your request")
    assert 'href="tel:988"' in main and 'href="tel:911"' in main


def test_reloading_the_thank_you_page_later_no_longer_shows_the_answers(client, make_answers):
    client.post(FORM_URL, make_answers(self_harm_thoughts="yes"))
    saved = ConsultationRequest.objects.get()

    first = client.get(THANKS_URL).content.decode()
    later = client.get(THANKS_URL).content.decode()

    assert "thoughts of suicide" in first and f"<strong>{saved.pk}</strong>" in first
    assert "thoughts of suicide" not in later
    assert "Please reach out for help now" not in later
    assert f"<strong>{saved.pk}</strong>" not in later
    assert "We received your request" not in later
    assert "Thank you for contacting us." in later


def test_a_direct_visit_to_the_thank_you_page_claims_no_request_and_points_to_the_form(client):
    response = client.get(THANKS_URL)

    main = main_of(response)
    assert response.status_code == 200
    assert "received" not in main.lower() and "request number" not in main.lower()
    assert "Thank you for contacting us." in main
    assert 'href="/consultation/"' in main
    assert 'href="tel:988"' in main and 'href="tel:911"' in main


def test_prefer_not_to_say_is_not_marked_urgent(client, make_answers):
    client.post(FORM_URL, make_answers(self_harm_thoughts="prefer_not_to_say"))
    assert not ConsultationRequest.objects.get().is_urgent


def test_a_mistake_shows_a_focused_summary_linking_to_the_field_and_keeps_every_answer(
    client, make_answers
):
    response = client.post(FORM_URL, make_answers(email="not an email", contact_method="email"))

    assert response.status_code == 200
    assert not ConsultationRequest.objects.exists()
    html = response.content.decode()
    summary = html[
        html.index('id="error-summary"') : html.index("</ul>", html.index("error-summary"))
    ]
    assert "autofocus" in summary and 'tabindex="-1"' in summary
    assert 'href="#id_email"' in summary
    assert "Enter a valid email address." in html  # beside the field too
    assert 'value="not an email"' in html
    assert "Zoë Ñúñez-O&#x27;Brien 山田" in html
    assert "Blue Shield de México" in html
    assert "שלום" in html
    assert 'value="anxiety" id="id_help_wanted_3" checked' in html.replace("  ", " ")


def test_the_error_summary_lists_mistakes_in_the_order_of_the_questions_on_screen(client):
    response = client.post(FORM_URL, {"contact_method": "email", "sees_clinician": "yes"})

    html = response.content.decode()
    summary = html[
        html.index('id="error-summary"') : html.index("</ul>", html.index("error-summary"))
    ]
    linked = re.findall(r'href="#([\w-]+)"', summary)
    form = html[html.index('<form class="intake-form"') :]
    on_screen = sorted(linked, key=lambda field_id: form.index(f'id="{field_id}"'))
    assert len(linked) > 10
    assert {"id_state", "id_is_adult", "id_email"} <= set(linked)
    assert linked == on_screen


def test_the_chosen_contact_method_makes_its_detail_required(client, make_answers):
    response = client.post(FORM_URL, make_answers(contact_method="text", phone=""))

    assert 'href="#id_phone"' in response.content.decode()
    assert "Enter your phone number" in response.content.decode()
    assert not ConsultationRequest.objects.exists()

    client.post(FORM_URL, make_answers(contact_method="email", phone=""))
    assert ConsultationRequest.objects.get().phone == ""


@pytest.mark.parametrize(
    "phone",
    [
        "+1 (650) 555-0142",
        "650.555.0100",
        "6505550100",
        "+44 20 7946 0958",
        "+49 (0)30 1234567",
        "650-555-0100 x12",
        "(650) 555-0100 ext. 204",
    ],
)
def test_phone_numbers_in_any_usual_format_are_kept_as_typed(client, make_answers, phone):
    response = client.post(FORM_URL, make_answers(phone=phone))

    assert response.status_code == 302
    assert ConsultationRequest.objects.get().phone == phone


@pytest.mark.parametrize("phone", ["abc", "555-01", "call me after 5"])
def test_something_that_is_not_a_phone_number_is_refused_beside_the_field(
    client, make_answers, phone
):
    response = client.post(FORM_URL, make_answers(phone=phone))

    html = response.content.decode()
    message = "Enter a phone number with at least 7 digits, for example (650) 555-0100."
    beside_field = html[html.index('id="id_phone_error"') :]
    assert message in beside_field[: beside_field.index("</div>")]
    assert 'href="#id_phone"' in html
    assert f'value="{phone}"' in html
    assert not ConsultationRequest.objects.exists()


def test_a_person_who_sees_a_clinician_says_whether_we_may_contact_them(client, make_answers):
    response = client.post(FORM_URL, make_answers(may_contact_clinician=None))
    assert 'href="#id_may_contact_clinician_0"' in response.content.decode()

    client.post(FORM_URL, make_answers(sees_clinician="no", may_contact_clinician=None))
    assert ConsultationRequest.objects.get().may_contact_clinician == ""


def test_every_required_question_and_confirmation_is_checked(client):
    response = client.post(FORM_URL, {})
    html = response.content.decode()

    for message in [
        "Enter your full name.",
        "Confirm that you are 18 or older.",
        "Tick the box to agree that we may contact you.",
        "Tick the box to confirm you have read the privacy notice.",
        "Choose an answer about thoughts of suicide or self-harm.",
    ]:
        assert message in html
    assert not ConsultationRequest.objects.exists()


def test_an_overlong_message_is_refused_with_a_message_and_kept(client, make_answers):
    long_message = "word " * 1020
    response = client.post(FORM_URL, make_answers(message=long_message))

    html = response.content.decode()
    message = (
        "Please shorten this to 2,000 characters or fewer. It has 5,099 now. "
        "Everything you typed is still here."
    )
    assert html.count(message) == 2  # beside the box and in the summary
    assert 'href="#id_message"' in html
    assert long_message.strip() in html
    assert not ConsultationRequest.objects.exists()


def test_an_overlong_name_is_refused_in_the_same_words(client, make_answers):
    long_name = "Zoë " + "Ñúñez-" * 30
    response = client.post(FORM_URL, make_answers(full_name=long_name))

    html = response.content.decode()
    assert "Please shorten this to 150 characters or fewer. It has 184 now." in html
    assert "Ensure this value" not in html
    assert 'href="#id_full_name"' in html
    assert f'value="{long_name.strip()}"' in html
    assert not ConsultationRequest.objects.exists()


def test_the_message_box_tells_the_page_its_limit(client):
    html = client.get(FORM_URL).content.decode()
    tag = html[html.index("<textarea") : html.index(">", html.index("<textarea"))]

    assert 'name="message"' in tag
    assert f'data-max-length="{MESSAGE_MAX_LENGTH}"' in tag
    assert "maxlength" not in tag  # a long paste is not cut off without a word


def test_a_nul_character_is_a_field_error_not_a_crash(client, make_answers):
    response = client.post(FORM_URL, make_answers(full_name="Al\x00ex"))

    assert response.status_code == 200
    assert 'href="#id_full_name"' in response.content.decode()


def test_every_text_field_has_a_maximum_length(client):
    from intake.forms import ConsultationRequestForm

    form = ConsultationRequestForm()
    for name, field in form.fields.items():
        if name in ("website", "started") or not hasattr(field, "max_length"):
            continue
        assert field.max_length, name


def test_the_form_post_is_protected_by_csrf(make_answers):
    from tests.intake.conftest import FormClient as Client

    response = Client(enforce_csrf_checks=True).post(FORM_URL, make_answers())

    assert response.status_code == 403
    assert not ConsultationRequest.objects.exists()


def test_the_form_is_linked_from_every_page(client, site_pages):
    for page in site_pages:
        assert 'href="/consultation/"' in client.get(page.get_absolute_url()).content.decode()


def test_a_double_post_of_one_form_leaves_one_row_and_the_same_thank_you(
    client, make_answers, settings, django_capture_on_commit_callbacks
):
    settings.INTAKE_NOTIFY_EMAILS = ["team@example.org"]
    answers = make_answers(self_harm_thoughts="yes")  # one rendered form: one submission id

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(FORM_URL, answers, follow=True)
        second = client.post(FORM_URL, answers, follow=True)

    saved = ConsultationRequest.objects.get()
    for response in (first, second):
        html = main_of(response)
        assert f"<strong>{saved.pk}</strong>" in html
        assert "Please reach out for help now" in html
    from django.core import mail

    assert len(mail.outbox) == 1  # staff are told once


def test_a_failure_after_the_commit_still_ends_in_a_thank_you_for_the_saved_request(
    client, make_answers, monkeypatch
):
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import DatabaseError

    def broken_save(self, must_create=False):
        raise DatabaseError("the session table is unavailable")

    monkeypatch.setattr(SessionStore, "save", broken_save)
    answers = make_answers()
    response = client.post(FORM_URL, answers, follow=True)

    saved = ConsultationRequest.objects.get()
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(THANKS_URL + "?sent=")
    html = main_of(response)
    assert "We received your request" in html and f"<strong>{saved.pk}</strong>" in html
    # Nothing the person wrote is in the link.
    assert "Zo" not in response.redirect_chain[-1][0]

    # Sending the same form again, sessions still failing, finds the same request.
    again = client.post(FORM_URL, answers, follow=True)
    assert f"<strong>{saved.pk}</strong>" in main_of(again)
    assert ConsultationRequest.objects.count() == 1


def test_a_thank_you_link_is_good_only_briefly_and_only_signed(client, make_answers, monkeypatch):
    from django.core import signing

    from intake.views import THANKS_SALT

    saved = ConsultationRequest.objects.create(
        **{k: v for k, v in make_answers().items() if k in ("full_name", "state")},
        contact_method="email",
    )
    made_up = client.get(THANKS_URL, {"sent": signing.dumps(saved.pk, salt="other")})
    assert "We received your request" not in main_of(made_up)
    real_time = signing.time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() - 3600)
    stale = signing.dumps(saved.pk, salt=THANKS_SALT)
    monkeypatch.undo()
    assert "We received your request" not in main_of(client.get(THANKS_URL, {"sent": stale}))


def test_a_form_open_more_than_a_day_comes_back_with_every_answer_to_send_again(
    client, make_answers
):
    from tests.intake.conftest import started_seconds_ago

    response = client.post(FORM_URL, make_answers(started=started_seconds_ago(25 * 3600)))

    assert response.status_code == 200
    assert not ConsultationRequest.objects.exists()
    html = response.content.decode()
    assert "opened more than a day ago" in html
    assert "Blue Shield de México" in html and "שלום" in html
    token = html.split('name="started" value="')[1].split('"')[0]
    from intake.forms import seconds_since_started

    assert seconds_since_started(token) < 5  # a fresh token

    answers = make_answers(started=started_seconds_ago(10))  # sent again from that page
    assert client.post(FORM_URL, answers).status_code == 302
    assert ConsultationRequest.objects.count() == 1

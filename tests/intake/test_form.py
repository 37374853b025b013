"""The consultation form over HTTP: what a patient sees, sends and gets back."""

import re
from urllib.parse import unquote_plus

import hypothesis
import pytest
from django.urls import reverse
from hypothesis import strategies as st

from intake import questions
from intake.models import MESSAGE_MAX_LENGTH, ConsultationRequest
from intake.questions import Required
from tests.support.forms import PATIENT_ANSWERS, FormClient
from tests.support.fuzz import examples

pytestmark = pytest.mark.django_db

FORM_URL = "/consultation/"
THANKS_URL = "/consultation/thank-you/"
# What the form says about whom staff call first, and which states, until a clinician confirms it.
CALL_FIRST_NEUTRAL = "Please do not wait for us: call or text 988, or call 911."
STATES_NEUTRAL = "Our team will tell you whether we can see people who live in the state you chose."


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
    assert "This form is not for emergencies." in html
    assert 'href="tel:988"' in html and 'href="tel:911"' in html


def test_the_antidepressants_question_links_the_printable_worksheet(client):
    html = client.get(FORM_URL).content.decode()
    question = html[html.index('id="div_id_antidepressants_tried"') :]
    question = question[: question.index("</fieldset>")]
    assert 'href="/medicine-history-worksheet/"' in question


def test_radio_questions_offer_only_real_answers(client):
    html = client.get(FORM_URL).content.decode()
    assert "---------" not in html


def test_a_complete_request_is_saved_exactly_as_typed_then_redirects(client, make_answers):
    response = client.post(FORM_URL, make_answers())

    assert response.status_code == 302
    assert response["Location"] == reverse("intake:thanks")
    saved = ConsultationRequest.objects.get()
    for field in ["full_name", "preferred_name", "email", "phone", "best_time", "insurance_plan"]:
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
    assert f"<strong>#{saved.pk}</strong>" in html
    assert "no-store" in response["Cache-Control"]
    assert "Please reach out for help now" not in html
    for value in ["Zoë", "zoe.nunez", "555-0142"]:
        assert value not in html


def returned(client, data):
    """Post a form with mistakes: it is kept and shown again by a redirect (post/redirect/get)."""
    response = client.post(FORM_URL, data)
    assert response.status_code == 303, response.status_code
    assert response["Location"].startswith(FORM_URL + "?answers=")
    page = client.get(response["Location"])
    assert page.status_code == 200
    return page


def main_of(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def set_practice(**details):
    from content.models import PracticeDetails
    from content.page_cache import drop_chrome_and_cached_pages

    PracticeDetails.load()
    PracticeDetails.objects.filter(pk=1).update(**details)
    drop_chrome_and_cached_pages()


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


def test_saying_yes_to_self_harm_leads_with_the_request_sent_then_help_and_marks_urgent(
    client, make_answers
):
    response = client.post(FORM_URL, make_answers(self_harm_thoughts="yes"), follow=True)

    saved = ConsultationRequest.objects.get()
    assert saved.is_urgent
    main = main_of(response)
    sent = f"<h1>Your request was sent (#{saved.pk})</h1>"
    assert main.index(sent) < main.index("Please reach out for help now")
    assert 'href="tel:988"' in main and 'href="tel:911"' in main
    # Sent already: nothing may read as if it still has to be.
    assert "send this form" not in main


def test_reloading_the_thank_you_page_later_no_longer_shows_the_answers(client, make_answers):
    client.post(FORM_URL, make_answers(self_harm_thoughts="yes"))
    saved = ConsultationRequest.objects.get()

    first = client.get(THANKS_URL).content.decode()
    later = client.get(THANKS_URL).content.decode()

    assert "thoughts of suicide" in first and f"<strong>#{saved.pk}</strong>" in first
    assert "thoughts of suicide" not in later
    assert "Please reach out for help now" not in later
    assert f"<strong>#{saved.pk}</strong>" not in later
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
    response = returned(client, make_answers(email="not an email", contact_method="email"))

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
    assert re.search(r'value="anxiety"[^>]*id="id_help_wanted_3"[^>]*checked', html)


def test_the_error_summary_lists_mistakes_in_the_order_of_the_questions_on_screen(client):
    response = returned(client, {"contact_method": "email", "sees_clinician": "yes"})

    html = response.content.decode()
    summary = html[
        html.index('id="error-summary"') : html.index("</ul>", html.index("error-summary"))
    ]
    linked = re.findall(r'href="#([\w-]+)"', summary)
    form = html[html.index('<form class="intake-form"') :]
    on_screen = sorted(linked, key=lambda field_id: form.index(f'id="{field_id}"'))
    assert {"id_full_name", "id_state", "id_is_adult", "id_email"} <= set(linked)
    assert {"id_self_harm_thoughts_0", "id_consent_to_contact"} <= set(linked)
    assert linked == on_screen


def test_the_chosen_contact_method_makes_its_detail_required(client, make_answers):
    response = returned(client, make_answers(contact_method="text", phone=""))

    assert 'href="#id_phone"' in response.content.decode()
    assert "Enter a phone number" in response.content.decode()
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
    response = returned(client, make_answers(phone=phone))

    html = response.content.decode()
    message = "Enter a phone number with at least 7 digits, for example (650) 555-0100."
    beside_field = html[html.index('id="id_phone_error"') :]
    assert message in beside_field[: beside_field.index("</div>")]
    assert 'href="#id_phone"' in html
    assert f'value="{phone}"' in html
    assert not ConsultationRequest.objects.exists()


def test_whether_we_may_contact_a_clinician_is_kept_only_for_someone_who_sees_one(
    client, make_answers
):
    client.post(FORM_URL, make_answers(sees_clinician="yes", may_contact_clinician="yes"))
    client.post(FORM_URL, make_answers(sees_clinician="yes", may_contact_clinician=None))
    # Hidden from someone who sees none: an answer sent anyway (JavaScript off) is ignored.
    client.post(FORM_URL, make_answers(sees_clinician="no", may_contact_clinician="yes"))

    saved = ConsultationRequest.objects.order_by("pk")
    assert [r.may_contact_clinician for r in saved] == ["yes", "", ""]


def test_every_required_question_and_confirmation_is_checked(client):
    response = returned(client, {})
    html = response.content.decode()

    for message in [
        "Enter your full name.",
        "Confirm that you are 18 or older.",
        "Choose the state where you live.",
        "Tick the box to agree that we may contact you about this request.",
        "Choose an answer about thoughts of suicide or self-harm.",
    ]:
        assert message in html
    assert "the person" not in html.split('id="error-summary"')[1].split("</div>")[0]
    assert not ConsultationRequest.objects.exists()

    # Someone filling it in for another person reads the messages about "them".
    helper = returned(client, {"submitted_by": "someone_else"}).content.decode()
    assert "Enter the full name of the person this request is for." in helper
    assert "Confirm that the person is 18 or older." in helper
    assert "Choose the state where they live." in helper


def test_an_overlong_message_is_refused_with_a_message_and_kept(client, make_answers):
    long_message = "word " * 1020
    response = returned(client, make_answers(message=long_message))

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
    response = returned(client, make_answers(full_name=long_name))

    html = response.content.decode()
    assert "Please shorten this to 150 characters or fewer. It has 184 now." in html
    assert "Ensure this value" not in html
    assert 'href="#id_full_name"' in html
    assert f'value="{long_name.strip()}"' in html
    assert not ConsultationRequest.objects.exists()


def test_the_message_box_tells_the_page_its_limit(client):
    html = client.get(FORM_URL).content.decode()
    start = html.index('<textarea name="message"')
    tag = html[start : html.index(">", start)]

    assert 'name="message"' in tag
    assert f'data-max-length="{MESSAGE_MAX_LENGTH}"' in tag
    assert "maxlength" not in tag  # a long paste is not cut off without a word


def test_a_nul_character_is_a_field_error_not_a_crash(client, make_answers):
    response = returned(client, make_answers(full_name="Al\x00ex"))

    assert 'href="#id_full_name"' in response.content.decode()


def test_every_text_field_has_a_maximum_length(client):
    from intake.forms import ConsultationRequestForm

    form = ConsultationRequestForm()
    for name, field in form.fields.items():
        if name in ("website", "started") or not hasattr(field, "max_length"):
            continue
        assert field.max_length, name


def test_the_form_post_is_protected_by_csrf(make_answers):
    from tests.support.forms import FormClient as Client

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
        assert f"<strong>#{saved.pk}</strong>" in html
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
    assert "We received your request" in html and f"<strong>#{saved.pk}</strong>" in html
    # Nothing the person wrote is in the link.
    address = unquote_plus(response.redirect_chain[-1][0])
    for value in answers.values():
        if isinstance(value, str) and len(value) > 5:
            assert value not in address

    # Sending the same form again, sessions still failing, finds the same request.
    again = client.post(FORM_URL, answers, follow=True)
    assert f"<strong>#{saved.pk}</strong>" in main_of(again)
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
    from tests.support.forms import started_seconds_ago

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


# Only what a call-back needs is required.
CALL_BACK_ONLY = {
    "full_name": "Sam Okafor",
    "contact_method": "text",
    "phone": "650 555 0199",
    "ok_to_leave_message": "no",
    "state": "NY",
    "is_adult": "on",
    "self_harm_thoughts": "no",
    "consent_to_contact": "on",
}


def test_a_request_with_only_what_a_call_back_needs_is_saved(client, make_answers):
    answers = make_answers(**{name: CALL_BACK_ONLY.get(name) for name in PATIENT_ANSWERS})
    response = client.post(FORM_URL, answers)

    assert response.status_code == 302
    saved = ConsultationRequest.objects.get()
    assert saved.full_name == "Sam Okafor" and saved.phone == "650 555 0199"
    assert saved.consent_to_contact and saved.privacy_acknowledged  # one box says both
    for skipped in ["best_time", "antidepressants_tried", "treatment_interest", "sees_clinician"]:
        assert getattr(saved, skipped) == "", skipped
    assert saved.help_wanted == [] and saved.submitted_by == "self"


def test_each_required_answer_left_out_is_named_and_nothing_else(client):
    html = returned(client, {}).content.decode()
    summary = html[
        html.index('id="error-summary"') : html.index("</ul>", html.index("error-summary"))
    ]

    linked = re.findall(r'href="#([\w-]+)"', summary)
    assert linked == [
        "id_full_name",
        "id_state",
        "id_is_adult",
        "id_contact_method_0",
        "id_ok_to_leave_message_0",
        "id_self_harm_thoughts_0",
        "id_consent_to_contact",
    ]
    assert "Please check 7 answers" in html


def test_every_optional_question_says_so(client):
    from intake.forms import ConsultationRequestForm

    form = ConsultationRequestForm()
    for name, field in form.fields.items():
        if name in ("website", "started", "submitted_by"):
            continue
        if name in ("email", "phone", "helper_email", "helper_phone") or (
            questions.BY_NAME.get(name) and questions.BY_NAME[name].required is Required.WHEN_SHOWN
        ):
            continue  # required only for some answers, which their hints say
        assert field.required == ("(optional)" not in str(field.label)), name


def test_the_safety_question_comes_before_the_optional_questions(client):
    html = client.get(FORM_URL).content.decode()
    form = html[html.index('<form class="intake-form"') :]

    safety = form.index('name="self_harm_thoughts"')
    for optional in ["help_wanted", "antidepressants_tried", "how_paying", "message"]:
        assert safety < form.index(f'name="{optional}"'), optional
    assert form.index('name="phone"') < safety


def test_the_page_says_how_long_it_takes_and_shows_the_privacy_summary_inside_the_form(client):
    html = client.get(FORM_URL).content.decode()
    form = html[html.index('<form class="intake-form"') : html.index("</form>")]

    assert "It takes about 5 minutes." in main_of(client.get(FORM_URL))
    assert "What happens to your answers" in form
    assert form.index("What happens to your answers") < form.index('name="consent_to_contact"')


def test_conditions_with_little_evidence_stay_selectable_with_a_note(client):
    html = client.get(FORM_URL).content.decode()
    assert 'value="palliative"' in html
    assert "we will talk with you about whether ketamine is right for this" in html


def test_a_returned_form_where_yes_was_chosen_leads_with_help_above_the_error_summary(
    client, make_answers
):
    html = main_of(returned(client, make_answers(self_harm_thoughts="yes", full_name="")))

    panel = html.index('id="crisis-now"')
    assert panel < html.index('id="error-summary"')
    crisis = html[panel : html.index("</section>", panel)]
    assert 'href="tel:988"' in crisis and 'href="sms:988"' in crisis
    assert 'href="tel:911"' in crisis and "988lifeline.org" in crisis
    assert "You can still send this form" in crisis

    # Not for other answers.
    other = main_of(returned(client, make_answers(self_harm_thoughts="no", full_name="")))
    assert 'id="crisis-now"' not in other


def test_prefer_not_to_say_is_marked_ask_gently_for_staff_not_urgent(client, make_answers):
    client.post(FORM_URL, make_answers(self_harm_thoughts="prefer_not_to_say"))
    saved = ConsultationRequest.objects.get()
    assert saved.asked_gently and not saved.is_urgent


def test_the_page_holds_the_yes_panel_and_the_gentler_line_for_the_script(client):
    html = client.get(FORM_URL).content.decode()
    question = html.index('name="self_harm_thoughts"')
    region = html.index('id="safety-response"')
    assert question < region < html.index('name="help_wanted"')
    assert 'aria-live="polite"' in html[region - 80 : region + 80]
    yes = html[html.index('<template id="safety-yes">') : html.index("</template>", region)]
    assert 'href="tel:988"' in yes and 'href="tel:911"' in yes and "988lifeline.org" in yes
    assert "You can still send this form" in yes
    assert "ask gently" in html[html.index('<template id="safety-prefer-not">') :]


HELPER = {
    "submitted_by": "someone_else",
    "helper_name": "Jordan Okafor",
    "helper_relationship": "Brother",
    "helper_email": "jordan@example.org",
    "helper_phone": "",
    "person_agrees_to_contact": "yes",
}


def test_someone_helping_is_recorded_with_how_to_reach_them(client, make_answers):
    response = client.post(FORM_URL, make_answers(**HELPER))

    assert response.status_code == 302
    saved = ConsultationRequest.objects.get()
    assert saved.submitted_by == "someone_else"
    assert saved.helper_name == "Jordan Okafor" and saved.helper_relationship == "Brother"
    assert saved.helper_email == "jordan@example.org"
    assert saved.person_agrees_to_contact == "yes"
    assert saved.full_name == PATIENT_ANSWERS["full_name"]  # the person the request is for


def test_a_helper_must_give_a_name_a_way_to_reach_them_and_whether_the_person_agrees(
    client, make_answers
):
    answers = make_answers(
        **{**HELPER, "helper_name": "", "helper_email": "", "person_agrees_to_contact": None}
    )
    html = returned(client, answers).content.decode()

    assert 'href="#id_helper_name"' in html
    assert 'href="#id_helper_email"' in html
    assert 'href="#id_person_agrees_to_contact_0"' in html
    assert not ConsultationRequest.objects.exists()
    # The questions now speak about "them", and the helper's saved details stay out of them.
    assert "Their full name" in html and "US state where they live" in html
    name_box = html[
        html.index('name="full_name"') : html.index(">", html.index('name="full_name"'))
    ]
    assert 'autocomplete="off"' in name_box


def test_a_helper_who_says_yes_is_told_how_to_help_the_person_not_spoken_to_as_at_risk(
    client, make_answers
):
    returned_form = main_of(
        returned(client, make_answers(**HELPER, self_harm_thoughts="yes", full_name=""))
    )
    crisis = returned_form[returned_form.index('id="crisis-now"') :]
    crisis = crisis[: crisis.index("</section>")]
    assert "the person you are helping has thoughts of suicide" in crisis
    assert "stay with them" in crisis and 'href="tel:911"' in crisis
    assert "harming yourself" not in crisis and "If you are in danger" not in crisis

    client.post(FORM_URL, make_answers(**HELPER, self_harm_thoughts="yes"))
    thanks = main_of(client.get("/consultation/thank-you/"))
    assert "the person you are helping has thoughts of suicide" in thanks
    assert "stay with them" in thanks and CALL_FIRST_NEUTRAL in thanks
    assert "harming yourself" not in thanks and "how you are feeling" not in thanks

    # The page holds both panels; the script shows the one for whoever is filling it in.
    page = client.get(FORM_URL).content.decode()
    them = page[page.index('<template id="safety-yes-them">') :]
    assert "stay with them" in them[: them.index("</template>")]


def test_helper_answers_are_ignored_when_the_request_is_for_oneself(client, make_answers):
    client.post(FORM_URL, make_answers(**{**HELPER, "submitted_by": "self"}))
    saved = ConsultationRequest.objects.get()
    assert saved.submitted_by == "self"
    assert (saved.helper_name, saved.helper_email, saved.person_agrees_to_contact) == ("", "", "")


def test_the_helper_questions_are_one_conditional_section_and_each_label_has_both_wordings(
    client,
):
    html = client.get(FORM_URL).content.decode()
    assert 'id="conditional-helper"' in html
    # The answer that shows the section names it in the page itself (the stylesheet's cue).
    inputs = re.findall(r"<input[^>]*>", html)
    trigger = next(tag for tag in inputs if 'value="someone_else"' in tag)
    assert 'aria-controls="conditional-helper"' in trigger
    controls = [tag for tag in inputs if "aria-controls" in tag]
    # "For someone else", "I am a clinician referring a patient", "Yes" to seeing a clinician,
    # and health insurance and self-pay.
    assert len(controls) == 5
    assert (
        '<span class="says-you">Full name</span><span class="says-them">Their full name</span>'
        in html
    )


def test_coming_back_to_a_returned_form_shows_every_answer_without_sending_again(
    client, make_answers
):
    first = client.post(FORM_URL, make_answers(full_name="", message="Mon message ✍️"))
    address = first["Location"]

    client.get("/privacy/")  # any link away from the page
    back = client.get(address)  # the browser's Back: a GET, never the post again

    html = back.content.decode()
    assert back.status_code == 200
    assert "Mon message ✍️" in html and "Blue Shield de México" in html
    assert 'href="#id_full_name"' in html
    assert not ConsultationRequest.objects.exists()
    # The form itself, opened afresh, is empty; and once sent, the kept answers are gone.
    assert "Blue Shield de México" not in client.get(FORM_URL).content.decode()
    client.post(FORM_URL, make_answers())
    assert "Blue Shield de México" not in client.get(address).content.decode()


def test_kept_answers_are_shown_only_with_their_own_key(client, make_answers):
    client.post(FORM_URL, make_answers(full_name=""))
    for made_up in ["made-up", "é😀", ""]:
        other = client.get(FORM_URL, {"answers": made_up})
        assert other.status_code == 200
        assert "Blue Shield de México" not in other.content.decode()
    assert "Blue Shield de México" not in FormClient().get(FORM_URL).content.decode()


def test_the_empty_form_is_rendered_once_per_content_version_with_fresh_tokens_each_visit(
    client, monkeypatch
):
    from django.conf import settings

    from content.page_cache import drop_chrome_and_cached_pages
    from intake import views
    from intake.forms import read_start_token

    renders = []
    real_render = views.ConsultationRequestView.render_to_response
    monkeypatch.setattr(
        views.ConsultationRequestView,
        "render_to_response",
        lambda self, *a, **k: renders.append(1) or real_render(self, *a, **k),
    )
    pages = [FormClient().get(FORM_URL) for _ in range(3)]

    assert len(renders) == 1
    starts = [p.content.decode().split('name="started" value="')[1].split('"')[0] for p in pages]
    ids = {read_start_token(start)[1] for start in starts}
    assert len(ids) == 3  # a one-time id for each visit
    tokens = {p.content.decode().split('name="csrfmiddlewaretoken" value="')[1][:20] for p in pages}
    assert len(tokens) == 3 and all(p.cookies[settings.CSRF_COOKIE_NAME].value for p in pages)
    assert "placeholder" not in pages[0].content.decode()

    drop_chrome_and_cached_pages()  # staff saved a page or the practice details
    FormClient().get(FORM_URL)
    assert len(renders) == 2


def test_phones_get_a_tap_to_call_link_in_the_header_once_staff_enter_a_number(client, site_pages):
    set_practice(phone="")
    header = client.get(FORM_URL).content.decode().split("</header>")[0]
    assert 'class="header-call"' not in header

    set_practice(phone="(650) 555-0100")
    for address in [FORM_URL, "/", "/faq/"]:
        html = client.get(address).content.decode()
        header = html[html.index('<header class="site-header"') : html.index("</header>")]
        assert '<a class="header-call" href="tel:6505550100">Call us: (650) 555-0100</a>' in header


def test_search_engines_may_index_the_form_but_not_the_thank_you_page(client):
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /consultation/" not in robots
    assert "noindex" not in client.get(FORM_URL).content.decode()
    assert '<meta name="robots" content="noindex">' in client.get(THANKS_URL).content.decode()


def test_each_question_shows_its_hint_under_the_label_and_its_error_above_the_answer(
    client, make_answers
):
    html = returned(client, make_answers(phone="abc")).content.decode()
    question = html[html.index('id="div_id_phone"') :]
    label = question.index('<label for="id_phone"')
    hint = question.index('id="id_phone_helptext"')
    error = question.index('id="id_phone_error"')
    box = question.index('name="phone"')
    assert label < hint < error < box
    tag = question[question.rindex("<input", 0, box) : question.index(">", box)]
    assert 'aria-describedby="id_phone_helptext id_phone_error"' in tag
    assert 'aria-invalid="true"' in tag

    html = returned(client, make_answers(self_harm_thoughts=None)).content.decode()
    question = html[html.index('id="div_id_self_harm_thoughts"') :]
    fieldset = question[: question.index(">", question.index("<fieldset"))]
    assert (
        "id_self_harm_thoughts_helptext" in fieldset and "id_self_harm_thoughts_error" in fieldset
    )
    assert question.index("<legend") < question.index('id="id_self_harm_thoughts_error"')
    assert question.index('id="id_self_harm_thoughts_error"') < question.index('value="yes"')


def confirm_policy(key, statement):
    from datetime import date

    from content.models import PracticePolicy

    policy, _ = PracticePolicy.objects.get_or_create(key=key)
    policy.statement = statement
    policy.confirmed_by_name = "Alex Example"
    policy.confirmed_on = date(2026, 12, 1)
    policy.save()


def hint(page, field):
    start = page.index(f'id="id_{field}_helptext"')
    return page[start : page.index("</div>", start)]


def test_the_form_promises_no_call_order_or_states_served_until_a_clinician_confirms_them(
    client,
):
    page = client.get(FORM_URL).content.decode()
    assert CALL_FIRST_NEUTRAL in hint(page, "self_harm_thoughts")
    assert STATES_NEUTRAL in hint(page, "state")
    for promise in ["call first", "reach you first", "reach out first", "in some states"]:
        assert promise not in page, promise
    # The help shown under the question when someone answers yes, for them and for a helper.
    for panel in ['<template id="safety-yes">', '<template id="safety-yes-them">']:
        shown = page[page.index(panel) :]
        assert CALL_FIRST_NEUTRAL in shown[: shown.index("</template>")], panel

    confirm_policy("call-first", "Requests that answer yes are read first, every working day.")
    confirm_policy("states-served", "We can see people who live in California or Oregon.")
    page = client.get(FORM_URL).content.decode()
    assert "Requests that answer yes are read first" in hint(page, "self_harm_thoughts")
    assert "We can see people who live in California or Oregon." in hint(page, "state")
    assert CALL_FIRST_NEUTRAL not in page and STATES_NEUTRAL not in page


def test_the_urgent_thank_you_page_says_whom_we_call_first_only_once_confirmed(
    client, make_answers
):
    client.post(FORM_URL, make_answers(self_harm_thoughts="yes"))
    steps = main_of(client.get(THANKS_URL))
    steps = steps[steps.index("What happens next") :]
    assert CALL_FIRST_NEUTRAL in steps and "reach you first" not in steps

    confirm_policy("call-first", "Requests that answer yes are read first, every working day.")
    client.post(FORM_URL, make_answers(self_harm_thoughts="yes"))
    steps = main_of(client.get(THANKS_URL))
    steps = steps[steps.index("What happens next") :]
    assert "Requests that answer yes are read first" in steps
    assert CALL_FIRST_NEUTRAL not in steps


# Email addresses: what the form accepts, the database stores (its key included).

# Characters that Django's email check lets through and that grow when lower-cased or under NFKC:
# İ (lower-cased: i and a combining dot), the Kelvin sign, long s, the ﬃ ligature, ㎒ (MHz), and
# an Arabic ligature that NFKC spells out in 18 letters.
GROWING = ["İ", "K", "ſ", "ı", "ﬃ", "㎒", "ǅ", "\ufdfa"]


# One character many times over: the quickest way past the column's length.
def repeated(characters, most):
    return st.builds(lambda ch, n: ch * n, st.sampled_from(characters), st.integers(1, most))


LOCAL = st.one_of(
    st.text(alphabet=st.sampled_from([*"aZ09_-+", *GROWING[:4]]), min_size=1, max_size=64),
    repeated(GROWING[:4], 64),
)
LABEL = st.one_of(
    st.text(alphabet=st.sampled_from(["a", *GROWING]), min_size=1, max_size=63),
    st.text(
        alphabet=st.characters(min_codepoint=0xA1, max_codepoint=0xFFFF, exclude_categories=["Cs"]),
        min_size=1,
        max_size=63,
    ),
    repeated(GROWING, 63),
)
EMAILS = st.builds(
    lambda local, labels, space: f"{space}{local}@{'.'.join(labels)}.org{space}",
    LOCAL,
    st.lists(LABEL, min_size=1, max_size=4),
    st.sampled_from(["", " ", "\u00a0"]),
)
LONG_DOMAIN = ".".join(["d" * 60] * 3) + ".org"


@hypothesis.settings(
    max_examples=examples(300),
    deadline=None,
    suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture],
)
@hypothesis.given(email=st.one_of(EMAILS, st.emails()))
@hypothesis.example(email="İ" * 64 + "@" + LONG_DOMAIN[: 250 - 65])
@hypothesis.example(email="a@" + "\ufdfa" * 20 + ".org")
def test_any_email_address_the_form_accepts_is_stored_whole(make_answers, email):
    from django.db import transaction

    from intake.forms import ConsultationRequestForm

    form = ConsultationRequestForm(data=make_answers(email=email, contact_method="email"))
    if not form.is_valid():
        # Refused with a message beside the box, never a server error.
        assert form.errors.get("email"), form.errors
        hypothesis.event("refused")
        return
    hypothesis.event("accepted")
    with transaction.atomic():
        saved = form.save()
    saved.refresh_from_db()
    assert saved.email == email.strip()
    key_length = ConsultationRequest._meta.get_field("email_key").max_length
    # SQLite would keep a longer key; PostgreSQL refuses it and the request would be lost.
    assert len(saved.email_key) <= key_length


def test_an_email_address_too_long_to_store_once_lower_cased_comes_back_with_a_message(
    client, make_answers
):
    email = "İ" * 64 + "@" + LONG_DOMAIN[: 250 - 65]
    assert len(email) <= 254  # the box's own limit is met; lower-cased it would not fit
    html = returned(client, make_answers(email=email, contact_method="email")).content.decode()

    assert 'href="#id_email"' in html
    assert "too long for us to store" in html
    assert "Blue Shield de México" in html  # everything else kept
    assert not ConsultationRequest.objects.exists()


def test_the_same_address_written_differently_finds_the_earlier_request(client, make_answers):
    client.post(FORM_URL, make_answers(email="Zoe.Nunez@Example.org", contact_method="email"))
    client.post(FORM_URL, make_answers(email="\u00a0ZOE.NUNEZ@EXAMPLE.ORG", contact_method="email"))

    first, second = ConsultationRequest.objects.order_by("pk")
    assert ConsultationRequest.objects.same_person_as(second).get() == first


@pytest.fixture
def no_wait(settings):
    settings.INTAKE_MIN_SECONDS_TO_SUBMIT = 0  # sent straight after it is shown


def the_form_as_shown(client, **changes):
    """Open the form as a browser does and fill it in: the answers, with the page's own token."""
    html = client.get(FORM_URL).content.decode()
    token = re.search(r'name="started" value="([^"]+)"', html)[1]
    answers = {**PATIENT_ANSWERS, "website": "", "started": token, **changes}
    return {key: value for key, value in answers.items() if value is not None}


def test_back_after_sending_then_send_says_it_was_sent_and_sends_again_only_on_purpose(
    client, no_wait
):
    client.post(FORM_URL, the_form_as_shown(client), follow=True)
    first = ConsultationRequest.objects.get()

    # Back: the browser shows the form again, filled in with the same answers; then Send.
    again = client.post(FORM_URL, the_form_as_shown(client))
    html = main_of(again)
    assert again.status_code == 200
    assert f"You already sent request #{first.pk}" in html
    assert 'name="send_another"' in html
    assert PATIENT_ANSWERS["best_time"] in html  # nothing typed is lost
    assert ConsultationRequest.objects.count() == 1

    # Changing an answer is still the same person; only the button sends a second request.
    changed = the_form_as_shown(client, message="One more thing.")
    assert "You already sent" in main_of(client.post(FORM_URL, changed))
    assert ConsultationRequest.objects.count() == 1
    client.post(FORM_URL, {**changed, "send_another": "yes"}, follow=True)
    assert ConsultationRequest.objects.count() == 2


def test_a_helper_reads_which_contact_questions_they_may_leave_out(client):
    html = client.get(FORM_URL).content.decode()
    for them in [
        "How should we contact them?",
        "May we leave them a voicemail or text that names our practice?",
    ]:
        said = f'<span class="says-them">{them} (optional if they do not know about this request'
        assert said in html, them


def test_back_to_a_corrected_form_after_sending_says_it_was_sent_not_an_empty_form(client, no_wait):
    mistake = client.post(FORM_URL, the_form_as_shown(client, email="not-an-address"))
    corrected = client.get(mistake["Location"])
    token = re.search(r'name="started" value="([^"]+)"', corrected.content.decode())[1]
    client.post(FORM_URL, {**PATIENT_ANSWERS, "website": "", "started": token}, follow=True)
    sent = ConsultationRequest.objects.get()

    # Back: the address of the form that had the mistake, whose answers went with the request.
    html = main_of(client.get(mistake["Location"]))
    assert f"Your request #{sent.pk} was sent" in html
    assert "no need to send it again" in html
    assert ConsultationRequest.objects.count() == 1


def test_someone_else_on_the_same_browser_sends_their_own_request_without_being_told_of_the_last(
    client, no_wait
):
    client.post(FORM_URL, the_form_as_shown(client), follow=True)
    other = the_form_as_shown(
        client, full_name="Riley Chen", email="riley@example.org", phone="+1 (415) 555-0199"
    )
    response = client.post(FORM_URL, other, follow=True)

    assert "You already sent" not in main_of(response)
    assert "Thank you. We received your request." in main_of(response)
    assert ConsultationRequest.objects.count() == 2


HELPER_FIRST = {
    **HELPER,
    "helper_phone": "(650) 555-0177",
    "person_agrees_to_contact": "no",
    "contact_method": "",
    "email": "",
    "phone": "",
    "ok_to_leave_message": "",
}


def test_a_helper_whose_person_does_not_know_yet_need_not_say_how_to_reach_them(
    client, make_answers
):
    response = client.post(FORM_URL, make_answers(**HELPER_FIRST), follow=True)

    saved = ConsultationRequest.objects.get()
    assert saved.helper_first and saved.contact_method == "" and saved.phone == ""
    thanks = main_of(response)
    assert "A member of our team will call you first, before we contact them." in thanks
    assert "the way you chose" not in thanks

    # The person knows and agrees: then how to reach them is needed, and said back as chosen.
    answers = make_answers(**{**HELPER_FIRST, "person_agrees_to_contact": "yes"})
    assert 'href="#id_contact_method_0"' in main_of(returned(client, answers))
    answers = make_answers(**HELPER, contact_method="text", phone="(650) 555-0142")
    thanks = main_of(client.post(FORM_URL, answers, follow=True))
    assert "A member of our team will contact them by text message, as you asked." in thanks
    assert "the way you chose" not in thanks

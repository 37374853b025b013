"""A clinician referring a patient (issue 16): the form's third path, asked from the same
definition as the others (intake/questions.py), with every limit of the patient form."""

import csv
import html
import io
import re
from urllib.parse import urlencode

import pytest

from intake import questions
from intake.models import ConsultationRequest
from tests.support.forms import REFERRAL_ANSWERS, TRIALS, started_seconds_ago, trial_rows

pytestmark = pytest.mark.django_db

FORM_URL = "/consultation/"

# What a call-back and the clinical triage need; everything else a referral asks is optional.
REQUIRED_OF_A_REFERRAL = {
    "referrer_name",
    "referrer_credential",
    "referrer_phone",
    "call_first",
    "patient_agrees_to_referral",
    "full_name",
    "state",
    "is_adult",
    # How to reach the patient, who is called first unless the clinician asks to be.
    "contact_method",
    "ok_to_leave_message",
    "self_harm_thoughts",
    "reason_for_referral",
    "consent_to_contact",
}


@pytest.fixture
def referral():
    """A complete referral post, with any answers replaced (None leaves one out)."""

    def make(**changes):
        data = {**REFERRAL_ANSWERS, "website": "", "started": started_seconds_ago(60)}
        data.update(changes)
        return {key: value for key, value in data.items() if value is not None}

    return make


def returned(client, data):
    """Post a form with mistakes and follow the redirect to it, shown again."""
    response = client.post(FORM_URL, data)
    assert response.status_code == 303, response.status_code
    return client.get(response["Location"]).content.decode()


def summary_fields(page):
    summary = page[
        page.index('id="error-summary"') : page.index("</ul>", page.index("error-summary"))
    ]
    return {re.sub(r"_0$", "", field) for field in re.findall(r'href="#id_([\w-]+)"', summary)}


def value_of(page, name):
    """What a text box or text area of the page holds (unescaped)."""
    box = re.search(rf'<input [^>]*name="{re.escape(name)}"[^>]*>', page)
    if box:
        value = re.search(r'value="([^"]*)"', box[0])
        return html.unescape(value[1]) if value else ""
    area = re.search(
        rf'<textarea [^>]*name="{re.escape(name)}"[^>]*>\n?(.*?)</textarea>', page, re.S
    )
    return html.unescape(area[1])


def checked(page, name, value):
    tag = re.search(rf'<input [^>]*name="{name}" value="{value}"[^>]*>', page)[0]
    return "checked" in tag


def rows_in(page):
    return len(re.findall(r'name="antidepressant_trials-\d+-medicine"', page))


def test_a_referral_is_saved_as_typed_with_its_medicine_rows_in_order(client, referral):
    response = client.post(FORM_URL, referral())

    assert response.status_code == 302
    saved = ConsultationRequest.objects.get()
    assert saved.submitted_by == "clinician" and saved.sent_by_clinician
    assert saved.referrer_name == "Dr. Amara Okafor-Ńwosu"
    assert saved.referrer_npi == "1234567893"
    assert saved.call_first == "patient" and not saved.referrer_first
    assert saved.patient_agrees_to_referral
    assert saved.reason_for_referral.replace("\r\n", "\n") == REFERRAL_ANSWERS[
        "reason_for_referral"
    ].replace("\r\n", "\n")
    assert saved.history_heart == "yes" and saved.history_substance_use == "not_known"
    # Three rows filled in, one left empty: the empty one is not kept, the others are as typed,
    # each with every column (a row with only its medicine is fine).
    assert saved.antidepressant_trials == [
        {key: trial.get(key, "") for key in questions.TRIAL_KEYS} for trial in TRIALS
    ]


def test_only_what_a_call_back_and_triage_need_is_required_of_a_referral(client):
    page = returned(
        client,
        {"submitted_by": "clinician", "website": "", "started": started_seconds_ago(60)},
    )

    assert summary_fields(page) == REQUIRED_OF_A_REFERRAL
    # Every other question a referral asks says it is optional.
    not_asked = (questions.NOT_FOR_CLINICIANS, questions.FOR_SOMEONE_ELSE, questions.SEES_CLINICIAN)
    for question in questions.ASKED:
        if question.shown_when in not_asked or question.name in REQUIRED_OF_A_REFERRAL:
            continue
        if question.name in ("submitted_by", "email", "phone"):
            continue  # the first question, and what the hint says is needed for some answers
        assert "(optional)" in question.label_clinician, question.name


def test_a_clinician_who_asks_to_be_called_first_need_not_say_how_to_reach_the_patient(
    client, referral
):
    response = client.post(
        FORM_URL,
        referral(call_first="clinician", contact_method=None, phone=None, ok_to_leave_message=None),
    )

    assert response.status_code == 302
    saved = ConsultationRequest.objects.get()
    assert saved.referrer_first and saved.contact_method == "" and saved.phone == ""


def test_the_patient_path_asks_none_of_the_referral_and_keeps_none_of_it(client, make_answers):
    # Posted by hand (the page hides these on the patient's path): not asked, so not kept.
    client.post(
        FORM_URL,
        make_answers(
            referrer_name="Not asked",
            reason_for_referral="Not asked",
            history_heart="yes",
            **trial_rows({"medicine": "Not asked"}),
        ),
    )

    saved = ConsultationRequest.objects.get()
    assert saved.submitted_by == "self"
    assert (saved.referrer_name, saved.reason_for_referral, saved.history_heart) == ("", "", "")
    assert saved.antidepressant_trials == []
    assert saved.help_wanted == ["trd", "anxiety"]


def test_a_referral_keeps_none_of_the_questions_it_does_not_ask(client, referral):
    client.post(
        FORM_URL, referral(help_wanted=["trd"], sees_clinician="yes", antidepressants_tried="2")
    )

    saved = ConsultationRequest.objects.get()
    assert (saved.help_wanted, saved.sees_clinician, saved.antidepressants_tried) == ([], "", "")


def test_a_wrong_npi_is_refused_next_to_it_and_every_other_answer_and_row_is_kept(client, referral):
    page = returned(client, referral(referrer_npi="1234567890"))

    assert ConsultationRequest.objects.count() == 0
    assert summary_fields(page) == {"referrer_npi"}
    npi = page[page.index('id="div_id_referrer_npi"') :]
    npi = npi[: npi.index('name="referrer_npi"')]
    assert "This NPI&#x27;s last digit does not match: please check the number." in npi
    assert value_of(page, "referrer_npi") == "1234567890"  # as typed, to correct
    for name in ("referrer_name", "referrer_phone", "full_name", "current_medicines"):
        assert value_of(page, name) == REFERRAL_ANSWERS[name], name
    assert checked(page, "submitted_by", "clinician") and checked(page, "history_heart", "yes")
    assert rows_in(page) == 4
    for index, trial in enumerate(TRIALS):
        for key, typed in trial.items():
            assert value_of(page, f"antidepressant_trials-{index}-{key}") == typed


def test_an_npi_written_in_groups_is_accepted_as_typed(client, referral):
    client.post(FORM_URL, referral(referrer_npi="123 456 7893"))

    assert ConsultationRequest.objects.get().referrer_npi == "123 456 7893"


def test_adding_a_row_without_javascript_keeps_every_answer_and_saves_nothing(client, referral):
    response = client.post(FORM_URL, referral(add_medicine="yes", referrer_npi="1234567890"))

    assert response.status_code == 200
    page = response.content.decode()
    assert ConsultationRequest.objects.count() == 0
    # No mistakes marked yet, not even the wrong NPI: only a row more.
    assert 'id="error-summary"' not in page and "is-invalid" not in page
    assert rows_in(page) == 5
    new_row = re.search(r'<input [^>]*name="antidepressant_trials-4-medicine"[^>]*>', page)[0]
    assert "autofocus" in new_row and value_of(page, "antidepressant_trials-4-medicine") == ""
    assert value_of(page, "referrer_npi") == "1234567890"
    for name in ("referrer_name", "full_name", "reason_for_referral"):
        typed = REFERRAL_ANSWERS[name]
        assert value_of(page, name).replace("\r\n", "\n") == typed, name
    assert checked(page, "submitted_by", "clinician") and checked(page, "call_first", "patient")
    for index, trial in enumerate(TRIALS):
        for key, typed in trial.items():
            assert value_of(page, f"antidepressant_trials-{index}-{key}") == typed

    # Sent from there, with the new row filled in: one request, every row.
    sent = referral(**trial_rows(*TRIALS, {"medicine": "Escitalopram"}, rows=5))
    assert client.post(FORM_URL, sent).status_code == 302
    saved = ConsultationRequest.objects.get()
    assert [trial["medicine"] for trial in saved.antidepressant_trials][-1] == "Escitalopram"


def test_a_referral_takes_at_most_twelve_rows_and_says_so(client, referral):
    twelve = trial_rows(*({"medicine": f"Medicine {n}"} for n in range(1, 13)))

    page = client.post(FORM_URL, referral(add_medicine="yes", **twelve)).content.decode()

    assert rows_in(page) == questions.TRIALS_MAX_ROWS == 12
    assert 'name="add_medicine"' not in page
    assert "You can list up to 12 medicines here." in page
    assert value_of(page, "antidepressant_trials-11-medicine") == "Medicine 12"


def test_a_row_with_details_but_no_medicine_is_refused_next_to_it_with_every_row_kept(
    client, referral
):
    rows = trial_rows(*TRIALS, {"medicine": "", "highest_dose": "20 mg"})

    page = returned(client, referral(**rows))

    assert ConsultationRequest.objects.count() == 0
    assert summary_fields(page) == {"antidepressant_trials-3-medicine"}
    assert "Medicine 4: Enter the name of the medicine" in page
    assert value_of(page, "antidepressant_trials-3-highest_dose") == "20 mg"
    assert value_of(page, "antidepressant_trials-1-augmentation") == TRIALS[1]["augmentation"]


def test_a_returned_referral_with_a_mistake_keeps_every_row(client, referral):
    page = returned(client, referral(reason_for_referral="", **trial_rows(*TRIALS, rows=6)))

    assert summary_fields(page) == {"reason_for_referral"}
    assert rows_in(page) == 6
    for index, trial in enumerate(TRIALS):
        for key, typed in trial.items():
            assert value_of(page, f"antidepressant_trials-{index}-{key}") == typed


def test_the_patients_agreement_is_required_only_of_a_referral(client, referral, make_answers):
    page = returned(client, referral(patient_agrees_to_referral=None))

    assert summary_fields(page) == {"patient_agrees_to_referral"}
    assert "We can only accept a referral the patient agrees to." in page
    # The patient's own path has its own consent, as before, and no such question.
    assert client.post(FORM_URL, make_answers()).status_code == 302


def test_clinicians_open_the_form_with_their_answer_chosen(client):
    page = client.get(f"{FORM_URL}?as=clinician").content.decode()

    assert checked(page, "submitted_by", "clinician")
    assert not checked(page, "submitted_by", "self")
    # The plain form starts on the person's own path, and links the page for clinicians.
    plain = client.get(FORM_URL).content.decode()
    assert checked(plain, "submitted_by", "self")
    header = plain[plain.index("<h1>") : plain.index('<form class="intake-form"')]
    assert 'href="/for-clinicians/"' in header


def test_the_form_speaks_to_a_clinician_about_the_patient_and_links_the_worksheet(client):
    page = html.unescape(client.get(f"{FORM_URL}?as=clinician").content.decode())

    for name in ("full_name", "state", "is_adult", "contact_method", "self_harm_thoughts"):
        question = questions.BY_NAME[name]
        assert f'<span class="says-clinician">{question.label_clinician}</span>' in page, name
    assert '<span class="says-clinician">I am not sure</span>' in page
    rows = page[page.index('id="div_id_antidepressant_trials"') :]
    assert rows.index('href="/medicine-history-worksheet/"') < rows.index('id="trial-list"')
    # The rows' boxes are labelled as the worksheet's columns are.
    from content.medicine_history import MEDICINES_TRIED

    for column in MEDICINES_TRIED.columns:
        assert f">{column.label}</label>" in rows, column.label


def test_a_clinician_saying_the_patient_is_at_risk_makes_it_urgent_and_sees_help_for_them(
    client, referral
):
    client.post(FORM_URL, referral(self_harm_thoughts="yes"))
    assert ConsultationRequest.objects.get().is_urgent

    # Back with a mistake, the help leads the page, said about the patient.
    page = returned(client, referral(self_harm_thoughts="yes", full_name=""))
    panel = page[page.index('id="crisis-now"') : page.index("</section>", page.index("crisis-now"))]
    assert "your patient may be at risk" in panel and 'href="tel:911"' in panel


def test_the_thank_you_page_speaks_of_a_referral(client, referral):
    client.post(FORM_URL, referral(call_first="clinician"))

    page = client.get("/consultation/thank-you/").content.decode()
    assert "We received your referral." in page
    assert "will call you first, before we contact them." in page


def test_the_same_referral_sent_twice_is_one_request(client, referral):
    data = referral()
    client.post(FORM_URL, data)
    client.post(FORM_URL, data)

    assert ConsultationRequest.objects.count() == 1


def test_referrals_count_against_the_hourly_limit_and_come_back_whole(client, referral, settings):
    settings.INTAKE_RATE_LIMIT_PER_HOUR = 1
    client.post(FORM_URL, referral())

    refused = client.post(FORM_URL, referral(full_name="Another Patient"))

    assert refused.status_code == 429
    page = refused.content.decode()
    assert value_of(page, "full_name") == "Another Patient" and rows_in(page) == 4
    assert ConsultationRequest.objects.count() == 1


def test_the_longest_referral_fits_the_body_limit_and_one_over_it_is_refused(
    client, referral, settings
):
    longest = {
        name: "a" * questions.MESSAGE_MAX_LENGTH
        for name in ("reason_for_referral", "current_medicines", "message")
    }
    rows = trial_rows(
        *(
            {key: "a" * 200 for key in questions.TRIAL_KEYS}
            for _ in range(questions.TRIALS_MAX_ROWS)
        )
    )
    body = urlencode(referral(**longest, **rows), doseq=True)
    form = "application/x-www-form-urlencoded"

    assert len(body) < settings.INTAKE_MAX_BODY_BYTES
    assert client.post(FORM_URL, body, content_type=form).status_code == 302
    assert len(ConsultationRequest.objects.get().antidepressant_trials) == 12

    settings.INTAKE_MAX_BODY_BYTES = len(body) - 1
    assert client.post(FORM_URL, body, content_type=form).status_code == 413


def test_the_export_has_a_column_for_each_new_question_read_from_its_record(
    client, referral, sign_in, intake_staff
):
    client.post(FORM_URL, referral())
    saved = ConsultationRequest.objects.get()
    sign_in(client, intake_staff)

    response = client.post(
        "/admin/intake/consultationrequest/",
        {"action": "export_csv", "_selected_action": [saved.pk]},
    )
    row = next(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )

    referral_questions = [
        question
        for question in questions.EXPORTED
        if question.shown_when in (questions.FOR_CLINICIAN, questions.FOR_CLINICIANS)
    ]
    assert {question.column for question in referral_questions} <= set(row)
    assert row[questions.BY_NAME["referrer_npi"].column] == "1234567893"
    assert row[questions.BY_NAME["call_first"].column] == "The patient"
    assert row[questions.BY_NAME["history_heart"].column] == "Yes"
    assert row[questions.BY_NAME["submitted_by"].column] == ("I am a clinician referring a patient")
    trials = row[questions.BY_NAME["antidepressant_trials"].column].split("\n")
    assert trials == [
        "Sertraline (Highest dose: 200 mg a day; Weeks taken: 10; Did it help?: A little; "
        "Side effects: Nausea)",
        "Bupropion XL (Highest dose: 300 mg; Weeks taken: 8; Did it help?: None; Added to another "
        "medicine?: Added aripiprazole 5 mg, no change)",
        "Venlafaxine ER",
    ]

"""A clinician's referral at the front desk: the queue's label, filter and search, the dashboard,
the request page's clinician card and trials table, the export, and the acknowledgement staff
print for the referrer (issue 16)."""

import csv
import html
import io
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from accounts.models import AccessEvent
from content.models import PracticeDetails, PracticePolicy
from content.policies import POLICIES
from intake import questions
from intake.models import StaffNotice

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/intake/consultationrequest/"
SERTRALINE = {
    "medicine": "sertraline",
    "highest_dose": "200 mg",
    "weeks": "8",
    "effect": "no help",
    "side_effects": "nausea",
    "augmentation": "no",
}
# What a referring clinician sends, on top of the patient's details (make_request's).
REFERRAL = {
    "submitted_by": "clinician",
    "referrer_name": "Jane Okafor",
    "referrer_credential": "MD",
    "referrer_organization": "Bayside Psychiatry",
    "referrer_phone": "(415) 555-0199",
    "referrer_email": "J.Okafor@Bayside.example",
    "referrer_npi": "1234567893",
    "referrer_secure_contact": "jokafor@direct.bayside.example",
    "call_first": "clinician",
    "patient_agrees_to_referral": True,
    "reason_for_referral": "Major depression for two years.\nNo lasting help from three trials.",
    "antidepressant_trials": [SERTRALINE, {"medicine": "bupropion", "highest_dose": "300 mg"}],
    "current_medicines": "bupropion 300 mg daily",
    "history_psychosis_or_mania": "no",
    "history_substance_use": "not_known",
    "history_heart": "yes",
    "pregnant_or_breastfeeding": "no",
    # Asked of the person and a helper only.
    "help_wanted": [],
    "antidepressants_tried": "",
    "sees_clinician": "",
}


@pytest.fixture
def make_referral(make_request):
    def make(**fields):
        return make_request(**{**REFERRAL, **fields})

    return make


@pytest.fixture
def staff(sign_in, client, intake_staff):
    return sign_in(client, intake_staff)


def change_url(consultation):
    return f"{CHANGELIST}{consultation.pk}/change/"


def acknowledgement_url(consultation):
    return f"{CHANGELIST}{consultation.pk}/acknowledgement/"


def rows(response):
    assert response.status_code == 200
    return [result.pk for result in response.context["cl"].result_list]


def row_of(page, name):
    """The queue's row (its <tr>) with this name in it."""
    return next(row for row in re.findall(r"<tr.*?</tr>", page, re.S) if name in row)


def summary_of(response):
    page = response.content.decode()
    return page[page.index('id="summary-heading"') : page.index('id="notes"')]


def history(consultation):
    return list(
        LogEntry.objects.filter(object_id=str(consultation.pk))
        .order_by("pk")
        .values_list("change_message", flat=True)
    )


def text_of(fragment):
    """The words of some HTML, as a screen shows them (tags out, spaces collapsed)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


# The queue.


def test_the_queue_labels_a_referral_with_its_clinician_and_whom_to_call_first(
    staff, make_request, make_referral
):
    make_request(full_name="Self Sender")
    make_referral(full_name="Patient Referred")

    page = staff.get(CHANGELIST).content.decode()

    referred = row_of(page, "Patient Referred")
    assert '<span class="badge referral">Referral from Jane Okafor, MD</span>' in referred
    # The clinician asked to be called first: their number, to tap, not the patient's.
    assert 'Call the clinician first: <a href="tel:4155550199"' in referred
    assert "650-555-0100" not in referred
    assert "Referral from" not in row_of(page, "Self Sender")


def test_a_referral_without_the_clinicians_name_still_says_it_is_one(staff, make_referral):
    make_referral(referrer_name="", referrer_credential="", call_first="patient")

    page = staff.get(CHANGELIST).content.decode()

    assert '<span class="badge referral">Referral from a clinician</span>' in page
    # The patient first, as the clinician chose: the patient's own contact.
    assert "Call the clinician first" not in page and "alex@example.org" in page


def test_the_sent_by_filter_shows_referrals_helpers_or_the_people_themselves(
    staff, make_request, make_referral
):
    own = make_request()
    helped = make_request(submitted_by="someone_else", helper_name="Sam Helper")
    referred = make_referral()
    closed = make_referral(status="closed", closed_at=timezone.now())

    page = staff.get(CHANGELIST).content.decode()
    panel = page[page.index('id="changelist-filter"') :]
    assert "By sent by" in panel
    for label in ["The person", "A helper", "A clinician (referrals)"]:
        assert label in panel, label
    assert rows(staff.get(CHANGELIST, {"sent_by": "clinician"})) == [referred.pk]
    assert rows(staff.get(CHANGELIST, {"sent_by": "someone_else"})) == [helped.pk]
    assert rows(staff.get(CHANGELIST, {"sent_by": "self"})) == [own.pk]
    assert set(rows(staff.get(CHANGELIST, {"sent_by": "clinician", "show": "all"}))) == {
        referred.pk,
        closed.pk,
    }
    # Anything else filters nothing, and breaks nothing.
    assert len(rows(staff.get(CHANGELIST, {"sent_by": "nobody"}))) == 3


def test_the_referral_filter_reads_its_own_index_in_the_queues_order(staff, make_referral):
    from tests.intake.test_queue_search import query_plan

    make_referral()
    found = staff.get(CHANGELIST, {"sent_by": "clinician", "show": "all"}).context["cl"].queryset

    assert "intake_referral_queue_idx" in query_plan(found[:50])


@pytest.mark.parametrize(
    "typed",
    ["Okafor", "jane okaf", "j.okafor@bayside.example", "J.OKAFOR@", "(415) 555-0199", "0199"],
)
def test_search_finds_a_referral_by_its_clinicians_name_email_or_phone(
    staff, make_request, make_referral, typed
):
    make_request(full_name="Someone Else", email="else@example.org", phone="(212) 555-0123")
    referred = make_referral(full_name="Patient Referred")

    assert rows(staff.get(CHANGELIST, {"q": typed})) == [referred.pk]


def test_a_referrers_details_are_found_once_changed_and_not_after(make_referral):
    from intake.models import ConsultationRequest

    referred = make_referral()
    referred.referrer_name = "Jane Adeyemi"
    referred.save(update_fields=["referrer_name"])

    assert list(ConsultationRequest.objects.search("Adeyemi")) == [referred]
    assert not ConsultationRequest.objects.search("Okafor").exists()


# The dashboard.


def dashboard(response):
    page = response.content.decode()
    return page[page.index('id="front-desk-heading"') : page.index("</section>")]


def test_the_dashboard_counts_open_referrals_and_links_to_them(staff, make_request, make_referral):
    make_request()
    first = make_referral()
    second = make_referral(status="contacted", contacted_at=timezone.now())
    make_referral(status="closed", closed_at=timezone.now())
    make_referral(possible_spam=True, spam_reason="too_fast")

    desk = dashboard(staff.get("/admin/"))

    count = re.search(
        r'<a href="([^"]+)"><span class="desk-number">(\d+)</span> '
        r'<span class="desk-label">Open referrals from clinicians</span>',
        desk,
    )
    assert count[2] == "2"
    assert set(rows(staff.get(html.unescape(count[1])))) == {first.pk, second.pk}


def test_each_request_the_dashboard_lists_says_it_is_a_referral(staff, make_referral):
    now = timezone.now()
    oldest = make_referral(received_at=now - timedelta(days=3))
    urgent = make_referral(
        is_urgent=True,
        self_harm_thoughts="yes",
        referrer_name="Ravi Shah",
        referrer_credential="NP",
    )
    StaffNotice.objects.create(request=urgent, is_urgent=True, link="x")

    desk = text_of(dashboard(staff.get("/admin/")))

    assert f"Open the next request: #{urgent.pk}, urgent, referral from Ravi Shah, NP" in desk
    assert f"Request #{oldest.pk} (referral from Jane Okafor, MD), 3" in desk
    assert f"Request #{urgent.pk} (referral from Ravi Shah, NP) urgent" in desk


# The request page.


def test_the_request_page_shows_the_clinician_card_first(staff, make_referral):
    referred = make_referral(full_name="Patient Referred")

    summary = summary_of(staff.get(change_url(referred)))

    card = summary[summary.index('id="referral-card"') :]
    card = card[: card.index("</div>")]
    assert "<h3>Referral from Jane Okafor, MD</h3>" in card
    assert "<strong>Call first: the clinician.</strong>" in card
    assert '<a href="tel:4155550199" class="nowrap">(415) 555-0199</a>' in card
    words = text_of(card)
    for expected in [
        "Email J.Okafor@Bayside.example",
        "Practice or organization Bayside Psychiatry",
        "NPI 1234567893",
        "Secure fax or Direct address jokafor@direct.bayside.example",
        "The patient knows and agrees Yes, the clinician confirmed it",
        "Acknowledgement for the referrer Not printed yet",
        "Print acknowledgement for the referrer",
    ]:
        assert expected in words, expected
    assert f'href="{acknowledgement_url(referred)}"' in card
    words = text_of(summary)
    assert (
        "Sent by A referring clinician, Jane Okafor, MD (Bayside Psychiatry), for Patient Referred."
        in words
    )
    assert "How to contact them Only after speaking with the referring clinician." in words
    # Before the buttons and the note box.
    assert summary.index('id="referral-card"') < summary.index('id="follow-up-form"')


def test_the_card_says_call_the_patient_first_when_the_clinician_chose_that(staff, make_referral):
    referred = make_referral(
        call_first="patient",
        referrer_email="",
        referrer_npi="",
        referrer_secure_contact="",
        referrer_organization="",
        is_urgent=True,
        self_harm_thoughts="yes",
    )

    summary = summary_of(staff.get(change_url(referred)))

    words = text_of(summary)
    assert "Call first: the patient. The clinician asked us to contact Alex Rivera first." in words
    assert "Contact them first, today." in words
    assert "Only after speaking with the referring clinician" not in words
    for label in ["Email", "NPI", "Secure fax or Direct address", "Practice or organization"]:
        assert f"{label} Not answered" in words, label


def test_an_urgent_referral_says_to_call_the_clinician_first_when_they_asked(staff, make_referral):
    referred = make_referral(is_urgent=True, self_harm_thoughts="yes")

    words = text_of(summary_of(staff.get(change_url(referred))))

    assert "Urgent: they said yes to thoughts of suicide or self-harm." in words
    assert "Call the referring clinician first, today." in words


def trials_field(page):
    page = page.content.decode()
    field = page[page.index("field-antidepressant_trials_table") :]
    return field[: field.index("field-current_medicines")]


def test_the_antidepressant_trials_are_a_table_with_headers(staff, make_referral):
    referred = make_referral()

    field = trials_field(staff.get(change_url(referred)))

    assert re.search(r"<caption>Antidepressants tried, one row for each", field)
    headers = re.findall(r'<th scope="col">([^<]+)</th>', field)
    assert headers == list(questions.TRIAL_LABELS.values())
    rows_ = re.findall(r"<tr>(.*?)</tr>", field, re.S)[1:]
    assert len(rows_) == 2
    assert re.search(
        r'<th scope="row"><span class="trial-label">Medicine: </span>sertraline', rows_[0]
    )
    cells = [text_of(cell) for cell in re.findall(r"<td>(.*?)</td>", rows_[0], re.S)]
    assert cells == [
        "Highest dose: 200 mg",
        "Weeks taken: 8",
        "Did it help?: no help",
        "Side effects: nausea",
        "Added to another medicine?: no",
    ]
    # A column the clinician left empty says so, as every optional answer does.
    cells = [text_of(cell) for cell in re.findall(r"<td>(.*?)</td>", rows_[1], re.S)]
    assert cells[0] == "Highest dose: 300 mg"
    assert cells[1:] == [
        f"{label}: Not answered" for label in list(questions.TRIAL_LABELS.values())[2:]
    ]


def test_the_rest_of_the_referral_is_on_the_request_page(staff, make_referral):
    from tests.intake.test_request_page import shown_answer

    page = staff.get(change_url(make_referral())).content.decode()

    assert "The referral (as the clinician sent it)" in page
    # Its lines kept as the clinician wrote them.
    assert "Major depression for two years.<br>No lasting help from three trials." in page
    assert shown_answer(page, "current_medicines") == "bupropion 300 mg daily"
    assert shown_answer(page, "history_heart") == "Yes"
    assert shown_answer(page, "history_substance_use") == "Not known"
    assert shown_answer(page, "pregnant_or_breastfeeding") == "No"


def test_a_referral_without_trials_says_not_answered(staff, make_referral):
    referred = make_referral(antidepressant_trials=[], current_medicines="")
    from tests.intake.test_request_page import shown_answer

    page = staff.get(change_url(referred)).content.decode()

    assert "trials-table" not in page
    assert shown_answer(page, "antidepressant_trials_table") == "Not answered"
    assert shown_answer(page, "current_medicines") == "Not answered"


def test_a_request_page_without_a_referral_has_no_clinician_card_or_acknowledgement(
    staff, make_request
):
    from tests.intake.test_request_page import shown_answer

    consultation = make_request(submitted_by="someone_else", helper_name="Sam Helper")

    response = staff.get(change_url(consultation))
    page = response.content.decode()

    assert "referral-card" not in page and "acknowledgement" not in page.lower()
    assert "Referral from" not in page and "referring clinician" not in text_of(
        summary_of(response)
    )
    assert "A helper, Sam Helper" in text_of(summary_of(response))
    assert shown_answer(page, "antidepressant_trials_table") == "Not asked"
    assert staff.get(acknowledgement_url(consultation)).status_code == 404
    assert staff.post(acknowledgement_url(consultation)).status_code == 404
    assert history(consultation) == []


# The export.


def test_the_export_has_a_column_for_every_referral_question(
    sign_in, client, intake_staff, make_request, make_referral
):
    intake_staff.user_permissions.add(Permission.objects.get(codename="export_consultationrequest"))
    referred = make_referral()
    referred.record_acknowledgement_printed(intake_staff)
    own = make_request()
    sign_in(client, intake_staff)

    response = client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [referred.pk, own.pk]}
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    exported = {int(row["number"]): row for row in csv.DictReader(io.StringIO(text))}

    row = exported[referred.pk]
    assert {
        column: row[column]
        for column in [
            "sent by",
            "referrer name",
            "referrer credential",
            "referrer organization",
            "referrer phone",
            "referrer email",
            "referrer NPI",
            "referrer secure fax or Direct",
            "call first",
            "reason for referral",
            "current medicines",
            "history of psychosis or mania",
            "history of substance use",
            "raised blood pressure or heart disease",
            "pregnant or breastfeeding",
        ]
    } == {
        "sent by": "I am a clinician referring a patient",
        "referrer name": "Jane Okafor",
        "referrer credential": "MD",
        "referrer organization": "Bayside Psychiatry",
        "referrer phone": "(415) 555-0199",
        "referrer email": "J.Okafor@Bayside.example",
        "referrer NPI": "1234567893",
        "referrer secure fax or Direct": "jokafor@direct.bayside.example",
        "call first": "Me, the referring clinician",
        "reason for referral": REFERRAL["reason_for_referral"],
        "current medicines": "bupropion 300 mg daily",
        "history of psychosis or mania": "No",
        "history of substance use": "Not known",
        "raised blood pressure or heart disease": "Yes",
        "pregnant or breastfeeding": "No",
    }
    # Every trial in one cell, a line each, each detail named by its column.
    assert row["antidepressant trials"] == (
        "sertraline (Highest dose: 200 mg; Weeks taken: 8; Did it help?: no help; "
        "Side effects: nausea; Added to another medicine?: no)\n"
        "bupropion (Highest dose: 300 mg)"
    )
    printed = timezone.localtime(referred.acknowledged_at).isoformat()
    assert row["acknowledgement to referrer last printed"] == printed
    assert row["acknowledgement to referrer last printed by"] == "intake"
    # A request that is no referral leaves them empty.
    own_row = exported[own.pk]
    assert own_row["referrer name"] == own_row["antidepressant trials"] == ""
    assert own_row["acknowledgement to referrer last printed"] == ""
    # The columns come from the questions: every one asked of a clinician is exported.
    for question in questions.ALL:
        if question.shown_when in (questions.FOR_CLINICIAN, questions.FOR_CLINICIANS):
            assert (question.column in row) == bool(question.column), question.name


def test_a_trial_typed_like_a_formula_is_exported_as_plain_text(
    sign_in, client, intake_staff, make_referral
):
    intake_staff.user_permissions.add(Permission.objects.get(codename="export_consultationrequest"))
    referred = make_referral(
        antidepressant_trials=[{"medicine": '=HYPERLINK("x")'}, {"medicine": "+sertraline"}]
    )
    sign_in(client, intake_staff)

    response = client.post(CHANGELIST, {"action": "export_csv", "_selected_action": [referred.pk]})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(text)))

    assert row["antidepressant trials"] == "'=HYPERLINK(\"x\")\n'+sertraline"


# The acknowledgement for the referrer.


@pytest.fixture
def practice():
    details = PracticeDetails.load()
    details.name = "Stanford Psychological Services"
    details.street_address = "1 Example Way"
    details.city = "Palo Alto"
    details.region = "CA"
    details.postal_code = "94301"
    details.phone = "(650) 555-0100"
    details.save()
    return details


def letter_of(response):
    page = response.content.decode()
    return page[page.index('<article class="acknowledgement-letter"') : page.index("</article>")]


def on_screen_only(response):
    page = response.content.decode()
    return page[page.index('id="acknowledgement-how"') : page.index('<article class="acknow')]


def test_the_acknowledgement_has_the_practice_the_referral_and_the_next_steps(
    staff, practice, make_referral
):
    received = datetime(2026, 3, 2, 23, 30, tzinfo=ZoneInfo("UTC"))
    referred = make_referral(full_name="Patient Referred", received_at=received)

    response = staff.get(acknowledgement_url(referred))

    assert response.status_code == 200
    letter = text_of(letter_of(response))
    local_day = timezone.localtime(received).strftime("%B %-d, %Y")
    for expected in [
        "Stanford Psychological Services 1 Example Way Palo Alto, CA 94301 Phone: (650) 555-0100",
        timezone.localdate().strftime("%B %-d, %Y"),
        "Referral received",
        "To Jane Okafor, MD, Bayside Psychiatry",
        "Patient Patient Referred",
        f"Date received {local_day}",
        f"Request number #{referred.pk}",
        "You asked us to speak with you before we contact the patient.",
        # Until a clinician confirms what the practice sends back, the neutral sentence.
        f"Next steps {POLICIES['referral-reply'].neutral}",
    ]:
        assert expected in letter, expected
    assert POLICIES["clinician-line"].neutral not in letter
    # How to send it is said on screen, and not on the paper.
    how = text_of(on_screen_only(response))
    assert "send it only by the referrer's secure channel" in how
    assert "jokafor@direct.bayside.example" in how
    assert "secure channel" not in letter
    assert "Not on the letter" not in how


def test_the_acknowledgement_says_the_confirmed_next_steps(staff, practice, make_referral):
    for key, statement in [
        ("referral-reply", "We send you a written summary within a week of the evaluation."),
        ("clinician-line", "Clinicians may call (650) 555-0111 to discuss a referral."),
    ]:
        PracticePolicy.objects.create(
            key=key,
            statement=statement,
            confirmed_by_name="Dr. Example",
            confirmed_on=timezone.localdate(),
        )
    referred = make_referral(call_first="patient")

    letter = text_of(letter_of(staff.get(acknowledgement_url(referred))))

    assert "Next steps We send you a written summary within a week of the evaluation." in letter
    assert "Clinicians may call (650) 555-0111 to discuss a referral." in letter
    assert POLICIES["referral-reply"].neutral not in letter
    assert "You asked us to contact the patient first." in letter


def test_without_practice_details_or_a_secure_channel_the_screen_says_so(staff, make_referral):
    referred = make_referral(referrer_secure_contact="")

    response = staff.get(acknowledgement_url(referred))

    letter = text_of(letter_of(response))
    assert letter.startswith(f"{PracticeDetails.load().name} {timezone.localdate():%B}")
    assert "Phone:" not in letter
    how = text_of(on_screen_only(response))
    assert (
        "Not on the letter, because nobody has filled it in under Practice details: the "
        "practice's address and phone." in how
    )
    assert "never by ordinary email" in how and "call them at (415) 555-0199" in how


def test_printing_is_one_history_step_and_one_access_log_entry_per_press(
    staff, intake_staff, make_referral
):
    referred = make_referral()
    other = make_referral()

    opened = staff.get(acknowledgement_url(referred))
    assert opened.status_code == 200
    # Opening it is not printing it.
    assert history(referred) == []
    assert not AccessEvent.objects.filter(kind=AccessEvent.Kind.ACKNOWLEDGED).exists()

    for press in (1, 2):
        response = staff.post(acknowledgement_url(referred))
        # Back to the request's page: no detail in the address beyond its number.
        assert response.status_code == 302 and response["Location"] == change_url(referred)
        assert history(referred) == ["Acknowledgement printed for the referrer"] * press
        logged = AccessEvent.objects.filter(kind=AccessEvent.Kind.ACKNOWLEDGED)
        assert [(e.request_number, e.user) for e in logged] == [(referred.pk, intake_staff)] * press
    assert history(other) == []
    referred.refresh_from_db()
    assert referred.acknowledged_by == intake_staff
    assert timezone.now() - referred.acknowledged_at < timedelta(minutes=1)

    page = staff.get(change_url(referred))
    assert f"{referred}: Acknowledgement printed for the referrer." in page.content.decode()
    status = text_of(re.search(r'id="acknowledgement-status">(.*?)</dd>', page.content.decode())[1])
    assert status.startswith("Last printed ") and status.endswith(" by intake")


def test_only_a_referral_records_an_acknowledgement(make_request, make_staff):
    own = make_request()

    assert own.record_acknowledgement_printed(make_staff()) is False
    own.refresh_from_db()
    assert (
        own.acknowledged_at is None and not AccessEvent.objects.filter(kind="acknowledged").exists()
    )


def test_only_staff_who_may_view_requests_open_or_record_the_acknowledgement(
    sign_in, make_staff, content_editor, make_referral
):
    referred = make_referral()
    url = acknowledgement_url(referred)

    # Signed out: the sign-in page, nothing shown.
    for send in (Client().get, Client().post):
        response = send(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    # A content editor may not see requests.
    editor = sign_in(Client(), content_editor)
    assert editor.get(url).status_code == 403
    assert editor.post(url).status_code == 403
    assert history(referred) == []
    assert not AccessEvent.objects.filter(kind=AccessEvent.Kind.ACKNOWLEDGED).exists()
    # Someone who may only view requests may print it (and the print is recorded).
    reader = make_staff("reader")
    reader.user_permissions.add(Permission.objects.get(codename="view_consultationrequest"))
    reader_client = sign_in(Client(), reader)
    assert "Referral received" in reader_client.get(url).content.decode()
    assert reader_client.post(url).status_code == 302
    assert history(referred) == ["Acknowledgement printed for the referrer"]


def test_the_acknowledgement_is_only_at_its_own_address(staff, make_referral):
    referred = make_referral()

    for odd in [f"%20{referred.pk}", f"+{referred.pk}", f"{referred.pk}%20", "0"]:
        url = f"{CHANGELIST}{odd}/acknowledgement/"
        assert staff.get(url).status_code == 404, odd
        assert staff.post(url).status_code == 404, odd
    assert staff.put(acknowledgement_url(referred)).status_code == 405
    assert history(referred) == []

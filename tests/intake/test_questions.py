"""The questions are defined once (intake/questions.py): the form, its error summary and the
staff page all ask or show them in that one order."""

import csv
import html
import io
import re

import pytest
from django.utils.text import capfirst

from intake import questions
from intake.admin import SHOWN_AS
from intake.forms import SECTION_TITLES, ConsultationRequestForm
from intake.models import ConsultationRequest
from tests.support.forms import started_seconds_ago

pytestmark = pytest.mark.django_db

FORM_URL = "/consultation/"


def names_in_order(html):
    # A question asked as rows names its boxes after it: antidepressant_trials-0-medicine.
    return list(dict.fromkeys(re.findall(r'name="(\w+)(?:"|-\d)', html)))


def test_the_definition_holds_every_answer_the_model_keeps_once():
    assert len(questions.QUESTIONS) == len(set(questions.QUESTIONS))
    for name in questions.QUESTIONS:
        ConsultationRequest._meta.get_field(name)  # raises if the model has no such field


def test_the_form_asks_the_questions_in_the_order_of_the_definition(client):
    html = client.get(FORM_URL).content.decode()
    form = html[html.index('<form class="intake-form"') : html.index("</form>")]

    asked = [name for name in names_in_order(form) if name in questions.QUESTIONS]
    assert asked == questions.FORM_QUESTIONS
    # Each heading sits between the last question of the section before and its section's first.
    previous_end = 0
    for section in questions.SECTIONS:
        asked = [name for name in section.fields if name in questions.FORM_QUESTIONS]
        first = form.index(f'name="{asked[0]}"')
        if section.name in SECTION_TITLES:
            you, _them = SECTION_TITLES[section.name]
            assert previous_end < form.index(you, previous_end) < first, section.name
        previous_end = form.rindex(f'name="{asked[-1]}"')


def test_the_error_summary_lists_mistakes_in_the_order_of_the_definition(client):
    # Someone helping, with a mistake in or a gap at every section.
    answers = {
        "submitted_by": "someone_else",
        "helper_email": "not an email",
        "contact_method": "email",
        "sees_clinician": "yes",
        "message": "x" * 2001,
        "website": "",
        "started": started_seconds_ago(60),
    }
    posted = client.post(FORM_URL, answers)
    assert posted.status_code == 303  # shown again after a redirect, answers kept
    html = client.get(posted["Location"]).content.decode()
    summary = html[
        html.index('id="error-summary"') : html.index("</ul>", html.index("error-summary"))
    ]
    linked = [re.sub(r"_0$", "", field_id) for field_id in re.findall(r'href="#id_(\w+)"', summary)]

    assert {"helper_name", "full_name", "email", "self_harm_thoughts", "message"} <= set(linked)
    assert linked[-1] == "consent_to_contact"
    assert linked == sorted(linked, key=questions.FORM_QUESTIONS.index)


def staff_row(name):
    """The staff page's row for a question: its field, or what shows it (the trials' table)."""
    shown = SHOWN_AS.get(name, name)
    return shown if isinstance(shown, str) else name


def test_the_staff_page_shows_the_answers_in_the_sections_and_order_of_the_definition(
    sign_in, client, intake_staff, make_request
):
    consultation = make_request(submitted_by="someone_else", helper_name="Jordan Lee")
    sign_in(client, intake_staff)

    html = client.get(f"/admin/intake/consultationrequest/{consultation.pk}/change/")
    html = html.content.decode()
    answers = html[html.index("<fieldset", html.index("</fieldset>")) :]
    question_of_row = {staff_row(name): name for name in questions.QUESTIONS}
    shown = [
        question_of_row.get(name, name)
        for name in re.findall(r'class="form-row field-(\w+)', answers)
    ]
    assert shown == questions.QUESTIONS

    headings = [
        re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", answers)
    ]
    assert [title for title in headings if title][: len(questions.SECTIONS)] == [
        section.staff_title for section in questions.SECTIONS
    ]


def test_the_form_the_staff_page_and_the_export_word_each_question_from_its_record(
    sign_in, client, intake_staff, make_request
):
    form_page = html.unescape(client.get(FORM_URL).content.decode())
    helping = ConsultationRequestForm(data={"submitted_by": "someone_else"})
    referring = ConsultationRequestForm(data={"submitted_by": "clinician"})
    for question in questions.ASKED:
        if question.rows:
            # Asked as rows, under one heading: asked of referring clinicians only.
            assert f'<legend class="form-label">{question.you}</legend>' in form_page
            continue
        # The form: the label to the person, to someone filling it in for them, and to a
        # clinician referring them.
        shown = (
            f'<span class="says-you">{question.you}</span>'
            f'<span class="says-them">{question.label_them}</span>'
            f'<span class="says-clinician">{question.label_clinician}</span>'
        )
        assert shown in form_page, question.name
        assert helping.fields[question.name].label == question.label_them, question.name
        assert referring.fields[question.name].label == question.label_clinician, question.name

    consultation = make_request(submitted_by="someone_else", helper_name="Jordan Lee")
    sign_in(client, intake_staff)
    staff_page = client.get(f"/admin/intake/consultationrequest/{consultation.pk}/change/")
    staff_page = html.unescape(staff_page.content.decode())
    for question in questions.ALL:
        # The staff page: the record's staff label, which is also the model's verbose name.
        assert ConsultationRequest._meta.get_field(question.name).verbose_name == (
            question.staff_label
        )
        row = staff_row(question.name)
        label = re.search(
            rf'class="form-row field-{row}\b.*?<label[^>]*>(.*?)</label>', staff_page, re.DOTALL
        )
        assert label[1] == f"{capfirst(question.staff_label)}:", question.name

    response = client.post(
        "/admin/intake/consultationrequest/",
        {"action": "export_csv", "_selected_action": [consultation.pk]},
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    # The export: each exported question under its record's column, in the order asked.
    columns = {question.column for question in questions.ALL if question.column}
    assert [title for title in header if title in columns] == [
        question.column for question in questions.EXPORTED
    ]
    row = next(csv.DictReader(io.StringIO(text)))
    assert row[questions.BY_NAME["submitted_by"].column] == "For someone else"
    assert row[questions.BY_NAME["helper_name"].column] == "Jordan Lee"

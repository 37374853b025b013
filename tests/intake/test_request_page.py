"""A request's page does the work: the summary first, buttons for each step, the note box."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.utils import timezone

from intake.models import ConsultationRequest, FollowUpNote, overdue_cutoff

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/intake/consultationrequest/"
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def change_url(consultation):
    return f"{CHANGELIST}{consultation.pk}/change/"


def step(client, consultation, name, **extra):
    return client.post(f"{CHANGELIST}{consultation.pk}/step/", {"step": name, **extra})


def history(consultation):
    return list(
        LogEntry.objects.filter(object_id=str(consultation.pk))
        .order_by("pk")
        .values_list("change_message", flat=True)
    )


def test_the_summary_comes_before_the_patients_answers(sign_in, client, intake_staff, make_request):
    earlier = make_request(email="alex@example.org", received_at=timezone.now())
    consultation = make_request(
        is_urgent=True,
        self_harm_thoughts="yes",
        contact_method="phone",
        phone="+1 (650) 555-0100",
        ok_to_leave_message="no",
        best_time="After 5 pm",
        submitted_by="someone_else",
        helper_name="Jordan Lee",
        helper_relationship="partner",
        helper_phone="650-555-0111",
        person_agrees_to_contact="yes",
    )
    sign_in(client, intake_staff)

    html = client.get(change_url(consultation)).content.decode()
    summary = html[html.index('id="summary-heading"') : html.index('id="notes"')]
    answers_start = html.index("What they asked about")
    assert html.index('id="summary-heading"') < answers_start
    for expected in [
        "<strong>Urgent:</strong>",
        "Thoughts of suicide or self-harm now",
        "A helper, Jordan Lee (partner),",
        "for Alex Rivera",
        "The person knows and agrees to be contacted: Yes",
        "650-555-0111",
        "+1 (650) 555-0100",
        "<strong>Not allowed:</strong>",
        "After 5 pm",
        "Nobody yet",
        "overdue" if consultation.is_overdue() else "received",
        f'href="{change_url(earlier)}"',
    ]:
        assert expected in summary, expected
    # The note box comes right after the summary, before the form with the answers.
    assert html.index('name="text"') < answers_start


def test_prefer_not_to_say_asks_staff_to_ask_gently(sign_in, client, intake_staff, make_request):
    consultation = make_request(self_harm_thoughts="prefer_not_to_say")
    sign_in(client, intake_staff)

    html = client.get(change_url(consultation)).content.decode()
    assert "<strong>Ask gently:</strong>" in html
    assert "<strong>Urgent:</strong>" not in html


def test_the_buttons_move_the_request_on_and_each_step_is_in_its_history(
    sign_in, client, intake_staff, make_request
):
    consultation = make_request()
    sign_in(client, intake_staff)

    assert step(client, consultation, "assign").status_code == 302
    assert step(client, consultation, "contacted").status_code == 302
    assert step(client, consultation, "scheduled").status_code == 302
    response = step(client, consultation, "close", reason="treated_elsewhere")
    assert response.status_code == 302 and response.url == change_url(consultation)

    consultation.refresh_from_db()
    assert consultation.assigned_to == intake_staff
    assert consultation.status == "closed" and consultation.close_reason == "treated_elsewhere"
    assert consultation.contacted_at <= consultation.scheduled_at <= consultation.closed_at
    assert history(consultation) == [
        "Assigned to intake",
        "Marked contacted",
        "Marked scheduled",
        "Closed: Treated elsewhere",
    ]
    page = client.get(f"{CHANGELIST}{consultation.pk}/history/").content.decode()
    assert "Closed: Treated elsewhere" in page and "intake" in page


def test_not_a_fit_closes_as_not_a_fit_and_each_step_can_be_undone(
    sign_in, client, intake_staff, make_request
):
    consultation = make_request()
    sign_in(client, intake_staff)
    step(client, consultation, "contacted")
    step(client, consultation, "close", reason="not_a_fit")
    consultation.refresh_from_db()
    assert consultation.status == "not_a_fit" and consultation.closed_at

    step(client, consultation, "undo")
    consultation.refresh_from_db()
    assert consultation.status == "contacted" and consultation.closed_at is None
    assert not consultation.close_reason
    step(client, consultation, "undo")
    consultation.refresh_from_db()
    assert consultation.status == "new" and consultation.contacted_at is None
    assert history(consultation)[-2:] == ["Back to contacted", "Back to new"]


def test_a_step_that_no_longer_applies_changes_nothing(
    sign_in, client, intake_staff, make_staff, make_request
):
    colleague = make_staff("colleague")
    consultation = make_request(status="scheduled", assigned_to=colleague)
    sign_in(client, intake_staff)

    response = step(client, consultation, "contacted")
    assert "was not changed" in client.get(response.url).content.decode()
    step(client, consultation, "assign")
    made_up = step(client, consultation, "close", reason="made-up")
    assert "Not closed: choose a reason" in made_up.content.decode()

    consultation.refresh_from_db()
    assert consultation.status == "scheduled" and consultation.assigned_to == colleague
    assert history(consultation) == []


def test_the_buttons_need_a_post_with_the_csrf_token_and_the_change_permission(
    sign_in, client, make_staff, make_request
):
    from django.contrib.auth.models import Permission
    from django.test import Client

    consultation = make_request()
    viewer = make_staff("viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_consultationrequest"))
    sign_in(client, viewer)
    assert client.get(f"{CHANGELIST}{consultation.pk}/step/").status_code == 405
    assert step(client, consultation, "assign").status_code == 403
    html = client.get(change_url(consultation)).content.decode()
    assert "Assign to me" not in html

    strict = sign_in(Client(enforce_csrf_checks=True), make_staff("boss", superuser=True))
    assert step(strict, consultation, "assign").status_code == 403
    consultation.refresh_from_db()
    assert consultation.assigned_to is None


def test_the_note_box_adds_a_note_with_author_and_time_listed_newest_first(
    sign_in, client, intake_staff, make_request
):
    consultation = make_request()
    FollowUpNote.objects.create(request=consultation, text="First call, no answer.")
    sign_in(client, intake_staff)
    before = timezone.now()

    response = client.post(
        f"{CHANGELIST}{consultation.pk}/note/", {"text": "Left a voicemail without our name."}
    )

    assert response.status_code == 302
    note = FollowUpNote.objects.latest("pk")
    assert note.author == intake_staff and note.created_at >= before
    html = client.get(response.url).content.decode()
    assert html.index("Left a voicemail without our name.") < html.index("First call, no answer.")
    assert "View on site" not in html
    assert history(consultation) == ["Added a note"]


def test_an_empty_or_too_long_note_is_refused_next_to_the_box_keeping_the_text(
    sign_in, client, intake_staff, make_request
):
    consultation = make_request()
    sign_in(client, intake_staff)

    empty = client.post(f"{CHANGELIST}{consultation.pk}/note/", {"text": "  "})
    assert empty.status_code == 400
    assert 'aria-invalid="true"' in empty.content.decode()
    long_text = "Called. " * 600
    too_long = client.post(f"{CHANGELIST}{consultation.pk}/note/", {"text": long_text})
    page = too_long.content.decode()
    assert too_long.status_code == 400
    assert "at most 4000 characters" in page
    assert long_text.strip() in page
    assert not FollowUpNote.objects.exists()


def test_the_request_page_loads_notes_and_authors_in_one_query(
    sign_in, client, intake_staff, make_request
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    consultation = make_request()
    sign_in(client, intake_staff)

    def queries_with(notes):
        FollowUpNote.objects.bulk_create(
            FollowUpNote(request=consultation, text=f"Note {n}", author=intake_staff)
            for n in range(notes)
        )
        with CaptureQueriesContext(connection) as captured:
            assert client.get(change_url(consultation)).status_code == 200
        FollowUpNote.objects.all().delete()
        return len(captured)

    queries_with(0)  # the first page load fills per-process caches (content types)
    assert queries_with(1) == queries_with(50)


def test_a_staff_member_sees_requests_assigned_to_them(sign_in, client, intake_staff, make_request):
    mine = make_request(assigned_to=intake_staff)
    make_request()
    sign_in(client, intake_staff)
    result = client.get(CHANGELIST, {"assigned": "me"}).context["cl"].result_list
    assert [r.pk for r in result] == [mine.pk]


def test_two_people_pressing_the_same_step_at_once_record_it_once(make_request):
    consultation = make_request()
    first = ConsultationRequest.objects.get(pk=consultation.pk)
    second = ConsultationRequest.objects.get(pk=consultation.pk)

    assert first.take_step("contacted") is True
    assert second.take_step("contacted") is False
    assert second.status == "contacted" and second.contacted_at == first.contacted_at


def shown_answer(html, name):
    """What the request page shows for one answer, without tags."""
    row = html[html.index(f'class="form-row field-{name}') :]
    value = re.search(r'<div class="readonly">(.*?)</div>', row, re.S)[1]
    return re.sub(r"<[^>]+>", "", value).strip()


SKIPPED = {
    "preferred_name": "",
    "best_time": "",
    "help_wanted": [],
    "antidepressants_tried": "",
    "treatment_interest": "",
    "sees_clinician": "",
    "how_paying": "",
    "heard_about": "",
    "message": "",
}


def test_staff_read_not_answered_where_an_optional_question_was_skipped(
    sign_in, client, intake_staff, make_request
):
    consultation = make_request(phone="", contact_method="email", **SKIPPED)
    sign_in(client, intake_staff)

    html = client.get(change_url(consultation)).content.decode()

    for name in [*SKIPPED, "phone"]:
        row = "help_wanted_list" if name == "help_wanted" else name
        assert shown_answer(html, row) == "Not answered", name
    # The helper's questions and the one about their clinician were hidden for their answers.
    for name in [
        "helper_name",
        "helper_email",
        "person_agrees_to_contact",
        "may_contact_clinician",
        "insurance_plan",
        "wants_good_faith_estimate",
    ]:
        assert shown_answer(html, name) == "Not asked", name
    summary = html[html.index('id="summary-heading"') : html.index('id="notes"')]
    assert re.search(r"<dt>Best time</dt>\s*<dd>Not answered</dd>", summary)


def test_answered_optional_questions_show_what_was_sent(
    sign_in, client, intake_staff, make_request
):
    consultation = make_request(
        sees_clinician="yes",
        may_contact_clinician="",
        how_paying="insurance",
        insurance_plan="Blue Shield",
        message="First line\nSecond line",
        treatment_interest="spravato",
        submitted_by="someone_else",
        helper_name="Jordan Lee",
        helper_relationship="",
    )
    sign_in(client, intake_staff)

    html = client.get(change_url(consultation)).content.decode()

    assert shown_answer(html, "how_paying") == "Health insurance (not Medicare or Medicaid)"
    assert shown_answer(html, "insurance_plan") == "Blue Shield"
    message = html[html.index('class="form-row field-message') :]
    assert message.index("First line<br>Second line") < message.index("</div>")
    assert shown_answer(html, "treatment_interest") == "Spravato (esketamine nasal spray)"
    assert shown_answer(html, "sees_clinician") == "Yes"
    assert shown_answer(html, "may_contact_clinician") == "Not answered"
    assert shown_answer(html, "helper_name") == "Jordan Lee"
    assert shown_answer(html, "helper_relationship") == "Not answered"


def test_the_close_reason_starts_empty_and_an_empty_reason_is_refused(
    sign_in, client, intake_staff, make_request
):
    consultation = make_request(status="contacted", contacted_at=timezone.now())
    sign_in(client, intake_staff)

    page = client.get(change_url(consultation)).content.decode()
    select = page[page.index('id="close-reason"') : page.index("</select>")]
    assert select.index('<option value="">Choose a reason</option>') < select.index("Treated")
    assert "Duplicate request" in select

    refused = step(client, consultation, "close", reason="")
    assert refused.status_code == 400
    assert "Not closed: choose a reason" in refused.content.decode()
    consultation.refresh_from_db()
    assert consultation.status == "contacted" and history(consultation) == []

    step(client, consultation, "close", reason="duplicate")
    consultation.refresh_from_db()
    assert consultation.status == "closed" and consultation.close_reason == "duplicate"
    assert history(consultation) == ["Closed: Duplicate request"]


@pytest.mark.parametrize(
    "fields",
    [{"status": "new"}, {"status": "contacted", "is_urgent": True, "self_harm_thoughts": "yes"}],
    ids=["never contacted", "urgent"],
)
def test_closing_an_urgent_or_never_contacted_request_takes_a_tick(
    sign_in, client, intake_staff, make_request, fields
):
    if fields["status"] == "contacted":
        fields = {**fields, "contacted_at": timezone.now()}
    consultation = make_request(**fields)
    sign_in(client, intake_staff)
    page = client.get(change_url(consultation)).content.decode()
    assert 'name="confirm_close"' in page

    refused = step(client, consultation, "close", reason="could_not_reach")
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "tick the box to confirm" in html
    # The reason chosen is still chosen.
    assert '<option value="could_not_reach" selected>' in html
    consultation.refresh_from_db()
    assert consultation.status == fields["status"]

    step(client, consultation, "close", reason="could_not_reach", confirm_close="yes")
    consultation.refresh_from_db()
    assert consultation.status == "closed"


def test_a_contacted_request_that_is_not_urgent_closes_without_the_tick(
    sign_in, client, intake_staff, make_request
):
    consultation = make_request(status="contacted", contacted_at=timezone.now())
    sign_in(client, intake_staff)
    assert 'name="confirm_close"' not in client.get(change_url(consultation)).content.decode()
    step(client, consultation, "close", reason="treated_elsewhere")
    consultation.refresh_from_db()
    assert consultation.status == "closed"


@pytest.mark.parametrize("name", ["assign", "contacted", "close", "undo"])
def test_a_note_typed_before_pressing_a_step_is_saved_as_a_note(
    sign_in, client, intake_staff, make_request, name
):
    from accounts.models import AccessEvent

    consultation = make_request(status="contacted", contacted_at=timezone.now())
    if name == "contacted":
        consultation = make_request(email="other@example.org", phone="650-555-0199")
    sign_in(client, intake_staff)

    response = step(
        client, consultation, name, reason="treated_elsewhere", text="Called, left no message."
    )

    assert response.status_code == 302
    note = FollowUpNote.objects.get(request=consultation)
    assert note.text == "Called, left no message." and note.author == intake_staff
    assert history(consultation)[0] == "Added a note" and len(history(consultation)) == 2
    assert AccessEvent.objects.filter(kind="note", request_number=consultation.pk).count() == 1
    assert "Called, left no message." in client.get(response.url).content.decode()


def test_a_refused_step_keeps_the_typed_note_in_the_box(
    sign_in, client, intake_staff, make_request
):
    consultation = make_request(status="contacted", contacted_at=timezone.now())
    sign_in(client, intake_staff)

    no_reason = step(client, consultation, "close", reason="", text="Says she is fine now.")
    assert no_reason.status_code == 400
    assert "Says she is fine now.</textarea>" in no_reason.content.decode()

    long_text = "Called. " * 600
    too_long = step(client, consultation, "scheduled", text=long_text)
    assert too_long.status_code == 400
    assert "at most 4000 characters" in too_long.content.decode()
    assert long_text.strip() in too_long.content.decode()
    consultation.refresh_from_db()
    assert consultation.status == "contacted"
    assert not FollowUpNote.objects.exists() and history(consultation) == []


def test_the_step_buttons_and_the_note_box_are_one_form(
    sign_in, client, intake_staff, make_request
):
    consultation = make_request()
    sign_in(client, intake_staff)
    page = client.get(change_url(consultation)).content.decode()
    form = page[
        page.index('id="follow-up-form"') : page.index("</form>", page.index("follow-up-form"))
    ]
    for control in ('value="assign"', 'value="contacted"', 'value="close"', 'name="text"'):
        assert control in form


@pytest.mark.parametrize(
    "posted",
    [
        {"status": "closed", "close_reason": "duplicate"},
        {"status": "contacted"},
        {"assigned_to": "MINE"},
    ],
    ids=["close", "contacted", "assign"],
)
def test_the_buttons_are_the_one_way_to_change_a_requests_state(
    sign_in, client, intake_staff, make_request, posted
):
    consultation = make_request(is_urgent=True, self_harm_thoughts="yes")
    sign_in(client, intake_staff)

    page = client.get(change_url(consultation)).content.decode()
    below = page[page.index('id="consultationrequest_form"') :]
    # Shown, but nothing to choose or save below the summary.
    assert '<div class="readonly">New</div>' in below
    assert "<select" not in below and 'name="_save"' not in below
    assert "Change these with the buttons at the top of the page." in below

    if posted.get("assigned_to") == "MINE":
        posted = {"assigned_to": intake_staff.pk}
    client.post(change_url(consultation), {**posted, "_save": "Save"})

    consultation.refresh_from_db()
    assert consultation.status == "new" and not consultation.close_reason
    assert consultation.assigned_to is None and consultation.contacted_at is None


def test_a_refused_close_comes_back_at_the_close_button_with_its_message(
    sign_in, client, intake_staff, make_request
):
    consultation = make_request()
    sign_in(client, intake_staff)
    page = client.get(change_url(consultation)).content.decode()
    step_url = f"{CHANGELIST}{consultation.pk}/step/"
    assert f'formaction="{step_url}#close-request">Close</button>' in page

    refused = step(client, consultation, "close", reason="").content.decode()

    group = refused[refused.index('id="close-request"') : refused.index(">Close</button>")]
    assert "Not closed: choose a reason" in group
    assert "Not closed: this request is urgent or nobody has contacted" in group


def test_the_urgent_banner_goes_once_someone_has_contacted_them(
    sign_in, client, intake_staff, make_request
):
    consultation = make_request(is_urgent=True, self_harm_thoughts="yes")
    sign_in(client, intake_staff)
    assert "Contact them first, today." in client.get(change_url(consultation)).content.decode()

    step(client, consultation, "contacted")

    html = client.get(change_url(consultation)).content.decode()
    assert "Contact them first" not in html
    summary = html[html.index('id="summary-heading"') : html.index('id="notes"')]
    assert re.search(r"<dt>Thoughts of suicide or self-harm now</dt>\s*<dd>Yes</dd>", summary)
    step(client, consultation, "undo")
    assert "Contact them first, today." in client.get(change_url(consultation)).content.decode()


def test_an_overdue_request_says_so_in_a_badge_not_an_empty_error_box(
    sign_in, client, intake_staff, make_request
):
    consultation = make_request(received_at=overdue_cutoff() - timedelta(hours=1))
    sign_in(client, intake_staff)

    html = client.get(change_url(consultation)).content.decode()
    waiting = re.search(r"<dt>Waiting</dt>\s*<dd>(.*?)</dd>", html, re.S)[1]
    assert waiting.startswith("New, received 1\xa0day")
    assert waiting.endswith('<strong class="badge overdue">Overdue</strong>')
    assert "errornote" not in waiting


def test_a_step_on_a_request_that_does_not_exist_is_a_404_not_an_error(
    sign_in, client, intake_staff
):
    sign_in(client, intake_staff)
    for made_up in ["abc", "999999"]:
        response = client.post(f"{CHANGELIST}{made_up}/step/", {"step": "assign"})
        assert response.status_code == 404


# Sent by a helper for someone who does not know about it yet: no contact details of theirs.
HELPER_FIRST = {
    "contact_method": "",
    "email": "",
    "phone": "",
    "ok_to_leave_message": "",
    "submitted_by": "someone_else",
    "helper_name": "Jordan Lee",
    "helper_relationship": "partner",
    "helper_phone": "(650) 555-0111",
    "person_agrees_to_contact": "no",
}


def test_a_helper_whose_person_does_not_know_yet_is_the_one_to_call_first(
    sign_in, client, intake_staff, make_request
):
    consultation = make_request(is_urgent=True, self_harm_thoughts="yes", **HELPER_FIRST)
    sign_in(client, intake_staff)

    html = client.get(change_url(consultation)).content.decode()
    summary = html[html.index('id="summary-heading"') : html.index('id="notes"')]
    card = summary[summary.index('class="summary-flag helper-first"') :]
    card = card[: card.index("</div>")]
    assert "<h3>Call the helper first</h3>" in card
    assert "Jordan Lee (partner)" in card and 'href="tel:6505550111"' in card
    assert "Alex Rivera does not know about this request yet" in card
    assert "Call the helper first, today." in summary
    assert "Contact them first" not in summary
    assert summary.index("helper-first") < summary.index("How to contact them")


def test_the_queue_names_the_helper_to_call_when_the_person_does_not_know(
    sign_in, client, intake_staff, make_request
):
    make_request(**HELPER_FIRST)
    sign_in(client, intake_staff)

    html = client.get("/admin/intake/consultationrequest/").content.decode()
    row = html[html.index('class="field-contact"') :]
    row = row[: row.index("</td>")]
    assert "Call the helper first" in row and 'href="tel:6505550111"' in row


def test_no_template_compares_a_stored_status_or_answer_to_a_literal_word():
    # The stored words live in intake.choices; a template comparing `status == "new"` would
    # silently stop matching if one were renamed. Templates ask the model (is_new, ...).
    compared = re.compile(
        r"consultation\.(status|contact_method|ok_to_leave_message|submitted_by|"
        r"self_harm_thoughts)\s*==\s*[\"']"
    )
    found = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in TEMPLATES.rglob("*.html")
        for match in compared.finditer(path.read_text())
    ]
    assert found == []


def test_a_person_who_chose_a_text_message_has_their_number_linked_to_send_one(
    sign_in, client, intake_staff, make_request
):
    consultation = make_request(contact_method="text", phone="212 555 0142")
    sign_in(client, intake_staff)

    page = client.get(change_url(consultation)).content.decode()
    summary = page[page.index('id="summary-heading"') : page.index('id="notes"')]
    assert 'href="sms:2125550142"' in summary and 'href="tel:2125550142"' not in summary
    queue = client.get("/admin/intake/consultationrequest/").content.decode()
    assert 'href="sms:2125550142"' in queue

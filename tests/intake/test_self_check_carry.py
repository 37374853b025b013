"""The self-check's answers go into a consultation request only when the person chooses: "Add my
answers to a consultation request" fills them into the form, where they can be unticked, and
staff then read them as the person's own, with the date."""

import csv
import io
import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from intake.models import ConsultationRequest
from tests.support.browser import DESKTOP, axe_violations
from tests.support.staff import staff_group

pytestmark = pytest.mark.django_db

CARRY_URL = "/consultation/self-check/"
FORM_URL = "/consultation/"
ANSWERS = [3, 2, 1, 0, 3, 2, 1, 0, 2]  # 14, moderate; question 9 "More than half the days"
OWN_PAGE = {"Sec-Fetch-Site": "same-origin"}


def self_check_post(points=ANSWERS):
    return {f"q{n}": str(p) for n, p in enumerate(points, start=1)}


def carry(client, data, headers=OWN_PAGE):
    return client.post(CARRY_URL, data, headers=headers)


def carried_value(page_html):
    match = re.search(r'<input type="checkbox" name="self_check" value="([^"]*)"[^>]*>', page_html)
    return match and match.group(1)


def test_adding_the_answers_shows_them_in_the_form_ticked_and_removable(client, site_pages):
    response = carry(client, self_check_post())
    page_html = response.content.decode()

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    today = timezone.localdate()
    assert carried_value(page_html) == f"321032102 {today:%Y-%m-%d}"
    box = re.search(r'<input type="checkbox" name="self_check"[^>]*>', page_html).group(0)
    assert "checked" in box
    section = page_html[page_html.index("Your self-check answers") : page_html.index(box)]
    text = " ".join(re.sub(r"<[^>]+>", " ", section).split())
    assert "Score: 14 out of 27 (moderate)." in text
    assert f"Answered on {today:%B} {today.day}, {today.year}" in text
    assert "Untick the box to leave them out" in text
    # Nor is the person sent back to the self-check they have just done.
    assert "Not sure how you have been feeling?" not in page_html
    assert "Thoughts that you would be better off dead or of hurting yourself in some way: " in (
        text
    )
    assert "More than half the days" in text
    # The form posts to the consultation form as usual, with its own token; nothing is saved yet.
    assert f'action="{FORM_URL}"' in page_html and "csrfmiddlewaretoken" in page_html
    assert not ConsultationRequest.objects.exists()
    assert not Session.objects.exists()
    assert "sessionid" not in response.cookies


def test_the_answers_are_saved_with_the_request_when_the_box_stays_ticked(
    client, site_pages, make_answers
):
    value = carried_value(carry(client, self_check_post()).content.decode())
    client.post(FORM_URL, make_answers(self_check=value))

    consultation = ConsultationRequest.objects.get()
    assert consultation.self_check_answers == "321032102"
    assert consultation.self_check_on == timezone.localdate()
    assert consultation.self_check.total == 14


def test_nothing_is_carried_when_the_box_is_unticked_or_the_answers_were_never_added(
    client, site_pages, make_answers
):
    plain_form = client.get(FORM_URL).content.decode()
    assert 'name="self_check"' not in plain_form

    client.post(FORM_URL, make_answers())  # an unticked box sends nothing at all
    consultation = ConsultationRequest.objects.get()
    assert consultation.self_check_answers == "" and consultation.self_check_on is None
    assert consultation.self_check is None


def test_the_answers_come_only_by_post_and_never_in_an_address(client, site_pages):
    assert client.get(CARRY_URL + "?" + urlencode(self_check_post())).status_code == 405
    page_html = carry(client, self_check_post()).content.decode()
    form = re.search(r'<form class="intake-form"[^>]*>', page_html).group(0)
    assert 'method="post"' in form and "?" not in form


def test_a_post_from_another_site_gets_the_empty_form(client, site_pages):
    for headers in [{"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}, {}]:
        response = carry(client, self_check_post(), headers=headers)
        assert response.status_code == 302 and response["Location"] == FORM_URL


def test_answers_that_are_not_nine_answers_are_refused_with_a_message(client, site_pages):
    for broken in [
        {**self_check_post(), "q9": "4"},
        {key: value for key, value in self_check_post().items() if key != "q3"},
        {},
    ]:
        response = carry(client, broken)
        page_html = response.content.decode()
        assert response.status_code == 400
        assert "We could not read your self-check answers, so none were added." in page_html
        assert 'name="self_check"' not in page_html


def test_a_made_up_carried_value_is_named_next_to_the_box_and_the_rest_is_kept(
    client, site_pages, make_answers
):
    tomorrow = timezone.localdate() + timedelta(days=1)
    for value in ["321032109 2026-01-01", f"321032102 {tomorrow:%Y-%m-%d}", "321032102", "\x00"]:
        posted = client.post(FORM_URL, make_answers(self_check=value))
        assert posted.status_code == 303, value
        page_html = client.get(posted["Location"]).content.decode()
        assert "We could not read these self-check answers." in page_html
        assert 'href="#id_self_check"' in page_html
        assert "Zoë Ñúñez-O&#x27;Brien 山田" in page_html  # everything else is kept
    assert not ConsultationRequest.objects.exists()


def test_a_form_sent_with_a_mistake_keeps_the_added_answers(client, site_pages, make_answers):
    value = carried_value(carry(client, self_check_post()).content.decode())
    posted = client.post(FORM_URL, make_answers(self_check=value, full_name=""))
    page_html = client.get(posted["Location"]).content.decode()

    assert carried_value(page_html) == value
    assert "Score: 14 out of 27 (moderate)." in page_html


def test_staff_read_the_answers_as_the_persons_own_with_the_date(
    sign_in, client, intake_staff, make_request
):
    answered = timezone.localdate() - timedelta(days=1)
    consultation = make_request(self_check_answers="321032102", self_check_on=answered)
    without = make_request(email="other@example.org")
    sign_in(client, intake_staff)

    page = client.get(f"/admin/intake/consultationrequest/{consultation.pk}/change/")
    text = " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())
    assert "14 out of 27: moderate." in text
    assert (
        f"From the self-check, answered by the person on {answered:%B} {answered.day}, "
        f"{answered.year}." in text
    )
    # Question 9 above "Not at all" is said at the top, where staff look before calling.
    summary = text[: text.index("Self-check (PHQ-9)")]
    assert "Self-check question 9" in summary and "“More than half the days”" in summary
    assert "Little interest or pleasure in doing things: Nearly every day (3)" in text

    other = client.get(f"/admin/intake/consultationrequest/{without.pk}/change/")
    assert "Not added: the person did not add self-check answers" in other.content.decode()
    assert "Self-check question 9" not in other.content.decode()


def test_the_export_has_the_self_check_under_clear_columns(
    sign_in, client, intake_staff, make_request
):
    answered = timezone.localdate()
    consultation = make_request(self_check_answers="321032102", self_check_on=answered)
    without = make_request(email="other@example.org")
    sign_in(client, intake_staff)

    response = client.post(
        "/admin/intake/consultationrequest/",
        {"action": "export_csv", "_selected_action": [consultation.pk, without.pk]},
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = {row["number"]: row for row in csv.DictReader(io.StringIO(text))}
    added = rows[str(consultation.pk)]
    assert added["self-check total (PHQ-9, answered by the person)"] == "14"
    assert added["self-check answers, questions 1 to 9"] == "3 2 1 0 3 2 1 0 2"
    assert added["self-check answered on"] == answered.isoformat()
    assert rows[str(without.pk)]["self-check total (PHQ-9, answered by the person)"] == ""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, DESKTOP], ids=["390", "1280"])
def test_the_request_page_with_a_self_check_passes_axe_and_fits_a_phone(
    open_tab, live_server, sign_in_tab, make_staff, make_request, viewport
):
    staff = make_staff("frontdesk", groups=[staff_group("Intake staff")])
    consultation = make_request(self_check_answers="321032102", self_check_on=timezone.localdate())
    tab = sign_in_tab(open_tab(viewport), live_server.url, staff)
    tab.goto(f"{live_server.url}/admin/intake/consultationrequest/{consultation.pk}/change/")

    assert "14 out of 27: moderate." in tab.inner_text("#self-check-heading + .form-row")
    assert tab.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert axe_violations(tab) == []


def test_sending_again_from_the_self_check_says_it_was_sent_before_making_another(
    client, site_pages, make_answers, settings
):
    settings.INTAKE_MIN_SECONDS_TO_SUBMIT = 0
    value = carried_value(carry(client, self_check_post()).content.decode())
    client.post(FORM_URL, make_answers(self_check=value))
    first = ConsultationRequest.objects.get()

    # Back to the result and "Add my answers" again: the same person, sent once more.
    page = carry(client, self_check_post()).content.decode()
    started = re.search(r'name="started" value="([^"]*)"', page).group(1)
    again = client.post(FORM_URL, make_answers(self_check=value, started=started))

    assert f"You already sent request #{first.pk}" in again.content.decode()
    assert ConsultationRequest.objects.count() == 1


def test_the_queue_flags_a_self_check_with_thoughts_of_self_harm(
    client, site_pages, make_request, sign_in, intake_staff
):
    flagged = make_request(self_check_answers="000000001", self_check_on=timezone.localdate())
    make_request(self_check_answers="333333330", self_check_on=timezone.localdate())
    sign_in(client, intake_staff)

    queue = client.get("/admin/intake/consultationrequest/").content.decode()
    assert queue.count("Self-check question 9") == 1
    row = queue[queue.index(f"/admin/intake/consultationrequest/{flagged.pk}/change/") :]
    assert "Self-check question 9" in row[: row.index("</tr>")]

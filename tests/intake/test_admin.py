"""The staff queue in the admin: list, search, filters, follow-up, permissions (the export is in
test_export.py)."""

import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from intake.models import ConsultationRequest, overdue_cutoff

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/intake/consultationrequest/"


def change_url(consultation):
    return f"{CHANGELIST}{consultation.pk}/change/"


def rows(response):
    return [result.pk for result in response.context["cl"].result_list]


def test_the_queue_lists_urgent_first_then_oldest_new_first(
    sign_in, client, intake_staff, make_request
):
    now = timezone.now()
    old_contacted = make_request(full_name="Old contacted", status="contacted")
    old_contacted.received_at = now - timedelta(days=9)
    old_contacted.save()
    new_recent = make_request(full_name="New recent", received_at=now - timedelta(hours=1))
    new_old = make_request(full_name="New old", received_at=now - timedelta(days=2))
    urgent = make_request(full_name="Urgent", is_urgent=True, received_at=now)
    sign_in(client, intake_staff)

    response = client.get(CHANGELIST)

    assert response.status_code == 200
    assert rows(response) == [urgent.pk, new_old.pk, new_recent.pk, old_contacted.pk]
    html = response.content.decode()
    for column in ["Received", "Name", "Contact", "Status", "Needs", "Assigned to"]:
        assert f">{column}<" in html or f">{column}</a>" in html, column
    assert "Waiting" in html


def test_the_queue_shows_open_requests_urgent_uncontacted_first_then_overdue_new_before_contacted(
    sign_in, client, intake_staff, make_request
):
    now = timezone.now()

    def received(days_ago, **fields):
        return make_request(received_at=now - timedelta(days=days_ago), **fields)

    closed_urgent = received(10, is_urgent=True, status="closed")
    contacted = received(9, status="contacted")
    urgent_contacted = received(5, is_urgent=True, status="contacted")
    not_a_fit_urgent = received(3, is_urgent=True, status="not_a_fit")
    overdue_new = received(4)
    new_recent = received(0.1)
    scheduled = received(6, status="scheduled")
    urgent_new = received(0, is_urgent=True)
    sign_in(client, intake_staff)

    response = client.get(CHANGELIST)
    # Someone has called the urgent request, so the request overdue by days comes before it.
    assert rows(response) == [
        urgent_new.pk,
        overdue_new.pk,
        new_recent.pk,
        contacted.pk,
        scheduled.pk,
        urgent_contacted.pk,
    ]
    # The default order is no column's order, so no header shows a sort arrow.
    html = response.content.decode()
    assert "sorted ascending" not in html and "sorted descending" not in html
    assert "Open (new, contacted, scheduled)" in html

    assert rows(client.get(CHANGELIST, {"show": "finished"})) == [
        closed_urgent.pk,
        not_a_fit_urgent.pk,
    ]
    assert len(rows(client.get(CHANGELIST, {"show": "all"}))) == 8
    assert rows(client.get(CHANGELIST, {"status__exact": "closed"})) == [closed_urgent.pk]


def test_the_queue_says_ask_gently_sent_by_a_helper_and_links_the_same_persons_requests(
    sign_in, client, intake_staff, make_request
):
    now = timezone.now()
    first = make_request(email="Sam@Example.org", phone="", received_at=now - timedelta(days=30))
    again = make_request(email="sam@example.org ", phone="", received_at=now)
    by_phone = make_request(
        email="other@example.org",
        phone="+1 (408) 555-0199",
        contact_method="phone",
        received_at=now - timedelta(days=2),
    )
    by_phone_again = make_request(email="", phone="408.555.0199", received_at=now)
    long_ago = make_request(email="kim@example.org", received_at=now - timedelta(days=200))
    not_again = make_request(email="kim@example.org", phone="", received_at=now)
    gently = make_request(self_harm_thoughts="prefer_not_to_say", email="g@example.org")
    helped = make_request(submitted_by="someone_else", helper_name="Pat", email="h@example.org")
    sign_in(client, intake_staff)

    html = client.get(CHANGELIST).content.decode()

    def row(consultation):
        start = html.index(f'href="{change_url(consultation)}"')
        return html[start : html.index("</tr>", start)]

    assert f'<a href="{change_url(first)}">Same email or phone as #{first.pk}</a>' in row(again)
    assert f"Same email or phone as #{by_phone.pk}" in row(by_phone_again)
    assert "Same email or phone" not in row(first)
    assert "Same email or phone" not in row(not_again), long_ago
    assert "Ask gently" in row(gently) and "Ask gently" not in row(helped)
    assert "Sent by a helper" in row(helped) and "Sent by a helper" not in row(gently)
    # Phone numbers are kept on one line, and a phone calls them with a tap.
    call = '<a href="tel:+14085550199" class="nowrap">+1 (408) 555-0199</a>'
    assert f"Phone call: {call}" in row(by_phone)


def test_requests_new_for_over_a_business_day_stand_out(
    sign_in, client, intake_staff, make_request
):
    stale = make_request(full_name="Stale", received_at=overdue_cutoff() - timedelta(minutes=5))
    make_request(full_name="Fresh", received_at=timezone.now())
    sign_in(client, intake_staff)

    html = client.get(CHANGELIST).content.decode()
    assert html.count('<strong class="badge overdue">Overdue</strong>') == 1
    assert rows(client.get(CHANGELIST + "?waiting=overdue")) == [stale.pk]


@pytest.mark.parametrize(
    ("now", "received", "overdue"),
    [
        # Tuesday noon: Monday 11:00 has waited a business day, Monday 13:00 not yet.
        ("2025-06-10 12:00", "2025-06-09 11:00", True),
        ("2025-06-10 12:00", "2025-06-09 13:00", False),
        # Monday noon: Friday morning is overdue, Friday afternoon and the weekend are not.
        ("2025-06-09 12:00", "2025-06-06 11:00", True),
        ("2025-06-09 12:00", "2025-06-06 13:00", False),
        ("2025-06-09 12:00", "2025-06-07 09:00", False),
        # Saturday's request is overdue once the whole of Monday has passed.
        ("2025-06-10 00:30", "2025-06-07 09:00", True),
    ],
)
def test_one_business_day_skips_the_weekend(make_request, now, received, overdue):
    def local(text):
        return timezone.make_aware(datetime.fromisoformat(text))

    consultation = make_request(received_at=local(received))
    assert consultation.is_overdue(local(now)) is overdue
    assert ConsultationRequest.objects.overdue(local(now)).exists() is overdue


@pytest.mark.parametrize(
    "query", ["Rivera", "alex@example", "555-0100", "Zoë"], ids=["name", "email", "phone", "accent"]
)
def test_search_finds_by_name_email_and_phone(sign_in, client, intake_staff, make_request, query):
    wanted = make_request(
        full_name="Alex Rivera Zoë", email="alex@example.org", phone="650-555-0100"
    )
    make_request(full_name="Sam Other", email="sam@example.net", phone="408-555-0199")
    sign_in(client, intake_staff)

    assert rows(client.get(CHANGELIST, {"q": query})) == [wanted.pk]


def test_search_looks_through_closed_requests_and_possible_spam_too(
    sign_in, client, intake_staff, make_request
):
    closed = make_request(full_name="Robin Closed", status="closed", closed_at=timezone.now())
    spam = make_request(full_name="Robin Spam", possible_spam=True)
    open_one = make_request(full_name="Robin Open")
    sign_in(client, intake_staff)

    assert rows(client.get(CHANGELIST)) == [open_one.pk]
    found = client.get(CHANGELIST, {"q": "Robin"})
    assert sorted(rows(found)) == sorted([closed.pk, spam.pk, open_one.pk])
    # The filters say what the list holds: every request, not "Open" nor "Not spam".
    html = found.content.decode()
    assert re.search(r'<li class="selected">\s*<a href="[^"]*show=all[^"]*"[^>]*>All</a>', html)
    assert re.search(r'<li class="selected">\s*<a href="[^"]*spam=all[^"]*"[^>]*>Both</a>', html)
    # Asking for open ones, or the queue without spam, while searching, still works.
    assert sorted(rows(client.get(CHANGELIST, {"q": "Robin", "show": "open"}))) == sorted(
        [spam.pk, open_one.pk]
    )
    assert rows(client.get(CHANGELIST, {"q": "Robin", "show": "open", "spam": "no"})) == [
        open_one.pk
    ]


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("(415) 555-0102", "4155550102"),
        ("4155550102", "(415) 555-0102"),
        ("415.555.0102", "+1 415 555 0102"),
        ("+1 (415) 555-0102", "555 0102"),
    ],
)
def test_a_phone_number_is_found_however_it_was_typed(
    sign_in, client, intake_staff, make_request, stored, typed
):
    wanted = make_request(phone=stored)
    make_request(phone="(415) 555-0199")
    sign_in(client, intake_staff)

    assert rows(client.get(CHANGELIST, {"q": typed})) == [wanted.pk]


def test_filters_by_status_urgent_help_wanted_and_state(
    sign_in, client, intake_staff, make_request
):
    ptsd_ny = make_request(help_wanted=["ptsd", "anxiety"], state="NY", status="scheduled")
    ocd_urgent = make_request(help_wanted=["ocd"], is_urgent=True)
    sign_in(client, intake_staff)

    assert rows(client.get(CHANGELIST, {"help": "ptsd"})) == [ptsd_ny.pk]
    assert rows(client.get(CHANGELIST, {"help": "ocd"})) == [ocd_urgent.pk]
    assert rows(client.get(CHANGELIST, {"state__exact": "NY"})) == [ptsd_ny.pk]
    assert rows(client.get(CHANGELIST, {"status__exact": "scheduled"})) == [ptsd_ny.pk]
    assert rows(client.get(CHANGELIST, {"is_urgent__exact": "1"})) == [ocd_urgent.pk]
    html = client.get(CHANGELIST).content.decode()
    assert "By help wanted" in html and "By assigned to" in html
    assert "By received" in html


def test_what_the_patient_sent_is_read_only(sign_in, client, intake_staff, make_request):
    consultation = make_request(full_name="Alex Rivera", message="Please call after 5.")
    sign_in(client, intake_staff)

    response = client.get(change_url(consultation))
    html = response.content.decode()
    assert set(response.context["adminform"].form.fields) == set()
    assert "Alex Rivera" in html and "Please call after 5." in html

    client.post(change_url(consultation), {"full_name": "Changed", "message": "Changed"})
    consultation.refresh_from_db()
    assert consultation.full_name == "Alex Rivera"
    assert consultation.message == "Please call after 5."


def test_the_queue_and_a_request_are_named_for_the_front_desk(
    sign_in, client, intake_staff, make_request
):
    consultation = make_request()
    sign_in(client, intake_staff)

    queue = client.get(CHANGELIST).content.decode()
    page = client.get(change_url(consultation)).content.decode()

    assert "<h1>Consultation requests</h1>" in queue
    assert "<title>Consultation requests |" in queue
    assert f"<h1>Request #{consultation.pk}</h1>" in page
    assert f"<title>Request #{consultation.pk} |" in page
    for html in (queue, page):
        assert "consultation request to change" not in html
        assert "Change consultation request" not in html
    # The app and its list share a name, which the breadcrumbs give once.
    assert breadcrumbs(queue) == "Home › Consultation requests"
    assert breadcrumbs(page) == f"Home › Consultation requests › Request #{consultation.pk}"


def breadcrumbs(html):
    trail = re.search(r'<div class="breadcrumbs">(.*?)</div>', html, re.S)[1]
    return " ".join(re.sub(r"<[^>]+>", "", trail).replace("&rsaquo;", "›").split())


def test_actions_assign_to_me_and_mark_contacted(sign_in, client, intake_staff, make_request):
    first, second = make_request(), make_request(status="scheduled")
    sign_in(client, intake_staff)

    client.post(CHANGELIST, {"action": "assign_to_me", "_selected_action": [first.pk, second.pk]})
    client.post(CHANGELIST, {"action": "mark_contacted", "_selected_action": [first.pk, second.pk]})

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.assigned_to == intake_staff == second.assigned_to
    assert first.status == "contacted" and first.contacted_at
    assert second.status == "scheduled" and not second.contacted_at


def history(client, consultation):
    response = client.get(f"{CHANGELIST}{consultation.pk}/history/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_actions_are_recorded_in_each_requests_history(
    sign_in, client, intake_staff, make_request
):
    first, second = make_request(), make_request()
    sign_in(client, intake_staff)
    selected = {"_selected_action": [first.pk, second.pk]}

    client.post(CHANGELIST, {"action": "assign_to_me", **selected})
    client.post(CHANGELIST, {"action": "mark_contacted", **selected})
    client.post(CHANGELIST, {"action": "export_csv", **selected})

    for consultation in (first, second):
        page = history(client, consultation)
        assert "Assigned to intake" in page
        assert "Marked contacted" in page
        assert "Exported to CSV" in page


def test_assign_to_me_leaves_requests_someone_else_has_alone(
    sign_in, client, intake_staff, make_staff, make_request
):
    colleague = make_staff("colleague")
    theirs = [make_request(assigned_to=colleague), make_request(assigned_to=colleague)]
    free = make_request()
    sign_in(client, intake_staff)

    response = client.post(
        CHANGELIST,
        {"action": "assign_to_me", "_selected_action": [r.pk for r in [*theirs, free]]},
        follow=True,
    )

    page = response.content.decode()
    assert "1 request(s) assigned to you." in page
    assert "2 already assigned to someone else were left as they were." in page
    for consultation in theirs:
        consultation.refresh_from_db()
        assert consultation.assigned_to == colleague
        assert "Assigned to" not in history(client, consultation)
    free.refresh_from_db()
    assert free.assigned_to == intake_staff


def test_intake_staff_cannot_delete_or_add_requests(sign_in, client, intake_staff, make_request):
    consultation = make_request()
    sign_in(client, intake_staff)

    assert client.get(f"{CHANGELIST}{consultation.pk}/delete/").status_code == 403
    assert client.get(f"{CHANGELIST}add/").status_code == 403
    actions = client.get(CHANGELIST).context["action_form"].fields["action"].choices
    names = [name for name, _ in actions]
    assert "delete_selected" not in names
    assert {"assign_to_me", "mark_contacted", "export_csv"} <= set(names)


def test_a_content_editor_cannot_see_requests(sign_in, client, content_editor, make_request):
    consultation = make_request(full_name="Private Person")
    sign_in(client, content_editor)

    assert client.get(CHANGELIST).status_code == 403
    assert client.get(change_url(consultation)).status_code == 403
    index = client.get("/admin/").content.decode()
    assert CHANGELIST not in index
    assert "Private Person" not in index
    assert client.get("/admin/content/page/").status_code == 200
    assert client.get("/admin/content/practicedetails/").status_code == 200


def test_urgent_requests_say_so_in_words_in_the_queue(sign_in, client, intake_staff, make_request):
    make_request(full_name="Needs a call today", is_urgent=True)
    make_request(full_name="Can wait")
    sign_in(client, intake_staff)
    html = client.get(CHANGELIST).content.decode()
    assert html.count('<strong class="badge urgent">Urgent</strong>') == 1
    change_page = client.get(f"{CHANGELIST}{make_request().pk}/change/").content.decode()
    assert "View on site" not in change_page


def test_the_request_page_says_urgent_in_words(sign_in, client, intake_staff, make_request):
    consultation = make_request(is_urgent=True)
    sign_in(client, intake_staff)

    html = client.get(change_url(consultation)).content.decode()
    follow_up = html[html.index("<fieldset") : html.index("</fieldset>")]
    assert '<strong class="badge urgent">Urgent</strong>' in follow_up
    assert "icon-yes" not in follow_up


def test_the_queue_takes_the_same_queries_for_a_few_or_many_requests(
    sign_in, client, intake_staff, make_request
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sign_in(client, intake_staff)

    def queries():
        client.get(CHANGELIST)  # per-process caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(CHANGELIST).status_code == 200
        return len(captured)

    for n in range(3):
        make_request(email=f"p{n}@example.org", is_urgent=n == 0)
    few = queries()
    for n in range(60):
        make_request(email=f"q{n % 7}@example.org", status=["new", "contacted", "closed"][n % 3])
    assert queries() == few


# Possible spam: kept apart from the queue, under its own filter, until someone moves it.


def test_possible_spam_waits_apart_from_the_queue_under_its_own_filter(
    sign_in, client, intake_staff, make_request
):
    person = make_request(full_name="In the queue")
    spam = make_request(full_name="Looked automated", possible_spam=True, spam_reason="too_fast")
    sign_in(client, intake_staff)

    queue = client.get(CHANGELIST)
    assert rows(queue) == [person.pk]
    html = queue.content.decode()
    assert "Not spam (the queue)" in html and "Possible spam only" in html
    only_spam = client.get(CHANGELIST + "?spam=yes")
    assert rows(only_spam) == [spam.pk]
    # Each says why it was set apart, in a few words.
    badge = '<strong class="possible-spam">Possible spam: sent within seconds</strong>'
    assert badge in only_spam.content.decode()
    assert set(rows(client.get(CHANGELIST + "?spam=all"))) == {person.pk, spam.pk}
    # The dashboard's links (new, urgent…) lead to the queue, which leaves it out too.
    assert rows(client.get(CHANGELIST + "?status__exact=new")) == [person.pk]


def test_staff_move_possible_spam_to_the_queue_from_the_list_and_the_history_says_so(
    sign_in, client, intake_staff, make_request
):
    from django.contrib.admin.models import LogEntry

    spam = make_request(possible_spam=True, spam_reason="hidden_box")
    left = make_request(possible_spam=True, spam_reason="too_fast")
    sign_in(client, intake_staff)

    response = client.post(
        CHANGELIST + "?spam=yes", {"action": "move_to_queue", "_selected_action": [spam.pk]}
    )

    assert response.status_code == 302
    spam.refresh_from_db()
    assert not spam.possible_spam
    assert spam.spam_reason == "hidden_box"  # why it was flagged stays on record
    assert rows(client.get(CHANGELIST)) == [spam.pk]
    assert rows(client.get(CHANGELIST + "?spam=yes")) == [left.pk]
    entry = LogEntry.objects.get(object_id=str(spam.pk))
    assert (entry.user, entry.change_message) == (
        intake_staff,
        "Moved from possible spam to the queue",
    )


def test_the_request_page_says_why_it_looked_automated_and_one_button_moves_it(
    sign_in, client, intake_staff, make_request, settings
):
    from django.contrib.admin.models import LogEntry

    settings.INTAKE_SPAM_RETENTION_DAYS = 30
    spam = make_request(possible_spam=True, spam_reason="too_fast")
    sign_in(client, intake_staff)

    html = client.get(change_url(spam)).content.decode()
    flag = html[html.index('class="summary-flag possible-spam"') :]
    flag = flag[: flag.index("</p>")]
    assert "Possible spam:" in flag and "Sent within a few seconds" in flag
    assert "nobody was emailed" in flag and "deleted 30 days after it arrived" in flag
    assert 'name="step" value="not_spam"' in html

    response = client.post(f"{CHANGELIST}{spam.pk}/step/", {"step": "not_spam"})

    assert response.status_code == 302
    spam.refresh_from_db()
    assert not spam.possible_spam
    messages = LogEntry.objects.filter(object_id=str(spam.pk)).values_list(
        "change_message", flat=True
    )
    assert list(messages) == ["Moved from possible spam to the queue"]
    html = client.get(change_url(spam)).content.decode()
    assert 'value="not_spam"' not in html and "summary-flag possible-spam" not in html


def test_the_helper_who_calls_back_is_found_by_name_email_or_number(
    sign_in, client, intake_staff, make_request
):
    consultation = make_request(
        submitted_by="someone_else",
        helper_name="Maria Lopez",
        helper_email="maria@example.org",
        helper_phone="(415) 555-0102",
        person_agrees_to_contact="no",
    )
    make_request(full_name="Someone Else", phone="(650) 555-0100")
    sign_in(client, intake_staff)

    for typed in ["Maria", "maria@example.org", "4155550102", "415-555-0102", "555 0102"]:
        assert rows(client.get(CHANGELIST, {"q": typed})) == [consultation.pk], typed

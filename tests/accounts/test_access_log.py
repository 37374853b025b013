"""The access log: who viewed, exported or changed which request, and sign-in events; append-only
in the admin for everyone, superusers included; kept when a request is deleted."""

import io
from datetime import timedelta
from itertools import count

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import resolve
from django.utils import timezone

from accounts.models import AccessEvent
from intake.models import ConsultationRequest

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/intake/consultationrequest/"
LOG = "/admin/accounts/accessevent/"
Kind = AccessEvent.Kind


def change_url(consultation):
    return f"{CHANGELIST}{consultation.pk}/change/"


def events(kind):
    return list(AccessEvent.objects.filter(kind=kind))


@pytest.fixture
def staff_client(sign_in, client, intake_staff):
    sign_in(client, intake_staff)
    return client


def test_opening_a_request_leaves_exactly_one_entry(staff_client, intake_staff, make_request):
    consultation = make_request()

    response = staff_client.get(change_url(consultation), REMOTE_ADDR="192.0.2.10")

    assert response.status_code == 200
    [viewed] = events(Kind.VIEWED)
    assert viewed.user == intake_staff and viewed.username == "intake"
    assert viewed.request_number == consultation.pk
    assert viewed.ip_address == "192.0.2.10"
    # The queue itself is not a view of any one request.
    staff_client.get(CHANGELIST)
    assert len(events(Kind.VIEWED)) == 1


def test_exporting_a_request_leaves_exactly_one_entry(staff_client, intake_staff, make_request):
    from django.contrib.auth.models import Permission

    intake_staff.user_permissions.add(Permission.objects.get(codename="export_consultationrequest"))
    exported, other = make_request(), make_request()

    response = staff_client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [exported.pk]}
    )

    assert response["Content-Type"].startswith("text/csv")
    [entry] = events(Kind.EXPORTED)
    assert (entry.user, entry.request_number) == (intake_staff, exported.pk)
    assert not AccessEvent.objects.filter(request_number=other.pk).exists()


def test_a_status_change_leaves_exactly_one_entry(staff_client, intake_staff, make_request):
    consultation = make_request()

    staff_client.post(f"{CHANGELIST}{consultation.pk}/step/", {"step": "contacted"})

    [changed] = events(Kind.STATUS_CHANGED)
    assert changed.user == intake_staff and changed.request_number == consultation.pk
    assert changed.detail == "New → Contacted"
    assert not events(Kind.ASSIGNED) and not events(Kind.NOTE_ADDED)


def test_the_request_pages_buttons_leave_one_entry_each(staff_client, intake_staff, make_request):
    consultation = make_request()
    step = f"{CHANGELIST}{consultation.pk}/step/"

    staff_client.post(step, {"step": "assign"})
    staff_client.post(step, {"step": "contacted"})
    staff_client.post(step, {"step": "contacted"})  # pressed twice: the second changes nothing
    staff_client.post(step, {"step": "unassign"})

    [changed] = events(Kind.STATUS_CHANGED)
    assert (changed.user, changed.detail) == (intake_staff, "New → Contacted")
    assert sorted(e.detail for e in events(Kind.ASSIGNED)) == ["to intake", "unassigned"]


def test_printing_a_referrals_acknowledgement_leaves_one_entry_per_press(
    staff_client, intake_staff, make_request
):
    referral = make_request(submitted_by="clinician", referrer_name="Jane Okafor")
    url = f"{CHANGELIST}{referral.pk}/acknowledgement/"

    # Opening it shows the patient's name: a view, not a print.
    assert staff_client.get(url, REMOTE_ADDR="192.0.2.10").status_code == 200
    assert [e.request_number for e in events(Kind.VIEWED)] == [referral.pk]
    assert events(Kind.ACKNOWLEDGED) == []

    staff_client.post(url, REMOTE_ADDR="192.0.2.10")
    [printed] = events(Kind.ACKNOWLEDGED)
    assert (printed.user, printed.username, printed.request_number, printed.ip_address) == (
        intake_staff,
        "intake",
        referral.pk,
        "192.0.2.10",
    )
    assert printed.get_kind_display() == "printed a referral's acknowledgement"
    assert referral.full_name not in str(printed) + printed.detail
    staff_client.post(url)
    assert len(events(Kind.ACKNOWLEDGED)) == 2


def test_assigning_and_adding_a_note_are_logged(staff_client, intake_staff, make_request):
    first, second = make_request(), make_request()

    staff_client.post(CHANGELIST, {"action": "assign_to_me", "_selected_action": [first.pk]})
    staff_client.post(f"{CHANGELIST}{second.pk}/step/", {"step": "assign"})
    staff_client.post(f"{CHANGELIST}{second.pk}/note/", {"text": "Left a voicemail."})

    assigned = {(e.request_number, e.detail) for e in events(Kind.ASSIGNED)}
    assert assigned == {(first.pk, "to intake"), (second.pk, "to intake")}
    [note] = events(Kind.NOTE_ADDED)
    assert note.request_number == second.pk and note.user == intake_staff
    # The note's words stay with the request, not in the log.
    assert not AccessEvent.objects.filter(detail__contains="voicemail").exists()


@pytest.fixture
def boss_client(sign_in, client, make_staff, make_request):
    consultation = make_request()
    AccessEvent.objects.create(kind=Kind.VIEWED, username="intake", request_number=consultation.pk)
    sign_in(client, make_staff("boss", superuser=True))
    return client


def test_nobody_can_change_or_delete_entries_in_the_admin_not_even_a_superuser(boss_client):
    entry = AccessEvent.objects.get(kind=Kind.VIEWED)
    url = f"{LOG}{entry.pk}/change/"

    page = boss_client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert boss_client.post(url, {"username": "someone else"}).status_code == 403
    assert boss_client.get(f"{LOG}{entry.pk}/delete/").status_code == 403
    assert boss_client.post(f"{LOG}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert boss_client.get(f"{LOG}add/").status_code == 403
    changelist = boss_client.get(LOG).content.decode()
    assert "delete_selected" not in changelist
    boss_client.post(
        LOG, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    )
    entry.refresh_from_db()
    assert entry.username == "intake"


def test_entries_cannot_be_rewritten_in_code_either():
    entry = AccessEvent.objects.create(kind=Kind.SIGNED_IN, username="intake")
    entry.username = "someone else"
    with pytest.raises(ValueError):
        entry.save()


def test_superusers_filter_by_request_person_and_date(boss_client, make_request):
    other = make_request()
    AccessEvent.objects.create(kind=Kind.VIEWED, username="casey", request_number=other.pk)
    AccessEvent.objects.create(
        kind=Kind.VIEWED,
        username="intake",
        request_number=other.pk,
        at=timezone.now() - timedelta(days=40),
    )

    by_request = boss_client.get(f"{LOG}?request_number={other.pk}").content.decode()
    assert "casey" in by_request and by_request.count(f"#{other.pk}</a>") == 2
    by_person = boss_client.get(f"{LOG}?q=casey").content.decode()
    assert "casey" in by_person and "1 result (" in by_person
    today = timezone.localdate()
    by_date = boss_client.get(
        f"{LOG}?at__year={today.year}&at__month={today.month}&at__day={today.day}"
    ).content.decode()
    assert by_date.count(f"#{other.pk}</a>") == 1


def test_each_request_page_links_to_its_own_entries(boss_client, make_request):
    consultation = make_request()
    page = boss_client.get(change_url(consultation)).content.decode()
    assert f'href="{LOG}?request_number={consultation.pk}"' in page


def test_intake_staff_cannot_read_the_log(staff_client, make_request):
    assert staff_client.get(LOG).status_code == 403
    page = staff_client.get(change_url(make_request())).content.decode()
    assert LOG not in page


def test_deleting_closed_requests_keeps_their_entries_with_the_number(make_request):
    consultation = make_request(status="closed", closed_at=timezone.now() - timedelta(days=400))
    AccessEvent.objects.create(kind=Kind.VIEWED, username="intake", request_number=consultation.pk)

    call_command("purge_closed_requests", "--yes", stdout=io.StringIO())

    assert not type(consultation).objects.filter(pk=consultation.pk).exists()
    assert AccessEvent.objects.get(kind=Kind.VIEWED).request_number == consultation.pk


def test_entries_are_kept_six_years_by_default(settings):
    assert settings.ACCESS_LOG_RETENTION_DAYS >= 6 * 365
    now = timezone.now()
    AccessEvent.objects.create(kind=Kind.SIGNED_IN, at=now - timedelta(days=5 * 365))
    AccessEvent.objects.create(kind=Kind.SIGNED_IN, at=now - timedelta(days=6 * 365 + 10))

    out = io.StringIO()
    call_command("purge_access_log", stdout=out)
    assert "would delete 1 access log entries" in out.getvalue()
    assert AccessEvent.objects.count() == 2
    call_command("purge_access_log", "--yes", stdout=io.StringIO())
    assert AccessEvent.objects.get().at > now - timedelta(days=6 * 365)


def test_a_forwarded_address_that_is_not_one_never_breaks_the_log(client, make_staff, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    make_staff("intake")

    response = client.post(
        "/admin/login/",
        {"username": "intake", "password": "wrong"},
        headers={"X-Forwarded-For": "not-an-address"},
    )

    assert response.status_code == 200
    failed = AccessEvent.objects.get(kind=Kind.SIGN_IN_FAILED)
    # django-ipware passes over what is not an address and falls back to the proxy's own.
    assert failed.username == "intake" and failed.ip_address in (None, "127.0.0.1")


# How a request number may be written in an admin URL: only the plain number is the request's own
# address; the others (which the admin once unquoted and the ORM cast to the same request) must
# show nothing.
ID_FORMS = ["{}", "+{}", "%20{}", "%2B{}", "%09{}", "{}%20"]
# What staff may send to any of those URLs: a look, and each POST the request page answers with
# the page itself (every error path), rather than a redirect.
# The change form has no Save any more (the buttons are the one way to change a request), but a
# hand-made save is still sent: it must show nothing and change nothing.
STALE_SAVE = {"status": "scheduled", "close_reason": "", "assigned_to": "", "_save": "Save"}
PROBES = {
    "look": None,
    "close with no reason": {"step": "close"},
    "blank note": {"text": "   "},
    "4,001-character note": {"text": "x" * 4001},
    "stale change-form save": STALE_SAVE,
}
# The error pages each of those POSTs must give on its own URL, showing the request.
ERROR_PAGES = {
    ("<path:object_id>/step/", "close with no reason"): 400,
    ("<path:object_id>/note/", "blank note"): 400,
    ("<path:object_id>/note/", "4,001-character note"): 400,
    ("<path:object_id>/change/", "look"): 200,
    ("<path:object_id>/acknowledgement/", "look"): 200,
}


def request_id_routes():
    """Every admin URL that takes a request number, as the admin lists them: one added later is
    walked too."""
    model_admin = resolve(CHANGELIST).func.model_admin
    return [
        str(pattern.pattern)
        for pattern in model_admin.get_urls()
        if "object_id" in pattern.pattern.converters
    ]


def test_every_response_that_shows_a_request_is_in_the_log_and_nothing_else_shows_it(
    sign_in, intake_staff, make_staff, make_request
):
    routes = request_id_routes()
    assert {"<path:object_id>/change/", "<path:object_id>/step/"} <= set(routes)
    numbers = count(1)
    wrong, shown = [], {}
    for user in [intake_staff, make_staff("boss", superuser=True)]:
        client = sign_in(Client(), user)
        for route in routes:
            for id_form in ID_FORMS:
                for probe, data in PROBES.items():
                    # A new request each time: a POST to the delete page deletes it.
                    marker = f"Walkerperson{next(numbers)}"
                    # A clinician's referral: it has every page a request may have.
                    consultation = make_request(
                        full_name=marker,
                        status="contacted",
                        contacted_at=timezone.now(),
                        submitted_by="clinician",
                        referrer_name="Jane Okafor",
                    )
                    number = consultation.pk
                    url = CHANGELIST + route.replace("<path:object_id>", id_form.format(number))
                    canonical = id_form == "{}"
                    before = AccessEvent.objects.filter(kind=Kind.VIEWED).count()
                    send = client.get if data is None else client.post
                    response = send(url, data or {}, follow=not canonical)
                    shows = marker in response.content.decode()
                    viewed = AccessEvent.objects.filter(kind=Kind.VIEWED)
                    entries = list(viewed.filter(request_number=number))
                    what = f"{user.username} {probe} {url!r} → {response.status_code}"
                    if viewed.count() - before != len(entries):
                        wrong.append(f"{what}: an entry for another request")
                    if len(entries) != (1 if shows else 0):
                        wrong.append(f"{what}: shows={shows} with {len(entries)} entries")
                    if any(entry.username != user.username for entry in entries):
                        wrong.append(f"{what}: entry names someone else")
                    if not canonical and (shows or response.status_code != 404):
                        wrong.append(f"{what}: a number written oddly is not a 404")
                    if canonical:
                        shown[(user.username, route, probe)] = (response.status_code, shows)
    assert not wrong, "\n".join(wrong)
    assert not ConsultationRequest.objects.filter(status="scheduled").exists()
    for user in ["intake", "boss"]:
        for (route, probe), status in ERROR_PAGES.items():
            assert shown[(user, route, probe)] == (status, True), (user, route, probe)


@pytest.fixture
def boss(sign_in, make_staff):
    return sign_in(Client(), make_staff("boss", superuser=True))


def test_deleting_a_request_leaves_one_entry_with_its_number(boss, make_request):
    consultation, other = make_request(), make_request()

    response = boss.post(f"{CHANGELIST}{consultation.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not ConsultationRequest.objects.filter(pk=consultation.pk).exists()
    [deleted] = events(Kind.DELETED)
    assert (deleted.username, deleted.request_number) == ("boss", consultation.pk)
    assert ConsultationRequest.objects.filter(pk=other.pk).exists()


def test_deleting_selected_requests_leaves_one_entry_each(boss, make_request):
    chosen, kept = [make_request(), make_request()], make_request()

    boss.post(
        CHANGELIST,
        {
            "action": "delete_selected",
            "_selected_action": [consultation.pk for consultation in chosen],
            "post": "yes",
        },
    )

    assert list(ConsultationRequest.objects.values_list("pk", flat=True)) == [kept.pk]
    deleted = events(Kind.DELETED)
    assert sorted(entry.request_number for entry in deleted) == [c.pk for c in chosen]
    assert {entry.username for entry in deleted} == {"boss"}


def test_the_retention_purge_leaves_one_entry_naming_how_many_it_deleted(make_request, monkeypatch):
    from intake.management.commands import purge_closed_requests

    # Deleted in batches of two: still one entry for the whole run.
    monkeypatch.setattr(purge_closed_requests, "BATCH_SIZE", 2)
    long_ago = timezone.now() - timedelta(days=400)
    for _ in range(3):
        make_request(status="closed", closed_at=long_ago)
    make_request(status="closed", closed_at=timezone.now())
    # Possible spam nobody moved to the queue goes too, and says so in a line of its own.
    for _ in range(2):
        spam = make_request(possible_spam=True)
        ConsultationRequest.objects.filter(pk=spam.pk).update(received_at=long_ago)

    call_command("purge_closed_requests", stdout=io.StringIO())
    assert not events(Kind.DELETED)  # a dry run deletes nothing
    call_command("purge_closed_requests", "--yes", stdout=io.StringIO())
    call_command("purge_closed_requests", "--yes", stdout=io.StringIO())  # nothing left to delete

    purges = sorted(events(Kind.DELETED), key=lambda entry: entry.detail)
    assert [entry.request_number for entry in purges] == [None, None]
    assert purges[0].detail.startswith("2 possible spam requests, received before")
    assert purges[1].detail.startswith("3 closed requests, closed before")
    assert ConsultationRequest.objects.count() == 1


def test_a_deleted_staff_members_entries_keep_their_name_and_can_still_be_picked(
    sign_in, client, boss, intake_staff, make_request
):
    consultation = make_request()
    sign_in(client, intake_staff)
    client.get(change_url(consultation))

    boss.post(f"/admin/auth/user/{intake_staff.pk}/delete/", {"post": "yes"})

    assert not type(intake_staff).objects.filter(username="intake").exists()
    viewed = AccessEvent.objects.get(kind=Kind.VIEWED)
    assert (viewed.username, viewed.user) == ("intake", None)
    log = boss.get(LOG).content.decode()
    # The person filter still offers them, and finds what they did.
    assert "?person=intake" in log
    theirs = boss.get(f"{LOG}?person=intake").content.decode()
    assert theirs.count(f"#{consultation.pk}</a>") == 1
    assert 'field-username">intake<' in theirs
    entry = boss.get(f"{LOG}{viewed.pk}/change/").content.decode()
    assert "intake" in entry and "No account by this name now" in entry


@pytest.mark.parametrize("how", ["one", "selected"])
def test_staff_who_worked_a_request_are_deactivated_not_deleted(
    sign_in, client, boss, intake_staff, make_request, how
):
    consultation = make_request()
    sign_in(client, intake_staff)
    client.post(change_url(consultation).replace("change/", "step/"), {"step": "assign"})
    client.post(change_url(consultation).replace("change/", "note/"), {"text": "Left a voicemail."})

    if how == "one":
        page = boss.post(f"/admin/auth/user/{intake_staff.pk}/delete/", {"post": "yes"})
    else:
        page = boss.post(
            "/admin/auth/user/",
            {"action": "delete_selected", "_selected_action": [intake_staff.pk], "post": "yes"},
        )

    # Django would have deleted their steps from the request's history with them.
    assert type(intake_staff).objects.filter(pk=intake_staff.pk).exists()
    html = page.content.decode()
    assert "their steps and notes on consultation requests" in html
    assert "untick “Active”" in html
    history = boss.get(change_url(consultation).replace("change/", "history/")).content.decode()
    assert "Assigned to intake" in history
    assert consultation.notes.get().author == intake_staff

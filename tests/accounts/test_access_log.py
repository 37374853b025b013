"""The access log: who viewed, exported or changed which request, and sign-in events; append-only
in the admin for everyone, superusers included; kept when a request is deleted."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import AccessEvent

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

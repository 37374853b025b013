"""The front desk dashboard on the admin's front page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intake.models import ConsultationRequest, StaffNotice, overdue_cutoff

pytestmark = pytest.mark.django_db

INDEX = "/admin/"


def dashboard(html):
    return html[html.index('id="front-desk-heading"') : html.index("</section>")]


def test_counts_link_to_the_queue_filtered_the_same_way(
    sign_in, client, intake_staff, make_staff, make_request
):
    now = timezone.now()
    colleague = make_staff("colleague")
    make_request(is_urgent=True)
    make_request(received_at=overdue_cutoff() - timedelta(hours=2))
    make_request(assigned_to=intake_staff, status="contacted")
    make_request(assigned_to=colleague, status="scheduled")
    make_request(status="closed", closed_at=now)
    sign_in(client, intake_staff)

    desk = dashboard(client.get(INDEX).content.decode())
    expected = {
        "Urgent, waiting for a call": ("1", "?is_urgent__exact=1&amp;status__exact=new"),
        "New": ("2", "?status__exact=new"),
        "Overdue (new for over a business day)": ("1", "?waiting=overdue"),
        "Open and unassigned": ("2", "?assigned=nobody"),
        "Open and assigned to me": ("1", "?assigned=me"),
    }
    for label, (number, query) in expected.items():
        link = f'<a href="/admin/intake/consultationrequest/{query}"><span class="desk-number">'
        assert f'{link}{number}</span> <span class="desk-label">{label}</span>' in desk, label
    # Each link shows as many requests in the queue as the count says.
    for label, (number, query) in expected.items():
        response = client.get("/admin/intake/consultationrequest/" + query.replace("&amp;", "&"))
        assert len(response.context["cl"].result_list) == int(number), label


def test_the_next_request_oldest_waiting_and_median_first_contact(
    sign_in, client, intake_staff, make_request
):
    now = timezone.now()
    oldest = make_request(received_at=now - timedelta(days=3))
    urgent = make_request(is_urgent=True, received_at=now - timedelta(hours=1))
    for hours in (1, 3, 5):
        make_request(
            status="contacted",
            received_at=now - timedelta(days=2),
            contacted_at=now - timedelta(days=2) + timedelta(hours=hours),
        )
    sign_in(client, intake_staff)

    desk = dashboard(client.get(INDEX).content.decode())
    assert f'href="/admin/intake/consultationrequest/{urgent.pk}/change/"' in desk
    assert f"Open the next request: #{urgent.pk}, urgent" in desk
    assert f"Request #{oldest.pk}</a>, 3\xa0days" in desk
    assert "3\xa0hours" in desk  # the median of 1, 3 and 5 hours


def test_the_weekly_chart_is_drawn_on_the_server_with_a_text_alternative(
    sign_in, client, intake_staff, make_request
):
    now = timezone.now()
    make_request(received_at=now, status="contacted", contacted_at=now + timedelta(hours=1))
    make_request(received_at=now)
    make_request(received_at=now - timedelta(weeks=20))  # before the 12 weeks
    sign_in(client, intake_staff)

    desk = dashboard(client.get(INDEX).content.decode())
    svg = desk[desk.index("<svg") : desk.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert svg.count('<rect class="bar"') == 12
    assert "2 requests, 50% contacted within one business day" in svg
    assert "style=" not in desk and "<script" not in desk
    assert "<caption>Requests per week" in desk and "50% (1)" in desk


def test_unsent_notices_show_most_urgent_first_and_late_urgent_ones_in_red(
    sign_in, client, intake_staff, make_request
):
    now = timezone.now()
    routine = make_request()
    urgent_late = make_request(is_urgent=True)
    urgent_recent = make_request(is_urgent=True)
    sent = make_request()
    StaffNotice.objects.create(request=routine, link="x", created_at=now - timedelta(hours=1))
    StaffNotice.objects.create(
        request=urgent_late, is_urgent=True, link="x", created_at=now - timedelta(minutes=11)
    )
    StaffNotice.objects.create(
        request=urgent_recent, is_urgent=True, link="x", created_at=now - timedelta(minutes=2)
    )
    StaffNotice.objects.create(request=sent, link="x", sent_at=now)
    sign_in(client, intake_staff)

    desk = dashboard(client.get(INDEX).content.decode())
    notices = desk[desk.index('id="unsent-notices"') :]
    order = [notices.index(f"Request #{r.pk}<") for r in (urgent_late, urgent_recent, routine)]
    assert order == sorted(order)
    assert f"Request #{sent.pk}<" not in notices
    late = notices[notices.index('<li class="late">') :]
    assert late.index(f"Request #{urgent_late.pk}<") < late.index("</li>")
    assert notices.count('class="late"') == 1


def test_mail_down_the_dashboard_shows_the_waiting_notice(
    client,
    sign_in,
    intake_staff,
    make_answers,
    settings,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    settings.INTAKE_NOTIFY_EMAILS = ["team@example.org"]

    def refused(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("intake.services.send_mail", refused)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/consultation/", make_answers(self_harm_thoughts="yes"))
    saved = ConsultationRequest.objects.get()
    sign_in(client, intake_staff)

    desk = dashboard(client.get(INDEX).content.decode())
    assert f"Request #{saved.pk}</a> <strong>urgent</strong>" in desk
    assert "ConnectionRefusedError" in desk
    assert "The mail server refused these" in desk
    assert "No staff email address is set" not in desk


def test_with_no_staff_address_set_the_dashboard_says_so_not_that_mail_failed(
    client, sign_in, intake_staff, make_answers, settings, django_capture_on_commit_callbacks
):
    settings.INTAKE_NOTIFY_EMAILS = []
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/consultation/", make_answers())
    saved = ConsultationRequest.objects.get()
    sign_in(client, intake_staff)

    desk = dashboard(client.get(INDEX).content.decode())
    assert f"Request #{saved.pk}</a>" in desk
    assert "No staff email address is set, so nobody was emailed; ask your administrator." in desk
    assert "mail server" not in desk and "INTAKE_NOTIFY_EMAILS" not in desk


def test_a_content_editor_sees_no_dashboard(sign_in, client, content_editor, make_request):
    make_request()
    sign_in(client, content_editor)
    assert "front-desk-heading" not in client.get(INDEX).content.decode()


def test_intake_staff_see_the_front_desk_without_an_app_list_or_recent_actions(
    sign_in, client, intake_staff, make_staff, make_request
):
    from django.test import Client

    make_request()
    sign_in(client, intake_staff)
    index = client.get(INDEX).content.decode()
    assert "front-desk-heading" in index
    assert "Recent actions" not in index and 'class="app-intake module' not in index
    assert 'id="content-related"' not in index

    # Everyone else keeps the admin's own list of what they may open.
    boss = sign_in(Client(), make_staff("boss", superuser=True)).get(INDEX).content.decode()
    assert "front-desk-heading" in boss
    assert "Recent actions" in boss and 'class="app-intake module' in boss


def test_the_dashboard_takes_the_same_queries_with_10_or_1000_requests(
    sign_in, client, intake_staff, make_request, django_assert_max_num_queries
):
    template = make_request()
    ConsultationRequest.objects.all().delete()
    fields = {
        f.attname: getattr(template, f.attname)
        for f in ConsultationRequest._meta.concrete_fields
        if not f.primary_key
    }
    now = timezone.now()

    def add(count):
        ConsultationRequest.objects.bulk_create(
            ConsultationRequest(
                **{
                    **fields,
                    "received_at": now - timedelta(hours=n % 2000),
                    "status": ["new", "contacted", "closed"][n % 3],
                    "is_urgent": n % 7 == 0,
                }
            )
            for n in range(count)
        )
        StaffNotice.objects.bulk_create(
            StaffNotice(request=r, link="x", is_urgent=r.is_urgent)
            for r in ConsultationRequest.objects.filter(staff_notice__isnull=True)[:count]
        )

    sign_in(client, intake_staff)
    add(10)
    client.get(INDEX)  # fills per-process caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(INDEX).status_code == 200
    small_count = len(small)
    # A query per request would show as 990 more; make bench-admin times 100,000 of them.
    add(990)
    with django_assert_max_num_queries(small_count):
        assert client.get(INDEX).status_code == 200


def test_recent_actions_read_one_persons_latest_history_through_an_index():
    from django.contrib.admin.models import LogEntry

    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, LogEntry._meta.db_table)
    indexed = [c["columns"] for c in constraints.values() if c["index"]]
    assert ["user_id", "action_time"] in indexed


def test_possible_spam_is_not_counted_as_work_waiting(sign_in, client, intake_staff, make_request):
    from intake import dashboard as desk

    now = timezone.now()
    make_request(received_at=now - timedelta(days=1))
    for urgent in (True, False):
        make_request(
            possible_spam=True,
            spam_reason="too_fast",
            is_urgent=urgent,
            received_at=now - timedelta(days=5),
        )

    counts = {count.label: count.number for count in desk.counts(intake_staff, now)}
    assert counts["Urgent, waiting for a call"] == 0
    assert counts["New"] == 1
    assert counts["Overdue (new for over a business day)"] == 1
    assert counts["Open and unassigned"] == 1
    assert not desk.next_in_queue().possible_spam
    assert not desk.oldest_waiting().possible_spam
    assert sum(week["count"] for week in desk.weekly(now)) == 1

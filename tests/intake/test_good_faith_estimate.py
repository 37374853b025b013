"""How the person expects to pay, the Good Faith Estimate they may ask for, and the front desk's
part: its due date, the "sent" step, the dashboard, the queue and the export (issue 15)."""

import csv
import html
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import AccessEvent
from intake import questions
from intake.business_days import estimate_due_on
from intake.models import ConsultationRequest

pytestmark = pytest.mark.django_db

FORM_URL = "/consultation/"
CHANGELIST = "/admin/intake/consultationrequest/"
STYLESHEET = Path(__file__).resolve().parents[2] / "static" / "css" / "site.css"
PAYMENT = ["how_paying", "insurance_plan", "wants_good_faith_estimate"]
# Long enough ago that 3 business days are over whatever the holidays.
LONG_AGO = timedelta(days=10)


def change_url(consultation):
    return f"{CHANGELIST}{consultation.pk}/change/"


def step(client, consultation, name):
    return client.post(f"{CHANGELIST}{consultation.pk}/step/", {"step": name})


def history(consultation):
    return list(
        LogEntry.objects.filter(object_id=str(consultation.pk))
        .order_by("pk")
        .values_list("change_message", flat=True)
    )


def summary_of(page):
    page = page.content.decode()
    return page[page.index('id="summary-heading"') : page.index('id="notes"')]


def form_of(page):
    page = page.content.decode()
    return page[page.index('<form class="intake-form"') : page.index("</form>")]


def checked(form, name, value):
    tag = re.search(rf'<input[^>]*name="{name}" value="{value}"[^>]*>', form)[0]
    return " checked" in tag


# The form.


def test_the_payment_questions_are_optional(client, make_answers):
    response = client.post(FORM_URL, make_answers(**dict.fromkeys(PAYMENT)))

    assert response.status_code == 302
    saved = ConsultationRequest.objects.get()
    assert (saved.how_paying, saved.insurance_plan, saved.wants_good_faith_estimate) == ("", "", "")
    form = form_of(client.get(FORM_URL))
    for name in PAYMENT:
        assert "(optional)" in questions.BY_NAME[name].you, name
        assert (
            f'name="{name}"' in form
            and "required" not in re.search(rf'<input[^>]*name="{name}"[^>]*>', form)[0]
        ), name


def test_self_pay_and_a_request_for_an_estimate_are_saved(client, make_answers):
    client.post(
        FORM_URL,
        make_answers(how_paying="self_pay", insurance_plan=None, wants_good_faith_estimate="yes"),
    )

    saved = ConsultationRequest.objects.get()
    assert saved.how_paying == "self_pay" and saved.wants_good_faith_estimate == "yes"
    assert saved.asked_for_estimate


@pytest.mark.parametrize("how_paying", ["insurance", "medicare", "medicaid", "not_sure", ""])
def test_the_estimate_answer_is_ignored_unless_self_pay_is_chosen(client, make_answers, how_paying):
    # With JavaScript off and an old browser every question shows; only self-pay asks this one.
    client.post(FORM_URL, make_answers(how_paying=how_paying, wants_good_faith_estimate="yes"))

    saved = ConsultationRequest.objects.get()
    assert saved.wants_good_faith_estimate == "" and not saved.asked_for_estimate


def test_the_plan_name_is_kept_only_for_health_insurance(client, make_answers):
    client.post(FORM_URL, make_answers(how_paying="medicare", insurance_plan="Blue Shield"))
    client.post(FORM_URL, make_answers(how_paying="insurance", insurance_plan="Kaiser Silver"))

    assert list(
        ConsultationRequest.objects.order_by("pk").values_list("insurance_plan", flat=True)
    ) == [
        "",
        "Kaiser Silver",
    ]


def test_the_payment_answers_stay_in_a_form_returned_with_a_mistake(client, make_answers):
    for answers in [
        {"how_paying": "self_pay", "wants_good_faith_estimate": "no"},
        {"how_paying": "insurance", "insurance_plan": "Blue Shield de México"},
    ]:
        posted = client.post(FORM_URL, make_answers(full_name="", **answers))
        assert posted.status_code == 303
        form = html.unescape(form_of(client.get(posted["Location"])))

        assert "Enter your full name." in form
        assert checked(form, "how_paying", answers["how_paying"])
        if "wants_good_faith_estimate" in answers:
            assert checked(form, "wants_good_faith_estimate", "no")
            assert not checked(form, "wants_good_faith_estimate", "yes")
        else:
            assert 'value="Blue Shield de México"' in form
    assert not ConsultationRequest.objects.exists()


def test_the_payment_question_links_to_the_good_faith_estimate_notice(client, site_pages):
    form = form_of(client.get(FORM_URL))

    question = form[form.index('id="div_id_how_paying"') : form.index('id="div_id_insurance_plan"')]
    link = re.search(r'<a href="([^"]+)">([^<]+)</a>', question)
    assert link[1] == "/costs-and-insurance/#good-faith-estimate"
    assert "Good Faith Estimate" in link[2]
    address, anchor = link[1].split("#")
    assert f'id="{anchor}"' in client.get(address).content.decode()


def test_the_estimate_question_says_what_one_is_and_who_has_the_right(client):
    form = html.unescape(form_of(client.get(FORM_URL)))
    question = form[form.index('id="div_id_wants_good_faith_estimate"') :]

    assert "Would you like a Good Faith Estimate? (optional)" in question
    assert "Would they like a Good Faith Estimate? (optional)" in question
    hint = re.search(r'class="form-text">([^<]+)<', question)[1]
    assert "written estimate of the expected charges" in hint and "before care" in hint
    assert "no insurance, or who choose not to use it" in hint
    assert "Medicare" not in hint and "Medicaid" not in hint


def test_each_answer_that_reveals_questions_opens_its_own_group_without_javascript(client):
    form = form_of(client.get(FORM_URL))
    how_paying = form[form.index('id="div_id_how_paying"') :]
    # The radio says which group after the question it opens, and the groups follow in order.
    for position, (value, group) in enumerate(
        [("insurance", "conditional-insurance-plan"), ("self_pay", "conditional-estimate")],
        start=1,
    ):
        tag = re.search(rf'<input[^>]*value="{value}"[^>]*>', how_paying)[0]
        assert f'aria-controls="{group}"' in tag and f'data-reveals="{position}"' in tag
    groups = re.findall(r'<div id="(conditional-[\w-]+)"', how_paying)
    assert groups[:2] == ["conditional-insurance-plan", "conditional-estimate"]
    for value in ["medicare", "medicaid", "not_sure"]:
        tag = re.search(rf'<input[^>]*value="{value}"[^>]*>', how_paying)[0]
        assert "aria-controls" not in tag, value
    # The stylesheet shows each group while its answer is chosen, with JavaScript off too.
    css = STYLESHEET.read_text()
    assert '.question:has([data-reveals="1"]:checked) + .conditional,' in css
    assert '.question:has([data-reveals="2"]:checked) + .conditional + .conditional {' in css
    for question in questions.ALL:
        assert len(questions.reveals_of(question.name)) <= questions.REVEALS_PER_QUESTION


# The request page.


def test_the_request_page_shows_the_due_date_and_says_late_in_words(
    sign_in, client, intake_staff, make_request
):
    now = timezone.now()
    due = make_request(how_paying="self_pay", wants_good_faith_estimate="yes", received_at=now)
    late = make_request(
        how_paying="self_pay", wants_good_faith_estimate="yes", received_at=now - LONG_AGO
    )
    sign_in(client, intake_staff)

    summary = summary_of(client.get(change_url(due)))
    day = date_format(estimate_due_on(due.received_at), "l, F j, Y")
    assert f"Asked for: send it by {day} (3 business days after the request)" in summary
    assert "Late" not in summary
    assert 'value="estimate_sent"' in summary

    summary = summary_of(client.get(change_url(late)))
    assert '<strong class="badge late">Late</strong>' in summary


def test_staff_see_the_payment_answers_on_the_request_page(
    sign_in, client, intake_staff, make_request
):
    from tests.intake.test_request_page import shown_answer

    consultation = make_request(how_paying="self_pay", wants_good_faith_estimate="no")
    sign_in(client, intake_staff)

    page = client.get(change_url(consultation)).content.decode()
    assert shown_answer(page, "how_paying") == "Paying without using insurance (self-pay)"
    assert shown_answer(page, "insurance_plan") == "Not asked"
    assert shown_answer(page, "wants_good_faith_estimate") == "No"
    assert "Good Faith Estimate</dt>" not in summary_of(client.get(change_url(consultation)))


def test_an_answer_sent_before_the_payment_question_is_still_shown(
    sign_in, client, intake_staff, make_request
):
    from tests.intake.test_request_page import shown_answer

    # What the old free-text question held, kept in the plan's name by the migration.
    consultation = make_request(how_paying="", insurance_plan="Self-pay for now")
    sign_in(client, intake_staff)

    page = client.get(change_url(consultation)).content.decode()
    assert shown_answer(page, "insurance_plan") == "Self-pay for now"
    assert shown_answer(page, "how_paying") == "Not answered"


def test_estimate_sent_is_recorded_in_the_history_and_access_log_once(
    sign_in, client, intake_staff, make_request
):
    consultation = make_request(how_paying="self_pay", wants_good_faith_estimate="yes")
    sign_in(client, intake_staff)

    assert step(client, consultation, "estimate_sent").status_code == 302
    again = step(client, consultation, "estimate_sent")  # a second press, or a colleague's

    assert again.status_code == 302
    consultation.refresh_from_db()
    assert consultation.estimate_sent_by == intake_staff
    assert timezone.now() - consultation.estimate_sent_at < timedelta(minutes=1)
    assert history(consultation) == ["Good Faith Estimate sent"]
    logged = AccessEvent.objects.filter(request_number=consultation.pk, kind="estimate_sent")
    assert [(line.user, line.username) for line in logged] == [(intake_staff, "intake")]

    summary = html.unescape(summary_of(client.get(change_url(consultation))))
    when = date_format(timezone.localtime(consultation.estimate_sent_at), "DATETIME_FORMAT")
    assert f"Asked for, and sent: recorded {when} by intake" in summary
    assert 'value="estimate_sent"' not in summary  # the button is gone


def test_estimate_sent_needs_a_request_that_asked_for_one(
    sign_in, client, intake_staff, make_request
):
    consultation = make_request(how_paying="medicare")
    sign_in(client, intake_staff)

    step(client, consultation, "estimate_sent")

    consultation.refresh_from_db()
    assert consultation.estimate_sent_at is None and history(consultation) == []
    assert not AccessEvent.objects.filter(kind="estimate_sent").exists()
    assert 'value="estimate_sent"' not in summary_of(client.get(change_url(consultation)))


def test_two_people_recording_the_estimate_at_once_record_it_once(make_request, make_staff):
    consultation = make_request(how_paying="self_pay", wants_good_faith_estimate="yes")
    first, second = (ConsultationRequest.objects.get(pk=consultation.pk) for _ in range(2))

    assert first.record_estimate_sent(make_staff("first")) is True
    assert second.record_estimate_sent(make_staff("second")) is False
    assert second.estimate_sent_by.username == "first"
    assert AccessEvent.objects.filter(kind="estimate_sent").count() == 1


# The dashboard, the queue and the export.


def test_the_dashboard_counts_estimates_due_and_marks_the_late_ones_in_red_and_words(
    sign_in, client, intake_staff, make_request
):
    now = timezone.now()
    asked = {"how_paying": "self_pay", "wants_good_faith_estimate": "yes"}
    make_request(**asked, received_at=now)  # due, not late
    late = make_request(**asked, received_at=now - LONG_AGO)
    closed = make_request(**asked, received_at=now - LONG_AGO, status="closed", closed_at=now)
    make_request(**asked, estimate_sent_at=now, received_at=now - LONG_AGO)  # sent
    make_request(**asked, possible_spam=True, spam_reason="too_fast")  # not work yet
    make_request(how_paying="self_pay", wants_good_faith_estimate="no")
    sign_in(client, intake_staff)

    page = client.get("/admin/").content.decode()
    desk = page[page.index('id="front-desk-heading"') : page.index("</section>")]
    to_send = re.search(
        r'<li><a href="([^"]+)"><span class="desk-number">(\d+)</span> '
        r'<span class="desk-label">Good Faith Estimates to send</span>',
        desk,
    )
    overdue = re.search(
        r'<li class="late"><a href="([^"]+)"><span class="desk-number">(\d+)</span> '
        r'<span class="desk-label">(Good Faith Estimates late[^<]*)</span>',
        desk,
    )
    assert to_send[2] == "3" and overdue[2] == "2"
    assert overdue[3] == "Good Faith Estimates late (over 3 business days)"
    # Each count's link opens the queue on those very requests, closed ones included.
    for link, expected in [(to_send[1], 3), (overdue[1], {late.pk, closed.pk})]:
        shown = client.get(html.unescape(link)).context["cl"].result_list
        if isinstance(expected, set):
            assert {r.pk for r in shown} == expected
        else:
            assert len(shown) == expected


def test_no_late_estimate_is_not_shown_in_red(sign_in, client, intake_staff, make_request):
    make_request(how_paying="self_pay", wants_good_faith_estimate="yes")
    sign_in(client, intake_staff)

    page = client.get("/admin/").content.decode()
    assert '<li class="late">' not in page
    assert re.search(
        r'desk-number">0</span> <span class="desk-label">Good Faith Estimates late', page
    )


def test_the_queue_says_when_an_estimate_is_due_or_late(
    sign_in, client, intake_staff, make_request
):
    now = timezone.now()
    asked = {"how_paying": "self_pay", "wants_good_faith_estimate": "yes"}
    due = make_request(**asked, full_name="Due Person", received_at=now)
    make_request(**asked, full_name="Late Person", received_at=now - LONG_AGO)
    sign_in(client, intake_staff)

    page = client.get(CHANGELIST).content.decode()
    day = date_format(estimate_due_on(due.received_at), "M j")
    assert f'<span class="badge">Good Faith Estimate due {day}</span>' in page
    assert '<strong class="badge late">Good Faith Estimate late</strong>' in page
    assert "Good Faith Estimate" in page[page.index('id="changelist-filter"') :]


def test_the_export_has_the_payment_answers_and_the_estimates_dates(
    sign_in, client, intake_staff, make_request
):
    consultation = make_request(how_paying="self_pay", wants_good_faith_estimate="yes")
    consultation.record_estimate_sent(intake_staff)
    sign_in(client, intake_staff)

    response = client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [consultation.pk]}
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(text)))

    assert row["how paying"] == "Paying without using insurance (self-pay)"
    assert row["insurance plan"] == ""
    assert row["wants Good Faith Estimate"] == "Yes"
    assert row["Good Faith Estimate due"] == estimate_due_on(consultation.received_at).isoformat()
    sent = timezone.localtime(consultation.estimate_sent_at).isoformat()
    assert row["Good Faith Estimate sent"] == sent
    assert row["Good Faith Estimate sent by"] == "intake"


# What people wrote before the form asked how they expect to pay.


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_every_old_insurance_answer_as_the_plans_name():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    migrations = executor.loader.disk_migrations
    # The migration that took the free-text field away, however it did it.
    renaming = next(
        key
        for key, migration in migrations.items()
        if key[0] == "intake"
        and any(
            "insurance" in (getattr(op, "old_name", None), getattr(op, "name", None))
            and getattr(op, "model_name", "") == "consultationrequest"
            for op in migration.operations
        )
    )
    before = [dep for dep in migrations[renaming].dependencies if dep[0] == "intake"]
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(before)
        old = executor.loader.project_state(before).apps.get_model("intake", "ConsultationRequest")
        written = "Aetna — or self-pay if they won't cover it"
        old.objects.create(
            full_name="Before", state="CA", self_harm_thoughts="no", insurance=written
        )
        old.objects.create(full_name="Skipped", state="CA", self_harm_thoughts="no")

        executor = MigrationExecutor(connection)
        executor.migrate([renaming])

        kept = ConsultationRequest.objects.order_by("pk").values_list(
            "insurance_plan", "how_paying", "wants_good_faith_estimate"
        )
        assert list(kept) == [(written, "", ""), ("", "", "")]
    finally:
        MigrationExecutor(connection).migrate(latest)

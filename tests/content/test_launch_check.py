"""`manage.py launch_check` and the admin's "Before launch" list: on a fresh database they name
everything missing; once staff enter it in the admin, the command exits 0."""

import re
from datetime import date
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from content.models import Page, PracticePolicy
from content.policies import POLICIES

pytestmark = pytest.mark.django_db


def launch_check():
    out = StringIO()
    try:
        call_command("launch_check", stdout=out)
    except CommandError as error:
        return 1, out.getvalue() + str(error)
    return 0, out.getvalue()


class FormValues(HTMLParser):
    """The values a browser would send from the admin's change form."""

    def __init__(self):
        super().__init__()
        self.values, self.select, self.textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") == "checkbox":
                if "checked" in attrs:
                    self.values[name] = "on"
            else:
                self.values[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self.select = name
            self.values.setdefault(name, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.values[self.select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self.textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        if tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.values[self.textarea] += data


def save_in_admin(client, url, **changes):
    parser = FormValues()
    parser.feed(client.get(url).content.decode())
    data = {**parser.values, **changes}
    data = {k: v for k, v in data.items() if v is not None}
    response = client.post(url, data)
    assert response.status_code == 302, re.findall(
        r'class="errorlist[^"]*">(.*?)</ul>', response.content.decode()
    )


@pytest.fixture
def superuser_client(client, make_staff, sign_in):
    return sign_in(client, make_staff("lead", superuser=True))


def test_a_fresh_database_lists_everything_missing_and_exits_non_zero(site_pages, settings):
    settings.INTAKE_NOTIFY_EMAILS = []
    status, output = launch_check()
    assert status == 1
    assert "Practice details missing: phone, email" in output
    assert f"{site_pages.filter(is_medical=True).count()} medical page(s) not reviewed" in output
    clinical = [p for p in POLICIES.values() if not p.about_payment]
    payment = [p for p in POLICIES.values() if p.about_payment]
    assert f"{len(clinical)} practice policy(ies) not confirmed by a clinician" in output
    assert (
        f"{len(payment)} payment term(s) not confirmed by the person responsible for billing"
        in output
    )
    assert all(p.label not in output.split("payment term(s)")[0] for p in payment)
    assert "INTAKE_NOTIFY_EMAILS" in output
    assert "No active staff account can read consultation requests" in output


def test_after_entering_everything_in_the_admin_it_exits_zero(
    superuser_client, site_pages, settings, make_staff
):
    settings.INTAKE_NOTIFY_EMAILS = ["intake@example.org"]
    client = superuser_client
    save_in_admin(
        client,
        "/admin/content/practicedetails/1/change/",
        phone="(650) 555-0100",
        email="hello@example.org",
        street_address="1 Example Street",
        city="Palo Alto",
        region="CA",
        postal_code="94301",
        hours="Monday to Friday, 9 am to 5 pm",
        response_time="within one business day",
    )
    confirmed = {
        "confirmed_by_name": "Alex Example",
        "confirmed_by_credential": "MD",
        "confirmed_on": "2026-11-01",
    }
    for policy in PracticePolicy.objects.all():
        extra = {"offers_iv": "on"} if policy.key == "treatment-forms" else {}
        save_in_admin(
            client,
            f"/admin/content/practicepolicy/{policy.pk}/change/",
            statement=f"The practice's confirmed sentence for {policy.key}.",
            **confirmed,
            **extra,
        )
    save_in_admin(
        client,
        "/admin/content/fee/add/",
        name="First consultation",
        amount="$150",
        unit="visit",
        confirmed_by_name="Sam Example",
        confirmed_by_role="Billing manager",
        confirmed_on="2026-11-01",
    )
    assert launch_check()[0] == 1  # pages still unreviewed, and only a superuser exists so far
    for page in Page.objects.filter(is_medical=True):
        save_in_admin(
            client,
            f"/admin/content/page/{page.pk}/change/",
            reviewed_by_name="Alex Example",
            reviewed_by_credential="MD",
            last_reviewed="2026-11-01",
            next_review_due="2027-11-01",
        )
    make_staff("intake", groups=[Group.objects.get(name="Intake staff")])
    assert launch_check()[0] == 1  # nobody has said which notices the law asks of the practice
    client.get("/admin/content/noticeduties/")
    save_in_admin(
        client,
        "/admin/content/noticeduties/1/change/",
        is_covered_entity="true",
        paid_by_medicare_or_medicaid="false",
        sees_uninsured_or_self_pay="false",
        answered_by_name="Pat Example",
        answered_on="2026-11-01",
    )
    assert "Notice of Privacy Practices not entered" in launch_check()[1]
    save_in_admin(
        client,
        "/admin/content/legalnotice/add/",
        kind="notice-of-privacy-practices",
        text="The practice's Notice of Privacy Practices.",
        effective_on="2026-11-01",
        confirmed_by_name="Pat Example",
        confirmed_on="2026-11-01",
    )
    status, output = launch_check()
    assert (status, output.strip()) == (0, "Ready to launch: nothing is missing.")
    html = client.get("/admin/").content.decode()
    assert "the site is ready to launch" in html


def test_a_page_past_its_review_date_stops_the_launch(site_pages, settings, make_staff):
    settings.INTAKE_NOTIFY_EMAILS = ["intake@example.org"]
    Page.objects.filter(slug="benefits").update(
        reviewed_by_name="Alex Example",
        last_reviewed=date(2025, 1, 1),
        next_review_due=date(2026, 1, 1),
    )
    status, output = launch_check()
    assert status == 1 and "due or overdue for review: Benefits of ketamine therapy" in output


def test_the_admin_front_page_shows_the_same_list_to_content_editors_only(
    client, site_pages, make_staff, sign_in
):
    editor = make_staff("editor", groups=[Group.objects.get(name="Content editors")])
    html = sign_in(client, editor).get("/admin/").content.decode()
    assert "Before launch" in html and "practice policy(ies) not confirmed" in html
    client.logout()
    intake = make_staff("intake", groups=[Group.objects.get(name="Intake staff")])
    assert "Before launch" not in sign_in(client, intake).get("/admin/").content.decode()


def test_content_editors_may_confirm_policies(client, site_pages, make_staff, sign_in):
    editor = make_staff("editor", groups=[Group.objects.get(name="Content editors")])
    sign_in(client, editor)
    policy = PracticePolicy.objects.get(key="checks")
    save_in_admin(
        client,
        f"/admin/content/practicepolicy/{policy.pk}/change/",
        statement="We check your blood pressure before and after each dose.",
        confirmed_by_name="Alex Example",
        confirmed_on="2026-11-01",
    )
    policy.refresh_from_db()
    assert policy.is_confirmed

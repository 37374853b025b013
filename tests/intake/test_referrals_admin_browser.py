"""A clinician's referral at the front desk in real Chromium: from the dashboard to the referral
and its printed acknowledgement, axe-core on every new page, nothing sideways at 320 px with
200% text, and the acknowledgement printed alone on one US Letter sheet (issue 16)."""

import re

import pytest
from django.contrib.admin.models import LogEntry

from accounts.models import AccessEvent
from tests.intake.test_referrals_admin import REFERRAL
from tests.support.browser import DESKTOP, axe_violations
from tests.support.staff import staff_group

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHANGELIST = "/admin/intake/consultationrequest/"
# window.print() replaced by a counter that outlives the page it was called on (the form is sent
# straight after), so a test sees the print dialog was asked for.
COUNT_PRINTS = """window.print = () => sessionStorage.setItem(
    'prints', String(Number(sessionStorage.getItem('prints') || 0) + 1));"""


@pytest.fixture
def referral_desk(make_staff, make_request):
    staff = make_staff("frontdesk", groups=[staff_group("Intake staff")])
    make_request(full_name="Self Sender")
    referred = make_request(
        **{
            **REFERRAL,
            "full_name": "Patient Referred",
            # Long words a phone must wrap.
            "referrer_secure_contact": "jane.okafor.psychiatry@direct.baysidehealthpartners.example",
        }
    )
    return staff, referred


def test_from_the_dashboard_to_the_referral_and_its_printed_acknowledgement(
    open_tab, live_server, sign_in_tab, referral_desk
):
    staff, referred = referral_desk
    tab = sign_in_tab(open_tab(DESKTOP), live_server.url, staff)
    tab.add_init_script(COUNT_PRINTS)
    failures = {}

    tab.goto(live_server.url + "/admin/")
    failures["dashboard"] = axe_violations(tab)
    with tab.expect_navigation():
        tab.get_by_role("link", name="1 Open referrals from clinicians").click()
    rows = tab.locator("#result_list tbody tr")
    assert rows.count() == 1
    assert rows.first.get_by_text("Referral from Jane Okafor, MD").is_visible()
    failures["queue of referrals"] = axe_violations(tab)
    with tab.expect_navigation():
        rows.first.get_by_role("link", name="Patient Referred").click()

    card = tab.locator("#referral-card")
    assert card.get_by_role("heading", name="Referral from Jane Okafor, MD").is_visible()
    assert card.get_by_text("Call first: the clinician.").is_visible()
    call = card.get_by_role("link", name="(415) 555-0199")
    assert call.get_attribute("href") == "tel:4155550199"
    table = tab.get_by_role("table", name=re.compile("Antidepressants tried"))
    assert table.get_by_role("columnheader").count() == 6
    assert table.get_by_role("rowheader", name="sertraline").is_visible()
    failures["request page"] = axe_violations(tab)

    with tab.expect_navigation():
        card.get_by_role("link", name="Print acknowledgement for the referrer").click()
    assert tab.get_by_role("heading", name="Referral received").is_visible()
    # With JavaScript, one button prints and records; the one for printing from the menu is gone.
    assert tab.get_by_role("button", name="Record as printed").count() == 0
    failures["acknowledgement"] = axe_violations(tab)
    with tab.expect_navigation():
        tab.get_by_role("button", name="Print and record").click()

    assert tab.evaluate("sessionStorage.getItem('prints')") == "1"
    assert tab.url == f"{live_server.url}{CHANGELIST}{referred.pk}/change/"
    assert tab.get_by_text("Acknowledgement printed for the referrer.").is_visible()
    assert tab.locator("#acknowledgement-status").inner_text().startswith("Last printed ")
    assert list(LogEntry.objects.values_list("change_message", flat=True)) == [
        "Acknowledgement printed for the referrer"
    ]
    logged = AccessEvent.objects.filter(kind=AccessEvent.Kind.ACKNOWLEDGED)
    assert [(e.request_number, e.username) for e in logged] == [(referred.pk, "frontdesk")]
    failures["request page after printing"] = axe_violations(tab)
    assert {page: found for page, found in failures.items() if found} == {}


def test_without_javascript_staff_print_from_the_browser_then_record_it(
    browser, live_server, sign_in_tab, referral_desk
):
    staff, referred = referral_desk
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    try:
        tab = sign_in_tab(context.new_page(), live_server.url, staff)
        tab.goto(f"{live_server.url}{CHANGELIST}{referred.pk}/acknowledgement/")
        assert tab.get_by_text("Print this page from your browser").is_visible()
        assert tab.get_by_role("button", name="Print and record").count() == 0
        with tab.expect_navigation():
            tab.get_by_role("button", name="Record as printed").click()
        assert tab.url.endswith(f"{CHANGELIST}{referred.pk}/change/")
        assert AccessEvent.objects.filter(kind=AccessEvent.Kind.ACKNOWLEDGED).count() == 1
    finally:
        context.close()


@pytest.mark.parametrize("page", ["change", "acknowledgement"])
def test_at_320_px_with_200_percent_text_nothing_scrolls_sideways(
    browser, live_server, sign_in_tab, referral_desk, page
):
    staff, referred = referral_desk
    context = browser.new_context(viewport={"width": 320, "height": 700})
    try:
        tab = sign_in_tab(context.new_page(), live_server.url, staff)
        # The browser's own text size at 200%, set before the page loads.
        context.new_cdp_session(tab).send(
            "Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}}
        )
        tab.goto(f"{live_server.url}{CHANGELIST}{referred.pk}/{page}/")

        assert tab.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 26
        too_wide = tab.evaluate(
            """() => [...document.querySelectorAll('#content *')]
                .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
                .map(e => e.tagName + '.' + e.className + ': ' + e.textContent.trim().slice(0, 40))"""
        )
        assert too_wide == []
        assert tab.evaluate("document.documentElement.scrollWidth") <= 320
        if page == "change":
            # Each trial is a block whose cells name their column.
            cell = tab.locator(".trials-table td").first
            assert cell.inner_text() == "Highest dose: 200 mg"
        assert axe_violations(tab) == []
    finally:
        context.close()


def test_the_acknowledgement_prints_alone_on_one_letter_sheet(
    open_tab, live_server, sign_in_tab, referral_desk
):
    staff, referred = referral_desk
    tab = sign_in_tab(open_tab(DESKTOP), live_server.url, staff)
    tab.goto(f"{live_server.url}{CHANGELIST}{referred.pk}/acknowledgement/")

    pdf = tab.pdf(prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    # US Letter: 8.5 by 11 inches, in points.
    assert re.search(rb"/MediaBox\s*\[\s*0 0 612 792\s*\]", pdf)

    tab.emulate_media(media="print")
    # What the printed page shows: innerText leaves out what print hides.
    printed = " ".join(tab.evaluate("document.body.innerText").split())
    for on_paper in ["Referral received", "Patient Referred", "Jane Okafor, MD", f"#{referred.pk}"]:
        assert on_paper in printed, on_paper
    # No admin chrome, buttons, or the note on how to send it.
    for on_screen in [
        "Print and record",
        "secure channel",
        "Home",
        "Log out",
        "Acknowledgement for",
    ]:
        assert on_screen not in printed, on_screen

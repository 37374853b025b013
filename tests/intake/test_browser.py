"""The consultation form in real Chromium: keyboard only, the error summary, and axe-core."""

import pytest

from intake.models import ConsultationRequest
from tests.conftest import DESKTOP, PHONE, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _quick_and_unlimited(settings):
    settings.INTAKE_MIN_SECONDS_TO_SUBMIT = 0
    settings.INTAKE_RATE_LIMIT_PER_HOUR = 100


def active_id(tab):
    return tab.evaluate("document.activeElement.id")


def tab_to(tab, element_id, limit=120):
    """Press Tab until the element has focus, as a keyboard user would."""
    for _ in range(limit):
        tab.keyboard.press("Tab")
        if active_id(tab) == element_id:
            ring = tab.evaluate(
                """() => {
                const style = getComputedStyle(document.activeElement);
                return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2)
                    || style.boxShadow !== 'none';
            }"""
            )
            assert ring, f"no visible focus on {element_id}"
            return
    raise AssertionError(f"Tab never reached #{element_id}")


def test_a_patient_fills_the_form_by_keyboard_fixes_a_mistake_and_is_thanked(
    open_tab, live_server, site_pages
):
    tab = open_tab(PHONE)
    tab.goto(live_server.url + "/consultation/")

    tab_to(tab, "id_full_name")
    tab.keyboard.type("Zoë Ñúñez 山田")
    tab_to(tab, "id_state")
    tab.keyboard.type("Calif")
    tab_to(tab, "id_is_adult")
    tab.keyboard.press("Space")
    tab_to(tab, "id_contact_method_0")
    tab.keyboard.press("ArrowDown")  # Phone call; the phone number itself is left out
    tab_to(tab, "id_ok_to_leave_message_0")
    tab.keyboard.press("ArrowDown")  # No
    tab_to(tab, "id_best_time")
    tab.keyboard.type("Après 17 h, weekdays")
    tab_to(tab, "id_help_wanted_0")
    tab.keyboard.press("Space")
    tab_to(tab, "id_help_wanted_3")
    tab.keyboard.press("Space")
    tab_to(tab, "id_antidepressants_tried_0")
    tab.keyboard.press("ArrowDown")
    tab.keyboard.press("ArrowDown")  # 2
    tab_to(tab, "id_treatment_interest_0")
    tab.keyboard.press("Space")  # IV
    tab_to(tab, "id_sees_clinician_0")
    tab.keyboard.press("ArrowDown")  # No
    tab_to(tab, "id_message")
    tab.keyboard.type("Je suis fatiguée. 🙏")
    tab_to(tab, "id_self_harm_thoughts_0")
    tab.keyboard.press("ArrowDown")  # No
    tab_to(tab, "id_consent_to_contact")
    tab.keyboard.press("Space")
    tab_to(tab, "id_privacy_acknowledged")
    tab.keyboard.press("Space")
    tab_to(tab, "submit-request")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")

    # The mistake: the summary has focus, says what to do, and links to the field.
    assert active_id(tab) == "error-summary"
    summary = tab.locator("#error-summary")
    assert "Enter your phone number" in summary.inner_text()
    assert tab.locator("#id_full_name").input_value() == "Zoë Ñúñez 山田"
    assert tab.locator("#id_message").input_value() == "Je suis fatiguée. 🙏"
    assert tab.locator("#id_contact_method_1").is_checked()
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.getAttribute('href')") == "#id_phone"
    tab.keyboard.press("Enter")
    assert active_id(tab) == "id_phone"
    tab.keyboard.type("(650) 555-0142")
    tab_to(tab, "submit-request")
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/consultation/thank-you/")

    assert "We received your request" in tab.locator("main").inner_text()
    saved = ConsultationRequest.objects.get()
    assert saved.full_name == "Zoë Ñúñez 山田"
    assert saved.phone == "(650) 555-0142"
    assert saved.best_time == "Après 17 h, weekdays"
    assert saved.message == "Je suis fatiguée. 🙏"
    assert saved.state == "CA"
    assert saved.contact_method == "phone" and saved.ok_to_leave_message == "no"
    assert saved.help_wanted == ["trd", "anxiety"]
    assert saved.antidepressants_tried == "2"
    assert saved.treatment_interest == "iv" and saved.sees_clinician == "no"
    assert saved.self_harm_thoughts == "no" and not saved.is_urgent
    assert saved.is_adult and saved.consent_to_contact and saved.privacy_acknowledged
    assert "Zo" not in tab.url and "555" not in tab.url


def fill_quickly(tab, urgent=False):
    tab.fill("#id_full_name", "Sam Okafor")
    tab.select_option("#id_state", "NY")
    tab.check("#id_is_adult")
    tab.check("#id_contact_method_0")
    tab.fill("#id_email", "sam@example.org")
    tab.check("#id_ok_to_leave_message_0")
    tab.fill("#id_best_time", "Evenings")
    tab.check("#id_help_wanted_9")
    tab.check("#id_antidepressants_tried_4")
    tab.check("#id_treatment_interest_3")
    tab.check("#id_sees_clinician_1")
    tab.check("#id_self_harm_thoughts_0" if urgent else "#id_self_harm_thoughts_2")
    tab.check("#id_consent_to_contact")
    tab.check("#id_privacy_acknowledged")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "1280px"])
def test_form_errors_and_thank_you_page_have_no_axe_violations(
    open_tab, live_server, site_pages, viewport
):
    tab = open_tab(viewport)
    tab.goto(live_server.url + "/consultation/")
    assert axe_violations(tab) == [], "empty form"
    assert tab.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    with tab.expect_navigation():
        tab.click("#submit-request")
    assert tab.locator("#error-summary").is_visible()
    assert axe_violations(tab) == [], "form with errors"
    assert tab.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    fill_quickly(tab)
    tab.click("#submit-request")
    tab.wait_for_url("**/consultation/thank-you/")
    assert axe_violations(tab) == [], "thank-you page"


def test_the_urgent_thank_you_page_leads_with_crisis_help_and_passes_axe(
    open_tab, live_server, site_pages
):
    tab = open_tab(PHONE)
    tab.goto(live_server.url + "/consultation/")
    fill_quickly(tab, urgent=True)
    tab.click("#submit-request")
    tab.wait_for_url("**/consultation/thank-you/")

    assert tab.locator("main h1").inner_text() == "Please reach out for help now"
    assert tab.locator("main h1").is_visible()
    assert ConsultationRequest.objects.get().is_urgent
    assert axe_violations(tab) == []


def test_the_honeypot_is_not_reachable_or_visible(open_tab, live_server, site_pages):
    tab = open_tab(DESKTOP)
    tab.goto(live_server.url + "/consultation/")
    assert not tab.locator("#id_website").is_visible()
    for _ in range(120):
        tab.keyboard.press("Tab")
        assert active_id(tab) != "id_website"
        if active_id(tab) == "submit-request":
            break


def test_the_message_counter_counts_down_from_the_limit_the_server_sets(
    open_tab, live_server, site_pages, monkeypatch
):
    from playwright.sync_api import expect

    from intake.forms import ConsultationRequestForm

    widget = ConsultationRequestForm.base_fields["message"].widget
    monkeypatch.setitem(widget.attrs, "data-max-length", 10)
    tab = open_tab(PHONE)
    tab.goto(live_server.url + "/consultation/")

    counter = tab.locator("#id_message_count")
    expect(counter).to_have_text("10 characters left.")
    tab.fill("#id_message", "Twelve chars")
    expect(counter).to_have_text("2 characters too many.")
    # A line break reaches the server as two characters, so the counter counts it as two.
    tab.fill("#id_message", "ab\ncd")
    expect(counter).to_have_text("4 characters left.")

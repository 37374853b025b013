"""A clinician referring a patient, in real Chromium: keyboard only with and without JavaScript,
the medicine rows, the help for a patient at risk, axe-core, and 200% text on a narrow screen."""

import pytest

from intake.models import ConsultationRequest
from tests.intake.test_browser import PHONE_390, active_id, tab_to
from tests.support.browser import DESKTOP, at_each_width, axe_violations, scrolls_sideways

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 320, "height": 640}


@pytest.fixture(autouse=True)
def _quick_and_unlimited(settings):
    settings.INTAKE_MIN_SECONDS_TO_SUBMIT = 0
    settings.INTAKE_RATE_LIMIT_PER_HOUR = 100


def row_box(row, key="medicine"):
    return f"id_antidepressant_trials-{row}-{key}"


def add_a_row_by_keyboard(tab, javascript):
    """Tab to "Add another medicine" and press Enter: in place with JavaScript, else the form
    comes back with one more row. Either way the cursor is in the new row's first box."""
    rows = tab.locator(".trial-row").count()
    tab_to(tab, "add-medicine")
    if javascript:
        tab.evaluate("window.samePage = true")
        tab.keyboard.press("Enter")
        assert tab.evaluate("window.samePage === true"), "the page was sent, not the row added"
    else:
        with tab.expect_navigation():
            tab.keyboard.press("Enter")
    assert tab.locator("#trial-list .trial-row").count() == rows + 1
    assert active_id(tab) == row_box(rows)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_clinician_refers_a_patient_by_keyboard_with_three_medicine_rows(
    browser, live_server, site_pages, javascript
):
    context = browser.new_context(viewport=PHONE_390, java_script_enabled=javascript)
    try:
        tab = context.new_page()
        tab.goto(live_server.url + "/consultation/")

        tab_to(tab, "id_submitted_by_0")
        tab.keyboard.press("ArrowDown")
        tab.keyboard.press("ArrowDown")  # I am a clinician referring a patient
        assert tab.locator("#id_submitted_by_2").is_checked()
        assert tab.get_by_text("About you, the referring clinician").is_visible()
        tab_to(tab, "id_referrer_name")
        tab.keyboard.type("Dr. Amara Okafor")
        tab_to(tab, "id_referrer_credential")
        tab.keyboard.type("MD")
        tab_to(tab, "id_referrer_phone")
        tab.keyboard.type("(650) 555-0199")
        tab_to(tab, "id_referrer_npi")
        tab.keyboard.type("1234567893")
        tab_to(tab, "id_call_first_0")
        tab.keyboard.press("ArrowDown")  # The patient
        tab_to(tab, "id_patient_agrees_to_referral")
        tab.keyboard.press("Space")
        tab_to(tab, "id_full_name")
        tab.keyboard.type("Sam Rivera")
        tab_to(tab, "id_state")
        tab.keyboard.type("Calif")
        tab_to(tab, "id_is_adult")
        tab.keyboard.press("Space")
        tab_to(tab, "id_contact_method_0")
        tab.keyboard.press("ArrowDown")  # Phone call
        tab_to(tab, "id_phone")
        tab.keyboard.type("(650) 555-0142")
        tab_to(tab, "id_ok_to_leave_message_0")
        tab.keyboard.press("Space")  # Yes
        tab_to(tab, "id_self_harm_thoughts_0")
        tab.keyboard.press("ArrowDown")  # No
        tab_to(tab, "id_reason_for_referral")
        tab.keyboard.type("Recurrent major depression; two adequate trials failed.")
        tab_to(tab, row_box(0))
        tab.keyboard.type("Sertraline")
        tab_to(tab, row_box(0, "highest_dose"))
        tab.keyboard.type("200 mg")
        tab_to(tab, row_box(0, "weeks"))
        tab.keyboard.type("10")
        tab_to(tab, row_box(1))
        tab.keyboard.type("Bupropion XL")
        tab_to(tab, row_box(1, "augmentation"))
        tab.keyboard.type("Aripiprazole 5 mg")
        add_a_row_by_keyboard(tab, javascript)
        tab.keyboard.type("Venlafaxine ER")
        # Every answer is still there after the row was added (the page came back without
        # JavaScript), the earlier rows too.
        assert tab.locator("#id_referrer_name").input_value() == "Dr. Amara Okafor"
        assert tab.locator("#id_call_first_1").is_checked()
        assert tab.locator(f"#{row_box(1, 'augmentation')}").input_value() == "Aripiprazole 5 mg"
        tab_to(tab, "id_consent_to_contact")
        tab.keyboard.press("Space")
        tab_to(tab, "submit-request")
        tab.keyboard.press("Enter")
        tab.wait_for_url("**/consultation/thank-you/")

        assert "We received your referral" in tab.locator("main").inner_text()
        saved = ConsultationRequest.objects.get()
        assert saved.sent_by_clinician and saved.call_first == "patient"
        assert (saved.referrer_name, saved.referrer_npi) == ("Dr. Amara Okafor", "1234567893")
        assert saved.full_name == "Sam Rivera" and saved.state == "CA" and saved.is_adult
        assert [trial["medicine"] for trial in saved.antidepressant_trials] == [
            "Sertraline",
            "Bupropion XL",
            "Venlafaxine ER",
        ]
        assert saved.antidepressant_trials[0]["highest_dose"] == "200 mg"
        assert saved.antidepressant_trials[1]["augmentation"] == "Aripiprazole 5 mg"
    finally:
        context.close()


def fill_a_referral_with_a_mistake(tab):
    """Three rows and everything but the reason for referral."""
    tab.check("#id_submitted_by_2")
    tab.fill("#id_referrer_name", "Dr. Amara Okafor")
    tab.fill("#id_referrer_credential", "NP")
    tab.fill("#id_referrer_phone", "(650) 555-0199")
    tab.check("#id_call_first_0")
    tab.check("#id_patient_agrees_to_referral")
    tab.fill("#id_full_name", "Sam Rivera")
    tab.select_option("#id_state", "CA")
    tab.check("#id_is_adult")
    tab.check("#id_self_harm_thoughts_1")
    tab.click("#add-medicine")
    for row, medicine in enumerate(["Sertraline", "Bupropion XL", "Venlafaxine ER"]):
        tab.fill(f"#{row_box(row)}", medicine)
        tab.fill(f"#{row_box(row, 'side_effects')}", f"Side effects of {medicine}")
    tab.check("#id_consent_to_contact")


def test_a_returned_referral_with_a_mistake_keeps_every_row(open_tab, live_server, site_pages):
    tab = open_tab(PHONE_390)
    tab.goto(live_server.url + "/consultation/")
    fill_a_referral_with_a_mistake(tab)
    with tab.expect_navigation():
        tab.click("#submit-request")

    assert active_id(tab) == "error-summary"
    assert "Enter the reason for referral." in tab.locator("#error-summary").inner_text()
    assert tab.locator("#trial-list .trial-row").count() == 3
    for row, medicine in enumerate(["Sertraline", "Bupropion XL", "Venlafaxine ER"]):
        assert tab.locator(f"#{row_box(row)}").input_value() == medicine
        side_effects = tab.locator(f"#{row_box(row, 'side_effects')}").input_value()
        assert side_effects == f"Side effects of {medicine}"
    assert tab.locator("#id_referrer_name").input_value() == "Dr. Amara Okafor"
    assert tab.locator("#id_referrer_name").is_visible()  # still on the clinician's path
    assert ConsultationRequest.objects.count() == 0


def test_enter_in_a_box_sends_the_referral_rather_than_adding_a_row(
    browser, live_server, site_pages
):
    context = browser.new_context(viewport=PHONE_390, java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(live_server.url + "/consultation/?as=clinician")
        tab.fill("#id_referrer_name", "Dr. Amara Okafor")
        with tab.expect_navigation():
            tab.press("#id_referrer_name", "Enter")
        # Sent, and back with what is missing: not the same page with a row more.
        assert tab.locator("#error-summary").is_visible()
        assert tab.locator("#trial-list .trial-row").count() == 2
    finally:
        context.close()


def test_the_clinicians_questions_and_words_show_without_javascript_and_without_a_flash(
    browser, live_server, site_pages
):
    context = browser.new_context(viewport=PHONE_390, java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(live_server.url + "/consultation/")
        assert not tab.locator("#id_reason_for_referral").is_visible()
        assert not tab.locator(f"#{row_box(0)}").is_visible()
        assert tab.locator("#id_help_wanted_0").is_visible()
        tab.check("#id_submitted_by_2")
        assert tab.locator("#id_referrer_name").is_visible()
        assert tab.locator("#id_reason_for_referral").is_visible()
        assert tab.locator(f"#{row_box(0)}").is_visible()
        assert not tab.locator("#id_help_wanted_0").is_visible()
        assert not tab.locator("#id_sees_clinician_0").is_visible()
        assert tab.get_by_text("The patient's full name", exact=True).is_visible()
        assert tab.get_by_text("How can we reach the patient?", exact=True).is_visible()
        assert not tab.get_by_text("Full name", exact=True).is_visible()

        # Opened from the "For clinicians" page: the clinician's words from the first paint.
        tab.goto(live_server.url + "/consultation/?as=clinician")
        assert tab.get_by_text("The patient's full name", exact=True).is_visible()
        assert tab.locator("#id_reason_for_referral").is_visible()
    finally:
        context.close()


def test_a_clinician_saying_the_patient_is_at_risk_sees_help_at_once(
    open_tab, live_server, site_pages
):
    tab = open_tab(PHONE_390)
    tab.goto(live_server.url + "/consultation/?as=clinician")
    tab.focus("#id_self_harm_thoughts_1")
    tab.keyboard.press("ArrowUp")  # Yes, by keyboard; nothing is sent

    help_now = tab.locator("#safety-response")
    assert help_now.get_attribute("aria-live") == "polite"
    text = help_now.inner_text()
    assert "If your patient may be in danger" in text and "Call 988" in text and "911" in text
    tab.keyboard.press("ArrowDown")
    tab.keyboard.press("ArrowDown")  # I am not sure
    assert "If your patient is in danger now, call 911" in help_now.inner_text()


def test_every_new_state_of_the_referral_has_no_axe_violations(open_tab, live_server, site_pages):
    tab = open_tab(PHONE_390)
    tab.goto(live_server.url + "/consultation/?as=clinician")
    states = {
        "clinician chosen": lambda: None,
        "crisis help shown": lambda: tab.check("#id_self_harm_thoughts_0"),
        "rows added": lambda: [tab.click("#add-medicine") for _ in range(2)],
    }
    for state, reach in states.items():
        reach()
        for viewport in at_each_width(tab, (PHONE_390, DESKTOP)):
            assert axe_violations(tab) == [], (state, viewport)
            assert not scrolls_sideways(tab), (state, viewport)

    tab.set_viewport_size(PHONE_390)
    with tab.expect_navigation():
        tab.click("#submit-request")
    assert tab.locator("#error-summary").is_visible() and tab.locator("#crisis-now").is_visible()
    for viewport in at_each_width(tab, (PHONE_390, DESKTOP)):
        assert axe_violations(tab) == [], ("errors shown", viewport)

    # At the most rows a referral takes, the button gives way to a message.
    tab.click("#add-medicine")
    for _ in range(12):
        if not tab.locator("#add-medicine").count():
            break
        tab.click("#add-medicine")
    assert tab.locator("#trial-list .trial-row").count() == 12
    assert "You can list up to 12 medicines here." in tab.locator("#trial-limit").inner_text()
    assert axe_violations(tab) == [], "most rows"


def test_the_referral_fits_320px_at_200_percent_text(browser, live_server, site_pages):
    context = browser.new_context(viewport=NARROW)
    try:
        tab = context.new_page()
        devtools = context.new_cdp_session(tab)
        devtools.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
        tab.goto(live_server.url + "/consultation/?as=clinician")
        assert float(tab.evaluate("getComputedStyle(document.body).fontSize")[:-2]) >= 32
        assert not scrolls_sideways(tab), "clinician chosen"
        tab.click("#add-medicine")
        tab.fill(f"#{row_box(2, 'augmentation')}", "Aripiprazole 5 mg, then lithium 600 mg")
        tab.check("#id_self_harm_thoughts_0")
        assert not scrolls_sideways(tab), "rows added, help shown"
        with tab.expect_navigation():
            tab.click("#submit-request")
        assert tab.locator("#error-summary").is_visible()
        assert not scrolls_sideways(tab), "errors shown"
        assert axe_violations(tab) == [], "errors shown"
    finally:
        context.close()

"""The consultation form in real Chromium: keyboard only, the error summary, and axe-core."""

import time
from urllib.parse import unquote_plus

import pytest

from intake.models import ConsultationRequest
from tests.support.browser import DESKTOP, PHONE, at_each_width, axe_violations, scrolls_sideways

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
    tab_to(tab, "id_self_harm_thoughts_0")
    tab.keyboard.press("ArrowDown")  # No
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
    tab_to(tab, "id_consent_to_contact")
    tab.keyboard.press("Space")
    tab_to(tab, "submit-request")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")

    # The mistake: the summary has focus, says what to do, and links to the field.
    assert active_id(tab) == "error-summary"
    summary = tab.locator("#error-summary")
    assert "Enter a phone number" in summary.inner_text()
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
    assert saved.submitted_by == "self" and saved.helper_name == ""
    # Nothing the person typed is in the address (a random token may hold any short string, so
    # whole answers are checked, decoded).
    address = unquote_plus(tab.url)
    for answer in (saved.full_name, "Ñúñez", saved.phone, "6505550142", saved.message):
        assert answer not in address


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


def test_form_errors_and_thank_you_page_have_no_axe_violations_on_a_phone_or_a_desktop(
    open_tab, live_server, site_pages
):
    tab = open_tab(PHONE)
    tab.goto(live_server.url + "/consultation/")
    for viewport in at_each_width(tab):
        assert axe_violations(tab) == [], ("empty form", viewport)
        assert not scrolls_sideways(tab), ("empty form", viewport)

    with tab.expect_navigation():
        tab.click("#submit-request")
    for viewport in at_each_width(tab):
        assert tab.locator("#error-summary").is_visible()
        assert axe_violations(tab) == [], ("form with errors", viewport)
        assert not scrolls_sideways(tab), ("form with errors", viewport)

    fill_quickly(tab)
    tab.click("#submit-request")
    tab.wait_for_url("**/consultation/thank-you/")
    for viewport in at_each_width(tab):
        assert axe_violations(tab) == [], ("thank-you page", viewport)


def in_view(tab, selector):
    """Whether the element's first line is on the screen, below the crisis bar."""
    return tab.evaluate(
        """(selector) => {
        const box = document.querySelector(selector).getClientRects()[0];
        const bar = document.querySelector('.crisis-bar').getBoundingClientRect();
        return box.top >= bar.bottom - 1 && box.bottom <= innerHeight;
    }""",
        selector,
    )


def test_the_urgent_thank_you_page_says_sent_then_gives_help_on_the_first_screen(
    open_tab, live_server, site_pages
):
    tab = open_tab(PHONE_390)
    tab.goto(live_server.url + "/consultation/")
    fill_quickly(tab, urgent=True)
    tab.click("#submit-request")
    tab.wait_for_url("**/consultation/thank-you/")

    saved = ConsultationRequest.objects.get()
    assert saved.is_urgent
    assert tab.locator("main h1").inner_text() == f"Your request was sent (#{saved.pk})"
    assert in_view(tab, "main h1")
    assert in_view(tab, "main .crisis-panel a[href='tel:988']")
    assert "send this form" not in tab.locator("main").inner_text()
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


PHONE_390 = {"width": 390, "height": 844}


def test_choosing_yes_shows_help_at_once_under_the_question_announced_politely(
    open_tab, live_server, site_pages
):
    tab = open_tab(PHONE_390)
    tab.goto(live_server.url + "/consultation/")
    region = tab.locator("#safety-response")
    assert region.get_attribute("aria-live") == "polite"
    assert region.inner_text().strip() == ""

    tab_to(tab, "id_self_harm_thoughts_0")
    tab.keyboard.press("Space")  # Yes, by keyboard; nothing is sent

    assert tab.url.endswith("/consultation/")
    assert region.is_visible()
    text = region.inner_text()
    assert "Call 988" in text and "text 988" in text and "call 911" in text
    assert "988lifeline.org" in text and "You can still send this form" in text
    # Right under the question, before the next question.
    question = tab.locator("#div_id_self_harm_thoughts").bounding_box()
    panel = region.bounding_box()
    assert question["y"] + question["height"] <= panel["y"] + 1
    assert panel["y"] < tab.locator("#div_id_help_wanted").bounding_box()["y"]
    # The call link is reachable by keyboard straight after the answer.
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.getAttribute('href')") == "tel:988"

    tab.keyboard.press("Shift+Tab")
    tab.keyboard.press("ArrowDown")  # No: the panel goes
    assert region.inner_text().strip() == ""
    tab.keyboard.press("ArrowDown")  # I would prefer not to say: a gentler line
    assert "ask gently" in region.inner_text()
    assert "Call 988" not in region.inner_text()


def test_choosing_yes_keeps_the_answer_where_it_is_and_shows_the_help_without_a_jump(
    browser, live_server, site_pages
):
    # Reduced motion: the page is placed at once, so where it is right after the answer is final.
    context = browser.new_context(viewport=PHONE_390, reduced_motion="reduce")
    try:
        tab = context.new_page()
        tab.goto(live_server.url + "/consultation/")
        place = """([id, top]) => window.scrollBy(0,
            document.getElementById(id).getBoundingClientRect().top - top)"""
        where = """() => [scrollY,
            document.getElementById('id_self_harm_thoughts_0').getBoundingClientRect().top]"""

        # The question near the top of the screen, answered with a tap: nothing moves.
        tab.evaluate(place, ["div_id_self_harm_thoughts", 100])
        before = tab.evaluate(where)
        tab.click("#id_self_harm_thoughts_0")
        after = tab.evaluate(where)
        assert abs(after[0] - before[0]) <= 1 and abs(after[1] - before[1]) <= 1, (before, after)
        assert in_view(tab, "#safety-response .crisis-panel-title")

        # The question low on the screen, answered by keyboard: the help's first line comes into
        # view, and the answer stays on the screen.
        tab.click("#id_self_harm_thoughts_1")  # No: the help goes
        tab.evaluate(place, ["id_self_harm_thoughts_2", 844 - 60])
        tab.focus("#id_self_harm_thoughts_1")
        tab.keyboard.press("ArrowUp")  # Yes
        assert tab.locator("#id_self_harm_thoughts_0").is_checked()
        assert in_view(tab, "#safety-response .crisis-panel-title")
        assert in_view(tab, "#id_self_harm_thoughts_0")
    finally:
        context.close()


# Every layout shift the page makes on its own (not after a tap or key), summed as CLS counts it.
LAYOUT_SHIFTS = """
window.layoutShift = 0;
new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
        if (!entry.hadRecentInput) window.layoutShift += entry.value;
    }
}).observe({type: 'layout-shift', buffered: true});
"""


def test_the_form_does_not_move_as_it_loads_and_shows_follow_up_questions_without_javascript(
    browser, live_server, site_pages
):
    for viewport in (PHONE_390, DESKTOP):
        context = browser.new_context(viewport=viewport)
        try:
            tab = context.new_page()
            tab.add_init_script(LAYOUT_SHIFTS)
            # The script arriving late, as on a slow phone: the page must not wait for it.
            tab.route("**/intake.js", lambda route: (time.sleep(0.3), route.continue_()))
            tab.goto(live_server.url + "/consultation/", wait_until="load")
            tab.wait_for_timeout(300)
            assert tab.evaluate("window.layoutShift") == 0, viewport
            assert not tab.locator("#conditional-helper").is_visible()
        finally:
            context.close()

    context = browser.new_context(viewport=PHONE_390, java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(live_server.url + "/consultation/")
        assert not tab.locator("#id_helper_name").is_visible()
        assert not tab.locator("#id_may_contact_clinician_0").is_visible()
        tab.check("#id_submitted_by_1")  # For someone else
        tab.check("#id_sees_clinician_0")  # Yes
        assert tab.locator("#id_helper_name").is_visible()
        assert tab.locator("#id_may_contact_clinician_0").is_visible()
        # The questions about the person speak about "them" to a helper, JavaScript off too.
        assert tab.get_by_text("About them", exact=True).is_visible()
        assert tab.get_by_text("Their full name", exact=True).is_visible()
        assert not tab.get_by_text("Full name", exact=True).is_visible()
        tab.check("#id_submitted_by_0")  # For myself after all
        assert not tab.locator("#id_helper_name").is_visible()
        assert tab.get_by_text("Full name", exact=True).is_visible()
        assert not tab.get_by_text("About them", exact=True).is_visible()
    finally:
        context.close()


def test_a_helper_choosing_yes_is_told_how_to_help_them(open_tab, live_server, site_pages):
    tab = open_tab(PHONE_390)
    tab.goto(live_server.url + "/consultation/")
    region = tab.locator("#safety-response")

    tab.check("#id_submitted_by_1")  # for someone else
    tab.check("#id_self_harm_thoughts_0")  # yes
    text = region.inner_text()
    assert "If they may be in danger" in text and "stay with them" in text
    assert "If you are in danger" not in text

    tab.check("#id_submitted_by_0")  # for myself after all: spoken to directly again
    text = region.inner_text()
    assert "If you are in danger" in text and "stay with them" not in text


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_form_sent_with_mistakes_and_yes_comes_back_with_help_above_the_summary(
    browser, live_server, site_pages, javascript
):
    context = browser.new_context(viewport=PHONE_390, java_script_enabled=javascript)
    try:
        tab = context.new_page()
        tab.goto(live_server.url + "/consultation/")
        tab.check("#id_self_harm_thoughts_0")
        with tab.expect_navigation():
            tab.click("#submit-request")

        panel = tab.locator("#crisis-now")
        summary = tab.locator("#error-summary")
        assert panel.is_visible() and summary.is_visible()
        assert panel.bounding_box()["y"] < summary.bounding_box()["y"]
        assert "Call 988" in panel.inner_text()
        # Seen first: the page opens on it, not scrolled past it to the summary.
        assert (
            tab.evaluate("document.querySelector('#crisis-now').getBoundingClientRect().top")
            < 844 / 2
        )
        assert tab.locator("#id_self_harm_thoughts_0").is_checked()
    finally:
        context.close()


def test_someone_helping_fills_the_form_in_for_another_person_by_keyboard(
    open_tab, live_server, site_pages
):
    tab = open_tab(PHONE_390)
    tab.goto(live_server.url + "/consultation/")
    helper_section = tab.locator("#conditional-helper")
    assert not helper_section.is_visible()
    assert tab.locator("label[for=id_full_name]").inner_text() == "Full name"

    tab_to(tab, "id_submitted_by_0")
    tab.keyboard.press("ArrowDown")  # For someone else
    assert helper_section.is_visible()
    assert tab.locator("#id_submitted_by_1").get_attribute("aria-controls") == "conditional-helper"
    assert tab.locator("label[for=id_full_name]").inner_text() == "Their full name"
    assert "they live" in tab.locator("label[for=id_state]").inner_text()
    assert tab.locator("#id_full_name").get_attribute("autocomplete") == "off"
    assert tab.locator("#id_helper_name").get_attribute("autocomplete") == "name"

    tab_to(tab, "id_helper_name")
    tab.keyboard.type("Jordan Okafor")
    tab_to(tab, "id_helper_relationship")
    tab.keyboard.type("Brother")
    tab_to(tab, "id_helper_phone")
    tab.keyboard.type("(650) 555-0177")
    tab_to(tab, "id_person_agrees_to_contact_0")
    tab.keyboard.press("Space")  # Yes, they know and agree
    tab_to(tab, "id_full_name")
    tab.keyboard.type("Sam Okafor")
    tab_to(tab, "id_state")
    tab.keyboard.type("New Y")
    tab_to(tab, "id_is_adult")
    tab.keyboard.press("Space")
    tab_to(tab, "id_contact_method_0")
    tab.keyboard.press("ArrowDown")  # Phone call
    tab_to(tab, "id_phone")
    tab.keyboard.type("(650) 555-0142")
    tab_to(tab, "id_ok_to_leave_message_0")
    tab.keyboard.press("ArrowDown")  # No
    tab_to(tab, "id_self_harm_thoughts_0")
    tab.keyboard.press("ArrowDown")  # No
    tab_to(tab, "id_consent_to_contact")
    tab.keyboard.press("Space")
    tab_to(tab, "submit-request")
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/consultation/thank-you/")

    saved = ConsultationRequest.objects.get()
    assert saved.submitted_by == "someone_else"
    assert (saved.helper_name, saved.helper_relationship) == ("Jordan Okafor", "Brother")
    assert saved.helper_phone == "(650) 555-0177" and saved.person_agrees_to_contact == "yes"
    assert saved.full_name == "Sam Okafor" and saved.phone == "(650) 555-0142"
    assert saved.state == "NY" and saved.contact_method == "phone"


def test_after_a_mistake_the_privacy_link_and_back_keep_every_answer_with_no_resend(
    open_tab, live_server, site_pages
):
    tab = open_tab(PHONE_390)
    posts = []
    tab.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    tab.goto(live_server.url + "/consultation/")
    tab.fill("#id_full_name", "Zoë Ñúñez")
    tab.fill("#id_message", "Les nuits sont longues.")
    tab.check("#id_help_wanted_3")
    with tab.expect_navigation():
        tab.click("#submit-request")  # the consent box and more left out
    returned_at = tab.url
    assert "/consultation/?answers=" in returned_at

    with tab.expect_navigation():
        tab.click(".privacy-summary a[href='/privacy/']")
    assert tab.url.endswith("/privacy/")
    tab.go_back()

    assert tab.url == returned_at
    assert tab.locator("#id_full_name").input_value() == "Zoë Ñúñez"
    assert tab.locator("#id_message").input_value() == "Les nuits sont longues."
    assert tab.locator("#id_help_wanted_3").is_checked()
    assert tab.locator("#error-summary").is_visible()
    assert len(posts) == 1  # Back fetched the page; nothing was sent again
    assert not ConsultationRequest.objects.exists()


def hidden_focus_stops(tab, limit=150):
    """Tab through the page; the focus stops the crisis bar covers (WCAG 2.2 "focus not obscured")."""
    hidden, seen = [], 0
    tab.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")
    for _ in range(limit):
        tab.keyboard.press("Tab")
        stop = tab.evaluate(
            """() => {
            const element = document.activeElement;
            if (!element || element === document.body) return null;
            const box = element.getBoundingClientRect();
            const bar = document.querySelector('.crisis-bar');
            // What is drawn at the middle of the focused element: the bar, if it covers it.
            const hit = document.elementFromPoint(
                box.left + box.width / 2, box.top + Math.min(box.height / 2, 10));
            const insideBar = element.closest('.crisis-bar') !== null;
            return {id: element.id || element.getAttribute('href') || element.tagName,
                    covered: !insideBar && hit !== null && bar.contains(hit),
                    footer: element.closest('footer') !== null};
        }"""
        )
        if stop is None or stop["footer"]:
            break
        seen += 1
        if stop["covered"]:
            hidden.append(stop["id"])
    return hidden, seen


@pytest.mark.parametrize(
    "viewport",
    [
        # A 390 px phone at 200% zoom: 195 x 422 CSS pixels.
        {"viewport": {"width": 195, "height": 422}, "device_scale_factor": 2},
        # The same phone with the browser's text size at 200% (32 px instead of 16 px).
        {"viewport": PHONE_390, "text_size": 32},
        {"viewport": {"width": 1280, "height": 400}},
    ],
    ids=["390px-at-200%-zoom", "390px-at-200%-text", "1280x400"],
)
def test_zoomed_or_short_screens_never_hide_the_focused_element_under_the_crisis_bar(
    browser, live_server, site_pages, viewport
):
    options = dict(viewport)
    text_size = options.pop("text_size", None)
    context = browser.new_context(**options)
    try:
        tab = context.new_page()
        if text_size:
            devtools = context.new_cdp_session(tab)
            devtools.send("Page.setFontSizes", {"fontSizes": {"standard": text_size}})
        tab.goto(live_server.url + "/consultation/")
        if text_size:
            size = tab.evaluate("getComputedStyle(document.body).fontSize")
            assert float(size.removesuffix("px")) >= 32, size  # the setting took effect
        hidden, seen = hidden_focus_stops(tab)
        assert seen > 40
        assert hidden == []

        with tab.expect_navigation():
            tab.click("#submit-request")  # the page with the error summary
        hidden, seen = hidden_focus_stops(tab)
        assert seen > 40 and hidden == []
    finally:
        context.close()


def test_error_summary_links_bring_the_question_into_view_below_the_crisis_bar(
    open_tab, live_server, site_pages
):
    tab = open_tab(PHONE_390)
    tab.goto(live_server.url + "/consultation/")
    with tab.expect_navigation():
        tab.click("#submit-request")
    assert tab.evaluate("getComputedStyle(document.querySelector('.crisis-bar')).position") == (
        "sticky"
    )

    for target in ["id_self_harm_thoughts_0", "id_consent_to_contact", "id_full_name"]:
        tab.locator(f"#error-summary a[href='#{target}']").focus()
        tab.keyboard.press("Enter")
        assert active_id(tab) == target
        bar_bottom = tab.evaluate(
            "document.querySelector('.crisis-bar').getBoundingClientRect().bottom"
        )
        question = tab.evaluate(
            """(id) => {
            const input = document.getElementById(id);
            const fieldset = input.closest('.question fieldset');
            const label = fieldset ? fieldset.querySelector('legend')
                : document.querySelector(`label[for="${id}"]`);
            return label.getBoundingClientRect().top;
        }""",
            target,
        )
        assert question >= bar_bottom - 1, target
        tab.evaluate("window.scrollTo(0, 0)")


def test_every_state_of_the_form_has_no_axe_violations_on_a_phone_or_a_desktop(
    open_tab, live_server, site_pages
):
    from content.models import PracticeDetails
    from content.page_cache import drop_chrome_and_cached_pages

    # With the practice's number entered, so the header's tap-to-call link is checked too.
    PracticeDetails.load()
    PracticeDetails.objects.filter(pk=1).update(phone="(650) 555-0100")
    drop_chrome_and_cached_pages()
    tab = open_tab(PHONE)
    tab.goto(live_server.url + "/consultation/")
    for viewport in at_each_width(tab):
        assert tab.locator(".header-call").is_visible()
        assert axe_violations(tab) == [], ("empty", viewport)

    tab.check("#id_self_harm_thoughts_0")
    for viewport in at_each_width(tab):
        assert tab.locator("#safety-response .crisis-panel").is_visible()
        assert axe_violations(tab) == [], ("Yes panel", viewport)

    tab.check("#id_self_harm_thoughts_2")
    for viewport in at_each_width(tab):
        assert axe_violations(tab) == [], ("prefer not to say", viewport)

    tab.check("#id_submitted_by_1")
    tab.check("#id_sees_clinician_0")
    for viewport in at_each_width(tab):
        assert tab.locator("#conditional-helper").is_visible()
        assert axe_violations(tab) == [], ("helper path", viewport)
        assert not scrolls_sideways(tab), ("helper path", viewport)

    tab.check("#id_self_harm_thoughts_0")
    with tab.expect_navigation():
        tab.click("#submit-request")
    for viewport in at_each_width(tab):
        assert tab.locator("#crisis-now").is_visible()
        assert tab.locator("#error-summary").is_visible()
        assert axe_violations(tab) == [], ("errors, helper path and Yes", viewport)
        assert not scrolls_sideways(tab), ("errors, helper path and Yes", viewport)


def test_leaving_the_form_before_sending_and_coming_back_keeps_what_was_typed(
    open_tab, live_server, site_pages
):
    # What the privacy summary promises beside its link to the full notice.
    tab = open_tab(PHONE_390)
    tab.goto(live_server.url + "/consultation/")
    tab.fill("#id_full_name", "Zoë Ñúñez")
    tab.fill("#id_message", "Les nuits sont longues.")
    with tab.expect_navigation():
        tab.click(".privacy-summary a[href='/privacy/']")
    tab.go_back()

    assert tab.locator("#id_full_name").input_value() == "Zoë Ñúñez"
    assert tab.locator("#id_message").input_value() == "Les nuits sont longues."


def test_the_payment_questions_open_one_at_a_time_and_fit_320px_at_200_percent_text(
    browser, live_server, site_pages
):
    narrow = {"width": 320, "height": 640}
    plan, estimate = "#id_insurance_plan", "#id_wants_good_faith_estimate_0"
    # JavaScript off: each answer opens its own question, and only that one.
    context = browser.new_context(viewport=narrow, java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(live_server.url + "/consultation/")
        assert not tab.locator(plan).is_visible() and not tab.locator(estimate).is_visible()
        tab.check("#id_how_paying_0")  # Health insurance
        assert tab.locator(plan).is_visible() and not tab.locator(estimate).is_visible()
        tab.check("#id_how_paying_3")  # Self-pay
        assert tab.locator(estimate).is_visible() and not tab.locator(plan).is_visible()
        tab.check("#id_how_paying_1")  # Medicare: not "uninsured or self-pay"
        assert not tab.locator(plan).is_visible() and not tab.locator(estimate).is_visible()
    finally:
        context.close()

    context = browser.new_context(viewport=narrow)
    try:
        tab = context.new_page()
        devtools = context.new_cdp_session(tab)
        devtools.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
        tab.goto(live_server.url + "/consultation/")
        assert float(tab.evaluate("getComputedStyle(document.body).fontSize")[:-2]) >= 32
        tab.check("#id_how_paying_0")
        tab.fill(plan, "Blue Shield of California PPO Silver 70")
        assert axe_violations(tab) == [], "plan's name"
        assert not scrolls_sideways(tab), "plan's name"
        tab.check("#id_how_paying_3")
        tab.check(estimate)
        assert tab.locator("#id_wants_good_faith_estimate_helptext").is_visible()
        assert axe_violations(tab) == [], "Good Faith Estimate"
        assert not scrolls_sideways(tab), "Good Faith Estimate"
    finally:
        context.close()

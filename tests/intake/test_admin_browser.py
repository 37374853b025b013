"""Front desk work in real Chromium at 1280 px: the 5-click triage, and axe-core on each page."""

import pytest

from intake.models import ConsultationRequest, FollowUpNote, StaffNotice
from tests.support.browser import DESKTOP, axe_violations
from tests.support.staff import staff_group

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def front_desk(make_staff, make_request):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    staff = make_staff("frontdesk", groups=[staff_group("Intake staff")])
    make_request(full_name="Overdue Person", received_at=now - timedelta(days=4))
    urgent = make_request(
        full_name="Urgent Person",
        is_urgent=True,
        self_harm_thoughts="yes",
        contact_method="phone",
        phone="+1 (650) 555-0142",
        ok_to_leave_message="no",
        received_at=now - timedelta(minutes=30),
        # A Good Faith Estimate due, and one late (in red, and said): on every page checked.
        how_paying="self_pay",
        wants_good_faith_estimate="yes",
    )
    make_request(
        full_name="Called Already",
        status="contacted",
        is_urgent=True,
        how_paying="self_pay",
        wants_good_faith_estimate="yes",
        received_at=now - timedelta(days=10),
    )
    make_request(
        full_name="Gentle Person",
        self_harm_thoughts="prefer_not_to_say",
        submitted_by="someone_else",
        helper_name="Sam Helper",
        email="alex@example.org",
    )
    StaffNotice.objects.create(
        request=urgent, is_urgent=True, link="x", created_at=now - timedelta(minutes=15)
    )
    return staff, urgent


def test_triage_the_most_urgent_request_in_five_clicks(
    open_tab, live_server, sign_in_tab, front_desk
):
    staff, urgent = front_desk
    tab = sign_in_tab(open_tab(DESKTOP), live_server.url, staff)
    visited = []
    tab.on("framenavigated", lambda frame: visited.append(frame.url))
    clicks = 0

    def click(locator):
        nonlocal clicks
        clicks += 1
        locator.click()

    tab.goto(live_server.url + "/admin/")
    with tab.expect_navigation():
        click(tab.get_by_role("link", name="Open the next request"))
    assert tab.get_by_role("heading", name=f"Request #{urgent.pk} at a glance").is_visible()
    with tab.expect_navigation():
        click(tab.get_by_role("button", name="Assign to me"))
    with tab.expect_navigation():
        click(tab.get_by_role("button", name="Mark contacted"))
    click(tab.get_by_label("Add a note"))
    tab.keyboard.type("Called; no voicemail left (not allowed). Will try at 5 pm.")
    with tab.expect_navigation():
        click(tab.get_by_role("button", name="Add note"))

    assert clicks <= 5
    urgent.refresh_from_db()
    assert urgent.assigned_to == staff
    assert urgent.status == "contacted" and urgent.contacted_at
    assert FollowUpNote.objects.get(request=urgent).author == staff
    assert tab.get_by_text("Will try at 5 pm.").is_visible()
    # No list action was involved: the queue was never opened.
    assert not any(url.endswith("/consultationrequest/") for url in visited)


def test_the_summary_is_in_the_first_screen(open_tab, live_server, sign_in_tab, front_desk):
    staff, urgent = front_desk
    tab = sign_in_tab(open_tab(DESKTOP), live_server.url, staff)
    tab.goto(f"{live_server.url}/admin/intake/consultationrequest/{urgent.pk}/change/")

    def top(text):
        return tab.get_by_text(text, exact=False).first.bounding_box()["y"]

    assert top("Thoughts of suicide or self-harm now") < DESKTOP["height"]
    assert tab.get_by_label("Add a note").bounding_box()["y"] < 2 * DESKTOP["height"]


def test_phone_numbers_do_not_wrap_in_the_queue_at_1280_px(
    open_tab, live_server, sign_in_tab, front_desk
):
    staff, urgent = front_desk
    tab = sign_in_tab(open_tab(DESKTOP), live_server.url, staff)
    tab.goto(live_server.url + "/admin/intake/consultationrequest/")

    phone = tab.locator("#result_list .nowrap", has_text="555-0142")
    line_height = phone.evaluate("e => parseFloat(getComputedStyle(e).lineHeight) || 20")
    assert phone.bounding_box()["height"] < 1.5 * line_height
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= DESKTOP["width"]


@pytest.mark.parametrize(
    "page", ["dashboard", "queue", "request page"], ids=["dashboard", "queue", "request"]
)
def test_no_axe_violations_at_1280_px(open_tab, live_server, sign_in_tab, front_desk, page):
    staff, urgent = front_desk
    tab = sign_in_tab(open_tab(DESKTOP), live_server.url, staff)
    path = {
        "dashboard": "/admin/",
        "queue": "/admin/intake/consultationrequest/",
        "request page": f"/admin/intake/consultationrequest/{urgent.pk}/change/",
    }[page]
    tab.goto(live_server.url + path)
    assert ConsultationRequest.objects.count() == 4
    # The Good Faith Estimate's words and red are checked too.
    shown = {
        "dashboard": ".desk-counts li.late",
        "queue": ".badge.late",
        "request page": "#estimate-status",
    }[page]
    assert tab.locator(shown).is_visible()

    assert axe_violations(tab) == []


@pytest.mark.parametrize("page", ["spam filter", "spam request"])
def test_possible_spam_pages_have_no_axe_violations_and_the_button_moves_it(
    open_tab, live_server, sign_in_tab, front_desk, make_request, page
):
    staff, _ = front_desk
    spam = make_request(full_name="Maybe Automated", possible_spam=True, spam_reason="hidden_box")
    tab = sign_in_tab(open_tab(DESKTOP), live_server.url, staff)
    path = {
        "spam filter": "/admin/intake/consultationrequest/?spam=yes",
        "spam request": f"/admin/intake/consultationrequest/{spam.pk}/change/",
    }[page]
    tab.goto(live_server.url + path)

    assert axe_violations(tab) == []
    if page == "spam request":
        tab.get_by_role("button", name="Move to the queue").click()
        tab.wait_for_load_state()
        spam.refresh_from_db()
        assert not spam.possible_spam


NARROW_PHONE = {"width": 390, "height": 844}
SMALL_LAPTOP = {"width": 1366, "height": 600}


def test_a_note_typed_then_a_step_pressed_is_kept(open_tab, live_server, sign_in_tab, front_desk):
    staff, urgent = front_desk
    tab = sign_in_tab(open_tab(DESKTOP), live_server.url, staff)
    tab.goto(f"{live_server.url}/admin/intake/consultationrequest/{urgent.pk}/change/")

    tab.get_by_label("Add a note").fill("Called at 9; no answer, no voicemail left.")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Mark contacted").click()

    assert tab.get_by_text("no answer, no voicemail left.").is_visible()
    assert FollowUpNote.objects.get(request=urgent).author == staff


def test_closing_an_urgent_request_stops_at_the_reason_and_the_tick(
    open_tab, live_server, sign_in_tab, front_desk
):
    staff, urgent = front_desk
    tab = sign_in_tab(open_tab(DESKTOP), live_server.url, staff)
    tab.goto(f"{live_server.url}/admin/intake/consultationrequest/{urgent.pk}/change/")
    assert tab.get_by_label("Reason").input_value() == ""

    tab.get_by_role("button", name="Close", exact=True).click()
    tab.get_by_label("Reason").select_option(label="Duplicate request")
    tab.get_by_role("button", name="Close", exact=True).click()
    urgent.refresh_from_db()
    assert urgent.status == "new"

    tab.get_by_label("Close it although nobody has reached this person").check()
    with tab.expect_navigation():
        tab.get_by_role("button", name="Close", exact=True).click()
    urgent.refresh_from_db()
    assert urgent.status == "closed" and urgent.close_reason == "duplicate"


@pytest.mark.parametrize("page", ["dashboard", "request page"])
def test_nothing_is_wider_than_a_390_px_phone(open_tab, live_server, sign_in_tab, front_desk, page):
    staff, urgent = front_desk
    tab = sign_in_tab(open_tab(NARROW_PHONE), live_server.url, staff)
    path = {
        "dashboard": "/admin/",
        "request page": f"/admin/intake/consultationrequest/{urgent.pk}/change/",
    }[page]
    tab.goto(live_server.url + path)

    too_wide = tab.evaluate(
        """() => [...document.querySelectorAll('#content *')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .map(e => e.tagName + '.' + e.className + ': ' + e.textContent.trim().slice(0, 40))"""
    )
    assert too_wide == []
    assert tab.evaluate("document.documentElement.scrollWidth") <= NARROW_PHONE["width"]
    assert axe_violations(tab) == []


def test_the_request_page_at_390_px_stacks_labels_and_links_phone_numbers(
    open_tab, live_server, sign_in_tab, front_desk
):
    staff, urgent = front_desk
    tab = sign_in_tab(open_tab(NARROW_PHONE), live_server.url, staff)
    tab.goto(f"{live_server.url}/admin/intake/consultationrequest/{urgent.pk}/change/")

    label = tab.locator(".summary-list dt", has_text="How to contact them").bounding_box()
    value = tab.locator(".summary-list dd").nth(2).bounding_box()
    assert value["y"] >= label["y"] + label["height"] - 1
    phone = tab.get_by_role("link", name="+1 (650) 555-0142")
    assert phone.get_attribute("href") == "tel:+16505550142"


def test_the_dashboard_chart_labels_are_readable_at_390_px(
    open_tab, live_server, sign_in_tab, front_desk
):
    staff, urgent = front_desk
    tab = sign_in_tab(open_tab(NARROW_PHONE), live_server.url, staff)
    tab.goto(live_server.url + "/admin/")

    sizes = tab.evaluate(
        """() => [...document.querySelectorAll('.desk-chart text')].map(t =>
            parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)"""
    )
    assert sizes and min(sizes) >= 12


def in_view(tab, locator):
    """Whether the element is inside the window as it stands, without scrolling."""
    box = locator.bounding_box()
    size = tab.viewport_size
    return (
        box is not None
        and box["x"] >= 0
        and box["x"] + box["width"] <= size["width"]
        and box["y"] >= 0
        and box["y"] + box["height"] <= size["height"]
    )


def test_the_queue_on_a_phone_is_a_card_per_request_and_search_finds_any_number(
    open_tab, live_server, sign_in_tab, front_desk
):
    staff, urgent = front_desk
    queue = f"{live_server.url}/admin/intake/consultationrequest/"
    tab = sign_in_tab(open_tab(NARROW_PHONE), live_server.url, staff)
    tab.goto(queue)

    assert tab.evaluate("document.documentElement.scrollWidth") <= NARROW_PHONE["width"]
    card = tab.locator("#result_list tbody tr", has_text="Urgent Person")
    card.scroll_into_view_if_needed()
    for badge in ("Urgent", "Same email or phone as"):
        assert in_view(tab, card.get_by_text(badge, exact=False).first), badge
    assert in_view(tab, card.get_by_text("New for 30", exact=False))
    call = card.get_by_role("link", name="+1 (650) 555-0142")
    assert call.get_attribute("href") == "tel:+16505550142" and in_view(tab, call)
    overdue = tab.locator("#result_list tbody tr", has_text="Overdue Person")
    overdue.scroll_into_view_if_needed()
    assert in_view(tab, overdue.get_by_text("Overdue", exact=True))
    gently = tab.locator("#result_list tbody tr", has_text="Gentle Person")
    gently.scroll_into_view_if_needed()
    for badge in ("Ask gently", "Sent by a helper"):
        assert in_view(tab, gently.get_by_text(badge)), badge
    assert axe_violations(tab) == []

    # The number typed as digits finds it, closed or not.
    urgent.status, urgent.close_reason = "closed", "duplicate"
    urgent.save()
    tab.get_by_role("textbox").first.fill("6505550142")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Search").click()
    assert tab.locator("#result_list tbody tr").count() == 1
    assert tab.get_by_text("Urgent Person").is_visible()

    tab.set_viewport_size(DESKTOP)
    tab.goto(queue)
    assert tab.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    assert axe_violations(tab) == []


def test_the_request_page_changes_only_through_its_buttons_and_a_refused_close_says_why_there(
    open_tab, live_server, sign_in_tab, front_desk
):
    staff, _ = front_desk
    overdue = ConsultationRequest.objects.get(full_name="Overdue Person")
    # A small laptop's window: the Close button is below the first screen.
    tab = sign_in_tab(open_tab(SMALL_LAPTOP), live_server.url, staff)
    tab.goto(f"{live_server.url}/admin/intake/consultationrequest/{overdue.pk}/change/")

    assert tab.get_by_role("heading", name=f"Request #{overdue.pk}", exact=True).is_visible()
    # Below the summary, the status is read, not chosen; there is nothing to save.
    assert tab.locator("#consultationrequest_form select").count() == 0
    assert tab.locator("#consultationrequest_form [type=submit]").count() == 0
    # Overdue is a word in a badge on the waiting line, not an empty red box.
    badge = tab.locator(".summary-list .badge.overdue")
    assert badge.inner_text() == "Overdue"
    assert badge.bounding_box()["height"] < 2 * badge.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )

    assert not in_view(tab, tab.get_by_role("button", name="Close", exact=True))
    # A browser that sends the form without checking it first (as some assistive tools do).
    tab.evaluate("document.getElementById('follow-up-form').noValidate = true")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Close", exact=True).click()

    overdue.refresh_from_db()
    assert overdue.status == "new"
    message = tab.get_by_text("Not closed: choose a reason", exact=False).last
    assert in_view(tab, message)
    assert in_view(tab, tab.get_by_role("button", name="Close", exact=True))
    assert axe_violations(tab) == []

"""Front desk work in real Chromium at 1280 px: the 5-click triage, and axe-core on each page."""

import pytest

from intake.models import ConsultationRequest, FollowUpNote, StaffNotice
from tests.conftest import DESKTOP, axe_violations
from tests.intake.conftest import staff_group

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
    )
    make_request(full_name="Called Already", status="contacted", is_urgent=True)
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


def test_the_change_forms_save_asks_before_leaving_a_typed_note(
    open_tab, live_server, sign_in_tab, front_desk
):
    staff, urgent = front_desk
    tab = sign_in_tab(open_tab(DESKTOP), live_server.url, staff)
    tab.goto(f"{live_server.url}/admin/intake/consultationrequest/{urgent.pk}/change/")
    tab.get_by_label("Add a note").fill("Spoke to her mother.")
    asked = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    tab.on("dialog", dismiss)
    tab.locator("#consultationrequest_form [name=_save]").click()

    assert asked and "not saved yet" in asked[0]
    assert tab.get_by_label("Add a note").input_value() == "Spoke to her mother."


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

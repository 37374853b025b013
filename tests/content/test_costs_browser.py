"""The Costs and insurance page in real Chromium, with and without confirmed fees: no axe-core
findings, nothing to scroll sideways on a 320 px phone with text at 200%, the fees stacked
readably on a phone, and a clean page on paper (or the checklist alone, from its button)."""

from datetime import date

import pytest

from content.models import Fee, FeeUnit
from tests.support.browser import DESKTOP, PHONE, at_each_width, axe_violations, scrolls_sideways

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COSTS = "/costs-and-insurance/"


def confirm_fees():
    confirmed = {
        "confirmed_by_name": "Sam Example",
        "confirmed_by_role": "Billing manager",
        "confirmed_on": date(2026, 11, 1),
    }
    Fee.objects.create(
        name="First consultation with a psychiatric prescriber",
        amount="No charge",
        unit=FeeUnit.ONE_TIME,
        order=1,
        **confirmed,
    )
    Fee.objects.create(
        name="One Spravato session, including the time you are watched afterwards",
        amount="$300 to $450",
        unit=FeeUnit.PER_SESSION,
        includes="The medicine, at least 2 hours of monitoring, and a short check-in call the "
        "next day with the nurse who looked after you.",
        order=2,
        **confirmed,
    )


FEES_LAYOUT = """() => {
    const table = document.querySelector('.fees-table');
    const cell = table.querySelector('td');
    const width = el => el.getBoundingClientRect().width;
    return {
        display: getComputedStyle(cell).display,
        label: getComputedStyle(cell, '::before').content,
        fits: table.getBoundingClientRect().right <= innerWidth,
        // A fee's name and the caption use the whole width, not a narrow column.
        namesFull: [table.caption, table.querySelector('tbody th')]
            .every(el => width(el) >= width(table) - 1),
    };
}"""


@pytest.mark.parametrize("with_fees", [False, True], ids=["no-fee-confirmed", "fees-confirmed"])
def test_the_costs_page_passes_axe_and_never_scrolls_sideways(
    open_tab, browser, live_server, site_pages, with_fees
):
    if with_fees:
        confirm_fees()
    tab = open_tab(PHONE)
    tab.goto(live_server.url + COSTS)
    assert (tab.locator(".fees-table").count() == 1) is with_fees
    for viewport in at_each_width(tab, (PHONE, DESKTOP)):
        assert axe_violations(tab) == [], viewport
        assert not scrolls_sideways(tab), viewport
        if with_fees:
            layout = tab.evaluate(FEES_LAYOUT)
            # On a phone each fee is a block with labelled lines; wider, a table.
            if viewport is PHONE:
                assert layout == {
                    "display": "block",
                    "label": '"Cost: "',
                    "fits": True,
                    "namesFull": True,
                }
            else:
                assert layout["display"] == "table-cell" and layout["fits"]

    # The browser's own text size at 200% on a 320 px phone.
    context = browser.new_context(viewport={"width": 320, "height": 700})
    try:
        narrow = context.new_page()
        devtools = context.new_cdp_session(narrow)
        devtools.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
        narrow.goto(live_server.url + COSTS)
        assert narrow.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 32
        assert narrow.evaluate("document.documentElement.scrollWidth") <= 320
        assert axe_violations(narrow) == []
    finally:
        context.close()


PRINTED = """() => {
    const shown = sel => { const el = document.querySelector(sel);
        return !!el && el.getClientRects().length > 0; };
    return {
        menu: shown('.site-nav'),
        crisis: shown('.crisis-bar'),
        text: shown('.page-costs > .prose'),
        fees: shown('#fees'),
        checklist: shown('#insurer-questions'),
        button: shown('[data-print-checklist]'),
        notice: shown('#good-faith-estimate'),
        references: shown('.references'),
        footer: shown('.site-footer'),
    };
}"""


def test_printing_gives_the_whole_page_clean_and_the_button_prints_the_checklist_alone(
    open_tab, live_server, site_pages
):
    tab = open_tab(DESKTOP)
    tab.goto(live_server.url + COSTS)
    button = tab.get_by_role("button", name="Print this checklist")
    assert button.is_visible()  # the script shows it; without it, it stays hidden
    tab.emulate_media(media="print")
    assert tab.evaluate(PRINTED) == {
        "menu": False,
        "crisis": True,
        "text": True,
        "fees": True,
        "checklist": True,
        "button": False,
        "notice": True,
        "references": True,
        "footer": True,
    }

    # The button: the checklist alone while the print dialog is open, the whole page after.
    tab.emulate_media(media="screen")
    tab.evaluate(
        """() => { window.print = () => {
            window.printedAlone = document.documentElement.classList.contains('printing-checklist');
        }; }"""
    )
    button.click()
    assert tab.evaluate("window.printedAlone") is True
    tab.emulate_media(media="print")
    assert tab.evaluate(PRINTED) == {
        "menu": False,
        "crisis": True,
        "text": False,
        "fees": False,
        "checklist": True,
        "button": False,
        "notice": False,
        "references": False,
        "footer": False,
    }
    tab.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert tab.evaluate(PRINTED)["notice"] is True


def test_without_javascript_the_print_button_stays_hidden(browser, live_server, site_pages):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    try:
        tab = context.new_page()
        tab.goto(live_server.url + COSTS)
        assert tab.locator("[data-print-checklist]").is_hidden()
        assert tab.locator("#good-faith-estimate").is_visible()
    finally:
        context.close()

"""The page for referring clinicians and the medicine-history worksheet in real Chromium: no
accessibility findings, nothing sideways at 320 px with 200% text, and the worksheet printed on
US Letter with each table whole on its sheet."""

import re

import pytest

from tests.content.test_browser import LETTER_PRINTED_WIDTH, OUTLINE_ENTRY
from tests.support.browser import DESKTOP, PHONE, at_each_width, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADDRESSES = ["/for-clinicians/", "/medicine-history-worksheet/"]


def test_the_clinicians_page_and_the_worksheet_have_no_axe_violations(
    open_tab, live_server, site_pages
):
    tab = open_tab(PHONE)
    failures = {}
    for address in ADDRESSES:
        tab.goto(live_server.url + address)
        for viewport in at_each_width(tab):
            violations = axe_violations(tab)
            if violations:
                failures[address, viewport["width"]] = violations
    assert failures == {}


WORKSHEET_ON_SCREEN = r"""() => {
    const shown = el => getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0;
    const table = document.querySelector('.worksheet-table');
    const header = table.querySelector('thead').getBoundingClientRect();
    const cell = table.querySelector('tbody td');
    const label = cell.querySelector('.worksheet-label');
    const rowName = table.querySelector('tbody th').getBoundingClientRect();
    return {
        labelShown: shown(label),
        label: label.firstChild.textContent.trim(),
        headerShown: header.width > 1 && header.height > 1,
        rowName: table.querySelector('tbody th').innerText.replace(/\s+/g, ' ').trim(),
        rowWordShown: table.querySelector('.worksheet-row-word').getBoundingClientRect().width > 1,
        rowNameFits: rowName.right <= innerWidth,
        tableFits: table.getBoundingClientRect().right <= innerWidth,
    };
}"""


def test_at_320px_with_200_percent_text_nothing_scrolls_sideways_and_each_blank_is_labelled(
    browser, live_server, site_pages
):
    context = browser.new_context(viewport={"width": 320, "height": 700})
    try:
        tab = context.new_page()
        # The browser's own text size at 200%, set before the pages load.
        devtools = context.new_cdp_session(tab)
        devtools.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
        too_wide = {}
        for address in ADDRESSES:
            tab.goto(live_server.url + address)
            assert tab.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 32
            scroll_width = tab.evaluate("document.documentElement.scrollWidth")
            if scroll_width > 320:
                too_wide[address] = scroll_width
        assert too_wide == {}
        # The worksheet's rows are blocks: each blank names its column; the row says which it is.
        assert tab.evaluate(WORKSHEET_ON_SCREEN) == {
            "labelShown": True,
            "label": "Medicine",
            "headerShown": False,
            "rowName": "Medicine 1",
            "rowWordShown": True,
            "rowNameFits": True,
            "tableFits": True,
        }
    finally:
        context.close()


def test_the_worksheet_is_a_table_on_a_wide_screen(open_tab, live_server, site_pages):
    tab = open_tab(DESKTOP)
    tab.goto(live_server.url + "/medicine-history-worksheet/")
    layout = tab.evaluate(WORKSHEET_ON_SCREEN)
    assert layout["headerShown"] and not layout["labelShown"] and layout["tableFits"]
    # The row's number shows; "Medicine" is there for screen readers only.
    assert layout["rowName"] == "Medicine 1" and not layout["rowWordShown"]


def test_the_worksheet_prints_on_two_letter_sheets_each_table_whole_on_one(
    open_tab, live_server, site_pages
):
    tab = open_tab(DESKTOP)
    tab.goto(live_server.url + "/medicine-history-worksheet/")
    pdf = tab.pdf(format="Letter", outline=True, tagged=True)

    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) <= 2
    headings = {title: (page, float(top)) for title, page, top in OUTLINE_ENTRY.findall(pdf)}
    tab.set_viewport_size({"width": LETTER_PRINTED_WIDTH, "height": 900})
    tab.emulate_media(media="print")
    printed = tab.evaluate(
        """() => [...document.querySelectorAll('.worksheet')].map(section => ({
            heading: section.querySelector('h2').textContent,
            // From the heading's top to the table's last row, as printed.
            height: section.querySelector('tbody tr:last-child').getBoundingClientRect().bottom
                - section.querySelector('h2').getBoundingClientRect().top,
            fits: section.querySelector('table').getBoundingClientRect().right <= innerWidth,
            labelled: getComputedStyle(section.querySelector('.worksheet-label')).display,
            header: getComputedStyle(section.querySelector('thead')).position,
        }))"""
    )
    assert [section["heading"] for section in printed] == [
        "1. Medicines you have tried for depression",
        "2. Medicines you take now",
    ]
    bottom_margin = 1.5 / 2.54 * 72
    for section in printed:
        # On paper a table with its headings, within the sheet's width.
        assert section["fits"] and section["labelled"] == "none", section
        assert section["header"] != "absolute", section
        # The table ends on the sheet its heading starts on (CSS pixels are 0.75 points).
        _, heading_top = headings[section["heading"].encode()]
        assert heading_top - section["height"] * 0.75 >= bottom_margin, section

"""The pages in real Chromium: accessibility (axe-core) and a keyboard-only walk."""

import re

import pytest

from content.models import Page
from tests.support.browser import DESKTOP, PHONE, at_each_width, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def focused(tab):
    """What has keyboard focus, and whether a sighted keyboard user can see it."""
    return tab.evaluate(
        """() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        return {
            tag: el.tagName.toLowerCase(),
            text: el.textContent.trim(),
            href: el.getAttribute('href'),
            inNav: !!el.closest('nav.site-nav'),
            ringVisible: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2)
                || style.boxShadow !== 'none',
            onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight,
        };
    }"""
    )


def test_every_page_has_no_axe_violations_on_a_phone_or_a_desktop(
    open_tab, live_server, site_pages
):
    tab = open_tab(PHONE)
    failures = {}
    for page in site_pages:
        tab.goto(live_server.url + page.get_absolute_url())
        for viewport in at_each_width(tab):
            violations = axe_violations(tab)
            if violations:
                failures[page.slug, viewport["width"]] = violations
    assert failures == {}


def test_no_page_scrolls_sideways_on_a_phone(open_tab, live_server, site_pages):
    tab = open_tab(PHONE)
    for page in site_pages:
        tab.goto(live_server.url + page.get_absolute_url())
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], page.slug


def walk_to_main(tab, limit=60):
    """Press Tab until focus reaches the page's own content; return each stop."""
    stops = []
    for _ in range(limit):
        tab.keyboard.press("Tab")
        stop = focused(tab)
        stops.append(stop)
        if stop["text"] == "Menu" and stop["tag"] == "summary":
            tab.keyboard.press("Enter")  # a phone user opens the menu
        in_main = tab.evaluate("!!document.activeElement.closest('main')")
        if in_main:
            break
    return stops


def test_keyboard_reaches_skip_link_first_then_every_menu_link_on_a_phone_or_a_desktop(
    open_tab, live_server, site_pages
):
    tab = open_tab(PHONE)
    for viewport in at_each_width(tab):
        tab.goto(live_server.url + "/ketamine-therapy/")  # afresh: the walk opens the menu
        stops = walk_to_main(tab)

        assert stops[0]["text"] == "Skip to main content", viewport
        menu = [s["href"] for s in stops if s["inNav"] and s["tag"] == "a"]
        assert menu == [page.get_absolute_url() for page in Page.objects.in_navigation()]
        for stop in stops:
            assert stop["ringVisible"] and stop["onScreen"], (stop, viewport)


def test_skip_link_moves_focus_to_the_main_content(open_tab, live_server, site_pages):
    tab = open_tab(PHONE)
    tab.goto(live_server.url + "/benefits/")
    tab.keyboard.press("Tab")
    tab.keyboard.press("Enter")
    assert tab.evaluate("document.activeElement.id") == "main-content"


def test_crisis_note_stays_in_view_while_a_long_page_scrolls(open_tab, live_server, site_pages):
    tab = open_tab(PHONE)
    tab.goto(live_server.url + "/who-might-benefit/")
    tab.mouse.wheel(0, 3000)
    tab.wait_for_function("window.scrollY > 2000")
    bar = tab.locator(".crisis-bar").bounding_box()
    assert bar["y"] == 0 and bar["height"] < 80
    assert tab.get_by_role("link", name="Call 988").first.is_visible()


TABLET = {"width": 768, "height": 1024}


def test_comparison_table_is_readable_whole_with_no_clipped_column_at_every_width(
    open_tab, live_server, site_pages
):
    tab = open_tab(PHONE)
    tab.goto(live_server.url + "/ketamine-therapy/")
    for viewport in at_each_width(tab, (PHONE, TABLET, DESKTOP)):
        assert_the_comparison_table_is_readable(tab, on_a_phone=viewport is PHONE)


def assert_the_comparison_table_is_readable(tab, on_a_phone):
    layout = tab.evaluate(
        """() => {
        const visible = el => el && getComputedStyle(el).display !== 'none' && el.offsetParent;
        const box = document.querySelector('.table-scroll');
        const cards = [...document.querySelectorAll('.stacked-card')];
        const right = el => el.getBoundingClientRect().right;
        return {
            table: !!visible(box),
            tableFits: box.scrollWidth <= box.clientWidth,
            columnsInView: [...box.querySelectorAll('thead th')].every(th => right(th) <= innerWidth),
            cards: cards.filter(visible).map(c => c.querySelector('h3').textContent),
            cardsInView: cards.filter(visible).every(c => right(c) <= innerWidth
                && c.scrollWidth <= c.clientWidth),
        };
    }"""
    )
    if on_a_phone:
        # One form at a time, each card whole on the screen.
        assert not layout["table"]
        assert layout["cards"] == [
            "IV ketamine infusion",
            "Ketamine lozenge",
            "Spravato (esketamine nasal spray)",
        ]
        assert layout["cardsInView"]
    else:
        assert layout["table"] and layout["cards"] == []
        assert layout["tableFits"] and layout["columnsInView"], layout


PRINTED_LINKS = """() => {
    const shown = sel => { const el = document.querySelector(sel);
        return !!el && getComputedStyle(el).display !== 'none'; };
    const after = sel => getComputedStyle(document.querySelector(sel), '::after');
    const chat = document.querySelector('.crisis-bar a[href^="https://988lifeline.org"]');
    const stop = document.createRange();
    stop.setStart(chat.closest('.crisis-detail').nextSibling, 0);
    stop.setEnd(chat.closest('.crisis-detail').nextSibling, 1);
    const lastLine = [...chat.getClientRects()].pop();
    return {
        menu: shown('.site-nav'),
        button: shown('.header-cta'),
        crisis: shown('.crisis-bar'),
        relative: after('main a[href="/side-effects-and-safety/"]').content,
        call: after('.crisis-bar a[href="tel:988"]').content,
        text: after('.crisis-bar a[href="sms:988"]').content,
        web: after('.crisis-bar a[href^="https://988lifeline.org"]').content,
        webWraps: after('.crisis-bar a[href^="https://988lifeline.org"]').overflowWrap,
        stopOnSameLine: stop.getBoundingClientRect().top < lastLine.bottom - 2,
        fitsSideways: document.documentElement.scrollWidth <= innerWidth,
    };
}"""


def test_printed_guide_drops_the_menu_keeps_the_crisis_line_and_shows_web_addresses_only(
    open_tab, live_server, site_pages
):
    tab = open_tab(PHONE)
    tab.goto(live_server.url + "/before-and-after-your-session/")
    tab.emulate_media(media="print")
    for viewport in at_each_width(tab):
        assert tab.evaluate(PRINTED_LINKS) == {
            "menu": False,
            "button": False,
            "crisis": True,
            # "Call 988 (tel:988)" and "(/consultation/)" help no one on paper.
            "relative": "none",
            "call": "none",
            "text": "none",
            "web": '" (https://988lifeline.org/)"',
            "webWraps": "anywhere",
            "stopOnSameLine": True,
            "fitsSideways": True,
        }, viewport


# Each heading in a PDF's outline: its title, the object of its page, and how high on that page
# it starts (points from the bottom of the sheet).
OUTLINE_ENTRY = re.compile(rb"/Title \((.*?)\)\s*/Dest \[(\d+) 0 R /XYZ [\d.]+ ([\d.]+)")
LETTER_PRINTED_WIDTH = 703  # CSS pixels: 8.5 inches less the 1.5 cm margins of site.css


def test_the_printed_guide_fits_two_sheets_with_who_to_call_whole(
    open_tab, live_server, site_pages
):
    from content.models import PracticeDetails
    from tests.content.test_policies import confirm

    practice = PracticeDetails.load()
    practice.phone = "(650) 555-0100"
    practice.save()
    confirm(
        "after-hours",
        "Outside office hours, call our on-call clinician at (650) 555-0199. They can talk with "
        "you about side effects and decide with you what to do next.",
    )
    tab = open_tab(DESKTOP)
    tab.goto(live_server.url + "/before-and-after-your-session/")
    pdf = tab.pdf(format="Letter", outline=True, tagged=True)

    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) <= 2
    headings = {title: (page, float(top)) for title, page, top in OUTLINE_ENTRY.findall(pdf)}
    who_page, _ = headings[b"Who to call"]
    box_page, box_heading_top = headings[b"Stanford Psychological Services"]  # the box's heading
    assert who_page == box_page  # the heading is not left alone at the foot of a page
    # The box ends on that page too: its height under its heading, as printed, fits above the
    # sheet's bottom margin.
    tab.set_viewport_size({"width": LETTER_PRINTED_WIDTH, "height": 900})
    tab.emulate_media(media="print")
    # On paper the sources' long addresses give way to the page's own, printed once.
    assert tab.locator(".references .print-only").is_visible()
    assert "/before-and-after-your-session/" in tab.locator(".references .print-only").inner_text()
    assert not tab.locator(".references li a").first.is_visible()
    below_heading = tab.evaluate(
        """() => document.querySelector('.call-box').getBoundingClientRect().bottom
            - document.querySelector('.call-box h3').getBoundingClientRect().top"""
    )
    bottom_margin = 1.5 / 2.54 * 72
    assert box_heading_top - below_heading * 0.75 >= bottom_margin


def test_the_main_menu_fits_on_one_line_at_1280px(open_tab, live_server, site_pages):
    tab = open_tab(DESKTOP)
    tab.goto(live_server.url + "/")
    menu = tab.evaluate(
        """() => {
        const links = [...document.querySelectorAll('nav.site-nav li a')];
        const nav = document.querySelector('nav.site-nav').getBoundingClientRect();
        return {
            lines: new Set(links.map(a => Math.round(a.getBoundingClientRect().top))).size,
            eachOnOneLine: links.every(a => a.getClientRects().length === 1),
            inside: links.every(a => a.getBoundingClientRect().right <= nav.right),
            last: links.at(-1).textContent.trim(),
        };
    }"""
    )
    assert menu == {"lines": 1, "eachOnOneLine": True, "inside": True, "last": "Need help now?"}


SKIP_LINK_COVERS_THE_CRISIS_BAR = """() => {
    const bar = document.querySelector('.crisis-bar');
    return [...bar.querySelectorAll('strong, a')].some(element => {
        const box = element.getBoundingClientRect();
        const hit = document.elementFromPoint(box.left + 2, box.top + box.height / 2);
        return hit !== null && !bar.contains(hit);
    });
}"""


def test_text_at_200_percent_on_a_narrow_phone_never_scrolls_sideways(
    browser, live_server, site_pages
):
    addresses = [page.get_absolute_url() for page in site_pages] + ["/consultation/"]
    for width in (320, 390):
        context = browser.new_context(viewport={"width": width, "height": 700})
        try:
            tab = context.new_page()
            # The browser's own text size at 200% (Chrome's font settings), not zoom.
            devtools = context.new_cdp_session(tab)
            devtools.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
            too_wide = {}
            for address in addresses:
                tab.goto(live_server.url + address)
                scroll_width = tab.evaluate("document.documentElement.scrollWidth")
                if scroll_width > width:
                    too_wide[address] = scroll_width
            assert tab.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 32
            with tab.expect_navigation():
                tab.click("#submit-request")  # the form back with its error summary
            assert tab.locator("#error-summary").is_visible()
            scroll_width = tab.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                too_wide["form with errors"] = scroll_width
            assert too_wide == {}, width

            # The skip link, out of sight until focused, covers nothing however its text wraps.
            tab.goto(live_server.url + "/")
            assert not tab.evaluate(SKIP_LINK_COVERS_THE_CRISIS_BAR), width
            tab.keyboard.press("Tab")
            assert tab.locator(".skip-link").is_visible()
            assert (
                tab.evaluate("document.querySelector('.skip-link').getBoundingClientRect().top")
                >= 0
            )
        finally:
            context.close()


def test_the_legal_notices_pass_axe_and_fit_a_320_px_phone_at_200_percent_text(
    browser, live_server, site_pages, make_notice
):
    from content.models import NoticeKind
    from tests.content.test_notices import TAGLINES

    addresses = ["/notice-of-privacy-practices/"]  # before it is entered: how to get a copy
    context = browser.new_context(viewport={"width": 320, "height": 700})
    try:
        tab = context.new_page()
        devtools = context.new_cdp_session(tab)
        for state in ("not entered", "entered"):
            if state == "entered":
                long_words = "## Your rights\n\n" + "Protected health information " * 40
                make_notice(NoticeKind.PRIVACY_PRACTICES, text=long_words)
                make_notice(NoticeKind.NONDISCRIMINATION)
                make_notice(NoticeKind.LANGUAGE_ASSISTANCE, taglines=TAGLINES)
                addresses = [f"/{kind}/" for kind in NoticeKind] + ["/"]
            devtools.send("Page.setFontSizes", {"fontSizes": {"standard": 16, "fixed": 13}})
            for address in addresses:
                tab.goto(live_server.url + address)
                assert axe_violations(tab) == [], (state, address)
            devtools.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
            for address in addresses:
                tab.goto(live_server.url + address)
                assert tab.evaluate("document.documentElement.scrollWidth") <= 320, address
        tab.goto(live_server.url + "/language-assistance/")
        assert tab.locator('li[lang="ar"]').evaluate("el => getComputedStyle(el).direction") == (
            "rtl"
        )
    finally:
        context.close()


@pytest.mark.parametrize(
    "address",
    [
        "/admin/content/noticeduties/1/change/",
        "/admin/content/legalnotice/",
        "/admin/content/legalnotice/add/?from={notice}",
        "/admin/content/legalnotice/{notice}/change/",
        "/admin/content/fee/add/",
    ],
    ids=["duties", "notice-list", "new-version", "old-version", "fee"],
)
def test_the_notice_and_fee_admin_pages_have_no_axe_violations(
    open_tab, live_server, sign_in_tab, make_staff, make_notice, address
):
    from django.contrib.auth.models import Group

    from content.models import NoticeDuties, NoticeKind
    from tests.content.test_notices import TAGLINES

    NoticeDuties.load()
    notice = make_notice(NoticeKind.LANGUAGE_ASSISTANCE, taglines=TAGLINES)
    editor = make_staff("editor", groups=[Group.objects.get(name="Content editors")])
    tab = sign_in_tab(open_tab(DESKTOP), live_server.url, editor)
    tab.goto(live_server.url + address.format(notice=notice.pk))
    assert tab.locator("#content h1").is_visible()
    assert axe_violations(tab) == []

"""The private self-check (PHQ-9, facts file §15): the questions as published, the score and band
the person sees, crisis help first for question 9, and nothing kept or sent anywhere.

The browser tests at the end (marked browser) check that the page's script scores exactly as the
server does, and that answering sends nothing."""

import html
import logging
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from textstat import flesch_kincaid_grade as flesch_kincaid

from content import self_check
from content.models import Page
from content.page_cache import rendered_pages
from tests.content.test_readability import reading_text
from tests.support.browser import DESKTOP, PHONE, axe_violations

pytestmark = pytest.mark.django_db

URL = "/self-check/"
SCRIPT = Path(settings.BASE_DIR) / "static" / "js" / "self-check.js"
BOUNDARIES = [0, 4, 5, 9, 10, 14, 15, 19, 20, 27]

# The PHQ-9 as published (Pfizer's form), copied here on purpose: the page must match it.
PUBLISHED_QUESTIONS = [
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your family "
    "down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — being "
    "so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
]
PUBLISHED_ANSWERS = ["Not at all", "Several days", "More than half the days", "Nearly every day"]
# Kroenke 2001: 0–4 none or minimal, 5–9 mild, 10–14 moderate, 15–19 moderately severe, 20–27.
EXPECTED_BAND = {
    0: "None or minimal",
    4: "None or minimal",
    5: "Mild",
    9: "Mild",
    10: "Moderate",
    14: "Moderate",
    15: "Moderately severe",
    19: "Moderately severe",
    20: "Severe",
    27: "Severe",
}


def answers_totalling(total, question_9=None):
    """Nine answers adding up to `total`: questions 1 to 8 first, so question 9 stays at "Not at
    all" unless the total needs it (above 24) or it is given."""
    points = []
    left = total - (question_9 or 0)
    for _ in range(8):
        points.append(min(3, left))
        left -= points[-1]
    points.append(question_9 if question_9 is not None else left)
    assert sum(points) == total and all(0 <= p <= 3 for p in points)
    return points


def form_data(points):
    return {f"q{n}": str(p) for n, p in enumerate(points, start=1) if p is not None}


def post(client, data, url=URL):
    """As a browser without JavaScript posts the form."""
    return client.post(url, urlencode(data), content_type="application/x-www-form-urlencoded")


def shown(page_html):
    """What the person sees in <main>: without the hidden copy the script fills in."""
    main = page_html[page_html.index("<main") : page_html.index("</main>")]
    return re.sub(r"<template\b.*?</template>", "", main, flags=re.S)


def outcome(page_html):
    main = shown(page_html)
    start = main.index(">", main.index('id="self-check-outcome"')) + 1
    return main[start : main.index('<div class="prose">', start)]


def words(fragment):
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())
    return re.sub(r" ([.,])", r"\1", text)


@pytest.fixture
def page(site_pages):
    return Page.objects.get(slug="self-check")


# The scoring, on the server.


@pytest.mark.parametrize("total", BOUNDARIES)
def test_the_score_and_band_at_every_boundary(client, page, total):
    response = post(client, form_data(answers_totalling(total)))

    result = words(outcome(response.content.decode()))
    assert f"Your score is {total} out of 27." in result
    bands = re.findall(r'class="self-check-band"', outcome(response.content.decode()))
    assert len(bands) == 1
    assert f"{EXPECTED_BAND[total]} (" in result
    assert self_check.band_for(total).name.capitalize() == EXPECTED_BAND[total]
    assert f"Total (out of 27) {total}" in result


def test_the_nine_questions_and_four_answers_are_exactly_as_published(client, page):
    main = shown(client.get(URL).content.decode())
    legends = [words(text) for text in re.findall(r"<legend[^>]*>(.*?)</legend>", main, re.S)]
    assert legends == [f"{n}. {q}" for n, q in enumerate(PUBLISHED_QUESTIONS, start=1)]
    assert "Over the last 2 weeks, how often have you been bothered by any of the following " in (
        main
    )
    for number in range(1, 10):
        labels = re.findall(rf'<label for="id_q{number}_\d"[^>]*>(.*?)</label>', main)
        values = re.findall(rf'name="q{number}" value="(\d)"', main)
        assert labels == PUBLISHED_ANSWERS and values == ["0", "1", "2", "3"]
        # One radio group per question, named by its legend.
        assert main.count(f'data-question="{number}"') == 1
    assert (
        "developed by Drs Robert L Spitzer, Janet B W Williams, Kurt Kroenke and colleagues, "
        "with an educational grant from Pfizer Inc." in main
    )


def test_before_the_first_question_it_says_the_answers_are_private_and_not_a_diagnosis(
    client, page
):
    main = shown(client.get(URL).content.decode())
    before = words(main[: main.index("<fieldset")])
    note = re.search(r'<p class="self-check-privacy">(.*?)</p>', main, re.S).group(1)
    assert words(note) in before
    assert "stay in your browser" in words(note)
    assert "nobody on our team sees them, unless you choose" in words(note)
    assert "This site keeps none of them" in words(note)
    assert "not a diagnosis" in words(note)


@pytest.mark.parametrize("other_answers", ["all", "none"])
def test_question_9_above_not_at_all_shows_crisis_help_first_without_javascript(
    client, page, other_answers
):
    for question_9 in (1, 2, 3):
        points = [0] * 8 + [question_9] if other_answers == "all" else [None] * 8 + [question_9]
        result = outcome(post(client, form_data(points)).content.decode())

        first = result.lstrip()
        assert first.startswith('<div class="crisis-panel self-check-help" role="alert"'), first
        help_now = words(result[: result.index("</div>", result.index("</ul>"))])
        assert "Please reach out for help now" in help_now
        for link in ['href="tel:988"', 'href="sms:988"', "988lifeline.org", 'href="tel:911"']:
            assert link in result.split("</ul>")[0]
        assert "Nobody on our team sees these answers" in help_now
        assert "Ketamine is not an emergency treatment" in help_now
        # Above the score, or above the questions still to answer.
        later = "Your score is" if other_answers == "all" else "Please answer every question"
        assert result.index("Please reach out for help now") < result.index(later)


@pytest.mark.parametrize("total", BOUNDARIES)
def test_not_at_all_to_question_9_is_never_reassurance_and_no_result_is_low_risk(
    client, page, total
):
    points = answers_totalling(total, question_9=0 if total <= 24 else None)
    result = words(outcome(post(client, form_data(points)).content.decode())).lower()

    if points[8] == 0:
        assert "reach out for help now" not in result
    for reassurance in ["low risk", "no risk", "not at risk", "minimal risk"]:
        assert reassurance not in result
    # "Safe" only where it says the questions cannot tell.
    assert result.count("safe") == result.count("these questions cannot tell if you are safe") == 1
    assert "988" in result and "911" in result
    assert "not a diagnosis" in result


def test_the_result_says_what_to_do_next_and_prints_the_date_each_answer_and_the_total(
    client, page
):
    points = [3, 2, 1, 0, 3, 2, 1, 0, 0]
    result = outcome(post(client, form_data(points)).content.decode())
    text = words(result)

    assert "Talk with your doctor, therapist or other clinician" in text
    assert "If you have tried treatments and they have not helped" in text
    assert 'href="/consultation/"' in result
    today = date.today()
    assert f'datetime="{today:%Y-%m-%d}"' in result
    rows = re.findall(r"<tr data-row=\"\d\">(.*?)</tr>", result, re.S)
    answers = ["Nearly every day", "More than half the days", "Several days", "Not at all"]
    assert [words(row) for row in rows] == [
        f"{n}. {q} {answers[3 - p]} {p}"
        for n, (q, p) in enumerate(zip(PUBLISHED_QUESTIONS, points, strict=True), start=1)
    ]
    assert "Total (out of 27) 12" in text


def test_a_missing_or_made_up_answer_is_named_and_every_other_answer_is_kept(client, page):
    data = form_data([1, 2, 3, 0, 1, 2, 3, 0, 0])
    data["q1"] = "7"
    del data["q4"]
    main = shown(post(client, data).content.decode())
    summary = words(outcome(post(client, data).content.decode()))

    assert "Please answer every question" in summary
    assert "Choose one of the four answers for question 1." in summary
    assert "Choose an answer for question 4." in summary
    assert "Your score is" not in summary
    assert 'href="#id_q4_0"' in main
    for number, points in [(2, 2), (3, 3), (5, 1), (9, 0)]:
        assert re.search(rf'name="q{number}" value="{points}"[^>]*checked', main), number
    assert 'aria-describedby="id_q4_error"' in main


def test_the_no_javascript_post_writes_no_row_makes_no_session_and_logs_no_answer(page, caplog):
    client = Client()
    client.get(URL)  # the page as a visitor opens it
    rows_before = Session.objects.count()
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django")
    # Django's loggers do not pass records on to the root logger (settings.LOGGING).
    django_logs = logging.getLogger("django")
    django_logs.addHandler(caplog.handler)
    connection.force_debug_cursor = True  # every query goes to the log too
    try:
        with CaptureQueriesContext(connection) as queries:
            response = post(client, form_data([3, 3, 3, 3, 3, 2, 2, 2, 1]))
    finally:
        connection.force_debug_cursor = False
        django_logs.removeHandler(caplog.handler)

    assert "Your score is 22" in words(outcome(response.content.decode()))
    written = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert written == []
    assert Session.objects.count() == rows_before == 0
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert "no-store" in response["Cache-Control"]
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "SELECT" in logged  # the log was really captured, at DEBUG
    for answer in ["q1", "q9", "q1=3", "Nearly every day", "Your score"]:
        assert answer not in logged, answer


def test_the_question_page_is_served_from_the_page_cache_and_a_result_never_is(client, page):
    first = client.get(URL)
    assert rendered_pages.has(first.wsgi_request.build_absolute_uri(URL))
    post(client, form_data([3] * 9))
    again = client.get(URL)
    assert again["ETag"] == first["ETag"] and again.content == first.content
    assert "Your score is" not in shown(again.content.decode())


def test_answers_never_go_in_an_address(client, page):
    page_html = client.get(URL).content.decode()
    forms = re.findall(r"<form\b[^>]*>", page_html)
    assert len(forms) >= 2  # the questions, and the result's "add my answers"
    for tag in forms:
        assert 'method="post"' in tag and "?" not in re.search(r'action="([^"]*)"', tag).group(1)
    # Answers in a query are not read.
    assert "Your score is" not in shown(client.get(URL + "?q1=3&q2=3").content.decode())


def test_an_upload_is_not_read_and_another_page_takes_no_post(client, page):
    upload = client.post(URL, {f"q{n}": "1" for n in range(1, 10)})  # multipart
    assert upload.status_code == 200
    assert "Please answer every question" in outcome(upload.content.decode())
    assert post(client, form_data([1] * 9), url="/benefits/").status_code == 405


def test_it_is_a_medical_page_with_the_review_note_until_a_clinician_reviews_it(client, page):
    assert "has not yet been reviewed" in client.get(URL).content.decode()
    page.reviewed_by_name = "Jane Doe"
    page.reviewed_by_credential = "MD"
    page.last_reviewed = date(2026, 12, 1)
    page.save()
    response = client.get(URL).content.decode()
    assert "has not yet been reviewed" not in response
    assert "Reviewed by Jane Doe, MD" in response


def test_the_home_page_the_trd_page_and_the_form_link_to_it(client, page):
    for address in ["/", "/treatment-resistant-depression/", "/consultation/"]:
        assert f'href="{URL}"' in client.get(address).content.decode(), address


def test_the_page_and_its_results_read_at_grade_eight_or_lower(client, page):
    grades = {"questions": flesch_kincaid(reading_text(client.get(URL).content.decode()))}
    for total in (3, 12, 27):
        result = post(client, form_data(answers_totalling(total))).content.decode()
        grades[f"result {total}"] = flesch_kincaid(reading_text(result))
    assert max(grades.values()) <= 8, grades


def test_the_privacy_notice_says_the_answers_are_kept_only_if_added_to_a_request(client, page):
    notice = words(client.get("/privacy/").content.decode())
    assert "This site does not keep them, and nobody on our team sees them." in notice
    assert "Only if you choose to add your answers to a consultation request are they kept" in (
        notice
    )


def test_the_page_script_is_under_10_kb():
    assert SCRIPT.stat().st_size < 10 * 1024


# In Chromium.


def in_chromium(test):
    return pytest.mark.browser(pytest.mark.django_db(transaction=True)(test))


PHONE_320 = {"width": 320, "height": 640}


def answer(tab, points):
    for number, value in enumerate(points, start=1):
        if value is not None:
            tab.check(f"#id_q{number}_{value}")


def browser_result(tab):
    return tab.evaluate(
        """() => {
        const outcome = document.getElementById('self-check-outcome');
        const first = outcome.firstElementChild;
        return {
            hidden: outcome.hidden,
            text: outcome.innerText.replace(/\\s+/g, ' '),
            first: first && first.className,
            firstRole: first && first.getAttribute('role'),
            bands: outcome.querySelectorAll('.self-check-band').length,
            focused: document.activeElement === outcome,
        };
    }"""
    )


def comparable(text):
    text = re.sub(r"Answered on [A-Z][a-z]+ \d{1,2}, \d{4}\.", "Answered on (day).", text)
    return " ".join(text.replace("Print this result", "").split())


@in_chromium
def test_the_script_scores_as_the_server_does_nothing_leaves_the_browser_until_asked(
    open_tab, live_server, site_pages
):
    tab = open_tab(PHONE)
    tab.goto(live_server.url + URL)
    tab.wait_for_load_state("networkidle")
    sent = []
    tab.on("request", lambda request: sent.append(f"{request.method} {request.url}"))
    server = Client()

    for total in BOUNDARIES:
        points = answers_totalling(total)
        answer(tab, points)
        tab.click("text=See my result")
        seen = browser_result(tab)
        expected = words(outcome(post(server, form_data(points)).content.decode()))
        assert not seen["hidden"] and seen["focused"]
        assert f"Your score is {total} out of 27." in seen["text"]
        assert seen["bands"] == 1 and f"{EXPECTED_BAND[total]} (" in seen["text"]
        # The same result, word for word, but for the day (the browser's own, the server's).
        assert comparable(seen["text"]) == comparable(expected)

    # The printed view: the date, each answer and the total; not the questions or buttons.
    tab.emulate_media(media="print")
    printed = tab.evaluate(
        """() => ({
        form: document.querySelector('.self-check-form').checkVisibility(),
        carry: document.querySelector('#self-check-outcome .self-check-carry').checkVisibility(),
        rows: [...document.querySelectorAll('#self-check-outcome tr[data-row]')]
            .filter(row => row.offsetParent).length,
        date: document.querySelector('#self-check-outcome time').innerText,
    })"""
    )
    assert printed["form"] is False and printed["carry"] is False
    assert printed["rows"] == 9 and printed["date"] == date.today().strftime("%B %-d, %Y")
    assert sent == [] and tab.url == live_server.url + URL

    # Only now, because the person chooses to, the answers go to the consultation form.
    tab.emulate_media(media="screen")
    with tab.expect_navigation():
        tab.click("text=Add my answers to a consultation request")
    assert sent[0] == f"POST {live_server.url}/consultation/self-check/"
    box = tab.locator("#id_self_check")
    assert box.is_checked() and box.get_attribute("value").startswith("333333333 ")
    assert "Score: 27 out of 27 (severe)." in tab.inner_text("form.intake-form")


@in_chromium
@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_question_9_above_not_at_all_shows_crisis_help_first_in_a_live_region(
    browser, live_server, site_pages, javascript
):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    try:
        tab = context.new_page()
        tab.goto(live_server.url + URL)
        if javascript:
            # At once, under the question, before any result is asked for.
            tab.check("#id_q9_1")
            region = tab.locator("#self-check-safety")
            assert region.get_attribute("aria-live") == "polite"
            assert "Please reach out for help now" in region.inner_text()
            assert region.locator('a[href="tel:988"]').count() == 1
            tab.check("#id_q9_0")
            assert region.inner_text().strip() == ""
            tab.check("#id_q9_2")
        answer(tab, [1] * 8 + [2])
        tab.click("text=See my result")
        seen = browser_result(tab)
        assert seen["first"] == "crisis-panel self-check-help" and seen["firstRole"] == "alert"
        text = seen["text"]
        assert text.index("Please reach out for help now") < text.index("Your score is 10")
        for said in ["Call 988", "text 988", "988lifeline.org", "call 911"]:
            assert said in text
        assert "Nobody on our team sees these answers" in text
        assert "Ketamine is not an emergency treatment" in text
        assert ("?" not in tab.url) and tab.url == live_server.url + URL
        # The print button works only with JavaScript, which shows it; never a dead button.
        assert tab.locator("[data-print]").is_visible() == javascript
    finally:
        context.close()


@in_chromium
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "1280px"])
def test_no_axe_violations_in_any_state(open_tab, live_server, site_pages, viewport):
    tab = open_tab(viewport)
    tab.goto(live_server.url + URL)
    states = {"empty": axe_violations(tab)}
    tab.check("#id_q9_3")
    states["help under question 9"] = axe_violations(tab)
    tab.click("text=See my result")
    states["questions missing"] = axe_violations(tab)
    answer(tab, [2] * 8 + [3])
    tab.click("text=See my result")
    states["result with help first"] = axe_violations(tab)

    # The server's pages for a browser without JavaScript. axe itself needs JavaScript, so the
    # page's script is blocked instead: the form then posts as it does with JavaScript off.
    plain = open_tab(viewport)
    plain.route("**/self-check.js", lambda route: route.abort())
    plain.goto(live_server.url + URL)
    plain.check("#id_q9_1")
    with plain.expect_navigation():
        plain.click("text=See my result")
    states["without JavaScript, questions missing"] = axe_violations(plain)
    answer(plain, [0] * 9)
    with plain.expect_navigation():
        plain.click("text=See my result")
    assert "Your score is 0 out of 27" in plain.inner_text("#self-check-outcome")
    states["without JavaScript, result"] = axe_violations(plain)
    assert {state: found for state, found in states.items() if found} == {}


@in_chromium
def test_no_sideways_scroll_at_320_px_with_200_percent_text(browser, live_server, site_pages):
    context = browser.new_context(viewport=PHONE_320)
    try:
        tab = context.new_page()
        devtools = context.new_cdp_session(tab)
        devtools.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
        tab.goto(live_server.url + URL)
        size = tab.evaluate("getComputedStyle(document.body).fontSize")
        assert float(size.removesuffix("px")) >= 32, size  # the setting took effect
        widths = {"questions": tab.evaluate("document.documentElement.scrollWidth")}
        answer(tab, [1, 2, 3, 1, 2, 3, 1, 2, 3])
        tab.click("text=See my result")
        widths["result"] = tab.evaluate("document.documentElement.scrollWidth")
        assert all(width <= PHONE_320["width"] for width in widths.values()), widths
        # Each answer reads whole, as words on a line, not a letter or three per line.
        answer_box = tab.locator("[data-answer]").nth(2).bounding_box()
        assert answer_box["width"] >= PHONE_320["width"] * 0.6, answer_box
    finally:
        context.close()

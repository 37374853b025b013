"""The Costs and insurance page: coverage facts (facts file §12), the practice's own fees and
payment terms only once the person responsible for billing confirmed them, the questions to ask
an insurer, and the Good Faith Estimate notice that the footer links to from every page."""

import re
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from content.launch import launch_problems
from content.models import FEES_NEUTRAL, Fee, FeeUnit, Page
from content.policies import PAYMENT_TERMS, POLICIES
from tests.content.test_launch_check import save_in_admin
from tests.content.test_policies import confirm, main_text

pytestmark = pytest.mark.django_db

COSTS = "/costs-and-insurance/"


def page_html(client, address=COSTS):
    response = client.get(address)
    assert response.status_code == 200
    return response.content.decode()


def text(client, address=COSTS):
    return main_text(page_html(client, address))


def section(html, section_id):
    start = html.index(f'id="{section_id}"')
    return html[start : html.index("</section>", start)]


def make_fee(name="One Spravato session", amount="$999", confirmed=True, **fields):
    if confirmed:
        fields.setdefault("confirmed_by_name", "Sam Example")
        fields.setdefault("confirmed_by_role", "Billing manager")
        fields.setdefault("confirmed_on", date(2026, 11, 1))
    return Fee.objects.create(name=name, amount=amount, **fields)


def test_the_payment_terms_are_practice_policies_confirmed_by_whoever_handles_billing():
    assert PAYMENT_TERMS == [
        "costs",
        "first-consultation-cost",
        "insurance-networks",
        "insurance-billing",
        "claims-help",
        "medicare-medicaid",
        "hsa-fsa",
        "payment-plans",
        "cancellation-refunds",
        "prepaid-sessions",
    ]
    assert {POLICIES[key].confirmer for key in PAYMENT_TERMS} == {
        "the person responsible for billing"
    }
    assert POLICIES["checks"].confirmer == "a clinician"


@pytest.mark.parametrize("key", PAYMENT_TERMS)
def test_each_payment_term_shows_its_neutral_sentence_until_confirmed_then_its_own(
    client, site_pages, key
):
    neutral = " ".join(POLICIES[key].neutral.split())
    statement = f"The billing manager's confirmed words for {key}."
    assert neutral in text(client)  # and the page is now in the page cache

    confirm(key, statement, confirmed_by_credential="Billing manager")
    shown = text(client)
    assert statement in shown and neutral not in shown


def test_no_fee_is_shown_until_it_is_confirmed_and_then_the_page_says_the_neutral_sentence(
    client, site_pages
):
    make_fee(name="Draft fee", amount="$111", confirmed=False)
    make_fee(name="Named, no date", amount="$222", confirmed=False, confirmed_by_name="Sam")
    make_fee(name="Dated, no name", amount="$333", confirmed=False, confirmed_on=date(2026, 1, 1))
    html = page_html(client)
    shown = main_text(html)
    assert FEES_NEUTRAL in shown
    for words in ["Draft fee", "$111", "Named, no date", "$222", "Dated, no name", "$333"]:
        assert words not in shown
    assert "<table" not in section(html, "fees")


@pytest.mark.parametrize("unit", list(FeeUnit))
def test_a_confirmed_fee_shows_its_amount_how_it_is_charged_and_what_it_includes(
    client, site_pages, unit
):
    make_fee(amount="$300 to $450", unit=unit, includes="The medicine and the time afterwards.")
    fees = section(page_html(client), "fees")
    assert '<th scope="row">One Spravato session</th>' in fees
    assert f"$300 to $450 {unit.label}" in main_text(f"<main>{fees}</main>")
    assert "The medicine and the time afterwards." in fees
    assert FEES_NEUTRAL not in fees


def test_confirmed_fees_form_an_accessible_table_in_order_and_unconfirmed_ones_stay_out(
    client, site_pages
):
    make_fee(name="A course of six sessions", amount="$888", unit=FeeUnit.PER_COURSE, order=2)
    make_fee(name="First consultation", amount="No charge", unit=FeeUnit.ONE_TIME, order=1)
    make_fee(name="Not yet agreed", amount="$777", confirmed=False, order=0)
    fees = section(page_html(client), "fees")
    assert "<caption>" in fees
    assert re.findall(r'<th scope="col">([^<]+)</th>', fees) == [
        "What it is for",
        "Cost",
        "What it includes",
    ]
    assert re.findall(r'<th scope="row">([^<]+)</th>', fees) == [
        "First consultation",
        "A course of six sessions",
    ]
    assert "Not yet agreed" not in fees and "$777" not in fees


def test_saving_a_fee_in_the_admin_refreshes_the_cached_page(
    client, site_pages, content_editor, sign_in
):
    visitor = Client()
    assert FEES_NEUTRAL in text(visitor)  # kept in the page cache from here on
    sign_in(client, content_editor)
    save_in_admin(
        client,
        "/admin/content/fee/add/",
        name="First consultation",
        amount="$150",
        unit="visit",
        confirmed_by_name="Sam Example",
        confirmed_by_role="Billing manager",
        confirmed_on="2026-11-01",
    )
    shown = text(visitor)
    assert "First consultation" in shown and "$150 per visit" in shown
    assert FEES_NEUTRAL not in shown

    fee = Fee.objects.get()
    save_in_admin(
        client, f"/admin/content/fee/{fee.pk}/change/", confirmed_by_name="", confirmed_on=""
    )
    shown = text(visitor)
    assert "$150" not in shown and FEES_NEUTRAL in shown


def test_the_admin_refuses_a_fee_confirmed_without_a_date_and_keeps_what_was_typed(
    client, site_pages, content_editor, sign_in
):
    sign_in(client, content_editor)
    response = client.post(
        "/admin/content/fee/add/",
        {
            "name": "First consultation",
            "amount": "$150",
            "unit": "visit",
            "order": 0,
            "confirmed_by_name": "Sam Example",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and not Fee.objects.exists()
    assert "Add the date they confirmed this fee." in html
    assert 'value="$150"' in html and 'value="Sam Example"' in html


def test_payment_terms_ask_for_the_person_responsible_for_billing_and_care_for_a_clinician(
    client, site_pages, content_editor, sign_in
):
    from content.models import PracticePolicy

    sign_in(client, content_editor)
    term = PracticePolicy.objects.get(key="prepaid-sessions")
    html = client.get(f"/admin/content/practicepolicy/{term.pk}/change/").content.decode()
    assert "Confirmed by the person responsible for billing" in html
    assert "Their role" in html and "Confirmed by a clinician" not in html

    care = PracticePolicy.objects.get(key="checks")
    html = client.get(f"/admin/content/practicepolicy/{care.pk}/change/").content.decode()
    assert "Confirmed by a clinician" in html and "Their credential" in html
    assert "responsible for billing" not in html


def test_the_good_faith_estimate_notice_is_on_the_page_whole_and_cited(client, site_pages):
    html = page_html(client)
    notice = section(html, "good-faith-estimate")
    words = main_text(f"<main>{notice}</main>")
    for fact in [
        "Your right to a Good Faith Estimate",
        "do not have health insurance, or you have it but choose not to use it",
        "within 3 business days after you ask for one",
        "at least 3 business days ahead, you get it within 1 business day after you book",
        "at least 10 business days ahead, you get it within 3 business days after you book",
        "billing code and expected charge",
        "$400 or more above your estimate",
        "within 120 days of the date on your bill",
        "cms.gov/nosurprises",
        "1-800-985-3059",
    ]:
        assert fact in words, fact
    assert 'href="https://www.cms.gov/nosurprises"' in notice
    assert 'href="tel:+18009853059"' in notice
    cited = {int(n) for n in re.findall(r'href="#ref-(\d+)"', notice)}
    references = dict(
        Page.objects.get(slug="costs-and-insurance").references.values_list("order", "citation")
    )
    assert any("45 CFR 149.610" in references[n] for n in cited)
    assert any("cms.gov/nosurprises" in references[n] for n in cited)


def test_the_notice_and_the_checklist_stay_and_cite_right_when_editors_change_the_page(
    client, site_pages
):
    page = Page.objects.get(slug="costs-and-insurance")
    page.body = "Editors rewrote this page."
    page.save()
    references = list(page.references.order_by("order"))
    for number, reference in enumerate(reversed(references), start=1):
        reference.order = number
        reference.save()

    html = page_html(client)
    notice = section(html, "good-faith-estimate")
    assert "$400 or more above your estimate" in notice
    assert len(re.findall(r"<li>", section(html, "insurer-questions"))) == 5
    rule = next(r for r in references if "45 CFR 149.610" in r.citation)
    assert f'<a href="#ref-{rule.order}">{rule.order}</a>' in notice


def test_the_checklist_has_the_insurers_questions_and_a_print_button_only_a_script_shows(
    client, site_pages
):
    html = page_html(client)
    checklist = section(html, "insurer-questions")
    questions = [
        main_text(f"<main>{item}</main>") for item in re.findall(r"<li>(.*?)</li>", checklist, re.S)
    ]
    assert [q.split("?")[0] for q in questions] == [
        "Is Spravato covered under my medical benefit, my pharmacy benefit, or both",
        "Are the visits for Spravato covered under my medical plan, or under a behavioral "
        "health (mental health) benefit",
        "What will I pay: a co-pay, or a share of the cost",
        "Which clinics near me are certified to give Spravato and in my plan's network",
        "Do I need prior authorization before I start",
    ]
    assert re.search(r"<button [^>]*data-print-checklist hidden>Print this checklist", checklist)
    assert '<script src="/static/js/costs.js" defer></script>' in html
    assert '<link rel="stylesheet" href="/static/css/costs.css">' in html
    # The strict CSP: no inline script, style or handler.
    assert not re.search(r"<script(?![^>]*(?:src=|application/ld\+json))", html)
    assert not re.search(r"\s(?:style|on[a-z]+)=", html)


def test_the_page_says_how_coverage_works_for_each_form_of_treatment(client, site_pages):
    shown = text(client)
    for fact in [
        "medical benefit",
        "pharmacy benefit",
        "prior authorization",
        "Your plan may still require you to take an antidepressant by mouth",
        "A first claim for Spravato is often refused",
        "Insurance usually does not pay",
        "self-pay",
        "superbill",
        "Your plan may still pay nothing",
    ]:
        assert fact in shown, fact
    assert Page.objects.get(slug="costs-and-insurance") in Page.objects.in_navigation()


# Market figures in facts §12 are context for writers only: never the practice's price.
MARKET_PRICES = ["$1,000", "$1000", "4,500", "4500", "per infusion", "$400–", "$400 to $"]


def amounts(words):
    return re.findall(r"\$\s?[\d,]+", words[: words.rfind("References")])


def test_no_page_shows_a_market_price_or_any_amount_but_the_estimates_400_dollars(
    client, site_pages
):
    found = {}
    for page in site_pages:
        html = page_html(client, page.get_absolute_url())
        if page.slug == "costs-and-insurance":
            notice = section(html, "good-faith-estimate")
            assert amounts(main_text(f"<main>{notice}</main>")) == ["$400"]
            html = html.replace(notice, "")
        words = main_text(html) + " ".join(page.faq_items.values_list("answer", flat=True))
        shown = amounts(words) + [price for price in MARKET_PRICES if price in words]
        if shown:
            found[page.slug] = shown
    assert found == {}


def test_the_footer_links_to_the_good_faith_estimate_on_every_page(client, site_pages):
    addresses = [page.get_absolute_url() for page in site_pages] + ["/consultation/"]
    for address in addresses:
        html = page_html(client, address)
        footer = html[html.index('<footer class="site-footer">') :]
        assert (
            '<a href="/costs-and-insurance/#good-faith-estimate">Good Faith Estimate</a>' in footer
        ), address
    assert 'id="good-faith-estimate"' in page_html(client)


def test_the_faq_sends_cost_questions_to_the_costs_page_and_asks_about_prepaid_sessions(
    client, site_pages
):
    faq = Page.objects.get(slug="faq")
    answers = dict(faq.faq_items.values_list("question", "answer"))
    assert "Costs and insurance page" in answers["Is it covered by insurance?"]
    assert "Costs and insurance page" in answers["How much does it cost?"]
    question = "What happens to sessions I paid for in advance if my care stops?"
    assert POLICIES["prepaid-sessions"].neutral in text(client, "/faq/")
    confirm("prepaid-sessions", "If your care stops, we pay back every session you did not have.")
    assert "we pay back every session you did not have." in text(client, "/faq/")
    assert "[[policy:prepaid-sessions]]" in answers[question]


def test_launch_check_lists_the_fees_until_one_is_confirmed(db):
    def fees_line():
        return [p for p in launch_problems() if "No fee confirmed" in p.text]

    assert fees_line()[0].admin_url == "/admin/content/fee/"
    assert FEES_NEUTRAL in fees_line()[0].text
    make_fee(confirmed=False)
    assert fees_line()
    make_fee()
    assert fees_line() == []


def test_content_editors_may_manage_fees(site_pages, content_editor):
    assert {"content.add_fee", "content.change_fee", "content.delete_fee"} <= (
        content_editor.get_all_permissions()
    )
    assert Group.objects.get(name="Content editors").permissions.filter(codename="view_fee")


def test_load_pages_adds_the_costs_page_to_a_database_that_has_the_others(db):
    from io import StringIO

    from django.core.management import call_command

    from content.page_files import read_page_files
    from content.seeding import create_missing_pages

    create_missing_pages([f for f in read_page_files() if f.slug != "costs-and-insurance"])
    faq = Page.objects.get(slug="faq")
    faq.body = "Staff changed this."
    faq.save()
    out = StringIO()
    call_command("load_pages", stdout=out)
    assert "Created 1 page(s): costs-and-insurance." in out.getvalue()
    assert Page.objects.get(slug="faq").body == "Staff changed this."
    assert Page.objects.get(slug="costs-and-insurance").is_published

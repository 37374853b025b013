"""The page for referring clinicians (issue 16), its practice policies, the footer link every page
carries, and the medicine-history worksheet a patient prints and brings along."""

import re

import pytest

from content.models import Page
from content.policies import POLICIES
from tests.content.test_clinical_content import cited_in, main_text, references, sections
from tests.content.test_policies import confirm

pytestmark = pytest.mark.django_db

REFERRAL_POLICIES = [
    "referral-who",
    "referral-reply",
    "referral-prescribing",
    "referral-crises",
    "clinician-line",
]


def get(client, address):
    response = client.get(address)
    assert response.status_code == 200, address
    return response.content.decode()


def test_the_clinicians_page_shows_its_sources_and_when_it_was_updated(client, site_pages):
    page = get(client, "/for-clinicians/")
    assert "Last updated" in page
    assert "This page has not yet been reviewed by one of our clinicians." in page
    listed = references(page)
    assert len(listed) == Page.objects.get(slug="for-clinicians").references.count() >= 15
    # Every source listed is cited in the text, and the key claims cite the right one.
    cited = {int(n) for n in re.findall(r'href="#ref-(\d+)"', page)}
    assert cited == set(listed)
    fit = sections(page)["Who may be a fit"]
    trd = next(li for li in re.findall(r"<li>(.*?)</li>", fit, re.S) if "TRD" in li)
    assert "at least two failed antidepressant trials" in main_text(trd)
    assert any("Defining treatment-resistant depression" in c for c in cited_in(trd, page))
    claims = next(li for li in re.findall(r"<li>(.*?)</li>", page, re.S) if "first claim" in li)
    assert "34.6%" in claims and any("Curr Med Res Opin" in c for c in cited_in(claims, page))


def test_the_clinicians_page_says_who_may_not_be_a_candidate_from_the_label(client, site_pages):
    text = main_text(sections(get(client, "/for-clinicians/"))["Who may not be a candidate"])
    for fact in [
        "intracerebral hemorrhage",
        "arteriovenous malformation",
        "hypersensitivity",
        "Psychosis",
        "Substance use",
        "Bipolar disorder",
        "Pregnancy and breastfeeding",
        "about 4 hours",
    ]:
        assert fact in text, fact


def test_the_clinicians_page_sends_referrals_through_the_form_never_by_email(client, site_pages):
    page = get(client, "/for-clinicians/")
    refer = sections(page)["How to refer"]
    # The form opens with the clinician's answer chosen.
    assert 'href="/consultation/?as=clinician"' in refer
    assert 'opens with "I am a clinician referring a patient" chosen' in main_text(refer).replace(
        "&quot;", '"'
    )
    assert "do not send patient details by ordinary email" in main_text(refer)
    main = page[page.index("<main") : page.index("</main>")]
    assert "mailto:" not in main
    # A patient at risk goes to 988 or 911, not to a form.
    urgent = main_text(sections(page)["Not for emergencies"])
    assert "911" in urgent and "988" in urgent and "not an emergency treatment" in urgent


def test_the_clinicians_page_links_the_printable_worksheet(client, site_pages):
    refer = sections(get(client, "/for-clinicians/"))["What to include"]
    assert 'href="/medicine-history-worksheet/"' in refer
    assert "printable" in main_text(refer)


def test_the_costs_page_links_the_worksheet_where_it_lists_what_plans_ask_for(client, site_pages):
    costs = sections(get(client, "/costs-and-insurance/"))["What plans often ask for"]
    assert 'href="/medicine-history-worksheet/"' in costs


@pytest.mark.parametrize("key", REFERRAL_POLICIES)
def test_each_referral_policy_shows_its_neutral_sentence_until_a_clinician_confirms_it(
    client, site_pages, key
):
    neutral = POLICIES[key].neutral
    text = main_text(get(client, "/for-clinicians/"))
    assert neutral in text

    statement = f"The practice's own {key} sentence, as a clinician confirmed it."
    confirm(key, statement)
    text = main_text(get(client, "/for-clinicians/"))
    assert statement in text and neutral not in text


def test_the_clinicians_page_is_linked_from_every_pages_footer_and_the_about_page(
    client, site_pages
):
    addresses = [page.get_absolute_url() for page in site_pages] + ["/consultation/"]
    assert "/for-clinicians/" in addresses
    for address in addresses:
        page = get(client, address)
        footer = page[page.index('<footer class="site-footer">') :]
        assert '<a href="/for-clinicians/">For clinicians</a>' in footer, address
    missing = client.get("/no-such-page/").content.decode()
    assert 'href="/for-clinicians/"' in missing[missing.index('<footer class="site-footer">') :]

    about = get(client, "/about-us/")
    assert 'href="/for-clinicians/"' in about[about.index("<main") : about.index("<footer")]
    # Not in the main menu: it is for a few readers, and the menu must fit one line.
    assert not Page.objects.in_navigation().filter(slug="for-clinicians").exists()


def worksheet_tables(page):
    return re.findall(r'<table class="worksheet-table">(.*?)</table>', page, re.S)


def column_headings(table):
    return [
        main_text(re.sub(r'<span class="worksheet-hint">.*?</span>', "", heading))
        for heading in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table, re.S)
    ]


def test_the_worksheet_has_the_columns_a_referral_carries_and_rows_to_fill_in(client, site_pages):
    page = get(client, "/medicine-history-worksheet/")
    tried, current = worksheet_tables(page)

    assert "<caption>Medicines you have tried for depression" in tried
    assert column_headings(tried) == [
        "Row",
        "Medicine",
        "Highest dose",
        "Weeks taken",
        "Did it help?",
        "Side effects",
        "Added to another medicine?",
    ]
    assert "<caption>Every medicine you take now" in current
    assert column_headings(current) == ["Row", "Medicine", "Dose", "How often", "What it is for"]
    for table, rows in [(tried, 8), (current, 6)]:
        row_headings = re.findall(r'<th scope="row"[^>]*>(.*?)</th>', table, re.S)
        assert [main_text(h) for h in row_headings] == [f"Medicine {n}" for n in range(1, rows + 1)]
        # Every blank cell names its column, for the narrow screen where the cells stack.
        assert len(re.findall(r'<span class="worksheet-label">', table)) == rows * (
            len(column_headings(table)) - 1
        )


def test_the_worksheet_says_what_it_is_for_and_explains_augmentation(client, site_pages):
    page = get(client, "/medicine-history-worksheet/")
    intro = main_text(page[page.index('<div class="prose">') :])
    assert "Print it, fill it in at home, and bring it to your consultation." in intro
    assert "Doctors call this augmentation." in intro
    assert "Please do not stop or change any medicine on your own." in intro
    # A page of its own, not in the menu, and no other page carries the tables.
    assert not Page.objects.in_navigation().filter(slug="medicine-history-worksheet").exists()
    assert worksheet_tables(get(client, "/before-and-after-your-session/")) == []

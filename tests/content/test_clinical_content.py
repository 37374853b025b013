"""What the shipped pages say: the safety facts patients need, and none of the overstated wording
the clinical read found (issue 7). Each check reads the page a visitor gets."""

import html
import json
import re
from datetime import date

import pytest

from content.models import Page

pytestmark = pytest.mark.django_db


def get(client, slug):
    return client.get(Page.objects.get(slug=slug).get_absolute_url()).content.decode()


def main_text(page_html):
    main = (
        page_html[page_html.find("<main") : page_html.rfind("</main>")]
        if "<main" in page_html
        else page_html
    )
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def sections(page_html):
    """{heading: text up to the next heading} for the page's h2 and h3 headings."""
    main = page_html[page_html.index("<main") : page_html.index("</main>")]
    parts = re.split(r"<h[23][^>]*>(.*?)</h[23]>", main, flags=re.S)
    return {
        html.unescape(re.sub(r"<[^>]+>", "", parts[i])): parts[i + 1]
        for i in range(1, len(parts) - 1, 2)
    }


def all_text(client, site_pages):
    return {page.slug: main_text(get(client, page.slug)) for page in site_pages}


def test_overstated_wording_is_gone_from_every_page(client, site_pages):
    found = {}
    for slug, text in all_text(client, site_pages).items():
        lowered = text.lower()
        for wording in [
            "sudden thoughts",
            "brief and mild",
            "fewer suicidal thoughts",
            "watched around the clock",
            "medicalspecialty",
            # One Canadian group's view, not what "experts" agree on (facts §1: no consensus).
            "experts suggest",
            # Nothing in the facts file says Spravato's trials were larger.
            "larger trials",
        ]:
            if wording in lowered:
                found.setdefault(slug, []).append(wording)
    assert found == {}


def test_the_71_percent_study_appears_once_with_its_size(client, site_pages):
    pages = {
        slug: text.count("71% of the 17") for slug, text in all_text(client, site_pages).items()
    }
    assert sum(pages.values()) == 1, pages
    benefits = main_text(get(client, "benefits"))
    assert "18 people" in benefits and "small study" in benefits and "placebo" in benefits


def test_no_heading_promises_a_benefit_for_suicidal_thoughts(client, site_pages):
    for page in site_pages:
        for heading in sections(get(client, page.slug)):
            assert (
                not re.search(r"fewer|reduce|less", heading, re.I)
                or "suicid" not in heading.lower()
            ), (page.slug, heading)


def test_every_section_about_suicide_leads_with_988_911_and_not_an_emergency_treatment(
    client, site_pages
):
    checked = 0
    for page in site_pages.filter(is_medical=True):
        for heading, body in sections(get(client, page.slug)).items():
            if "suicid" not in heading.lower():
                continue
            first = " ".join(re.search(r"<p>(.*?)</p>", body, re.S).group(1).split())
            assert "988" in first and "911" in first, (page.slug, heading)
            assert "not an emergency treatment" in first, (page.slug, heading)
            checked += 1
    assert checked >= 4


def test_suicidal_thoughts_in_the_boxed_warning_are_explained_with_what_to_do(client, site_pages):
    safety = sections(get(client, "side-effects-and-safety"))
    warning = main_text(safety["If thoughts of suicide are new or get worse"])
    assert "children and young adults" in warning and "tell your clinician" in warning
    assert "988" in warning


def test_lozenges_are_called_compounded_and_not_fda_approved(client, site_pages):
    text = main_text(get(client, "ketamine-therapy"))
    assert "compounding" in text and "not FDA-approved products at all" in text
    assert "off-label" not in sections(get(client, "ketamine-therapy"))["Ketamine lozenge"]


def test_the_comparison_table_has_what_it_is_and_evidence_rows_and_a_stacked_copy(
    client, site_pages
):
    page = get(client, "ketamine-therapy")
    table = re.search(r"<table>.*?</table>", page, re.S).group(0)
    for row in [
        "What it is",
        "Evidence for depression",
        "FDA status for depression",
        "Driving afterwards",
    ]:
        assert f'<th scope="row">{row}</th>' in table
    cards = re.findall(r'<section class="stacked-card"><h3>(.*?)</h3>', page)
    assert cards == [
        "IV ketamine infusion",
        "Ketamine lozenge",
        "Spravato (esketamine nasal spray)",
    ]


def test_the_4_to_6_weeks_are_always_the_canadian_groups_view(client, site_pages):
    for slug, text in all_text(client, site_pages).items():
        for match in re.finditer(r"4 to 6\s+weeks", text):
            assert (
                "One Canadian expert group" in text[max(0, match.start() - 120) : match.start()]
            ), slug


def test_the_lozenge_column_says_where_doses_are_taken_before_the_home_use_warning(
    client, site_pages
):
    table = re.search(r"<table>.*?</table>", get(client, "ketamine-therapy"), re.S).group(0)
    row = re.search(r'<th scope="row">Where it is given</th>(.*?)</tr>', table, re.S).group(1)
    lozenge = main_text(re.findall(r"<td>(.*?)</td>", row, re.S)[1])
    assert lozenge.startswith("Your care team will explain where each dose is taken.")
    assert lozenge.index("care team") < lozenge.index("use at home")


def test_the_stress_repair_claim_cites_li_2011(client, site_pages):
    for slug in ["ketamine-therapy", "benefits", "treatment-resistant-depression"]:
        page = get(client, slug)
        assert "Biol Psychiatry. 2011;69(8):754" in page, slug


def test_before_and_after_page_covers_the_safety_facts(client, site_pages):
    text = main_text(get(client, "before-and-after-your-session")).lower()
    for fact in [
        "blood pressure",
        "do not eat for at least 2 hours",
        "do not drink for at least 30 minutes",
        "breastfeeding",
        "alcohol",
        "bipolar disorder",
        "until the next day, after a restful sleep",
        "call 911 if",
        "988",
        "new or get worse",
        "blood in your urine",
    ]:
        assert fact in text, fact


def test_side_effects_page_names_misuse_bladder_confusion_and_most_pass_within_hours(
    client, site_pages
):
    text = main_text(get(client, "side-effects-and-safety"))
    for fact in ["Schedule III", "bladder", "confused", "pass within hours"]:
        assert fact in text, fact


def test_who_might_benefit_lists_bipolar_disorder_and_breastfeeding(client, site_pages):
    fit = sections(get(client, "who-might-benefit"))["Who may not be a good fit"]
    assert "Bipolar disorder" in fit and "mania" in fit and "breastfeeding" in fit


def test_need_help_now_offers_every_988_option_as_a_link(client, site_pages):
    page = get(client, "need-help-now")
    for link in [
        'href="tel:988"',
        'href="sms:988"',
        'href="sms:988?&amp;body=AYUDA"',
        'href="https://988lifeline.org/"',
        'href="tel:911"',
    ]:
        assert link in page, link
    text = main_text(page)
    assert "press 1" in text and "press 2" in text and "AYUDA" in text and "ASL videophone" in text
    assert "press 3" not in text and "LGBTQ" not in text


def test_need_help_now_puts_988_and_911_first_and_promotes_nothing(client, site_pages):
    page = get(client, "need-help-now")
    note = "This page has not yet been reviewed by one of our clinicians."
    assert note in page  # still said, after the help
    assert page.index('href="tel:911"') < page.index(note)
    assert page.index('href="https://988lifeline.org/"') < page.index(note)
    assert "could be right for you" not in page and "Talk with our team" not in page
    # Other medical pages keep the note by their title, and the invitation.
    other = get(client, "benefits")
    assert other.index(note) < other.index('<div class="prose">')
    assert "Talk with our team" in other


def test_structured_data_claims_no_specialty(client, site_pages):
    page = get(client, "home")
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    )
    clinic = next(item for item in data["@graph"] if item["@type"] == "MedicalClinic")
    assert set(clinic) == {"@type", "name", "url"}


def test_an_unreviewed_medical_page_says_so_until_a_reviewer_and_date_are_entered(
    client, site_pages
):
    note = "This page has not yet been reviewed by one of our clinicians."
    assert note in get(client, "benefits")
    assert note not in get(client, "privacy")  # not a medical page
    page = Page.objects.get(slug="benefits")
    page.reviewed_by_name = "Alex Example"
    page.reviewed_by_credential = "MD"
    page.last_reviewed = date(2026, 11, 1)
    page.save()
    html_now = get(client, "benefits")
    assert note not in html_now and "Reviewed by Alex Example, MD" in html_now


def test_the_editorial_policy_says_how_pages_are_sourced_reviewed_dated_and_corrected(
    client, site_pages
):
    text = main_text(get(client, "editorial-policy")).lower()
    for topic in ["references", "reviews each medical page", "last updated", "mistake"]:
        assert topic in text, topic
    assert 'href="/editorial-policy/"' in get(client, "home")  # from the footer


def test_footer_and_form_say_not_for_emergencies_from_one_include(client, site_pages):
    assert "Our request form is not for emergencies." in get(client, "home")
    assert "This form is not for emergencies." in client.get("/consultation/").content.decode()


# The clinical review of December 2026 (issue 14): each correction, read on the page a visitor gets.


def references(page_html):
    """{number: citation text} from the page's reference list."""
    return {
        int(number): main_text(citation)
        for number, citation in re.findall(
            r'<li id="ref-(\d+)"[^>]*>(.*?)</li>', page_html, flags=re.S
        )
    }


def cited_in(fragment, page_html):
    """The citations a piece of the page points at, by its [n] markers."""
    listed = references(page_html)
    return [listed[int(n)] for n in re.findall(r'href="#ref-(\d+)"', fragment)]


def faq_answer(client, question):
    page = get(client, "faq")
    return main_text(sections(page)[question]), page


def test_dissociation_is_61_to_84_percent_on_the_side_effects_page_and_in_the_faq(
    client, site_pages
):
    safety = main_text(get(client, "side-effects-and-safety"))
    high, _ = faq_answer(client, 'Will I feel "high"?')
    for text in (safety, high):
        assert "61% to 84%" in text
        assert "75%" not in text


def test_loss_of_consciousness_is_about_3_to_4_in_1000(client, site_pages):
    text = main_text(get(client, "side-effects-and-safety"))
    assert "about 3 to 4 in 1,000 people lost consciousness" in text
    assert "about 3 in 1,000" not in text


def test_the_blood_pressure_rise_has_the_labels_timing_and_size(client, site_pages):
    page = get(client, "side-effects-and-safety")
    text = main_text(page)
    for fact in ["highest about 40 minutes after a dose", "lasts about 4 hours", "8% to 19%"]:
        assert fact in text, fact
    bullet = next(li for li in re.findall(r"<li>(.*?)</li>", page, re.S) if "8% to 19%" in li)
    assert any("61% to 84%" in citation for citation in cited_in(bullet, page))


def test_no_page_calls_the_blood_pressure_rise_brief(client, site_pages):
    found = {}
    for slug, text in all_text(client, site_pages).items():
        faq = " ".join(Page.objects.get(slug=slug).faq_items.values_list("answer", flat=True))
        for sentence in re.split(r"(?<=[.?!])\s+", f"{text} {faq}"):
            if "blood pressure" in sentence and re.search(
                r"briefly|short time|short rise|short while", sentence
            ):
                found.setdefault(slug, []).append(sentence)
    assert found == {}


def test_pages_say_plainly_ketamine_may_not_be_safe_where_a_blood_pressure_rise_is_dangerous(
    client, site_pages
):
    for slug in ["side-effects-and-safety", "ketamine-therapy", "who-might-benefit"]:
        text = main_text(get(client, slug))
        assert re.search(r"may not be safe for you if a rise in blood pressure", text) or re.search(
            r"rise in blood pressure, or in the pressure inside your head, dangerous", text
        ), slug
    safe, _ = faq_answer(client, "Is ketamine therapy safe?")
    assert "may not be safe for you if a rise in blood pressure would be dangerous" in safe


def test_bladder_damage_is_tied_to_long_term_or_heavy_use_outside_care_with_section_7_sources(
    client, site_pages
):
    for slug in ["side-effects-and-safety", "before-and-after-your-session"]:
        page = get(client, slug)
        assert "again and again" not in main_text(page), slug
        bullet = next(
            li for li in re.findall(r"<li>(.*?)</li>", page, re.S) if "damage the bladder" in li
        )
        assert "Long-term or heavy use of ketamine outside medical care" in main_text(bullet)
        cited = " ".join(cited_in(bullet, page))
        assert "Hong Kong Med J" in cited and "Health Psychol Res" in cited, slug
        assert "Expert Opin Drug Saf" not in page, slug


def test_the_mechanism_is_the_nmda_receptor_cited_to_krystal_or_the_label_not_li_2010(
    client, site_pages
):
    for slug in ["benefits", "ketamine-therapy"]:
        page = get(client, slug)
        assert "acts on glutamate" not in main_text(page), slug
        paragraph = next(p for p in re.findall(r"<p>(.*?)</p>", page, re.S) if "NMDA" in p)
        assert "blocks a receptor in the brain called the NMDA receptor" in main_text(paragraph)
        assert "responds to glutamate" in main_text(paragraph)
        cited = " ".join(cited_in(paragraph, page))
        assert "Krystal JH" in cited and "Science. 2010" not in cited, slug


def test_ketamine_with_talk_therapy_is_called_limited_evidence_wherever_it_is_offered(
    client, site_pages
):
    for slug, heading in [
        ("ketamine-therapy", "Ketamine-assisted psychotherapy (KAP)"),
        ("benefits", "5. A possible window for recovery"),
        ("what-to-expect", "6. Talk therapy alongside ketamine"),
    ]:
        page = get(client, slug)
        section = sections(page)[heading]
        assert "Research on combining ketamine with talk therapy is still limited" in main_text(
            section
        ), slug
        assert any("BJPsych Open" in c for c in cited_in(section, page)), slug


def test_no_talk_therapies_are_named_for_trd_without_a_source(client, site_pages):
    trd = main_text(get(client, "treatment-resistant-depression"))
    assert not re.search(r"\b(CBT|DBT|ACT)\b", trd)
    assert "Your care team can explain which kinds may fit you." in trd


def test_no_page_says_antidepressants_take_weeks_to_months(client, site_pages):
    for slug, text in all_text(client, site_pages).items():
        assert "weeks to months" not in text, slug


def test_the_benefits_heading_promises_faster_relief_only_for_some_people(client, site_pages):
    headings = list(sections(get(client, "benefits")))
    assert "2. Faster relief, for some people" in headings
    assert not any("Fast improvement" in heading for heading in headings)


def test_the_trd_suicide_bullet_gives_988_and_911(client, site_pages):
    page = get(client, "treatment-resistant-depression")
    bullet = next(li for li in re.findall(r"<li>(.*?)</li>", page, re.S) if "suicide" in li)
    assert "988" in bullet and "911" in bullet


def test_the_faq_leaves_the_antidepressant_decision_with_the_prescriber(client, site_pages):
    answer, _ = faq_answer(client, "Do I have to stop my medication?")
    assert "whether to keep, change or stop your antidepressant" in answer
    assert "decide with your prescriber" in answer


def test_the_faq_says_some_people_feel_very_happy_or_excited(client, site_pages):
    answer, page = faq_answer(client, 'Will I feel "high"?')
    assert "very happy or excited" in answer
    number = int(re.search(r"very happy or excited \(see reference (\d+)\)", answer).group(1))
    assert "feeling very happy or excited" in references(page)[number]


def test_dependence_and_withdrawal_are_said(client, site_pages):
    addictive, _ = faq_answer(client, "Can ketamine be addictive?")
    assert "dependence" in addictive and "withdrawal" in addictive
    misuse = sections(get(client, "side-effects-and-safety"))["Misuse and dependence"]
    assert "dependence" in misuse and "withdrawal" in misuse


def test_the_general_24_hours_without_driving_after_iv_ketamine_is_said(client, site_pages):
    drive, page = faq_answer(client, "Can I drive home?")
    assert "After IV ketamine, do not drive" in drive and "at least 24 hours" in drive
    number = int(re.search(r"24 hours \(see reference (\d+)\)", drive).group(1))
    assert "Ketalar" in references(page)[number]
    for slug in ["side-effects-and-safety", "before-and-after-your-session"]:
        assert "After IV ketamine, do not drive" in main_text(get(client, slug)), slug


def test_the_fda_2023_statement_is_cited_from_the_fdas_page_with_its_date(client, site_pages):
    citing = 0
    for page in site_pages:
        page_html = get(client, page.slug)
        listed = page_html[page_html.find('class="references"') :]
        for item in re.findall(r'<li id="ref-\d+"[^>]*>(.*?)</li>', listed, re.S):
            if "compounded ketamine" in item:
                assert "10 October 2023" in item and "HealthDay" not in item, page.slug
                assert 'href="https://www.fda.gov/drugs/human-drug-compounding/' in item
                citing += 1
    assert citing >= 5


def test_the_monotherapy_trial_says_what_remission_means(client, site_pages):
    text = main_text(get(client, "benefits"))
    after = text[text.index("22.5%") :][:300]
    assert "remission means that their symptoms had mostly gone" in after

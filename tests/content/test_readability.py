"""The medical pages must read at US grade 8 or lower on average, and no page above grade 9.

Measured with the Flesch-Kincaid grade (textstat) on the text visitors get: the rendered page's
paragraphs, list items and answers inside <main>, with the shipped (unconfirmed) practice
policies in place; not tables, headings, the review line or reference lists. Run with -s to see
each page's grade.
"""

import html
import re

import pytest
import textstat

pytestmark = pytest.mark.django_db


def reading_text(page_html):
    main = page_html[page_html.index("<main") : page_html.index("</main>")]
    main = re.sub(r'<section class="references".*?</section>', " ", main, flags=re.S)
    for block in ("table", "dl"):
        main = re.sub(rf"<{block}\b.*?</{block}>", " ", main, flags=re.S)
    main = re.sub(r'<p class="review-(?:line|note)".*?</p>', " ", main, flags=re.S)
    main = re.sub(r'<section class="cta".*?</section>', " ", main, flags=re.S)
    # Reference markers ("[3]") are not words.
    main = re.sub(r'<a href="#ref-\d+">\d+</a>', "", main)
    parts = re.findall(r"<(?:p|li)\b[^>]*>(.*?)</(?:p|li)>", main, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", "\n".join(parts)))


def grades(client, pages):
    return {
        page.slug: textstat.flesch_kincaid_grade(
            reading_text(client.get(page.get_absolute_url()).content.decode())
        )
        for page in pages
    }


def test_medical_pages_read_at_grade_eight_or_lower_and_none_above_nine(client, site_pages):
    by_page = grades(client, site_pages.filter(is_medical=True))
    report = ", ".join(f"{slug} {grade:.1f}" for slug, grade in sorted(by_page.items()))
    print(f"\nReading grade (Flesch-Kincaid) of rendered medical pages: {report}")
    assert len(by_page) >= 9
    assert sum(by_page.values()) / len(by_page) <= 8, report
    assert max(by_page.values()) <= 9, report


def test_other_pages_read_at_grade_nine_or_lower(client, site_pages):
    by_page = grades(client, site_pages.filter(is_medical=False))
    print(f"\nReading grade of rendered other pages: {by_page}")
    for slug, grade in by_page.items():
        assert grade <= 9, (slug, grade)


def test_the_measure_notices_hard_text(client, make_page):
    make_page(
        slug="hard",
        body="Pharmacological interventions targeting glutamatergic neurotransmission "
        "demonstrate heterogeneous efficacy across methodologically divergent investigations.",
    )
    assert textstat.flesch_kincaid_grade(reading_text(client.get("/hard/").content.decode())) > 9

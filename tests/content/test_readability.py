"""The medical pages must read at US grade 8 or lower on average, and no page above grade 9.

Measured with the Flesch-Kincaid grade (textstat) on the text people read: paragraphs, list
items and FAQ answers, not tables, headings or reference lists.
"""

import html
import re

import pytest
import textstat

pytestmark = pytest.mark.django_db


def reading_text(page):
    body = re.sub(r"<table.*?</table>", " ", page.body_html, flags=re.S)
    parts = re.findall(r"<(?:p|li)>(.*?)</(?:p|li)>", body, flags=re.S)
    parts += [f"{item.question} {item.answer}" for item in page.faq_items.all()]
    return html.unescape(re.sub(r"<[^>]+>", "", "\n".join(parts)))


def test_medical_pages_read_at_grade_eight_or_lower_and_none_above_nine(site_pages):
    grades = {
        page.slug: textstat.flesch_kincaid_grade(reading_text(page))
        for page in site_pages.filter(is_medical=True)
    }
    report = ", ".join(f"{slug} {grade:.1f}" for slug, grade in sorted(grades.items()))
    assert len(grades) >= 8
    assert sum(grades.values()) / len(grades) <= 8, report
    assert max(grades.values()) <= 9, report


def test_other_pages_read_at_grade_nine_or_lower(site_pages):
    for page in site_pages.filter(is_medical=False):
        grade = textstat.flesch_kincaid_grade(reading_text(page))
        assert grade <= 9, (page.slug, grade)


def test_the_measure_notices_hard_text(make_page):
    hard = make_page(
        slug="hard",
        body="Pharmacological interventions targeting glutamatergic neurotransmission "
        "demonstrate heterogeneous efficacy across methodologically divergent investigations.",
    )
    assert textstat.flesch_kincaid_grade(reading_text(hard)) > 9

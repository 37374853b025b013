import json
import re
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from content.models import Page, PracticeDetails

pytestmark = pytest.mark.django_db


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "the page has no JSON-LD block"
    return json.loads(match.group(1))


def test_every_brief_page_exists_and_is_published(site_pages):
    slugs = set(site_pages.values_list("slug", flat=True))
    assert {
        "home",
        "treatment-resistant-depression",
        "ketamine-therapy",
        "benefits",
        "who-might-benefit",
        "side-effects-and-safety",
        "what-to-expect",
        "about-us",
        "faq",
        "need-help-now",
        "privacy",
        "accessibility",
    } <= slugs


def test_every_published_page_has_its_heading_crisis_note_and_description(client, site_pages):
    for page in site_pages:
        response = client.get(page.get_absolute_url())
        assert response.status_code == 200, page.slug
        html = response.content.decode()
        assert html.count("<h1") == 1, page.slug
        assert f"<h1>{page.title}</h1>" in html.replace("&#x27;", "'"), page.slug
        assert 'href="tel:988"' in html and 'href="tel:911"' in html, page.slug
        assert "988lifeline.org" in html, page.slug
        assert f'<meta name="description" content="{page.meta_description}">' in html.replace(
            "&#x27;", "'"
        ), page.slug
        assert "not medical advice" in html, page.slug
        assert 'id="main-content"' in html and 'href="#main-content"' in html


def test_pages_carry_no_placeholder_text(client, site_pages):
    for page in site_pages:
        html = client.get(page.get_absolute_url()).content.decode().lower()
        for placeholder in ["lorem", "ipsum", "todo", "tbd", ">none<", "xxx"]:
            assert placeholder not in html, (page.slug, placeholder)


def test_medical_pages_show_references_and_last_updated(client, site_pages):
    for page in site_pages.filter(is_medical=True):
        html = client.get(page.get_absolute_url()).content.decode()
        assert "Last updated" in html, page.slug
        assert page.references.exists(), page.slug
        assert 'id="ref-1"' in html, page.slug
        assert "Reviewed by" not in html, page.slug


def test_every_reference_marker_in_the_text_points_at_a_reference(site_pages):
    for page in site_pages:
        numbers = {int(n) for n in re.findall(r'href="#ref-(\d+)"', page.body_html)}
        orders = set(page.references.values_list("order", flat=True))
        assert numbers <= orders, (page.slug, numbers - orders)


def test_a_named_reviewer_is_shown_with_the_date(client, site_pages):
    page = Page.objects.get(slug="benefits")
    page.reviewed_by_name = "Alex Example"
    page.reviewed_by_credential = "MD"
    page.last_reviewed = date(2026, 10, 1)
    page.save()
    html = client.get(page.get_absolute_url()).content.decode()
    assert "Reviewed by Alex Example, MD on" in html
    assert "October 1, 2026" in html
    data = json_ld(html)["@graph"][0]
    assert data["@type"] == "MedicalWebPage"
    assert data["lastReviewed"] == "2026-10-01"
    assert data["reviewedBy"]["name"] == "Alex Example"


def test_drafts_are_hidden_from_the_public_and_the_sitemap(client, make_page):
    make_page(slug="draft-page", title="Draft page", is_published=False)
    assert client.get("/draft-page/").status_code == 404
    assert "/draft-page/" not in client.get("/sitemap.xml").content.decode()


def test_staff_who_edit_pages_preview_drafts_with_a_banner(sign_in, client, make_page, make_staff):
    make_page(slug="draft-page", title="Draft page", is_published=False)
    sign_in(client, make_staff(groups=[Group.objects.get(name="Content editors")]))
    response = client.get("/draft-page/")
    assert response.status_code == 200
    assert "Draft preview" in response.content.decode()


def test_an_editor_with_only_a_password_cannot_see_drafts(client, make_page, make_staff):
    # The second factor not yet passed: the draft is as hidden as it is from any visitor.
    make_page(slug="draft-page", title="Draft page", is_published=False)
    make_page(slug="published-page", title="Published page")
    client.force_login(make_staff(groups=[Group.objects.get(name="Content editors")]))

    assert client.get("/draft-page/").status_code == 404
    assert client.get("/published-page/").status_code == 200


def test_staff_who_do_not_edit_pages_cannot_see_drafts(sign_in, client, make_page, make_staff):
    make_page(slug="draft-page", title="Draft page", is_published=False)
    sign_in(client, make_staff("intake", groups=[Group.objects.get(name="Intake staff")]))
    assert client.get("/draft-page/").status_code == 404


def test_sitemap_lists_published_pages_and_robots_names_it(client, site_pages):
    sitemap = client.get("/sitemap.xml").content.decode()
    for page in site_pages:
        assert f"http://testserver{page.get_absolute_url()}</loc>" in sitemap
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()


def test_search_and_sharing_tags(client, site_pages):
    html = client.get("/ketamine-therapy/").content.decode()
    assert '<link rel="canonical" href="http://testserver/ketamine-therapy/">' in html
    assert '<meta property="og:title" content="Ketamine therapy' in html
    assert '<meta property="og:url" content="http://testserver/ketamine-therapy/">' in html
    assert json_ld(html)["@graph"][0]["@type"] == "MedicalWebPage"


def test_faq_page_has_faqpage_data_for_each_question(client, site_pages):
    faq = Page.objects.get(slug="faq")
    html = client.get(faq.get_absolute_url()).content.decode()
    types = {item["@type"]: item for item in json_ld(html)["@graph"]}
    questions = [q["name"] for q in types["FAQPage"]["mainEntity"]]
    assert questions == list(faq.faq_items.values_list("question", flat=True))
    assert len(questions) >= 6


def test_home_page_has_clinic_data_and_cards_for_every_menu_page(client, site_pages):
    html = client.get("/").content.decode()
    types = {item["@type"] for item in json_ld(html)["@graph"]}
    assert "MedicalClinic" in types
    for page in Page.objects.in_navigation():
        assert f'<a href="{page.get_absolute_url()}">{page.title}</a>' in html.replace(
            "&#x27;", "'"
        )


def test_empty_practice_details_are_left_out(client, site_pages):
    html = client.get("/about-us/").content.decode()
    assert "None" not in html
    assert "<dt>Phone</dt>" not in html and "<dt>Email</dt>" not in html


def test_practice_details_appear_in_footer_and_clinic_data_once_entered(client, site_pages):
    practice = PracticeDetails.load()
    practice.phone = "(650) 555-0100"
    practice.email = "hello@example.org"
    practice.save()
    html = client.get("/").content.decode()
    assert '<a href="tel:6505550100">(650) 555-0100</a>' in html
    clinic = next(i for i in json_ld(html)["@graph"] if i["@type"] == "MedicalClinic")
    assert clinic["telephone"] == "(650) 555-0100"


def test_saving_a_page_updates_the_menu_at_once(client, site_pages):
    client.get("/")  # fills the cached menu
    page = Page.objects.get(slug="benefits")
    page.nav_title = "Why people choose it"
    page.save()
    assert "Why people choose it" in client.get("/").content.decode()


def test_request_a_consultation_link_works_from_every_page(client, site_pages):
    html = client.get("/").content.decode()
    assert f'href="{reverse("intake:request")}"' in html
    assert client.get(reverse("intake:request")).status_code == 200


def test_unknown_address_gets_the_styled_not_found_page(client, site_pages):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html and 'href="tel:988"' in html


def test_server_error_page_renders_without_the_database():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong" in html and 'href="tel:988"' in html


@pytest.mark.parametrize("slug", ["home", "ketamine-therapy", "faq", "who-might-benefit"])
def test_a_content_page_costs_at_most_four_queries(
    client, site_pages, slug, django_assert_max_num_queries
):
    url = Page.objects.get(slug=slug).get_absolute_url()
    client.get("/about-us/")  # the first visitor fills the cached menu and practice details
    with django_assert_max_num_queries(4):
        assert client.get(url).status_code == 200


def test_footer_repeats_the_crisis_note_and_offers_a_way_to_reach_the_team(client, site_pages):
    html = client.get("/benefits/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert 'href="tel:988"' in footer and 'href="tel:911"' in footer
    assert "send a consultation request" in footer  # no phone or email entered yet

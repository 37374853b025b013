import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from content.models import Page, PracticeDetails
from content.seeding import create_missing_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_logged_in(client, make_staff, sign_in):
    sign_in(client, make_staff("editor", superuser=True))
    return client


def test_admin_index_lists_what_staff_still_have_to_supply(admin_client_logged_in, site_pages):
    html = admin_client_logged_in.get("/admin/").content.decode()
    assert "Before launch" in html
    assert "Practice details missing: phone, email" in html
    medical = site_pages.filter(is_medical=True).count()
    assert f"{medical} medical page(s) not reviewed by a named clinician" in html


def test_admin_index_names_pages_past_their_review_date(admin_client_logged_in, site_pages):
    Page.objects.filter(slug="benefits").update(
        reviewed_by_name="Alex Example",
        last_reviewed=timezone.localdate() - timedelta(days=400),
        next_review_due=timezone.localdate() - timedelta(days=35),
    )
    html = admin_client_logged_in.get("/admin/").content.decode()
    assert "1 medical page(s) due or overdue for review: Benefits" in html
    overdue = admin_client_logged_in.get("/admin/content/page/?review=overdue").content.decode()
    assert "Benefits" in overdue and "Overdue since" in overdue
    assert "Side effects" not in overdue


def test_admin_index_drops_what_staff_have_supplied(admin_client_logged_in, make_page):
    PracticeDetails.objects.update_or_create(
        pk=1,
        defaults={
            "phone": "(650) 555-0100",
            "email": "hello@example.org",
            "street_address": "1 Example Way",
            "city": "Palo Alto",
            "hours": "Monday to Friday, 9 am to 5 pm",
            "response_time": "within one business day",
        },
    )
    Page.objects.update(reviewed_by_name="Alex Example", last_reviewed=timezone.localdate())
    html = admin_client_logged_in.get("/admin/").content.decode()
    assert "Practice details missing" not in html
    assert "not reviewed by a named clinician" not in html


def test_staff_edit_a_page_in_the_admin_and_the_markdown_is_sanitized(
    admin_client_logged_in, make_page
):
    page = make_page()
    response = admin_client_logged_in.post(
        f"/admin/content/page/{page.pk}/change/",
        {
            "title": "Edited title",
            "slug": page.slug,
            "body": "## New section\n\nHello <script>alert(1)</script>",
            "is_published": "on",
            "nav_title": "",
            "show_in_navigation": "on",
            "navigation_order": "5",
            "summary": "",
            "meta_description": "Edited description.",
            "layout": "standard",
            "image_alt": "",
            "is_medical": "on",
            "reviewed_by_name": "",
            "reviewed_by_credential": "",
            "last_reviewed": "",
            "next_review_due": "",
            "references-TOTAL_FORMS": "1",
            "references-INITIAL_FORMS": "0",
            "references-0-order": "1",
            "references-0-citation": "A citation.",
            "references-0-url": "",
            "faq_items-TOTAL_FORMS": "0",
            "faq_items-INITIAL_FORMS": "0",
        },
        follow=True,
    )
    assert response.redirect_chain, response.content.decode()[:2000]
    assert "left out of the page: &lt;script&gt;" in response.content.decode()
    page.refresh_from_db()
    assert '<h2 id="new-section">New section</h2>' in page.body_html
    assert "<script" not in page.body_html
    assert page.references.get().citation == "A citation."


def test_last_updated_moves_to_today_when_staff_change_the_words_only(
    admin_client_logged_in, make_page
):
    page = make_page(text_updated=date(2024, 3, 5))
    data = {
        "title": page.title,
        "slug": page.slug,
        "body": page.body,
        "is_published": "on",
        "nav_title": "",
        "show_in_navigation": "on",
        "navigation_order": "7",
        "summary": page.summary,
        "meta_description": page.meta_description,
        "layout": "standard",
        "image_alt": "",
        "is_medical": "on",
        "text_updated": "2024-03-05",
        "reviewed_by_name": "",
        "reviewed_by_credential": "",
        "last_reviewed": "",
        "next_review_due": "",
        "references-TOTAL_FORMS": "0",
        "references-INITIAL_FORMS": "0",
        "faq_items-TOTAL_FORMS": "0",
        "faq_items-INITIAL_FORMS": "0",
    }
    url = f"/admin/content/page/{page.pk}/change/"
    assert admin_client_logged_in.post(url, data).status_code == 302
    page.refresh_from_db()
    assert page.navigation_order == 7 and page.text_updated == date(2024, 3, 5)
    admin_client_logged_in.post(url, {**data, "body": "New words."})
    page.refresh_from_db()
    assert page.text_updated == timezone.localdate()


def png_upload(name="photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_an_image_needs_a_description(make_page):
    page = make_page()
    page.image = png_upload()
    page.image_alt = ""
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert error.value.message_dict == {
        "image_alt": ["Describe the image for people who cannot see it."]
    }


def test_an_oversized_image_is_refused_with_a_clear_message(make_page, settings):
    settings.PAGE_IMAGE_MAX_BYTES = 20
    page = make_page()
    page.image = png_upload()
    page.image_alt = "A calm room"
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "Please use one of" in error.value.message_dict["image"][0]


def test_a_file_that_is_not_an_image_is_refused(make_page):
    page = make_page()
    page.image = SimpleUploadedFile("notes.pdf", b"%PDF-1.4", content_type="application/pdf")
    page.image_alt = "A calm room"
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "image" in error.value.message_dict


def test_running_the_page_loader_again_keeps_staff_edits(site_pages):
    page = Page.objects.get(slug="benefits")
    page.body = "Staff rewrote this."
    page.save()
    count = Page.objects.count()
    create_missing_pages()
    assert Page.objects.get(slug="benefits").body == "Staff rewrote this."
    assert Page.objects.count() == count


def test_practice_details_cannot_be_added_twice_or_deleted(admin_client_logged_in, site_pages):
    assert admin_client_logged_in.get("/admin/content/practicedetails/add/").status_code == 403
    delete_url = "/admin/content/practicedetails/1/delete/"
    assert admin_client_logged_in.get(delete_url).status_code == 403

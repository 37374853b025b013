"""Content pages come from the shared cache, stay correct when staff save, and answer 304."""

import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content.models import FAQItem, Page, PracticeDetails
from content.page_cache import content_version, rendered_pages

pytestmark = pytest.mark.django_db


def seconds_pass(monkeypatch, seconds):
    """This worker's clock moves on (what PAGE_CACHE_VERSION_SECONDS and PAGE_CACHE_SECONDS
    count)."""
    now = time.monotonic() + seconds
    monkeypatch.setattr(time, "monotonic", lambda: now)


@pytest.mark.parametrize("url", ["/", "/ketamine-therapy/", "/faq/"])
def test_a_cached_content_page_costs_no_query(client, site_pages, url, django_assert_num_queries):
    first = client.get(url)
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.status_code == 200
    assert again.content == first.content


def test_with_the_default_database_cache_a_worker_reads_the_version_once_a_second_at_most(
    client, site_pages, database_cache, settings, monkeypatch
):
    client.get("/ketamine-therapy/")
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert client.get("/ketamine-therapy/").status_code == 200
    assert len(queries) == 0
    seconds_pass(monkeypatch, settings.PAGE_CACHE_VERSION_SECONDS)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/ketamine-therapy/").status_code == 200
    assert len(queries) == 1  # the version, from the cache every worker shares
    assert "test_page_cache" in queries[0]["sql"]
    # A conditional request costs none either.
    etag = client.get("/ketamine-therapy/")["ETag"]
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/ketamine-therapy/", headers={"If-None-Match": etag})
    assert (response.status_code, len(queries)) == (304, 0)


def test_saving_a_page_shows_the_change_on_the_next_request(client, site_pages):
    client.get("/ketamine-therapy/")
    page = Page.objects.get(slug="ketamine-therapy")
    page.title = "Ketamine therapy, updated"
    page.save()
    assert "Ketamine therapy, updated" in client.get("/ketamine-therapy/").content.decode()
    # Its title is in every page's menu, so the others are fresh too.
    page.nav_title = "Ketamine, new menu name"
    page.save()
    assert "Ketamine, new menu name" in client.get("/faq/").content.decode()


def test_saving_the_practice_details_shows_on_every_page_at_once(client, site_pages):
    client.get("/")
    client.get("/about-us/")
    practice = PracticeDetails.load()
    practice.phone = "(650) 555-0199"
    practice.save()
    assert "(650) 555-0199" in client.get("/").content.decode()
    assert "(650) 555-0199" in client.get("/about-us/").content.decode()


def test_editing_a_question_updates_the_questions_page(client, site_pages):
    client.get("/faq/")
    item = FAQItem.objects.filter(page__slug="faq").first()
    item.question = "Is this a freshly edited question?"
    item.save()
    assert "Is this a freshly edited question?" in client.get("/faq/").content.decode()


def test_a_renamed_page_is_not_served_at_its_old_address(client, site_pages):
    assert client.get("/about-us/").status_code == 200
    page = Page.objects.get(slug="about-us")
    page.slug = "about-the-practice"
    page.save()
    assert client.get("/about-us/").status_code == 404
    assert client.get("/about-the-practice/").status_code == 200


def test_unpublishing_a_page_takes_it_down_at_once(client, site_pages):
    assert client.get("/about-us/").status_code == 200
    page = Page.objects.get(slug="about-us")
    page.is_published = False
    page.save()
    assert client.get("/about-us/").status_code == 404


def test_changes_are_cleared_again_when_the_transaction_commits(
    client, site_pages, django_capture_on_commit_callbacks
):
    address = "http://testserver/about-us/"
    client.get("/about-us/")
    old_copy = rendered_pages.get(content_version(), address)
    page = Page.objects.get(slug="about-us")
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "About the practice"
        page.save()
        # A worker still reading the rows as they were before this transaction commits keeps
        # the old page against the version the save has just started.
        rendered_pages.put(content_version(), address, old_copy)
        assert "About the practice" not in client.get("/about-us/").content.decode()
    assert "About the practice" in client.get("/about-us/").content.decode()


def test_a_page_saved_in_another_worker_is_fresh_in_this_one_within_a_second(
    client, site_pages, settings, monkeypatch
):
    assert settings.PAGE_CACHE_VERSION_SECONDS == 1
    client.get("/about-us/")
    # Another gunicorn worker's save reaches this one only through the shared cache.
    Page.objects.filter(slug="about-us").update(title="Saved elsewhere")
    cache.set("content:version", "a-version-another-worker-started")
    assert "Saved elsewhere" not in client.get("/about-us/").content.decode()
    seconds_pass(monkeypatch, 1)
    assert "Saved elsewhere" in client.get("/about-us/").content.decode()


def test_with_no_delay_set_each_request_checks_the_version(client, site_pages, settings):
    settings.PAGE_CACHE_VERSION_SECONDS = 0
    client.get("/about-us/")
    Page.objects.filter(slug="about-us").update(title="Saved elsewhere")
    cache.set("content:version", "a-version-another-worker-started")
    assert "Saved elsewhere" in client.get("/about-us/").content.decode()


def test_staff_always_get_a_fresh_page_never_a_cached_one(sign_in, client, site_pages, make_staff):
    client.get("/about-us/")  # a visitor fills the cache
    # A change that bypasses the signals: visitors keep the cached copy until the next save...
    Page.objects.filter(slug="about-us").update(title="Edited behind the cache")
    assert "Edited behind the cache" not in client.get("/about-us/").content.decode()
    # ...but staff checking their work always see the database.
    sign_in(client, make_staff(superuser=True))
    response = client.get("/about-us/")
    assert "Edited behind the cache" in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_staff_draft_previews_never_reach_the_cache(sign_in, client, make_page, make_staff):
    make_page(slug="draft", title="Secret draft", is_published=False)
    sign_in(client, make_staff(superuser=True))
    assert "Draft preview" in client.get("/draft/").content.decode()
    client.logout()
    assert client.get("/draft/").status_code == 404


def test_unchanged_page_answers_304_to_if_none_match(client, site_pages):
    first = client.get("/ketamine-therapy/")
    etag = first["ETag"]
    assert first["Cache-Control"] == "no-cache"
    again = client.get("/ketamine-therapy/", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    # The same from a copy just rendered (the first visit after a restart or a save).
    rendered_pages.clear()
    assert client.get("/ketamine-therapy/", headers={"If-None-Match": etag}).status_code == 304


def test_unchanged_page_answers_304_to_if_modified_since(client, site_pages):
    last_modified = client.get("/ketamine-therapy/")["Last-Modified"]
    response = client.get("/ketamine-therapy/", headers={"If-Modified-Since": last_modified})
    assert response.status_code == 304


def test_a_changed_page_answers_200_with_a_new_etag(client, site_pages):
    first = client.get("/ketamine-therapy/")
    page = Page.objects.get(slug="ketamine-therapy")
    page.title = "A new title"
    page.save()
    response = client.get(
        "/ketamine-therapy/",
        headers={"If-None-Match": first["ETag"], "If-Modified-Since": first["Last-Modified"]},
    )
    assert response.status_code == 200
    assert response["ETag"] != first["ETag"]
    assert "A new title" in response.content.decode()


def test_each_host_name_gets_its_own_copy(client, site_pages, settings):
    settings.ALLOWED_HOSTS = ["www.example.org", "example.org"]
    www = client.get("/about-us/", HTTP_HOST="www.example.org").content.decode()
    bare = client.get("/about-us/", HTTP_HOST="example.org").content.decode()
    assert 'href="http://www.example.org/about-us/"' in www
    assert 'href="http://example.org/about-us/"' in bare


def test_the_consultation_form_is_never_cached(client, site_pages):
    response = client.get("/consultation/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert "ETag" not in response


def test_a_kept_page_expires_even_if_content_changed_without_the_admin(
    client, site_pages, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/about-us/")
    Page.objects.filter(slug="about-us").update(title="Changed by a raw database edit")
    assert "Changed by a raw database edit" in client.get("/about-us/").content.decode()


def test_the_sitemap_comes_from_the_page_cache_and_follows_changes(
    client, site_pages, make_page, django_assert_num_queries
):
    first = client.get("/sitemap.xml")
    with django_assert_num_queries(0):
        again = client.get("/sitemap.xml")
    assert again.status_code == 200 and again.content == first.content
    assert again["Content-Type"].startswith("application/xml") and again["ETag"]
    assert client.get("/sitemap.xml", headers={"If-None-Match": again["ETag"]}).status_code == 304
    make_page(slug="new-page", title="A new page")
    assert "http://testserver/new-page/" in client.get("/sitemap.xml").content.decode()


# The consultation form is kept in the same store (in pieces, around each visit's own tokens), so
# it follows content changes exactly as the pages do.
PAGE_AND_FORM = ["/about-us/", "/consultation/"]


@pytest.mark.parametrize("url", PAGE_AND_FORM)
def test_saving_content_drops_the_kept_form_as_it_drops_pages(client, site_pages, url):
    client.get(url)
    page = Page.objects.get(slug="ketamine-therapy")
    page.nav_title = "Ketamine, renamed in the menu"
    page.save()
    assert "Ketamine, renamed in the menu" in client.get(url).content.decode()


@pytest.mark.parametrize("url", PAGE_AND_FORM)
def test_the_kept_form_is_cleared_again_when_the_transaction_commits_as_pages_are(
    client, site_pages, url, django_capture_on_commit_callbacks
):
    client.get(url)
    kept_before = list(rendered_pages.pages.items())
    page = Page.objects.get(slug="ketamine-therapy")
    with django_capture_on_commit_callbacks(execute=True):
        page.nav_title = "Ketamine, renamed at commit"
        page.save()
        # A worker still reading the rows as they were keeps the old page against the new version.
        for (address, kind), (_, old_page, _) in kept_before:
            rendered_pages.put(content_version(), address, old_page, kind)
        assert "Ketamine, renamed at commit" not in client.get(url).content.decode()
    assert "Ketamine, renamed at commit" in client.get(url).content.decode()


@pytest.mark.parametrize("url", PAGE_AND_FORM)
def test_the_kept_form_expires_as_pages_do(client, site_pages, settings, url):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(url)
    Page.objects.filter(slug="ketamine-therapy").update(nav_title="Ketamine, raw edit")
    cache.delete("content:site-chrome")  # the menu itself was dropped from the shared cache
    assert "Ketamine, raw edit" in client.get(url).content.decode()


def test_a_form_kept_in_pieces_is_never_served_as_a_whole_page(client, site_pages):
    from intake.forms import read_start_token
    from tests.support.forms import FormClient

    pages = [FormClient().get("/consultation/").content.decode() for _ in range(2)]
    starts = [p.split('name="started" value="')[1].split('"')[0] for p in pages]
    assert starts[0] != starts[1] and all(read_start_token(start) for start in starts)

"""A page costs the same on a site of 1,000 pages as on the shipped one: its size, its queries,
the menu and the home page's cards, the shared chrome, and each worker's store of pages."""

import pickle
import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content.models import MENU_LIMIT, Page
from content.page_cache import (
    CHROME_CACHE_KEY,
    footprint,
    get_site_chrome,
    rendered_pages,
)
from tests.support.big_site import GENERATED_SLUG, add_generated_pages

pytestmark = pytest.mark.django_db

CONTENT_PAGE = "/ketamine-therapy/"
MENU_PAGES = [
    "treatment-resistant-depression",
    "ketamine-therapy",
    "benefits",
    "who-might-benefit",
    "side-effects-and-safety",
    "before-and-after-your-session",
    "what-to-expect",
    "about-us",
    "costs-and-insurance",
    "faq",
    "need-help-now",
]


def uncached(client, path):
    """The page as a worker renders it when it has not kept it."""
    rendered_pages.clear()
    response = client.get(path)
    assert response.status_code == 200
    return response


def card_links(html):
    cards = html[html.index('<ul class="cards">') :]
    cards = cards[: cards.index("</ul>")]
    return [part.split('"')[0] for part in cards.split('<h3><a href="')[1:]]


def menu_links(html):
    menu = html[html.index('<details class="nav-menu">') :]
    menu = menu[: menu.index("</ul>")]
    return [part.split('"')[0] for part in menu.split('<li><a href="')[1:]]


def test_the_shipped_pages_give_the_same_menu_and_home_cards(client, site_pages):
    expected = [f"/{slug}/" for slug in MENU_PAGES]
    html = client.get("/").content.decode()
    assert menu_links(html) == expected
    assert card_links(html) == expected


def test_pages_are_the_same_size_on_a_site_of_1000_pages(client, site_pages):
    small = {path: uncached(client, path).content for path in (CONTENT_PAGE, "/")}
    add_generated_pages(1_000)
    for path, html in small.items():
        large = uncached(client, path).content
        assert len(large) <= 1.2 * len(html), (path, len(html), len(large))
    # Every page is still there for search engines and staff to find.
    sitemap = client.get("/sitemap.xml").content.decode()
    assert sitemap.count("<loc>") == 1_000 == Page.objects.published().count()
    assert f"/{GENERATED_SLUG.format(999)}/" in sitemap


def test_rendering_a_page_takes_the_same_queries_on_a_site_of_1000_pages(client, site_pages):
    def queries():
        client.get("/about-us/")  # the first visitor fills the shared menu and practice details
        with CaptureQueriesContext(connection) as captured:
            uncached(client, CONTENT_PAGE)
        return [query["sql"] for query in captured]

    few = queries()
    add_generated_pages(1_000)
    many = queries()
    assert len(many) == len(few) <= 4
    if connection.vendor == "sqlite":
        # No query reads every page's row to answer (a Last-Modified from 1,000 of them): each
        # finds its pages through an index.
        with connection.cursor() as cursor:
            for sql in many:
                for *_, step in cursor.execute(f"EXPLAIN QUERY PLAN {sql}"):
                    assert "content_page" not in step or " USING " in step, (sql, step)


def test_the_shared_chrome_stays_small_on_a_site_of_1000_pages(site_pages):
    few = len(pickle.dumps(get_site_chrome()))
    add_generated_pages(1_000)
    assert cache.get(CHROME_CACHE_KEY) is None  # dropped, as a save drops it
    chrome = get_site_chrome()
    assert len(chrome["navigation"]) == MENU_LIMIT
    assert len(pickle.dumps(chrome)) <= 1.1 * few


def test_the_menu_and_home_cards_hold_at_most_the_limit_however_many_are_ticked(client, site_pages):
    # Pages ticked for the menu by an import, which the admin's check does not see; one of them
    # comes first.
    first_generated = GENERATED_SLUG.format(Page.objects.count())
    add_generated_pages(Page.objects.count() + 3)
    Page.objects.filter(slug=first_generated).update(navigation_order=1)
    html = client.get("/").content.decode()
    expected = [f"/{first_generated}/"] + [f"/{slug}/" for slug in MENU_PAGES[:-1]]
    assert menu_links(html) == expected
    assert card_links(html) == expected
    # A page that is not in the menu gets no card, yet is published and found in the sitemap.
    assert "/privacy/" not in card_links(html)
    assert client.get("/privacy/").status_code == 200


def test_a_new_page_is_not_in_the_menu_unless_chosen(make_page):
    assert not make_page().show_in_navigation
    assert not Page.objects.in_navigation().exists()


# The admin's limit: the editor is told why, next to the box, and nothing they typed is lost.


@pytest.fixture
def editor_client(client, make_staff, sign_in):
    sign_in(client, make_staff("editor", superuser=True))
    return client


def page_form(**fields):
    data = {
        "title": "Paying for treatment",
        "slug": "paying-for-treatment",
        "body": "Words about paying.",
        "is_published": "on",
        "nav_title": "",
        "show_in_navigation": "on",
        "navigation_order": "100",
        "summary": "",
        "meta_description": "How paying works.",
        "layout": "standard",
        "image_alt": "",
        "reviewed_by_name": "",
        "reviewed_by_credential": "",
        "last_reviewed": "",
        "next_review_due": "",
        "references-TOTAL_FORMS": "0",
        "references-INITIAL_FORMS": "0",
        "faq_items-TOTAL_FORMS": "0",
        "faq_items-INITIAL_FORMS": "0",
    }
    return {**data, **fields}


def test_the_admin_refuses_a_page_in_a_full_menu_and_says_why(editor_client, site_pages):
    assert Page.objects.in_navigation().count() == MENU_LIMIT
    response = editor_client.post("/admin/content/page/add/", page_form())
    assert response.status_code == 200
    html = response.content.decode()
    assert f"The menu already holds {MENU_LIMIT} pages" in html
    assert "Words about paying." in html and "How paying works." in html
    assert not Page.objects.filter(slug="paying-for-treatment").exists()
    # Left out of the menu, the page is saved and published.
    data = page_form()
    del data["show_in_navigation"]
    assert editor_client.post("/admin/content/page/add/", data).status_code == 302
    assert editor_client.get("/paying-for-treatment/").status_code == 200


def test_a_page_already_in_a_full_menu_can_still_be_edited(editor_client, site_pages):
    page = Page.objects.get(slug="about-us")
    data = page_form(title="About our practice", slug=page.slug, body=page.body)
    response = editor_client.post(f"/admin/content/page/{page.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Page.objects.in_navigation().get(slug="about-us").title == "About our practice"


def test_publishing_a_draft_that_asks_for_a_full_menu_is_refused(editor_client, site_pages):
    draft = page_form()
    del draft["is_published"]
    assert editor_client.post("/admin/content/page/add/", draft).status_code == 302
    page = Page.objects.get(slug="paying-for-treatment")
    response = editor_client.post(f"/admin/content/page/{page.pk}/change/", page_form())
    assert f"The menu already holds {MENU_LIMIT} pages" in response.content.decode()
    assert not Page.objects.get(pk=page.pk).is_published


# Each worker's store of rendered pages: bounded, least recently served out first.


def kept(path):
    return rendered_pages.has(f"http://testserver{path}")


def test_the_store_keeps_pages_up_to_its_limit_least_recently_served_out_first(
    client, site_pages, settings
):
    paths = ["/ketamine-therapy/", "/benefits/", "/about-us/"]
    first = {path: client.get(path).content for path in paths}
    # Room for about two of these pages.
    settings.PAGE_CACHE_MAX_BYTES = sum(
        sorted(entry[2] for entry in rendered_pages.pages.values())[-2:]
    )
    rendered_pages.clear()
    client.get(paths[0])
    client.get(paths[1])
    assert kept(paths[0]) and kept(paths[1])
    client.get(paths[0])  # served again: now the most recently served
    client.get(paths[2])
    assert kept(paths[0]) and kept(paths[2])
    assert not kept(paths[1])
    assert rendered_pages.size <= settings.PAGE_CACHE_MAX_BYTES
    # A page that left is rendered again, whole and right, and kept again.
    again = client.get(paths[1])
    assert again.status_code == 200 and again.content == first[paths[1]]
    assert kept(paths[1]) and not kept(paths[0])


def test_a_store_of_no_bytes_keeps_nothing_and_still_serves_every_page(
    client, site_pages, settings
):
    settings.PAGE_CACHE_MAX_BYTES = 0
    first = client.get(CONTENT_PAGE)
    again = client.get(CONTENT_PAGE)
    assert again.status_code == 200 and again.content == first.content
    assert not kept(CONTENT_PAGE) and rendered_pages.size == 0


def test_the_store_stays_within_its_limit_when_threads_share_it(settings):
    settings.PAGE_CACHE_MAX_BYTES = 50_000
    version = "a-version"
    copy = {"content": b"x" * 2_000, "content_type": "text/html", "etag": '"e"', "last_modified": 0}
    rendered_pages.clear()

    def serve(thread):
        for number in range(300):
            address = f"http://testserver/page-{thread}-{number % 40}/"
            if rendered_pages.get(version, address) is None:
                rendered_pages.put(version, address, copy)

    threads = [threading.Thread(target=serve, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sizes = [
        footprint(address, page) for (address, _), (_, page, _) in rendered_pages.pages.items()
    ]
    assert rendered_pages.size == sum(sizes) <= settings.PAGE_CACHE_MAX_BYTES
    assert len(sizes) >= 10

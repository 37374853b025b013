"""The page cache: content pages (and the sitemap) rendered once per content version and kept in
each worker's memory, served to visitors before the session and login middleware run.

Everything about it is here: the site chrome every page shows (menu and practice details), the
content version all workers share through the cache, the per-worker store of rendered pages (whole
content pages, and pages such as the consultation form kept in pieces around each visit's own
tokens), the middleware that answers from it, and the signals that drop it all when staff save
content.
"""

import hashlib
import secrets
import sys
import threading
import time
from collections import OrderedDict
from datetime import datetime, timedelta
from datetime import time as dtime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag

CHROME_CACHE_KEY = "content:site-chrome"
VERSION_CACHE_KEY = "content:version"
# Saving any of these can change what a page shows.
CONTENT_MODELS = [
    "content.Page",
    "content.Reference",
    "content.FAQItem",
    "content.PracticeDetails",
    "content.PracticePolicy",
    "content.LegalNotice",
    "content.Tagline",
    "content.Fee",
]


def get_site_chrome():
    """The practice's details, the menu and the confirmed policy sentences, shared by every
    page; kept until content changes. Its size does not depend on how many pages the site has:
    the menu is limited (Page.objects.menu())."""
    from .models import Page, PracticeDetails
    from .notices import notice_links
    from .policies import confirmed_statements

    chrome = cache.get(CHROME_CACHE_KEY)
    if chrome is None:
        chrome = {
            "practice": PracticeDetails.load(),
            "navigation": list(Page.objects.only("title", "nav_title", "slug", "summary").menu()),
            "policy_statements": confirmed_statements(),
            "notice_links": notice_links(),
        }
        # Kept until midnight at most: a notice version takes effect on its day, unsaved.
        cache.set(CHROME_CACHE_KEY, chrome, timeout=seconds_until_tomorrow())
    return chrome


def seconds_until_tomorrow():
    now = timezone.localtime()
    tomorrow = timezone.make_aware(datetime.combine(now.date() + timedelta(days=1), dtime.min))
    return max(1, int((tomorrow - now).total_seconds()) + 1)


class ContentVersion:
    """A token that changes whenever staff change content, kept in the cache all workers share.

    Each worker reads it again at most every PAGE_CACHE_VERSION_SECONDS, not on every request:
    that read was most of what a kept page cost, and a second's delay before a change reaches
    visitors in the other workers costs nothing (staff who may edit pages always get them fresh).
    The worker that saved has the new version at once.
    """

    def __init__(self):
        self.forget()

    def forget(self):
        # (version, when it was read), replaced whole so that a thread never sees half of it.
        self.memo = (None, float("-inf"))

    def get(self):
        value, read_at = self.memo
        now = time.monotonic()
        if value is not None and now - read_at < settings.PAGE_CACHE_VERSION_SECONDS:
            return value
        value = cache.get(VERSION_CACHE_KEY)
        if value is None:
            cache.add(VERSION_CACHE_KEY, secrets.token_hex(8), timeout=None)
            value = cache.get(VERSION_CACHE_KEY)
        self.memo = (value, now)
        return value

    def start_new(self):
        value = secrets.token_hex(8)
        cache.set(VERSION_CACHE_KEY, value, timeout=None)
        self.memo = (value, time.monotonic())


current_version = ContentVersion()


def content_version():
    return current_version.get()


def drop_chrome_and_cached_pages():
    """Forget the chrome and start a new content version: this worker drops its rendered pages at
    its next request, the others within PAGE_CACHE_VERSION_SECONDS."""
    cache.delete(CHROME_CACHE_KEY)
    current_version.start_new()


def content_changed(sender, **kwargs):
    drop_chrome_and_cached_pages()
    # And again once the admin's transaction commits: a visitor's request while it was still open
    # read the old rows and may have kept that page against the version started just above.
    transaction.on_commit(drop_chrome_and_cached_pages)


def connect_signals():
    for model in CONTENT_MODELS:
        post_save.connect(content_changed, sender=model, dispatch_uid=f"page-cache-save-{model}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"page-cache-del-{model}")


# How a page is kept: whole, or in pieces to be joined with each visit's own values.
WHOLE, PIECES = "whole", "pieces"


class RenderedPages:
    """This worker's rendered pages, by address, kept for the current content version only.

    A page is kept whole (a copy served as it is: content pages, the sitemap) or in pieces (the
    empty consultation form, cut where each visit's own tokens go; see render_in_pieces).

    The version is read from the shared cache (one query with the default database cache) at most
    every PAGE_CACHE_VERSION_SECONDS, so a page saved in any worker is fresh in all of them within
    that time, and at once in the worker that saved it. PAGE_CACHE_SECONDS
    bounds how long a page lives even so, in case content changes without the signals (a raw
    database edit). PAGE_CACHE_MAX_BYTES bounds the memory they take: past it, the pages least
    recently served leave first, and are rendered again when next asked for, so a worker that
    serves every page of a large site stays about the size it has on a small one.
    """

    def __init__(self):
        # gunicorn's sync workers serve one request at a time; the lock keeps the store whole
        # when GUNICORN_THREADS serves several at once.
        self.lock = threading.Lock()
        self.clear()

    def clear(self):
        with self.lock:
            self.version = None
            # {(address, kind): (expires, page, size)}, the least recently served first
            self.pages = OrderedDict()
            self.size = 0

    def has(self, address, kind=WHOLE):
        with self.lock:
            return (address, kind) in self.pages

    def get(self, version, address, kind=WHOLE):
        key = (address, kind)
        with self.lock:
            if version is None or version != self.version or key not in self.pages:
                return None
            expires, page, _ = self.pages[key]
            if expires < time.monotonic():
                self.drop(key)
                return None
            self.pages.move_to_end(key)
            return page

    def put(self, version, address, page, kind=WHOLE):
        if version is None:  # a dummy cache: nothing is shared, so nothing is kept
            return
        key = (address, kind)
        size = footprint(address, page)
        limit = settings.PAGE_CACHE_MAX_BYTES
        with self.lock:
            if version != self.version:
                self.version, self.pages, self.size = version, OrderedDict(), 0
            self.drop(key)
            if size > limit:  # a page larger than the whole store is rendered for each visit
                return
            self.pages[key] = (time.monotonic() + settings.PAGE_CACHE_SECONDS, page, size)
            self.size += size
            while self.size > limit:
                self.drop(next(iter(self.pages)))

    def drop(self, key):
        """Forget one page; the caller holds the lock."""
        kept = self.pages.pop(key, None)
        if kept is not None:
            self.size -= kept[2]


# What a kept page costs besides its text: the entry, its key, headers and expiry time.
ENTRY_BYTES = 1024


def footprint(address, page):
    """About how many bytes of memory a kept page takes."""
    parts = [page["content"]] if isinstance(page, dict) else page
    return sum(map(sys.getsizeof, [address, *parts])) + ENTRY_BYTES


rendered_pages = RenderedPages()


def page_address(request):
    # Pages hold absolute links, so each scheme and host name has its own copy.
    return request.build_absolute_uri(request.path)


def make_copy(response, last_modified):
    """What the store keeps of a rendered response, with the headers every copy of it carries
    (made once here, not on each visit)."""
    etag = quote_etag(hashlib.blake2b(response.content, digest_size=16).hexdigest())
    last_modified = int(last_modified.timestamp())
    return {
        "content": response.content,
        "etag": etag,
        "last_modified": last_modified,
        "headers": {
            "Content-Type": response["Content-Type"],
            "ETag": etag,
            "Last-Modified": http_date(last_modified),
            # Browsers may keep the page but must ask first; an unchanged page then costs a 304.
            "Cache-Control": "no-cache",
            # Staff (with a session cookie) get a different page.
            "Vary": "Cookie",
        },
    }


def copy_response(request, copy):
    response = HttpResponse(copy["content"], headers=copy["headers"])
    return get_conditional_response(
        request, etag=copy["etag"], last_modified=copy["last_modified"], response=response
    )


def cached_response(request, render_copy):
    """The request's page from this worker's store, rendered by render_copy() on a miss."""
    version = content_version()
    address = page_address(request)
    copy = rendered_pages.get(version, address)
    if copy is None:
        copy = render_copy()  # a 404 is raised, never kept
        rendered_pages.put(version, address, copy)
    return copy_response(request, copy)


def new_marker():
    return f"per-visit-{secrets.token_hex(16)}"


def render_in_pieces(render, places):
    """A page cut where each visit's own values go (a CSRF token, say), or None.

    render(*markers) renders the page with a marker in each of the places. The markers are made up
    for this one rendering, so no text staff saved before can hold them; a page where one shows up
    more than once, or out of order, is not kept.
    """
    markers = [new_marker() for _ in range(places)]
    html = render(*markers)
    if any(html.count(marker) != 1 for marker in markers):
        return None
    pieces = []
    for marker in markers:
        if marker not in html:
            return None
        before, html = html.split(marker)
        pieces.append(before)
    # Kept encoded, so that a visit encodes only its own values, not the whole page again.
    return tuple(piece.encode() for piece in (*pieces, html))


def join_pieces(pieces, values):
    """The page, as bytes, with each visit's own values where the markers were."""
    parts = [pieces[0]]
    for value, piece in zip(values, pieces[1:], strict=True):
        parts += [value.encode(), piece]
    return b"".join(parts)


def kept_pieces(request):
    """The request's page in pieces if this worker keeps it for the current content version;
    None otherwise (nothing is rendered here)."""
    address = page_address(request)
    if not rendered_pages.has(address, PIECES):
        return None
    return rendered_pages.get(content_version(), address, PIECES)


def cached_pieces(request, places, render):
    """The request's page in pieces from this worker's store, cut by render_in_pieces() on a
    miss; None when it cannot be cut (that visit gets a page of its own)."""
    version = content_version()
    address = page_address(request)
    pieces = rendered_pages.get(version, address, PIECES)
    if pieces is None:
        pieces = render_in_pieces(render, places)
        if pieces is not None:
            rendered_pages.put(version, address, pieces, PIECES)
    return pieces


class CachedPageMiddleware:
    """Visitors without a session get a page this worker already rendered, before the session,
    CSRF, authentication and lockout middleware run: they have nothing to do for a page that is
    the same for every visitor. Everything else (staff, forms, misses) goes on as usual; the views
    that use cached_response() render and keep the copies.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        ):
            address = page_address(request)
            if rendered_pages.has(address):
                copy = rendered_pages.get(content_version(), address)
                if copy:
                    return copy_response(request, copy)
        return self.get_response(request)

import hashlib
import time

from django.conf import settings
from django.db.models import Max
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.views.generic import DetailView, TemplateView

from .chrome import content_version, get_site_chrome
from .models import HOME_SLUG, Layout, Page
from .structured_data import page_structured_data


class RenderedPages:
    """This worker's rendered content pages, kept for the current content version only.

    Checking the version is one small cache read (one query with the default database cache), so
    a page saved in any worker is fresh in all of them on the next request. PAGE_CACHE_SECONDS
    bounds how long a copy lives even so, in case content changes without the signals (a raw
    database edit).
    """

    def __init__(self):
        self.state = (None, {})  # (version, {address: copy}), replaced as one for thread safety

    def has(self, address):
        return address in self.state[1]

    def get(self, version, address):
        kept_version, copies = self.state
        copy = copies.get(address) if version is not None and version == kept_version else None
        if copy is None or copy["expires"] < time.monotonic():
            return None
        return copy

    def put(self, version, address, copy):
        if version is None:  # a dummy cache: nothing is shared, so nothing is kept
            return
        kept_version, copies = self.state
        if version != kept_version:
            copies = {}
            self.state = (version, copies)
        copies[address] = copy


rendered_pages = RenderedPages()


def page_address(request):
    # Pages hold absolute links, so each scheme and host name has its own copy.
    return request.build_absolute_uri(request.path)


def cached_page_response(request):
    """A visitor's page from this worker's copies, or None; see clinic_site.middleware."""
    address = page_address(request)
    if not rendered_pages.has(address):
        return None
    copy = rendered_pages.get(content_version(), address)
    return copy_response(request, copy) if copy else None


def copy_response(request, copy):
    response = HttpResponse(copy["content"], content_type=copy["content_type"])
    response["ETag"] = copy["etag"]
    response["Last-Modified"] = http_date(copy["last_modified"])
    # Browsers may keep the page but must ask first; an unchanged page then costs them a 304.
    response["Cache-Control"] = "no-cache"
    # Staff (with a session cookie) get a different page.
    patch_vary_headers(response, ["Cookie"])
    return get_conditional_response(
        request, etag=copy["etag"], last_modified=copy["last_modified"], response=response
    )


class PageDetailView(DetailView):
    """A content page. Visitors get a copy rendered once per content version; staff always get a
    fresh page (they may be previewing a draft), never stored anywhere."""

    model = Page
    context_object_name = "page"

    def get(self, request, *args, **kwargs):
        if request.user.is_staff:
            response = super().get(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_store=True)
            return response
        version = content_version()
        address = page_address(request)
        copy = rendered_pages.get(version, address)
        if copy is None:
            copy = self.render_copy(request, *args, **kwargs)
            rendered_pages.put(version, address, copy)
        return copy_response(request, copy)

    def render_copy(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)  # a 404 is raised, never kept
        response.render()
        practice = get_site_chrome()["practice"]
        # Any page's title can appear in every page's menu, so the whole site's latest change
        # is this page's last modification.
        pages_changed = Page.objects.published().aggregate(latest=Max("updated_at"))["latest"]
        changed = max(filter(None, [pages_changed, practice.updated_at]))
        return {
            "content": response.content,
            "content_type": response["Content-Type"],
            "etag": quote_etag(hashlib.blake2b(response.content, digest_size=16).hexdigest()),
            "last_modified": int(changed.timestamp()),
            "expires": time.monotonic() + settings.PAGE_CACHE_SECONDS,
        }

    def get_queryset(self):
        pages = Page.objects.prefetch_related("references")
        # Logged-in staff preview drafts; everyone else gets a 404 for them.
        if self.request.user.is_staff:
            return pages
        return pages.published()

    def get_template_names(self):
        return [f"content/page_{self.object.layout}.html", "content/page_standard.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = self.object
        if page.layout == Layout.FAQ:
            context["faq_items"] = list(page.faq_items.all())
        context["canonical_url"] = self.request.build_absolute_uri(page.get_absolute_url())
        context["structured_data"] = page_structured_data(
            page,
            context.get("faq_items", []),
            context["canonical_url"],
            self.request.build_absolute_uri(reverse("content:home")),
            get_site_chrome()["practice"],
        )
        return context


class HomePageView(PageDetailView):
    def get_object(self, queryset=None):
        self.kwargs["slug"] = HOME_SLUG
        return super().get_object(queryset)


class RobotsTxtView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sitemap_url"] = self.request.build_absolute_uri(reverse("sitemap"))
        return context

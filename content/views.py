import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.views.generic import DetailView, TemplateView

from .chrome import get_site_chrome, page_cache_key
from .models import HOME_SLUG, Layout, Page
from .structured_data import page_structured_data


class PageDetailView(DetailView):
    """A content page. Visitors get a copy rendered once and kept in the shared cache until staff
    save a page or the practice details; staff always get a fresh page (they may see drafts)."""

    model = Page
    context_object_name = "page"

    def get(self, request, *args, **kwargs):
        if request.user.is_staff:
            response = super().get(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_store=True)
            return response
        key = page_cache_key(self.page_slug())
        # The page holds absolute links, so each host name and scheme has its own copy.
        variant = request.build_absolute_uri("/")
        copies = cache.get(key) or {}
        copy = copies.get(variant)
        if copy is None:
            copy = self.render_copy(request, *args, **kwargs)
            copies[variant] = copy
            cache.set(key, copies, settings.PAGE_CACHE_SECONDS)
        return self.copy_response(request, copy)

    def page_slug(self):
        return self.kwargs["slug"]

    def render_copy(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)  # a 404 is raised, never cached
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
        }

    def copy_response(self, request, copy):
        response = HttpResponse(copy["content"], content_type=copy["content_type"])
        response["ETag"] = copy["etag"]
        response["Last-Modified"] = http_date(copy["last_modified"])
        # Browsers may keep the page but must ask first; an unchanged page costs them a 304.
        response["Cache-Control"] = "no-cache"
        return get_conditional_response(
            request, etag=copy["etag"], last_modified=copy["last_modified"], response=response
        )

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
    def page_slug(self):
        return HOME_SLUG

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

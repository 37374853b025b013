from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.generic import DetailView, TemplateView

from .models import HOME_SLUG, Layout, Page
from .page_cache import cached_response, get_site_chrome, make_copy
from .policies import fill_policies, policy_sentence
from .sitemaps import PageSitemap
from .structured_data import page_structured_data


class PageDetailView(DetailView):
    """A content page. Visitors get a copy rendered once per content version; staff always get a
    fresh page (they may be previewing a draft), never stored anywhere."""

    model = Page
    context_object_name = "page"

    def get(self, request, *args, **kwargs):
        if self.may_preview_drafts():
            response = super().get(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_store=True)
            return response
        return cached_response(request, lambda: self.render_copy(request, *args, **kwargs))

    def may_preview_drafts(self):
        # Only staff who may edit pages and have passed their second factor (django-otp) see
        # drafts; everyone else, a password-only session included, gets what visitors get.
        user = self.request.user
        return user.has_perm("content.change_page") and user.is_verified()

    def render_copy(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)  # a 404 is raised, never kept
        response.render()
        practice = get_site_chrome()["practice"]
        # Any page's title can appear in every page's menu, so the whole site's latest change
        # is this page's last modification.
        pages_changed = Page.objects.published().aggregate(latest=Max("updated_at"))["latest"]
        return make_copy(response, max(filter(None, [pages_changed, practice.updated_at])))

    def get_queryset(self):
        pages = Page.objects.prefetch_related("references")
        # Staff who edit pages preview drafts; everyone else gets a 404 for them.
        if self.may_preview_drafts():
            return pages
        return pages.published()

    def get_template_names(self):
        return [f"content/page_{self.object.layout}.html", "content/page_standard.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = self.object
        if page.layout == Layout.FAQ:
            context["faq_items"] = list(page.faq_items.all())
            statements = get_site_chrome()["policy_statements"]
            for item in context["faq_items"]:
                item.answer = fill_policies(item.answer, statements)
        if page.is_printed_guide:
            statements = get_site_chrome()["policy_statements"]
            context["after_hours"] = policy_sentence("after-hours", statements)
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


def sitemap(request):
    """sitemap.xml from the page cache, like the pages it lists."""

    def render_copy():
        response = django_sitemap(request, sitemaps={"pages": PageSitemap})
        response.render()
        latest = Page.objects.published().aggregate(latest=Max("updated_at"))["latest"]
        return make_copy(response, latest or get_site_chrome()["practice"].updated_at)

    return cached_response(request, render_copy)

from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.db.models import Max
from django.http import Http404, HttpResponseNotAllowed
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import DetailView, TemplateView

from .medicine_history import WORKSHEET
from .models import FEES_NEUTRAL, HOME_SLUG, Fee, Layout, LegalNotice, NoticeKind, Page
from .page_cache import cached_response, get_site_chrome, make_copy
from .policies import fill_policies, policy_sentence
from .self_check import BANDS, CREDIT, MAX_TOTAL, QUESTIONS, STEM, SelfCheckForm
from .sitemaps import PageSitemap
from .structured_data import page_structured_data


# The self-check's answers, posted by a browser without JavaScript, are scored and shown, never
# kept: the post changes nothing, so it needs no CSRF token (the page it comes from is a cached
# copy that cannot hold one), and error reports leave its answers out.
@method_decorator(csrf_exempt, name="dispatch")
@method_decorator(sensitive_post_parameters(), name="dispatch")
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

    def post(self, request, *args, **kwargs):
        """The self-check scored on the server, for a browser without JavaScript: shown to the
        person once, and nothing about it kept (no row, no session, no log line, no cache)."""
        self.object = self.get_object()
        if self.object.layout != Layout.SELF_CHECK:
            return HttpResponseNotAllowed(["GET", "HEAD"])
        # Only what the page's own form sends is read: an upload is never parsed or written out.
        urlencoded = request.content_type == "application/x-www-form-urlencoded"
        form = SelfCheckForm(request.POST if urlencoded else {})
        response = self.render_to_response(self.get_context_data(self_check_form=form))
        add_never_cache_headers(response)
        return response

    def may_preview_drafts(self):
        # Only staff who may edit pages and have passed their second factor (django-otp) see
        # drafts; everyone else, a password-only session included, gets what visitors get.
        user = self.request.user
        return user.has_perm("content.change_page") and user.is_verified()

    def render_copy(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)  # a 404 is raised, never kept
        response.render()
        practice = get_site_chrome()["practice"]
        # The menu's pages change every page, and a page just taken out of the menu is no longer
        # among them: the whole site's latest change is a safe last modification.
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
        if page.is_medicine_worksheet:
            context["worksheet"] = WORKSHEET
        if page.layout == Layout.SELF_CHECK:
            context["self_check"] = self_check_context(kwargs.get("self_check_form"))
        if page.layout == Layout.COSTS:
            context["fees"] = list(Fee.objects.confirmed())
            context["fees_neutral"] = FEES_NEUTRAL
        context["canonical_url"] = self.request.build_absolute_uri(page.get_absolute_url())
        context["structured_data"] = page_structured_data(
            page,
            context.get("faq_items", []),
            context["canonical_url"],
            self.request.build_absolute_uri(reverse("content:home")),
            get_site_chrome()["practice"],
        )
        return context


def self_check_context(form=None):
    """The questions, and the result of answers posted without JavaScript. The page without a
    result is the same for everyone (and cached); its hidden copy of the result is what the
    browser script fills in."""
    form = form or SelfCheckForm()
    result = form.result() if form.is_bound and form.is_valid() else None
    blank_rows = [(number, question, "", "") for number, question in enumerate(QUESTIONS, 1)]
    return {
        "form": form,
        "result": result,
        "rows": result.rows if result else blank_rows,
        "blank_rows": blank_rows,
        "needs_help_now": form.needs_help_now(),
        "stem": STEM,
        "credit": CREDIT,
        "bands": BANDS,
        "max_total": MAX_TOTAL,
    }


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


class LegalNoticeView(TemplateView):
    """The version of one of the practice's notices in effect today, as the practice entered it.
    The Notice of Privacy Practices page says how to get a copy until one is entered (the privacy
    notice links to it); the others do not exist until then."""

    kind = None
    template_name = "content/legal_notice.html"

    def get(self, request, *args, **kwargs):
        return cached_response(request, lambda: self.render_copy(request, *args, **kwargs))

    def render_copy(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.render()
        notice = response.context_data["notice"]
        changed = notice.entered_at if notice else get_site_chrome()["practice"].updated_at
        return make_copy(response, changed)

    def get_context_data(self, **kwargs):
        notice = LegalNotice.objects.current().get(self.kind)
        if notice is None and self.kind != NoticeKind.PRIVACY_PRACTICES:
            raise Http404("This notice has not been entered.")
        return super().get_context_data(
            notice=notice,
            title=NoticeKind(self.kind).label,
            taglines=list(notice.taglines.all()) if notice else [],
            **kwargs,
        )

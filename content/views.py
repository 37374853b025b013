from django.urls import reverse
from django.views.generic import DetailView, TemplateView

from .chrome import get_site_chrome
from .models import HOME_SLUG, Layout, Page
from .structured_data import page_structured_data


class PageDetailView(DetailView):
    model = Page
    context_object_name = "page"

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

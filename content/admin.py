from datetime import timedelta

from django.contrib import admin, messages
from django.utils import timezone

from .models import FAQItem, Page, PracticeDetails, Reference
from .rendering import left_out_by_sanitizer

REVIEW_SOON_DAYS = 30


class ReferenceInline(admin.TabularInline):
    model = Reference
    extra = 0
    fields = ["order", "citation", "url"]


class FAQItemInline(admin.StackedInline):
    model = FAQItem
    extra = 0
    fields = ["order", "question", "answer"]


class ReviewStatusFilter(admin.SimpleListFilter):
    title = "medical review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Review due or overdue"),
            ("soon", f"Due within {REVIEW_SOON_DAYS} days"),
            ("no-reviewer", "No named reviewer"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.review_due(today)
        if self.value() == "soon":
            return queryset.review_due(today + timedelta(days=REVIEW_SOON_DAYS))
        if self.value() == "no-reviewer":
            return queryset.without_reviewer()
        return queryset


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "is_published",
        "show_in_navigation",
        "navigation_order",
        "reviewer",
        "review_status",
        "updated_at",
    ]
    list_display_links = ["title"]
    list_editable = ["navigation_order"]
    list_filter = ["is_published", "is_medical", ReviewStatusFilter]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ReferenceInline, FAQItemInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "body", "is_published"]}),
        (
            "Menu and search results",
            {
                "fields": [
                    "nav_title",
                    "show_in_navigation",
                    "navigation_order",
                    "summary",
                    "meta_description",
                    "layout",
                ]
            },
        ),
        ("Image", {"fields": ["image", "image_alt"], "classes": ["collapse"]}),
        (
            "Medical review",
            {
                "description": "Medical pages show who reviewed them and when. Until a reviewer "
                "is named, the page shows the date it was last updated.",
                "fields": [
                    "is_medical",
                    ("reviewed_by_name", "reviewed_by_credential"),
                    ("last_reviewed", "next_review_due"),
                ],
            },
        ),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        left_out = left_out_by_sanitizer(obj.body)
        if left_out:
            self.message_user(
                request,
                f"“{obj}” is saved, but some of its text is not allowed on the site and is left "
                f"out of the page: {', '.join(left_out)}. Links must start with https://, "
                "mailto:, tel: or /.",
                messages.WARNING,
            )

    @admin.display(description="reviewed by")
    def reviewer(self, page):
        if not page.is_medical:
            return "not a medical page"
        if not page.reviewed_by_name:
            return "no reviewer named"
        return ", ".join(filter(None, [page.reviewed_by_name, page.reviewed_by_credential]))

    @admin.display(description="review due")
    def review_status(self, page):
        if not page.is_medical or not page.next_review_due:
            return "—"
        if page.next_review_due <= timezone.localdate():
            return f"Overdue since {page.next_review_due:%b %-d, %Y}"
        return f"{page.next_review_due:%b %-d, %Y}"


@admin.register(PracticeDetails)
class PracticeDetailsAdmin(admin.ModelAdmin):
    list_display = ["name", "phone", "email", "city"]
    fieldsets = [
        (None, {"fields": ["name"]}),
        ("How patients reach you", {"fields": ["phone", "email", "hours", "response_time"]}),
        ("Address", {"fields": ["street_address", "city", "region", "postal_code"]}),
    ]

    def has_add_permission(self, request):
        # One record only: the site reads the first one.
        return not PracticeDetails.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

from datetime import timedelta

from django.contrib import admin, messages
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from .models import (
    FEES_NEUTRAL,
    FAQItem,
    Fee,
    LegalNotice,
    NoticeDuties,
    Page,
    PracticeDetails,
    PracticePolicy,
    Reference,
    Tagline,
)
from .policies import POLICIES, unknown_policy_names
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
                "description": "Medical pages show the date their text last changed, and who "
                "reviewed them and when.",
                "fields": [
                    "is_medical",
                    "text_updated",
                    ("reviewed_by_name", "reviewed_by_credential"),
                    ("last_reviewed", "next_review_due"),
                ],
            },
        ),
    ]

    def save_model(self, request, obj, form, change):
        # Readers see when the words changed, not when the row was saved for another reason.
        words_changed = not change or {"title", "body"} & set(form.changed_data)
        if words_changed and "text_updated" not in form.changed_data:
            obj.text_updated = timezone.localdate()
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
        unknown = unknown_policy_names(obj.body)
        if unknown:
            self.message_user(
                request,
                f"“{obj}” is saved, but it names practice policies that do not exist, which show "
                f"nothing: {', '.join(unknown)}. The names are: {', '.join(POLICIES)}.",
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


@admin.register(PracticePolicy)
class PracticePolicyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "shown_on_pages", "confirmed_by", "confirmed_on"]
    readonly_fields = ["what_it_covers", "neutral_sentence"]
    fieldsets = [
        (None, {"fields": ["key", "what_it_covers", "statement"]}),
        (
            "Confirmed by a clinician",
            {
                "description": "Pages show the sentence above only once a clinician of the "
                "practice has confirmed it. Until then they show the neutral sentence.",
                "fields": [("confirmed_by_name", "confirmed_by_credential"), "confirmed_on"],
            },
        ),
        ("Until it is confirmed", {"fields": ["neutral_sentence"]}),
    ]
    forms_fieldset = (
        "Forms offered (used by the consultation form)",
        {"fields": ["offers_iv", "offers_lozenge", "offers_spravato"]},
    )
    # Costs and payment terms are confirmed by whoever handles billing, not a clinician.
    billing_fieldset = (
        "Confirmed by the person responsible for billing",
        {
            "description": "Costs and payment terms are confirmed by whoever at the practice is "
            "responsible for billing (they need not be a clinician). Pages show the sentence "
            "above only once they have confirmed it. Until then they show the neutral sentence.",
            "fields": [("confirmed_by_name", "confirmed_by_credential"), "confirmed_on"],
        },
    )

    def get_fieldsets(self, request, obj=None):
        if obj is None or obj.key == "treatment-forms":
            return [*self.fieldsets[:1], self.forms_fieldset, *self.fieldsets[1:]]
        if obj.definition.about_payment:
            return [self.fieldsets[0], self.billing_fieldset, self.fieldsets[2]]
        return self.fieldsets

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        fields = form.base_fields
        if obj is not None and "confirmed_by_name" in fields:
            if obj.definition.about_payment:
                fields[
                    "confirmed_by_name"
                ].help_text = "The person responsible for billing who confirmed these terms."
                fields["confirmed_by_credential"].label = "Their role"
                fields["confirmed_by_credential"].help_text = "For example Billing manager."
            else:
                fields[
                    "confirmed_by_name"
                ].help_text = "The clinician who confirmed that this is how the practice works."
                fields["confirmed_by_credential"].label = "Their credential"
                fields["confirmed_by_credential"].help_text = "For example MD, PhD or PsyD."
        return form

    def get_readonly_fields(self, request, obj=None):
        # A policy's name is what page text refers to; it is chosen once.
        return [*self.readonly_fields, "key"] if obj else self.readonly_fields

    def has_add_permission(self, request):
        missing = set(POLICIES) - set(PracticePolicy.objects.values_list("key", flat=True))
        return bool(missing) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="what it covers")
    def what_it_covers(self, policy):
        return policy.definition.help_text if policy.key else "—"

    @admin.display(description="pages show meanwhile")
    def neutral_sentence(self, policy):
        return policy.definition.neutral if policy.key else "—"

    @admin.display(description="pages show")
    def shown_on_pages(self, policy):
        if policy.is_confirmed:
            return "its sentence (confirmed)"
        return "the neutral sentence: not yet confirmed"

    @admin.display(description="confirmed by")
    def confirmed_by(self, policy):
        return ", ".join(filter(None, [policy.confirmed_by_name, policy.confirmed_by_credential]))


@admin.register(Fee)
class FeeAdmin(admin.ModelAdmin):
    list_display = ["name", "amount", "unit", "shown_on_page", "confirmed_by", "confirmed_on"]
    list_filter = ["unit"]
    fieldsets = [
        (
            "The fee",
            {
                "description": "One of the practice's own fees, as patients should read it on "
                "the Costs and insurance page. Never a price from another clinic or a news "
                "story.",
                "fields": ["name", ("amount", "unit"), "includes", "order"],
            },
        ),
        (
            "Confirmed by the person responsible for billing",
            {
                "description": "The page shows this fee only once the person responsible for "
                "billing has confirmed it with their name and the date. Until any fee is "
                f"confirmed, the page says “{FEES_NEUTRAL}”",
                "fields": [("confirmed_by_name", "confirmed_by_role"), "confirmed_on"],
            },
        ),
    ]

    @admin.display(description="on the page")
    def shown_on_page(self, fee):
        return "shown (confirmed)" if fee.is_confirmed else "hidden: not yet confirmed"

    @admin.display(description="confirmed by")
    def confirmed_by(self, fee):
        return ", ".join(filter(None, [fee.confirmed_by_name, fee.confirmed_by_role]))


class TaglineInline(admin.StackedInline):
    model = Tagline
    extra = 0
    view_on_site = False  # each would only open the notice's page, shown above
    fields = ["order", "language", "language_code", "text"]


@admin.register(LegalNotice)
class LegalNoticeAdmin(admin.ModelAdmin):
    """Versions are entered, never edited or deleted: a new text is a new version (started from
    the one before with "Start a new version"), and every earlier one stays on record."""

    list_display = ["kind", "effective_on", "status", "confirmed_by", "entered"]
    list_filter = ["kind"]
    inlines = [TaglineInline]
    readonly_fields = ["start_new_version", "entered"]
    fieldsets = [
        (None, {"fields": ["kind", "effective_on", "text"]}),
        (
            "Confirmed by the practice",
            {
                "description": "The site shows the practice's own notice, exactly as entered here. "
                "Someone at the practice must confirm it is the practice's notice.",
                "fields": ["confirmed_by_name", "confirmed_by_role", "confirmed_on"],
            },
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.fieldsets
        return [(None, {"fields": ["start_new_version", "entered"]}), *self.fieldsets]

    def has_change_permission(self, request, obj=None):
        # Shown, never changed: what was posted on a given day stays on record as it was.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="")
    def start_new_version(self, notice):
        address = reverse("admin:content_legalnotice_add") + f"?from={notice.pk}"
        return format_html(
            '<a class="button" href="{}">Start a new version from this one</a> '
            "The new version takes effect on its own date; this one stays on record.",
            address,
        )

    @admin.display(description="entered")
    def entered(self, notice):
        when = timezone.localtime(notice.entered_at)
        return f"{when:%d %b %Y %H:%M} by {notice.entered_by or 'unknown'}"

    @admin.display(description="confirmed by")
    def confirmed_by(self, notice):
        return ", ".join(filter(None, [notice.confirmed_by_name, notice.confirmed_by_role]))

    @admin.display(description="status")
    def status(self, notice):
        today = timezone.localdate()
        if notice.effective_on > today:
            return f"Takes effect on {notice.effective_on:%d %b %Y}"
        later = (
            LegalNotice.objects.published(today)
            .filter(kind=notice.kind, effective_on__gte=notice.effective_on)
            .exclude(pk=notice.pk)
            .filter(Q(effective_on__gt=notice.effective_on) | Q(pk__gt=notice.pk))
            .order_by("effective_on", "pk")
            .first()
        )
        if later is None:
            return "In effect"
        return f"Replaced on {later.effective_on:%d %b %Y}"

    def source_version(self, request):
        source = request.GET.get("from", "")
        return LegalNotice.objects.filter(pk=source).first() if source.isdigit() else None

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        source = self.source_version(request)
        if source:
            initial.update(kind=source.kind, text=source.text)
        return initial

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        adding = obj is None or obj.pk is None
        source = self.source_version(request) if request.method == "GET" and adding else None
        if source:
            kwargs["initial"] = [
                {
                    "order": t.order,
                    "language": t.language,
                    "language_code": t.language_code,
                    "text": t.text,
                }
                for t in source.taglines.all()
            ]
        return kwargs

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        source = self.source_version(request) if obj is None else None
        for inline in inlines:
            inline.extra = source.taglines.count() if source else 0
        return inlines

    def save_model(self, request, obj, form, change):
        obj.entered_by = request.user.get_username()
        super().save_model(request, obj, form, change)


@admin.register(NoticeDuties)
class NoticeDutiesAdmin(admin.ModelAdmin):
    fieldsets = [
        (
            None,
            {
                "description": "Which notices the law asks of this practice's website depends on "
                "these answers (the admin's Before launch list says what each yes requires). "
                "Leave a question on Unknown until someone at the practice has checked it.",
                "fields": [
                    "is_covered_entity",
                    "paid_by_medicare_or_medicaid",
                    "has_15_or_more_employees",
                    "tagline_languages",
                    "sees_uninsured_or_self_pay",
                ],
            },
        ),
        ("Confirmed by", {"fields": ["answered_by_name", "answered_by_role", "answered_on"]}),
    ]

    def changelist_view(self, request, extra_context=None):
        # One record: the list would only ever hold it.
        duties = NoticeDuties.load()
        return redirect("admin:content_noticeduties_change", duties.pk)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

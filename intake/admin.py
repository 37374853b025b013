import csv

from django.contrib import admin, messages
from django.http import HttpResponse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.timesince import timesince

from accounts.access_log import record_assignment, record_export

from .choices import HelpWanted, Status
from .models import PATIENT_FIELDS, QUEUE_ORDERING, ConsultationRequest, FollowUpNote

# Cells a spreadsheet could run as a formula. A leading apostrophe makes them plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_safe(value):
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class HelpWantedFilter(admin.SimpleListFilter):
    title = "help wanted"
    parameter_name = "help"

    def lookups(self, request, model_admin):
        return HelpWanted.choices

    def queryset(self, request, queryset):
        if self.value() in HelpWanted.values:
            return queryset.wanting_help_with(self.value())
        return queryset


class WaitingFilter(admin.SimpleListFilter):
    title = "waiting"
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [("overdue", "New for more than one business day")]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.overdue()
        return queryset


class FollowUpNoteInline(admin.TabularInline):
    model = FollowUpNote
    extra = 1
    fields = ["text", "author", "written"]
    readonly_fields = ["author", "written"]
    can_delete = False
    # A note is read here, with its request; it has no page of its own.
    view_on_site = False

    @admin.display(description="written")
    def written(self, note):
        # The blank row for a new note has no time yet: it is set when the note is saved.
        if note.pk is None:
            return ""
        return formats.localize(timezone.localtime(note.created_at))

    def has_change_permission(self, request, obj=None):
        # Notes are a record of what happened: added, never rewritten.
        return False


@admin.register(ConsultationRequest)
class ConsultationRequestAdmin(admin.ModelAdmin):
    list_display = [
        "received_at",
        "name",
        "preferred_contact",
        "status",
        "urgent",
        "assigned_to",
        "waiting",
    ]
    list_display_links = ["received_at", "name"]
    list_filter = [
        "status",
        "is_urgent",
        WaitingFilter,
        HelpWantedFilter,
        "state",
        "received_at",
    ]
    search_fields = ["full_name", "preferred_name", "email", "phone"]
    date_hierarchy = "received_at"
    ordering = QUEUE_ORDERING
    list_select_related = ["assigned_to"]
    inlines = [FollowUpNoteInline]
    actions = ["assign_to_me", "mark_contacted", "export_csv"]
    # A request is read here, in the admin; it has no public page to "view on site".
    view_on_site = False
    readonly_fields = [
        *PATIENT_FIELDS,
        "help_wanted_list",
        "received_at",
        "urgent",
        "contacted_at",
        "scheduled_at",
        "closed_at",
    ]
    fieldsets = [
        (
            "Follow-up",
            {
                "fields": [
                    ("status", "assigned_to"),
                    ("received_at", "urgent"),
                    ("contacted_at", "scheduled_at", "closed_at"),
                ],
            },
        ),
        (
            "Who and how to reach them (as they sent it)",
            {
                "fields": [
                    "full_name",
                    "preferred_name",
                    "contact_method",
                    "email",
                    "phone",
                    "ok_to_leave_message",
                    "best_time",
                    "state",
                    "is_adult",
                ]
            },
        ),
        (
            "What they asked about (as they sent it)",
            {
                "fields": [
                    "self_harm_thoughts",
                    "help_wanted_list",
                    "antidepressants_tried",
                    "treatment_interest",
                    "sees_clinician",
                    "may_contact_clinician",
                    "insurance",
                    "heard_about",
                    "message",
                    "consent_to_contact",
                    "privacy_acknowledged",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        # Requests come only from the public form.
        return False

    @admin.display(description="name", ordering="full_name")
    def name(self, obj):
        if obj.preferred_name:
            return f"{obj.full_name} ({obj.preferred_name})"
        return obj.full_name

    @admin.display(description="preferred contact", ordering="contact_method")
    def preferred_contact(self, obj):
        detail = obj.email if obj.contact_method == "email" else obj.phone
        return f"{obj.get_contact_method_display()}: {detail}"

    @admin.display(description="urgent", ordering="is_urgent")
    def urgent(self, obj):
        # Words, not Django's green tick, which reads as "all is well".
        if obj.is_urgent:
            return format_html('<strong class="errornote">{}</strong>', "Urgent")
        return "—"

    @admin.display(description="waiting")
    def waiting(self, obj):
        if obj.status != Status.NEW:
            return "—"
        waited = timesince(obj.received_at, timezone.now(), depth=1)
        if obj.is_overdue():
            return format_html('<strong class="errornote">Overdue: new for {}</strong>', waited)
        return f"New for {waited}"

    @admin.display(description="would like help with")
    def help_wanted_list(self, obj):
        return "; ".join(obj.help_wanted_labels) or "—"

    def save_model(self, request, obj, form, change):
        if change and "status" in form.changed_data:
            obj.move_to(obj.status)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        notes = formset.save(commit=False)
        for note in notes:
            if note.author_id is None:
                note.author = request.user
            note.created_at = timezone.now()
            note.save()
        formset.save_m2m()

    @admin.action(description="Assign to me", permissions=["change"])
    def assign_to_me(self, request, queryset):
        count = 0
        for consultation in queryset.filter(assigned_to__isnull=True):
            # Only if still unassigned when saved: two people pressing at once keep one owner.
            claimed = ConsultationRequest.objects.filter(
                pk=consultation.pk, assigned_to__isnull=True
            ).update(assigned_to=request.user, updated_at=timezone.now())
            if claimed:
                self.log_change(request, consultation, f"Assigned to {request.user.get_username()}")
                # An update() sends no signal: the access log is told here.
                record_assignment(consultation, request.user, request=request)
                count += 1
        # Never taken over silently: someone else may already be in touch with the person.
        taken = queryset.exclude(assigned_to__isnull=True).exclude(assigned_to=request.user).count()
        text = f"{count} request(s) assigned to you."
        if taken:
            text += f" {taken} already assigned to someone else were left as they were."
        self.message_user(request, text, messages.WARNING if taken else messages.SUCCESS)

    @admin.action(description="Mark as contacted", permissions=["change"])
    def mark_contacted(self, request, queryset):
        now = timezone.now()
        count = 0
        for consultation in queryset.filter(status=Status.NEW):
            consultation.move_to(Status.CONTACTED, now)
            consultation.save(update_fields=["status", "contacted_at", "updated_at"])
            self.log_change(request, consultation, "Marked as contacted")
            count += 1
        skipped = queryset.count() - count
        text = f"{count} request(s) marked contacted."
        if skipped:
            text += f" {skipped} already past “new” were left as they were."
        self.message_user(request, text, messages.SUCCESS)

    def has_export_permission(self, request):
        return request.user.has_perm("intake.export_consultationrequest")

    @admin.action(description="Export selected to CSV", permissions=["export"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
        response["Content-Disposition"] = (
            f'attachment; filename="consultation-requests-{stamp}.csv"'
        )
        response["Cache-Control"] = "no-store"
        # A byte-order mark so spreadsheet programs read the names' accents correctly.
        response.write("\ufeff")
        columns = [
            ("number", lambda r: r.pk),
            ("received", lambda r: timezone.localtime(r.received_at).isoformat()),
            ("status", lambda r: r.get_status_display()),
            ("urgent", lambda r: "yes" if r.is_urgent else "no"),
            ("assigned to", lambda r: r.assigned_to or ""),
            ("full name", lambda r: r.full_name),
            ("preferred name", lambda r: r.preferred_name),
            ("email", lambda r: r.email),
            ("phone", lambda r: r.phone),
            ("preferred contact", lambda r: r.get_contact_method_display()),
            ("OK to leave message", lambda r: r.get_ok_to_leave_message_display()),
            ("best time", lambda r: r.best_time),
            ("state", lambda r: r.state),
            ("help wanted", lambda r: "; ".join(r.help_wanted_labels)),
            ("antidepressants tried", lambda r: r.get_antidepressants_tried_display()),
            ("treatment of interest", lambda r: r.get_treatment_interest_display()),
            ("sees clinician", lambda r: r.get_sees_clinician_display()),
            ("may contact clinician", lambda r: r.get_may_contact_clinician_display()),
            ("insurance", lambda r: r.insurance),
            ("heard about us", lambda r: r.heard_about),
            ("message", lambda r: r.message),
            ("thoughts of self-harm", lambda r: r.get_self_harm_thoughts_display()),
            ("contacted", lambda r: r.contacted_at and timezone.localtime(r.contacted_at)),
            ("scheduled", lambda r: r.scheduled_at and timezone.localtime(r.scheduled_at)),
            ("closed", lambda r: r.closed_at and timezone.localtime(r.closed_at)),
        ]
        writer = csv.writer(response)
        writer.writerow([title for title, _ in columns])
        for consultation in queryset.select_related("assigned_to"):
            writer.writerow([spreadsheet_safe(get(consultation)) for _, get in columns])
            # Each request's history shows who took a copy out of the admin, and when.
            self.log_change(request, consultation, "Exported to CSV")
            record_export([consultation], request=request)
        return response

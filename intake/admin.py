import copy

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.utils import display_for_field, unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince

from . import exports, questions
from .choices import FINISHED_STATUSES, OPEN_STATUSES, CloseReason, HelpWanted, Status
from .forms import REVEAL_OF
from .models import PATIENT_FIELDS, QUEUE_ORDERING, ConsultationRequest, FollowUpNote

NOT_ANSWERED = "Not answered"
NOT_ASKED = "Not asked"


def optional_answer(name):
    """An optional answer read-only, saying "Not answered" where the person skipped it.

    "Not asked" where the form hid the question for their other answers (a helper's details on a
    request the person sent themselves). Django would show "-" or nothing, which staff could
    take for a missing record.
    """
    field = ConsultationRequest._meta.get_field(name)
    reveal = REVEAL_OF.get(name)

    def answer(consultation):
        value = getattr(consultation, name)
        if value not in field.empty_values:
            return display_for_field(value, field, NOT_ANSWERED)
        if reveal and getattr(consultation, reveal.shown_by) != reveal.value:
            return NOT_ASKED
        return NOT_ANSWERED

    # Named as the field, so the row keeps its label, help text and CSS class.
    answer.__name__ = name
    return admin.display(description=field.verbose_name)(answer)


# The patient's answers as staff read them: the list of conditions as words, not stored keys, and
# optional answers that say so where they were skipped.
SHOWN_AS = {
    name: optional_answer(name)
    for name in PATIENT_FIELDS
    if ConsultationRequest._meta.get_field(name).blank
}
SHOWN_AS["help_wanted"] = "help_wanted_list"
ANSWERS = [SHOWN_AS.get(name, name) for name in PATIENT_FIELDS]

# What each button on the request page does, and what the request's history says about it.
STEPS = {
    "contacted": (Status.CONTACTED, "Marked contacted"),
    "scheduled": (Status.SCHEDULED, "Marked scheduled"),
    "close": (Status.CLOSED, "Closed"),
}


# What the request's history says when someone takes it out of possible spam.
MOVED_TO_QUEUE = "Moved from possible spam to the queue"


def needs_close_confirmation(consultation):
    """Closing an urgent request, or one nobody has reached, takes an explicit tick."""
    return consultation.is_urgent or consultation.contacted_at is None


class OpenFilter(admin.SimpleListFilter):
    """The queue shows open requests unless staff ask for finished ones (or all)."""

    title = "requests"
    parameter_name = "show"

    def lookups(self, request, model_admin):
        return [("finished", "Closed and not a fit"), ("all", "All")]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": "Open (new, contacted, scheduled)",
        }
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        if self.value() == "finished":
            return queryset.finished()
        if self.value() == "all" or "status__exact" in request.GET:
            return queryset
        return queryset.open()


class SpamFilter(admin.SimpleListFilter):
    """Requests that looked automated wait apart from the queue, under this filter, until someone
    moves them to the queue or the retention command deletes them."""

    title = "possible spam"
    parameter_name = "spam"

    def lookups(self, request, model_admin):
        return [("yes", "Possible spam only"), ("all", "Both")]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": "Not spam (the queue)",
        }
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.possible_spam()
        if self.value() == "all":
            return queryset
        return queryset.not_spam()


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


class AssignedFilter(admin.SimpleListFilter):
    title = "assigned to"
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", "Me"), ("nobody", "Nobody")]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assigned_to=request.user)
        if self.value() == "nobody":
            return queryset.filter(assigned_to__isnull=True)
        return queryset


class QueueChangeList(ChangeList):
    def get_results(self, request):
        super().get_results(request)
        # Only the page's rows are checked for the same person's earlier requests.
        ConsultationRequest.objects.mark_earlier_duplicates(list(self.result_list))

    def get_ordering_field_columns(self):
        # The default order (urgent and new first, then by age) is not any one column's order,
        # so no column header claims it with an arrow.
        if self.params.get("o") is None:
            return {}
        return super().get_ordering_field_columns()


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Add a note",
        max_length=FollowUpNote._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=FollowUpNote._meta.get_field("text").help_text,
    )


class FollowUpForm(forms.ModelForm):
    # The status and assignee as this page showed them: a save from a page opened before a
    # colleague moved the request on must not quietly undo their step.
    shown_status = forms.CharField(widget=forms.HiddenInput, required=False)
    shown_assigned_to = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ConsultationRequest
        fields = ["status", "close_reason", "assigned_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shown_status"].initial = self.instance.status
        self.fields["shown_assigned_to"].initial = self.instance.assigned_to_id or ""

    def clean(self):
        """Closing here takes a reason too, and never skips the Close button's confirmation."""
        cleaned = super().clean()
        if self.instance.pk and self.changed_since_shown(cleaned):
            raise forms.ValidationError(
                "Someone else changed this request's status or who has it since you opened this "
                "page. Nothing was saved: open the request again to see where it stands."
            )
        if "status" not in self.changed_data or cleaned.get("status") not in FINISHED_STATUSES:
            return cleaned
        if cleaned["status"] == Status.NOT_A_FIT and not cleaned.get("close_reason"):
            cleaned["close_reason"] = CloseReason.NOT_A_FIT
        if not cleaned.get("close_reason"):
            self.add_error("close_reason", "Choose why this request is closed.")
        if needs_close_confirmation(self.instance):
            self.add_error(
                "status",
                "This request is urgent or nobody has reached the person yet: close it with the "
                "Close button at the top of the page, which asks you to confirm.",
            )
        return cleaned

    def changed_since_shown(self, cleaned):
        now = (
            type(self.instance)
            .objects.filter(pk=self.instance.pk)
            .values("status", "assigned_to_id")[0]
        )
        shown = (cleaned.get("shown_status"), cleaned.get("shown_assigned_to") or "")
        return shown != (now["status"], str(now["assigned_to_id"] or ""))


@admin.register(ConsultationRequest)
class ConsultationRequestAdmin(admin.ModelAdmin):
    form = FollowUpForm
    change_form_template = "admin/intake/consultationrequest/change_form.html"
    list_display = [
        "received_at",
        "name",
        "contact",
        "status",
        "attention",
        "assigned_to",
        "waiting",
    ]
    list_display_links = ["received_at", "name"]
    list_filter = [
        OpenFilter,
        SpamFilter,
        "status",
        "is_urgent",
        WaitingFilter,
        AssignedFilter,
        HelpWantedFilter,
        "state",
    ]
    search_fields = ["full_name", "preferred_name", "email", "phone"]
    # Dates are grouped over what the filters leave (open requests by default), not every row.
    date_hierarchy = "received_at"
    ordering = QUEUE_ORDERING
    list_select_related = ["assigned_to"]
    list_per_page = 50
    # Counting every row in the table on each page load is what made the queue slow.
    show_full_result_count = False
    actions = ["assign_to_me", "mark_contacted", "move_to_queue", "export_csv"]
    # A request is read here, in the admin; it has no public page to "view on site".
    view_on_site = False
    readonly_fields = [
        *ANSWERS,
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
                    ("status", "close_reason", "assigned_to"),
                    ("shown_status", "shown_assigned_to"),
                    ("received_at", "urgent"),
                    ("contacted_at", "scheduled_at", "closed_at"),
                ],
            },
        ),
        # The answers, in the sections and order the person was asked them.
        *(
            (section.staff_title, {"fields": [SHOWN_AS.get(name, name) for name in section.fields]})
            for section in questions.SECTIONS
        ),
    ]

    class Media:
        css = {"all": ["css/intake-admin.css"]}

    def has_add_permission(self, request):
        # Requests come only from the public form.
        return False

    def get_changelist(self, request, **kwargs):
        return QueueChangeList

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(view)

        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("<path:object_id>/step/", wrap(self.step_view), name=f"{prefix}_step"),
            path("<path:object_id>/note/", wrap(self.note_view), name=f"{prefix}_note"),
            *super().get_urls(),
        ]

    # The queue's columns.

    @admin.display(description="name", ordering="full_name")
    def name(self, obj):
        if obj.preferred_name:
            return f"{obj.full_name} ({obj.preferred_name})"
        return obj.full_name

    @admin.display(description="contact", ordering="contact_method")
    def contact(self, obj):
        detail = obj.email if obj.contact_method == "email" else obj.phone
        return format_html(
            '{}: <span class="nowrap">{}</span>', obj.get_contact_method_display(), detail
        )

    @admin.display(description="needs")
    def attention(self, obj):
        """Urgent, ask gently, sent by a helper, and the same person's earlier request."""
        flags = []
        if obj.possible_spam:
            flags.append(format_html('<strong class="possible-spam">{}</strong>', "Possible spam"))
        if obj.is_urgent:
            # Words, not Django's green tick, which reads as "all is well".
            flags.append(format_html('<strong class="errornote">{}</strong>', "Urgent"))
        if obj.asked_gently:
            flags.append(format_html('<strong class="ask-gently">{}</strong>', "Ask gently"))
        if obj.sent_by_helper:
            flags.append(format_html("<span>{}</span>", "Sent by a helper"))
        duplicate_of = getattr(obj, "duplicate_of", None)
        if duplicate_of:
            flags.append(
                format_html(
                    '<a href="{}">Same email or phone as #{}</a>',
                    reverse("admin:intake_consultationrequest_change", args=[duplicate_of]),
                    duplicate_of,
                )
            )
        if not flags:
            return "—"
        return format_html_join(mark_safe("<br>"), "{}", ((flag,) for flag in flags))

    @admin.display(description="urgent")
    def urgent(self, obj):
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
        return "; ".join(obj.help_wanted_labels) or NOT_ANSWERED

    # The request page.

    def change_view(self, request, object_id, form_url="", extra_context=None):
        consultation = self.get_object(request, unquote(object_id))
        context = {**(extra_context or {})}
        if consultation is not None and self.has_view_permission(request, consultation):
            context.update(self.summary_context(request, consultation))
            context.setdefault("note_form", NoteForm())
        return super().change_view(request, object_id, form_url, context)

    def summary_context(self, request, consultation):
        can_change = self.has_change_permission(request, consultation)
        return {
            "consultation": consultation,
            "waited": timesince(consultation.received_at, timezone.now(), depth=2),
            "is_overdue": consultation.is_overdue(),
            "same_person": list(
                ConsultationRequest.objects.same_person_as(consultation).only(
                    "pk", "received_at", "status"
                )
            ),
            "notes": list(consultation.notes.select_related("author").order_by("-created_at")),
            "can_change": can_change,
            "can_add_note": can_change
            and request.user.has_perm(f"{FollowUpNote._meta.app_label}.add_followupnote"),
            "close_reasons": CloseReason.choices,
            "spam_retention_days": settings.INTAKE_SPAM_RETENTION_DAYS,
            "needs_close_confirmation": needs_close_confirmation(consultation),
            "can_contact": consultation.can_take_step(Status.CONTACTED),
            "can_schedule": consultation.can_take_step(Status.SCHEDULED),
            "can_close": consultation.status in OPEN_STATUSES,
            "previous_status": consultation.previous_status(),
            "is_finished": consultation.status in FINISHED_STATUSES,
            "step_url": reverse("admin:intake_consultationrequest_step", args=[consultation.pk]),
            "note_url": reverse("admin:intake_consultationrequest_note", args=[consultation.pk]),
        }

    def _posted_request(self, request, object_id):
        if request.method != "POST":
            return None, HttpResponseNotAllowed(["POST"])
        consultation = self.get_object(request, unquote(object_id))
        if consultation is None:  # no such request, or not a request number at all
            raise Http404
        if not self.has_change_permission(request, consultation):
            raise PermissionDenied
        return consultation, None

    def step_view(self, request, object_id):
        """One button on the request page: assign, a status step, close with a reason, or undo.

        The note box is in the same form, so a note typed before pressing a step is saved too.
        """
        consultation, refused = self._posted_request(request, object_id)
        if refused:
            return refused
        step = request.POST.get("step")
        note_form = NoteForm(request.POST) if request.POST.get("text", "").strip() else None
        if note_form and not request.user.has_perm(
            f"{FollowUpNote._meta.app_label}.add_followupnote"
        ):
            raise PermissionDenied
        close_errors = {}
        if step == "close" and consultation.status in OPEN_STATUSES:
            close_errors = self.close_errors(consultation, request.POST)
        if close_errors or (note_form and not note_form.is_valid()):
            # Nothing is done; the page comes back with the messages and everything kept.
            for error in close_errors.values():
                self.message_user(request, f"Not closed: {error}", messages.ERROR)
            context = {
                "close_errors": close_errors,
                "chosen_reason": request.POST.get("reason", ""),
                "close_confirmed": request.POST.get("confirm_close") == "yes",
            }
            if note_form:
                context["note_form"] = note_form
            return self.show_again(request, object_id, context)
        if note_form:
            self.add_note(request, consultation, note_form.cleaned_data["text"])
        page = reverse("admin:intake_consultationrequest_change", args=[consultation.pk])
        done = self.take_step(request, consultation, step, request.POST.get("reason", ""))
        if done:
            self.message_user(request, f"{consultation}: {done}.", messages.SUCCESS)
        else:
            self.message_user(
                request,
                f"{consultation} was not changed: someone may have moved it on already.",
                messages.WARNING,
            )
        return HttpResponseRedirect(page)

    def close_errors(self, consultation, data):
        """Closing needs a chosen reason, and a tick when nobody may have reached the person."""
        errors = {}
        if data.get("reason") not in CloseReason.values:
            errors["reason"] = "choose a reason for closing this request."
        if needs_close_confirmation(consultation) and data.get("confirm_close") != "yes":
            errors["confirm"] = (
                "this request is urgent or nobody has contacted the person yet; "
                "tick the box to confirm you want to close it."
            )
        return errors

    def show_again(self, request, object_id, context):
        as_get = copy.copy(request)
        as_get.method = "GET"
        response = self.change_view(as_get, object_id, extra_context=context)
        response.status_code = 400
        return response

    def take_step(self, request, consultation, step, reason):
        """Do one step and record it in the request's history; returns what happened, or None."""
        user = request.user
        queryset = ConsultationRequest.objects.filter(pk=consultation.pk)
        if step == "assign":
            done = queryset.assign_to(user).exists() and f"assigned to {user.get_username()}"
        elif step == "unassign":
            done = queryset.unassign_from(user) and "no longer assigned to you"
        elif step in STEPS:
            status, said = STEPS[step]
            if step == "close" and reason not in CloseReason.values:
                return None
            done = consultation.take_step(status, reason) and said
            if done and step == "close":
                done = f"{said}: {consultation.get_close_reason_display()}"
        elif step == "undo":
            previous = consultation.undo_step()
            done = previous and f"Back to {Status(previous).label.lower()}"
        elif step == "not_spam":
            done = queryset.move_to_queue().exists() and MOVED_TO_QUEUE
        else:
            return None
        if done:
            done = done[0].upper() + done[1:]
            self.log_change(request, consultation, done)
        return done or None

    def note_view(self, request, object_id):
        consultation, refused = self._posted_request(request, object_id)
        if refused:
            return refused
        if not request.user.has_perm(f"{FollowUpNote._meta.app_label}.add_followupnote"):
            raise PermissionDenied
        form = NoteForm(request.POST)
        if not form.is_valid():
            # Shown again on the request page with the message next to the box, text kept.
            return self.show_again(request, object_id, {"note_form": form})
        self.add_note(request, consultation, form.cleaned_data["text"])
        page = reverse("admin:intake_consultationrequest_change", args=[consultation.pk])
        return HttpResponseRedirect(page + "#notes")

    def add_note(self, request, consultation, text):
        FollowUpNote.objects.create(request=consultation, text=text, author=request.user)
        ConsultationRequest.objects.filter(pk=consultation.pk).update(updated_at=timezone.now())
        self.log_change(request, consultation, "Added a note")
        self.message_user(request, "Note added.", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        if change and "status" in form.changed_data:
            obj.move_to(obj.status)
        super().save_model(request, obj, form, change)

    # List actions: the same steps, for many requests at once.

    def log_each(self, request, queryset, message):
        LogEntry.objects.log_actions(
            user_id=request.user.pk, queryset=queryset, action_flag=CHANGE, change_message=message
        )

    @admin.action(description="Assign to me", permissions=["change"])
    def assign_to_me(self, request, queryset):
        assigned = queryset.assign_to(request.user)
        self.log_each(request, assigned, f"Assigned to {request.user.get_username()}")
        count = assigned.count()
        # Never taken over silently: someone else may already be in touch with the person.
        taken = queryset.exclude(assigned_to__isnull=True).exclude(assigned_to=request.user).count()
        text = f"{count} request(s) assigned to you."
        if taken:
            text += f" {taken} already assigned to someone else were left as they were."
        self.message_user(request, text, messages.WARNING if taken else messages.SUCCESS)

    @admin.action(description="Move possible spam to the queue", permissions=["change"])
    def move_to_queue(self, request, queryset):
        moved = queryset.move_to_queue()
        self.log_each(request, moved, MOVED_TO_QUEUE)
        self.message_user(
            request,
            f"{moved.count()} request(s) moved from possible spam to the queue.",
            messages.SUCCESS,
        )

    @admin.action(description="Mark as contacted", permissions=["change"])
    def mark_contacted(self, request, queryset):
        moved = queryset.take_step(Status.CONTACTED)
        self.log_each(request, moved, "Marked contacted")
        skipped = queryset.count() - len(moved)
        text = f"{len(moved)} request(s) marked contacted."
        if skipped:
            text += f" {skipped} already past “new” were left as they were."
        self.message_user(request, text, messages.SUCCESS)

    def has_export_permission(self, request):
        return request.user.has_perm("intake.export_consultationrequest")

    @admin.action(description="Export selected to CSV", permissions=["export"])
    def export_csv(self, request, queryset):
        return exports.export_response(queryset, request.user)

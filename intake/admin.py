import copy
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.utils import display_for_field, unquote
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.timesince import timesince

from content.models import PracticeDetails
from content.policies import confirmed_statements, policy_sentence

from . import exports, questions, signals
from .business_days import GOOD_FAITH_ESTIMATE_DAYS
from .choices import (
    FINISHED_STATUSES,
    OPEN_STATUSES,
    CloseReason,
    ContactMethod,
    HelpWanted,
    SpamReason,
    Status,
    SubmittedBy,
)
from .models import (
    PATIENT_FIELDS,
    QUEUE_ORDERING,
    SEARCHED_FIELDS,
    ConsultationRequest,
    FollowUpNote,
)
from .templatetags.intake_tags import phone_href

NOT_ANSWERED = "Not answered"
NOT_ASKED = "Not asked"


def optional_answer(name):
    """An optional answer read-only, saying "Not answered" where the person skipped it.

    "Not asked" where the form hid the question for their other answers (a helper's details on a
    request the person sent themselves). Django would show "-" or nothing, which staff could
    take for a missing record.
    """
    field = ConsultationRequest._meta.get_field(name)
    reveal = questions.BY_NAME[name].shown_when

    def answer(consultation):
        value = getattr(consultation, name)
        if value not in field.empty_values:
            return display_for_field(value, field, NOT_ANSWERED)
        if reveal and not reveal.shown_for(getattr(consultation, reveal.shown_by)):
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
SHOWN_AS["antidepressant_trials"] = "antidepressant_trials_table"
ANSWERS = [SHOWN_AS.get(name, name) for name in PATIENT_FIELDS]

# What the request's history says when someone takes it out of possible spam.
MOVED_TO_QUEUE = "Moved from possible spam to the queue"
ESTIMATE_SENT = "Good Faith Estimate sent"
ACKNOWLEDGEMENT_PRINTED = "Acknowledgement printed for the referrer"


def one(consultation):
    return ConsultationRequest.objects.filter(pk=consultation.pk)


def assign(user, consultation, reason):
    return one(consultation).assign_to(user).exists() and f"Assigned to {user.get_username()}"


def unassign(user, consultation, reason):
    return one(consultation).unassign_from(user) and "No longer assigned to you"


def mark(status, said):
    def step(user, consultation, reason):
        return consultation.take_step(status) and said

    return step


def close(user, consultation, reason):
    if reason not in CloseReason.values:
        return None
    closed = consultation.take_step(Status.CLOSED, reason)
    return closed and f"Closed: {consultation.get_close_reason_display()}"


def undo(user, consultation, reason):
    previous = consultation.undo_step()
    return previous and f"Back to {Status(previous).label.lower()}"


def move_to_queue(user, consultation, reason):
    return one(consultation).move_to_queue().exists() and MOVED_TO_QUEUE


def estimate_sent(user, consultation, reason):
    return consultation.record_estimate_sent(user) and ESTIMATE_SENT


# Why a request was taken for possible spam, short enough for its badge in the queue (its page
# gives the whole reason).
SPAM_REASON_IN_A_WORD = {
    SpamReason.HIDDEN_BOX: "hidden box filled in",
    SpamReason.NO_START_TOKEN: "not sent from our page",
    SpamReason.TOO_FAST: "sent within seconds",
}

# What each button on the request page does: each returns what the request's history says about
# it, or nothing when it did not happen (someone may have moved the request on already).
STEPS = {
    "assign": assign,
    "unassign": unassign,
    "contacted": mark(Status.CONTACTED, "Marked contacted"),
    "scheduled": mark(Status.SCHEDULED, "Marked scheduled"),
    "close": close,
    "undo": undo,
    "not_spam": move_to_queue,
    "estimate_sent": estimate_sent,
}


def needs_close_confirmation(consultation):
    """Closing an urgent request, or one nobody has reached, takes an explicit tick."""
    return consultation.is_urgent or consultation.contacted_at is None


class QueueFilter(admin.SimpleListFilter):
    """A filter whose `default` choice is what the queue shows when staff choose nothing.

    A search looks through every request: the person on the phone may be asking about one that
    was closed, or one that was taken for spam.
    """

    default = None

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        self.searching = bool(request.GET.get(SEARCH_VAR, "").strip())
        everything = self.searching or self.asks_for_everything(request)
        self.shown = self.value() or ("all" if everything else self.default)

    def asks_for_everything(self, request):
        return False

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            if value == self.default and not self.searching:
                query_string = changelist.get_query_string(remove=[self.parameter_name])
            else:
                query_string = changelist.get_query_string({self.parameter_name: value})
            yield {
                "selected": self.shown == value,
                "query_string": query_string,
                "display": label,
            }


class OpenFilter(QueueFilter):
    """The queue shows open requests unless staff ask for finished ones (or all)."""

    title = "requests"
    parameter_name = "show"
    default = "open"

    def lookups(self, request, model_admin):
        return [
            ("open", "Open (new, contacted, scheduled)"),
            ("finished", "Closed and not a fit"),
            ("all", "All"),
        ]

    def asks_for_everything(self, request):
        # A Good Faith Estimate is owed once asked for, whatever the request's status.
        return "status__exact" in request.GET or EstimateFilter.parameter_name in request.GET

    def queryset(self, request, queryset):
        if self.shown == "finished":
            return queryset.finished()
        if self.shown == "open":
            return queryset.open()
        return queryset


class SpamFilter(QueueFilter):
    """Requests that looked automated wait apart from the queue, under this filter, until someone
    moves them to the queue or the retention command deletes them."""

    title = "possible spam"
    parameter_name = "spam"
    default = "no"

    def lookups(self, request, model_admin):
        return [
            ("no", "Not spam (the queue)"),
            ("yes", "Possible spam only"),
            ("all", "Both"),
        ]

    def queryset(self, request, queryset):
        if self.shown == "yes":
            return queryset.possible_spam()
        if self.shown == "no":
            return queryset.not_spam()
        return queryset


class HelpWantedFilter(admin.SimpleListFilter):
    title = "help wanted"
    parameter_name = "help"

    def lookups(self, request, model_admin):
        return HelpWanted.choices

    def queryset(self, request, queryset):
        if self.value() in HelpWanted.values:
            return queryset.wanting_help_with(self.value())
        return queryset


class SentByFilter(admin.SimpleListFilter):
    """Who sent it: the person, a helper, or a clinician referring them."""

    title = "sent by"
    parameter_name = "sent_by"

    def lookups(self, request, model_admin):
        return [
            (SubmittedBy.SELF, "The person"),
            (SubmittedBy.SOMEONE_ELSE, "A helper"),
            (SubmittedBy.CLINICIAN, "A clinician (referrals)"),
        ]

    def queryset(self, request, queryset):
        if self.value() in SubmittedBy.values:
            return queryset.sent_by(self.value())
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


class EstimateFilter(admin.SimpleListFilter):
    title = "Good Faith Estimate"
    parameter_name = "estimate"

    def lookups(self, request, model_admin):
        return [("due", "Due (asked for, not sent)"), ("late", "Late (past its due date)")]

    def queryset(self, request, queryset):
        if self.value() == "due":
            return queryset.estimates_due()
        if self.value() == "late":
            return queryset.estimates_late()
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


class ReceivedFilter(admin.SimpleListFilter):
    """When the request arrived, in the spans staff ask about (served by the index on it)."""

    title = "received"
    parameter_name = "received"

    def lookups(self, request, model_admin):
        return [("7", "Last 7 days"), ("30", "Last 30 days"), ("older", "More than 30 days ago")]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() in {"7", "30"}:
            return queryset.filter(received_at__gte=now - timedelta(days=int(self.value())))
        if self.value() == "older":
            return queryset.filter(received_at__lt=now - timedelta(days=30))
        return queryset


class QueuePaginator(Paginator):
    """Counts the requests a view holds up to COUNT_LIMIT and no further.

    Counting all of "All" or "Closed" would read every request ever kept on each page load; past
    the limit the page says "more than" and staff narrow it down with a filter or a search.
    """

    COUNT_LIMIT = 1000

    @cached_property
    def counted(self):
        return self.object_list.order_by()[: self.COUNT_LIMIT + 1].count()

    @cached_property
    def count(self):
        return min(self.counted, self.COUNT_LIMIT)

    @property
    def more(self):
        return self.counted > self.COUNT_LIMIT


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


@admin.register(ConsultationRequest)
class ConsultationRequestAdmin(admin.ModelAdmin):
    change_form_template = "admin/intake/consultationrequest/change_form.html"
    list_display = [
        "received_at",
        "name",
        "contact",
        "status",
        "attention",
        "assignee",
        "waiting",
    ]
    list_display_links = ["received_at", "name"]
    list_filter = [
        OpenFilter,
        SpamFilter,
        "status",
        "is_urgent",
        SentByFilter,
        WaitingFilter,
        EstimateFilter,
        ReceivedFilter,
        AssignedFilter,
        HelpWantedFilter,
        "state",
    ]
    # What the search looks through, for the record: get_search_results looks these answers up
    # by the keys derived from them (intake.search), not by scanning every row.
    search_fields = sorted(SEARCHED_FIELDS)
    search_help_text = (
        "A request number (#123), the start of a name, an email address or its start, or a phone "
        "number typed any way (or its last digits): the person's, their helper's or the referring "
        "clinician's. Searches closed requests and possible spam too."
    )
    ordering = QUEUE_ORDERING
    list_select_related = ["assigned_to"]
    list_per_page = 50
    # Counting every row in the table on each page load is what made the queue slow: neither
    # the whole table nor a view of more than QueuePaginator.COUNT_LIMIT requests is counted.
    show_full_result_count = False
    paginator = QueuePaginator
    actions = ["assign_to_me", "mark_contacted", "move_to_queue", "export_csv"]
    # A request is read here, in the admin; it has no public page to "view on site".
    view_on_site = False
    # The status, the close reason and who has the request change only through the buttons at
    # the top of the page, which record each step and ask before closing; nothing here is saved.
    readonly_fields = [
        "status",
        "close_reason",
        "assignee",
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
                "description": "Change these with the buttons at the top of the page.",
                "fields": [
                    ("status", "close_reason", "assignee"),
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

    def changelist_view(self, request, extra_context=None):
        # "Consultation requests", not Django's "Select consultation request to change".
        context = {"title": self.opts.verbose_name_plural.capitalize(), **(extra_context or {})}
        return super().changelist_view(request, context)

    def get_search_results(self, request, queryset, search_term):
        """What intake.search finds: one index lookup per term, whatever the filters."""
        if not search_term.strip():
            return queryset, False
        return queryset.search(search_term), False

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(view)

        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("<path:object_id>/step/", wrap(self.step_view), name=f"{prefix}_step"),
            path("<path:object_id>/note/", wrap(self.note_view), name=f"{prefix}_note"),
            path(
                "<path:object_id>/acknowledgement/",
                wrap(self.acknowledgement_view),
                name=f"{prefix}_acknowledgement",
            ),
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
        if obj.helper_first:
            # The person does not know about the request yet: the helper is the one to call.
            return format_html(
                "Call the helper first: {}", self.reach(obj.helper_phone, obj.helper_email)
            )
        if obj.referrer_first:
            # The referring clinician asked to be called before the patient.
            return format_html(
                "Call the clinician first: {}", self.reach(obj.referrer_phone, obj.referrer_email)
            )
        detail = obj.email if obj.contact_method == ContactMethod.EMAIL else obj.phone
        return format_html(
            "{}: {}",
            obj.get_contact_method_display(),
            self.reach(detail, text=obj.prefers_text),
        )

    @staticmethod
    def reach(phone_or_email, fallback="", text=False):
        # Tap to call from a phone, or to write a text to someone who chose one.
        href = phone_href(phone_or_email, text)
        if href:
            return format_html('<a href="{}" class="nowrap">{}</a>', href, phone_or_email)
        return format_html('<span class="nowrap">{}</span>', phone_or_email or fallback)

    @admin.display(description="needs")
    def attention(self, obj):
        """Urgent, overdue, ask gently, a Good Faith Estimate due or late, sent by a helper or
        referred by a clinician, and the same person's earlier request.

        As words in badges, next to the name even on a phone (intake-admin.css).
        """
        flags = []
        if obj.possible_spam:
            flags.append(
                format_html(
                    '<strong class="possible-spam">Possible spam: {}</strong>',
                    SPAM_REASON_IN_A_WORD.get(obj.spam_reason, "reason not recorded"),
                )
            )
        if obj.is_urgent:
            # Words, not Django's green tick, which reads as "all is well".
            flags.append(format_html('<strong class="badge urgent">{}</strong>', "Urgent"))
        if obj.is_overdue():
            flags.append(format_html('<strong class="badge overdue">{}</strong>', "Overdue"))
        if obj.asked_gently:
            flags.append(format_html('<strong class="badge ask-gently">{}</strong>', "Ask gently"))
        if obj.self_check and obj.self_check.needs_help_now:
            # Their own self-check's question 9 above "Not at all": read it before calling.
            flags.append(
                format_html('<strong class="badge urgent">{}</strong>', "Self-check question 9")
            )
        if obj.estimate_is_late():
            flags.append(
                format_html('<strong class="badge late">{}</strong>', "Good Faith Estimate late")
            )
        elif obj.estimate_to_send:
            flags.append(
                format_html(
                    '<span class="badge">Good Faith Estimate due {}</span>',
                    date_format(obj.estimate_due_on, "M j"),
                )
            )
        if obj.sent_by_helper:
            flags.append(format_html('<span class="badge">{}</span>', "Sent by a helper"))
        if obj.sent_by_clinician:
            flags.append(
                format_html(
                    '<span class="badge referral">Referral from {}</span>',
                    obj.referred_by or "a clinician",
                )
            )
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
            return format_html('<span class="none">{}</span>', "—")
        return format_html_join(" ", "{}", ((flag,) for flag in flags))

    @admin.display(description="assigned to", ordering="assigned_to")
    def assignee(self, obj):
        return obj.assigned_to or "Nobody"

    @admin.display(description="urgent")
    def urgent(self, obj):
        if obj.is_urgent:
            return format_html('<strong class="badge urgent">{}</strong>', "Urgent")
        return "—"

    @admin.display(description="waiting")
    def waiting(self, obj):
        if obj.status != Status.NEW:
            return format_html('<span class="none">{}</span>', "—")
        # Overdue is a badge in the "needs" column.
        waited = timesince(obj.received_at, timezone.now(), depth=1)
        return format_html('<span class="waited">New for {}</span>', waited)

    @admin.display(description=questions.BY_NAME["help_wanted"].staff_label)
    def help_wanted_list(self, obj):
        return "; ".join(obj.help_wanted_labels) or NOT_ANSWERED

    @admin.display(description=questions.BY_NAME["antidepressant_trials"].staff_label)
    def antidepressant_trials_table(self, obj):
        """A referral's antidepressant trials as a table, a column for each of the worksheet's;
        "Not answered" (or "Not asked") without any."""
        if not obj.antidepressant_trials:
            return optional_answer("antidepressant_trials")(obj)
        rows = [
            [
                (questions.TRIAL_LABELS[key], str(trial.get(key) or ""))
                for key in questions.TRIAL_KEYS
            ]
            for trial in obj.antidepressant_trials
            if isinstance(trial, dict)
        ]
        return render_to_string(
            "admin/intake/consultationrequest/trials.html",
            {"columns": questions.TRIAL_LABELS.values(), "rows": rows, "empty": NOT_ANSWERED},
        )

    # The request page.

    def get_object(self, request, object_id, from_field=None):
        """The request at its own address only, or a 404.

        The ORM casts `+2`, ` 2` or `02` to request 2 as well; a page reached that way would be a
        second, oddly written door to the same person's details.
        """
        consultation = super().get_object(request, object_id, from_field)
        field = self.opts.pk if from_field is None else self.opts.get_field(from_field)
        if consultation is not None and str(field.value_from_object(consultation)) != object_id:
            raise Http404
        return consultation

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            # The page with the person's details is drawn: a look, or a save or button refused
            # with its errors. Recorded here, whichever URL or button led to it.
            signals.viewed.send(ConsultationRequest, number=obj.pk)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def delete_model(self, request, obj):
        # delete_view has opened a transaction: no entry without the deletion, nor the reverse.
        signals.deleted.send(
            ConsultationRequest, queryset=ConsultationRequest.objects.filter(pk=obj.pk)
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            signals.deleted.send(ConsultationRequest, queryset=queryset)
            super().delete_queryset(request, queryset)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        consultation = self.get_object(request, unquote(object_id))
        if consultation is not None and request.method == "POST":
            # The page has no Save: the buttons are the one way to change a request. Saving the
            # whole row here could also put back a step a colleague took since the page opened.
            return HttpResponseRedirect(request.path)
        context = {**(extra_context or {})}
        if consultation is not None and self.has_view_permission(request, consultation):
            context.update(self.summary_context(request, consultation))
            context.setdefault("note_form", NoteForm())
            # "Request #12", not Django's "Change consultation request".
            context.setdefault("title", str(consultation))
            context.setdefault("subtitle", None)
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
            "can_record_estimate": consultation.estimate_to_send,
            "estimate_is_late": consultation.estimate_is_late(),
            "estimate_days": GOOD_FAITH_ESTIMATE_DAYS,
            "previous_status": consultation.previous_status(),
            "is_finished": consultation.status in FINISHED_STATUSES,
            "step_url": reverse("admin:intake_consultationrequest_step", args=[consultation.pk]),
            "note_url": reverse("admin:intake_consultationrequest_note", args=[consultation.pk]),
            "acknowledgement_url": consultation.sent_by_clinician
            and reverse("admin:intake_consultationrequest_acknowledgement", args=[consultation.pk]),
        }

    # The acknowledgement of a clinician's referral, printed for the referrer.

    def acknowledgement_view(self, request, object_id):
        """The referrer's acknowledgement, to print (GET); a POST records that it was printed,
        in the request's history and the access log, once for each press."""
        consultation = self.get_object(request, unquote(object_id))
        if consultation is None or not consultation.sent_by_clinician:
            raise Http404
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        if not self.has_view_permission(request, consultation):
            raise PermissionDenied
        page = reverse("admin:intake_consultationrequest_change", args=[consultation.pk])
        if request.method == "POST":
            with transaction.atomic():
                consultation.record_acknowledgement_printed(request.user)
                self.log_change(request, consultation, ACKNOWLEDGEMENT_PRINTED)
            self.message_user(
                request, f"{consultation}: {ACKNOWLEDGEMENT_PRINTED}.", messages.SUCCESS
            )
            return HttpResponseRedirect(page)
        # It names the patient: a page with their details, like the request's own.
        signals.viewed.send(ConsultationRequest, number=consultation.pk)
        practice = PracticeDetails.load()
        statements = confirmed_statements()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Acknowledgement for the referrer: {consultation}",
            "subtitle": None,
            "consultation": consultation,
            "practice": practice,
            "practice_missing": [
                detail
                for detail, given in [("address", practice.has_address), ("phone", practice.phone)]
                if not given
            ],
            "next_steps": policy_sentence("referral-reply", statements),
            # The line for clinicians is printed only once confirmed: its neutral sentence
            # (use the form on the site) says nothing to someone who has used it.
            "clinician_line": statements.get("clinician-line", ""),
            "today": timezone.localdate(),
            "change_url": page,
            "record_url": request.path,
            "is_nav_sidebar_enabled": False,
        }
        return TemplateResponse(
            request, "admin/intake/consultationrequest/acknowledgement.html", context
        )

    def _posted_request(self, request, object_id):
        consultation = self.get_object(request, unquote(object_id))
        if consultation is None:  # no such request, or not a request number at all
            raise Http404
        if request.method != "POST":
            return None, HttpResponseNotAllowed(["POST"])
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
        note_form = self.posted_note(request)
        unchanged = self.step_problems(request, consultation, note_form)
        if unchanged:
            # Nothing is done; the page comes back with the messages and everything kept.
            return self.show_again(request, object_id, unchanged)
        if note_form:
            self.add_note(request, consultation, note_form.cleaned_data["text"])
        done = self.take_step(
            request, consultation, request.POST.get("step"), request.POST.get("reason", "")
        )
        if done:
            self.message_user(request, f"{consultation}: {done}.", messages.SUCCESS)
        else:
            self.message_user(
                request,
                f"{consultation} was not changed: someone may have moved it on already.",
                messages.WARNING,
            )
        page = reverse("admin:intake_consultationrequest_change", args=[consultation.pk])
        return HttpResponseRedirect(page)

    def posted_note(self, request):
        """The note typed before pressing a step, if any (it takes the right to add notes)."""
        if not request.POST.get("text", "").strip():
            return None
        if not request.user.has_perm(f"{FollowUpNote._meta.app_label}.add_followupnote"):
            raise PermissionDenied
        return NoteForm(request.POST)

    def step_problems(self, request, consultation, note_form):
        """What the page shows again when the step or its note cannot be saved as sent (said in
        messages too), or None."""
        close_errors = {}
        if request.POST.get("step") == "close" and consultation.status in OPEN_STATUSES:
            close_errors = self.close_errors(consultation, request.POST)
        if not close_errors and (note_form is None or note_form.is_valid()):
            return None
        for error in close_errors.values():
            self.message_user(request, f"Not closed: {error}", messages.ERROR)
        context = {
            "close_errors": close_errors,
            "chosen_reason": request.POST.get("reason", ""),
            "close_confirmed": request.POST.get("confirm_close") == "yes",
        }
        if note_form:
            context["note_form"] = note_form
        return context

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
        if step not in STEPS:
            return None
        done = STEPS[step](request.user, consultation, reason)
        if done:
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

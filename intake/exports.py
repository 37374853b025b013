"""The CSV export of consultation requests, for staff with the export permission.

It streams: rows are written as they are read, so a large selection neither times out nor fills
memory, and it takes the same few queries whatever the number of requests.
"""

import csv
import re

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.http import StreamingHttpResponse
from django.utils import timezone

from . import questions, signals
from .bulk import insert_per_row
from .models import ConsultationRequest

# A cell a spreadsheet could run as a formula. A leading apostrophe makes it plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# The same characters just after a separator: a program that splits the cell again (a semicolon
# locale, "text to columns") would otherwise start a formula there.
FORMULA_AFTER_SEPARATOR = re.compile(r"([,;\t\r\n|] *)([=+\-@])")

EXPORT_MESSAGE = "Exported to CSV"


def spreadsheet_safe(value):
    text = "" if value is None else str(value)
    text = FORMULA_AFTER_SEPARATOR.sub(r"\1'\2", text)
    if text.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + text
    return text


def local(moment):
    return timezone.localtime(moment).isoformat() if moment else ""


def self_check_cell(consultation, part):
    check = consultation.self_check
    if check is None:
        return ""
    if part == "answers":
        return " ".join(str(points) for points in check.answers)
    return str(getattr(check, part))


def answer_in_csv(question):
    """How the export writes one answer: what the record says, else the choice's label, else the
    answer as stored."""
    if question.csv_value:
        return question.csv_value
    if question.choices:
        return lambda consultation: getattr(consultation, f"get_{question.name}_display")()
    return lambda consultation: getattr(consultation, question.name)


FOLLOW_UP = [
    ("number", lambda r: r.pk),
    ("received", lambda r: local(r.received_at)),
    ("status", lambda r: r.get_status_display()),
    ("why it was closed", lambda r: r.get_close_reason_display()),
    ("urgent", lambda r: "yes" if r.is_urgent else "no"),
    ("assigned to", lambda r: r.assigned_to or ""),
]
# Only when the person chose to add their self-check; answers 0 to 3, questions 1 to 9.
SELF_CHECK = [
    ("self-check total (PHQ-9, answered by the person)", lambda r: self_check_cell(r, "total")),
    ("self-check answers, questions 1 to 9", lambda r: self_check_cell(r, "answers")),
    ("self-check answered on", lambda r: self_check_cell(r, "answered_on")),
]
STEP_TIMES = [
    ("contacted", lambda r: local(r.contacted_at)),
    ("scheduled", lambda r: local(r.scheduled_at)),
    ("closed", lambda r: local(r.closed_at)),
]
# Only when they asked for one: the last day to send it, and when and by whom it was recorded sent.
ESTIMATE = [
    ("Good Faith Estimate due", lambda r: r.estimate_due_on or ""),
    ("Good Faith Estimate sent", lambda r: local(r.estimate_sent_at)),
    ("Good Faith Estimate sent by", lambda r: r.estimate_sent_by or ""),
]
# Only on a clinician's referral: the acknowledgement printed for the referrer, last time.
ACKNOWLEDGEMENT = [
    ("acknowledgement to referrer last printed", lambda r: local(r.acknowledged_at)),
    ("acknowledgement to referrer last printed by", lambda r: r.acknowledged_by or ""),
]
# The answers in the order they were asked, each under the column its question names.
COLUMNS = [
    *FOLLOW_UP,
    *((question.column, answer_in_csv(question)) for question in questions.EXPORTED),
    *SELF_CHECK,
    *STEP_TIMES,
    *ESTIMATE,
    *ACKNOWLEDGEMENT,
]


class _Line:
    """What csv.writer writes to: hands each line back instead of keeping it."""

    def write(self, line):
        return line


def csv_lines(queryset):
    # Every cell quoted, so a ";" inside a value cannot start a new cell in a semicolon locale.
    writer = csv.writer(_Line(), quoting=csv.QUOTE_ALL)
    # A byte-order mark so spreadsheet programs read the names' accents correctly.
    yield "\ufeff" + writer.writerow([title for title, _ in COLUMNS])
    for consultation in (
        queryset.select_related("assigned_to", "estimate_sent_by", "acknowledged_by")
        .order_by("pk")
        .iterator(2000)
    ):
        yield writer.writerow([spreadsheet_safe(get(consultation)) for _, get in COLUMNS])


def record_export(queryset, user):
    """One history entry per exported request, written by one INSERT … SELECT."""
    number = Cast("pk", CharField())
    insert_per_row(
        queryset,
        LogEntry,
        action_time=timezone.now(),
        user=user.pk,
        content_type=ContentType.objects.get_for_model(ConsultationRequest).pk,
        object_id=number,
        object_repr=Concat(Value("Request #"), number),
        action_flag=CHANGE,
        change_message=EXPORT_MESSAGE,
    )


def export_response(queryset, user):
    record_export(queryset, user)
    signals.exported.send(ConsultationRequest, queryset=queryset, user=user)
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    response = StreamingHttpResponse(csv_lines(queryset), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="consultation-requests-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response

"""The front desk dashboard on the admin's front page: counts, a chart and unsent notices.

Every figure comes from a fixed handful of queries that read only open requests, the last 12
weeks, the Good Faith Estimates still to send (a partial index) or the unsent notices, so the page
costs the same with 100 requests or 100,000.
"""

import statistics
from datetime import datetime, time, timedelta
from typing import NamedTuple

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince

from .business_days import GOOD_FAITH_ESTIMATE_DAYS, estimates_late_before
from .choices import Status, SubmittedBy
from .models import ConsultationRequest, StaffNotice, overdue_cutoff
from .services import NO_RECIPIENTS

WEEKS = 12
MEDIAN_DAYS = 30
# An urgent notice still unsent after this long is shown in red.
URGENT_NOTICE_LATE = timedelta(minutes=10)
NOTICES_SHOWN = 20

# The chart's drawing box, in SVG user units. On a phone the chart is drawn at about half size,
# so the labels are made twice as large there (intake-admin.css): the rows below the bars leave
# room for that, with the month and the day on two lines.
CHART_WIDTH, CHART_HEIGHT = 640, 280
PLOT_TOP, PLOT_BOTTOM, PLOT_LEFT = 30, 190, 40


def queue_url(**filters):
    changelist = reverse("admin:intake_consultationrequest_changelist")
    query = "&".join(f"{key}={value}" for key, value in filters.items())
    return f"{changelist}?{query}" if query else changelist


class DeskCount(NamedTuple):
    label: str
    number: int
    url: str
    late: bool = False  # shown in red, its label saying "late" too


def counts(user, now):
    cutoff = overdue_cutoff(now)
    new = Q(status=Status.NEW)
    # Possible spam is not work until someone moves it to the queue.
    requests = ConsultationRequest.objects.not_spam()
    totals = requests.open().aggregate(
        urgent=Count("pk", filter=new & Q(is_urgent=True)),
        new=Count("pk", filter=new),
        overdue=Count("pk", filter=new & Q(received_at__lte=cutoff)),
        unassigned=Count("pk", filter=Q(assigned_to__isnull=True)),
        mine=Count("pk", filter=Q(assigned_to=user)),
        referrals=Count("pk", filter=Q(submitted_by=SubmittedBy.CLINICIAN)),
    )
    # Owed once asked for, whatever the request's status.
    estimates = requests.estimates_due().aggregate(
        due=Count("pk"),
        late=Count("pk", filter=Q(received_at__lt=estimates_late_before(now))),
    )
    return [
        DeskCount(
            "Urgent, waiting for a call",
            totals["urgent"],
            queue_url(is_urgent__exact=1, status__exact=Status.NEW),
        ),
        DeskCount("New", totals["new"], queue_url(status__exact=Status.NEW)),
        DeskCount(
            "Overdue (new for over a business day)", totals["overdue"], queue_url(waiting="overdue")
        ),
        DeskCount("Open and unassigned", totals["unassigned"], queue_url(assigned="nobody")),
        DeskCount("Open and assigned to me", totals["mine"], queue_url(assigned="me")),
        DeskCount(
            "Open referrals from clinicians",
            totals["referrals"],
            queue_url(sent_by=SubmittedBy.CLINICIAN),
        ),
        DeskCount("Good Faith Estimates to send", estimates["due"], queue_url(estimate="due")),
        DeskCount(
            f"Good Faith Estimates late (over {GOOD_FAITH_ESTIMATE_DAYS} business days)",
            estimates["late"],
            queue_url(estimate="late"),
            late=estimates["late"] > 0,
        ),
    ]


def contacted_in_time(received, contacted):
    """Contacted before the request became overdue (one business day, as the queue counts)."""
    return contacted is not None and overdue_cutoff(contacted) < received


def weekly(now):
    """Requests per week for the last 12 weeks and the share contacted within a business day."""
    today = timezone.localtime(now).date()
    first_monday = today - timedelta(days=today.weekday(), weeks=WEEKS - 1)
    start = timezone.make_aware(datetime.combine(first_monday, time.min))
    weeks = [
        {"start": first_monday + timedelta(weeks=n), "count": 0, "in_time": 0} for n in range(WEEKS)
    ]
    rows = (
        ConsultationRequest.objects.not_spam()
        .filter(received_at__gte=start)
        .values_list("received_at", "contacted_at")
    )
    for received, contacted in rows.order_by():
        index = (timezone.localtime(received).date() - first_monday).days // 7
        weeks[index]["count"] += 1
        weeks[index]["in_time"] += contacted_in_time(received, contacted)
    for week in weeks:
        week["share"] = round(100 * week["in_time"] / week["count"]) if week["count"] else None
    return weeks


def chart(weeks):
    """Bar heights and positions for the server-drawn SVG (no script, no inline style)."""
    tallest = max([week["count"] for week in weeks] + [1])
    step = (CHART_WIDTH - PLOT_LEFT) / len(weeks)
    height = PLOT_BOTTOM - PLOT_TOP
    bars = []
    for n, week in enumerate(weeks):
        bar_height = round(height * week["count"] / tallest, 1)
        x = round(PLOT_LEFT + n * step + step * 0.15, 1)
        bars.append(
            {
                **week,
                "x": x,
                "width": round(step * 0.7, 1),
                "y": round(PLOT_BOTTOM - bar_height, 1),
                "height": bar_height,
                "label_x": round(x + step * 0.35, 1),
                "count_y": round(PLOT_BOTTOM - bar_height - 4, 1),
            }
        )
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "tallest": tallest,
        "top": PLOT_TOP,
        "bottom": PLOT_BOTTOM,
        "left": PLOT_LEFT,
        "month_label_y": PLOT_BOTTOM + 24,
        "day_label_y": PLOT_BOTTOM + 48,
        "share_label_y": PLOT_BOTTOM + 78,
    }


def median_first_contact(now):
    rows = (
        ConsultationRequest.objects.not_spam()
        .filter(received_at__gte=now - timedelta(days=MEDIAN_DAYS), contacted_at__isnull=False)
        .values_list("received_at", "contacted_at")
    )
    waits = [contacted - received for received, contacted in rows.order_by()]
    if not waits:
        return None
    return timesince(now - statistics.median(waits), now, depth=2)


# Enough of a listed request to say "Referral from Jane Smith, MD" beside its number.
REFERRAL_FIELDS = ["submitted_by", "referrer_name", "referrer_credential"]


def next_in_queue():
    return (
        ConsultationRequest.objects.not_spam()
        .open()
        .filter(status=Status.NEW)
        .in_queue_order()
        .only("pk", "is_urgent", "received_at", "self_harm_thoughts", *REFERRAL_FIELDS)
        .first()
    )


def oldest_waiting():
    return (
        ConsultationRequest.objects.not_spam()
        .new()
        .order_by("received_at")
        .only("pk", "received_at", *REFERRAL_FIELDS)
        .first()
    )


def unsent_notices(now):
    notices = list(
        StaffNotice.objects.unsent()
        .most_urgent_first()
        .select_related("request")
        .only(
            "pk",
            "request_id",
            "is_urgent",
            "created_at",
            "attempts",
            "last_error",
            *(f"request__{field}" for field in REFERRAL_FIELDS),
        )[:NOTICES_SHOWN]
    )
    for notice in notices:
        notice.is_late = notice.is_urgent and now - notice.created_at >= URGENT_NOTICE_LATE
        notice.waited = timesince(notice.created_at, now, depth=1)
        notice.no_recipients = notice.last_error == NO_RECIPIENTS
        notice.mail_refused = bool(notice.last_error) and not notice.no_recipients
        notice.request_url = reverse(
            "admin:intake_consultationrequest_change", args=[notice.request_id]
        )
    return notices


def front_desk(user, now=None):
    now = now or timezone.now()
    weeks = weekly(now)
    head = next_in_queue()
    oldest = oldest_waiting()
    notices = unsent_notices(now)
    return {
        "counts": counts(user, now),
        "next": head,
        "next_url": head and reverse("admin:intake_consultationrequest_change", args=[head.pk]),
        "next_waited": head and timesince(head.received_at, now, depth=1),
        "oldest": oldest,
        "oldest_url": oldest
        and reverse("admin:intake_consultationrequest_change", args=[oldest.pk]),
        "oldest_waited": oldest and timesince(oldest.received_at, now, depth=2),
        "median_first_contact": median_first_contact(now),
        "median_days": MEDIAN_DAYS,
        "weeks": weeks,
        "chart": chart(weeks),
        "notices": notices,
        "no_staff_email": any(notice.no_recipients for notice in notices),
        "mail_refused": any(notice.mail_refused for notice in notices),
        "queue_url": queue_url(),
    }

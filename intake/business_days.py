"""Business days: Monday to Friday, except US federal holidays, in the practice's time zone.

The federal holidays come from the `holidays` package (`holidays.US()`, its public category), as
the federal government observes them: a holiday on a Saturday is taken on the Friday before, one
on a Sunday on the Monday after.
"""

from datetime import datetime, time, timedelta
from functools import cache

import holidays
from django.utils import timezone

# The No Surprises Act: a Good Faith Estimate someone asks for is due within 3 business days of
# the request (45 CFR 149.610; facts file §12).
GOOD_FAITH_ESTIMATE_DAYS = 3


@cache
def federal_holidays(year):
    return holidays.US(years=year)


def is_business_day(day):
    return day.weekday() < 5 and day not in federal_holidays(day.year)


def business_days_after(day, count):
    """The date `count` business days after `day` (a date); `day` itself is not counted."""
    while count > 0:
        day += timedelta(days=1)
        count -= is_business_day(day)
    return day


def estimate_due_on(received_at):
    """The last day for sending a Good Faith Estimate asked for in a request received at
    `received_at`: 3 business days after the day it arrived in the practice's time zone, at
    whatever hour it arrived."""
    return business_days_after(timezone.localdate(received_at), GOOD_FAITH_ESTIMATE_DAYS)


def estimates_late_before(now=None):
    """Estimates asked for in requests received before this moment are late if still unsent:
    their last day is over. (The day after the last day whose estimates fall due before today,
    at midnight in the practice's time zone.)"""
    today = timezone.localdate(now)
    day = today
    while business_days_after(day, GOOD_FAITH_ESTIMATE_DAYS) >= today:
        day -= timedelta(days=1)
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))

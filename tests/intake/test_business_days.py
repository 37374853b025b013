"""A Good Faith Estimate someone asks for is due 3 business days after the request arrived:
weekends and US federal holidays do not count, and the day is the practice's."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from intake.business_days import estimate_due_on, estimates_late_before

PRACTICE = ZoneInfo("America/Los_Angeles")


@pytest.fixture(autouse=True)
def _practice_in_california(settings):
    settings.TIME_ZONE = "America/Los_Angeles"


def at(year, month, day, hour=10, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=PRACTICE)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Monday: Tuesday, Wednesday, Thursday.
        (at(2026, 11, 2), date(2026, 11, 5)),
        # Across a weekend: Thursday to Friday, Monday, Tuesday.
        (at(2026, 10, 29), date(2026, 11, 3)),
        # Across Thanksgiving (Thursday 26 November): Friday, Monday, Tuesday.
        (at(2026, 11, 25), date(2026, 12, 1)),
        # Across Christmas (Friday 25 December): Thursday 24, Monday 28, Tuesday 29.
        (at(2026, 12, 23), date(2026, 12, 29)),
        # Independence Day falls on a Saturday in 2026: the federal holiday is Friday 3 July.
        (at(2026, 7, 1), date(2026, 7, 7)),
        # Received on a Saturday: Monday, Tuesday, Wednesday.
        (at(2026, 10, 17), date(2026, 10, 21)),
        # Received on a Saturday before Veterans Day (Wednesday 11 November).
        (at(2026, 11, 7), date(2026, 11, 12)),
    ],
    ids=[
        "monday",
        "across-a-weekend",
        "across-thanksgiving",
        "across-christmas",
        "observed-independence-day",
        "saturday",
        "saturday-before-veterans-day",
    ],
)
def test_three_business_days_after_the_day_it_arrived(received, due):
    assert estimate_due_on(received) == due


def test_a_request_late_on_a_friday_counts_from_friday_in_the_practices_time_zone():
    late_friday = at(2026, 10, 16, 23, 30)  # already Saturday in UTC
    assert estimate_due_on(late_friday) == date(2026, 10, 21)  # Monday, Tuesday, Wednesday
    assert estimate_due_on(late_friday.astimezone(ZoneInfo("UTC"))) == date(2026, 10, 21)


def test_a_request_late_on_a_thursday_is_thursdays_not_the_utc_fridays():
    late_thursday = at(2026, 10, 15, 22, 0)  # Friday 05:00 in UTC
    # Friday, Monday, Tuesday; counted from the UTC Friday it would be Wednesday.
    assert estimate_due_on(late_thursday) == date(2026, 10, 20)
    assert estimate_due_on(late_thursday.astimezone(ZoneInfo("UTC"))) == date(2026, 10, 20)


def test_estimates_are_late_from_the_day_after_their_last_day():
    # Wednesday 21 October: what arrived on Friday 16 is due today, Thursday 15's was due Tuesday.
    assert estimates_late_before(at(2026, 10, 21, 9)) == at(2026, 10, 16, 0)
    # Thursday 22: Friday's and the weekend's were due Wednesday; Monday's is due today.
    assert estimates_late_before(at(2026, 10, 22, 9)) == at(2026, 10, 19, 0)


def test_late_before_agrees_with_the_due_date_every_day_of_a_year():
    for offset in range(366):
        now = at(2026, 1, 1, 12) + timedelta(days=offset)
        cutoff = estimates_late_before(now)
        for back in range(1, 15):
            received = now - timedelta(days=back)
            is_late = estimate_due_on(received) < timezone.localdate(now)
            assert (received < cutoff) == is_late, (now, received)

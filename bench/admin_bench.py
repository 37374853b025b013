"""`make bench-admin`: the staff pages with 1,000 and with 100,000 requests, as a ratio.

For each database (SQLite, and PostgreSQL when its server programs are installed), one database
holds 1,000 open requests and another the same 1,000 and 99,000 closed ones (100,000 in all,
still 1,000 open); every page is timed on both, in alternating rounds. Pages are rendered
in-process through Django's test client with production settings, so the figures are the server's
own work (database and templates), medians of several loads, measured in this one run. Each page
is held to the goal of issue 18: at most 1.5 times as slow with 100,000 requests, and the same
number of queries.
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.server import (  # noqa: E402
    PYTHON,
    prepare,
    production_env,
    throwaway_postgres,
)
from tests.support.staff import pass_second_factor  # noqa: E402

OPEN_REQUESTS = 1_000
ALL_REQUESTS = 100_000
# The goal: a page with 100,000 requests takes at most this many times as long as with 1,000.
GOAL_RATIO = 1.5
# The person staff look for in the searches: an open request, in both databases.
SOUGHT = 500
QUEUE = "/admin/intake/consultationrequest/"
PAGES = [
    ("dashboard (admin front page)", "/admin/"),
    ("queue, default view", QUEUE),
    ("queue, filter: new", QUEUE + "?status__exact=new"),
    ("queue, filter: overdue", QUEUE + "?waiting=overdue"),
    ("queue, received in 7 days", QUEUE + "?received=7"),
    ('queue "All", no search', QUEUE + "?show=all"),
    ("search email, open", QUEUE + "?show=open&q={email}"),
    ('search email, "All"', QUEUE + "?show=all&q={email}"),
    ("search surname start, open", QUEUE + "?show=open&q={surname}"),
    ('search surname start, "All"', QUEUE + "?show=all&q={surname}"),
    ("search phone digits, open", QUEUE + "?show=open&q={phone}"),
    ('search phone digits, "All"', QUEUE + "?show=all&q={phone}"),
    ("search request #, open", QUEUE + "?show=open&q=%23{number}"),
    ('search request #, "All"', QUEUE + "?show=all&q=%23{number}"),
    ("request page, 50 notes", QUEUE + "{noted}/change/"),
]
FIRST_NAMES = ["Alex", "Maria", "Sam", "Jordan", "Priya", "Wei", "Fatima", "Diego", "Ana", "Tom"]
SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


def surname(n):
    """A surname of three syllables, different for each n below 343,000 ("Bakelo")."""
    count = len(SYLLABLES)
    return "".join(SYLLABLES[n // count**i % count] for i in (2, 1, 0)).capitalize()


def phone(n):
    return f"(650) {n // 10000:03d}-{n % 10000:04d}"


def fill(count, *, start, open_requests):
    """Add `count` requests; the first `open_requests` of them open, the rest long closed."""
    from datetime import timedelta

    from django.utils import timezone

    from intake.models import ConsultationRequest

    now = timezone.now()
    statuses = ["new", "contacted", "scheduled"]
    batch = []
    for n in range(start, start + count):
        is_open = n - start < open_requests
        received = (
            now - timedelta(minutes=37 * (n - start))
            if is_open
            else now - timedelta(days=100 + n % 1000, minutes=n)
        )
        batch.append(
            ConsultationRequest(
                full_name=f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {surname(n)}",
                email=f"person{n}@example.org",
                phone=phone(n),
                contact_method="email",
                ok_to_leave_message="yes",
                best_time="Afternoons",
                state="CA",
                is_adult=True,
                help_wanted=["trd"],
                antidepressants_tried="2",
                treatment_interest="iv",
                sees_clinician="no",
                self_harm_thoughts=["no", "yes", "prefer_not_to_say"][n % 3],
                is_urgent=n % 3 == 1,
                consent_to_contact=True,
                privacy_acknowledged=True,
                received_at=received,
                status=statuses[n % 3] if is_open else "closed",
                contacted_at=received + timedelta(hours=5) if n % 3 or not is_open else None,
                closed_at=None if is_open else received + timedelta(days=20),
                close_reason="" if is_open else "other",
            )
        )
        if len(batch) == 5000:
            # As the form saves them: bulk_create writes each request's search keys too.
            ConsultationRequest.objects.bulk_create(batch)
            batch = []
    ConsultationRequest.objects.bulk_create(batch)


def worker(requests):
    """Runs in the prepared database's environment: fills it, then times pages on request.

    Reads "path loads" lines on stdin and answers each with one JSON line: the load times in
    milliseconds and the number of queries one load took.
    """
    from urllib.parse import quote

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from intake.groups import create_intake_staff_group
    from intake.management.commands.purge_closed_requests import refresh_planner_statistics
    from intake.models import ConsultationRequest, FollowUpNote

    staff = get_user_model().objects.create_user("bench", is_staff=True)
    staff.groups.add(create_intake_staff_group())
    # Staff pages need the second factor too, passed as the tests pass it.
    client = pass_second_factor(Client(), staff)
    fill(OPEN_REQUESTS, start=0, open_requests=OPEN_REQUESTS)
    noted = ConsultationRequest.objects.order_by("pk").first()
    FollowUpNote.objects.bulk_create(
        FollowUpNote(request=noted, text=f"Note {n}", author=staff) for n in range(50)
    )
    fill(requests - OPEN_REQUESTS, start=OPEN_REQUESTS, open_requests=0)
    # SQLite's planner statistics, as the daily purge refreshes them; PostgreSQL's autovacuum
    # would have analyzed the tables by the time staff look.
    refresh_planner_statistics()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    sought = ConsultationRequest.objects.get(email=f"person{SOUGHT}@example.org")
    # What staff type: the address, the start of the surname, the number's digits, "#501".
    typed = {
        "noted": noted.pk,
        "email": quote(sought.email),
        "surname": surname(SOUGHT)[:5],
        "phone": "".join(filter(str.isdigit, sought.phone)),
        "number": sought.pk,
    }
    print(json.dumps({"ready": noted.pk}), flush=True)

    for line in sys.stdin:
        path, loads = line.split()
        url = path.format(**typed)
        for _ in range(2):  # warm caches, as on a page in use
            response = client.get(url, secure=True)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as captured:
            client.get(url, secure=True)
        # Counted now: the log is emptied when the next request starts.
        queries = len(captured)
        times = []
        for _ in range(int(loads)):
            started = time.perf_counter()
            client.get(url, secure=True)
            times.append((time.perf_counter() - started) * 1000)
        print(json.dumps({"ms": times, "queries": queries}), flush=True)


class Worker:
    """One worker process with its own database of `requests` requests."""

    def __init__(self, requests, database_url, folder):
        env = production_env(folder, DJANGO_ALLOWED_HOSTS="testserver")
        if database_url:
            env["DATABASE_URL"] = database_url
        prepare(env)
        self.process = subprocess.Popen(  # noqa: S603
            [PYTHON, __file__, "--worker", str(requests)],
            env=env,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def wait_ready(self):
        return json.loads(self.process.stdout.readline())

    def time(self, path, loads):
        self.process.stdin.write(f"{path} {loads}\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def stop(self):
        self.process.stdin.close()
        self.process.wait(timeout=60)


def measure(label, small_url, large_url, folder, rounds, loads):
    """Both databases' pages, alternating in short rounds so drifts in the machine's speed
    fall on both alike; the median of every load is printed."""
    small = Worker(OPEN_REQUESTS, small_url, folder / "small")
    large = Worker(ALL_REQUESTS, large_url, folder / "large")
    try:
        small.wait_ready()
        large.wait_ready()
        times = {(name, size): [] for name, _ in PAGES for size in ("small", "large")}
        queries = {}
        for number in range(rounds):
            for name, path in PAGES:
                order = [("small", small), ("large", large)]
                for size, worker_ in order if number % 2 else order[::-1]:
                    result = worker_.time(path, loads)
                    times[name, size] += result["ms"]
                    queries[name, size] = result["queries"]
    finally:
        small.stop()
        large.stop()
    print(
        f"\n{label}: {OPEN_REQUESTS:,} requests (all open) vs {ALL_REQUESTS:,} "
        f"({OPEN_REQUESTS:,} open); goal: ratio <= {GOAL_RATIO}, the same number of queries"
    )
    print(
        f"| {'page':<30} | {'1,000 ms':>8} | {'100,000 ms':>10} | {'ratio':>5} | {'queries':>9} "
        "| goal |"
    )
    print(f"| {'-' * 30} | {'-' * 8}:| {'-' * 10}:| {'-' * 5}:| {'-' * 9}:| ---- |")
    failed = 0
    for name, _ in PAGES:
        few = statistics.median(times[name, "small"])
        many = statistics.median(times[name, "large"])
        counted = f"{queries[name, 'small']} / {queries[name, 'large']}"
        met = many / few <= GOAL_RATIO and queries[name, "small"] == queries[name, "large"]
        failed += not met
        print(
            f"| {name:<30} | {few:>8.1f} | {many:>10.1f} | {many / few:>5.2f} | {counted:>9} "
            f"| {'PASS' if met else 'FAIL'} |"
        )
    print(f"{len(PAGES) - failed} of {len(PAGES)} pages meet the goal on {label}.")
    return failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--loads", type=int, default=3, help="page loads per page and round")
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return 0
    print(
        f"In-process page loads with production settings, {args.rounds} rounds of {args.loads} "
        "loads per page and database, alternating; medians; ratio = time with 100,000 requests "
        "/ time with 1,000; queries for one load with 1,000 / 100,000."
    )
    with tempfile.TemporaryDirectory(prefix="clinic-bench-admin-") as folder:
        folder = Path(folder)
        (folder / "small").mkdir()
        (folder / "large").mkdir()
        failed = measure("SQLite", None, None, folder, args.rounds, args.loads)
        if args.sqlite_only:
            return failed
        with throwaway_postgres("clinic_small", "clinic_large") as postgres:
            if postgres is None:
                print("\nPostgreSQL: not installed (apt-get install postgresql), skipped.")
                return failed
            url = postgres[0]
            return failed + measure(
                "PostgreSQL",
                url + "clinic_small",
                url + "clinic_large",
                folder,
                args.rounds,
                args.loads,
            )


if __name__ == "__main__":
    # Fails (exit status 1) when any page misses the goal.
    sys.exit(1 if main() else 0)

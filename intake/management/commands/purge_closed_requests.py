from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from intake import signals
from intake.models import ConsultationRequest, FollowUpNote, SubmissionCount

# Requests deleted per transaction: only this many are loaded into memory at once, and the
# tables are locked only briefly, so staff can keep working while it runs.
BATCH_SIZE = 1000


def refresh_planner_statistics():
    """Tell SQLite's query planner how many rows its tables and indexes hold now.

    Django never runs ANALYZE, and without its statistics SQLite guesses which index to use for
    the queue and its search. Done daily here, after the deletions, which change the counts most.
    PostgreSQL keeps its own (autovacuum analyzes tables as they change).
    """
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        # A sample of each index is enough, and keeps it quick however large the file grows.
        cursor.execute("PRAGMA analysis_limit=1000")
        cursor.execute("ANALYZE")


class Command(BaseCommand):
    help = (
        "Delete consultation requests that were closed (or marked not a fit) more than a number "
        "of days ago, with their notes; possible spam nobody moved to the queue, some days after "
        "it arrived; and the form's hourly counters whose hour is over. Then, on SQLite, refresh "
        "the query planner's statistics (ANALYZE). Only counts them unless --yes is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.INTAKE_RETENTION_DAYS,
            help="Delete requests closed more than this many days ago "
            "(default: INTAKE_RETENTION_DAYS, %(default)s).",
        )
        parser.add_argument(
            "--spam-days",
            type=int,
            default=settings.INTAKE_SPAM_RETENTION_DAYS,
            help="Delete possible spam that arrived more than this many days ago "
            "(default: INTAKE_SPAM_RETENTION_DAYS, %(default)s).",
        )
        parser.add_argument(
            "--yes", action="store_true", help="Really delete them. Without it, nothing changes."
        )

    def handle(self, *args, days, spam_days, yes, **options):
        if days < 1 or spam_days < 1:
            raise CommandError("--days and --spam-days must be 1 or more.")
        cutoff = timezone.now() - timedelta(days=days)
        expired = ConsultationRequest.objects.finished_before(cutoff)
        requests = expired.count()
        notes = FollowUpNote.objects.filter(request__in=expired).count()
        summary = (
            f"{requests} closed request(s) and {notes} note(s) closed before "
            f"{timezone.localtime(cutoff):%Y-%m-%d %H:%M}"
        )
        # Only while still possible spam: one moved to the queue is a request like any other.
        spam_cutoff = timezone.now() - timedelta(days=spam_days)
        spam = ConsultationRequest.objects.possible_spam().filter(received_at__lt=spam_cutoff)
        summary += (
            f", {spam.count()} possible spam request(s) received before "
            f"{timezone.localtime(spam_cutoff):%Y-%m-%d %H:%M}"
        )
        # Hashed client addresses with a count: kept no longer than the hour they limit.
        counters = SubmissionCount.objects.filter(expires_at__lt=timezone.now())
        summary += f", and {counters.count()} expired rate-limit counter(s)"
        if not yes:
            self.stdout.write(f"Dry run: would delete {summary}. Add --yes to delete them.")
            return
        self.delete_in_batches(
            expired, f"closed requests, closed before {timezone.localtime(cutoff):%Y-%m-%d}"
        )
        self.delete_in_batches(
            spam,
            f"possible spam requests, received before {timezone.localtime(spam_cutoff):%Y-%m-%d}",
        )
        counters.delete()
        refresh_planner_statistics()
        self.stdout.write(self.style.SUCCESS(f"Deleted {summary}."))

    def delete_in_batches(self, requests, described):
        deleted = 0
        try:
            while True:
                with transaction.atomic():
                    batch = list(requests.order_by("pk").values_list("pk", flat=True)[:BATCH_SIZE])
                    if not batch:
                        break
                    _, per_model = ConsultationRequest.objects.filter(pk__in=batch).delete()
                    deleted += per_model.get(ConsultationRequest._meta.label, 0)
        finally:
            # One record of the whole run, even one stopped part-way, naming how many went.
            if deleted:
                signals.purged.send(ConsultationRequest, count=deleted, described=described)

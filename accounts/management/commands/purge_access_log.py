from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import AccessEvent


class Command(BaseCommand):
    help = (
        "Delete access log entries older than ACCESS_LOG_RETENTION_DAYS (six years by default). "
        "Only counts them unless --yes is given. Deleting a request never deletes its entries."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.ACCESS_LOG_RETENTION_DAYS,
            help="Delete entries older than this many days (default: %(default)s).",
        )
        parser.add_argument(
            "--yes", action="store_true", help="Really delete them. Without it, nothing changes."
        )

    def handle(self, *args, days, yes, **options):
        if days < 365:
            raise CommandError("--days must be 365 or more: the log is evidence for years.")
        cutoff = timezone.now() - timedelta(days=days)
        expired = AccessEvent.objects.filter(at__lt=cutoff)
        summary = f"{expired.count()} access log entries older than {cutoff:%Y-%m-%d}"
        if not yes:
            self.stdout.write(f"Dry run: would delete {summary}. Add --yes to delete them.")
            return
        expired.delete()
        self.stdout.write(self.style.SUCCESS(f"Deleted {summary}."))

from django.core.management.base import BaseCommand

from intake.services import send_due_notices


class Command(BaseCommand):
    help = (
        "Send the staff notices of new consultation requests that could not be sent when the "
        "request arrived. Run it every minute from cron or a systemd timer; several copies at "
        "once send each notice only once."
    )

    def handle(self, *args, **options):
        sent, failed = send_due_notices()
        message = f"{sent} notice(s) sent, {failed} could not be sent and will be tried again."
        self.stdout.write(self.style.WARNING(message) if failed else message)

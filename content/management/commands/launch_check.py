from django.core.management.base import BaseCommand, CommandError

from content.launch import launch_problems


class Command(BaseCommand):
    help = (
        "List what still stands between this database and a responsible launch (practice "
        "details, medical review, practice policies, legal notices, staff email, staff accounts). "
        "Exits with status 1 while anything is missing."
    )

    def handle(self, *args, **options):
        problems = launch_problems()
        for problem in problems:
            self.stdout.write(f"- {problem.text}")
        if problems:
            raise CommandError(f"Not ready to launch: {len(problems)} thing(s) missing.")
        self.stdout.write("Ready to launch: nothing is missing.")

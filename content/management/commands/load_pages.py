from django.core.management.base import BaseCommand, CommandError

from content.page_files import PageFileError
from content.seeding import create_missing_pages, overwrite_pages, pages_that_differ


class Command(BaseCommand):
    help = (
        "Create the site's pages from content/pages/ where they do not exist yet. Never "
        "overwrites a page that exists: staff edits stay. --check lists the pages whose file "
        "and database differ, and exits with status 1 if any do."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing; list pages whose file in the repository differs from the site.",
        )
        parser.add_argument(
            "--overwrite",
            nargs="+",
            metavar="SLUG",
            default=[],
            help="Replace these pages with their files, losing what staff changed on them "
            "(for example to bring a reviewed rewrite to a site that is not live yet).",
        )

    def handle(self, *args, check=False, overwrite=(), **options):
        try:
            if check:
                return self.check_drift()
            if overwrite:
                overwrite_pages(overwrite)
                self.stdout.write(f"Replaced from their files: {', '.join(overwrite)}.")
            created = create_missing_pages()
            drift = pages_that_differ()
        except PageFileError as error:
            raise CommandError(str(error)) from None
        if created:
            self.stdout.write(f"Created {len(created)} page(s): {', '.join(created)}.")
        else:
            self.stdout.write("Every page already exists; nothing was changed.")
        if drift:
            self.stdout.write(
                f"{len(drift)} page(s) on the site differ from their file in content/pages/ "
                "(left as they are): run `manage.py load_pages --check` to list them."
            )

    def check_drift(self):
        drift = pages_that_differ()
        for slug, changed in drift:
            self.stdout.write(
                f"{slug}: differs from content/pages/{slug}.md in {', '.join(changed)}"
            )
        if drift:
            raise CommandError(
                f"{len(drift)} page(s) differ from their files. Staff edits on the site are "
                "kept; copy them into the file, or the file's text into the admin."
            )
        self.stdout.write("Every page matches its file.")

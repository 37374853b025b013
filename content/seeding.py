"""Create the pages of `content.initial_pages` that do not exist yet.

Used by the data migration on a fresh database, with the migration's historical models, and by
tests that need the site's real pages after a flushed database. A page whose slug exists is left
alone, so running this again never overwrites what staff changed.
"""

from .initial_pages import PAGES
from .rendering import render_markdown

LAYOUTS = {"home": "home", "faq": "faq"}


def create_missing_pages(Page, Reference, FAQItem, PracticeDetails):  # noqa: N803
    PracticeDetails.objects.get_or_create(pk=1)
    existing = set(Page.objects.values_list("slug", flat=True))
    for data in PAGES:
        if data["slug"] in existing:
            continue
        page = Page.objects.create(
            slug=data["slug"],
            title=data["title"],
            nav_title=data["nav_title"],
            meta_description=data["meta_description"],
            summary=data["summary"],
            body=data["body"],
            body_html=render_markdown(data["body"]),
            layout=LAYOUTS.get(data["slug"], "standard"),
            is_medical=data["is_medical"],
            is_published=True,
            show_in_navigation=data["show_in_navigation"],
            navigation_order=data["navigation_order"],
        )
        Reference.objects.bulk_create(
            Reference(page=page, order=number, citation=citation, url=url)
            for number, (citation, url) in enumerate(data["references"], start=1)
        )
        FAQItem.objects.bulk_create(
            FAQItem(page=page, order=number, question=question, answer=answer)
            for number, (question, answer) in enumerate(data["faq"], start=1)
        )

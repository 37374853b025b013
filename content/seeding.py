"""Create the pages of `content/pages/` that do not exist yet, and list those that drifted.

A page whose slug exists is left alone, so running this again never overwrites what staff
changed. Used by `manage.py load_pages` (which `make run` and a deployment run) and by tests.
"""

from django.db import transaction

from .models import FAQItem, Page, PracticeDetails, PracticePolicy, Reference
from .page_files import PageFileError, read_page_files
from .policies import POLICIES


@transaction.atomic
def create_missing_pages(page_files=None):
    """Create the pages whose slug is not in the database; return their slugs."""
    PracticeDetails.load()
    # One empty row per practice policy, for staff to fill in; an existing row is never touched.
    for key in POLICIES:
        PracticePolicy.objects.get_or_create(key=key)
    existing = set(Page.objects.values_list("slug", flat=True))
    created = []
    for data in page_files if page_files is not None else read_page_files():
        if data.slug in existing:
            continue
        page = Page(slug=data.slug, is_published=True)
        for name in data.PAGE_FIELDS:
            setattr(page, name, getattr(data, name))
        page.save()
        Reference.objects.bulk_create(
            Reference(page=page, order=number, citation=citation, url=url)
            for number, (citation, url) in enumerate(data.references, start=1)
        )
        FAQItem.objects.bulk_create(
            FAQItem(page=page, order=number, question=question, answer=answer)
            for number, (question, answer) in enumerate(data.faq, start=1)
        )
        created.append(data.slug)
    return created


@transaction.atomic
def overwrite_pages(slugs, page_files=None):
    """Replace the named pages' text, references and questions with their files' (a deliberate
    step: what staff changed on those pages is lost). Changes nothing if a slug has no file."""
    by_slug = {data.slug: data for data in (page_files or read_page_files())}
    unknown = [slug for slug in slugs if slug not in by_slug]
    if unknown:
        raise PageFileError(f"No file in content/pages/ for: {', '.join(unknown)}")
    for slug in slugs:
        data = by_slug[slug]
        page = Page.objects.filter(slug=slug).first() or Page(slug=slug, is_published=True)
        for name in data.PAGE_FIELDS:
            setattr(page, name, getattr(data, name))
        page.save()
        page.references.all().delete()
        page.faq_items.all().delete()
        Reference.objects.bulk_create(
            Reference(page=page, order=number, citation=citation, url=url)
            for number, (citation, url) in enumerate(data.references, start=1)
        )
        FAQItem.objects.bulk_create(
            FAQItem(page=page, order=number, question=question, answer=answer)
            for number, (question, answer) in enumerate(data.faq, start=1)
        )


def pages_that_differ(page_files=None):
    """[(slug, [what differs])] for every page whose file and database row are not the same."""
    page_files = page_files if page_files is not None else read_page_files()
    pages = Page.objects.prefetch_related("references", "faq_items").in_bulk(
        [data.slug for data in page_files], field_name="slug"
    )
    drift = []
    for data in page_files:
        page = pages.get(data.slug)
        changed = data.differences(page) if page else ["not in the database"]
        if changed:
            drift.append((data.slug, changed))
    return drift

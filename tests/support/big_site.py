"""A site of many pages, made in a second or two, for the tests and the benchmark that check a
page costs the same however many pages the site has (`make bench-size`)."""

GENERATED_SLUG = "generated-page-{:05}"


def add_generated_pages(total, like="ketamine-therapy"):
    """Add published pages until the site has `total` pages; return how many were added.

    Each is a copy of the `like` page's text under a title and address of its own, and each asks
    to be in the menu: bulk_create skips the admin's check of the menu's limit, so this is the
    worst case a raw import could leave.
    """
    from content.models import Page
    from content.page_cache import drop_chrome_and_cached_pages

    model = Page.objects.get(slug=like)
    first = Page.objects.count()
    pages = [
        Page(
            title=f"Generated page {number}",
            slug=GENERATED_SLUG.format(number),
            meta_description=f"Generated page {number}, made to measure a site of many pages.",
            summary=f"Generated page {number}'s summary.",
            body=model.body,
            body_html=model.body_html,
            is_medical=False,
            is_published=True,
            show_in_navigation=True,
        )
        for number in range(first, total)
    ]
    Page.objects.bulk_create(pages, batch_size=500)
    drop_chrome_and_cached_pages()  # bulk_create sends no save signals
    return len(pages)

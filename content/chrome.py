"""What every page shows around its text (the practice's details and the menu), and the cache.

Both the chrome and whole rendered pages change only when staff save a page or the practice
details, so they are cached and cleared by the signals in `content.signals`.
"""

from django.core.cache import cache

from .models import Page, PracticeDetails

CHROME_CACHE_KEY = "content:site-chrome"


def page_cache_key(slug):
    return f"content:page:{slug}"


def get_site_chrome():
    chrome = cache.get(CHROME_CACHE_KEY)
    if chrome is None:
        chrome = {
            "practice": PracticeDetails.load(),
            "navigation": list(
                Page.objects.in_navigation().only("title", "nav_title", "slug", "summary")
            ),
        }
        cache.set(CHROME_CACHE_KEY, chrome, timeout=None)
    return chrome


def clear_site_chrome(extra_slugs=()):
    """Forget the chrome and every rendered page: the menu on each page may just have changed."""
    slugs = set(Page.objects.values_list("slug", flat=True)) | set(extra_slugs)
    cache.delete_many([CHROME_CACHE_KEY, *(page_cache_key(slug) for slug in slugs)])

"""What every page shows around its text: the practice's details and the menu.

Both change only when staff save a page or the practice details, so they are cached and the
cache is cleared by the signals in `content.signals`.
"""

from django.core.cache import cache

from .models import Page, PracticeDetails

CHROME_CACHE_KEY = "content:site-chrome"


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


def clear_site_chrome():
    cache.delete(CHROME_CACHE_KEY)

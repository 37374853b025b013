"""What every page shows around its text (the practice's details and the menu), and the version
of the site's content that rendered pages are kept against.

Both change only when staff save a page, a reference, a question or the practice details: the
signals in `content.signals` then clear the chrome and start a new content version.
"""

import secrets

from django.core.cache import cache

from .models import Page, PracticeDetails

CHROME_CACHE_KEY = "content:site-chrome"
VERSION_CACHE_KEY = "content:version"


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


def content_version():
    """A token that changes whenever staff change content; kept in the cache all workers share."""
    version = cache.get(VERSION_CACHE_KEY)
    if version is None:
        cache.add(VERSION_CACHE_KEY, secrets.token_hex(8), timeout=None)
        version = cache.get(VERSION_CACHE_KEY)
    return version


def clear_site_chrome():
    """Forget the chrome, and with a new version every rendered page in every worker."""
    cache.delete(CHROME_CACHE_KEY)
    cache.set(VERSION_CACHE_KEY, secrets.token_hex(8), timeout=None)

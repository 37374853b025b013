from .page_cache import get_site_chrome


def site_chrome(request):
    return get_site_chrome()

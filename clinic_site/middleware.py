import logging

from django.conf import settings

logger = logging.getLogger(__name__)


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not send, on every response.

    Responses that do not say how they may be cached are not stored anywhere: the consultation
    form, its thank-you page and the admin can hold health data. Content pages opt in to caching
    themselves (see content.views), and WhiteNoise sets its own caching for static files.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.headers.setdefault("Cache-Control", "no-store")
        return response


class UntrustedProxyWarningMiddleware:
    """Logs a warning once when the first requests all come through one proxy that no setting
    trusts (X-Forwarded-For set, one REMOTE_ADDR, DJANGO_TRUSTED_PROXY_COUNT=0).

    Then every visitor seems to have the proxy's address: one person's wrong passwords pause the
    admin for everyone, and the whole site shares the consultation form's hourly limit. Only the
    first requests of each worker are looked at, and no address is logged.
    """

    SAMPLE = 10

    def __init__(self, get_response):
        self.get_response = get_response
        self.watching = not settings.TRUSTED_PROXY_COUNT
        self.proxies = set()
        self.seen = 0

    def __call__(self, request):
        if self.watching and "x-forwarded-for" in request.headers:
            self.watch(request.META.get("REMOTE_ADDR"))
        return self.get_response(request)

    def watch(self, remote_addr):
        self.proxies.add(remote_addr)
        self.seen += 1
        if len(self.proxies) > 1:
            self.watching = False  # several sources: not one proxy in front of everyone
        elif self.seen >= self.SAMPLE:
            self.watching = False
            logger.warning(
                "The first %d requests all came through one proxy (X-Forwarded-For set, one "
                "sender) but DJANGO_TRUSTED_PROXY_COUNT is 0: every visitor shares one address, "
                "so the whole site shares one consultation-form limit and one admin lockout. "
                "Behind one reverse proxy, set DJANGO_TRUSTED_PROXY_COUNT=1.",
                self.seen,
            )

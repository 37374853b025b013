from django.conf import settings


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

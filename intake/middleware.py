from django.conf import settings
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property

from content.page_cache import kept_pieces

from .views import fill_empty_form


class FormBodyLimitMiddleware:
    """Refuses a consultation form post that is multipart or larger than INTAKE_MAX_BODY_BYTES,
    before anything reads its body.

    The form has no file field and its longest honest post is a few tens of kilobytes, so a
    bigger one is a mistake or an attack; left alone, Django would write an upload of any size to
    a temporary file while the CSRF check reads the post. It sits before the session and CSRF
    middleware for that reason. The answer is a page that keeps the crisis line.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path_info == reverse("intake:request"):
            try:
                length = int(request.headers.get("content-length") or 0)
            except ValueError:
                length = settings.INTAKE_MAX_BODY_BYTES + 1
            multipart = request.content_type.startswith("multipart/")
            if multipart or length > settings.INTAKE_MAX_BODY_BYTES:
                context = {"limit_kb": settings.INTAKE_MAX_BODY_BYTES // 1024}
                return render(request, "intake/too_large.html", context, status=413)
        return self.get_response(request)


class KeptFormMiddleware:
    """The empty consultation form for a visitor without a session, from this worker's kept copy,
    before the session, authentication, messages, access-log and lockout middleware: none has
    anything to do for a page that is the same for everyone but its two tokens.

    Only the CSRF middleware's own steps run (read the visitor's CSRF cookie, set it on the
    answer), and the view's never-cache headers are added. A visitor with a session (who sent a
    form: its number goes in the start token), an address with a query, and the first visit after
    content changed go on to the view, which renders the page and keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    @cached_property
    def never_cache_headers(self):
        """The view's never-cache headers, made once (Cache-Control forbids keeping the page
        whatever the Expires date says)."""
        response = HttpResponse()
        add_never_cache_headers(response)
        return {name: response[name] for name in ("Expires", "Cache-Control")}

    @cached_property
    def form_path(self):
        return reverse("intake:request")

    def __call__(self, request):
        if (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.META.get("QUERY_STRING")
            and request.path_info == self.form_path
        ):
            pieces = kept_pieces(request)
            if pieces is not None:
                self.csrf.process_request(request)
                response = fill_empty_form(request, pieces, headers=self.never_cache_headers)
                return self.csrf.process_response(request, response)
        return self.get_response(request)

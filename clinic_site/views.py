from django.conf import settings
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_safe

from intake.client_ip import posted_from_our_own_page
from intake.forms import ConsultationRequestForm


@require_safe
@never_cache
def healthz(request):
    """For the load balancer and uptime checks: 200 when the database answers, 503 when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 (any database failure means "not healthy")
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


# Django's own error pages run the CSRF check again (so that a page with a form could show one),
# and that check reads the post's body. When reading the body is what failed (a charset other than
# UTF-8, a broken multipart post), it fails again inside the error page, then inside the 500 page,
# and the error escaped every middleware as the server's bare 500 without our headers. These two
# never read the body.


def bad_request(request, exception):
    """Our 400 page: a post whose body cannot be read, or any other bad request."""
    return render(request, "400.html", status=400)


def server_error(request):
    """Our 500 page, drawn without the database (which may be why we are here)."""
    return HttpResponseServerError(loader.get_template("500.html").render())


@sensitive_post_parameters()
@never_cache
def csrf_failure(request, reason=""):
    """A refused form, in the site's own page rather than Django's bare one.

    A consultation form sent from our own page (after a long pause, or with cookies blocked)
    comes back with everything the person typed, so sending it again is one click. One sent from
    another site comes back empty: echoing it with a fresh token would let a stranger's words be
    sent in the person's name with one click. Nothing from the refused post was saved.
    """
    if request.method == "POST" and request.path == reverse("intake:request"):
        own_page = posted_from_our_own_page(request)
        context = {
            "form": ConsultationRequestForm(request.POST if own_page else None),
            "csrf_failed": True,
            "cross_site": not own_page,
            "retention_days": settings.INTAKE_RETENTION_DAYS,
        }
        return render(request, "intake/request_form.html", context, status=403)
    return render(request, "403_csrf.html", status=403)

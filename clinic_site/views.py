from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_safe

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


@sensitive_post_parameters()
@never_cache
def csrf_failure(request, reason=""):
    """A refused form, in the site's own page rather than Django's bare one.

    The consultation form comes back with everything the person typed, so sending it again is
    one click: after a long pause or with cookies blocked, nobody has to type it all again. The
    new page carries a fresh token; nothing from the refused post was saved.
    """
    if request.method == "POST" and request.path == reverse("intake:request"):
        context = {
            "form": ConsultationRequestForm(request.POST),
            "csrf_failed": True,
            "retention_days": settings.INTAKE_RETENTION_DAYS,
        }
        return render(request, "intake/request_form.html", context, status=403)
    return render(request, "403_csrf.html", status=403)

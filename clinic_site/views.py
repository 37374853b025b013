from django.db import connection
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


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

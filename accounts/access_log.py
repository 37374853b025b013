"""Writing the access log. Everything that records an event goes through `record()`.

The staff member and their address come from the request being answered, which
AccessLogMiddleware makes known here; a model signal or an admin action needs no request
argument of its own. Only request numbers and a few words go in: never a patient's details.
"""

import ipaddress
from contextvars import ContextVar

from axes.helpers import get_client_ip_address

from .models import AccessEvent

Kind = AccessEvent.Kind

_current_request = ContextVar("access_log_request", default=None)


def client_address(request):
    """The same address django-axes locks out, however the site is told to find it; None when
    that is not an IP address (the log must be written whatever a proxy sends)."""
    address = get_client_ip_address(request)
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None


def current_request():
    return _current_request.get()


def set_current_request(request):
    return _current_request.set(request)


def reset_current_request(token):
    _current_request.reset(token)


def record(kind, *, request=None, user=None, username=None, number=None, detail=""):
    """Add one line to the access log. `request` defaults to the one being answered."""
    request = request or current_request()
    if user is None and request is not None:
        request_user = getattr(request, "user", None)
        if request_user is not None and request_user.is_authenticated:
            user = request_user
    if username is None:
        username = user.get_username() if user is not None else ""
    return AccessEvent.objects.create(
        kind=kind,
        user=user,
        username=username[:150],
        request_number=number,
        ip_address=client_address(request) if request is not None else None,
        detail=detail[:200],
    )


def record_export(consultations, request=None):
    """One line per exported request. Call it from wherever requests leave the admin as a file."""
    for consultation in consultations:
        record(Kind.EXPORTED, request=request, number=consultation.pk, detail="CSV")


def record_assignment(consultation, assignee, request=None):
    """For assignments saved without a model save (a queryset update), which no signal sees."""
    record(
        Kind.ASSIGNED,
        request=request,
        number=consultation.pk,
        detail=f"to {assignee.get_username()}" if assignee else "unassigned",
    )

"""Writing the access log: `record()` for one line, `record_each()` for one per request.

The staff member and their address come from the request being answered, which
AccessLogMiddleware makes known here; a model signal or an admin action needs no request
argument of its own. Only request numbers and a few words go in: never a patient's details.
"""

import ipaddress
from contextvars import ContextVar

from django.db.models import F

from intake.bulk import insert_per_row
from intake.client_ip import client_ip

from .models import AccessEvent

Kind = AccessEvent.Kind

_current_request = ContextVar("access_log_request", default=None)


def client_address(request):
    """The client's full address, found as django-axes finds it (which locks out an IPv6 client's
    whole /64); None when that is not an IP address (the log must be written whatever a proxy
    sends)."""
    address = client_ip(request)
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


def _fill_who(line, request, user=None, username=None):
    if user is None and request is not None:
        request_user = getattr(request, "user", None)
        if request_user is not None and request_user.is_authenticated:
            user = request_user
    line.user = user
    line.username = (username if username is not None else user.get_username() if user else "")[
        :150
    ]
    line.ip_address = client_address(request) if request is not None else None


def record(kind, *, request=None, user=None, username=None, number=None, detail=""):
    """Add one line to the access log. `request` defaults to the one being answered."""
    line = AccessEvent(kind=kind, request_number=number, detail=detail[:200])
    _fill_who(line, request or current_request(), user, username)
    line.save()
    return line


def record_each(kind, queryset, *, detail="", user=None, request=None):
    """One line per request in `queryset` (which must still exist), written by one
    INSERT … SELECT however many there are."""
    line = AccessEvent(kind=kind, detail=detail[:200])
    _fill_who(line, request or current_request(), user)
    insert_per_row(
        queryset,
        AccessEvent,
        at=line.at,
        user=line.user_id,
        username=line.username,
        kind=line.kind,
        ip_address=line.ip_address,
        detail=line.detail,
        request_number=F("pk"),
    )


def record_assignment(number, assignee, request=None):
    """Who a request was given to (or that it was given back)."""
    record(
        Kind.ASSIGNED,
        request=request,
        number=number,
        detail=f"to {assignee.get_username()}" if assignee else "unassigned",
    )

import contextlib
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db import DatabaseError, connection
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import user_has_device

from . import access_log
from .access_log import Kind


def clock():
    """Seconds since the epoch; the one place the session timeouts read the time."""
    return time.time()


# Session keys: when this session signed in, and when it last made a request.
SIGNED_IN_AT = "staff_signed_in_at"
LAST_SEEN = "staff_last_seen"
# When this session last passed its second factor (accounts.services.second_factor_passed).
VERIFIED_AT = "staff_verified_at"


def admin_path(path):
    return path.startswith(reverse("admin:index"))


def two_factor_path(path):
    """Pages an account that has not passed its second factor may still open."""
    return path.startswith(reverse("accounts:two_factor")) or path in {
        reverse("admin:login"),
        reverse("admin:logout"),
    }


class AccessLogMiddleware:
    """Makes the request known to accounts.access_log while it is answered, so an entry written
    from a signal knows who did it and from where. (A request's page is recorded where intake
    draws it, whatever URL led there: see intake.signals.viewed.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = access_log.set_current_request(request)
        try:
            return self.get_response(request)
        finally:
            access_log.reset_current_request(token)


class StaffSessionTimeoutMiddleware:
    """Signs staff out after STAFF_IDLE_TIMEOUT_SECONDS without a request, and SESSION_COOKIE_AGE
    after they signed in, and tells them why on the sign-in page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            response = self.check(request)
            if response is not None:
                return response
        return self.get_response(request)

    def check(self, request):
        now = clock()
        session = request.session
        signed_in_at = session.setdefault(SIGNED_IN_AT, now)
        last_seen = session.get(LAST_SEEN, now)
        idle_limit = settings.STAFF_IDLE_TIMEOUT_SECONDS
        if now - last_seen > idle_limit:
            reason = (
                f"You were signed out after {idle_limit // 60} minutes without activity, so "
                "nobody else can read patients' details on this computer. Please sign in again."
            )
            detail = "idle timeout"
        elif now - signed_in_at > settings.SESSION_COOKIE_AGE:
            reason = (
                f"You were signed out {settings.SESSION_COOKIE_AGE // 3600} hours after signing "
                "in, as every staff session is. Please sign in again."
            )
            detail = "session limit"
        else:
            session[LAST_SEEN] = now
            return None
        access_log.record(Kind.SIGNED_OUT, request=request, detail=detail)
        logout(request)
        messages.warning(request, reason)
        if admin_path(request.path):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return None


class TwoFactorRequiredMiddleware:
    """No admin page for an account that has not passed its second factor in this session: it is
    sent to the second-factor page, or to set one up if it has none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and admin_path(request.path)
            and not two_factor_path(request.path)
        ):
            step = "accounts:verify" if user_has_device(user) else "accounts:two_factor"
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(step)}?{query}")
        return self.get_response(request)


class StaffPagesPlannedForTheirValuesMiddleware:
    """On PostgreSQL, every statement of a staff page is planned for the values it runs with.

    Statements a connection runs often are kept prepared (the database OPTIONS in settings), which
    halves PostgreSQL's work per form post. After a few runs of one, though, PostgreSQL may keep a
    single plan for any values, and for the queue's filters that plan read every request ever kept
    (the open queue's count at 100,000 requests: 1.71x, `make bench-admin`). Planning every run
    costs a form post about 1 ms of PostgreSQL's time, so only staff pages ask for it, for the
    length of the request (a streamed CSV export reads its rows after, with the default).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            connection.vendor != "postgresql"
            or not admin_path(request.path)
            or not request.user.is_staff
        ):
            return self.get_response(request)
        with connection.cursor() as cursor:
            cursor.execute("SET plan_cache_mode = force_custom_plan")
        try:
            return self.get_response(request)
        finally:
            # A connection closed during the request took the setting with it; a broken one is
            # dropped when the request ends, so its error is the view's to report, not ours.
            if connection.connection is not None:
                with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
                    cursor.execute("RESET plan_cache_mode")

"""The second step of signing in: passing it, how recently, how many codes may be tried; and
how often a lockout is written to the access log."""

import hashlib

from axes.helpers import get_cool_off
from django.core.cache import cache
from django_otp import login as otp_login
from django_otp import user_has_device

from intake.client_ip import group_address, grouped_client_ip

from . import access_log, middleware
from .access_log import Kind
from .devices import device_kind
from .middleware import VERIFIED_AT

# Adding or removing a sign-in device, or making new recovery codes, needs a second factor
# passed at most this long ago: an unlocked computer left for a moment must not be enough.
FRESH_SECOND_FACTOR_SECONDS = 5 * 60

# Codes tried at the second step, counted per session and per client address (an IPv6 one by
# its /64) in fixed windows. Never per account: someone who knows a colleague's password must not
# be able to lock the colleague out by guessing (django-otp's own per-device throttle is off).
CODE_TRIES_PER_SESSION = 10
CODE_TRIES_PER_ADDRESS = 30
CODE_TRIES_WINDOW_SECONDS = 15 * 60


def second_factor_passed(request, device):
    """Mark the session verified with `device`, under a new session key set in this very
    response: a key seen during the password step opens nothing afterwards."""
    # Signing in with a password clears VERIFIED_AT (accounts.signals).
    again = VERIFIED_AT in request.session
    otp_login(request, device)
    request.session.cycle_key()
    request.session[VERIFIED_AT] = middleware.clock()
    access_log.record(
        Kind.SIGNED_IN,
        request=request,
        detail=f"{'again, ' if again else ''}with {device_kind(device)}",
    )


def needs_fresh_second_factor(request):
    """Whether changing this account's sign-in devices must first ask for the second factor
    again. A brand-new account (no device yet) sets up its first with the password alone."""
    if not user_has_device(request.user):
        return False
    verified_at = request.session.get(VERIFIED_AT)
    return (
        not request.user.is_verified()
        or verified_at is None
        or middleware.clock() - verified_at > FRESH_SECOND_FACTOR_SECONDS
    )


def _hashed(*parts):
    # Cache keys hold neither session keys nor addresses, and stay short for any cache server.
    return hashlib.sha256(":".join(str(part) for part in parts).encode()).hexdigest()


def _take_slot(counter, limit, timeout):
    """Take one of `limit` slots under `counter`; False when all are taken. Each slot is its own
    cache entry made by add(), with its own expiry: add() lets only one of two racing requests
    have a slot, and cache.incr() on the database cache would store the count again with the
    cache's default timeout."""
    slots = [f"{counter}:{n}" for n in range(limit)]
    taken = cache.get_many(slots)
    return any(cache.add(slot, 1, timeout) for slot in slots if slot not in taken)


def take_code_try(request):
    """Count one code tried at the second step against this session and this address; False
    once either has used up its tries for the window."""
    now = middleware.clock()
    window = int(now // CODE_TRIES_WINDOW_SECONDS)
    timeout = int((window + 1) * CODE_TRIES_WINDOW_SECONDS - now) + 1
    session = _hashed("second-step-session", request.session.session_key, window)
    address = _hashed("second-step-address", grouped_client_ip(request), window)
    return _take_slot(session, CODE_TRIES_PER_SESSION, timeout) and _take_slot(
        address, CODE_TRIES_PER_ADDRESS, timeout
    )


def first_lockout_line(address):
    """True the first time in a lockout period that a locked-out sign-in comes from `address` (an
    IPv6 one by its /64): each locked-out post afterwards adds nothing to the access log."""
    cool_off = get_cool_off()
    seconds = int(cool_off.total_seconds()) if cool_off else 60 * 60
    return cache.add(_hashed("locked-out-logged", group_address(address)), True, seconds)

"""Staff sign-in for tests and the admin benchmark: the password step, then the second factor."""

from django.conf import settings
from django.http import HttpRequest

# Every test staff member's password.
PASSWORD = "a-long-test-password"


def pass_second_factor(client, user):
    """Sign `user` in on the test `client` as the sign-in pages would, both steps; returns it.

    The password step, then an authenticator app (tests/accounts shows each step through the
    real pages, and that an admin page needs both).
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.services import second_factor_passed

    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="Test authenticator app", defaults={"confirmed": True}
    )
    request = HttpRequest()
    request.session = client.session
    request.user = user
    second_factor_passed(request, device)
    request.session.save()
    # The second factor gave the session a new key, as the real page does.
    client.cookies[settings.SESSION_COOKIE_NAME] = request.session.session_key
    return client


def staff_group(name):
    """The group its app creates after every migrate (and after a test flushes the tables)."""
    from django.contrib.auth.models import Group

    return Group.objects.get(name=name)

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import middleware


def app_code(key_hex):
    """What the staff member's authenticator app shows now."""
    return f"{TOTP(bytes.fromhex(key_hex)).token():06d}"


def wrong_code(key_hex):
    """A 6-digit code the app's key does not accept now (django-otp allows a step either side)."""
    accepted = set()
    for drift in (-1, 0, 1):
        totp = TOTP(bytes.fromhex(key_hex))
        totp.drift = drift
        accepted.add(f"{totp.token():06d}")
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in accepted)


@pytest.fixture
def give_app():
    """Give an account an authenticator app, as if it had set one up."""

    def give(user):
        return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)

    return give


@pytest.fixture
def password_only(client):
    """A session that has passed the password step and nothing more."""

    def sign_in_with_password(user):
        client.force_login(user)
        return client

    return sign_in_with_password


@pytest.fixture
def clock(monkeypatch):
    """Moves the staff sessions' clock forward without waiting."""

    class Clock:
        now = middleware.clock()

        def forward(self, seconds):
            self.now += seconds

    fake = Clock()
    monkeypatch.setattr(middleware, "clock", lambda: fake.now)
    return fake

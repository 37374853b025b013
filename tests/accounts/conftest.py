import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.intake.conftest import (  # noqa: F401 (fixtures shared with the intake tests)
    content_editor,
    intake_staff,
    make_request,
)

PASSWORD = "a-long-test-password"


def app_code(key_hex):
    """What the staff member's authenticator app shows now."""
    return f"{TOTP(bytes.fromhex(key_hex)).token():06d}"


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

"""Staff members' second factors: passkeys, an authenticator app, and one-time recovery codes."""

import base64
import io

import qrcode
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "Recovery codes"


def device_kind(device):
    if isinstance(device, WebAuthnCredential):
        return "a passkey"
    if isinstance(device, TOTPDevice):
        return "an authenticator app"
    if isinstance(device, StaticDevice):
        return "a recovery code"
    return "a device"


def sign_in_devices(user):
    """What the person can sign in with (recovery codes alone are a way back, not a method)."""
    return {
        "passkeys": list(WebAuthnCredential.objects.filter(user=user, confirmed=True)),
        "apps": list(TOTPDevice.objects.filter(user=user, confirmed=True)),
        "recovery_codes_left": StaticToken.objects.filter(
            device__user=user, device__confirmed=True
        ).count(),
    }


def has_sign_in_device(user):
    return (
        WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()
        or TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    )


@transaction.atomic
def new_recovery_codes(user):
    """Replace the person's recovery codes with fresh ones; returns them to be shown once."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def all_devices(user):
    return [
        *WebAuthnCredential.objects.filter(user=user),
        *TOTPDevice.objects.filter(user=user),
        *StaticDevice.objects.filter(user=user),
    ]


def reset_devices(user):
    """Remove every second factor of `user`: they set one up again at their next sign-in. Each
    removal is written to the access log (accounts.signals)."""
    devices = all_devices(user)
    for device in devices:
        device.delete()
    return len(devices)


def readable_secret(totp_device):
    """The app's key as people type it: base32, in groups of four."""
    secret = base64.b32encode(totp_device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_data_uri(text):
    """A PNG of the QR code, drawn here (Pillow), as a data: address for an <img>."""
    image = qrcode.make(text, box_size=6, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def has_recovery_codes(user):
    return StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME).exists()

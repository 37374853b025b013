"""Two-factor sign-in: no admin page without the second factor; setting one up; recovery codes;
a superuser resetting a colleague's devices."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AccessEvent
from accounts.views import TOTP_KEY_SESSION
from tests.support.staff import PASSWORD

from .conftest import app_code, wrong_code

pytestmark = pytest.mark.django_db

SET_UP = "/admin/two-factor/"
VERIFY = "/admin/two-factor/verify/"


def admin_urls(consultation):
    return [
        "/admin/",
        "/admin/intake/consultationrequest/",
        f"/admin/intake/consultationrequest/{consultation.pk}/change/",
        f"/admin/intake/consultationrequest/{consultation.pk}/history/",
        "/admin/content/page/",
        "/admin/auth/user/",
        "/admin/accounts/accessevent/",
        "/admin/password_change/",
    ]


def test_without_a_device_every_admin_page_sends_the_password_only_session_to_set_up(
    password_only, make_staff, make_request
):
    client = password_only(make_staff("boss", superuser=True))
    for url in admin_urls(make_request()):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{SET_UP}?next="), url


def test_with_a_device_every_admin_page_asks_for_the_second_factor_first(
    password_only, give_app, make_staff, make_request
):
    boss = make_staff("boss", superuser=True)
    give_app(boss)
    client = password_only(boss)
    for url in admin_urls(make_request()):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{VERIFY}?next="), url
    # Posting is refused too: an action on the queue does nothing.
    response = client.post("/admin/intake/consultationrequest/", {"action": "export_csv"})
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)


def test_the_admin_site_itself_refuses_an_unverified_session(rf, make_staff, give_app):
    # Even if a page were reached without the middleware, the site says no.
    from django.contrib import admin

    user = make_staff("boss", superuser=True)
    request = rf.get("/admin/")
    request.user = user
    user.is_verified = lambda: False
    assert not admin.site.has_permission(request)
    user.is_verified = lambda: True
    assert admin.site.has_permission(request)


def test_signing_in_with_password_then_app_code_opens_the_admin(client, intake_staff, give_app):
    user = intake_staff
    device = give_app(user)

    response = client.post(
        "/admin/login/?next=/admin/intake/consultationrequest/",
        {"username": "intake", "password": PASSWORD, "next": "/admin/intake/consultationrequest/"},
    )
    assert response.status_code == 302
    second_step = client.get(response["Location"], follow=True)
    assert second_step.redirect_chain[-1][0].startswith(VERIFY)
    assert "Second step of signing in" in second_step.content.decode()

    response = client.post(
        second_step.redirect_chain[-1][0],
        {"code": app_code(device.key), "next": "/admin/intake/consultationrequest/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/intake/consultationrequest/"
    assert client.get("/admin/intake/consultationrequest/").status_code == 200
    signed_in = AccessEvent.objects.get(kind=AccessEvent.Kind.SIGNED_IN)
    assert signed_in.user == user and "authenticator app" in signed_in.detail


@pytest.mark.parametrize("factor", ["app code", "recovery code"])
def test_the_response_accepting_the_second_factor_sets_a_new_session_key(
    client, intake_staff, give_app, settings, factor
):
    from accounts.devices import new_recovery_codes

    device = give_app(intake_staff)
    code = app_code(device.key) if factor == "app code" else new_recovery_codes(intake_staff)[0]
    client.post("/admin/login/", {"username": "intake", "password": PASSWORD})
    key_after_password = client.cookies[settings.SESSION_COOKIE_NAME].value

    accepted = client.post(VERIFY, {"code": code, "next": "/admin/"})

    assert accepted.status_code == 302
    new_key = accepted.cookies[settings.SESSION_COOKIE_NAME].value
    assert new_key and new_key != key_after_password
    # Whoever saw the key between the two steps holds a session that opens nothing, even if
    # they send it before the staff member's next request.
    stale = Client()
    stale.cookies[settings.SESSION_COOKIE_NAME] = key_after_password
    assert stale.get("/admin/")["Location"].startswith("/admin/login/")
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_with_a_message_and_logged(password_only, make_staff, give_app):
    user = make_staff("intake")
    give_app(user)
    client = password_only(user)

    response = client.post(VERIFY, {"code": "000000"})
    if response.status_code == 302:  # the one time in a million 000000 is the code
        pytest.skip("000000 happened to be the current code")

    assert response.status_code == 200
    assert "That code was not accepted" in response.content.decode()
    assert client.get("/admin/").status_code == 302
    failed = AccessEvent.objects.get(kind=AccessEvent.Kind.SIGN_IN_FAILED)
    assert failed.user == user and failed.detail == "wrong second-factor code"


def sign_in_from(address, username="intake"):
    """A browser at `address` that has typed the password."""
    browser = Client(REMOTE_ADDR=address)
    browser.post("/admin/login/", {"username": username, "password": PASSWORD})
    return browser


def test_a_strangers_wrong_codes_do_not_lock_the_real_person_out(intake_staff, give_app):
    device = give_app(intake_staff)
    # Someone who knows the password guesses 20 codes, from two sessions.
    for _ in range(2):
        stranger = sign_in_from("198.51.100.7")
        for _ in range(10):
            assert stranger.post(VERIFY, {"code": wrong_code(device.key)}).status_code == 200

    real = sign_in_from("203.0.113.20")
    response = real.post(VERIFY, {"code": app_code(device.key), "next": "/admin/"})

    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert real.get("/admin/").status_code == 200
    # A recovery code is not locked either.
    from accounts.devices import new_recovery_codes

    recovery = sign_in_from("192.0.2.30")
    response = recovery.post(VERIFY, {"code": new_recovery_codes(intake_staff)[0]})
    assert response.status_code == 302


def test_codes_tried_are_limited_per_session_and_per_address(
    intake_staff, give_app, monkeypatch, clock
):
    from accounts import services

    monkeypatch.setattr(services, "CODE_TRIES_PER_SESSION", 3)
    monkeypatch.setattr(services, "CODE_TRIES_PER_ADDRESS", 5)
    device = give_app(intake_staff)
    stranger = sign_in_from("198.51.100.7")
    for _ in range(3):
        stranger.post(VERIFY, {"code": wrong_code(device.key)})

    # The session has used its tries: even the right code is not checked.
    refused = stranger.post(VERIFY, {"code": app_code(device.key)})
    assert "Too many codes were tried" in refused.content.decode()
    assert stranger.get("/admin/").status_code == 302
    # A new session from the same address has what is left of the address's tries (2).
    again = sign_in_from("198.51.100.7")
    for _ in range(2):
        assert "not accepted" in again.post(VERIFY, {"code": "123"}).content.decode()
    assert "Too many" in again.post(VERIFY, {"code": app_code(device.key)}).content.decode()
    assert AccessEvent.objects.filter(detail="wrong second-factor code").count() == 5
    # Another address is not held back, and neither is this one once the window is over.
    assert (
        sign_in_from("203.0.113.20").post(VERIFY, {"code": app_code(device.key)}).status_code == 302
    )
    clock.forward(services.CODE_TRIES_WINDOW_SECONDS)
    later = sign_in_from("198.51.100.7")
    assert "not accepted" in later.post(VERIFY, {"code": "123"}).content.decode()


def test_a_staff_member_without_a_device_sets_up_an_app_and_gets_recovery_codes(
    password_only, make_staff
):
    user = make_staff("newcomer")
    client = password_only(user)

    page = client.get(f"{SET_UP}?next=/admin/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "you cannot open the staff pages until you have" in html
    # The QR code is drawn here, as an image in the page; the key is also given as text.
    assert re.search(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+"', html)
    key = client.session[TOTP_KEY_SESSION]
    wrong = client.post(SET_UP, {"code": "12345", "next": "/admin/"})
    assert "That code does not match" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()

    response = client.post(SET_UP, {"code": app_code(key), "next": "/admin/"})

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/two-factor/recovery-codes/")
    codes_page = client.get(response["Location"]).content.decode()
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", codes_page)
    assert len(codes) == 10
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(codes)
    # Shown once only.
    assert codes[0] not in client.get("/admin/two-factor/recovery-codes/").content.decode()
    assert client.get("/admin/").status_code == 200
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.DEVICE_ADDED).count() == 2


def test_a_recovery_code_signs_in_once(client, make_staff, give_app):
    from accounts.devices import new_recovery_codes

    user = make_staff("intake")
    give_app(user)
    code = new_recovery_codes(user)[0]

    client.force_login(user)
    assert client.post(VERIFY, {"code": code})["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200

    client.logout()
    client.force_login(user)
    assert client.post(VERIFY, {"code": code}).status_code == 200
    assert client.get("/admin/").status_code == 302


def test_a_password_alone_cannot_add_a_device_to_an_account_that_has_one(
    password_only, make_staff, give_app
):
    user = make_staff("intake")
    give_app(user)
    client = password_only(user)

    assert client.get(SET_UP)["Location"].startswith(VERIFY)
    assert client.post(SET_UP, {"code": "123456"})["Location"].startswith(VERIFY)
    passkey = client.post(
        reverse("otp_webauthn:credential-registration-begin"), content_type="application/json"
    )
    assert passkey.status_code == 403
    assert TOTPDevice.objects.filter(user=user).count() == 1


CONFIRM = "/admin/two-factor/confirm/"


def test_changing_sign_in_devices_asks_for_the_second_factor_again_after_five_minutes(
    client, make_staff, give_app, clock, settings
):
    from accounts.devices import new_recovery_codes

    boss = make_staff("boss", superuser=True)
    colleague = make_staff("colleague")
    give_app(colleague)
    device = give_app(boss)
    recovery_code = new_recovery_codes(boss)[0]
    client.post("/admin/login/", {"username": "boss", "password": PASSWORD})
    client.post(VERIFY, {"code": app_code(device.key)})

    clock.forward(4 * 60)
    assert client.get(SET_UP).status_code == 200
    clock.forward(2 * 60)  # the second factor was 6 minutes ago; the session is still open
    assert client.get("/admin/").status_code == 200

    asked = [
        client.get(f"{SET_UP}?next=/admin/"),
        client.post(SET_UP, {"code": "123456"}),
        client.post("/admin/two-factor/recovery-codes/"),
        client.post(
            "/admin/auth/user/", {"action": "reset_two_factor", "_selected_action": [colleague.pk]}
        ),
    ]
    for response in asked:
        assert response.status_code == 302
        assert response["Location"].startswith(f"{CONFIRM}?next=")
    assert TOTPDevice.objects.filter(user=colleague).exists()
    assert StaticToken.objects.filter(device__user=boss).count() == 10
    passkey = client.post(
        reverse("otp_webauthn:credential-registration-begin"), content_type="application/json"
    )
    assert passkey.status_code == 403

    confirm_page = client.get(asked[0]["Location"])
    assert "confirm it is you again" in confirm_page.content.decode()
    old_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    confirmed = client.post(asked[0]["Location"], {"code": recovery_code, "next": "/admin/"})
    assert confirmed["Location"] == "/admin/"
    assert confirmed.cookies[settings.SESSION_COOKIE_NAME].value != old_key
    assert client.get(SET_UP).status_code == 200
    old_codes = set(StaticToken.objects.filter(device__user=boss).values_list("token", flat=True))
    assert client.post("/admin/two-factor/recovery-codes/").status_code == 302
    new_codes = set(StaticToken.objects.filter(device__user=boss).values_list("token", flat=True))
    assert len(new_codes) == 10 and not new_codes & old_codes
    assert AccessEvent.objects.filter(kind="signed_in", detail__startswith="again").count() == 1


def test_a_superuser_resets_a_colleagues_devices_and_it_is_logged(
    sign_in, client, make_staff, give_app, password_only
):
    boss = make_staff("boss", superuser=True)
    colleague = make_staff("colleague")
    give_app(colleague)
    sign_in(client, boss)

    response = client.post(
        "/admin/auth/user/", {"action": "reset_two_factor", "_selected_action": [colleague.pk]}
    )

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    reset = AccessEvent.objects.get(kind=AccessEvent.Kind.DEVICE_RESET)
    assert reset.user == boss and reset.detail == "authenticator app of colleague"
    # The colleague sets up a new one at their next sign-in.
    colleague_client = password_only(colleague)
    assert colleague_client.get("/admin/")["Location"].startswith(SET_UP)


def test_only_a_superuser_may_reset_devices(sign_in, client, make_staff, give_app):
    from django.contrib.auth.models import Permission

    manager = make_staff("manager")
    manager.user_permissions.add(*Permission.objects.filter(codename__endswith="_user"))
    colleague = make_staff("colleague")
    give_app(colleague)
    sign_in(client, manager)

    client.post(
        "/admin/auth/user/", {"action": "reset_two_factor", "_selected_action": [colleague.pk]}
    )

    assert TOTPDevice.objects.filter(user=colleague).exists()


def test_the_sign_in_page_says_a_second_step_follows(client):
    page = client.get("/admin/login/").content.decode()
    assert "After your password, you confirm it is you with a passkey" in page
    assert 'name="password"' in page


def test_the_sign_in_page_has_a_main_heading(client):
    page = client.get("/admin/login/").content.decode()
    assert re.search(r"<h1>Staff sign-in</h1>", page)


def test_recovery_codes_download_as_a_text_file_with_every_code(sign_in, client, make_staff):
    from urllib.parse import unquote

    user = make_staff("codes")
    sign_in(client, user)

    page = client.post("/admin/two-factor/recovery-codes/", follow=True).content.decode()

    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", page)
    link = re.search(r'<a href="data:text/plain;charset=utf-8,([^"]+)" download="([^"]+)"', page)
    assert link and link[2].endswith(".txt")
    text = unquote(link[1])
    assert [line for line in text.splitlines() if line in codes] == codes
    assert "recovery codes for codes" in text
    # Copy and Print need the script, which shows them.
    assert re.search(r'<button type="button" class="button" id="copy-codes" hidden>Copy', page)
    assert re.search(r'<button type="button" class="button" id="print-codes" hidden>Print', page)
    assert "<script>" not in page and "onclick" not in page


def test_the_devices_are_named_by_kind_and_the_day_they_were_added(
    sign_in, client, make_staff, give_app
):
    from django.utils import timezone
    from django.utils.formats import date_format
    from django_otp_webauthn.models import WebAuthnCredential

    user = make_staff("devices")
    give_app(user)
    WebAuthnCredential.objects.create(
        user=user, name="devices", confirmed=True, credential_id=b"1", public_key=b"1"
    )
    sign_in(client, user)

    page = client.get(SET_UP).content.decode()

    today = date_format(timezone.localdate(), "DATE_FORMAT")
    current = page[page.index('id="current-heading"') : page.index("</section>")]
    assert f"<li>Passkey, added {today}</li>" in current
    assert f"<li>Authenticator app, added {today}</li>" in current

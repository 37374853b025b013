"""Two-factor sign-in in real Chromium: a passkey on Chromium's virtual authenticator, an app
code computed here; axe-core on the sign-in, second-step, set-up and access-log pages."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AccessEvent
from tests.support.browser import axe_violations
from tests.support.staff import PASSWORD

from .conftest import app_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _passkeys_for_the_test_server(settings, live_server):
    # The live server is http://localhost:PORT; browsers treat localhost as a secure origin.
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]


def virtual_authenticator(tab):
    """Chromium's built-in passkey device: it answers WebAuthn as a phone or laptop would."""
    cdp = tab.context.new_cdp_session(tab)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return cdp


def session_key(tab):
    name = settings.SESSION_COOKIE_NAME
    return next(c["value"] for c in tab.context.cookies() if c["name"] == name)


def sets_a_new_session_key(response, old_key):
    """Whether this response itself gives the browser a new session key, and the old one is
    dead (tried from another browser before this one sends anything else)."""
    cookies = response.header_value("set-cookie") or ""
    new_cookie = f"{settings.SESSION_COOKIE_NAME}=" in cookies and old_key not in cookies
    stale = Client()
    stale.cookies[settings.SESSION_COOKIE_NAME] = old_key
    return new_cookie and stale.get("/admin/").status_code == 302


def sign_in_with_password(tab, base, username, next_path="/admin/"):
    tab.goto(f"{base}/admin/login/?next={next_path}")
    tab.fill("#id_username", username)
    tab.fill("#id_password", PASSWORD)
    tab.click("input[type=submit]")
    tab.wait_for_load_state()


def test_password_then_passkey_set_up_at_first_sign_in_and_used_at_the_next(
    open_tab, live_server, make_staff
):
    make_staff("newcomer")
    tab = open_tab()
    virtual_authenticator(tab)
    base = live_server.url

    sign_in_with_password(tab, base, "newcomer")
    assert tab.url.startswith(f"{base}/admin/two-factor/?next=")
    # The admin is out of reach until a second factor is set up.
    tab.goto(f"{base}/admin/intake/consultationrequest/")
    assert tab.url.startswith(f"{base}/admin/two-factor/?next=")

    key_after_password = session_key(tab)
    with tab.expect_response(re.compile(r"/passkeys/registration/complete/")) as registered:
        tab.click("#passkey-register-button")
    tab.wait_for_url(re.compile(r"/admin/two-factor/recovery-codes/"))
    assert sets_a_new_session_key(registered.value, key_after_password)
    assert tab.locator(".recovery-codes li").count() == 10
    tab.click("text=I have saved my codes: continue")
    tab.wait_for_url(re.compile(r"/admin/intake/consultationrequest/$"))
    assert tab.locator("h1").first.inner_text() != ""

    # Next time: the password, then the passkey.
    tab.context.clear_cookies()
    sign_in_with_password(tab, base, "newcomer")
    assert "/admin/two-factor/verify/" in tab.url
    tab.goto(f"{base}/admin/")
    assert "/admin/two-factor/verify/" in tab.url
    key_after_password = session_key(tab)
    with tab.expect_response(re.compile(r"/passkeys/authentication/complete/")) as verified:
        tab.click("#passkey-verification-button")
    tab.wait_for_url(f"{base}/admin/")
    assert sets_a_new_session_key(verified.value, key_after_password)
    assert tab.locator("#site-name").is_visible()
    signed_in = AccessEvent.objects.filter(kind="signed_in", username="newcomer")
    assert [event.detail for event in signed_in.order_by("at")] == [
        "with a passkey",
        "with a passkey",
    ]


def test_password_then_app_code(open_tab, live_server, intake_staff):
    device = TOTPDevice.objects.create(user=intake_staff, name="Phone", confirmed=True)
    tab = open_tab()
    base = live_server.url

    sign_in_with_password(tab, base, "intake", "/admin/intake/consultationrequest/")
    assert "/admin/two-factor/verify/" in tab.url
    tab.fill("#id_code", app_code(device.key))
    tab.click("text=Continue")

    tab.wait_for_url(f"{base}/admin/intake/consultationrequest/")
    assert tab.get_by_role("heading", level=1).inner_text() == "Consultation requests"


def test_sign_in_second_step_and_set_up_pages_have_no_axe_violations(
    open_tab, live_server, make_staff
):
    make_staff("newcomer")
    with_app = make_staff("withapp")
    TOTPDevice.objects.create(user=with_app, name="Phone", confirmed=True)
    base = live_server.url
    tab = open_tab()

    tab.goto(f"{base}/admin/login/")
    assert tab.get_by_role("heading", level=1, name="Staff sign-in").is_visible()
    assert axe_violations(tab) == [], "sign-in page"
    sign_in_with_password(tab, base, "newcomer")
    assert axe_violations(tab) == [], "set-up page"
    tab.fill("#id_code", "1")
    tab.click("text=Add this app")
    assert "does not match" in tab.content()
    assert axe_violations(tab) == [], "set-up page with an error"

    second = open_tab()
    sign_in_with_password(second, base, "withapp")
    assert axe_violations(second) == [], "second-step page"


def test_the_access_log_page_has_no_axe_violations(
    open_tab, live_server, make_staff, sign_in_tab, make_request
):
    consultation = make_request()
    AccessEvent.objects.create(kind="viewed", username="intake", request_number=consultation.pk)
    AccessEvent.objects.create(kind="failed", username="nobody", ip_address="192.0.2.1")
    tab = sign_in_tab(open_tab(), live_server.url, make_staff("boss", superuser=True))

    tab.goto(f"{live_server.url}/admin/accounts/accessevent/")
    assert "failed to sign in" in tab.content()
    assert axe_violations(tab) == []


def test_a_page_left_open_warns_a_minute_before_the_idle_sign_out(
    open_tab, live_server, intake_staff, sign_in_tab
):
    from playwright.sync_api import expect

    tab = sign_in_tab(open_tab(), live_server.url, intake_staff)
    tab.clock.install()
    tab.goto(f"{live_server.url}/admin/intake/consultationrequest/")
    warning = tab.locator(".idle-warning")
    tab.clock.run_for("13:59")
    expect(warning).to_have_count(0)

    tab.clock.run_for("00:02")

    expect(warning).to_contain_text("signed out in one minute")
    assert axe_violations(tab) == []
    with tab.expect_response("**/admin/two-factor/still-here/") as answer:
        tab.get_by_role("button", name="Stay signed in").click()
    assert answer.value.status == 204
    expect(warning).to_have_count(0)


def test_recovery_codes_are_large_and_can_be_downloaded_copied_and_printed(
    open_tab, live_server, make_staff, sign_in_tab
):
    from tests.support.browser import DESKTOP, PHONE

    tab = sign_in_tab(open_tab(PHONE), live_server.url, make_staff("codes"))
    tab.context.grant_permissions(["clipboard-read", "clipboard-write"])
    # Record the print dialog instead of opening it.
    tab.add_init_script("window.print = () => { window.printed = true; };")
    tab.goto(f"{live_server.url}/admin/two-factor/recovery-codes/?next=/admin/")
    tab.get_by_role("button", name="Make new recovery codes").click()
    tab.wait_for_load_state()
    codes = [code.strip() for code in tab.locator(".recovery-codes li").all_inner_texts()]
    assert len(codes) == 10

    size = tab.locator(".recovery-codes code").first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert size >= 20
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    with tab.expect_download() as download:
        tab.get_by_role("link", name="Download (.txt)").click()
    assert download.value.suggested_filename == "recovery-codes.txt"
    saved = download.value.path().read_text(encoding="utf-8").split()
    assert [word for word in saved if word in codes] == codes

    tab.get_by_role("button", name="Copy").click()
    tab.get_by_text("Copied the 10 codes").wait_for()
    assert tab.evaluate("navigator.clipboard.readText()").split() == codes

    tab.get_by_role("button", name="Print").click()
    assert tab.evaluate("window.printed") is True
    # Printed, the page is the codes and whose they are: no header, no buttons.
    assert not tab.locator(".printed-only").is_visible()
    tab.emulate_media(media="print")
    assert tab.locator(".recovery-codes").is_visible()
    assert "recovery codes for codes, made on" in tab.locator(".printed-only").inner_text()
    assert not tab.locator("#header").is_visible()
    assert not tab.get_by_role("button", name="Copy").is_visible()
    tab.emulate_media(media="screen")

    go_on = tab.get_by_role("link", name="I have saved my codes: continue")
    remake = tab.get_by_role("button", name="Make new recovery codes")
    assert go_on.bounding_box()["y"] < remake.bounding_box()["y"]
    background = "e => getComputedStyle(e).backgroundColor"
    assert remake.evaluate(background) == "rgba(0, 0, 0, 0)"
    assert go_on.evaluate(background) != "rgba(0, 0, 0, 0)"
    assert axe_violations(tab) == []

    # The page listing how they sign in: each device by kind and day, its link underlined.
    tab.set_viewport_size(DESKTOP)
    tab.goto(f"{live_server.url}/admin/two-factor/")
    assert tab.get_by_text("Authenticator app, added", exact=False).first.is_visible()
    link = tab.get_by_role("link", name="recovery codes", exact=True)
    assert "underline" in link.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert axe_violations(tab) == []


def test_on_a_phone_the_app_key_to_type_comes_before_the_qr_code(open_tab, live_server, make_staff):
    from tests.support.browser import PHONE, at_each_width, scrolls_sideways

    make_staff("newcomer")
    tab = open_tab(PHONE)
    sign_in_with_password(tab, live_server.url, "newcomer")

    for viewport in at_each_width(tab):
        key = tab.locator("#app-secret").bounding_box()["y"]
        qr_code = tab.locator("img.qr-code").bounding_box()["y"]
        assert (key < qr_code) == (viewport is PHONE), viewport
        assert not scrolls_sideways(tab), viewport

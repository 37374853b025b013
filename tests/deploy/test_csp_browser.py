"""The Content-Security-Policy in real Chromium: nothing on the site or in the admin is blocked."""

import pytest

from content.models import Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_for_blocking(tab):
    """Collect what the browser reports as refused by the policy."""
    blocked = []
    tab.on(
        "console",
        lambda message: (
            blocked.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    return blocked


def test_pages_and_the_form_load_with_nothing_blocked(open_tab, live_server, site_pages):
    tab = open_tab()
    blocked = watch_for_blocking(tab)
    for path in ["/", "/ketamine-therapy/", "/faq/", "/consultation/"]:
        response = tab.goto(live_server.url + path)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        tab.wait_for_load_state("load")
    assert blocked == []


def test_admin_login_and_a_change_page_work_under_the_policy(
    open_tab, live_server, site_pages, make_staff
):
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    editor = make_staff("editor", superuser=True)
    app = TOTPDevice.objects.create(user=editor, name="Phone", confirmed=True)
    tab = open_tab()
    blocked = watch_for_blocking(tab)
    tab.goto(live_server.url + "/admin/login/")
    tab.fill("#id_username", "editor")
    tab.fill("#id_password", "a-long-test-password")
    tab.click("input[type=submit]")
    # The second step of signing in works under the same policy (the passkey pages: tests/accounts).
    tab.wait_for_url("**/admin/two-factor/verify/**")
    tab.fill("#id_code", f"{TOTP(bytes.fromhex(app.key)).token():06d}")
    tab.click("text=Continue")
    tab.wait_for_url(live_server.url + "/admin/")
    page = Page.objects.get(slug="faq")
    tab.goto(f"{live_server.url}/admin/content/page/{page.pk}/change/")
    tab.wait_for_load_state("load")
    # The admin's own scripts ran: inline "Add another" rows are built by inlines.js.
    assert tab.locator(".add-row a").count() >= 1
    assert blocked == []

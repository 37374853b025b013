"""Staff sessions end after 15 idle minutes and 8 hours after signing in, and say why."""

import pytest

from accounts.models import AccessEvent

pytestmark = pytest.mark.django_db

QUEUE = "/admin/intake/consultationrequest/"


@pytest.fixture
def staff_client(clock, sign_in, client, intake_staff):
    sign_in(client, intake_staff)
    assert client.get(QUEUE).status_code == 200
    return client


def test_fifteen_idle_minutes_sign_staff_out_and_the_sign_in_page_says_why(
    staff_client, clock, settings
):
    assert settings.STAFF_IDLE_TIMEOUT_SECONDS == 15 * 60
    clock.forward(15 * 60 + 1)

    response = staff_client.get(QUEUE)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")
    sign_in_page = staff_client.get(response["Location"]).content.decode()
    assert "signed out after 15 minutes without activity" in sign_in_page
    # The session is over: the queue needs a new sign-in.
    assert staff_client.get(QUEUE)["Location"].startswith("/admin/login/")
    assert AccessEvent.objects.get(kind="signed_out").detail == "idle timeout"


def test_any_request_within_fifteen_minutes_keeps_the_session(staff_client, clock):
    for _ in range(4):
        clock.forward(14 * 60)
        assert staff_client.get(QUEUE).status_code == 200


def test_the_idle_warning_keeps_the_session_with_one_request(staff_client, clock):
    clock.forward(14 * 60)
    assert staff_client.post("/admin/two-factor/still-here/").status_code == 204
    clock.forward(14 * 60)
    assert staff_client.get(QUEUE).status_code == 200


def test_eight_hours_after_signing_in_the_session_ends_however_busy(staff_client, clock):
    for _ in range(8 * 60 // 10):
        clock.forward(10 * 60)
        assert staff_client.get(QUEUE).status_code == 200
    clock.forward(10 * 60)

    response = staff_client.get(QUEUE, follow=True)

    assert "signed out 8 hours after signing in" in response.content.decode()


def test_the_staff_pages_load_the_idle_warning_script(staff_client, settings):
    settings.STAFF_IDLE_TIMEOUT_SECONDS = 600
    html = staff_client.get(QUEUE).content.decode()
    assert 'src="/static/js/idle-warning.js"' in html
    assert 'data-idle-seconds="600"' in html


@pytest.mark.parametrize(
    ("debug", "names"),
    [("false", "__Host-sessionid __Host-csrftoken"), ("true", "sessionid csrftoken")],
)
def test_cookies_carry_the_host_prefix_except_over_local_plain_http(debug, names):
    # Production (HTTPS): no other subdomain can set or replace them. Local work over plain http
    # keeps the usual names, which a browser would otherwise refuse.
    from tests.deploy.test_security import PRODUCTION_ENV, run_manage

    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)",
        **{**PRODUCTION_ENV, "DJANGO_DEBUG": debug},
    )

    assert result.stdout.strip().splitlines()[-1] == names, result.stderr

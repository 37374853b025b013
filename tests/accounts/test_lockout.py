"""The admin sign-in lockout (django-axes) holds: a pause after repeated failures, per account
across addresses, per address across accounts, per real client behind the proxy, and signing in
to one's own account does not wipe the count of guesses at someone else's."""

import pytest
from axes.models import AccessAttempt

from accounts.models import AccessEvent
from tests.support.staff import PASSWORD

pytestmark = [pytest.mark.axes, pytest.mark.django_db]

LOGIN = "/admin/login/?next=/admin/"


def sign_in_attempt(client, username, password, address, forwarded_for=None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post(
        LOGIN, {"username": username, "password": password}, headers=headers, REMOTE_ADDR=address
    )


@pytest.fixture
def accounts(make_staff):
    return make_staff("editor"), make_staff("victim")


def test_admin_login_locks_out_after_repeated_failures(client, make_staff, settings):
    make_staff("editor")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        # The form again, with an error.
        assert sign_in_attempt(client, "editor", "wrong-guess", "10.0.0.2").status_code == 200
    locked = sign_in_attempt(client, "editor", "wrong-guess", "10.0.0.2")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Sign-in paused" in html and "60 minutes" in html
    # Even the right password is refused until the pause ends.
    assert sign_in_attempt(client, "editor", PASSWORD, "10.0.0.2").status_code == 429


def test_behind_one_proxy_the_lockout_follows_the_real_client(client, make_staff, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    make_staff("editor")
    make_staff("colleague")
    proxy = "10.0.0.2"  # every request reaches gunicorn from the reverse proxy
    for n in range(settings.AXES_FAILURE_LIMIT):
        # Making up an X-Forwarded-For entry does not dodge the lockout: our proxy appends the
        # address it really saw, and only that last entry counts.
        sign_in_attempt(client, "editor", "wrong-guess", proxy, f"192.0.2.{n}, 203.0.113.7")
    assert sign_in_attempt(client, "editor", "wrong", proxy, "203.0.113.7").status_code == 429
    # Someone else behind the same proxy can still sign in to their own account.
    other = sign_in_attempt(client, "colleague", PASSWORD, proxy, "198.51.100.4")
    assert other.status_code == 302


def test_signing_in_as_oneself_between_guesses_no_longer_resets_them(client, accounts, settings):
    # The walk-around found: 4 wrong guesses at a colleague, then a sign-in as oneself, 8 times.
    statuses = []
    for _ in range(8):
        for _ in range(4):
            statuses.append(sign_in_attempt(client, "victim", "guess", "10.0.0.5").status_code)
        sign_in_attempt(client, "editor", PASSWORD, "10.0.0.5")

    assert 429 in statuses
    assert statuses.index(429) < settings.AXES_FAILURE_LIMIT
    # The colleague's account is paused wherever the right password comes from.
    assert sign_in_attempt(client, "victim", PASSWORD, "198.51.100.9").status_code == 429
    assert AccessEvent.objects.filter(kind="locked_out", username="victim").exists()


def test_guesses_at_one_account_spread_over_twenty_addresses_lock_it(client, accounts, settings):
    statuses = [
        sign_in_attempt(client, "victim", "guess", f"203.0.113.{n}").status_code for n in range(20)
    ]

    assert statuses[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert set(statuses[settings.AXES_FAILURE_LIMIT - 1 :]) == {429}
    assert sign_in_attempt(client, "victim", PASSWORD, "203.0.113.99").status_code == 429


def test_guesses_at_many_accounts_from_one_address_lock_that_address(client, make_staff, settings):
    names = [f"person{n}" for n in range(settings.AXES_FAILURE_LIMIT)]
    for name in names:
        make_staff(name)
    make_staff("bystander")

    for name in names:
        sign_in_attempt(client, name, "guess", "10.0.0.7")

    # The address is paused, even for an account nobody guessed at...
    assert sign_in_attempt(client, "bystander", PASSWORD, "10.0.0.7").status_code == 429
    # ...but the same person from their own address is not.
    assert sign_in_attempt(client, "bystander", PASSWORD, "10.0.0.8").status_code == 302


def test_guesses_from_one_ipv6_64_lock_the_whole_64(client, make_staff, settings):
    # One home or server holds a whole /64: a new address from it is not a new client.
    names = [f"person{n}" for n in range(settings.AXES_FAILURE_LIMIT)]
    for name in names:
        make_staff(name)
    make_staff("bystander")

    for number, name in enumerate(names, start=1):
        sign_in_attempt(client, name, "guess", f"2001:db8:7:1::{number:x}")

    assert sign_in_attempt(client, "bystander", PASSWORD, "2001:db8:7:1::ff").status_code == 429
    assert sign_in_attempt(client, "bystander", PASSWORD, "2001:db8:7:2::1").status_code == 302
    # The access log still says which address each guess came from.
    failed = AccessEvent.objects.filter(kind="failed", username="person0").get()
    assert failed.ip_address == "2001:db8:7:1::1"


def test_a_success_clears_only_that_accounts_failures_from_that_address(client, accounts):
    for _ in range(2):  # 4 failures from the address: under the limit of 5
        sign_in_attempt(client, "editor", "typo", "10.0.0.5")
        sign_in_attempt(client, "victim", "guess", "10.0.0.5")
    sign_in_attempt(client, "editor", "typo", "10.0.0.6")

    assert sign_in_attempt(client, "editor", PASSWORD, "10.0.0.5").status_code == 302

    left = set(AccessAttempt.objects.values_list("username", "ip_address", "failures_since_start"))
    assert left == {("victim", "10.0.0.5", 2), ("editor", "10.0.0.6", 1)}


def test_failed_sign_ins_are_in_the_access_log_with_the_address(client, accounts):
    sign_in_attempt(client, "victim", "guess", "192.0.2.44")

    failed = AccessEvent.objects.get(kind="failed")
    assert (failed.username, failed.ip_address) == ("victim", "192.0.2.44")
    assert failed.user.username == "victim"


def test_sign_ins_while_locked_out_add_one_access_log_line_per_address(client, accounts, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in_attempt(client, f"made-up-{n}", "guess", "10.0.0.9")
    logged = AccessEvent.objects.count()
    assert AccessEvent.objects.filter(kind="locked_out", ip_address="10.0.0.9").count() == 1

    for n in range(30):
        assert sign_in_attempt(client, f"other-{n}", "guess", "10.0.0.9").status_code == 429

    assert AccessEvent.objects.count() == logged
    # The locked account, tried from another address: that address gets its one line.
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in_attempt(client, "victim", "guess", f"203.0.113.{n}")
    for _ in range(10):
        assert sign_in_attempt(client, "victim", PASSWORD, "198.51.100.9").status_code == 429
    from_there = AccessEvent.objects.filter(ip_address="198.51.100.9")
    assert list(from_there.values_list("kind", "username")) == [("locked_out", "victim")]


def test_a_typed_user_name_is_cut_to_the_column_and_shown_escaped(client, rf, make_staff, sign_in):
    from django.contrib.auth.signals import user_login_failed
    from django.test import Client

    typed = "<b>name</b>" + "x" * 139
    sign_in_attempt(client, typed, "guess", "192.0.2.50")
    # A name longer than any account's is refused by the form before it is looked up, never a
    # server error (django-axes' own table holds 255 characters, which PostgreSQL enforces).
    refused = sign_in_attempt(client, "z" * 1000, "guess", "192.0.2.52")
    assert refused.status_code == 200
    assert "at most 150 characters" in refused.content.decode()
    # However a sign-in failure is reported, the name stored fits the column.
    user_login_failed.send(
        sender=__name__,
        credentials={"username": "<i>long</i>" + "y" * 200},
        request=rf.post("/admin/login/", REMOTE_ADDR="192.0.2.51"),
    )

    stored = AccessEvent.objects.filter(kind="failed").values_list("username", flat=True)
    assert sorted(stored) == sorted([typed, ("<i>long</i>" + "y" * 200)[:150]])
    listing = sign_in(Client(), make_staff("boss", superuser=True))
    html = listing.get("/admin/accounts/accessevent/").content.decode()
    assert "&lt;b&gt;name&lt;/b&gt;" in html and "<b>name</b>" not in html


def test_a_superuser_finds_sign_in_lockouts_by_that_name_and_lifts_one(
    client, accounts, make_staff, sign_in, settings
):
    from django.test import Client

    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in_attempt(client, "victim", "guess", f"203.0.113.{n}")
    assert sign_in_attempt(client, "victim", PASSWORD, "203.0.113.99").status_code == 429
    boss = sign_in(Client(), make_staff("boss", superuser=True))

    index = boss.get("/admin/").content.decode()
    assert "Sign-in lockouts" in index
    # Only one thing in the admin is called an access log: the practice's own.
    assert "Access attempts" not in index and "Access logs" not in index
    assert ">Axes<" not in index
    lockouts = boss.get("/admin/accounts/signinlockout/")
    assert lockouts.status_code == 200 and "victim" in lockouts.content.decode()

    rows = AccessAttempt.objects.filter(username="victim").values_list("pk", flat=True)
    boss.post(
        "/admin/accounts/signinlockout/",
        {"action": "delete_selected", "_selected_action": list(rows), "post": "yes"},
    )

    assert not AccessAttempt.objects.filter(username="victim").exists()
    assert sign_in_attempt(client, "victim", PASSWORD, "203.0.113.99").status_code == 302


def test_other_staff_do_not_see_sign_in_lockouts(client, sign_in, intake_staff):
    sign_in(client, intake_staff)
    assert "Sign-in lockouts" not in client.get("/admin/").content.decode()
    assert client.get("/admin/accounts/signinlockout/").status_code == 403

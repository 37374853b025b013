import os

import pytest
from django.core.cache import cache

from tests.support import fuzz  # noqa: F401 (registers the hypothesis profile "fast")
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP, browser_skip_reason
from tests.support.staff import PASSWORD, pass_second_factor, staff_group


def pytest_report_header(config):
    return browser_skip_reason() or f"browser tests: Chromium at {CHROMIUM}"


def pytest_terminal_summary(terminalreporter):
    reason = browser_skip_reason()
    if reason:
        terminalreporter.write_line(f"NOTE: {reason}", yellow=True, bold=True)


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage needs collectstatic; tests serve the files as they are.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # PBKDF2 is slow on purpose; it took half the suite's time. Tests need no strong hashes.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _axes_off_unless_marked(request, settings):
    # force_login and repeated logins in tests would trip the lockout; tests/accounts/test_lockout.py
    # turns it on with @pytest.mark.axes.
    settings.AXES_ENABLED = request.node.get_closest_marker("axes") is not None


@pytest.fixture(autouse=True)
def _empty_cache():
    from content.page_cache import current_version

    # Each test starts as a new worker would: nothing in the shared cache, no version read yet.
    cache.clear()
    current_version.forget()
    yield
    cache.clear()
    current_version.forget()


@pytest.fixture
def database_cache(settings, db):
    """The production default: the shared cache is a table in the database (tests use memory), so
    each read of it is a query; a worker starting with it has read nothing yet."""
    from django.core.cache import caches
    from django.core.management import call_command

    from content.page_cache import current_version

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "test_page_cache",
        }
    }
    call_command("createcachetable", verbosity=0)
    caches["default"].clear()
    current_version.forget()


@pytest.fixture
def site_pages():
    """The site's real pages, recreated if a transactional test flushed the database."""
    from content.models import Page
    from content.seeding import create_missing_pages

    create_missing_pages()
    return Page.objects.published()


@pytest.fixture
def make_page(db):
    from content.models import Page

    def make(**fields):
        fields.setdefault("title", "A test page")
        fields.setdefault("slug", "a-test-page")
        fields.setdefault("meta_description", "A page made by a test.")
        fields.setdefault("body", "Some words for the test.")
        fields.setdefault("is_published", True)
        return Page.objects.create(**fields)

    return make


@pytest.fixture
def make_notice(db):
    """A version of one of the practice's legal notices, in effect from 1 January 2026."""
    from datetime import date

    from content.models import LegalNotice

    def make(kind, text="The practice's own notice, as it adopted it.", taglines=(), **fields):
        fields.setdefault("effective_on", date(2026, 1, 1))
        fields.setdefault("confirmed_by_name", "Pat Example")
        fields.setdefault("confirmed_on", date(2025, 12, 15))
        notice = LegalNotice.objects.create(kind=kind, text=text, **fields)
        for order, (language, code, words) in enumerate(taglines):
            notice.taglines.create(order=order, language=language, language_code=code, text=words)
        return notice

    return make


@pytest.fixture
def make_staff(db, django_user_model):
    def make(username="staff", *, superuser=False, groups=()):
        user = django_user_model.objects.create_user(
            username=username,
            password=PASSWORD,
            is_staff=True,
            is_superuser=superuser,
        )
        for group in groups:
            user.groups.add(group)
        return user

    return make


@pytest.fixture
def sign_in():
    """Sign a staff member in to the admin the way every admin test should.

    The one place that knows what a fully signed-in staff session needs: the password and the
    second factor (tests/accounts/test_two_factor.py proves an admin page needs both).
    """

    def sign_in_(client, user):
        return pass_second_factor(client, user)

    return sign_in_


@pytest.fixture
def sign_in_tab(sign_in):
    """Give a browser tab the session of a signed-in staff member."""
    from django.test import Client

    def sign_in_tab_(tab, live_server_url, user):
        from urllib.parse import urlsplit

        from django.conf import settings

        client = sign_in(Client(), user)
        name = settings.SESSION_COOKIE_NAME
        # A __Host- cookie is Secure with Path=/ and no Domain (DevTools takes the host as the
        # domain); Chromium treats http://localhost as a secure origin.
        tab.context.add_cookies(
            [
                {
                    "name": name,
                    "value": client.cookies[name].value,
                    "domain": urlsplit(live_server_url).hostname,
                    "path": "/",
                    "secure": settings.SESSION_COOKIE_SECURE,
                }
            ]
        )
        return tab

    return sign_in_tab_


@pytest.fixture
def make_request(db):
    from intake.models import ConsultationRequest

    def make(**fields):
        values = {
            "full_name": "Alex Rivera",
            "email": "alex@example.org",
            "phone": "650-555-0100",
            "contact_method": "email",
            "ok_to_leave_message": "yes",
            "best_time": "Afternoons",
            "state": "CA",
            "is_adult": True,
            "help_wanted": ["trd"],
            "antidepressants_tried": "2",
            "treatment_interest": "iv",
            "sees_clinician": "no",
            "self_harm_thoughts": "no",
            "consent_to_contact": True,
            "privacy_acknowledged": True,
        }
        values.update(fields)
        return ConsultationRequest.objects.create(**values)

    return make


@pytest.fixture
def intake_staff(make_staff):
    return make_staff("intake", groups=[staff_group("Intake staff")])


@pytest.fixture
def content_editor(make_staff):
    return make_staff("editor", groups=[staff_group("Content editors")])


@pytest.fixture(scope="session")
def browser():
    reason = browser_skip_reason()
    if reason:
        if os.environ.get("REQUIRE_BROWSER_TESTS"):
            pytest.fail(reason.replace("skipped", "required"))
        pytest.skip(reason)
    # Playwright's sync API runs an event loop; Django refuses ORM calls in one unless told.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_tab(browser):
    """Open a fresh browser tab at a given viewport; closed after the test."""
    contexts = []

    def open_(viewport=DESKTOP):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()

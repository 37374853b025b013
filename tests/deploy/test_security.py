"""What a browser, an attacker or an operator sees of the site's security settings."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "x" * 20 + "production-like-secret-key-for-the-test-0123456789",
    "DJANGO_ALLOWED_HOSTS": "www.example.org",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://www.example.org",
    "DJANGO_TRUSTED_PROXY_COUNT": "1",
    "DJANGO_SECURE_SSL_REDIRECT": "",
    "CACHE_URL": "",
}


def csp_directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def assert_browser_protections(response):
    csp = csp_directives(response)
    for directive in ("script-src", "style-src", "default-src"):
        assert "'unsafe-inline'" not in csp.get(directive, [])
        assert "'unsafe-eval'" not in csp.get(directive, [])
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] in {"same-origin", "no-referrer", "strict-origin"}
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = dict(
        item.strip().split("=", 1) for item in response["Permissions-Policy"].split(",")
    )
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "display-capture"):
        assert permissions[feature] == "()", feature


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/ketamine-therapy/", "/consultation/", "/admin/login/"])
def test_pages_send_the_browser_protections(client, site_pages, url):
    response = client.get(url, secure=True)
    assert response.status_code == 200
    assert_browser_protections(response)


@pytest.mark.django_db
def test_not_found_and_health_check_send_them_too(client, site_pages):
    assert_browser_protections(client.get("/no-such-page/", secure=True))
    assert_browser_protections(client.get("/healthz", secure=True))


@pytest.mark.django_db
def test_pages_have_no_inline_script_or_style_the_policy_would_block(client, site_pages):
    for page in site_pages:
        html = client.get(page.get_absolute_url()).content.decode()
        scripts = re.findall(r"<script\b[^>]*>", html)
        # Data blocks, or files from the site itself (the self-check's script).
        assert all(
            'type="application/ld+json"' in tag or ' src="/static/' in tag for tag in scripts
        ), page.slug
        assert "<style" not in html and " style=" not in html, page.slug
        assert not re.search(r"\son[a-z]+=", html), page.slug


@pytest.fixture
def collected_static(settings, tmp_path):
    """collectstatic into a temporary folder with the production storage, as a deploy does."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    return staticfiles_storage


def test_hashed_static_files_are_cached_for_a_year_and_sent_with_brotli(collected_static):
    url = collected_static.url("css/site.css")
    assert re.search(r"/site\.[0-9a-f]{12}\.css$", url)
    client = Client()  # a new handler, so WhiteNoise indexes the collected files
    response = client.get(url, secure=True, headers={"Accept-Encoding": "br, gzip"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    cache_control = response["Cache-Control"]
    assert "immutable" in cache_control and "public" in cache_control
    max_age = int(re.search(r"max-age=(\d+)", cache_control).group(1))
    assert max_age >= 365 * 24 * 60 * 60
    assert_browser_protections(response)
    # The unhashed name may change at any deploy, so browsers must not keep it long.
    plain = client.get("/static/css/site.css", secure=True)
    assert "immutable" not in plain["Cache-Control"]


def test_plain_http_is_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/ketamine-therapy/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/ketamine-therapy/"


@pytest.mark.django_db
def test_behind_the_proxy_https_is_recognised_from_x_forwarded_proto(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_httponly_and_same_site(client, make_staff):
    make_staff("editor")
    login_page = client.get("/admin/login/", secure=True)
    # __Host-: the browser takes them only from this host, over HTTPS, for the whole site.
    csrf_cookie = login_page.cookies["__Host-csrftoken"]
    assert csrf_cookie["secure"] and csrf_cookie["httponly"]
    assert csrf_cookie["samesite"] in {"Lax", "Strict"}
    assert csrf_cookie["path"] == "/" and not csrf_cookie["domain"]
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": "a-long-test-password"},
        secure=True,
    )
    assert response.status_code == 302
    session_cookie = response.cookies["__Host-sessionid"]
    assert session_cookie["secure"] and session_cookie["httponly"]
    assert session_cookie["samesite"] in {"Lax", "Strict"}
    assert session_cookie["path"] == "/" and not session_cookie["domain"]
    # Ends with the browser (a shared front-desk computer); the server ends it sooner still.
    assert not session_cookie["max-age"] and not session_cookie["expires"]


@pytest.mark.django_db
def test_health_check_reports_the_database(client, monkeypatch):
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok\n")
    assert "no-store" in response["Cache-Control"]

    from django.db.backends.utils import CursorWrapper

    def broken(*args, **kwargs):
        raise __import__("django.db").db.OperationalError("database is gone")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    assert client.get("/healthz").status_code == 503


def run_manage(*args, **env):
    return subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        # Only the variables given: the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not leak in.
        env={**{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checklist():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("secret", ["", "short", "django-insecure-" + "x" * 60])
def test_without_a_real_secret_key_the_site_refuses_to_start(secret):
    result = run_manage("check", **{**PRODUCTION_ENV, "DJANGO_SECRET_KEY": secret})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


UTF_16_FORM = "application/x-www-form-urlencoded; charset=utf-16"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "content_type"),
    [
        ("/consultation/", UTF_16_FORM),
        ("/admin/login/", UTF_16_FORM),
        ("/consultation/", "application/x-www-form-urlencoded; charset=iso-8859-1"),
        # The form refuses multipart before reading it (a 413 page); the login page reads it.
        ("/admin/login/", "multipart/form-data; boundary="),
    ],
)
def test_a_body_that_cannot_be_read_gets_our_400_page_with_every_protection(
    site_pages, url, content_type
):
    # The CSRF check is on, as in production (the test client turns it off by default), and the
    # browser has its cookie: Django's own error pages run that check again, read the body again
    # and fail again, so the error used to escape every middleware as gunicorn's bare 500.
    client = Client(enforce_csrf_checks=True)
    token = client.get(url, secure=True).cookies[settings.CSRF_COOKIE_NAME].value
    body = f"csrfmiddlewaretoken={token}&full_name=Zoë".encode("utf-16")
    response = client.generic(
        "POST",
        url,
        body,
        content_type=content_type,
        secure=True,
        headers={"Referer": f"https://testserver{url}", "X-CSRFToken": token},
    )

    assert response.status_code == 400
    assert_browser_protections(response)
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "We could not read what your browser sent" in html
    assert 'href="tel:988"' in html and 'href="tel:911"' in html

"""gunicorn with 4 workers on a SQLite file: many people sending the form at once, and reading
pages meanwhile. Every request must be saved exactly once, with no errors.

The clients are threads on this machine talking to 127.0.0.1 only, each acting as a browser:
fetch the form, keep the CSRF cookie and the signed start time, wait the minimum time, send.
"""

import contextlib
import sqlite3
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest

from tests.support.forms import FORM_URL, PLAIN_ANSWERS
from tests.support.server import (
    PYTHON,
    ROOT,
    fetch_form,
    form_post_headers,
    gunicorn,
    prepare,
    production_env,
    request,
    throwaway_postgres,
)

pytestmark = pytest.mark.slow

CLIENTS = 16
REQUESTS_PER_CLIENT = 20  # 320 in all
READERS = 8
READ_PAGES = ["/", "/ketamine-therapy/", "/faq/", "/about-us/"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("concurrency")
    env = production_env(
        folder,
        INTAKE_MIN_SECONDS_TO_SUBMIT="1",
        INTAKE_RATE_LIMIT_PER_HOUR="100000",
        INTAKE_NOTIFY_EMAILS="staff@example.org",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    prepare(env)
    with gunicorn(env, workers=4) as port:
        yield {"port": port, "env": env, "database": folder / "db.sqlite3"}


def send_form(port, form, full_name, forwarded_for="127.0.0.1"):
    csrf_cookie, fields = form
    body = urlencode({**PLAIN_ANSWERS, **fields, "full_name": full_name}, doseq=True)
    status, headers, _ = request(
        port,
        "POST",
        FORM_URL,
        body=body,
        headers={**form_post_headers(port, csrf_cookie), "X-Forwarded-For": forwarded_for},
    )
    return status, headers.get("Location", "")


def run_client(port, prefix, client):
    """One person's browser sending REQUESTS_PER_CLIENT forms; returns the errors seen."""
    errors = []
    forms = []
    for _ in range(REQUESTS_PER_CLIENT):
        try:
            forms.append(fetch_form(port))
        except Exception as error:  # noqa: BLE001 (every failure is counted, none stops the run)
            errors.append(f"GET form: {error!r}")
    time.sleep(1.2)  # the form's minimum time before sending (INTAKE_MIN_SECONDS_TO_SUBMIT=1)
    for number, form in enumerate(forms):
        try:
            status, location = send_form(port, form, f"{prefix} client {client} request {number}")
            if (status, location) != (302, "/consultation/thank-you/"):
                errors.append(f"POST: {status} {location}")
        except Exception as error:  # noqa: BLE001
            errors.append(f"POST: {error!r}")
    return errors


def send_all(port, prefix):
    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(pool.map(lambda n: run_client(port, prefix, n), range(CLIENTS)))
    return [error for errors in results for error in errors]


def saved_names(database, prefix):
    with sqlite3.connect(database, timeout=30) as connection:
        rows = connection.execute(
            "SELECT full_name, COUNT(*) FROM intake_consultationrequest "
            "WHERE full_name LIKE ? GROUP BY full_name",
            (f"{prefix} %",),
        ).fetchall()
    return dict(rows)


def expected_names(prefix):
    return {
        f"{prefix} client {client} request {number}"
        for client in range(CLIENTS)
        for number in range(REQUESTS_PER_CLIENT)
    }


def test_many_people_sending_the_form_at_once_are_all_saved_exactly_once(site):
    errors = send_all(site["port"], "Writers")
    assert errors == []
    saved = saved_names(site["database"], "Writers")
    assert set(saved) == expected_names("Writers")  # none lost, none made up
    assert set(saved.values()) == {1}  # none saved twice
    assert len(saved) == CLIENTS * REQUESTS_PER_CLIENT >= 300


def test_pages_keep_loading_while_requests_are_written(site):
    port = site["port"]
    writing = threading.Event()
    writing.set()

    def read():
        statuses = []
        while writing.is_set() and len(statuses) < 5000:
            for path in READ_PAGES:
                try:
                    status, _, body = request(port, "GET", path)
                    statuses.append(status if b"</html>" in body else f"{status} incomplete")
                except Exception as error:  # noqa: BLE001
                    statuses.append(repr(error))
        return statuses

    with ThreadPoolExecutor(READERS) as pool:
        readers = [pool.submit(read) for _ in range(READERS)]
        try:
            errors = send_all(port, "Mixed")
        finally:
            writing.clear()
        reads = [status for reader in readers for status in reader.result(timeout=120)]

    assert errors == []
    saved = saved_names(site["database"], "Mixed")
    assert set(saved) == expected_names("Mixed") and set(saved.values()) == {1}
    assert len(reads) >= 100
    assert [status for status in reads if status != 200] == []


def test_a_page_saved_in_one_process_is_fresh_in_every_worker_within_a_second(site):
    port = site["port"]
    assert "PAGE_CACHE_VERSION_SECONDS" not in site["env"]  # the default: each worker checks
    # the shared content version at most once a second
    for _ in range(40):  # enough requests that every worker has kept its own copy
        assert b"About us, edited" not in request(port, "GET", "/about-us/")[2]
    # Staff save in another process (as an admin request in another worker would).
    save = (
        "from content.models import Page; page = Page.objects.get(slug='about-us'); "
        "page.title = 'About us, edited'; page.save()"
    )
    subprocess.run(  # noqa: S603 (our own manage.py)
        [PYTHON, "manage.py", "shell", "-c", save],
        env=site["env"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=60,
    )
    time.sleep(1)
    for _ in range(40):
        assert b"About us, edited" in request(port, "GET", "/about-us/")[2]


# The form's hourly limit under a burst: 32 posts from one address at the same instant, through
# 4 workers, on SQLite and on PostgreSQL.
BURST = 32
LIMIT = 5


def count_saved(env, prefix):
    script = (
        "from intake.models import ConsultationRequest as R; "
        f"print(R.objects.filter(full_name__startswith={prefix!r}).count())"
    )
    done = subprocess.run(  # noqa: S603 (our own manage.py)
        [PYTHON, "manage.py", "shell", "-c", script],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return int(done.stdout.split()[-1])


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_a_burst_of_posts_from_one_address_saves_exactly_the_hourly_limit(tmp_path, database):
    with contextlib.ExitStack() as stack:
        extra, server_log = {}, None
        if database == "postgresql":
            postgres = stack.enter_context(throwaway_postgres("clinic"))
            if postgres is None:
                pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
            server_url, server_log = postgres
            extra["DATABASE_URL"] = server_url + "clinic"
        env = production_env(
            tmp_path,
            INTAKE_MIN_SECONDS_TO_SUBMIT="1",
            INTAKE_RATE_LIMIT_PER_HOUR=str(LIMIT),
            **extra,
        )
        prepare(env)
        port = stack.enter_context(gunicorn(env, workers=4))
        forms = [fetch_form(port) for _ in range(BURST)]
        time.sleep(1.2)
        start = threading.Barrier(BURST)

        def send(number):
            start.wait(timeout=30)
            return send_form(port, forms[number], f"Burst {number}")[0]

        with ThreadPoolExecutor(BURST) as pool:
            statuses = sorted(pool.map(send, range(BURST)))
        saved = count_saved(env, "Burst ")

        # One form sent 8 times at once (another visitor): one request, the same thank-you.
        twin = fetch_form(port)
        time.sleep(1.2)
        start_twins = threading.Barrier(8)

        def send_twin(_):
            start_twins.wait(timeout=30)
            return send_form(port, twin, "Twin request", forwarded_for="198.51.100.9")

        with ThreadPoolExecutor(8) as pool:
            twins = list(pool.map(send_twin, range(8)))
        twins_saved = count_saved(env, "Twin request")
        # No failed statement (a racing insert on a unique key, say): PostgreSQL would log it with
        # its values, which would be a client's address or a person's answers.
        log = server_log.read_text() if server_log else ""
        assert server_log is None or "ready to accept connections" in log  # the log is written
        server_errors = [line for line in log.splitlines() if "ERROR" in line]

    assert saved == LIMIT
    assert statuses == [302] * LIMIT + [429] * (BURST - LIMIT)
    assert twins_saved == 1
    assert server_errors == []
    assert set(twins) == {(302, "/consultation/thank-you/")}

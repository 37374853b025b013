"""gunicorn with 4 workers on a SQLite file: many people sending the form at once, and reading
pages meanwhile. Every request must be saved exactly once, with no errors.

The clients are threads on this machine talking to 127.0.0.1 only, each acting as a browser:
fetch the form, keep the CSRF cookie and the signed start time, wait the minimum time, send.
"""

import contextlib
import functools
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

from bench.server import (
    CSRF_COOKIE,
    PYTHON,
    ROOT,
    free_port,
    gunicorn,
    prepare,
    production_env,
    request,
)

pytestmark = pytest.mark.slow

CLIENTS = 16
REQUESTS_PER_CLIENT = 20  # 320 in all
READERS = 8
READ_PAGES = ["/", "/ketamine-therapy/", "/faq/", "/about-us/"]
ANSWERS = {
    "full_name": "",  # filled in per request
    "email": "load.test@example.org",
    "phone": "+1 (650) 555-0142",
    "contact_method": "email",
    "ok_to_leave_message": "no",
    "best_time": "Weekday mornings",
    "state": "CA",
    "is_adult": "on",
    "help_wanted": ["trd", "anxiety"],
    "antidepressants_tried": "3_or_more",
    "treatment_interest": "iv",
    "sees_clinician": "yes",
    "may_contact_clinician": "no",
    "self_harm_thoughts": "no",
    "consent_to_contact": "on",
    "privacy_acknowledged": "on",
    "website": "",
}


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


def hidden_inputs(html):
    fields = {}
    for tag in re.findall(r"<input\b[^>]*>", html):
        name = re.search(r'\bname="([^"]+)"', tag)
        value = re.search(r'\bvalue="([^"]*)"', tag)
        if name and 'type="hidden"' in tag:
            fields[name.group(1)] = value.group(1) if value else ""
    return fields


def fetch_form(port):
    status, headers, body = request(port, "GET", "/consultation/")
    assert status == 200, status
    cookie = SimpleCookie()
    for header in headers.get_all("Set-Cookie") or []:
        cookie.load(header)
    fields = hidden_inputs(body.decode())
    return cookie[CSRF_COOKIE].value, fields["csrfmiddlewaretoken"], fields["started"]


def send_form(port, form, full_name, forwarded_for="127.0.0.1"):
    csrf_cookie, csrf_token, started = form
    body = urlencode(
        {**ANSWERS, "full_name": full_name, "csrfmiddlewaretoken": csrf_token, "started": started},
        doseq=True,
    )
    status, headers, _ = request(
        port,
        "POST",
        "/consultation/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"{CSRF_COOKIE}={csrf_cookie}",
            # As a browser sends it over HTTPS; Django checks it against the host.
            "Origin": f"https://127.0.0.1:{port}",
            "Referer": f"https://127.0.0.1:{port}/consultation/",
            "X-Forwarded-For": forwarded_for,
        },
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


def test_a_page_saved_in_one_process_is_fresh_in_every_worker(site):
    port = site["port"]
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
    for _ in range(40):
        assert b"About us, edited" in request(port, "GET", "/about-us/")[2]


# The form's hourly limit under a burst: 32 posts from one address at the same instant, through
# 4 workers, on SQLite and on PostgreSQL, with the default database cache.
BURST = 32
LIMIT = 5


@contextlib.contextmanager
def throwaway_postgres():
    """A PostgreSQL server of our own on a free loopback port, as .ci/run starts one (it refuses
    to run as root, so as nobody, in a folder of its own)."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    if not versions:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    pg_bin = versions[-1].parent
    folder = Path(tempfile.mkdtemp(prefix="clinic-pg-"))
    data = folder / "pgdata"
    as_nobody = []
    if os.geteuid() == 0:
        shutil.chown(folder, "nobody")
        as_nobody = ["runuser", "-u", "nobody", "--"]
    run = functools.partial(subprocess.run, check=True, capture_output=True, timeout=120)
    run([*as_nobody, str(pg_bin / "initdb"), "-D", str(data), "-U", "clinic", "-A", "trust"])
    port = free_port()
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off"
    run([*as_nobody, str(pg_bin / "pg_ctl"), "start", "-w", "-D", str(data), "-o", options,
         "-l", str(folder / "postgres.log")])  # fmt: skip
    try:
        run([*as_nobody, str(pg_bin / "createdb"), "-h", "127.0.0.1", "-p", str(port),
             "-U", "clinic", "clinic"])  # fmt: skip
        yield f"postgres://clinic@127.0.0.1:{port}/clinic", folder / "postgres.log"
    finally:
        run([*as_nobody, str(pg_bin / "pg_ctl"), "stop", "-D", str(data), "-m", "fast"])
        shutil.rmtree(folder, ignore_errors=True)


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
            extra["DATABASE_URL"], server_log = stack.enter_context(throwaway_postgres())
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

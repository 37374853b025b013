"""Start the site under gunicorn with production settings on loopback, and a throwaway
PostgreSQL, for the benchmarks and the concurrency test. Only 127.0.0.1 is ever used."""

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path

from tests.support.forms import FORM_URL, hidden_inputs

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
# The CSRF cookie's name under production settings (HTTPS: the __Host- prefix).
CSRF_COOKIE = "__Host-csrftoken"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(folder, **extra):
    """DEBUG off, a fresh secret key, a file database in `folder`, the real static pipeline.

    The benchmark and test clients speak plain http to gunicorn and send X-Forwarded-Proto: https
    as the reverse proxy would, so the HTTPS redirect and secure cookies stay on.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CACHE_", "INTAKE_", "PYTEST"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="clinic_site.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_TRUSTED_PROXY_COUNT="1",
        DATABASE_URL=f"sqlite:///{folder}/db.sqlite3",
        DJANGO_STATIC_ROOT=str(folder / "static"),
        DJANGO_LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def prepare(env, collectstatic=True):
    """Migrate the database, load the pages from content/pages/ and collect the static files."""
    manage = [PYTHON, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)  # noqa: S603
    subprocess.run([*manage, "load_pages"], env=env, cwd=ROOT, check=True, capture_output=True)  # noqa: S603
    if collectstatic:
        subprocess.run(  # noqa: S603
            [*manage, "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT, check=True
        )


@contextlib.contextmanager
def gunicorn(env, workers=4, access_log=os.devnull, timeout=60):
    """Run gunicorn with the repository's config; yield its port on 127.0.0.1; always stop it."""
    port = free_port()
    env = {
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_ACCESS_LOG": str(access_log),
    }
    log = open(Path(env["DJANGO_STATIC_ROOT"]).parent / "gunicorn.log", "w")  # noqa: SIM115
    process = subprocess.Popen(  # noqa: S603
        [PYTHON, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py")],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_until_healthy(port, process, timeout)
        yield port
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


# As the reverse proxy sends them: the request came over HTTPS from this client address.
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}


def request(port, method, path, body=None, headers=None, timeout=30):
    """One HTTP request to the site on 127.0.0.1; returns (status, headers, body bytes)."""
    connection = HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers={**PROXY_HEADERS, **(headers or {})})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def wait_until_healthy(port, process, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}; see gunicorn.log")
        try:
            if request(port, "GET", "/healthz", timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer /healthz within {timeout} s")


def fetch_form(port):
    """Open the form as a browser does: its CSRF cookie and the page's hidden fields."""
    status, headers, body = request(port, "GET", FORM_URL)
    assert status == 200, status
    cookie = SimpleCookie()
    for header in headers.get_all("Set-Cookie") or []:
        cookie.load(header)
    return cookie[CSRF_COOKIE].value, hidden_inputs(body.decode())


def form_post_headers(port, csrf_cookie):
    """The headers a browser sends with the form over HTTPS (Django checks Origin against the
    host)."""
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"{CSRF_COOKIE}={csrf_cookie}",
        "Origin": f"https://127.0.0.1:{port}",
        "Referer": f"https://127.0.0.1:{port}{FORM_URL}",
    }


@contextlib.contextmanager
def throwaway_postgres(*databases):
    """A PostgreSQL server of our own on a free loopback port, as .ci/run starts one, with the
    named databases; yields (its URL without a database name, its log file), or None when
    PostgreSQL is not installed. It refuses to run as root, so then it runs as nobody."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    if not versions:
        yield None
        return
    pg_bin = versions[-1].parent
    folder = Path(tempfile.mkdtemp(prefix="clinic-pg-"))
    data, log = folder / "pgdata", folder / "postgres.log"
    as_nobody = []
    if os.geteuid() == 0:
        shutil.chown(folder, "nobody")
        as_nobody = ["runuser", "-u", "nobody", "--"]

    def run(*command):
        subprocess.run([*as_nobody, *command], check=True, capture_output=True, timeout=120)  # noqa: S603

    run(str(pg_bin / "initdb"), "-D", str(data), "-U", "clinic", "-A", "trust", "-E", "UTF8")
    port = free_port()
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off"
    run(str(pg_bin / "pg_ctl"), "start", "-w", "-D", str(data), "-o", options, "-l", str(log))
    try:
        for name in databases:
            run(str(pg_bin / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "clinic", name)
        yield f"postgres://clinic@127.0.0.1:{port}/", log
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            run(str(pg_bin / "pg_ctl"), "stop", "-D", str(data), "-m", "fast")
        shutil.rmtree(folder, ignore_errors=True)

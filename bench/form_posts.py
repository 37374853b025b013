"""Consultation forms sent per second on each database, and what one post costs.

Servers, identical but for their database: gunicorn on a fresh SQLite file with
synchronous=FULL (production's setting), one with NORMAL (to show what FULL costs), and one on a
throwaway PostgreSQL when its server is installed (as CI starts it, fsync off). wrk sends each valid
forms (a Lua script makes each request a POST with the CSRF cookie and token a browser would send).
Each post carries its own signed start token, so each is a new request that is saved: the same
token twice is one form sent twice, which saves nothing the second time. Rounds alternate which
server goes first; each ratio is taken within a round, and the median of the rounds is printed.

What a post costs: the gunicorn workers' CPU time over the rounds divided by the requests saved,
PostgreSQL's own processes likewise, and the queries and commits of one post, counted in-process
(Django's test client, production settings) on each database.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlencode

# Run as a script too (in the server's environment, see in_process).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.forms import FORM_URL, PLAIN_ANSWERS  # noqa: E402
from tests.support.server import (  # noqa: E402
    CSRF_COOKIE,
    PROXY_HEADERS,
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

ANSWERS = {**PLAIN_ANSWERS, "full_name": "Bench Mark", "email": "bench@example.org"}
# Every post is accepted at once and none is held back by the hourly limit.
# Staff are told of each request, as in production, by a mail backend that sends nothing.
POST_SETTINGS = {
    "INTAKE_MIN_SECONDS_TO_SUBMIT": "0",
    "INTAKE_RATE_LIMIT_PER_HOUR": "1000000000",
    "INTAKE_NOTIFY_EMAILS": "staff@example.org",
    "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
}

# Forms each wrk thread may send: far more than a round of 5 s sends.
FORMS_PER_THREAD = 8000

LUA = """wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "{cookie_name}={cookie}"
wrk.headers["Origin"] = "https://127.0.0.1:{port}"
wrk.headers["Referer"] = "https://127.0.0.1:{port}/consultation/"

local threads = 0
function setup(thread)
  thread:set("first", threads * {per_thread})
  threads = threads + 1
end

local bodies = {{}}
for line in io.lines("{bodies}") do bodies[#bodies + 1] = line end
local sent = 0
local round = 0

-- The round number comes after the URL, so no round sends another round's forms again.
function init(args)
  round = tonumber(args[1] or "0")
end

function request()
  sent = sent + 1
  return wrk.format(nil, nil, nil, bodies[round * {per_round} + first + sent])
end
"""


def cpu_seconds(parent_pid):
    """CPU time of a process and its children, counting children that have exited (gunicorn
    replaces workers; PostgreSQL ends a backend with its connection)."""
    ticks = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(entry.name) == parent_pid:
            ticks += sum(int(value) for value in fields[11:15])  # own and reaped children's
        elif int(fields[1]) == parent_pid:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def serve(stack, env, workers, folder):
    """gunicorn on `env`; returns its port and the pid whose tree is its workers."""
    pidfile = Path(folder) / "gunicorn.pid"
    env = {**env, "GUNICORN_CMD_ARGS": f"--pid {pidfile} --max-requests 0"}
    port = stack.enter_context(gunicorn(env, workers=workers))
    return port, int(pidfile.read_text())


def start_tokens(env, count):
    """Signed start tokens made with the server's own key, each with its own one-time id."""
    made = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from intake.forms import sign_started_at; "
            f"print('\\n'.join(sign_started_at() for _ in range({count})))",
        ],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return made.stdout.split()


def post_script(port, folder, env, threads, rounds):
    """A wrk script that sends valid forms, as the browser that fetched the page would."""
    csrf_cookie, fields = fetch_form(port)
    form = urlencode({**ANSWERS, **fields}, doseq=True)
    bodies = Path(folder) / f"forms-{port}.txt"
    tokens = start_tokens(env, FORMS_PER_THREAD * threads * rounds)
    bodies.write_text(
        "\n".join(urlencode({**ANSWERS, **fields, "started": t}, doseq=True) for t in tokens)
    )
    script = Path(folder) / f"post-{port}.lua"
    script.write_text(
        LUA.format(
            cookie_name=CSRF_COOKIE,
            cookie=csrf_cookie,
            port=port,
            bodies=bodies,
            per_thread=FORMS_PER_THREAD,
            per_round=FORMS_PER_THREAD * threads,
        )
    )
    # One by hand first: the form must be accepted (a redirect to the thank-you page).
    status, headers, _ = request(
        port, "POST", FORM_URL, body=form, headers=form_post_headers(port, csrf_cookie)
    )
    assert status == 302 and "thank-you" in headers.get("Location", ""), (status, dict(headers))
    return script


def saved_requests(env):
    """How many consultation requests the server's database holds."""
    url = env["DATABASE_URL"]
    query = "SELECT COUNT(*) FROM intake_consultationrequest"
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
            return connection.execute(query).fetchone()[0]
    import psycopg

    with psycopg.connect(url) as connection:
        return connection.execute(query).fetchone()[0]


def in_process(env, mode):
    """Run this file in the server's environment: count one form GET's and POST's queries, or
    profile many of them (see in_process_worker)."""
    done = subprocess.run(  # noqa: S603
        [PYTHON, __file__, "--in-process", mode],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=mode == "count",
        text=True,
    )
    return json.loads(done.stdout) if mode == "count" else None


def in_process_worker(mode):
    """The form as a new visitor uses it (no cookie but the CSRF one), straight through Django's
    WSGI handler with the server's settings and headers: a GET, and POSTs each with its own start
    token. Prints the queries of one of each, or profiles many."""
    import django

    django.setup()
    from http.cookies import SimpleCookie
    from io import BytesIO

    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from intake.forms import sign_started_at
    from tests.support.forms import hidden_inputs

    handler = WSGIHandler()
    django_folder = Path(django.__file__).parent.parent

    def call(method, body=b"", cookie=""):
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": FORM_URL,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_COOKIE": cookie,
            "HTTP_ORIGIN": "https://127.0.0.1",
            "CONTENT_TYPE": "application/x-www-form-urlencoded",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": BytesIO(body),
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
            **{"HTTP_" + name.upper().replace("-", "_"): v for name, v in PROXY_HEADERS.items()},
        }
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer.update(status=status, headers=headers)

        body = b"".join(handler(environ, start_response))
        return answer["status"], answer["headers"], body

    status, headers, page = call("GET")
    cookies = SimpleCookie()
    for name, value in headers:
        if name == "Set-Cookie":
            cookies.load(value)
    csrf_cookie = f"{settings.CSRF_COOKIE_NAME}={cookies[settings.CSRF_COOKIE_NAME].value}"
    fields = hidden_inputs(page.decode())

    def get():
        status, _, _ = call("GET")
        assert status.startswith("200"), status

    def post():
        data = urlencode({**ANSWERS, **fields, "started": sign_started_at()}, doseq=True)
        status, _, _ = call("POST", data.encode(), csrf_cookie)
        assert status.startswith("302"), status

    for _ in range(10):  # warm: the kept form, prepared statements
        get()
        post()
    if mode == "count":
        counts = {}
        for name, send in (("get", get), ("post", post)):
            with CaptureQueriesContext(connection) as captured:
                send()
            counts[name] = count_queries(query["sql"] for query in captured)
        print(json.dumps(counts))
        return
    for name, send, times in (("form GET", get, 2000), ("form POST", post, 300)):
        profile = cProfile.Profile()
        started = time.process_time()
        profile.runcall(lambda send=send, times=times: [send() for _ in range(times)])
        cpu = (time.process_time() - started) / times * 1000
        print(f"\n== {name}: {times} in-process, {cpu:.2f} ms CPU each under the profiler")
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats("cumulative").print_stats(30)
        stats.sort_stats("tottime").print_stats(15)
        # Paths from the project or the installed package, not the whole folder.
        print(out.getvalue().replace(f"{django_folder}/", "").replace(f"{ROOT}/", ""))


def count_queries(statements):
    """Queries (not counting transaction control) and commits: each transaction's COMMIT, and
    each write made outside a transaction (committed on its own)."""
    queries = commits = 0
    in_transaction = False
    for sql in statements:
        word = sql.split()[0].upper()
        if word == "BEGIN":
            in_transaction = True
        elif word in {"COMMIT", "ROLLBACK"}:
            in_transaction = False
            commits += word == "COMMIT"
        elif word not in {"SAVEPOINT", "RELEASE"}:
            queries += 1
            commits += not in_transaction and word in {"INSERT", "UPDATE", "DELETE"}
    return {"queries": queries, "commits": commits}


def profile(args):
    """`bench.py --profile`: where a form GET and a form POST spend their time (cProfile)."""
    with tempfile.TemporaryDirectory(prefix="clinic-bench-profile-") as folder:
        env = production_env(Path(folder), **POST_SETTINGS)
        prepare(env)
        in_process(env, "profile")


def compare(args, wrk):
    """Form posts per second on each database, their ratios, and what one post costs."""
    with tempfile.TemporaryDirectory(prefix="clinic-bench-posts-") as folder, ExitStack() as stack:
        databases = {
            "SQLite, FULL": {"SQLITE_SYNCHRONOUS": "FULL"},
            "SQLite, NORMAL": {"SQLITE_SYNCHRONOUS": "NORMAL"},
        }
        postgres = None if args.sqlite_only else stack.enter_context(throwaway_postgres("clinic"))
        postgres_pid = None
        if postgres is not None:
            url, log = postgres
            databases["PostgreSQL"] = {"DATABASE_URL": url + "clinic"}
            postgres_pid = int((log.parent / "pgdata" / "postmaster.pid").read_text().split()[0])
        servers = {}
        for number, (name, extra) in enumerate(databases.items()):
            place = Path(folder) / str(number)
            place.mkdir()
            env = production_env(place, **POST_SETTINGS, **extra)
            prepare(env)
            port, pid = serve(stack, env, args.workers, place)
            script = post_script(port, place, env, args.threads, args.rounds)
            servers[name] = {"port": port, "pid": pid, "script": script, "env": env}

        rounds = []
        cpu = {name: {"workers": 0.0, "database": 0.0, "saved": 0} for name in servers}
        for number in range(args.rounds):
            names = list(servers)
            order = names[number % len(names) :] + names[: number % len(names)]
            result = {}
            for name in order:
                server = servers[name]
                before = (
                    saved_requests(server["env"]),
                    cpu_seconds(server["pid"]),
                    cpu_seconds(postgres_pid) if name == "PostgreSQL" else 0.0,
                )
                result[name] = wrk(
                    f"http://127.0.0.1:{server['port']}{FORM_URL}",
                    args,
                    ["-s", str(server["script"]), "--timeout", "10s"],
                    after=["--", str(number)],
                )
                cpu[name]["saved"] += saved_requests(server["env"]) - before[0]
                cpu[name]["workers"] += cpu_seconds(server["pid"]) - before[1]
                if name == "PostgreSQL":
                    cpu[name]["database"] += cpu_seconds(postgres_pid) - before[2]
            rounds.append(result)
        counts = {name: in_process(server["env"], "count") for name, server in servers.items()}
        saved = {name: saved_requests(server["env"]) for name, server in servers.items()}

    print(
        f"\nForm posts per second, {args.workers} gunicorn workers per database, "
        f"{args.rounds} rounds of {args.duration} s, medians; CPU per post saved in the rounds; "
        "queries and commits of one post (in-process)\n"
    )
    print(
        f"| {'database':<14} | {'posts/s':>7} | {'p99 ms':>7} | {'saved':>6} | "
        f"{'worker CPU ms':>13} | {'database CPU ms':>15} | {'queries':>7} | {'commits':>7} |"
    )
    print(
        f"| {'-' * 14} | {'-' * 7}:| {'-' * 7}:| {'-' * 6}:| {'-' * 13}:| {'-' * 15}:| "
        f"{'-' * 7}:| {'-' * 7}:|"
    )
    costs = {}
    for name in servers:
        rate = statistics.median(each[name].rate for each in rounds)
        p99 = statistics.median(each[name].p99 for each in rounds)
        posts = max(cpu[name]["saved"], 1)
        worker_ms = cpu[name]["workers"] / posts * 1000
        database_ms = cpu[name]["database"] / posts * 1000 if name == "PostgreSQL" else None
        post = counts[name]["post"]
        costs[name] = {**post, "worker_ms": worker_ms, "database_ms": database_ms}
        shown = f"{database_ms:.1f}" if database_ms is not None else "(in the worker)"
        print(
            f"| {name:<14} | {rate:>7.0f} | {p99:>7.1f} | {saved[name]:>6} | {worker_ms:>13.1f} "
            f"| {shown:>15} | {post['queries']:>7} | {post['commits']:>7} |"
        )
        for each in rounds:
            if each[name].errors:
                print(f"  {name}: {each[name].errors}")
    get = counts["SQLite, FULL"]["get"]
    print(f"\nA form GET (no session): {get['queries']} queries, {get['commits']} commits.")
    ratios = {
        "FULL / NORMAL": [
            each["SQLite, FULL"].rate / each["SQLite, NORMAL"].rate for each in rounds
        ]
    }
    if "PostgreSQL" in servers:
        ratios["PostgreSQL / SQLite (FULL)"] = [
            each["PostgreSQL"].rate / each["SQLite, FULL"].rate for each in rounds
        ]
    for label, values in ratios.items():
        print(
            f"{label}: {statistics.median(values):.2f} (rounds {min(values):.2f}-{max(values):.2f})"
        )
    return {label: statistics.median(values) for label, values in ratios.items()}, costs


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--in-process", choices=["count", "profile"], required=True)
    in_process_worker(parser.parse_args().in_process)

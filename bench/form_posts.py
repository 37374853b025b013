"""What SQLite's synchronous=FULL costs: consultation forms sent per second, FULL against NORMAL.

Two gunicorn servers on two fresh SQLite files, identical but for SQLITE_SYNCHRONOUS, each sent
valid forms by wrk (a Lua script makes each request a POST with the CSRF cookie and token a
browser would send). Each post carries its own signed start token, so each is a new request
that is saved: the same token twice is one form sent twice, which saves nothing the second time. Rounds alternate which server goes first; each round's FULL rate is
divided by the NORMAL rate of the same round, and the median ratio is printed.
"""

import sqlite3
import statistics
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlencode

from tests.support.forms import FORM_URL, PLAIN_ANSWERS
from tests.support.server import (
    CSRF_COOKIE,
    ROOT,
    fetch_form,
    form_post_headers,
    gunicorn,
    prepare,
    production_env,
    request,
)

ANSWERS = {**PLAIN_ANSWERS, "full_name": "Bench Mark", "email": "bench@example.org"}

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


def compare(args, wrk):
    """Print form posts per second with synchronous=NORMAL and FULL, and their ratio."""
    modes = ["NORMAL", "FULL"]
    with tempfile.TemporaryDirectory(prefix="clinic-bench-sync-") as folder, ExitStack() as stack:
        servers = {}
        for mode in modes:
            place = Path(folder) / mode
            place.mkdir()
            env = production_env(
                place,
                SQLITE_SYNCHRONOUS=mode,
                INTAKE_MIN_SECONDS_TO_SUBMIT="0",
                INTAKE_RATE_LIMIT_PER_HOUR="1000000000",
            )
            prepare(env)
            port = stack.enter_context(gunicorn(env, workers=args.workers))
            script = post_script(port, folder, env, args.threads, args.rounds)
            servers[mode] = (port, script, place / "db.sqlite3")
        rounds = []
        for number in range(args.rounds):
            order = modes if number % 2 == 0 else modes[::-1]
            result = {}
            for mode in order:
                port, script, _ = servers[mode]
                result[mode] = wrk(
                    f"http://127.0.0.1:{port}/consultation/",
                    args,
                    ["-s", str(script), "--timeout", "10s"],
                    after=["--", str(number)],
                )
            rounds.append(result)
        saved = {}
        for mode, (_, _, database) in servers.items():
            with sqlite3.connect(database) as connection:
                saved[mode] = connection.execute(
                    "SELECT COUNT(*) FROM intake_consultationrequest"
                ).fetchone()[0]

    print(
        f"\nForm posts per second on SQLite (WAL), synchronous=NORMAL against FULL; "
        f"{args.workers} workers each; {args.rounds} rounds of {args.duration} s, medians\n"
    )
    print(f"| {'synchronous':<11} | {'posts/s':>8} | {'p99 ms':>7} | {'saved':>7} |")
    print(f"| {'-' * 11} | {'-' * 8}:| {'-' * 7}:| {'-' * 7}:|")
    for mode in modes:
        rate = statistics.median(each[mode][0] for each in rounds)
        p99 = statistics.median(each[mode][1] for each in rounds)
        print(f"| {mode:<11} | {rate:>8.0f} | {p99:>7.1f} | {saved[mode]:>7} |")
        for each in rounds:
            if each[mode][2]:
                print(f"  {mode}: {each[mode][2]}")
    ratios = [each["FULL"][0] / each["NORMAL"][0] for each in rounds]
    print(
        f"\nFULL / NORMAL: {statistics.median(ratios):.2f} "
        f"(rounds {min(ratios):.2f}-{max(ratios):.2f})"
    )

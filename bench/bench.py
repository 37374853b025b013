"""`make bench`: requests per second and p99 latency under wrk, each page against a static file.

The site runs under gunicorn with production settings on loopback; every figure comes from this
one run on this one machine, so only the ratios mean anything elsewhere. This machine's speed
drifts from one minute to the next, so the URLs are measured in several short rounds, each page
is divided by the static file of its own round, and the median of the rounds is printed.
"""

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import form_posts  # noqa: E402
from tests.support.server import (  # noqa: E402
    PROXY_HEADERS,
    gunicorn,
    prepare,
    production_env,
    request,
)

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url, args, extra=(), after=()):
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s"]
    command += ["--latency", *(f"-H{name}: {value}" for name, value in PROXY_HEADERS.items())]
    command += [*extra, url, *after]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    value, unit = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", output).groups()
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)", output)
    return rate, float(value) * UNITS_MS[unit], errors.group(0) if errors else ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--duration", type=int, default=5, help="seconds per URL and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--only",
        choices=["pages", "form-posts"],
        help="run only the page table, or only the form posts with synchronous NORMAL and FULL",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    if args.only != "form-posts":
        pages(args)
    if args.only != "pages":
        form_posts.compare(args, wrk)


def pages(args):
    with tempfile.TemporaryDirectory(prefix="clinic-bench-") as folder:
        env = production_env(Path(folder))
        prepare(env)
        with gunicorn(env, workers=args.workers) as port:
            home = request(port, "GET", "/")[2].decode()
            css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', home).group(1)
            targets = [
                ("home page", "/"),
                ("content page", "/ketamine-therapy/"),
                ("sitemap.xml", "/sitemap.xml"),
                ("consultation form", "/consultation/"),
                ("hashed CSS file", css),
            ]
            for _, path in targets:  # every page answers, and the cached ones are filled
                assert request(port, "GET", path)[0] == 200, path
            base = f"http://127.0.0.1:{port}"
            rounds = []
            for number in range(args.rounds):
                # A different URL goes first each round, so none always gets the quietest slot.
                shift = number % len(targets)
                order = targets[shift:] + targets[:shift]
                rounds.append({name: wrk(base + path, args) for name, path in order})

    print(
        f"\ngunicorn: {args.workers} sync workers; wrk -t{args.threads} -c{args.connections} "
        f"-d{args.duration}s --latency; {args.rounds} rounds of {args.duration} s per URL; "
        "medians of the rounds, one run\n"
    )
    print(
        f"| {'page':<18} | {'req/s':>8} | {'p99 ms':>7} | {'ratio to static':>15} | {'range':>11} |"
    )
    print(f"| {'-' * 18} | {'-' * 8}:| {'-' * 7}:| {'-' * 15}:| {'-' * 11}:|")
    for name, _ in targets:
        rates = [each[name][0] for each in rounds]
        ratios = [each[name][0] / each["hashed CSS file"][0] for each in rounds]
        p99 = statistics.median(each[name][1] for each in rounds)
        spread = f"{min(ratios):.2f}-{max(ratios):.2f}"
        print(
            f"| {name:<18} | {statistics.median(rates):>8.0f} | {p99:>7.1f} | "
            f"{statistics.median(ratios):>15.2f} | {spread:>11} |"
        )
        for each in rounds:
            if each[name][2]:
                print(f"  {name}: {each[name][2]}")
    # The server is saturated in every run, so requests per second measure the CPU one request
    # costs: the form's cost per request relative to a cached content page.
    costs = [each["content page"][0] / each["consultation form"][0] for each in rounds]
    print(
        f"\nconsultation form costs {statistics.median(costs):.2f}x a cached content page per "
        f"request (rounds {min(costs):.2f}-{max(costs):.2f}; the target is at most 3x)"
    )


if __name__ == "__main__":
    main()

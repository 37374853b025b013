"""`make bench`: requests per second and p99 latency under wrk, each page against a static file.

The site runs under gunicorn with production settings on loopback; every figure comes from this
one run on this one machine, so only the ratios mean anything elsewhere.
"""

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.server import PROXY_HEADERS, gunicorn, prepare, production_env, request  # noqa: E402

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url, args):
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s"]
    command += ["--latency", *(f"-H{name}: {value}" for name, value in PROXY_HEADERS.items()), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    value, unit = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", output).groups()
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)", output)
    return rate, float(value) * UNITS_MS[unit], errors.group(0) if errors else ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--duration", type=int, default=10, help="seconds per URL")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")

    with tempfile.TemporaryDirectory(prefix="clinic-bench-") as folder:
        env = production_env(Path(folder))
        prepare(env)
        with gunicorn(env, workers=args.workers) as port:
            home = request(port, "GET", "/")[2].decode()
            css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', home).group(1)
            targets = [
                ("home page", "/"),
                ("content page", "/ketamine-therapy/"),
                ("consultation form", "/consultation/"),
                ("hashed CSS file", css),
            ]
            for _, path in targets:  # every page answers, and the cached ones are filled
                assert request(port, "GET", path)[0] == 200, path
            base = f"http://127.0.0.1:{port}"
            results = {name: wrk(base + path, args) for name, path in targets}

    static_rate = results["hashed CSS file"][0]
    print(
        f"\ngunicorn: {args.workers} sync workers; wrk -t{args.threads} -c{args.connections} "
        f"-d{args.duration}s --latency; {args.duration} s per URL, one run\n"
    )
    print(f"| {'page':<18} | {'req/s':>8} | {'p99 ms':>7} | {'ratio to static':>15} |")
    print(f"| {'-' * 18} | {'-' * 8}:| {'-' * 7}:| {'-' * 15}:|")
    for name, (rate, p99, errors) in results.items():
        print(f"| {name:<18} | {rate:>8.0f} | {p99:>7.1f} | {rate / static_rate:>15.2f} |")
        if errors:
            print(f"  {name}: {errors}")


if __name__ == "__main__":
    main()

"""`make bench-size`: what one page costs as the site grows, against the shipped site.

Three throwaway SQLite sites with production settings: the pages shipped in content/pages/, and
the same with generated pages added up to 1,000 and to 5,000 (each a copy of a real page's text,
each asking to be in the menu). For each it prints:

- the HTML size of a content page and of the home page, fetched from gunicorn;
- the time to render each of them when this worker has not kept it (its store emptied before
  every load; the menu and practice details in the shared cache, as between two saves),
  in-process through Django's test client, alternating sites in rounds, medians;
- the memory (RSS) of the gunicorn workers after each published page (the sitemap's list) was
  fetched once, each worker kept for the whole run (no max_requests restart).

Each row is compared with the shipped site's figure, against the goal of issue 18. The machine
may be busy with other work: only the ratios mean anything.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.server import PYTHON, gunicorn, prepare, production_env, request  # noqa: E402

CONTENT_PAGE = "/ketamine-therapy/"
HOME_PAGE = "/"
# (row, goal: at most this many times the shipped site's figure)
GOALS = {
    "content page HTML (KB)": 1.2,
    "home page HTML (KB)": 1.2,
    "content page render, not kept (ms)": 2.0,
    "home page render, not kept (ms)": 2.0,
    "queries to render the content page": 1.0,
    "workers' RSS after every page once (MB)": 1.5,
    "largest worker's RSS (MB)": 1.5,
}


def worker(total):
    """Runs in one site's environment: adds its generated pages, then renders on request.

    Reads "path loads" lines on stdin and answers each with one JSON line: the render times in
    milliseconds and the number of queries one render took.
    """
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from content.models import Page
    from content.page_cache import rendered_pages
    from tests.support.big_site import add_generated_pages

    add_generated_pages(total)
    client = Client()

    def render(path):
        rendered_pages.clear()  # this worker has not kept the page: it is rendered
        response = client.get(path, secure=True)
        assert response.status_code == 200, (path, response.status_code)

    print(json.dumps({"pages": Page.objects.published().count()}), flush=True)
    for line in sys.stdin:
        path, loads = line.split()
        for _ in range(2):  # the shared cache holds the menu, as it does between two saves
            render(path)
        with CaptureQueriesContext(connection) as captured:
            render(path)
        queries = len(captured)
        times = []
        for _ in range(int(loads)):
            started = time.perf_counter()
            render(path)
            times.append((time.perf_counter() - started) * 1000)
        print(json.dumps({"ms": times, "queries": queries}), flush=True)


class Site:
    """One throwaway site: its database, and a process that renders its pages in-process."""

    def __init__(self, total, folder):
        self.total = total
        folder.mkdir()
        self.env = production_env(folder, DJANGO_ALLOWED_HOSTS="127.0.0.1,testserver")
        prepare(self.env)
        self.process = subprocess.Popen(  # noqa: S603
            [PYTHON, __file__, "--worker", str(total)],
            env=self.env,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.pages = json.loads(self.process.stdout.readline())["pages"]
        self.figures = {}
        self.times = {}

    @property
    def label(self):
        return f"{self.pages:,} pages"

    def time(self, path, loads):
        self.process.stdin.write(f"{path} {loads}\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def stop(self):
        self.process.stdin.close()
        self.process.wait(timeout=60)


def children(pid):
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def rss_mb(pid):
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def gunicorn_workers():
    masters = [
        pid
        for pid in children(os.getpid())
        if b"gunicorn" in Path(f"/proc/{pid}/cmdline").read_bytes()
    ]
    return [pid for master in masters for pid in children(master)]


def serve_every_page(site, workers):
    """Sizes over HTTP, then every published page fetched once; the workers' RSS after."""
    env = {**site.env, "GUNICORN_CMD_ARGS": "--max-requests 0"}
    with gunicorn(env, workers=workers) as port:
        for name, path in [("content", CONTENT_PAGE), ("home", HOME_PAGE)]:
            status, _, body = request(port, "GET", path)
            assert status == 200, (path, status)
            site.figures[f"{name} page HTML (KB)"] = len(body) / 1024
        status, _, sitemap = request(port, "GET", "/sitemap.xml")
        assert status == 200, status
        paths = re.findall(r"<loc>https?://[^/<]+(/[^<]*)</loc>", sitemap.decode())
        started = time.monotonic()
        # One client per worker keeps each busy; each page is asked for once in all.
        with ThreadPoolExecutor(workers) as pool:
            statuses = list(pool.map(lambda path: request(port, "GET", path)[0], paths))
        assert set(statuses) == {200}, sorted(set(statuses))
        site.seconds = time.monotonic() - started
        site.fetched = len(paths)
        rss = [rss_mb(pid) for pid in gunicorn_workers()]
        assert len(rss) == workers, rss
    site.figures["workers' RSS after every page once (MB)"] = sum(rss)
    site.figures["largest worker's RSS (MB)"] = max(rss)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[1_000, 5_000], help="pages in the larger sites"
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--loads", type=int, default=3, help="renders per page, site and round")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker is not None:
        worker(args.worker)
        return

    with tempfile.TemporaryDirectory(prefix="clinic-bench-size-") as folder:
        sites = [Site(total, Path(folder) / f"site-{total}") for total in [0, *args.sizes]]
        try:
            measure_renders(sites, args.rounds, args.loads)
        finally:
            for site in sites:
                site.stop()
        for site in sites:
            serve_every_page(site, args.workers)
    report(sites, args)


def measure_renders(sites, rounds, loads):
    """Every site's renders alternate in short rounds, so drifts in the machine's speed fall on
    all of them alike."""
    for name, path in [("content", CONTENT_PAGE), ("home", HOME_PAGE)]:
        times = {site: [] for site in sites}
        for number in range(rounds):
            shift = number % len(sites)
            for site in sites[shift:] + sites[:shift]:
                result = site.time(path, loads)
                times[site] += result["ms"]
                if name == "content":
                    site.figures["queries to render the content page"] = result["queries"]
        for site in sites:
            site.figures[f"{name} page render, not kept (ms)"] = statistics.median(times[site])


def report(sites, args):
    base, larger = sites[0], sites[1:]
    print(
        f"\nThe shipped site ({base.pages} published pages) against {', '.join(s.label for s in larger)}"
        f" (generated pages added, each in the menu's list).\n"
        f"HTML: {CONTENT_PAGE} and {HOME_PAGE} from gunicorn. Render: in-process with production "
        f"settings, the worker's store of pages emptied before each load; median of "
        f"{args.rounds} rounds x {args.loads} loads, sites alternating. RSS: {args.workers} "
        f"gunicorn sync workers, after each published page was fetched once.\n"
    )
    columns = [f"{s.label:>13}" for s in sites]
    print(f"| {'what':<40} | {' | '.join(columns)} | {'goal':>6} | {'worst':>5} | result |")
    print(
        f"| {'-' * 40} | {' | '.join('-' * 12 + ':' for _ in sites)} | {'-' * 5}: | ----: | ------ |"
    )
    failed = 0
    for row, goal in GOALS.items():
        values = [site.figures[row] for site in sites]
        worst = max(value / values[0] for value in values[1:])
        passed = worst <= goal
        failed += not passed
        shown = " | ".join(f"{value:>13.1f}" for value in values)
        print(
            f"| {row:<40} | {shown} | {goal:>5.1f}x | {worst:>5.2f} | {'PASS' if passed else 'FAIL':<6} |"
        )
    print()
    for site in sites:
        print(
            f"{site.label}: {site.fetched:,} pages fetched once in {site.seconds:.0f} s "
            f"({site.seconds / site.fetched * 1000:.1f} ms a page)"
        )
    print(f"\n{failed} row(s) missed the goal." if failed else "\nEvery row meets its goal.")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

"""Chromium for the browser tests, and axe-core's accessibility check of a page."""

import os
from pathlib import Path

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# Flags for a machine with no outside network and no display; --no-sandbox because CI runs as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def axe_violations(tab):
    """axe-core's WCAG 2.2 AA findings on the tab's page, one readable line each."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(tab, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in result.response["violations"]
    ]


def browser_skip_reason():
    if CHROMIUM.exists():
        return None
    return (
        f"browser tests skipped: no Chromium at {CHROMIUM}. "
        "Install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH."
    )


def at_each_width(tab, viewports=(PHONE, DESKTOP)):
    """Lay the tab's page out at each viewport in turn, yielding it: a journey done once is then
    checked at every width (the stylesheet's media queries apply as the window is resized)."""
    for viewport in viewports:
        tab.set_viewport_size(viewport)
        yield viewport


def scrolls_sideways(tab):
    return tab.evaluate("document.documentElement.scrollWidth > innerWidth")

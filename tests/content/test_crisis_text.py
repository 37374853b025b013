"""The crisis lines (988, 911) are written once, in templates/includes/crisis/, and every page
that offers them includes them from there, so a change of wording or number is made in one place."""

from pathlib import Path

import pytest
from django.template.loader import render_to_string

ROOT = Path(__file__).resolve().parents[2]
CRISIS_FOLDER = ROOT / "templates" / "includes" / "crisis"
ERROR_PAGES = ["400.html", "403.html", "403_csrf.html", "404.html", "500.html"]


def template_folders():
    # The site's own templates and any app's (an app is a top-level folder with an apps.py).
    yield ROOT / "templates"
    for app_templates in ROOT.glob("*/templates"):
        if (app_templates.parent / "apps.py").exists():
            yield app_templates


def test_no_template_outside_the_crisis_folder_holds_988():
    holding = [
        str(path.relative_to(ROOT))
        for folder in template_folders()
        for path in folder.rglob("*")
        if path.is_file()
        and not path.is_relative_to(CRISIS_FOLDER)
        and "988" in path.read_text(encoding="utf-8")
    ]
    assert holding == []


@pytest.mark.parametrize("template", [*ERROR_PAGES, "intake/too_large.html"])
def test_every_error_page_shows_the_crisis_bar_from_the_folder_even_without_the_site_context(
    template,
):
    # Django renders 500.html (and the others, when a context processor fails) with no request.
    bar = render_to_string("includes/crisis/bar.html")
    html = render_to_string(template)
    assert bar.strip() in html
    assert 'href="tel:988"' in bar and 'href="tel:911"' in bar


@pytest.mark.django_db
def test_the_not_found_page_offers_the_crisis_lines_as_links_in_its_own_text(client):
    html = client.get("/no-such-page/").content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert 'href="tel:988"' in main and 'href="tel:911"' in main
    assert "988lifeline.org" in main

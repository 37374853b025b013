"""Page copy lives in files (content/pages/); `load_pages` creates what is missing and says what
drifted, and the migrations write no pages."""

import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from content.models import Page
from content.page_files import PAGES_DIR, read_page_files

pytestmark = pytest.mark.django_db


def load(*args):
    from io import StringIO

    out = StringIO()
    call_command("load_pages", *args, stdout=out)
    return out.getvalue()


def test_migrations_write_no_pages_and_import_no_app_code_but_models():
    assert Page.objects.count() == 0
    for path in (Path(__file__).parents[2] / "content" / "migrations").glob("0*.py"):
        imports = re.findall(r"^\s*(?:from|import) (content\S*)", path.read_text(), re.M)
        assert set(imports) <= {"content.models"}, (path.name, imports)


def test_load_pages_creates_every_page_file_with_its_references_and_questions():
    files = read_page_files()
    assert "Created" in load()
    assert set(Page.objects.values_list("slug", flat=True)) == {f.slug for f in files}
    faq = Page.objects.get(slug="faq")
    faq_file = next(f for f in files if f.slug == "faq")
    assert list(faq.faq_items.values_list("question", flat=True)) == [q for q, _ in faq_file.faq]
    therapy = Page.objects.get(slug="ketamine-therapy")
    therapy_file = next(f for f in files if f.slug == "ketamine-therapy")
    assert list(therapy.references.values_list("citation", flat=True)) == [
        c for c, _ in therapy_file.references
    ]
    assert "<h2" in therapy.body_html


def test_running_it_again_keeps_staff_edits_and_check_lists_the_drift():
    load()
    assert "Every page matches its file." in load("--check")
    page = Page.objects.get(slug="benefits")
    page.body = "Staff rewrote this."
    page.save()
    page.references.first().delete()
    assert "nothing was changed" in load()
    assert Page.objects.get(slug="benefits").body == "Staff rewrote this."
    with pytest.raises(CommandError, match="1 page"):
        load("--check")


def test_check_names_the_page_and_what_differs():
    load()
    Page.objects.filter(slug="about-us").update(title="About the team")
    from io import StringIO

    out = StringIO()
    with pytest.raises(CommandError):
        call_command("load_pages", "--check", stdout=out)
    assert "about-us: differs from content/pages/about-us.md in title" in out.getvalue()


def test_a_broken_page_file_is_reported_by_name(tmp_path):
    (tmp_path / "_references.toml").write_text("")
    (tmp_path / "broken.md").write_text("+++\ntitle = 'x'\nreferences = ['nobody-2020']\n+++\nHi")
    from content.page_files import PageFileError

    with pytest.raises(PageFileError, match="broken.md: no reference named nobody-2020"):
        read_page_files(tmp_path)


def test_every_page_file_reads_and_every_reference_name_exists():
    files = read_page_files(PAGES_DIR)
    assert len(files) >= 12
    for page_file in files:
        assert page_file.title and page_file.meta_description, page_file.slug
        assert len(page_file.meta_description) <= 160, page_file.slug


def test_overwrite_brings_the_named_pages_back_to_their_files_only():
    load()
    Page.objects.filter(slug="benefits").update(body="Old copy.")
    Page.objects.filter(slug="about-us").update(body="Staff copy.")
    Page.objects.get(slug="faq").faq_items.all().delete()
    out = load("--overwrite", "benefits", "faq")
    assert "Replaced from their files: benefits, faq." in out
    assert "Faster relief, for some people" in Page.objects.get(slug="benefits").body_html
    assert Page.objects.get(slug="faq").faq_items.count() >= 6
    assert Page.objects.get(slug="about-us").body == "Staff copy."
    Page.objects.filter(slug="benefits").update(body="Old copy.")
    with pytest.raises(CommandError, match="no-such-page"):
        load("--overwrite", "benefits", "no-such-page")
    assert Page.objects.get(slug="benefits").body == "Old copy."  # nothing replaced


def dated_page_file(tmp_path, updated="2024-03-05"):
    (tmp_path / "_references.toml").write_text("")
    (tmp_path / "dated.md").write_text(
        f"+++\ntitle = 'A dated page'\ndescription = 'd'\nupdated = {updated}\n+++\nSome text."
    )
    return read_page_files(tmp_path)


def test_a_page_shows_the_date_its_file_gives_not_the_day_it_was_loaded(client, tmp_path):
    from content.seeding import create_missing_pages, pages_that_differ

    files = dated_page_file(tmp_path)
    create_missing_pages(files)
    page = client.get("/dated/").content.decode()
    assert 'Last updated <time datetime="2024-03-05">March 5, 2024</time>.' in page
    assert '"dateModified": "2024-03-05"' in page
    assert pages_that_differ(files) == []
    Page.objects.filter(slug="dated").update(text_updated=None)
    assert pages_that_differ(files) == [("dated", ["text_updated"])]


def test_an_updated_value_that_is_not_a_date_is_refused(tmp_path):
    from content.page_files import PageFileError

    with pytest.raises(PageFileError, match="dated.md: updated must be a date"):
        dated_page_file(tmp_path, updated="'last week'")


def test_every_medical_page_file_says_when_its_text_last_changed():
    undated = [f.slug for f in read_page_files(PAGES_DIR) if f.is_medical and not f.text_updated]
    assert undated == []

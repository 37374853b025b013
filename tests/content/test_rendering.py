import pytest

from content.page_files import read_page_files
from content.rendering import left_out_by_sanitizer, render_markdown


@pytest.mark.parametrize(
    "typed",
    [
        "Hello <script>alert('x')</script> there",
        "<img src=x onerror=alert(1)>",
        '<a href="#" onclick="alert(1)">click</a>',
        "[click me](javascript:alert(1))",
        '<a href="JaVaScRiPt:alert(1)">click</a>',
        '<iframe src="https://example.com"></iframe>',
        '<p style="position:fixed">styled</p>',
        "<svg><script>alert(1)</script></svg>",
    ],
)
def test_nothing_a_staff_member_types_can_run_script(typed):
    html = render_markdown(typed).lower()
    for dangerous in ["<script", "onerror", "onclick", "javascript:", "<iframe", "style=", "<svg"]:
        assert dangerous not in html


def test_ordinary_markdown_becomes_headings_lists_links_and_tables():
    html = render_markdown(
        "## Section\n\n- one\n- two\n\n[A page](/ketamine-therapy/) and "
        "[ref](#ref-1)\n\n| A | B |\n|---|---|\n| 1 | 2 |\n"
    )
    assert '<h2 id="section">Section</h2>' in html
    assert "<li>one</li>" in html
    assert '<a href="/ketamine-therapy/">A page</a>' in html
    assert '<a href="#ref-1">ref</a>' in html
    assert "<table>" in html and '<th scope="row">1</th>' in html and "<td>2</td>" in html
    # On a phone the same table shows as one card per column after the first.
    assert '<section class="stacked-card"><h3>B</h3><dl><dt>1</dt><dd>2</dd></dl>' in html


def test_evidence_labels_keep_their_class_but_unknown_classes_go():
    html = render_markdown(
        '<span class="evidence evidence-limited">Studied, evidence limited</span> '
        '<span class="hidden evil">x</span>'
    )
    assert 'class="evidence evidence-limited"' in html
    assert "evil" not in html and "hidden" not in html


def test_editors_are_told_what_was_left_out_and_not_warned_about_allowed_text():
    assert left_out_by_sanitizer("Hi <script>x</script> [a](javascript:alert(1))") == [
        "<script>",
        "href=",
    ]
    for page in read_page_files():
        assert left_out_by_sanitizer(page.body) == [], page.slug

"""Turn the Markdown staff type into HTML that is safe to show patients.

Markdown lets raw HTML through, so the output is always passed through an allow-list sanitizer:
whatever a staff member pastes (a script, an onerror= handler, a javascript: link) never reaches
a page. Evidence labels and table cells may carry a few known class names, nothing else.
"""

import re
from collections import Counter

import markdown
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "caption", "code", "em", "h2", "h3", "h4", "hr", "li", "ol",
    "p", "span", "strong", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "th": {"scope"},
    "td": set(),
    "sup": {"id"},
}

ALLOWED_CLASSES = {
    "span": {
        "evidence",
        "evidence-approved",
        "evidence-limited",
        "evidence-not-supported",
    },
    "table": {"comparison"},
}

URL_SCHEMES = {"http", "https", "mailto", "sms", "tel"}


# Added after sanitizing, so staff cannot write these attributes themselves. A table is shown
# whole on a wide screen (in a box that scrolls, with the keyboard too, if it ever does not fit);
# on a phone the same cells are shown stacked, one card per column after the first, which names
# the rows (a comparison of several options, one option at a time).
TABLE_OPEN = '<div class="table-scroll" role="region" aria-label="Table" tabindex="0"><table>'
TABLE_CLOSE = "</table></div>"
_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_CELL = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)


def stacked_table(table_html):
    """The table's columns as cards: a heading per column, then each row's label and cell."""
    rows = [_CELL.findall(row) for row in _ROW.findall(table_html)]
    if len(rows) < 2 or len(rows[0]) < 2:
        return ""
    header, body = rows[0], rows[1:]
    cards = []
    for column in range(1, len(header)):
        items = "".join(
            f"<dt>{row[0]}</dt><dd>{row[column]}</dd>" for row in body if len(row) > column
        )
        cards.append(
            f'<section class="stacked-card"><h3>{header[column]}</h3><dl>{items}</dl></section>'
        )
    return f'<div class="table-stacked">{"".join(cards)}</div>'


def lay_out_tables(html):
    def replace(match):
        inner = match.group(1)
        # Header cells label their column; each body row's first cell labels its row.
        inner = inner.replace("<th>", '<th scope="col">')
        inner = re.sub(r"<tr>\s*<td>(.*?)</td>", r'<tr><th scope="row">\1</th>', inner, flags=re.S)
        return TABLE_OPEN + inner + TABLE_CLOSE + stacked_table(match.group(1))

    return _TABLE.sub(replace, html)


def markdown_to_html(text):
    return markdown.markdown(
        text or "",
        extensions=["tables", "sane_lists", "toc"],
        extension_configs={"toc": {"permalink": False}},
        output_format="html",
    )


def render_markdown(text):
    return lay_out_tables(sanitize_html(markdown_to_html(text)))


def sanitize_html(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
    )


_TAG = re.compile(r"<([a-zA-Z][\w-]*)")
_ATTRIBUTE = re.compile(r"\s([a-zA-Z][\w:-]*)\s*=")


def left_out_by_sanitizer(text):
    """Names of the tags and attributes in staff's text that the allow-list leaves out, so the
    admin can tell them instead of dropping them silently."""
    raw = markdown_to_html(text)
    clean = sanitize_html(raw)
    left_out = []
    for pattern, label in [(_TAG, "<{}>"), (_ATTRIBUTE, "{}=")]:
        missing = Counter(pattern.findall(raw.lower())) - Counter(pattern.findall(clean.lower()))
        left_out += [label.format(name) for name in sorted(missing)]
    return left_out

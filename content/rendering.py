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

URL_SCHEMES = {"http", "https", "mailto", "tel"}


# Added after sanitizing, so staff cannot write these attributes themselves. A wide table scrolls
# inside its own box on a phone; the box can be focused and scrolled with the arrow keys.
TABLE_OPEN = (
    '<p class="table-hint" aria-hidden="true">Swipe sideways to see every column.</p>'
    '<div class="table-scroll" role="region" aria-label="Table" tabindex="0"><table>'
)
TABLE_CLOSE = "</table></div>"


def markdown_to_html(text):
    return markdown.markdown(
        text or "",
        extensions=["tables", "sane_lists", "toc"],
        extension_configs={"toc": {"permalink": False}},
        output_format="html",
    )


def render_markdown(text):
    html = sanitize_html(markdown_to_html(text))
    return html.replace("<table>", TABLE_OPEN).replace("</table>", TABLE_CLOSE)


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

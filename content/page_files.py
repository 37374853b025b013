"""The site's page copy as files in the repository: `content/pages/<slug>.md`.

Each file starts with TOML front matter between `+++` lines (title, menu title, description,
summary, medical, layout, menu order, the date its text last changed (`updated`, shown as
"Last updated"), and the names of the references it cites, numbered in that
order); the Markdown text follows. Citations live in `pages/_references.toml`; a questions page
keeps its questions in `<slug>.questions.toml` beside it. `manage.py load_pages` creates the pages
that do not exist yet and, with `--check`, lists those whose file and database differ.
"""

import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

PAGES_DIR = Path(__file__).resolve().parent / "pages"
REFERENCES_FILE = "_references.toml"
FRONT_MATTER = "+++"


class PageFileError(ValueError):
    pass


@dataclass
class PageFile:
    slug: str
    title: str
    nav_title: str
    meta_description: str
    summary: str
    body: str
    layout: str
    is_medical: bool
    show_in_navigation: bool
    navigation_order: int
    text_updated: date | None = None
    references: list = field(default_factory=list)  # [(citation, url)], numbered from 1
    faq: list = field(default_factory=list)  # [(question, answer)]

    # The fields a Page row has under the same names.
    PAGE_FIELDS = (
        "title",
        "nav_title",
        "meta_description",
        "summary",
        "body",
        "layout",
        "is_medical",
        "show_in_navigation",
        "navigation_order",
        "text_updated",
    )

    def differences(self, page):
        """What differs between this file and a Page in the database, by field name."""
        changed = [name for name in self.PAGE_FIELDS if getattr(self, name) != getattr(page, name)]
        in_database = [(r.citation, r.url) for r in page.references.order_by("order", "pk")]
        if in_database != self.references:
            changed.append("references")
        questions = [(i.question, i.answer) for i in page.faq_items.order_by("order", "pk")]
        if questions != self.faq:
            changed.append("questions")
        return changed


def split_front_matter(text, name):
    lines = text.split("\n")
    if lines[0].strip() != FRONT_MATTER:
        raise PageFileError(f"{name}: the file must start with a {FRONT_MATTER} line")
    try:
        end = lines.index(FRONT_MATTER, 1)
    except ValueError:
        raise PageFileError(
            f"{name}: the front matter has no closing {FRONT_MATTER} line"
        ) from None
    return "\n".join(lines[1:end]), "\n".join(lines[end + 1 :]).strip("\n") + "\n"


def read_page(path, citations):
    front, body = split_front_matter(path.read_text(encoding="utf-8"), path.name)
    try:
        meta = tomllib.loads(front)
        questions_file = path.with_name(f"{path.stem}.questions.toml")
        questions = (
            tomllib.loads(questions_file.read_text(encoding="utf-8")).get("questions", [])
            if questions_file.exists()
            else []
        )
    except tomllib.TOMLDecodeError as error:
        raise PageFileError(f"{path.name}: {error}") from None
    updated = meta.get("updated")
    if updated is not None and type(updated) is not date:
        raise PageFileError(f"{path.name}: updated must be a date such as 2026-11-27, unquoted")
    unknown = [name for name in meta.get("references", []) if name not in citations]
    if unknown:
        raise PageFileError(f"{path.name}: no reference named {', '.join(unknown)}")
    return PageFile(
        slug=path.stem,
        title=meta["title"],
        nav_title=meta.get("menu_title", ""),
        meta_description=meta["description"],
        summary=meta.get("summary", ""),
        body=body,
        layout=meta.get("layout", "standard"),
        is_medical=meta.get("medical", True),
        show_in_navigation=meta.get("in_menu", False),
        navigation_order=meta.get("order", 100),
        text_updated=updated,
        references=[
            (citations[name]["citation"], citations[name]["url"])
            for name in meta.get("references", [])
        ],
        faq=[(item["question"], item["answer"].strip("\n")) for item in questions],
    )


def read_page_files(directory=PAGES_DIR):
    """Every page file in the folder, in menu order."""
    citations = tomllib.loads((directory / REFERENCES_FILE).read_text(encoding="utf-8"))
    pages = [read_page(path, citations) for path in sorted(directory.glob("*.md"))]
    return sorted(pages, key=lambda page: (page.navigation_order, page.slug))

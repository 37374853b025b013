"""The README and docs/ stay short, linked and true to the code a newcomer will run: every link
leads somewhere, every environment variable the site reads is documented, every `make` command
they name exists. Plain file reads: no database, no server."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
CONFIGURATION = DOCS / "configuration.md"
ENV_EXAMPLE = ROOT / ".env.example"
# The files that read the environment for the site and its application server.
ENV_READERS = [ROOT / "clinic_site" / "settings.py", ROOT / "gunicorn.conf.py"]
# settings.py's helpers around os.environ.
ENV_HELPERS = {"env_bool", "env_int", "env_list"}
# Set by manage.py and wsgi.py for Django itself, never by whoever deploys the site.
NOT_CONFIGURATION = {"DJANGO_SETTINGS_MODULE"}

LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`([^`\n]+)`")
MAKE_COMMAND = re.compile(r"(?:^|[\s;&|(])make ([a-z][a-z0-9-]*)", re.MULTILINE)
MAKE_TARGET = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_.-]*)\s*:(?!=)", re.MULTILINE)


def documents():
    return [README, *sorted(DOCS.rglob("*.md"))]


def anchor(heading):
    """The fragment GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def prose(path):
    """A document without its code, where a link is only an example."""
    return INLINE_CODE.sub("", FENCE.sub("", path.read_text(encoding="utf-8")))


def anchors(path):
    text = prose(path)
    return {anchor(h) for h in re.findall(r"^#{1,6} (.+)$", text, re.MULTILINE)}


def relative_links(path):
    for target in LINK.findall(prose(path)):
        if not re.match(r"^[a-z][a-z0-9+.-]*:", target):  # not http:, https:, mailto:
            yield target


def environment_variables_read(path):
    """Names passed to os.environ.get(...), os.environ[...] or settings.py's env_* helpers, and
    the one dj_database_url.config() reads (DATABASE_URL unless told another)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "dj_database_url.config":
            env = [k.value for k in node.keywords if k.arg == "env"]
            names.add(env[0].value if env else "DATABASE_URL")
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            called = ast.unparse(func)
            if called in {"os.environ.get", "os.getenv"} or (
                isinstance(func, ast.Name) and func.id in ENV_HELPERS
            ):
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    names.add(first.value)
        elif (
            isinstance(node, ast.Subscript)
            and ast.unparse(node.value) == "os.environ"
            and isinstance(node.slice, ast.Constant)
        ):
            names.add(node.slice.value)
    return names - NOT_CONFIGURATION


def code_in(path):
    """The text of a document's code: fenced blocks and inline `code`."""
    text = path.read_text(encoding="utf-8")
    fenced = FENCE.findall(text)
    return "\n".join(fenced + INLINE_CODE.findall(FENCE.sub("", text)))


def makefile_targets():
    return set(MAKE_TARGET.findall((ROOT / "Makefile").read_text(encoding="utf-8")))


def test_the_readme_is_under_150_lines():
    lines = README.read_text(encoding="utf-8").count("\n")
    assert lines < 150, f"README.md has {lines} lines: move detail into docs/"


def test_the_readme_links_to_each_document_in_docs():
    linked = {(README.parent / t.split("#")[0]).resolve() for t in relative_links(README)}
    unlinked = [
        str(path.relative_to(ROOT))
        for path in sorted(DOCS.glob("*.md"))
        if path.resolve() not in linked
    ]
    assert unlinked == []


@pytest.mark.parametrize("path", documents(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_leads_to_a_file_and_heading_that_exist(path):
    broken = []
    for target in relative_links(path):
        file_part, _, fragment = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.exists():
            broken.append(f"{target}: no such file")
        elif fragment and linked.suffix == ".md" and fragment not in anchors(linked):
            broken.append(f"{target}: no heading #{fragment} in {linked.name}")
    assert broken == []


@pytest.mark.parametrize("reader", ENV_READERS, ids=lambda p: p.name)
def test_every_environment_variable_the_site_reads_is_documented(reader):
    names = environment_variables_read(reader)
    assert names, f"found no environment variables in {reader.name}: has the way it reads changed?"
    configuration = CONFIGURATION.read_text(encoding="utf-8")
    example = ENV_EXAMPLE.read_text(encoding="utf-8")
    missing = {
        "docs/configuration.md": sorted(n for n in names if f"`{n}`" not in configuration),
        ".env.example": sorted(n for n in names if not re.search(rf"^{n}=", example, re.MULTILINE)),
    }
    assert missing == {"docs/configuration.md": [], ".env.example": []}


def test_the_env_example_names_only_variables_the_site_reads():
    read = set().union(*(environment_variables_read(path) for path in ENV_READERS))
    listed = set(re.findall(r"^([A-Z][A-Z0-9_]*)=", ENV_EXAMPLE.read_text(), re.MULTILINE))
    assert sorted(listed - read) == []


@pytest.mark.parametrize("path", documents(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_make_command_the_docs_name_exists_in_the_makefile(path):
    named = set(MAKE_COMMAND.findall(code_in(path)))
    assert sorted(named - makefile_targets()) == []

"""Team rule: an app never imports clinic_site (the project), so each app can be read, moved and
tested on its own; what an app needs lives in the app."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.module_loading import import_string

ROOT = Path(__file__).resolve().parents[2]
APPS = ["intake", "content", "accounts"]


def project_imports(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        else:
            continue
        for name in names:
            if name == "clinic_site" or name.startswith("clinic_site."):
                yield f"{path.relative_to(ROOT)}:{node.lineno} imports {name}"


@pytest.mark.parametrize("app", APPS)
def test_no_app_imports_the_project(app):
    found = [line for path in (ROOT / app).rglob("*.py") for line in project_imports(path)]
    assert found == []


def test_lockouts_and_the_form_limit_read_the_client_address_from_intake():
    from intake.client_ip import grouped_client_ip

    assert import_string(settings.AXES_CLIENT_IP_CALLABLE) is grouped_client_ip


def test_the_refused_form_page_is_the_forms_own_view():
    # It draws the consultation form again with what was typed: intake's, not the project's.
    from intake.views import csrf_failure

    assert import_string(settings.CSRF_FAILURE_VIEW) is csrf_failure


def test_the_staff_pages_take_the_questions_words_from_their_records_not_the_public_form():
    tree = ast.parse((ROOT / "intake" / "admin.py").read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not imported & {"forms", "intake.forms"}

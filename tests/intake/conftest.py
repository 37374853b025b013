import pytest

from tests.support.forms import PATIENT_ANSWERS, FormClient, started_seconds_ago


@pytest.fixture
def client():
    return FormClient()


@pytest.fixture
def make_answers():
    """A complete, valid form post, with any answers replaced."""

    def make(**changes):
        data = {**PATIENT_ANSWERS, "website": "", "started": started_seconds_ago(60)}
        data.update(changes)
        return {key: value for key, value in data.items() if value is not None}

    return make

"""A form refused by the CSRF check: the person keeps what they typed and sees the site's page."""

import html
import re

import pytest

from intake.models import ConsultationRequest
from tests.support.forms import PATIENT_ANSWERS
from tests.support.forms import FormClient as Client

pytestmark = pytest.mark.django_db


# What a browser sends with a form posted from this site's own page.
OWN_PAGE = {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://testserver"}


def test_a_refused_consultation_form_comes_back_with_every_answer(make_answers, site_pages):
    response = Client(enforce_csrf_checks=True).post("/consultation/", make_answers(), **OWN_PAGE)

    assert response.status_code == 403
    assert not ConsultationRequest.objects.exists()
    page = html.unescape(response.content.decode())
    for field in ["full_name", "email", "phone", "best_time", "insurance_plan", "heard_about"]:
        assert f'value="{PATIENT_ANSWERS[field]}"' in page, field
    assert PATIENT_ANSWERS["message"] in page
    assert "Your request has not been sent yet" in page
    assert 'name="csrfmiddlewaretoken"' in page  # a fresh token: sending again works
    assert 'href="tel:988"' in page


def test_sending_the_returned_form_again_saves_the_request(make_answers, site_pages):
    patient = Client(enforce_csrf_checks=True)
    returned = patient.post("/consultation/", make_answers(), **OWN_PAGE).content.decode()
    token = returned.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]

    response = patient.post("/consultation/", {**make_answers(), "csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert ConsultationRequest.objects.get().full_name == PATIENT_ANSWERS["full_name"]


def test_other_refused_forms_get_the_sites_own_page(site_pages):
    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "x"})

    assert response.status_code == 403
    page = response.content.decode()
    assert "Your form was not sent" in page and 'href="tel:988"' in page
    assert "style=" not in page


STRANGER = {
    "full_name": "Stranger Wrote This",
    "email": "planted@attacker.example",
    "phone": "+1 (555) 013-3713",
    "best_time": "Planted-best-time",
    "message": "Planted message from another site",
    "insurance_plan": "Planted-insurance",
}


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://attacker.example"},
        {"HTTP_ORIGIN": "https://attacker.example"},
        {},  # a post that says nothing about where it came from
    ],
    ids=["cross-site", "foreign-origin", "no-origin"],
)
def test_a_form_posted_from_another_site_echoes_none_of_its_values(
    make_answers, site_pages, headers
):
    response = Client(enforce_csrf_checks=True).post(
        "/consultation/", make_answers(**STRANGER, contact_method="email"), **headers
    )

    assert response.status_code == 403
    assert not ConsultationRequest.objects.exists()
    page = html.unescape(response.content.decode())
    for value in STRANGER.values():
        assert value not in page
    assert "sent from somewhere else" in page and 'href="tel:988"' in page
    # No answer chosen for the person either: only the form's own default.
    assert re.findall(r'id="(\w+)" checked', page) == ["id_submitted_by_0"]

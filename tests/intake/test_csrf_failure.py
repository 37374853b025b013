"""A form refused by the CSRF check: the person keeps what they typed and sees the site's page."""

import html

import pytest
from django.test import Client

from intake.models import ConsultationRequest
from tests.intake.conftest import PATIENT_ANSWERS

pytestmark = pytest.mark.django_db


def test_a_refused_consultation_form_comes_back_with_every_answer(make_answers, site_pages):
    response = Client(enforce_csrf_checks=True).post("/consultation/", make_answers())

    assert response.status_code == 403
    assert not ConsultationRequest.objects.exists()
    page = html.unescape(response.content.decode())
    for field in ["full_name", "email", "phone", "best_time", "insurance", "heard_about"]:
        assert f'value="{PATIENT_ANSWERS[field]}"' in page, field
    assert PATIENT_ANSWERS["message"] in page
    assert "Your request has not been sent yet" in page
    assert 'name="csrfmiddlewaretoken"' in page  # a fresh token: sending again works
    assert 'href="tel:988"' in page


def test_sending_the_returned_form_again_saves_the_request(make_answers, site_pages):
    patient = Client(enforce_csrf_checks=True)
    returned = patient.post("/consultation/", make_answers()).content.decode()
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

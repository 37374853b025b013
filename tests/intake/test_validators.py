"""The NPI check the referral form uses: a mistyped number is caught with a message the person
understands, and a real one is never refused."""

import pytest
from django.core.exceptions import ValidationError

from intake.validators import validate_npi

# CMS's own worked example (1234567893), Wikipedia's NPI example, and the NPPES API's example.
VALID_NPIS = ["1234567893", "1245319599", "1003000126"]


@pytest.mark.parametrize("npi", VALID_NPIS)
def test_a_real_npi_is_accepted(npi):
    validate_npi(npi)


@pytest.mark.parametrize("npi", ["123 456 7893", "1234-567-893", " 1234567893 "])
def test_an_npi_written_in_groups_is_accepted(npi):
    validate_npi(npi)


@pytest.mark.parametrize(
    "npi",
    # Every other last digit, and two neighbouring digits swapped (the commonest slip).
    [npi[:9] + str(d) for npi in VALID_NPIS for d in range(10) if str(d) != npi[9]]
    + ["1234567983", "2134567893"],
)
def test_a_mistyped_npi_says_its_last_digit_does_not_match(npi):
    with pytest.raises(ValidationError) as caught:
        validate_npi(npi)
    assert caught.value.messages == [
        "This NPI's last digit does not match: please check the number."
    ]


@pytest.mark.parametrize(
    "value", ["", None, "123456789", "12345678931", "12345678a3", "NPI 1234567893", "١٢٣٤٥٦٧٨٩٣"]
)
def test_anything_but_ten_digits_asks_for_ten_digits(value):
    with pytest.raises(ValidationError) as caught:
        validate_npi(value)
    assert caught.value.messages == ["An NPI has 10 digits: please check the number."]

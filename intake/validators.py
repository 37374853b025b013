"""Checks on numbers people type into the forms."""

import re

from django.core.exceptions import ValidationError

# CMS: an NPI's tenth digit is a Luhn check digit computed over the first nine with the prefix
# 80840 (the health industry's ISO 7812 issuer number) in front.
NPI_PREFIX = "80840"
# People write an NPI in groups now and then; the digits are what count.
NPI_SEPARATORS = re.compile(r"[\s-]")


def luhn_checksum(digits):
    """The Luhn sum of a string of digits, modulo 10 (0 for a number whose check digit fits)."""
    total = 0
    for position, digit in enumerate(int(d) for d in reversed(digits)):
        if position % 2:
            digit *= 2
            digit -= 9 if digit > 9 else 0
        total += digit
    return total % 10


def validate_npi(value):
    """Refuse anything but a 10-digit NPI whose check digit matches, with a message that says
    what to look at. Spaces and dashes between the digits are allowed."""
    digits = NPI_SEPARATORS.sub("", str(value or ""))
    if not (len(digits) == 10 and digits.isascii() and digits.isdigit()):
        raise ValidationError("An NPI has 10 digits: please check the number.", code="npi_length")
    if luhn_checksum(NPI_PREFIX + digits):
        raise ValidationError(
            "This NPI's last digit does not match: please check the number.",
            code="npi_check_digit",
        )

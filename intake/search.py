"""What the queue's search box finds, and the keys a request is found by.

A request is found by keys derived from its answers when it is saved (`SearchKey` rows, kept
apart from the answers, which are never changed, and never shown): each word of the person's,
the helper's and the referring clinician's names, each email address, and each phone number's
digits back to front. What staff type is split into terms, and every term must match the start
of one of a request's keys, which a plain B-tree index serves on SQLite and PostgreSQL alike,
however many requests there are.
"""

import re
import unicodedata
from typing import NamedTuple

NAME, EMAIL, PHONE = "name", "email", "phone"
KEY_MAX_LENGTH = 254

# A search made only of digits and what people type between them is one phone number.
PHONE_LIKE = re.compile(r"[\d\s().+-]+")
# "#123" or "123": a request's number (nine digits at most; a longer one is a phone number).
REQUEST_NUMBER = re.compile(r"#?(\d{1,9})")
# Fewer digits than this match too many numbers to be worth a search.
PHONE_MIN_DIGITS = 4
# Each term is a lookup; a pasted paragraph is not a search.
MAX_TERMS = 8


def words(text):
    """The words of a name as the search compares them: case-folded and without accents, so
    "Zoë" and "zoe" are one word, and split at anything not a letter or digit ("O'Brien-Smith"
    is three words)."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return [word[:KEY_MAX_LENGTH] for word in re.findall(r"[^\W_]+", plain)]


def phone_key(digits):
    """A number's digits back to front: its last digits, which staff may read out on their own
    ("it ends in 0102"), become the start of the key, which the index finds."""
    return digits[::-1]


class Term(NamedTuple):
    """One thing a matching request must have: a key of one of `kinds` starting with `prefix`,
    or (when `number` is set) that request number."""

    kinds: tuple
    prefix: str
    number: int | None = None


def terms(query, *, email_key, phone_digits):
    """The terms of what staff typed; none when nothing in it could match.

    `email_key` and `phone_digits` are the functions that made the keys (intake.models), so a
    search is normalised exactly as what it looks for.
    """
    query = query.strip()
    if PHONE_LIKE.fullmatch(query) and not REQUEST_NUMBER.fullmatch(query):
        # "(415) 555-0102", "+1 415 555 0102", "555 0102": one number, whatever its spaces.
        typed = [query]
    else:
        typed = query.split()
    found = []
    for part in typed:
        number = REQUEST_NUMBER.fullmatch(part)
        digits = phone_digits(part)
        # A number is also the end of a phone number, unless "#" says it is a request's.
        as_phone = len(digits) >= PHONE_MIN_DIGITS and not part.startswith("#")
        if number:
            found.append(Term((PHONE,), phone_key(digits) if as_phone else "", int(number[1])))
        elif PHONE_LIKE.fullmatch(part):
            if as_phone:
                found.append(Term((PHONE,), phone_key(digits)))
            else:
                return []  # too few digits to mean any one number
        elif "@" in part:
            found.append(Term((EMAIL,), email_key(part)[:KEY_MAX_LENGTH]))
        else:
            # The start of a name, or of an email address ("alex" finds alex@example.org).
            found += [Term((NAME, EMAIL), word) for word in words(part)]
    return found[:MAX_TERMS]

"""The private self-check: the PHQ-9's nine questions and four answers as published, and its
scoring (facts file §15: Kroenke, Spitzer and Williams 2001).

The wording is fixed, so it lives here rather than in a page editors change; the page's own words
(its introduction) are a content page with the self-check layout. The browser script
(static/js/self-check.js) scores from the page this module renders: the points are each answer's
value and the bands are read from the page, so the two cannot drift apart.

Nothing here keeps anything: a result is worked out, shown, and forgotten.
"""

from datetime import date
from typing import NamedTuple

from django import forms
from django.utils import timezone

STEM = "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
QUESTIONS = [
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your family "
    "down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — being "
    "so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
]
ANSWERS = [(0, "Not at all"), (1, "Several days"), (2, "More than half the days"), (3, "Nearly every day")]  # fmt: skip
CREDIT = (
    "The PHQ-9 was developed by Drs Robert L Spitzer, Janet B W Williams, Kurt Kroenke and "
    "colleagues, with an educational grant from Pfizer Inc."
)
# Question 9: any answer above "Not at all" brings crisis help first (facts file §15).
SAFETY_QUESTION = 9
MAX_TOTAL = 3 * len(QUESTIONS)


class Band(NamedTuple):
    lowest: int  # the lowest and highest totals in the band
    highest: int
    key: str
    name: str  # the published band, in plain words
    meaning: str  # what it may mean, said to the person


# Never "low risk", never a word about safety: a low score says nothing about it (Louzon 2016).
BANDS = [
    Band(
        0,
        4,
        "minimal",
        "none or minimal",
        "Your answers suggest few or no signs of depression in the last 2 weeks.",
    ),
    Band(5, 9, "mild", "mild", "Your answers suggest mild signs of depression."),
    Band(10, 14, "moderate", "moderate", "Your answers suggest moderate signs of depression."),
    Band(
        15,
        19,
        "moderately-severe",
        "moderately severe",
        "Your answers suggest moderately severe signs of depression.",
    ),
    Band(20, 27, "severe", "severe", "Your answers suggest severe signs of depression."),
]


def band_for(total):
    return next(band for band in BANDS if band.lowest <= total <= band.highest)


class Result(NamedTuple):
    answers: tuple  # the nine answers' points, question 1 first
    answered_on: date

    @property
    def total(self):
        return sum(self.answers)

    @property
    def max_total(self):
        return MAX_TOTAL

    @property
    def band(self):
        return band_for(self.total)

    @property
    def needs_help_now(self):
        return self.answers[SAFETY_QUESTION - 1] > 0

    @property
    def safety_answer(self):
        """Question 9's answer, in words."""
        return dict(ANSWERS)[self.answers[SAFETY_QUESTION - 1]]

    @property
    def rows(self):
        """(number, question, answer in words, points) for each question."""
        words = dict(ANSWERS)
        return [
            (number, question, words[points], points)
            for number, (question, points) in enumerate(
                zip(QUESTIONS, self.answers, strict=True), start=1
            )
        ]

    @property
    def code(self):
        """The nine answers as one short value, e.g. "012301230" (how a request stores them)."""
        return "".join(str(points) for points in self.answers)


def field_name(number):
    return f"q{number}"


class SelfCheckForm(forms.Form):
    """The nine answers. Also how the consultation form checks answers it is asked to carry."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number, question in enumerate(QUESTIONS, start=1):
            self.fields[field_name(number)] = forms.TypedChoiceField(
                label=question,
                choices=ANSWERS,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={
                    "required": f"Choose an answer for question {number}.",
                    "invalid_choice": f"Choose one of the four answers for question {number}.",
                },
            )

    def questions(self):
        """(number, bound field) in order, for the page."""
        return [(number, self[field_name(number)]) for number in range(1, len(QUESTIONS) + 1)]

    def error_summary(self):
        """(id of the question's first answer, message) in question order."""
        return [
            (f"{field.auto_id}_0", error) for _, field in self.questions() for error in field.errors
        ]

    def result(self, answered_on=None):
        """The result of valid answers (call is_valid() first)."""
        answers = tuple(self.cleaned_data[field_name(n)] for n in range(1, len(QUESTIONS) + 1))
        return Result(answers, answered_on or timezone.localdate())

    def needs_help_now(self):
        """Question 9 answered above "Not at all", whatever else is missing."""
        if not self.is_bound:
            return False
        name = field_name(SAFETY_QUESTION)
        return self.data.get(name) in {str(points) for points, _ in ANSWERS[1:]}


def read_code(code, answered_on):
    """The Result stored as `code` (see Result.code); ValueError if it is not nine answers."""
    if len(code) != len(QUESTIONS) or any(ch not in "0123" for ch in code):
        raise ValueError("not nine answers from 0 to 3")
    return Result(tuple(int(ch) for ch in code), answered_on)

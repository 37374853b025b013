import re
import time
import uuid
from datetime import date
from typing import NamedTuple

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.conf import settings
from django.core import signing, validators
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html

from content.page_cache import get_site_chrome
from content.policies import fill_policies, offered_treatments
from content.self_check import read_code

from . import questions
from .choices import (
    CallFirst,
    HelpWanted,
    SelfHarmAnswer,
    SpamReason,
    SubmittedBy,
    TreatmentInterest,
    YesNo,
)
from .models import EMAIL_KEY_MAX_LENGTH, ConsultationRequest, email_key
from .questions import MESSAGE_MAX_LENGTH, TRIAL_KEYS, TRIAL_LABELS, TRIALS_MAX_ROWS, Required

TIMESTAMP_SALT = "intake.form-started"
HONEYPOT_FIELD = "website"

# What a phone number may look like: digits, spaces and + ( ) - . /, then perhaps an extension
# ("ext. 12", "x12"). Checked only to catch slips such as a name typed in the wrong box; what was
# typed is kept as it is.
PHONE_PATTERN = re.compile(
    r"(?P<number>[\d\s+().\-/]+?)(?:\s*(?:ext(?:ension)?|x)\.?\s*\d+)?", re.IGNORECASE
)
PHONE_MIN_DIGITS = 7

# The referral's antidepressant trials: the question, which is also the rows' prefix, how many
# empty rows the form starts with, and the button that adds one without JavaScript.
TRIALS = "antidepressant_trials"
TRIALS_FIRST_ROWS = 2
ADD_TRIAL_ROW = "add_medicine"
TRIAL_MAX_LENGTH = 200


class StartToken(NamedTuple):
    age: float  # seconds since the form was shown
    submission_id: uuid.UUID
    # The form came back to the person (mistakes marked, or to send again after a day): what
    # they send next may come seconds later and is not too fast.
    returned: bool


def sign_started_at(started_at=None, submission_id=None, returned=False, sent_before=None):
    """The form's hidden start token: when it was shown, and the one-time id of this submission.

    Signed, so neither can be made up; the id makes a second post of the same form (a double
    click, a resend after an error page) find the request the first one saved. `sent_before`:
    the number of the request this browser had just sent when the form was shown (Back after
    sending), so that sending it again for the same person asks first.
    """
    value = {
        "t": time.time() if started_at is None else started_at,
        "id": submission_id or uuid.uuid4().hex,
    }
    if returned:
        value["r"] = 1
    if sent_before:
        value["after"] = sent_before
    return signing.dumps(value, salt=TIMESTAMP_SALT)


def read_start_token(token):
    """A StartToken, or None when we did not make it."""
    try:
        value = signing.loads(token, salt=TIMESTAMP_SALT)
        return StartToken(
            time.time() - float(value["t"]), uuid.UUID(hex=value["id"]), bool(value.get("r"))
        )
    except (signing.BadSignature, TypeError, ValueError, KeyError, UnicodeError, AttributeError):
        return None


def returned_start_token(token):
    """The same token (same start time and id), marked as on a form that came back to a person;
    one we did not make stays as it was."""
    try:
        value = signing.loads(token, salt=TIMESTAMP_SALT)
    except (signing.BadSignature, UnicodeError):
        return token
    return signing.dumps({**value, "r": 1}, salt=TIMESTAMP_SALT)


def seconds_since_started(token):
    """Seconds since the form was shown, or None when the token was not made by us."""
    started = read_start_token(token)
    return started.age if started else None


def self_check_value(result):
    """What the form's self-check tick box carries: the nine answers and the day, e.g.
    "012301230 2026-12-03" (content.self_check.Result)."""
    return f"{result.code} {result.answered_on.isoformat()}"


def read_self_check_value(value):
    """The self-check a tick box carried; ValueError unless it is one we could have made."""
    if not isinstance(value, str):
        raise ValueError("not one value")
    code, day = value.split(" ")
    result = read_code(code, date.fromisoformat(day))
    if result.answered_on > timezone.localdate():
        raise ValueError("a day still to come")
    return result


class CarriedAnswerBox(forms.CheckboxInput):
    """A tick box whose value is the answer it carries: unticked, nothing of it is sent."""

    def value_from_datadict(self, data, files, name):
        return data.get(name, "")


class LengthLimit(validators.MaxLengthValidator):
    """A field's length limit in the site's words, with numbers as people write them (2,000)."""

    message = (
        "Please shorten this to %(limit)s characters or fewer. It has %(length)s now. "
        "Everything you typed is still here."
    )

    def __call__(self, value):
        if len(value) > self.limit_value:
            params = {"limit": f"{self.limit_value:,}", "length": f"{len(value):,}"}
            raise ValidationError(self.message, code=self.code, params=params)


# The questions in the order the page shows them, which is also the order of the error summary.
# The antidepressant trials are asked as rows, not in one box of this form.
ASKED = [question for question in questions.ASKED if not question.rows]
FORM_FIELDS = [question.name for question in ASKED]
# The question the rows follow on the page (and in the error summary).
ROWS_AFTER = questions.FORM_QUESTIONS[questions.FORM_QUESTIONS.index(TRIALS) - 1]
# Each section's heading on the page, to the person and to someone filling it in for them.
SECTION_TITLES = {s.name: (s.you, s.them or s.you) for s in questions.SECTIONS if s.you}


class RevealingRadioSelect(forms.RadioSelect):
    """Radios where an answer shows more questions: that radio names them (aria-controls), and
    says which of the groups after the question they are (data-reveals, from 1), which is what
    the stylesheet looks for to show them."""

    def __init__(self, attrs=None, choices=(), reveals=()):
        super().__init__(attrs, choices)
        self.reveals = list(reveals)  # questions.Reveal, in the order their groups follow

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        for position, reveal in enumerate(self.reveals, start=1):
            if str(value) == reveal.value:
                option["attrs"]["aria-controls"] = reveal.css_id
                option["attrs"]["data-reveals"] = position
        return option


def both_wordings(you, them, clinician):
    """Words for the person, for someone helping and for a clinician referring the person; the
    answer to "Who is this for?" picks one in the stylesheet."""
    context = {"you": you, "them": them, "clinician": clinician}
    return render_to_string("intake/both_wordings.html", context)


def path_class(question):
    """The stylesheet's class for a question asked on some paths of the form only, else ""."""
    path = question.shown_when
    return path.css_class if isinstance(path, questions.Path) else ""


def widget_class(widget):
    """The stylesheet's class for an input (the names crispy-bootstrap5 uses)."""
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "" if widget.is_hidden else "form-control"


def our_length_limit(field):
    """Django's length message ("Ensure this value has at most …") replaced by ours, and no
    maxlength in the page: the browser would cut off a long paste without a word."""
    field.widget.attrs.pop("maxlength", None)
    if getattr(field, "max_length", None):
        field.validators = [
            v for v in field.validators if not isinstance(v, validators.MaxLengthValidator)
        ]
        field.validators.append(LengthLimit(field.max_length))


class TrialRowForm(forms.Form):
    """One antidepressant trial of a referral: its medicine, then what the worksheet's columns
    ask (content.medicine_history). All but the medicine may be left empty."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key in TRIAL_KEYS:
            field = forms.CharField(
                label=TRIAL_LABELS[key], max_length=TRIAL_MAX_LENGTH, required=False
            )
            field.widget.attrs["class"] = "form-control"
            our_length_limit(field)
            self.fields[key] = field

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("medicine") and any(cleaned.get(key) for key in TRIAL_KEYS[1:]):
            self.add_error(
                "medicine", "Enter the name of the medicine, or clear this row to leave it out."
            )
        return cleaned

    def trial(self):
        """What the row holds, by key; None for an empty row."""
        trial = {key: self.cleaned_data.get(key, "") for key in TRIAL_KEYS}
        return trial if any(trial.values()) else None

    def full_clean(self):
        super().full_clean()
        mark_invalid(self)


TrialRows = forms.formset_factory(
    TrialRowForm,
    extra=TRIALS_FIRST_ROWS,
    max_num=TRIALS_MAX_ROWS,
    absolute_max=TRIALS_MAX_ROWS,
)


def mark_invalid(form):
    """Errors change the look of their inputs (a thicker red border)."""
    for name in form.errors:
        if name in form.fields:
            widget = form.fields[name].widget
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class ConsultationRequestForm(forms.ModelForm):
    help_wanted = forms.MultipleChoiceField(
        choices=HelpWanted.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    # Hidden from people by the stylesheet; bots that fill every box give themselves away (and so
    # may a password manager: the request is kept as possible spam, not dropped).
    website = forms.CharField(
        label="Leave this box empty",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    # Not stored, so no length limit to report: anything odd here marks possible spam.
    started = forms.CharField(required=False, widget=forms.HiddenInput)
    # Only when the person chose to bring their self-check answers (views.AddSelfCheckView).
    # Read only by clean_self_check, so it has no length of its own to limit.
    self_check = forms.Field(
        label="Add my self-check answers to this request (optional)",
        required=False,
        widget=CarriedAnswerBox,
    )

    field_order = FORM_FIELDS

    class Meta:
        model = ConsultationRequest
        fields = FORM_FIELDS
        widgets = {
            **{question.name: forms.RadioSelect for question in ASKED if question.radios},
            # intake.js counts down from this, so the page and the server share one limit.
            "message": forms.Textarea(attrs={"rows": 5, "data-max-length": MESSAGE_MAX_LENGTH}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and "started" not in self.initial:
            self.initial["started"] = sign_started_at()
        self.trials = TrialRows(self.data if self.is_bound else None, prefix=TRIALS)
        # How the practice works is a policy a clinician confirms (content.policies).
        policy_statements = get_site_chrome()["policy_statements"]
        for field in self.fields.values():
            if widget_class(field.widget):
                field.widget.attrs["class"] = widget_class(field.widget)
            our_length_limit(field)
        for question in ASKED:
            self.ask(question, self.fields[question.name], policy_statements)
        self.trials_question = questions.BY_NAME[TRIALS]
        self.trials_hint = self.hint(self.trials_question, policy_statements)
        self.offer_only_what_applies()

    @cached_property
    def helper(self):
        # The page's layout renders parts of the page; a form that is only checked and saved
        # (a request sent without mistakes) never needs it.
        return self.build_helper()

    def ask(self, question, field, policy_statements):
        """Set up one question's field from its record: its words, whether it must be answered,
        and its input."""
        field.label = question.label(self.sender())
        field.label_you, field.label_them = question.you, question.label_them
        field.label_clinician = question.label_clinician
        # Asked on some paths only: the stylesheet hides it on the others.
        field.path_class = path_class(question)
        # The model's help texts are written for staff; people see only these.
        field.help_text = self.hint(question, policy_statements)
        field.required = question.required is Required.YES or (
            question.required is Required.UNLESS_HELPER_FIRST and not self.someone_else_first()
        )
        if question.required_message:
            field.error_messages["required"] = question.message(self.sender())
        self.set_input(question, field)
        self.fill_in_from_browser(question, field.widget, self.sender() != SubmittedBy.SELF)

    @staticmethod
    def hint(question, policy_statements):
        """The words under a question, and its link to a page of the site after them."""
        hint = fill_policies(question.hint, policy_statements)
        link = question.link
        if link is None:
            return hint
        url = reverse("content:page", args=[link.page])
        if link.fragment:
            url += f"#{link.fragment}"
        return format_html('{}<a href="{}">{}</a>', f"{hint} " if hint else "", url, link.text)

    @staticmethod
    def set_input(question, field):
        """Radios without Django's empty choice, naming what they reveal; a keypad for phones."""
        if question.radios:
            field.choices = [choice for choice in field.choices if choice[0] != ""]
        if question.clinician_choices:
            # A choice worded otherwise for a clinician carries both, as the labels do.
            field.choices = [
                (value, both_wordings(label, label, question.clinician_choices.get(value, label)))
                for value, label in field.choices
            ]
        reveals = questions.reveals_of(question.name)
        if reveals:
            field.widget = RevealingRadioSelect(field.widget.attrs, field.choices, reveals)
        if question.autocomplete == "tel":
            field.widget.input_type = "tel"

    @staticmethod
    def fill_in_from_browser(question, widget, for_someone_else):
        """What a browser may fill in from saved details. On a form about someone else the
        browser's details are the helper's or the clinician's, so the person's own boxes are not
        filled in (intake.js switches)."""
        if not question.autocomplete:
            return
        widget.attrs["autocomplete"] = question.autocomplete
        if not question.about_the_sender:
            widget.attrs["data-autocomplete-you"] = question.autocomplete
            if for_someone_else:
                widget.attrs["autocomplete"] = "off"

    def offer_only_what_applies(self):
        offered = offered_treatments() | {TreatmentInterest.NOT_SURE}
        self.fields["treatment_interest"].choices = [
            choice for choice in self.fields["treatment_interest"].choices if choice[0] in offered
        ]
        self.fields["state"].choices = [("", "Choose a state")] + list(
            self.fields["state"].choices
        )[1:]

    def sender(self):
        """Who is filling the form in (a SubmittedBy), as the answers say so far."""
        answer = self.data.get("submitted_by") if self.is_bound else None
        return answer if answer in SubmittedBy.values else SubmittedBy.SELF

    def is_for_someone_else(self):
        return self.is_bound and self.data.get("submitted_by") == SubmittedBy.SOMEONE_ELSE

    def is_about_someone_else(self):
        """Filled in by a helper or a referring clinician, about the person."""
        return self.sender() != SubmittedBy.SELF

    def is_referral(self):
        return self.sender() == SubmittedBy.CLINICIAN

    def someone_else_first(self):
        """Sent by a helper for someone who does not know about it yet, or by a clinician who
        asked to be contacted first: the person's contact details are optional."""
        if self.is_referral():
            return self.data.get("call_first") == CallFirst.CLINICIAN
        return self.is_for_someone_else() and self.data.get("person_agrees_to_contact") == YesNo.NO

    def said_yes_to_self_harm(self):
        return self.is_bound and self.data.get("self_harm_thoughts") == SelfHarmAnswer.YES

    def build_helper(self):
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        helper.field_template = "intake/field.html"
        carried = self.self_check_layout()
        helper.layout = Layout(
            *([carried] if carried else []),
            *(self.section_layout(section) for section in questions.SECTIONS),
            Div(HONEYPOT_FIELD, css_class="hp-field"),
            "started",
        )
        return helper

    def section_layout(self, section):
        """One section of questions.SECTIONS, in its order, with what the page adds around it."""
        items = [HTML(section.intro)] if section.intro else []
        if section.name == "consent":
            privacy = {"retention_days": settings.INTAKE_RETENTION_DAYS}
            items.append(HTML(render_to_string("intake/privacy_summary.html", privacy)))
        asked = [q for q in section.questions if q.name in self.fields or q.rows]
        items += self.question_layout(asked)
        # A section asked on one path only is hidden, heading and all, on the others.
        paths = {path_class(question) for question in asked}
        css_class = " ".join(["form-section", *paths]) if len(paths) == 1 else "form-section"
        if not section.you:
            return Div(*items, css_class=css_class)
        them = section.them or section.you
        clinician = section.clinician or them
        title = section.you
        if len({section.you, them, clinician}) > 1:
            title = both_wordings(section.you, them, clinician)
        return Fieldset(title, *items, css_class=css_class)

    @staticmethod
    def question_layout(asked):
        """The questions in order; those one answer reveals together in one box, after it."""
        items = []
        for question in asked:
            reveal = question.shown_when
            if question.rows:
                # Rendered with the page, so that each row shows its own mistakes.
                items.append(HTML('{% include "intake/trial_rows.html" %}'))
            elif not isinstance(reveal, questions.Reveal):
                items.append(question.name)
            elif items and getattr(items[-1], "css_id", None) == reveal.css_id:
                items[-1].fields.append(question.name)
            else:
                intro = [HTML(reveal.intro)] if reveal.intro else []
                # Hidden with the question that opens it, on a path that does not ask it.
                opener = path_class(questions.BY_NAME[reveal.shown_by])
                items.append(
                    Div(
                        *intro,
                        question.name,
                        css_class=f"conditional {opener}".strip(),
                        css_id=reveal.css_id,
                    )
                )
            if question.name == "self_harm_thoughts":
                # Help shown right under the question (intake.js), without leaving the page.
                items.append(HTML(render_to_string("intake/safety_response.html")))
        return items

    def self_check_layout(self):
        """The self-check answers the person chose to add, shown first for them to keep or
        untick; None when they brought none."""
        value = self["self_check"].value()
        if not value:
            return None
        try:
            result = read_self_check_value(value)
        except ValueError:
            result = None  # the message next to the box says so
        summary = render_to_string("intake/self_check_answers.html", {"result": result})
        return Fieldset(
            "Your self-check answers",
            HTML(summary),
            "self_check",
            css_class="form-section",
        )

    def clean_email(self):
        email = self.cleaned_data["email"]
        # Checked as stored: written in lower case and standard characters, an address that fits
        # the box can outgrow the column that finds the same person's other requests.
        if len(email_key(email)) > EMAIL_KEY_MAX_LENGTH:
            raise ValidationError(
                "This email address is too long for us to store: written in lower case and "
                f"standard characters, it has more than {EMAIL_KEY_MAX_LENGTH}. Please check it, "
                "or choose a phone call or a text instead."
            )
        return email

    def clean_self_check(self):
        value = self.cleaned_data["self_check"]
        if not value:
            return None
        try:
            return read_self_check_value(value)
        except ValueError:
            raise ValidationError(
                "We could not read these self-check answers. Untick the box to send your request "
                "without them."
            ) from None

    def clean_phone(self):
        return self.check_phone(self.cleaned_data["phone"])

    def clean_helper_phone(self):
        return self.check_phone(self.cleaned_data["helper_phone"])

    def check_phone(self, phone):
        match = PHONE_PATTERN.fullmatch(phone)
        digits = re.findall(r"\d", match["number"]) if match else []
        if phone and len(digits) < PHONE_MIN_DIGITS:
            raise ValidationError(
                f"Enter a phone number with at least {PHONE_MIN_DIGITS} digits, for example "
                "(650) 555-0100."
            )
        return phone

    def ignore(self, name):
        """A question the page hides for the answers given: whatever it holds is not kept."""
        self._errors.pop(name, None)
        # The field's empty answer: "", False for a tick box, [] for a list.
        self.cleaned_data[name] = self.fields[name].to_python(None)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("submitted_by") not in SubmittedBy.values:
            cleaned["submitted_by"] = SubmittedBy.SELF
        for question in ASKED:
            if question.shown_when and not question.shown_when.shown_for(
                cleaned.get(question.shown_when.shown_by)
            ):
                self.ignore(question.name)
            elif self.needs_answer(question, cleaned):
                self.add_error(question.name, question.message(self.sender()))
        if cleaned["submitted_by"] == SubmittedBy.SOMEONE_ELSE:
            self.check_helper_can_be_reached(cleaned)
        return cleaned

    def clean_referrer_phone(self):
        return self.check_phone(self.cleaned_data["referrer_phone"])

    def asks_trials(self):
        """The rows are asked of a referring clinician, and were sent with the form (a client
        that sends none of them has no rows to lose)."""
        return self.is_referral() and self.trials.management_form.is_valid()

    def trial_list(self):
        """The antidepressant trials to keep: the rows that hold anything, in their order."""
        if not self.asks_trials():
            return []
        return [trial for row in self.trials for trial in [row.trial()] if trial]

    def needs_answer(self, question, cleaned):
        """Left empty, though the answers given make it needed (an email address when email was
        chosen); what every answer needs, Django's own `required` already checks."""
        if cleaned.get(question.name) or question.name in self.errors:
            return False
        if question.required is Required.WHEN_SHOWN:
            return True
        needed_for = question.needed_for
        return bool(
            needed_for
            and cleaned.get(needed_for.question) in needed_for.answers
            # The helper is called first; the person's details are optional.
            and not self.someone_else_first()
        )

    def check_helper_can_be_reached(self, cleaned):
        if not (cleaned.get("helper_email") or cleaned.get("helper_phone")) and not (
            {"helper_email", "helper_phone"} & set(self.errors)
        ):
            self.add_error(
                "helper_email", "Enter your email address or phone number, so we can reach you."
            )

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self.asks_trials() and not self.trials.is_valid():
            # Each row's own messages are next to it and in the summary (error_summary); this
            # keeps the form from being sent until they are put right.
            self._errors[TRIALS] = self.error_class(["Check the antidepressants tried."])
        mark_invalid(self)

    def with_another_trial_row(self):
        """The same answers with one more empty antidepressant row (up to TRIALS_MAX_ROWS), none
        of them checked yet: "Add another medicine" without JavaScript. The new row's first box
        takes the focus."""
        sent = self.trials.management_form.is_valid()
        rows = self.trials.total_form_count() if sent else TRIALS_FIRST_ROWS
        self.data = self.data.copy()
        self.data[f"{TRIALS}-TOTAL_FORMS"] = str(min(rows + 1, TRIALS_MAX_ROWS))
        self.data.setdefault(f"{TRIALS}-INITIAL_FORMS", "0")
        self.trials = TrialRows(self.data, prefix=TRIALS)
        self._errors = ErrorDict()
        self.trials._errors, self.trials._non_form_errors = [], self.trials.error_class()
        for row in self.trials:
            row._errors = ErrorDict()
        if rows < TRIALS_MAX_ROWS:
            self.trials[-1].fields["medicine"].widget.attrs["autofocus"] = True
        return self

    def answers(self):
        """What was sent for this form's questions and its rows, by name, to show it again."""
        rows = self.trials
        names = [
            *self.fields,
            *(rows.management_form.add_prefix(name) for name in rows.management_form.fields),
            *(row.add_prefix(key) for row in rows for key in TRIAL_KEYS),
        ]
        return {name: self.data.getlist(name) for name in names if name in self.data}

    trials_limit_message = (
        f"You can list up to {TRIALS_MAX_ROWS} medicines here. Please add any others under "
        "“Anything else we should know?” below."
    )

    def trials_at_most(self):
        """As many rows as a referral takes: no more can be added."""
        return self.trials.total_form_count() >= TRIALS_MAX_ROWS

    def save(self, commit=True):
        # One box agrees to be contacted and says the privacy summary was read.
        self.instance.privacy_acknowledged = bool(self.cleaned_data.get("consent_to_contact"))
        self.instance.antidepressant_trials = self.trial_list()
        carried = self.cleaned_data.get("self_check")
        if carried:
            self.instance.self_check_answers = carried.code
            self.instance.self_check_on = carried.answered_on
        return super().save(commit)

    def spam_reason(self):
        """Why this submission looks automated (a SpamReason), or "" when it does not.

        Only meaningful after is_valid(). It is saved all the same, kept out of the queue for
        staff to look at (services.submit_request), and the person is thanked as anyone is.
        """
        if self.data.get(HONEYPOT_FIELD):
            return SpamReason.HIDDEN_BOX
        started = read_start_token(self.data.get("started", ""))
        if started is None:
            return SpamReason.NO_START_TOKEN
        if not started.returned and started.age < settings.INTAKE_MIN_SECONDS_TO_SUBMIT:
            return SpamReason.TOO_FAST
        return ""

    def submission_id(self):
        """The one-time id this form was shown with, or None for a token we did not make."""
        started = read_start_token(self.data.get("started", ""))
        return started.submission_id if started else None

    def has_expired(self):
        """Shown longer ago than INTAKE_FORM_MAX_AGE_HOURS: sent again only after a fresh token."""
        age = seconds_since_started(self.data.get("started", ""))
        return age is not None and age > settings.INTAKE_FORM_MAX_AGE_HOURS * 3600

    def sent_before_shown(self):
        """The number of the request this browser had sent when the form was shown, or None."""
        try:
            value = signing.loads(self.data.get("started", ""), salt=TIMESTAMP_SALT)
            return int(value["after"])
        except (signing.BadSignature, TypeError, ValueError, KeyError, UnicodeError):
            return None

    def renew_start_token(self):
        # Marked as returned: the person may press "Send" again the moment it is back.
        self.data = self.data.copy()
        self.data["started"] = sign_started_at(returned=True)

    def error_summary(self):
        """(field id, message) pairs in the order of the form, for the summary at the top."""
        items = []
        for name in self.fields:
            if name in (HONEYPOT_FIELD, "started"):
                continue
            for error in self.errors.get(name, []):
                field = self[name]
                widget_id = field.auto_id
                if isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                    widget_id = f"{widget_id}_0"
                items.append((widget_id, error))
            if name == ROWS_AFTER and TRIALS in self.errors:
                items += self.trial_errors()
        return items

    def trial_errors(self):
        """The rows' mistakes, each named by its row ("Medicine 2: …")."""
        return [
            (row[name].auto_id, f"Medicine {number}: {error}")
            for number, row in enumerate(self.trials, start=1)
            for name, errors in row.errors.items()
            for error in errors
        ]

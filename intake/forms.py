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
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html

from content.page_cache import get_site_chrome
from content.policies import fill_policies, offered_treatments
from content.self_check import read_code

from . import questions
from .choices import (
    ContactMethod,
    HelpWanted,
    SelfHarmAnswer,
    SpamReason,
    SubmittedBy,
    TreatmentInterest,
    YesNo,
)
from .models import EMAIL_KEY_MAX_LENGTH, MESSAGE_MAX_LENGTH, ConsultationRequest, email_key

TIMESTAMP_SALT = "intake.form-started"
HONEYPOT_FIELD = "website"

# What a phone number may look like: digits, spaces and + ( ) - . /, then perhaps an extension
# ("ext. 12", "x12"). Checked only to catch slips such as a name typed in the wrong box; what was
# typed is kept as it is.
PHONE_PATTERN = re.compile(
    r"(?P<number>[\d\s+().\-/]+?)(?:\s*(?:ext(?:ension)?|x)\.?\s*\d+)?", re.IGNORECASE
)
PHONE_MIN_DIGITS = 7


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
FORM_FIELDS = questions.FORM_QUESTIONS
HELPER_FIELDS = questions.HELPER_QUESTIONS


class Reveal(NamedTuple):
    """Questions that apply only for one answer (GOV.UK's conditional reveal).

    The stylesheet shows them while `shown_by` has `value` (with JavaScript off too, and hidden
    from the first paint, so nothing moves as the page loads; a browser without :has() shows them
    all), and clean() ignores what they hold otherwise. They must follow one another in
    questions.SECTIONS, straight after the `shown_by` question.
    """

    css_id: str
    shown_by: str
    value: str
    fields: list[str]
    intro: str = ""


REVEALS = [
    Reveal(
        "conditional-helper",
        "submitted_by",
        SubmittedBy.SOMEONE_ELSE,
        HELPER_FIELDS,
        intro='<h2 class="section-title">About you, the person helping</h2>'
        '<p class="form-text">Then answer the questions below about the person you are helping.'
        "</p>",
    ),
    Reveal("conditional-clinician", "sees_clinician", YesNo.YES, ["may_contact_clinician"]),
]
REVEAL_OF = {name: reveal for reveal in REVEALS for name in reveal.fields}


class RevealingRadioSelect(forms.RadioSelect):
    """Radios where one answer shows more questions: that radio names them (aria-controls), which
    is also what the stylesheet looks for to show them."""

    def __init__(self, attrs=None, choices=(), reveals=None):
        super().__init__(attrs, choices)
        self.reveals = reveals or {}  # {answer: id of the questions it shows}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if str(value) in self.reveals:
            option["attrs"]["aria-controls"] = self.reveals[str(value)]
        return option


# A helper whose person does not know about the request yet: staff call the helper first, so how
# to reach the person is optional.
HELPER_FIRST_OPTIONAL = ["contact_method", "ok_to_leave_message"]

# Each section's heading on the page, to the person and to someone filling it in for them
# (a section without one is not a fieldset), and any words before its questions.
SECTION_TITLES = {
    "person": ("About you", "About them"),
    "contact": ("How to reach you", "How to reach them"),
    "safety": ("Your safety right now", "Their safety right now"),
    "more": (
        "More about what you are looking for (all optional)",
        "More about what they are looking for (all optional)",
    ),
    "consent": ("Before you send", "Before you send"),
}
SECTION_INTROS = {
    "more": '<p class="form-text">Answer what you can. We will ask about the rest when we speak.'
    "</p>",
}


class ConsultationRequestForm(forms.ModelForm):
    # Shown to people in their own words; the model's verbose names are for staff.
    help_wanted = forms.MultipleChoiceField(
        choices=HelpWanted.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    is_adult = forms.BooleanField()
    consent_to_contact = forms.BooleanField()
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
            "submitted_by": forms.RadioSelect,
            "person_agrees_to_contact": forms.RadioSelect,
            "contact_method": forms.RadioSelect,
            "ok_to_leave_message": forms.RadioSelect,
            "antidepressants_tried": forms.RadioSelect,
            "treatment_interest": forms.RadioSelect,
            "sees_clinician": forms.RadioSelect,
            "may_contact_clinician": forms.RadioSelect,
            "self_harm_thoughts": forms.RadioSelect,
            # intake.js counts down from this, so the page and the server share one limit.
            "message": forms.Textarea(attrs={"rows": 5, "data-max-length": MESSAGE_MAX_LENGTH}),
        }

    # (words to the person, words to someone filling it in for them)
    LABELS = {
        "submitted_by": ("Who is this request for?", "Who is this request for?"),
        "helper_name": ("Your full name", "Your full name"),
        "helper_relationship": (
            "How do you know them? (optional)",
            "How do you know them? (optional)",
        ),
        "helper_email": ("Your email address", "Your email address"),
        "helper_phone": ("Your phone number", "Your phone number"),
        "person_agrees_to_contact": (
            "Do they know about this request, and agree that we may contact them?",
            "Do they know about this request, and agree that we may contact them?",
        ),
        "full_name": ("Full name", "Their full name"),
        "preferred_name": (
            "What should we call you? (optional)",
            "What should we call them? (optional)",
        ),
        "state": ("US state where you live", "US state where they live"),
        "is_adult": ("I am 18 or older.", "They are 18 or older."),
        "contact_method": (
            "How would you like us to contact you?",
            "How should we contact them?",
        ),
        "email": ("Email address", "Their email address"),
        "phone": ("Phone number", "Their phone number"),
        "ok_to_leave_message": (
            "May we leave a voicemail or text that names our practice?",
            "May we leave them a voicemail or text that names our practice?",
        ),
        "best_time": (
            "When is the best time to reach you? (optional)",
            "When is the best time to reach them? (optional)",
        ),
        "self_harm_thoughts": (
            "Are you having thoughts of suicide or of harming yourself right now?",
            "Are they having thoughts of suicide or of harming themselves right now?",
        ),
        "help_wanted": (
            "What would you like help with? (optional)",
            "What would they like help with? (optional)",
        ),
        "antidepressants_tried": (
            "How many antidepressant medicines have you tried? (optional)",
            "How many antidepressant medicines have they tried? (optional)",
        ),
        "treatment_interest": (
            "Which treatment are you interested in? (optional)",
            "Which treatment are they interested in? (optional)",
        ),
        "sees_clinician": (
            "Do you see a prescriber or therapist now? (optional)",
            "Do they see a prescriber or therapist now? (optional)",
        ),
        "may_contact_clinician": (
            "May we contact your prescriber or therapist? (optional)",
            "May we contact their prescriber or therapist? (optional)",
        ),
        "insurance": (
            "Insurance company, or self-pay (optional)",
            "Their insurance company, or self-pay (optional)",
        ),
        "heard_about": (
            "How did you hear about us? (optional)",
            "How did you hear about us? (optional)",
        ),
        "message": (
            "Anything else you would like us to know? (optional)",
            "Anything else you would like us to know? (optional)",
        ),
        "consent_to_contact": (
            "I agree that the practice may contact me about this request, and I have read "
            "“What happens to your answers” above.",
            "I agree that the practice may contact them and me about this request, and I have "
            "read “What happens to your answers” above.",
        ),
    }

    HELP_TEXTS = {
        "helper_relationship": "For example: partner, parent, friend.",
        "helper_email": "We need your email address or your phone number, or both.",
        "person_agrees_to_contact": "If they do not know yet, we will speak with you first, "
        "and how to reach them is optional.",
        "email": "Needed if you chose email.",
        "phone": "Needed if you chose a phone call or a text message.",
        "ok_to_leave_message": "Someone else may see messages or hear a voicemail.",
        "best_time": "For example: weekday mornings, or after 5 pm.",
        "state": "[[policy:states-served]]",
        "help_wanted": "Choose all that apply. For some of these, such as distress during a "
        "serious illness, research does not yet show that ketamine helps: you can still "
        "choose them, and we will talk with you about whether ketamine is right for this.",
        "may_contact_clinician": "We would ask again before we do.",
        "message": f"Up to {MESSAGE_MAX_LENGTH:,} characters. Please do not include a full "
        "medical history: we will ask what we need when we speak.",
        "self_harm_thoughts": "[[policy:call-first]] You can still send this form whatever you "
        "answer.",
    }

    # Said above the question and in the summary at the top, so each says what to do.
    # (said to the person, said to someone filling the form in for them)
    REQUIRED_MESSAGES = {
        "full_name": (
            "Enter your full name.",
            "Enter the full name of the person this request is for.",
        ),
        "contact_method": (
            "Choose how we should contact you: email, a phone call or a text.",
            "Choose how we should contact them: email, a phone call or a text.",
        ),
        "ok_to_leave_message": ("Choose whether we may leave a message that names our practice.",)
        * 2,
        "state": ("Choose the state where you live.", "Choose the state where they live."),
        "is_adult": (
            "Confirm that you are 18 or older. We can only help adults through this form.",
            "Confirm that the person is 18 or older. We can only help adults through this form.",
        ),
        "self_harm_thoughts": (
            "Choose an answer about thoughts of suicide or self-harm. "
            "You may choose “I would prefer not to say”.",
        )
        * 2,
        "consent_to_contact": (
            "Tick the box to agree that we may contact you about this request. We cannot reply "
            "otherwise.",
        )
        * 2,
    }
    HELPER_REQUIRED_MESSAGES = {
        "helper_name": "Enter your own full name, as the person helping.",
        "person_agrees_to_contact": "Choose whether they know about this request and agree "
        "that we may contact them.",
    }

    # What a browser may fill in from saved details. On a form about someone else the browser's
    # details are the helper's, so the person's own boxes are not filled in (intake.js switches).
    AUTOCOMPLETE = {
        "helper_name": "name",
        "helper_email": "email",
        "helper_phone": "tel",
        "full_name": "name",
        "preferred_name": "nickname",
        "email": "email",
        "phone": "tel",
        "state": "address-level1",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and "started" not in self.initial:
            self.initial["started"] = sign_started_at()
        for reveal in REVEALS:
            field = self.fields[reveal.shown_by]
            field.widget = RevealingRadioSelect(
                field.widget.attrs, field.choices, reveals={reveal.value: reveal.css_id}
            )
        for name in HELPER_FIRST_OPTIONAL:
            self.fields[name].required = not self.is_helper_first()
        for_someone_else = self.is_for_someone_else()
        # How the practice works is a policy a clinician confirms (content.policies).
        policy_statements = get_site_chrome()["policy_statements"]
        for name, field in self.fields.items():
            widget = field.widget
            if name in self.LABELS:
                you, them = self.LABELS[name]
                field.label = them if for_someone_else else you
                field.label_you, field.label_them = you, them
            # The model's help texts are written for staff; people see only these.
            field.help_text = fill_policies(self.HELP_TEXTS.get(name, ""), policy_statements)
            if isinstance(widget, forms.RadioSelect):
                field.choices = [choice for choice in field.choices if choice[0] != ""]
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            elif not widget.is_hidden:
                widget.attrs["class"] = "form-control"
            # The browser would cut off a long paste without a word; the server says so instead.
            widget.attrs.pop("maxlength", None)
            if getattr(field, "max_length", None):
                # Django's own message ("Ensure this value has at most …") replaced by ours.
                field.validators = [
                    v for v in field.validators if not isinstance(v, validators.MaxLengthValidator)
                ]
                field.validators.append(LengthLimit(field.max_length))
            if name in self.REQUIRED_MESSAGES:
                you, them = self.REQUIRED_MESSAGES[name]
                field.error_messages["required"] = them if for_someone_else else you
            if name in self.AUTOCOMPLETE:
                widget.attrs["autocomplete"] = self.AUTOCOMPLETE[name]
                if not name.startswith("helper_"):
                    widget.attrs["data-autocomplete-you"] = self.AUTOCOMPLETE[name]
                    if for_someone_else:
                        widget.attrs["autocomplete"] = "off"
        self.fields["submitted_by"].required = False  # left alone, it is for the person sending
        for name in ("phone", "helper_phone"):
            self.fields[name].widget.input_type = "tel"
        offered = offered_treatments() | {TreatmentInterest.NOT_SURE}
        self.fields["treatment_interest"].choices = [
            choice for choice in self.fields["treatment_interest"].choices if choice[0] in offered
        ]
        self.fields["state"].choices = [("", "Choose a state")] + list(
            self.fields["state"].choices
        )[1:]
        self.helper = self.build_helper()

    def is_for_someone_else(self):
        return self.is_bound and self.data.get("submitted_by") == SubmittedBy.SOMEONE_ELSE

    def is_helper_first(self):
        """Sent by a helper for someone who does not know about it yet."""
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
        items = [HTML(SECTION_INTROS[section.name])] if section.name in SECTION_INTROS else []
        if section.name == "consent":
            privacy = {"retention_days": settings.INTAKE_RETENTION_DAYS}
            items.append(HTML(render_to_string("intake/privacy_summary.html", privacy)))
        revealed = {}
        for name in section.fields:
            if name not in self.fields:
                continue
            reveal = REVEAL_OF.get(name)
            if reveal is None:
                items.append(name)
            elif reveal.css_id in revealed:
                revealed[reveal.css_id].fields.append(name)
            else:
                revealed[reveal.css_id] = Div(
                    *([HTML(reveal.intro)] if reveal.intro else []),
                    name,
                    css_class="conditional",
                    css_id=reveal.css_id,
                )
                items.append(revealed[reveal.css_id])
            if name == "self_harm_thoughts":
                # Help shown right under the question (intake.js), without leaving the page.
                items.append(HTML(render_to_string("intake/safety_response.html")))
        if section.name not in SECTION_TITLES:
            return Div(*items, css_class="form-section")
        you, them = SECTION_TITLES[section.name]
        title = self.section_title(you, them) if you != them else you
        return Fieldset(title, *items, css_class="form-section")

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

    def section_title(self, you, them):
        shown = them if self.is_for_someone_else() else you
        return format_html('<span data-you="{}" data-them="{}">{}</span>', you, them, shown)

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
        self.cleaned_data[name] = self.fields[name].initial or ""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("submitted_by") != SubmittedBy.SOMEONE_ELSE:
            cleaned["submitted_by"] = SubmittedBy.SELF
        else:
            for name, message in self.HELPER_REQUIRED_MESSAGES.items():
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, message)
            if not (cleaned.get("helper_email") or cleaned.get("helper_phone")) and not (
                {"helper_email", "helper_phone"} & set(self.errors)
            ):
                self.add_error(
                    "helper_email", "Enter your email address or phone number, so we can reach you."
                )
        for reveal in REVEALS:
            if cleaned.get(reveal.shown_by) != reveal.value:
                for name in reveal.fields:
                    self.ignore(name)
        method = cleaned.get("contact_method")
        if self.is_helper_first():
            return cleaned  # the helper is called first; the person's details are optional
        if (
            method == ContactMethod.EMAIL
            and not cleaned.get("email")
            and "email" not in self.errors
        ):
            self.add_error(
                "email",
                "Enter an email address, or choose another way for us to make contact.",
            )
        if (
            method in (ContactMethod.PHONE, ContactMethod.TEXT)
            and not cleaned.get("phone")
            and "phone" not in self.errors
        ):
            self.add_error(
                "phone",
                "Enter a phone number, or choose another way for us to make contact.",
            )
        return cleaned

    def full_clean(self):
        super().full_clean()
        # Errors change the look of their inputs (a thicker red border).
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()

    def save(self, commit=True):
        # One box agrees to be contacted and says the privacy summary was read.
        self.instance.privacy_acknowledged = bool(self.cleaned_data.get("consent_to_contact"))
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
        return items

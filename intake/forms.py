import re
import time
import uuid

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.conf import settings
from django.core import signing, validators
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html

from .choices import ContactMethod, HelpWanted, YesNo
from .models import MESSAGE_MAX_LENGTH, PATIENT_FIELDS, ConsultationRequest

TIMESTAMP_SALT = "intake.form-started"
HONEYPOT_FIELD = "website"

# What a phone number may look like: digits, spaces and + ( ) - . /, then perhaps an extension
# ("ext. 12", "x12"). Checked only to catch slips such as a name typed in the wrong box; what was
# typed is kept as it is.
PHONE_PATTERN = re.compile(
    r"(?P<number>[\d\s+().\-/]+?)(?:\s*(?:ext(?:ension)?|x)\.?\s*\d+)?", re.IGNORECASE
)
PHONE_MIN_DIGITS = 7


def sign_started_at():
    """The form's hidden start token: when it was shown, and the one-time id of this submission.

    Signed, so neither can be made up; the id makes a second post of the same form (a double
    click, a resend after an error page) find the request the first one saved.
    """
    return signing.dumps({"t": time.time(), "id": uuid.uuid4().hex}, salt=TIMESTAMP_SALT)


def read_start_token(token):
    """(seconds since the form was shown, submission id), or None when we did not make it."""
    try:
        value = signing.loads(token, salt=TIMESTAMP_SALT)
        return time.time() - float(value["t"]), uuid.UUID(hex=value["id"])
    except (signing.BadSignature, TypeError, ValueError, KeyError, UnicodeError):
        return None


def seconds_since_started(token):
    """Seconds since the form was shown, or None when the token was not made by us."""
    started = read_start_token(token)
    return started[0] if started else None


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


class ConsultationRequestForm(forms.ModelForm):
    # Shown to people in their own words; the model's verbose names are for staff.
    help_wanted = forms.MultipleChoiceField(
        label="What would you like help with?",
        choices=HelpWanted.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    is_adult = forms.BooleanField(label="I am 18 or older.")
    consent_to_contact = forms.BooleanField(
        label="I agree that the practice may contact me about my request."
    )
    privacy_acknowledged = forms.BooleanField(label="I have read the privacy notice.")
    # Hidden from people by the stylesheet; bots that fill every box give themselves away.
    website = forms.CharField(
        label="Leave this box empty",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    # Not stored, so no length limit to report: anything odd here just marks a bot.
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = ConsultationRequest
        fields = PATIENT_FIELDS
        labels = {
            "full_name": "Full name",
            "preferred_name": "What should we call you? (optional)",
            "email": "Email address",
            "phone": "Phone number",
            "contact_method": "How would you like us to contact you?",
            "ok_to_leave_message": "May we leave a voicemail or text that names our practice?",
            "best_time": "When is the best time to reach you?",
            "state": "US state where you live",
            "antidepressants_tried": "How many antidepressant medicines have you tried?",
            "treatment_interest": "Which treatment are you interested in?",
            "sees_clinician": "Do you see a prescriber or therapist now?",
            "may_contact_clinician": "If so, may we contact them?",
            "insurance": "Insurance company, or self-pay (optional)",
            "heard_about": "How did you hear about us? (optional)",
            "message": "Anything else you would like us to know? (optional)",
            "self_harm_thoughts": "Are you having thoughts of suicide or of harming yourself "
            "right now?",
        }
        help_texts = {
            "email": "Needed if you chose email.",
            "phone": "Needed if you chose a phone call or a text message.",
            "ok_to_leave_message": "Someone else may see your messages or hear your voicemail.",
            "help_wanted": "Choose all that apply.",
            "best_time": "For example: weekday mornings, or after 5 pm.",
            "state": "We can only treat people in some states. We will tell you if we cannot.",
            "may_contact_clinician": "Only if you see one. We would ask you again before we do.",
            "message": f"Up to {MESSAGE_MAX_LENGTH:,} characters. Please do not include your full medical history: "
            "we will ask what we need when we speak.",
            "self_harm_thoughts": "Your answer helps us know who to call first.",
        }
        widgets = {
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

    # Said beside the question and in the summary at the top, so each says what to do.
    REQUIRED_MESSAGES = {
        "full_name": "Enter your full name.",
        "contact_method": "Choose how you would like us to contact you.",
        "ok_to_leave_message": "Choose whether we may leave a message that names our practice.",
        "best_time": "Tell us when is the best time to reach you.",
        "state": "Choose the state where you live.",
        "is_adult": "Confirm that you are 18 or older. We can only help adults through this form.",
        "help_wanted": "Choose at least one thing you would like help with, or “I am not sure”.",
        "antidepressants_tried": "Choose how many antidepressants you have tried, or "
        "“I am not sure”.",
        "treatment_interest": "Choose a treatment, or “I am not sure yet”.",
        "sees_clinician": "Choose whether you see a prescriber or therapist now.",
        "self_harm_thoughts": "Choose an answer about thoughts of suicide or self-harm. "
        "You may choose “I would prefer not to say”.",
        "consent_to_contact": "Tick the box to agree that we may contact you. We cannot reply "
        "otherwise.",
        "privacy_acknowledged": "Tick the box to confirm you have read the privacy notice.",
    }

    # What a browser may fill in from the person's saved details.
    AUTOCOMPLETE = {
        "full_name": "name",
        "preferred_name": "nickname",
        "email": "email",
        "phone": "tel",
        "state": "address-level1",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = sign_started_at()
        for name, field in self.fields.items():
            widget = field.widget
            if name in self._meta.fields:
                # The model's help texts are written for staff; patients see only these.
                field.help_text = self._meta.help_texts.get(name, "")
            if isinstance(widget, forms.RadioSelect):
                field.choices = [choice for choice in field.choices if choice[0] != ""]
            # The browser would cut off a long paste without a word; the server says so instead.
            widget.attrs.pop("maxlength", None)
            if getattr(field, "max_length", None):
                # Django's own message ("Ensure this value has at most …") replaced by ours.
                field.validators = [
                    v for v in field.validators if not isinstance(v, validators.MaxLengthValidator)
                ]
                field.validators.append(LengthLimit(field.max_length))
            if name in self.REQUIRED_MESSAGES:
                field.error_messages["required"] = self.REQUIRED_MESSAGES[name]
            if name in self.AUTOCOMPLETE:
                widget.attrs["autocomplete"] = self.AUTOCOMPLETE[name]
        self.fields["phone"].widget.input_type = "tel"
        self.fields["state"].choices = [("", "Choose your state")] + list(
            self.fields["state"].choices
        )[1:]
        self.fields["privacy_acknowledged"].help_text = format_html(
            '<a href="{}">Read the privacy notice</a>: who can see your answers and how long we '
            "keep them.",
            reverse("content:page", args=["privacy"]),
        )
        self.helper = self.build_helper()

    def build_helper(self):
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        helper.layout = Layout(
            Fieldset(
                "About you",
                "full_name",
                "preferred_name",
                "state",
                "is_adult",
            ),
            Fieldset(
                "How to reach you",
                "contact_method",
                "email",
                "phone",
                "ok_to_leave_message",
                "best_time",
            ),
            Fieldset(
                "What you are looking for",
                "help_wanted",
                "antidepressants_tried",
                "treatment_interest",
                "sees_clinician",
                "may_contact_clinician",
                "insurance",
                "heard_about",
                "message",
            ),
            Fieldset(
                "Your safety right now",
                "self_harm_thoughts",
                HTML(
                    '<p class="form-note">If you are in danger now, call or text '
                    '<a href="tel:988">988</a> or call <a href="tel:911">911</a>. '
                    "Please do not wait for us to reply.</p>"
                ),
            ),
            Fieldset(
                "Before you send",
                "consent_to_contact",
                "privacy_acknowledged",
            ),
            Div(HONEYPOT_FIELD, css_class="hp-field"),
            "started",
        )
        return helper

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        match = PHONE_PATTERN.fullmatch(phone)
        digits = re.findall(r"\d", match["number"]) if match else []
        if phone and len(digits) < PHONE_MIN_DIGITS:
            raise ValidationError(
                f"Enter a phone number with at least {PHONE_MIN_DIGITS} digits, for example "
                "(650) 555-0100."
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        method = cleaned.get("contact_method")
        if (
            method == ContactMethod.EMAIL
            and not cleaned.get("email")
            and "email" not in self.errors
        ):
            self.add_error(
                "email",
                "Enter your email address, or choose another way for us to contact you.",
            )
        if (
            method in (ContactMethod.PHONE, ContactMethod.TEXT)
            and not cleaned.get("phone")
            and "phone" not in self.errors
        ):
            self.add_error(
                "phone",
                "Enter your phone number, or choose another way for us to contact you.",
            )
        if cleaned.get("sees_clinician") == YesNo.YES and not cleaned.get("may_contact_clinician"):
            self.add_error(
                "may_contact_clinician",
                "Choose whether we may contact your prescriber or therapist.",
            )
        return cleaned

    def looks_automated(self):
        """True for submissions a person would not make: the hidden box filled, or sent too fast.

        Only meaningful after is_valid(); bots are answered as if all went well, and nothing is
        saved.
        """
        if self.data.get(HONEYPOT_FIELD):
            return True
        age = seconds_since_started(self.data.get("started", ""))
        return age is None or age < settings.INTAKE_MIN_SECONDS_TO_SUBMIT

    def submission_id(self):
        """The one-time id this form was shown with, or None for a token we did not make."""
        started = read_start_token(self.data.get("started", ""))
        return started[1] if started else None

    def has_expired(self):
        """Shown longer ago than INTAKE_FORM_MAX_AGE_HOURS: sent again only after a fresh token."""
        age = seconds_since_started(self.data.get("started", ""))
        return age is not None and age > settings.INTAKE_FORM_MAX_AGE_HOURS * 3600

    def renew_start_token(self):
        self.data = self.data.copy()
        self.data["started"] = sign_started_at()

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

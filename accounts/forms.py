from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.validators import MaxLengthValidator
from django_otp import match_token
from django_otp.oath import TOTP

from . import access_log
from .access_log import Kind
from .services import CODE_TRIES_WINDOW_SECONDS

CODE_WIDGET = forms.TextInput(
    attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
)


class SecondFactorForm(forms.Form):
    """The second step of signing in with a code: from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label="Code",
        max_length=16,
        widget=CODE_WIDGET,
        help_text="The 6-digit code your authenticator app shows now, or one of your recovery "
        "codes (each works once).",
    )

    def __init__(self, user, *args, may_try=lambda: True, **kwargs):
        self.user = user
        self.may_try = may_try
        self.device = None
        super().__init__(*args, **kwargs)

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not self.may_try():
            raise forms.ValidationError(
                "Too many codes were tried. Please wait up to "
                f"{CODE_TRIES_WINDOW_SECONDS // 60} minutes, then try again."
            )
        self.device = match_token(self.user, code)
        if self.device is None:
            access_log.record(
                Kind.SIGN_IN_FAILED, user=self.user, detail="wrong second-factor code"
            )
            raise forms.ValidationError(
                "That code was not accepted. App codes change every 30 seconds: type the one "
                "shown now."
            )
        return code


class AuthenticatorAppForm(forms.Form):
    """Confirms the app was set up: the code it shows must match the key we gave it."""

    code = forms.CharField(
        label="Code from the app",
        max_length=8,
        widget=CODE_WIDGET,
        help_text="After adding the account, the app shows a 6-digit code. Type it here.",
    )

    def __init__(self, key_hex, *args, **kwargs):
        self.key_hex = key_hex
        super().__init__(*args, **kwargs)

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        totp = TOTP(bytes.fromhex(self.key_hex))
        # One 30-second step either side, as django-otp allows, for a phone clock a little off.
        if not code.isdigit() or not totp.verify(int(code), tolerance=1):
            raise forms.ValidationError(
                "That code does not match. Check that the app added the account shown here, "
                "then type the code it shows now."
            )
        return code


class StaffSignInForm(AdminAuthenticationForm):
    """The admin's sign-in form, refusing a user name longer than any account can have before it
    is looked up: Django only sets the box's maxlength, and an overlong name would reach
    django-axes' table (255 characters), which PostgreSQL refuses with a server error."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))

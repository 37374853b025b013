"""The second step of signing in, setting up a second factor, and recovery codes.

Every page here is under /admin/two-factor/, which accounts.middleware lets an account reach
before it has passed its second factor; each view checks for itself what the account may do.
"""

from django.contrib import admin, messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key
from django_otp_webauthn import exceptions as passkey_errors
from django_otp_webauthn import views as passkey_views

from . import devices, services
from .forms import AuthenticatorAppForm, SecondFactorForm

TOTP_KEY_SESSION = "two_factor_new_app_key"
NEW_CODES_SESSION = "two_factor_new_recovery_codes"


def safe_next(request, default="admin:index"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


def confirm_again(request, next_url=None):
    """To the page that asks for the second factor again, then back to `next_url` (this page)."""
    query = urlencode({"next": next_url or request.get_full_path()})
    return redirect(f"{reverse('accounts:confirm')}?{query}")


@method_decorator(never_cache, name="dispatch")
class StaffPageMixin(LoginRequiredMixin):
    """The admin's look and header on our own pages, for a signed-in staff member."""

    title = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(admin.site.each_context(self.request))
        context["title"] = self.title
        context["next"] = safe_next(self.request)
        return context


class VerifyView(StaffPageMixin, FormView):
    """Second step of signing in: a passkey, an app code or a recovery code."""

    template_name = "accounts/verify.html"
    form_class = SecondFactorForm
    title = "Second step of signing in"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated:
            if self.already_passed():
                return redirect(safe_next(request))
            if not user_has_device(user):
                return redirect(f"{reverse('accounts:two_factor')}?{request.GET.urlencode()}")
        return super().dispatch(request, *args, **kwargs)

    def already_passed(self):
        return self.request.user.is_verified()

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "may_try": lambda: services.take_code_try(self.request),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(devices.sign_in_devices(self.request.user))
        return context

    def form_valid(self, form):
        services.second_factor_passed(self.request, form.device)
        return redirect(safe_next(self.request))


class ConfirmView(VerifyView):
    """The second factor again, for a signed-in staff member about to change how they sign in
    when their last one was more than a few minutes ago."""

    title = "Confirm it is you"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_verified():
            return redirect(f"{reverse('accounts:verify')}?{request.GET.urlencode()}")
        return super().dispatch(request, *args, **kwargs)

    def already_passed(self):
        return not services.needs_fresh_second_factor(self.request)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "confirming": True}


class TwoFactorView(StaffPageMixin, FormView):
    """Setting up a second factor: required before anything else for an account with none, and
    where a signed-in staff member adds another passkey or app later."""

    template_name = "accounts/two_factor.html"
    form_class = AuthenticatorAppForm
    title = "Two-factor sign-in"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        # An account that has a second factor proves it before adding another, and again if that
        # was a while ago: neither a password alone nor a computer left signed in may add an
        # attacker's device.
        if user.is_authenticated and not user.is_verified() and user_has_device(user):
            return redirect(f"{reverse('accounts:verify')}?{request.GET.urlencode()}")
        if user.is_authenticated and services.needs_fresh_second_factor(request):
            return confirm_again(request)
        return super().dispatch(request, *args, **kwargs)

    def app_key(self):
        key = self.request.session.get(TOTP_KEY_SESSION)
        if not key:
            key = self.request.session[TOTP_KEY_SESSION] = default_key()
        return key

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "key_hex": self.app_key()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        device = TOTPDevice(user=user, name="Authenticator app", key=self.app_key())
        context.update(devices.sign_in_devices(user))
        context.update(
            enrolling=not devices.has_sign_in_device(user),
            app_qr_code=devices.qr_code_data_uri(device.config_url),
            # Grouped in fours, for typing into an app that cannot scan.
            app_secret=devices.readable_secret(device),
        )
        return context

    def form_valid(self, form):
        user = self.request.user
        key = self.request.session.pop(TOTP_KEY_SESSION)
        device = TOTPDevice.objects.create(
            user=user, name="Authenticator app", key=key, confirmed=True
        )
        if not user.is_verified():
            services.second_factor_passed(self.request, device)
        messages.success(self.request, "Your authenticator app is set up.")
        return redirect(after_new_device(self.request))


def after_new_device(request):
    """First device: on to the recovery codes; otherwise back to where they came from."""
    if not devices.has_recovery_codes(request.user):
        return f"{reverse('accounts:recovery_codes')}?{request.GET.urlencode()}"
    return safe_next(request, default="accounts:two_factor")


class PasskeyAddedView(StaffPageMixin, View):
    """Where the passkey script goes once a passkey is registered (it cannot redirect itself)."""

    def get(self, request):
        if not request.user.is_verified():
            return redirect("accounts:two_factor")
        messages.success(request, "Your passkey is set up.")
        return redirect(after_new_device(request))


class RecoveryCodesView(StaffPageMixin, TemplateView):
    """Recovery codes: made with the first device, shown once; new ones replace the old."""

    template_name = "accounts/recovery_codes.html"
    title = "Recovery codes"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_verified():
            return redirect("accounts:two_factor")
        makes_codes = request.method == "POST" or not devices.has_recovery_codes(request.user)
        if (
            request.user.is_authenticated
            and makes_codes
            and services.needs_fresh_second_factor(request)
        ):
            return confirm_again(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if not devices.has_recovery_codes(request.user):
            request.session[NEW_CODES_SESSION] = devices.new_recovery_codes(request.user)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        request.session[NEW_CODES_SESSION] = devices.new_recovery_codes(request.user)
        return redirect(f"{reverse('accounts:recovery_codes')}?{request.GET.urlencode()}")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["new_codes"] = self.request.session.pop(NEW_CODES_SESSION, None)
        context.update(devices.sign_in_devices(self.request.user))
        return context


class ConfirmAgainFirst(passkey_errors.OTPWebAuthnApiError):
    status_code = 403
    default_code = "confirm_again"
    default_detail = "Please confirm it is you again first: reload this page."


class FreshSecondFactorMixin:
    """Adding a passkey asks for a recent second factor, as adding an app does."""

    def check_can_register(self):
        super().check_can_register()
        if services.needs_fresh_second_factor(self.request):
            raise ConfirmAgainFirst()


class PasskeyRegistrationBeginView(
    FreshSecondFactorMixin, passkey_views.BeginCredentialRegistrationView
):
    pass


class PasskeyRegistrationCompleteView(
    FreshSecondFactorMixin, passkey_views.CompleteCredentialRegistrationView
):
    """A first passkey signs the new account's session in: under a new session key."""

    def post(self, request, *args, **kwargs):
        was_verified = request.user.is_verified()
        response = super().post(request, *args, **kwargs)
        if not was_verified and request.user.is_verified():
            services.second_factor_passed(request, request.user.otp_device)
        return response


class PasskeyAuthenticationCompleteView(passkey_views.CompleteCredentialAuthenticationView):
    """A passkey as the second step: the session gets its new key in this response."""

    def complete_auth(self, device):
        super().complete_auth(device)
        services.second_factor_passed(self.request, device)


@method_decorator(never_cache, name="dispatch")
class StillHereView(LoginRequiredMixin, View):
    """The idle warning's "Stay signed in" button: any request resets the idle clock."""

    def post(self, request):
        return HttpResponse(status=204)

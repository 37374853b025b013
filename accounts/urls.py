from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import views as passkey_views

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.TwoFactorView.as_view(), name="two_factor"),
    path("verify/", views.VerifyView.as_view(), name="verify"),
    path("confirm/", views.ConfirmView.as_view(), name="confirm"),
    path("passkey-added/", views.PasskeyAddedView.as_view(), name="passkey_added"),
    path("recovery-codes/", views.RecoveryCodesView.as_view(), name="recovery_codes"),
    path("still-here/", views.StillHereView.as_view(), name="still_here"),
]

# django-otp-webauthn's endpoints for the passkey scripts, under the same prefix and in its own
# namespace, "otp_webauthn"; three of its views are ours (accounts.views) so that a passkey that
# completes sign-in gives the session a new key, and adding one asks for a recent second factor.
passkey_patterns = [
    path(
        "registration/begin/",
        views.PasskeyRegistrationBeginView.as_view(),
        name="credential-registration-begin",
    ),
    path(
        "registration/complete/",
        views.PasskeyRegistrationCompleteView.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "authentication/begin/",
        passkey_views.BeginCredentialAuthenticationView.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "authentication/complete/",
        views.PasskeyAuthenticationCompleteView.as_view(),
        name="credential-authentication-complete",
    ),
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
        name="js-i18n-catalog",
    ),
]
passkey_urls = [path("passkeys/", include((passkey_patterns, "otp_webauthn")))]

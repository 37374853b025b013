from django.urls import include, path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.TwoFactorView.as_view(), name="two_factor"),
    path("verify/", views.VerifyView.as_view(), name="verify"),
    path("passkey-added/", views.PasskeyAddedView.as_view(), name="passkey_added"),
    path("recovery-codes/", views.RecoveryCodesView.as_view(), name="recovery_codes"),
    path("still-here/", views.StillHereView.as_view(), name="still_here"),
]

# django-otp-webauthn's endpoints for the passkey scripts, under the same prefix (its namespace
# is its own, "otp_webauthn").
passkey_urls = [path("passkeys/", include("django_otp_webauthn.urls"))]

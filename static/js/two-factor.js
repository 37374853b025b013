// When django-otp-webauthn's script has registered a passkey, go on to the next step: the page
// names it in data-next-url (the script itself only shows a status message).
document.addEventListener("otp_webauthn.register_complete", function () {
  var section = document.getElementById("passkey-section");
  if (section && section.dataset.nextUrl) {
    window.location.assign(section.dataset.nextUrl);
  }
});

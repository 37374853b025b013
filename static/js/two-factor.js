// When django-otp-webauthn's script has registered a passkey, go on to the next step: the page
// names it in data-next-url (the script itself only shows a status message).
document.addEventListener("otp_webauthn.register_complete", function () {
  var section = document.getElementById("passkey-section");
  if (section && section.dataset.nextUrl) {
    window.location.assign(section.dataset.nextUrl);
  }
});

// Recovery codes: Copy and Print buttons, which need JavaScript (Download works without it, and
// the browser's own Print prints the codes alone: staff.css).
(function () {
  "use strict";
  var list = document.getElementById("recovery-codes");
  var copy = document.getElementById("copy-codes");
  var print = document.getElementById("print-codes");
  var status = document.getElementById("codes-status");
  if (!list || !copy || !print) {
    return;
  }
  var codes = Array.prototype.map.call(list.querySelectorAll("code"), function (code) {
    return code.textContent.trim();
  });
  if (navigator.clipboard && window.isSecureContext) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(codes.join("\n") + "\n").then(
        function () {
          status.textContent =
            "Copied the " + codes.length + " codes. Paste them into your password manager.";
        },
        function () {
          status.textContent =
            "This browser did not let the page copy them. Use Download or Print instead.";
        }
      );
    });
  }
  print.hidden = false;
  print.addEventListener("click", function () {
    window.print();
  });
})();

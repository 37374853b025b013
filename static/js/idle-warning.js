// A minute before staff are signed out for inactivity (accounts.middleware), say so and offer to
// stay signed in; when the time is up, reload so that the sign-in page, not patients' details,
// is what a shared screen shows. Without this script the server signs out all the same.
(function () {
  "use strict";
  var script = document.currentScript;
  var idleSeconds = parseInt(script.dataset.idleSeconds, 10);
  if (!idleSeconds || idleSeconds < 120) {
    return;
  }
  var warnTimer;
  var endTimer;
  var banner;

  function removeBanner() {
    if (banner) {
      banner.remove();
      banner = null;
    }
  }

  function schedule() {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(warn, (idleSeconds - 60) * 1000);
    endTimer = setTimeout(function () {
      window.location.assign(window.location.href);
    }, (idleSeconds + 2) * 1000);
  }

  function stayHere() {
    fetch(script.dataset.stillHereUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": script.dataset.csrfToken },
    }).then(function (response) {
      if (response.ok) {
        removeBanner();
        schedule();
      } else {
        window.location.assign(window.location.href);
      }
    });
  }

  function warn() {
    removeBanner();
    banner = document.createElement("div");
    banner.className = "idle-warning";
    banner.setAttribute("role", "alert");
    var text = document.createElement("p");
    text.textContent =
      "You will be signed out in one minute because nothing has happened on this page. " +
      "Anything you typed and have not saved will be lost.";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = "Stay signed in";
    button.addEventListener("click", stayHere);
    banner.appendChild(text);
    banner.appendChild(button);
    document.body.appendChild(banner);
    button.focus();
  }

  schedule();
})();

// The note box on a request's page is not part of the change form below it: pressing that form's
// Save would leave a typed note behind, so ask first. (The step buttons save the note themselves.)
(function () {
  "use strict";
  var note = document.getElementById("id_text");
  var changeForm = document.getElementById("consultationrequest_form");
  if (!note || !changeForm) {
    return;
  }
  changeForm.addEventListener("submit", function (event) {
    if (!note.value.trim()) {
      return;
    }
    var leave = window.confirm(
      "Your note in “Add a note” is not saved yet. Press Cancel to go back and add it, " +
        "or OK to save the other changes without the note."
    );
    if (!leave) {
      event.preventDefault();
      note.focus();
    }
  });
})();

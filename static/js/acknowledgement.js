// The referrer's acknowledgement: one button prints the page, then records it in the request's
// history. Without this file, staff print from the browser and press "Record as printed".
(function () {
  "use strict";
  var form = document.getElementById("acknowledgement-form");
  var printAndRecord = document.getElementById("print-and-record");
  if (!form || !printAndRecord) {
    return;
  }
  document.getElementById("record-printed").hidden = true;
  document.getElementById("print-instructions").hidden = true;
  printAndRecord.hidden = false;
  var sent = false;
  form.addEventListener("submit", function (event) {
    if (sent) {
      // One record for each press: a second click while the first is on its way adds none.
      event.preventDefault();
      return;
    }
    sent = true;
    window.print();
  });
})();

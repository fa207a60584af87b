// A report's page: choosing a response template (定型文) puts its text in the message
// box, so staff read (and may edit) exactly what the resident will get.
(function () {
  "use strict";
  var select = document.getElementById("report-template");
  var message = document.getElementById("report-message");
  if (!select || !message) { return; }
  var filled = "";
  select.addEventListener("change", function () {
    var option = select.options[select.selectedIndex];
    var text = option ? option.getAttribute("data-text") || "" : "";
    if (!message.value.trim() || message.value === filled) {
      message.value = text;
      message.dispatchEvent(new Event("input"));  // the character counter
      filled = text;
    }
  });
})();

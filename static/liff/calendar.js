// The LIFF calendar page's behaviour; a file, not inline, so the Content-Security-Policy
// (no inline scripts) lets it run.
(function () {
  "use strict";
  var picker = document.querySelector("[data-area-picker]");
  picker.querySelector("select").addEventListener("change", function () { picker.submit(); });
})();

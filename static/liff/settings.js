// The LIFF settings page's behaviour; a file, not inline, so the Content-Security-Policy
// (no inline scripts) lets it run.
(function () {
  "use strict";
  var form = document.querySelector("[data-autosave]");
  var savedAt = document.querySelector("[data-saved-at]");
  var options = document.querySelector("[data-reminder-options]");
  var enabled = form.querySelector("input[name=reminder_enabled]");
  var eveningTime = document.querySelector("[data-evening-time]");
  function showOptions() {
    options.hidden = !enabled.checked;
    var timing = form.querySelector("input[name=reminder_timing]:checked");
    eveningTime.hidden = Boolean(timing) && timing.value !== "evening";
  }
  showOptions();
  // One save at a time, each with the whole form: the last state always wins, even
  // when the resident taps faster than the network answers.
  var saving = false;
  var again = false;
  function save() {
    if (saving) { again = true; return; }
    saving = true;
    window.liffPage.post(form.action, new FormData(form)).then(function (response) {
      return response.json().then(function (data) {
        if (again) { return; }
        window.liffPage.toast(data.message || "保存できませんでした。", !response.ok);
        savedAt.textContent = response.ok ? data.saved_at : data.message;
      });
    }).catch(function () {
      window.liffPage.toast("通信できませんでした。もう一度お試しください。", true);
      savedAt.textContent = "保存できませんでした。";
    }).then(function () {
      saving = false;
      if (again) { again = false; save(); }
    });
  }
  form.addEventListener("change", function () {
    showOptions();
    savedAt.textContent = "保存中…";
    save();
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
})();

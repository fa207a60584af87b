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

  // What the server has: the page as loaded, then each state it accepted. A save that
  // fails puts the controls back to it, so the page never shows what was not saved.
  // Only the named controls: the 再試行 button inside the form must not shift them.
  function controls() {
    return Array.prototype.filter.call(form.elements, function (element) {
      return Boolean(element.name);
    });
  }
  function snapshot() {
    return controls().map(function (element) {
      return element.type === "checkbox" || element.type === "radio"
        ? element.checked
        : element.value;
    });
  }
  function restore(state) {
    controls().forEach(function (element, index) {
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = state[index];
      } else {
        element.value = state[index];
      }
    });
    showOptions();
  }
  var saved = snapshot();

  // One message at a time, beside the group the resident last changed, with 再試行.
  var problem = null;
  function clearProblem() {
    if (problem) { problem.remove(); problem = null; }
  }
  function showProblem(near, wanted) {
    clearProblem();
    problem = document.createElement("div");
    problem.className = "save-problem";
    problem.setAttribute("role", "alert");
    var text = document.createElement("p");
    text.textContent = "保存できませんでした。変更を元に戻しました。通信できる場所で「再試行」を押してください。";
    var retry = document.createElement("button");
    retry.type = "button";
    retry.className = "retry-button";
    retry.textContent = "再試行";
    retry.addEventListener("click", function () {
      restore(wanted);
      clearProblem();
      savedAt.textContent = "保存中…";
      save(near);
    });
    problem.appendChild(text);
    problem.appendChild(retry);
    near.appendChild(problem);
  }

  // One save at a time, each with the whole form: the last state always wins, even
  // when the resident taps faster than the network answers.
  var saving = false;
  var again = null;
  function failed(near, wanted, message) {
    if (again) { return; } // a newer state is on its way and carries this change too
    restore(saved);
    showProblem(near, wanted);
    window.liffPage.toast(message, true);
    savedAt.textContent = "保存できませんでした。";
  }
  function save(near) {
    if (saving) { again = near; return; }
    saving = true;
    var wanted = snapshot();
    window.liffPage.post(form.action, new FormData(form)).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          failed(near, wanted, data.message || "保存できませんでした。");
          return;
        }
        saved = wanted;
        if (again) { return; }
        window.liffPage.toast(data.message || "保存しました。", false);
        savedAt.textContent = data.saved_at;
      });
    }).catch(function () {
      failed(near, wanted, "通信できませんでした。もう一度お試しください。");
    }).then(function () {
      saving = false;
      if (again) { var next = again; again = null; save(next); }
    });
  }
  form.addEventListener("change", function (event) {
    showOptions();
    clearProblem();
    savedAt.textContent = "保存中…";
    save(event.target.closest("fieldset") || form);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
})();

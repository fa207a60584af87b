// The 5374 job page: poll the job's status until it is finished, then reload to
// show the result. The page works without it (a "reload" link is shown too).
(function () {
  "use strict";
  const box = document.getElementById("job-progress");
  if (!box || box.dataset.finished === "true") return;
  const bar = box.querySelector("progress");
  const label = box.querySelector("[data-progress-label]");
  const step = box.querySelector("[data-progress-step]");
  async function poll() {
    try {
      const response = await fetch(box.dataset.statusUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.ok) {
        const status = await response.json();
        bar.value = status.progress;
        label.textContent = status.progress + "%";
        step.textContent = status.step || status.state_label;
        if (status.finished) {
          window.location.reload();
          return;
        }
      }
    } catch (error) {
      // A network blip: try again on the next tick.
    }
    window.setTimeout(poll, 1000);
  }
  window.setTimeout(poll, 500);
})();

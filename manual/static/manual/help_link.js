// 「？ この画面の説明」: a link in every admin screen's header to the manual chapter
// for that screen. The server decides the chapter (manual/help.py); the manual's own
// screens get no link.
(function () {
  "use strict";
  var script = document.currentScript;
  var target = script.dataset.manualTarget || script.dataset.manualIndex;
  function add() {
    if (window.location.pathname.indexOf(script.dataset.manualIndex) === 0) return;
    var link = document.createElement("a");
    link.href = target;
    link.className = "manual-help-link";
    link.textContent = "？ この画面の説明";
    link.target = "_blank";
    link.rel = "noopener";
    var header = document.querySelector("#w-slim-header-buttons") || document.querySelector("header");
    if (header && header.parentNode) {
      header.parentNode.insertBefore(link, header);
    } else {
      link.classList.add("manual-help-link--floating");
      document.body.appendChild(link);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", add);
  } else {
    add();
  }
})();

// LINEテスト配信 as a visible button in the page editor's header: Wagtail keeps page
// header buttons in the "…" menu, where first-day staff did not find it.
(function () {
  "use strict";
  function add() {
    var hidden = document.querySelector('#w-slim-header-buttons a[href$="/test-send/"]');
    if (!hidden || document.querySelector(".line-test-send-button")) return;
    var button = document.createElement("a");
    button.href = hidden.getAttribute("href");
    button.className = "button button-small button-secondary line-test-send-button";
    button.textContent = "LINEテスト配信";
    var header = document.querySelector("#w-slim-header-buttons");
    header.parentNode.insertBefore(button, header);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", add);
  } else {
    add();
  }
})();

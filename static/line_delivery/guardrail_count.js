// 配信前の確認, always on: under 「LINEで配信する」 the editor shows how many friends
// the page will reach and how many of them already got the weekly cap, updated as
// 受信トピック, 対象地区 or 警戒レベル change (line_delivery:guardrail_preview).
(function () {
  "use strict";
  var WATCHED = ["send_to_line", "topics", "target_areas", "level"];
  var timer = null;
  var asked = 0;

  function box(form) {
    var existing = form.querySelector("[data-line-recipients]");
    if (existing) return existing;
    var input = form.querySelector('input[name="send_to_line"]');
    var wrapper = input.closest("[data-field-wrapper]") || input.parentNode;
    var div = document.createElement("div");
    div.className = "help-block help-info line-recipients";
    div.setAttribute("data-line-recipients", "");
    div.setAttribute("aria-live", "polite");
    wrapper.parentNode.insertBefore(div, wrapper.nextSibling);
    return div;
  }

  function query(form) {
    var params = new URLSearchParams();
    params.append("url", window.location.pathname);
    new FormData(form).forEach(function (value, name) {
      if (WATCHED.indexOf(name) !== -1) params.append(name, value);
    });
    return params.toString();
  }

  function show(target, answer) {
    target.textContent = "";
    var line = document.createElement("p");
    line.textContent = answer.text;
    target.appendChild(line);
    if (answer.warnings && answer.warnings.length) {
      var list = document.createElement("ul");
      answer.warnings.forEach(function (warning) {
        var item = document.createElement("li");
        item.textContent = warning;
        list.appendChild(item);
      });
      target.appendChild(list);
      target.className = "help-block help-warning line-recipients";
    } else {
      target.className = "help-block help-info line-recipients";
    }
    target.setAttribute("data-recipients-count", answer.delivers ? answer.recipients : "");
  }

  function refresh(form, url) {
    var target = box(form);
    var mine = ++asked;
    fetch(url + "?" + query(form), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (answer && mine === asked) show(target, answer);
      });
  }

  function start() {
    var input = document.querySelector('form input[name="send_to_line"]');
    var script = document.querySelector("script[data-guardrail-preview-url]");
    if (!input || !script) return;
    var form = input.form;
    var url = script.getAttribute("data-guardrail-preview-url");
    form.addEventListener("change", function (event) {
      if (WATCHED.indexOf(event.target.name) === -1) return;
      clearTimeout(timer);
      timer = setTimeout(function () { refresh(form, url); }, 200);
    });
    refresh(form, url);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

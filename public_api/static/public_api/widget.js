/*
 * Otake LINE Hub disaster widget (防災情報ウィジェット).
 *
 * Embed with one tag where the widget should appear:
 *   <script src="https://HUB/api/widget.js" defer></script>
 * Optional attributes: data-interval="60" (seconds between refreshes, at least 2),
 * data-heading-level="2" (the level of the widget's heading, 2–6).
 *
 * It reads /api/v1/disaster-notices/?state=in_force and /api/v1/shelters/?status=open,full
 * from the hub that served this file (CORS), and refreshes itself. Requests use
 * `cache: "no-cache"`, so the browser revalidates with the ETag and an unchanged
 * answer costs a 304. No third-party code; styles live in a shadow root so the
 * city's stylesheet and ours do not touch each other.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script) {
    return;
  }
  var hub = new URL(script.src, document.baseURI).origin;
  var interval = Math.max(2, parseInt(script.dataset.interval || "60", 10) || 60) * 1000;
  var level = Math.min(6, Math.max(2, parseInt(script.dataset.headingLevel || "2", 10) || 2));

  var host = document.createElement("div");
  host.className = "otake-hub-widget";
  script.parentNode.insertBefore(host, script.nextSibling);
  var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;

  var style = document.createElement("style");
  style.textContent = [
    ":host{display:block;max-width:100%;}",
    "*{box-sizing:border-box;}",
    ".w{font:inherit;color:#1a1a1a;background:#fff;border:2px solid #1d4e89;border-radius:8px;padding:12px 16px;max-width:100%;overflow-wrap:anywhere;}",
    "h2,h3,h4,h5,h6{margin:0 0 8px;line-height:1.3;}",
    ".title{font-size:1.25em;}",
    ".sub{font-size:1.05em;margin-top:12px;}",
    "ul{list-style:none;margin:0;padding:0;}",
    "li{margin:0 0 8px;padding:8px;border-radius:6px;background:#f5f5f5;}",
    ".level{display:inline-block;padding:2px 8px;border-radius:4px;font-weight:bold;margin-right:6px;}",
    ".lv0{background:#1d4e89;color:#fff}.lv1{background:#f2f2f2;color:#1a1a1a}.lv2{background:#f5d000;color:#1a1a1a}",
    ".lv3{background:#d7000f;color:#fff}.lv4{background:#7a1fa2;color:#fff}.lv5{background:#1a1a1a;color:#fff}",
    "a{color:#0b4ea2;}",
    ".meta{font-size:.9em;color:#444;}",
    ".empty{margin:0;}",
    ".status{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;}",
  ].join("\n");
  root.appendChild(style);

  var box = document.createElement("section");
  box.className = "w";
  box.setAttribute("aria-labelledby", "otake-hub-widget-title");
  var heading = document.createElement("h" + level);
  heading.className = "title";
  heading.id = "otake-hub-widget-title";
  heading.textContent = "防災情報";
  box.appendChild(heading);
  var content = document.createElement("div");
  box.appendChild(content);
  // Announces changes (a new or lifted notice) to screen-reader users.
  var live = document.createElement("p");
  live.className = "status";
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  box.appendChild(live);
  root.appendChild(box);

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

  function getJSON(path) {
    return fetch(hub + path, {
      cache: "no-cache",
      credentials: "omit",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    });
  }

  function renderNotices(notices) {
    var sub = el("h" + Math.min(6, level + 1), "発表中の情報", "sub");
    content.appendChild(sub);
    if (!notices.length) {
      content.appendChild(el("p", "現在、発表中の防災情報はありません。", "empty notices-empty"));
      return;
    }
    var list = el("ul", null, "notices");
    notices.forEach(function (notice) {
      var item = el("li");
      item.dataset.noticeId = String(notice.id);
      item.appendChild(el("span", notice.level_label, "level lv" + notice.level));
      var title = el("strong");
      if (notice.url) {
        var link = el("a", notice.title);
        link.href = notice.url;
        title.appendChild(link);
      } else {
        title.textContent = notice.title;
      }
      item.appendChild(title);
      if (notice.summary) {
        item.appendChild(el("p", notice.summary));
      }
      var areas = notice.areas.map(function (a) { return a.name; }).join("、") || "市内全域";
      item.appendChild(el("p", notice.hazard_label + "・対象: " + areas, "meta"));
      list.appendChild(item);
    });
    content.appendChild(list);
  }

  function renderShelters(shelters) {
    content.appendChild(el("h" + Math.min(6, level + 1), "開設中の避難所", "sub"));
    if (!shelters.length) {
      content.appendChild(el("p", "現在、開設中の避難所はありません。", "empty shelters-empty"));
      return;
    }
    var list = el("ul", null, "shelters");
    shelters.forEach(function (shelter) {
      var item = el("li");
      item.appendChild(el("strong", shelter.name));
      item.appendChild(el("span", "（" + shelter.status_label + "）"));
      if (shelter.address) {
        item.appendChild(el("p", shelter.address, "meta"));
      }
      list.appendChild(item);
    });
    content.appendChild(list);
  }

  var shown = null;

  function announce(previous, notices) {
    if (previous === null) {
      return;
    }
    var now = {};
    notices.forEach(function (n) { now[n.id] = n.title; });
    var messages = [];
    notices.forEach(function (n) {
      if (!(n.id in previous)) {
        messages.push("新しい防災情報: " + n.title);
      }
    });
    Object.keys(previous).forEach(function (id) {
      if (!(id in now)) {
        messages.push("解除されました: " + previous[id]);
      }
    });
    if (messages.length) {
      live.textContent = messages.join("。");
    }
  }

  function refresh() {
    Promise.all([
      getJSON("/api/v1/disaster-notices/?state=in_force&limit=20"),
      getJSON("/api/v1/shelters/?status=open,full&limit=100"),
    ]).then(function (answers) {
      var notices = answers[0].items;
      var shelters = answers[1].items;
      var fingerprint = JSON.stringify([notices, shelters]);
      if (fingerprint === host.dataset.fingerprint) {
        return;
      }
      host.dataset.fingerprint = fingerprint;
      var previous = shown;
      shown = {};
      notices.forEach(function (n) { shown[n.id] = n.title; });
      content.textContent = "";
      renderNotices(notices);
      renderShelters(shelters);
      announce(previous, notices);
      host.dataset.updatedAt = new Date().toISOString();
    }).catch(function () {
      // Keep what is shown; the next poll tries again.
      if (!host.dataset.fingerprint) {
        content.textContent = "";
        content.appendChild(el("p", "防災情報を読み込めませんでした。", "empty"));
      }
    });
  }

  refresh();
  window.setInterval(refresh, interval);
})();

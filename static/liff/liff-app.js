/*
 * Shared script of the LIFF pages: LIFF init on every page (LINE requires it,
 * and it follows liff.state to the page that was asked for), the login step on
 * the login page, and helpers for the pages (toast, JSON POST).
 */
(function () {
  "use strict";
  var config = document.getElementById("liff-config").dataset;

  function toast(message, isError) {
    var box = document.querySelector(".liff-toast");
    if (!box) { return; }
    box.textContent = message;
    box.classList.toggle("is-error", Boolean(isError));
    box.hidden = false;
    window.clearTimeout(toast.timer);
    toast.timer = window.setTimeout(function () { box.hidden = true; }, 4000);
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": config.csrf, "Accept": "application/json" },
      body: body,
    });
  }

  function loginStatus(text) {
    var status = document.querySelector("[data-liff-login-status]");
    if (status) { status.textContent = text; }
  }

  function login() {
    if (!window.liff.isLoggedIn()) {
      if (window.liff.isSandbox) {
        loginStatus("下の一覧から、どの友だちとして開くか選んでください。");
      } else {
        window.liff.login({ redirectUri: window.location.href });
      }
      return;
    }
    var body = new URLSearchParams({ id_token: window.liff.getIDToken() || "" });
    post(config.loginUrl, body).then(function (response) {
      if (response.ok) {
        window.location.reload();
        return;
      }
      return response.json().then(function (data) {
        loginStatus(data.message || "ログインできませんでした。");
      });
    }).catch(function () {
      loginStatus("通信できませんでした。電波の良いところで開き直してください。");
    });
  }

  window.liffPage = { toast: toast, post: post };

  if (!window.liff) {
    loginStatus("LINEの読み込みに失敗しました。開き直してください。");
    return;
  }
  window.liff
    // Only pages that need the resident log in; a public page opened in an
    // external browser must not ask for a LINE login.
    .init({ liffId: config.liffId, withLoginOnExternalBrowser: Boolean(config.needsLogin) })
    .then(function () { if (config.needsLogin) { login(); } })
    .catch(function () {
      if (config.needsLogin) { loginStatus("LINEの初期化に失敗しました。開き直してください。"); }
    });
})();

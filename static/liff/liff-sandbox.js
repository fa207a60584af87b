/*
 * Sandbox stand-in for LINE's LIFF SDK (loaded instead of it only while the
 * sandbox channel is active; see line_delivery/liff/auth.py).
 *
 * A normal browser acts as the sandbox friend named by ?sandbox_friend=<pk>:
 * init() asks the server for that friend's ID token (issued by the sandbox LINE
 * emulator), and the page then logs in with it exactly as with the real SDK.
 * It also follows ?liff.state=<path> the way the real SDK's init() does.
 */
(function () {
  "use strict";
  var config = document.getElementById("liff-config").dataset;
  var params = new URLSearchParams(window.location.search);
  var idToken = null;

  window.liff = {
    isSandbox: true,
    init: function () {
      var state = params.get("liff.state");
      if (state) {
        window.location.replace(config.rootUrl + state.replace(/^\/+/, ""));
        return new Promise(function () {});
      }
      var friend = params.get("sandbox_friend");
      if (!friend || !config.needsLogin || !config.sandboxTokenUrl) {
        return Promise.resolve();
      }
      return fetch(config.sandboxTokenUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": config.csrf },
        body: new URLSearchParams({ friend: friend }),
      })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { idToken = data ? data.id_token : null; });
    },
    isLoggedIn: function () { return idToken !== null; },
    login: function () { /* the login page lists sandbox friends to choose from */ },
    getIDToken: function () { return idToken; },
    isInClient: function () { return false; },
    closeWindow: function () { window.history.back(); },
  };
})();

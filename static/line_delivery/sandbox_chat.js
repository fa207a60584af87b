// The sandbox phone opens at the newest message, like LINE: after 送信 or a menu tap the
// page reloads, and the resident's message and the bot's answer must be in view.
(function () {
  "use strict";
  function showNewest() {
    var chat = document.querySelector("[data-sandbox-chat]");
    if (!chat) return;
    chat.scrollTop = chat.scrollHeight;
    var phone = chat.closest(".line-phone");
    if (phone) phone.scrollIntoView({ block: "end" });
    var say = document.getElementById("say-text");
    if (say && document.activeElement === document.body) say.focus({ preventScroll: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showNewest);
  } else {
    showNewest();
  }
  // Flex images load later and grow the history: stay at the bottom once they have.
  window.addEventListener("load", showNewest);
})();

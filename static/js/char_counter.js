// A live character counter for page fields whose text reaches residents (LINE, lists).
// Fields opt in with data-char-limit="N" (DeliverablePageForm, the inbox reply, the 通報
// form, the rich menu's bar text); nothing is ever cut: typing past the limit turns the
// counter red and says how many characters to remove. data-char-count says how the server
// counts: code points (default), "utf16" (LINE's text limit: an emoji is 2) or
// "graphemes" (LINE's chat bar: an emoji family is 1).
(function () {
  "use strict";

  function length(text, mode) {
    if (mode === "utf16") return text.length;
    if (mode === "graphemes" && window.Intl && Intl.Segmenter) {
      return Array.from(new Intl.Segmenter("ja", { granularity: "grapheme" }).segment(text)).length;
    }
    return Array.from(text).length;
  }

  function attach(input) {
    if (input.dataset.charCounterAttached) return;
    input.dataset.charCounterAttached = "1";
    var limit = parseInt(input.dataset.charLimit, 10);
    var counter = document.createElement("p");
    counter.className = "char-counter";
    counter.id = input.id + "-char-counter";
    counter.setAttribute("aria-live", "polite");
    input.setAttribute(
      "aria-describedby",
      ((input.getAttribute("aria-describedby") || "") + " " + counter.id).trim()
    );
    input.insertAdjacentElement("afterend", counter);

    function update() {
      var used = length(input.value, input.dataset.charCount);
      var over = used - limit;
      counter.classList.toggle("char-counter--over", over > 0);
      counter.textContent =
        over > 0
          ? used + " / " + limit + "文字 ― " + over + "文字多すぎます。" + limit + "文字以内にしてください。"
          : used + " / " + limit + "文字";
    }
    input.addEventListener("input", update);
    update();
  }

  function attachAll() {
    document.querySelectorAll("[data-char-limit]").forEach(attach);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", attachAll);
  } else {
    attachAll();
  }
})();

// 「印刷する・PDFで保存する」: the browser's print dialog (its printer list has
// 「PDFに保存」). Every picture of the page loads eagerly, so the print holds them.
(function () {
  "use strict";
  var button = document.getElementById("manual-print-button");
  if (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  }
})();

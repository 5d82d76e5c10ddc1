// Shows the Print button only when JavaScript can press it; without JavaScript, the browser's own Print works.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();

// Lets a supporter dismiss a hint. Without JavaScript the buttons stay hidden and hints simply remain.
(function () {
  "use strict";
  function reveal(root) {
    root.querySelectorAll(".coach-dismiss").forEach((button) => { button.hidden = false; });
  }
  document.addEventListener("click", (event) => {
    const button = event.target.closest(".coach-dismiss");
    if (button) button.closest(".hint").remove();
  });
  document.addEventListener("htmx:afterSettle", (event) => reveal(event.target));
  document.addEventListener("DOMContentLoaded", () => reveal(document));
})();

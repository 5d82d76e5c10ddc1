// What every page gets, each part optional (pages work without it):
// - the main navigation's menu button on a phone (aria-expanded, Escape closes it);
// - the focus moved to the error summary after a form came back with something to fix;
// - the service worker that keeps the app's shell for when there is no connection (docs/phone-app.md).
(function () {
  "use strict";

  const nav = document.querySelector(".main-nav");
  const button = nav && nav.querySelector(".menu-button");
  const list = button && document.getElementById(button.getAttribute("aria-controls"));
  if (nav && button && list) {
    const setOpen = (open) => button.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.add("enhanced");
    button.hidden = false;
    button.addEventListener("click", () => setOpen(button.getAttribute("aria-expanded") !== "true"));
    nav.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
    document.addEventListener("click", (event) => {
      if (!nav.contains(event.target)) setOpen(false);
    });
  }

  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();

  if ("serviceWorker" in navigator && document.body.dataset.serviceWorker) {
    navigator.serviceWorker.register(document.body.dataset.serviceWorker, { scope: "/" }).catch(() => {});
  }
})();

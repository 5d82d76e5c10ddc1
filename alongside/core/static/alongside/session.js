// Warns before the idle sign-out and lets the person stay signed in. Pages work without it.
(function () {
  "use strict";
  const body = document.body;
  const timeout = Number(body.dataset.idleTimeout) * 1000;
  const warning = Number(body.dataset.idleWarning) * 1000;
  const dialog = document.getElementById("idle-warning");
  if (!timeout || !dialog) return;
  let warnTimer, outTimer;

  function schedule() {
    clearTimeout(warnTimer);
    clearTimeout(outTimer);
    warnTimer = setTimeout(() => dialog.showModal(), Math.max(0, timeout - warning));
    outTimer = setTimeout(() => {
      window.location.assign(body.dataset.loginUrl + "?next=" + encodeURIComponent(window.location.pathname));
    }, timeout + 1000);
  }

  document.getElementById("stay-signed-in").addEventListener("click", () => {
    fetch(body.dataset.keepaliveUrl, {
      method: "POST",
      headers: { "X-CSRFToken": body.dataset.csrf },
      credentials: "same-origin",
    }).then((response) => {
      if (response.ok) {
        dialog.close();
        schedule();
      } else {
        window.location.assign(body.dataset.loginUrl);
      }
    });
  });
  document.body.addEventListener("htmx:afterRequest", schedule);
  schedule();
})();

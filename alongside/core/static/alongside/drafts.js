// Drafts written without a connection (docs/phone-app.md). A form marked data-offline-draft="your journal entry",
// sent while the phone is offline, is kept on this device instead of being lost: the page says it is waiting to
// send, and it is sent as soon as the connection is back (here or on any page of Alongside the person opens).
// The form's own key goes with it, so the server stores it once however often it is sent. A sent draft is
// removed from the device; signing out removes any left (the Clear-Site-Data header).
(function () {
  "use strict";
  const STORE = "alongside-drafts";
  const body = document.body;
  const person = body.dataset.person;
  const main = document.getElementById("main");
  if (!person || !main || !window.localStorage) return;

  const load = () => {
    try {
      return JSON.parse(localStorage.getItem(STORE) || "[]");
    } catch (error) {
      return [];
    }
  };
  const store = (drafts) => localStorage.setItem(STORE, JSON.stringify(drafts));
  const mine = () => load().filter((draft) => draft.person === person);
  const forget = (id) => store(load().filter((draft) => draft.id !== id));
  const update = (id, change) => store(load().map((draft) => (draft.id === id ? { ...draft, ...change } : draft)));
  const newKey = () => (window.crypto && crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random());
  const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);
  // The words, translated by the page (base.html, #draft-words): {what} and {problem} are filled in here.
  const wordsElement = document.getElementById("draft-words");
  const words = (wordsElement && wordsElement.dataset) || {};
  const say = (key, english, values = {}) =>
    (words[key] || english).replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));

  const area = document.createElement("div");
  area.className = "drafts";
  area.setAttribute("role", "status");
  main.insertBefore(area, main.firstChild);
  const sent = [];
  let signInNeeded = false;

  function line(className, text, tag = "p") {
    const p = document.createElement(tag);
    p.className = className;
    p.textContent = text;
    return p;
  }

  function show() {
    const lines = [];
    for (const draft of mine()) {
      if (draft.problem) {
        const p = line("draft", say("notSent", "{what} could not be sent: {problem} What you wrote is below, so you can copy it.", { what: capital(draft.what), problem: draft.problem }) + " ", "div");
        const words = document.createElement("blockquote");
        words.textContent = draft.fields.filter(([name]) => name !== "csrfmiddlewaretoken" && name !== "key").map(([, value]) => value).filter(Boolean).join("\n");
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "secondary";
        remove.textContent = say("remove", "Remove this draft");
        remove.addEventListener("click", () => { forget(draft.id); show(); });
        p.append(words, remove);
        lines.push(p);
      } else if (signInNeeded) {
        lines.push(line("draft", say("signIn", "{what} is waiting to send. Please sign in again to send it.", { what: capital(draft.what) })));
      } else {
        lines.push(line("draft", say("waiting", "{what} is waiting to send. It will send when you're back online.", { what: capital(draft.what) })));
      }
    }
    for (const [what, action] of sent) {
      const done = line("draft draft-sent", say("sent", "Sent: {what}.", { what }) + " ");
      const link = document.createElement("a");
      link.href = action;
      link.textContent = say("show", "Show it");
      done.append(link);
      lines.push(done);
    }
    area.replaceChildren(...lines);
  }

  document.addEventListener("submit", (event) => {
    const form = event.target.closest && event.target.closest("form[data-offline-draft]");
    if (!form || navigator.onLine) return;
    event.preventDefault();
    const fields = [...new FormData(form)].filter(([, value]) => typeof value === "string");
    const drafts = load();
    drafts.push({ id: newKey(), person, what: form.dataset.offlineDraft, action: form.action, fields, problem: "" });
    store(drafts);
    form.reset();
    const key = form.querySelector('input[name="key"], input[name="submission_key"]');
    if (key) key.value = newKey(); // a second entry written now is a new one, not a repeat of the first
    show();
    area.scrollIntoView({ block: "nearest" });
  }, true);

  let sending = false;
  async function sendAll() {
    if (sending || !navigator.onLine) return;
    sending = true;
    try {
      for (const draft of mine().filter((d) => !d.problem)) {
        const fields = new URLSearchParams(draft.fields);
        fields.set("csrfmiddlewaretoken", body.dataset.csrf); // this page's token: the draft's may be from before a new sign-in
        let response;
        try {
          response = await fetch(draft.action, { method: "POST", body: fields, credentials: "same-origin" });
        } catch (error) {
          break; // still no connection: try again at the next "online"
        }
        const path = new URL(response.url).pathname;
        if (path === body.dataset.loginUrl || response.status === 403) {
          signInNeeded = true;
          break;
        } else if (response.ok && response.redirected) {
          forget(draft.id);
          if (!sent.some(([what]) => what === draft.what)) sent.push([draft.what, draft.action]);
        } else {
          update(draft.id, { problem: "something in it needs changing." });
        }
      }
    } finally {
      sending = false;
      show();
    }
  }

  window.addEventListener("online", sendAll);
  show();
  sendAll();
})();

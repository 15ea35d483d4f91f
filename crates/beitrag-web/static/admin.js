// Progressive enhancement for the admin. Every action works without this
// file; it only adds conveniences. No framework, no inline handlers (the
// admin's Content-Security-Policy allows scripts from this origin only).
//
// - editor: live preview (POST /admin/preview), autosave to localStorage
//   with an offer to restore, "Upload and insert" through the JSON API;
// - comments: keyboard shortcuts j/k/a/s/t/r;
// - buttons with data-confirm ask before they submit.
"use strict";

/** A text from the page's catalog (`data-texts` on <body>, in the admin's
 *  language) with its `{name}` placeholders filled in. */
function text(key, args) {
  let texts = {};
  try { texts = JSON.parse(document.body.dataset.texts || "{}"); } catch (e) { texts = {}; }
  let s = texts[key] || key;
  Object.keys(args || {}).forEach(function (name) {
    s = s.split("{" + name + "}").join(String(args[name]));
  });
  return s;
}

/** On a phone the header's menu starts folded; wider screens never fold it
 *  (the summary is hidden there by the style sheet). */
function foldMenu() {
  const menu = document.querySelector("details.admin-menu");
  if (menu && window.matchMedia("(max-width: 40em)").matches) { menu.open = false; }
}

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

/** Calls `fn` once `ms` have passed without another call. */
function debounce(fn, ms) {
  let timer = null;
  return function () {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}

/** Shows elements meant for scripts, hides their no-script stand-ins. */
function revealScriptParts() {
  document.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });
  document.querySelectorAll(".no-js, .no-js-hint").forEach(function (el) { el.hidden = true; });
}

function confirmations() {
  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
    }
  });
}

// ---- Editor: live preview ------------------------------------------------

function livePreview(form) {
  const source = form.querySelector("#source");
  const pane = document.getElementById("preview");
  if (!source || !pane) { return; }
  let sequence = 0;
  const update = function () {
    const mine = ++sequence;
    const body = new URLSearchParams();
    body.set("source", source.value);
    const author = form.querySelector("#author");
    if (author) { body.set("author", author.value); }
    const format = form.querySelector("input[name=format]");
    if (format) { body.set("format", format.value); }
    fetch("/admin/preview", {
      method: "POST",
      headers: { "X-CSRF-Token": csrfToken() },
      body: body,
      credentials: "same-origin",
    }).then(function (res) {
      if (!res.ok) { throw new Error("preview failed: " + res.status); }
      return res.text();
    }).then(function (html) {
      // Answers can overtake each other; only the newest request counts.
      if (mine === sequence) {
        pane.innerHTML = html;
        pane.dataset.state = "fresh";
      }
    }).catch(function () {
      pane.dataset.state = "stale";
    });
  };
  const later = debounce(update, 400);
  source.addEventListener("input", later);
  const author = form.querySelector("#author");
  if (author) { author.addEventListener("change", later); }
  update();
}

// ---- Editor: autosave ----------------------------------------------------

const CLEAR_AFTER_SAVE = "beitrag-autosave-clear";

/** The form's values, without the CSRF token, as [name, value] pairs. */
function formPairs(form) {
  const pairs = [];
  new FormData(form).forEach(function (value, name) {
    // The token and the base revision belong to this page, not to the text.
    if (name !== "csrf" && name !== "base_revision" && typeof value === "string") {
      pairs.push([name, value]);
    }
  });
  return pairs;
}

function samePairs(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function restorePairs(form, pairs) {
  form.querySelectorAll("input[type=checkbox]").forEach(function (box) { box.checked = false; });
  pairs.forEach(function (pair) {
    const name = pair[0], value = pair[1];
    if (name === "kind") { return; }
    const fields = form.querySelectorAll('[name="' + CSS.escape(name) + '"]');
    fields.forEach(function (field) {
      if (field.type === "checkbox") {
        if (field.value === value) { field.checked = true; }
      } else {
        field.value = value;
      }
    });
  });
  const source = form.querySelector("#source");
  if (source) { source.dispatchEvent(new Event("input")); }
}

function offerRestore(form, key, saved) {
  const offer = document.createElement("div");
  offer.className = "notice autosave-offer";
  offer.id = "autosave-offer";
  offer.setAttribute("role", "status");
  const note = document.createElement("p");
  note.textContent = text("admin-js-autosave-found", {
    date: new Date(saved.savedAt).toLocaleString(document.documentElement.lang || undefined),
  });
  const restore = document.createElement("button");
  restore.type = "button";
  restore.textContent = text("admin-js-autosave-restore");
  restore.id = "autosave-restore";
  const discard = document.createElement("button");
  discard.type = "button";
  discard.className = "secondary";
  discard.textContent = text("admin-js-autosave-discard");
  restore.addEventListener("click", function () {
    restorePairs(form, saved.pairs);
    offer.remove();
  });
  discard.addEventListener("click", function () {
    localStorage.removeItem(key);
    offer.remove();
  });
  note.append(" ", restore, " ", discard);
  offer.append(note);
  form.before(offer);
}

function autosave(form) {
  const key = form.dataset.autosaveKey;
  if (!key || !window.localStorage) { return; }
  if (form.dataset.saved === "1") {
    // The save went through: forget what was kept while typing (for a new
    // entry that was kept under the "new" key, remembered at submit).
    const submitted = sessionStorage.getItem(CLEAR_AFTER_SAVE);
    if (submitted) { localStorage.removeItem(submitted); }
    sessionStorage.removeItem(CLEAR_AFTER_SAVE);
    localStorage.removeItem(key);
  }
  const stored = (function () {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  })();
  const updated = Number(form.dataset.updated || "0");
  if (stored && stored.savedAt > updated && !samePairs(stored.pairs, formPairs(form))) {
    offerRestore(form, key, stored);
  } else if (stored) {
    localStorage.removeItem(key);
  }
  let last = formPairs(form);
  setInterval(function () {
    const now = formPairs(form);
    if (samePairs(now, last)) { return; }
    last = now;
    try {
      localStorage.setItem(key, JSON.stringify({ savedAt: Date.now(), pairs: now }));
    } catch (e) { /* storage full or disabled: autosave is a convenience */ }
  }, 3000);
  form.addEventListener("submit", function (event) {
    const intent = event.submitter ? event.submitter.value : "save";
    if (intent === "save") {
      // Keep what was typed until the server confirms the save.
      localStorage.setItem(key, JSON.stringify({ savedAt: Date.now(), pairs: formPairs(form) }));
      sessionStorage.setItem(CLEAR_AFTER_SAVE, key);
    }
  });
}

// ---- Editor: upload and insert -------------------------------------------

function insertAtCursor(textarea, text) {
  const start = textarea.selectionStart, end = textarea.selectionEnd;
  const before = textarea.value.slice(0, start), after = textarea.value.slice(end);
  const lead = before === "" || before.endsWith("\n\n") ? "" : (before.endsWith("\n") ? "\n" : "\n\n");
  const trail = after.startsWith("\n") ? "\n" : "\n\n";
  const snippet = lead + text + trail;
  textarea.value = before + snippet + after;
  const cursor = before.length + snippet.length;
  textarea.setSelectionRange(cursor, cursor);
  textarea.dispatchEvent(new Event("input"));
}

function uploadAndInsert() {
  const input = document.getElementById("upload-file");
  const button = document.getElementById("upload-button");
  const status = document.getElementById("upload-status");
  const source = document.getElementById("source");
  if (!input || !button || !source) { return; }
  button.addEventListener("click", function () {
    const file = input.files && input.files[0];
    if (!file) { status.textContent = text("admin-media-choose-file"); return; }
    button.disabled = true;
    status.textContent = text("admin-js-uploading", { name: file.name });
    fetch("/api/v1/media?name=" + encodeURIComponent(file.name), {
      method: "POST",
      headers: { "X-CSRF-Token": csrfToken(), "Content-Type": file.type || "application/octet-stream" },
      body: file,
      credentials: "same-origin",
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (body) {
        if (!res.ok) { throw new Error(body.detail || text("admin-js-upload-failed", { status: res.status })); }
        return body;
      });
    }).then(function (media) {
      insertAtCursor(source, media.markdown);
      status.textContent = text("admin-js-uploaded", { name: file.name });
      input.value = "";
    }).catch(function (e) {
      status.textContent = text("admin-js-not-uploaded", { error: e.message });
    }).finally(function () {
      button.disabled = false;
    });
  });
}

// ---- Comments: keyboard shortcuts -----------------------------------------

function commentShortcuts() {
  const rows = Array.from(document.querySelectorAll("tr.comment-row"));
  if (rows.length === 0) { return; }
  // After an action the page reloads; the same position then holds the
  // next response, which is where a moderator wants to be.
  const memory = "beitrag-comment-row:" + location.pathname + location.search.replace(/[&?](done|n)=[^&]*/g, "");
  let current = Math.min(Number(sessionStorage.getItem(memory) || "0"), rows.length - 1);
  const select = function (i) {
    rows.forEach(function (row) { row.classList.remove("selected"); row.removeAttribute("aria-current"); });
    current = Math.max(0, Math.min(i, rows.length - 1));
    rows[current].classList.add("selected");
    rows[current].setAttribute("aria-current", "true");
    rows[current].scrollIntoView({ block: "nearest" });
    sessionStorage.setItem(memory, String(current));
  };
  select(current);
  rows.forEach(function (row, i) {
    row.addEventListener("click", function () { select(i); });
  });
  // One action per page: a held key repeats, and the page is about to be
  // replaced by the answer anyway.
  let busy = false;
  document.addEventListener("keydown", function (event) {
    if (busy || event.repeat || event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (event.target.closest("input, textarea, select, [contenteditable]")) { return; }
    const key = event.key;
    if (key === "j") { select(current + 1); event.preventDefault(); return; }
    if (key === "k") { select(current - 1); event.preventDefault(); return; }
    if (key === "a" || key === "s" || key === "t" || key === "r") {
      const target = rows[current].querySelector('[data-key="' + key + '"]');
      if (target) {
        event.preventDefault();
        busy = true;
        target.click();
      }
    }
  });
}

document.addEventListener("DOMContentLoaded", function () {
  revealScriptParts();
  foldMenu();
  confirmations();
  const editor = document.getElementById("editor");
  if (editor) {
    livePreview(editor);
    autosave(editor);
    uploadAndInsert();
  }
  commentShortcuts();
});

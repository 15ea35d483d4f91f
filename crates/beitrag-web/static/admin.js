// Progressive enhancement for the admin. Every action works without this
// file; it only adds conveniences. No framework, no inline handlers (the
// admin's Content-Security-Policy allows scripts from this origin only).
//
// - editor: live preview (POST /admin/preview), autosave to localStorage
//   with an offer to restore (only when it differs from the form), the
//   Markdown toolbar, the "will be scheduled" hint, "Upload and insert",
//   paste and drop of images (each asks for its alt text) through the
//   JSON API;
// - media library: the alt text is required once an image is chosen;
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

/** Whether two lists of form values say the same: line ends (a textarea
 *  may hold CRLF or LF) and the order of fields do not count. */
function samePairs(a, b) {
  const norm = function (pairs) {
    return (pairs || []).map(function (p) {
      return JSON.stringify([p[0], String(p[1]).replace(/\r\n?/g, "\n").replace(/\s+$/, "")]);
    }).sort();
  };
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

function restorePairs(form, pairs) {
  form.querySelectorAll("input[type=checkbox]").forEach(function (box) { box.checked = false; });
  pairs.forEach(function (pair) {
    const name = pair[0], value = pair[1];
    if (name === "kind") { return; }
    const fields = form.querySelectorAll('[name="' + CSS.escape(name) + '"]');
    fields.forEach(function (field) {
      if (field.type === "radio") {
        field.checked = field.value === value;
      } else if (field.type === "checkbox") {
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

/** Asks for the alt text of `file` in the editor's dialog; resolves with
 *  the trimmed text, or null when cancelled or left empty. */
function askAlt(file) {
  const dialog = document.getElementById("alt-dialog");
  const input = document.getElementById("alt-input");
  const label = document.getElementById("alt-label");
  if (!dialog || !input || typeof dialog.showModal !== "function") {
    const answer = window.prompt(file.name);
    return Promise.resolve(answer && answer.trim() ? answer.trim() : null);
  }
  label.textContent = (label.dataset.template || "").split("{name}").join(file.name);
  input.value = "";
  return new Promise(function (resolve) {
    dialog.addEventListener("close", function () {
      const alt = input.value.trim();
      resolve(dialog.returnValue === "ok" && alt ? alt : null);
    }, { once: true });
    dialog.returnValue = "";
    dialog.showModal();
    input.focus();
  });
}

/** Uploads `file` through the JSON API (an image with its alt text, asked
 *  for first and never empty) and inserts its Markdown at the cursor. */
function uploadFile(file, source, status) {
  const isImage = /^image\//.test(file.type);
  const asked = isImage ? askAlt(file) : Promise.resolve("");
  return asked.then(function (alt) {
    if (alt === null) {
      status.textContent = text("admin-js-alt-missing");
      return null;
    }
    status.textContent = text("admin-js-uploading", { name: file.name });
    let url = "/api/v1/media?name=" + encodeURIComponent(file.name || "upload");
    if (alt) { url += "&alt=" + encodeURIComponent(alt); }
    return fetch(url, {
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
      offerAsFeatured(media);
      status.textContent = text("admin-js-uploaded", { name: file.name });
      return media;
    }).catch(function (e) {
      status.textContent = text("admin-js-not-uploaded", { error: e.message });
      return null;
    });
  });
}

/** A new image becomes one of the featured-image choices at once. */
function offerAsFeatured(media) {
  const list = document.getElementById("featured-choices");
  if (!list || !media.width || document.getElementById("featured-" + media.id)) { return; }
  const label = document.createElement("label");
  label.className = "check featured-choice";
  const radio = document.createElement("input");
  radio.type = "radio";
  radio.name = "featured_media";
  radio.value = String(media.id);
  radio.id = "featured-" + media.id;
  const img = document.createElement("img");
  img.src = media.variants && media.variants.length ? media.variants[0].url : media.url;
  img.alt = "";
  img.width = 48;
  img.height = 48;
  const name = document.createElement("span");
  name.textContent = media.alt || media.name;
  label.append(radio, " ", img, " ", name);
  list.prepend(label);
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
    uploadFile(file, source, status).then(function (media) {
      if (media) { input.value = ""; }
    }).finally(function () {
      button.disabled = false;
    });
  });
}

/** Images pasted or dropped into the text are uploaded (one at a time,
 *  each with its alt text) and inserted where they landed. */
function pasteAndDrop() {
  const source = document.getElementById("source");
  const status = document.getElementById("upload-status");
  if (!source || !status || source.dataset.upload !== "1") { return; }
  const images = function (transfer) {
    return Array.from((transfer && transfer.files) || []).filter(function (f) {
      return /^image\//.test(f.type);
    });
  };
  const take = function (files) {
    files.reduce(function (done, file) {
      return done.then(function () { return uploadFile(file, source, status); });
    }, Promise.resolve());
  };
  source.addEventListener("paste", function (event) {
    const files = images(event.clipboardData);
    if (files.length) { event.preventDefault(); take(files); }
  });
  source.addEventListener("dragover", function (event) {
    if (event.dataTransfer && Array.from(event.dataTransfer.types || []).indexOf("Files") >= 0) {
      event.preventDefault();
    }
  });
  source.addEventListener("drop", function (event) {
    const files = images(event.dataTransfer);
    if (files.length) { event.preventDefault(); source.focus(); take(files); }
  });
}

// ---- Editor: Markdown toolbar ----------------------------------------------

/** Replaces the selection of `textarea` with `before + selection + after`
 *  and selects the wrapped text again, so a second click can continue. */
function wrapSelection(textarea, before, after, placeholder) {
  const start = textarea.selectionStart, end = textarea.selectionEnd;
  const chosen = textarea.value.slice(start, end) || placeholder || "";
  textarea.value = textarea.value.slice(0, start) + before + chosen + after + textarea.value.slice(end);
  textarea.setSelectionRange(start + before.length, start + before.length + chosen.length);
  textarea.focus();
  textarea.dispatchEvent(new Event("input"));
}

/** Puts `prefix` before every line the selection touches. */
function prefixLines(textarea, prefix) {
  const value = textarea.value;
  const start = value.lastIndexOf("\n", textarea.selectionStart - 1) + 1;
  let end = value.indexOf("\n", textarea.selectionEnd);
  if (end < 0) { end = value.length; }
  const block = value.slice(start, end).split("\n").map(function (line) { return prefix + line; }).join("\n");
  textarea.value = value.slice(0, start) + block + value.slice(end);
  textarea.setSelectionRange(start, start + block.length);
  textarea.focus();
  textarea.dispatchEvent(new Event("input"));
}

function toolbar() {
  const bar = document.getElementById("toolbar");
  const source = document.getElementById("source");
  if (!bar || !source) { return; }
  const tools = {
    bold: function () { wrapSelection(source, "**", "**"); },
    italic: function () { wrapSelection(source, "_", "_"); },
    link: function () {
      const url = window.prompt(text("admin-js-link-url"), "https://");
      if (url) { wrapSelection(source, "[", "](" + url.trim() + ")"); }
    },
    heading: function () { prefixLines(source, "## "); },
    list: function () { prefixLines(source, "- "); },
    quote: function () { prefixLines(source, "> "); },
    image: function () {
      const file = document.getElementById("upload-file");
      if (file && source.dataset.upload === "1") {
        file.addEventListener("change", function once() {
          file.removeEventListener("change", once);
          const chosen = file.files && file.files[0];
          const status = document.getElementById("upload-status");
          if (chosen && status) { uploadFile(chosen, source, status).then(function () { file.value = ""; }); }
        });
        file.click();
      } else {
        wrapSelection(source, "![", "](https://)");
      }
    },
  };
  const buttons = Array.from(bar.querySelectorAll("button[data-tool]"));
  bar.addEventListener("click", function (event) {
    const button = event.target.closest("button[data-tool]");
    if (button && tools[button.dataset.tool]) { tools[button.dataset.tool](); }
  });
  // One tab stop for the whole toolbar; arrows move within it (WAI-ARIA
  // toolbar pattern).
  bar.addEventListener("keydown", function (event) {
    const at = buttons.indexOf(document.activeElement);
    if (at < 0) { return; }
    let next = null;
    if (event.key === "ArrowRight") { next = (at + 1) % buttons.length; }
    if (event.key === "ArrowLeft") { next = (at - 1 + buttons.length) % buttons.length; }
    if (event.key === "Home") { next = 0; }
    if (event.key === "End") { next = buttons.length - 1; }
    if (next === null) { return; }
    event.preventDefault();
    buttons.forEach(function (b, i) { b.tabIndex = i === next ? 0 : -1; });
    buttons[next].focus();
  });
  source.addEventListener("keydown", function (event) {
    if (!(event.ctrlKey || event.metaKey) || event.altKey) { return; }
    const key = event.key.toLowerCase();
    if (key === "b") { event.preventDefault(); tools.bold(); }
    if (key === "i") { event.preventDefault(); tools.italic(); }
  });
}

// ---- Editor: status and schedule hint ---------------------------------------

/** Says "will be scheduled" while Published is chosen with a future date.
 *  The date is in the site's zone, so it is compared with the site's "now"
 *  the page was rendered with, advanced by the time since. */
function scheduleHint(form) {
  const hint = document.getElementById("schedule-hint");
  const date = form.querySelector("#published_at");
  if (!hint || !date) { return; }
  const rendered = Date.parse((hint.dataset.now || "") + "Z");
  const loaded = Date.now();
  const update = function () {
    const chosen = form.querySelector('input[name="status"]:checked');
    const at = Date.parse(date.value + (date.value.length === 16 ? ":00Z" : "Z"));
    const now = rendered + (Date.now() - loaded);
    hint.hidden = !(chosen && chosen.value === "published" && at > now);
  };
  form.addEventListener("change", update);
  date.addEventListener("input", update);
  update();
}

// ---- Media library: alt text required for images ---------------------------

function mediaUploadForm() {
  const file = document.querySelector(".upload-form #file");
  const alt = document.querySelector(".upload-form #alt");
  if (!file || !alt) { return; }
  file.addEventListener("change", function () {
    const chosen = file.files && file.files[0];
    alt.required = Boolean(chosen && /^image\//.test(chosen.type));
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
    toolbar();
    scheduleHint(editor);
    uploadAndInsert();
    pasteAndDrop();
  }
  mediaUploadForm();
  commentShortcuts();
});

// Progressive enhancement for the admin. Every action works without this
// file; it only adds conveniences. No framework, no inline handlers (the
// admin's Content-Security-Policy allows scripts from this origin only).
"use strict";

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

// Behaviour without inline handlers, which the Content-Security-Policy forbids.
// A <select data-autosubmit> submits its form when changed (the language switcher); without
// JavaScript, its <noscript> button does the same.
"use strict";

document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
  select.addEventListener("change", () => select.form.submit());
});

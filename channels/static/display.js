// Rebond — the "Affichage DYS" toggle, shared by the login and chat pages.
// Plain JS, no build step: the school machines are offline. Loaded before the
// page's own script; it needs an <input type="checkbox" id="dys-toggle">.
// The choice is kept in localStorage so it survives a reload and a new login,
// and follows the student from the login page to the chat.
"use strict";

(function setupDisplayToggle() {
  const DYS_KEY = "rebond.display.dys";
  const toggle = document.getElementById("dys-toggle");
  let on = false;
  try {
    on = localStorage.getItem(DYS_KEY) === "1";
  } catch (e) {
    // Private browsing can forbid storage: the toggle still works for this page.
  }
  document.documentElement.classList.toggle("dys", on);
  if (!toggle) return;
  toggle.checked = on;
  toggle.addEventListener("change", () => {
    document.documentElement.classList.toggle("dys", toggle.checked);
    try {
      localStorage.setItem(DYS_KEY, toggle.checked ? "1" : "0");
    } catch (e) {
      // Not remembered, but nothing breaks.
    }
  });
})();

// Rebond — login page. Plain JS, no build step: the school machines are offline.
// The "Affichage DYS" toggle lives in display.js, loaded just before this file.
"use strict";

// ---- Login form ---------------------------------------------------------------
const NETWORK_MESSAGE =
  "Impossible de joindre Rebond. Vérifie ta connexion à Internet, puis réessaie.";

const form = document.getElementById("login-form");
const username = document.getElementById("username");
const password = document.getElementById("password");
const errorBox = document.getElementById("login-error");
let sending = false;

// Shows the message in the role="alert" zone and moves focus to it,
// so both screen-reader and sighted keyboard users land on the explanation.
function showError(text, fields) {
  errorBox.textContent = text;
  for (const field of [username, password]) {
    const bad = fields.includes(field);
    field.setAttribute("aria-invalid", bad ? "true" : "false");
    if (bad) field.setAttribute("aria-describedby", "login-error");
    else field.removeAttribute("aria-describedby");
  }
  errorBox.focus();
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (sending) return; // a double tap must not send two requests
  const name = username.value.trim();
  if (!name || !password.value) {
    const missing = [];
    if (!name) missing.push(username);
    if (!password.value) missing.push(password);
    showError(
      !name && !password.value
        ? "Écris ton identifiant et ton mot de passe."
        : !name
          ? "Écris ton identifiant."
          : "Écris ton mot de passe.",
      missing,
    );
    return;
  }

  sending = true;
  const submit = document.getElementById("login-submit");
  submit.setAttribute("aria-disabled", "true");
  try {
    const response = await fetch("/api/auth/login", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify({ username: name, password: password.value }),
    });
    if (response.ok) {
      window.location.assign("/chat");
      return;
    }
    const fallback =
      response.status === 401
        ? "Identifiant ou mot de passe incorrect. Vérifie et réessaie."
        : "Rebond a un problème. Réessaie dans un moment.";
    showError(await errorMessage(response, fallback), response.status === 401 ? [username, password] : []);
  } catch (e) {
    showError(NETWORK_MESSAGE, []);
  } finally {
    sending = false;
    submit.removeAttribute("aria-disabled");
  }
});

// Seeing the password helps students who mistype (DYS) or use a new keyboard.
const showPassword = document.getElementById("show-password");
showPassword.addEventListener("change", () => {
  password.type = showPassword.checked ? "text" : "password";
});

// Rebond — chat page. Plain JS, no build step: the school machines are offline.
// The "Affichage DYS" toggle lives in display.js; voice (« Parler », « Écouter »,
// reading aloud) in voice.js, both loaded just before this file.
"use strict";

// ---- Page elements and state -------------------------------------------------
const MAX_LENGTH = 2000; // same limit as the service (413 above it)
const HINT_FROM = 200; // show the character hint only when it matters

const log = document.getElementById("log");
const form = document.getElementById("send-form");
const input = document.getElementById("message");
const sendButton = document.getElementById("send");
const busyLine = document.getElementById("busy");
const errorBox = document.getElementById("chat-error");
const countHint = document.getElementById("count-hint");
const countLive = document.getElementById("count-live");
const talkButtonEl = document.getElementById("talk");

let busy = false; // one turn at a time: Rebond answers in order
let lastCountStep = 0;

const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

// ---- Small helpers -------------------------------------------------------------
function goToLogin() {
  window.location.assign("/login");
}

function showError(text) {
  errorBox.textContent = text; // role="alert": read out at once, focus stays put
}

function clearError() {
  // Emptying it first means the same message, if it comes back, is read again.
  errorBox.textContent = "";
}

function setBusy(on) {
  busy = on;
  // role="status" on this line: "Rebond écrit…" is announced politely.
  busyLine.textContent = on ? "Rebond écrit…" : "";
  // aria-disabled rather than disabled: a disabled button would drop focus.
  for (const button of [sendButton, talkButtonEl]) {
    if (!button) continue;
    if (on) button.setAttribute("aria-disabled", "true");
    else button.removeAttribute("aria-disabled");
  }
  // readOnly keeps focus and the keyboard open, and stops the student from
  // typing over the text we may have to give back if sending fails.
  input.readOnly = on;
}

function scrollToMessage(element) {
  element.scrollIntoView({ block: "start", behavior: reducedMotion.matches ? "auto" : "smooth" });
}

// ---- Drawing messages ------------------------------------------------------------
// Each message says who speaks in words: a visible "Rebond" / "Toi" label,
// followed by a hidden " :" so a screen reader hears "Rebond : Salut !".
// Text always goes in with textContent, never as HTML.
// `undelivered` marks a student message that never reached Rebond (the tutor
// was down): it gets a written " (non envoyé)", not just another colour.
// `spoken` marks a student message said aloud (a hidden " (dit à voix haute)");
// `reply` is the tutor's message as the service sent it (its audio_url, marks).
function addMessage(sender, text, buttons, undelivered, spoken, reply) {
  const isTutor = sender === "tutor";
  const item = document.createElement("div");
  item.className = isTutor ? "msg msg-tutor" : "msg msg-student";

  const who = document.createElement("span");
  who.className = "msg-who";
  who.textContent = isTutor ? "Rebond" : "Toi";
  const colon = document.createElement("span");
  colon.className = "visually-hidden";
  colon.textContent = " :";
  who.appendChild(colon);

  const body = document.createElement("span");
  body.className = "msg-text";
  // The leading space keeps "Rebond :" and the text apart when read aloud.
  body.textContent = " " + frenchSpacing(text);

  item.append(who, body);
  if (!isTutor && undelivered) {
    item.classList.add("msg-undelivered");
    const note = document.createElement("span");
    note.className = "msg-note";
    note.textContent = " (non envoyé)";
    body.appendChild(note);
  }
  if (!isTutor && spoken) {
    const note = document.createElement("span");
    note.className = "visually-hidden";
    note.textContent = " (dit à voix haute)";
    body.appendChild(note);
  }
  if (isTutor && Array.isArray(buttons) && buttons.length > 0) {
    item.appendChild(makeChoices(buttons));
  }
  // After the suggestions, so Tab from the header still reaches them first.
  if (isTutor && typeof addListenButton === "function") addListenButton(item, reply);
  log.appendChild(item);
  return item;
}

// French puts a space before ? ! : ; » and after «. Making it a narrow
// no-break space stops a lone "?" from wrapping onto its own line on a phone.
function frenchSpacing(text) {
  return text.replace(/ ([?!:;»])/g, "\u202f$1").replace(/« /g, "«\u202f");
}

// Draw the tutor's replies of one turn; return their bubbles, in order.
function showReplies(replies) {
  const items = [];
  for (const reply of replies) {
    // Rasa can send image-only or custom messages: the web page skips them
    // rather than drawing an empty bubble.
    if (!reply || (!reply.text && !(reply.buttons && reply.buttons.length))) continue;
    items.push(addMessage("tutor", reply.text || "", reply.buttons, false, false, reply));
  }
  return items;
}

// The tutor's suggested answers become real buttons that send their payload; one with a
// `url` (a page of ours, such as /lecture/<id>) is a link styled as a button: it opens a page.
function makeChoices(buttons) {
  const group = document.createElement("div");
  group.className = "choices";
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", "Réponses proposées");
  for (const choice of buttons) {
    if (typeof choice.url === "string" && /^\/(?![/\\])/.test(choice.url)) {
      const link = document.createElement("a");
      link.className = "btn btn-secondary";
      link.href = choice.url;
      link.textContent = choice.title;
      group.appendChild(link);
      continue;
    }
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-secondary";
    button.textContent = choice.title;
    button.addEventListener("click", () => sendTurn(choice.payload, choice.title, false));
    group.appendChild(button);
  }
  return group;
}

// ---- Sending a turn ----------------------------------------------------------------
// `text` goes to the service; `shown` is what the transcript shows as the
// student's words (a button's title rather than its payload). When they
// differ, `shown` goes along as `label` so the saved transcript, redrawn
// after a reload, shows the same words.
async function sendTurn(text, shown, fromInput) {
  if (busy) return;
  clearError();
  const oldChoices = Array.from(log.querySelectorAll(".choices"));
  const bubble = addMessage("student", shown);
  scrollToMessage(bubble);
  if (fromInput) {
    input.value = "";
    updateCount();
  }
  setBusy(true);

  // If the turn fails, nothing the student wrote may be lost: take back the
  // bubble and put the text back in the field so they can resend it.
  // (The service's message_fr already says so for a 503; we show it as is.)
  const fail = (message) => {
    bubble.remove();
    if (fromInput) {
      input.value = text;
      updateCount();
    }
    showError(message);
  };

  try {
    let response;
    try {
      response = await fetch("/api/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        credentials: "same-origin",
        body: JSON.stringify(chatBody(text, shown)),
      });
    } catch (e) {
      fail(
        "Pas de connexion pour l'instant. Ton message est gardé : renvoie-le dans un moment.",
      );
      return;
    }
    if (response.status === 401) {
      goToLogin(); // the session has ended: log in again
      return;
    }
    if (!response.ok) {
      const fallback =
        response.status === 413
          ? "Ton message est trop long. Coupe-le en deux messages."
          : response.status === 422
            ? "Écris d'abord ton message."
            : "Rebond ne répond pas pour le moment. Ton message est gardé : réessaie dans un moment.";
      fail(await errorMessage(response, fallback));
      return;
    }

    let replies = [];
    try {
      replies = (await response.json()).messages || [];
    } catch (e) {
      fail("Un problème est arrivé. Réessaie dans un moment.");
      return;
    }
    // Old suggestions no longer fit once the student has answered.
    for (const group of oldChoices) group.remove();
    const items = showReplies(replies);
    if (items.length) scrollToMessage(items[0]);
    if (typeof autoreadOn === "function" && autoreadOn()) readAloud(items);
  } finally {
    setBusy(false);
    // Keep the student in the field so they can write the next message at once
    // (a clicked suggestion button may just have been removed).
    if (fromInput || !document.activeElement || document.activeElement === document.body) {
      input.focus();
    }
  }
}

// With « Lire les messages à voix haute » on, the service also sends each reply's audio.
function chatBody(text, shown) {
  const body = shown !== text ? { text, label: shown } : { text };
  if (typeof autoreadOn === "function" && autoreadOn()) body.speak = true;
  return body;
}

form.addEventListener("submit", (event) => {
  event.preventDefault(); // Enter in the field lands here too
  if (busy) return;
  const text = input.value.trim();
  if (!text) {
    showError("Écris d'abord ton message, puis appuie sur « Envoyer ».");
    input.focus();
    return;
  }
  sendTurn(text, text, true);
});

// ---- Character hint near the 2 000 limit ---------------------------------------------
// The visible hint follows every key; screen readers hear it only at a few
// steps (200, 50, 0 left) so they are not flooded while typing.
function updateCount() {
  const left = MAX_LENGTH - input.value.length;
  let text = "";
  if (left <= 0) {
    text = "Tu as atteint la limite de 2 000 caractères.";
  } else if (left <= HINT_FROM) {
    text = `Il te reste ${left} caractère${left > 1 ? "s" : ""}.`;
  }
  countHint.textContent = text;
  const step = left <= 0 ? 3 : left <= 50 ? 2 : left <= HINT_FROM ? 1 : 0;
  if (step > lastCountStep && text) countLive.textContent = text;
  lastCountStep = step;
}
input.addEventListener("input", updateCount);

// ---- Logout ----------------------------------------------------------------------------
document.getElementById("logout").addEventListener("click", async () => {
  try {
    await fetch("/api/auth/logout", { method: "POST", credentials: "same-origin" });
  } catch (e) {
    // Even offline, go back to the login page.
  }
  goToLogin();
});

// ---- On page open: who am I, and the conversation so far ---------------------------------
async function loadPage() {
  // aria-busy until the history is drawn, so screen readers do not read the
  // whole past conversation as if it were new.
  log.setAttribute("aria-busy", "true");
  try {
    const me = await fetch("/api/me", { credentials: "same-origin" });
    if (me.status === 401) {
      goToLogin();
      return;
    }
    if (me.ok) {
      const user = await me.json();
      if (user.display_name) {
        document.getElementById("intro").textContent =
          `Salut ${user.display_name} ! Écris ton message en bas de la page. Rebond te répond ici.`;
      }
    }

    const history = await fetch("/api/chat/history", { credentials: "same-origin" });
    if (history.status === 401) {
      goToLogin();
      return;
    }
    if (!history.ok) {
      showError(await errorMessage(history, "Ta conversation d'avant n'a pas pu être chargée."));
      return;
    }
    const messages = (await history.json()).messages || [];
    for (const message of messages) {
      addMessage(message.sender, message.text || "", null, message.delivered === false);
    }
    if (log.lastElementChild) log.lastElementChild.scrollIntoView({ block: "end" });
  } catch (e) {
    showError("Pas de connexion pour l'instant. Vérifie ton Internet, puis recharge la page.");
  } finally {
    log.removeAttribute("aria-busy");
  }
}

updateCount();
loadPage();

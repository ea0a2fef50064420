// Rebond — voice on the chat page: « Parler » (record, send to /api/voice),
// « Écouter » on each tutor message (/api/speak or the message's audio_url),
// and the « Lire les messages à voix haute » option. Plain JS, no build step.
// Loaded before chat.js; the functions of chat.js it uses (addMessage, setBusy,
// showError, clearError, errorMessage, goToLogin, scrollToMessage, busy) are
// only called from events, once every script has run.
"use strict";

const AUTOREAD_KEY = "rebond.voice.autoread";
const MAX_RECORD_MS = 55_000; // stop a forgotten recording before the service refuses it
const TALK_IDLE = "Parler";
const TALK_ON = "J'écoute… Appuie pour envoyer";

const player = document.getElementById("voice-player");
const autoreadBox = document.getElementById("autoread-toggle");
const talkButton = document.getElementById("talk");
const speechOf = new WeakMap(); // tutor bubble -> {audio_url, marks} once known

// ---- « Lire les messages à voix haute » ---------------------------------------
function autoreadOn() {
  return Boolean(autoreadBox && autoreadBox.checked);
}

(function setupAutoread() {
  if (!autoreadBox) return;
  try {
    autoreadBox.checked = localStorage.getItem(AUTOREAD_KEY) === "1";
  } catch (e) {
    // Storage may be forbidden (private browsing): the box still works here.
  }
  autoreadBox.addEventListener("change", () => {
    if (!autoreadBox.checked) stopSpeech();
    try {
      localStorage.setItem(AUTOREAD_KEY, autoreadBox.checked ? "1" : "0");
    } catch (e) {
      // Not remembered, but nothing breaks.
    }
  });
})();

// ---- Playing tutor messages --------------------------------------------------------
let queue = []; // bubbles waiting to be read, in order
let current = null; // {item, spans, marks, frame}

// The « Écouter » button of a tutor bubble. Its name is « Écouter ce message »:
// the visible word plus a hidden end, so voice control users can say « Écouter ».
function addListenButton(item, reply) {
  if (reply && reply.audio_url) {
    speechOf.set(item, { audio_url: reply.audio_url, marks: reply.marks || [] });
  }
  // A dictation shows a blank but says the whole sentence: « Écouter » says `speak`.
  if (reply && reply.speak) item.dataset.speak = reply.speak;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "btn btn-secondary btn-listen";
  setListenLabel(button, false);
  // One Tab stop for all the « Écouter » buttons (the newest message's); the
  // arrow keys go to the other messages'. A long conversation would otherwise put
  // dozens of Tab stops between the header and the message field.
  for (const old of log.querySelectorAll(".btn-listen")) old.tabIndex = -1;
  button.tabIndex = 0;
  button.setAttribute("aria-describedby", "listen-hint");
  button.addEventListener("keydown", moveBetweenListenButtons);
  button.addEventListener("focus", () => {
    for (const other of log.querySelectorAll(".btn-listen")) other.tabIndex = -1;
    button.tabIndex = 0;
  });
  button.addEventListener("click", () => {
    if (current && current.item === item) {
      stopSpeech();
      return;
    }
    stopSpeech();
    queue = [item];
    playNext();
  });
  item.appendChild(button);
}

function moveBetweenListenButtons(event) {
  const all = Array.from(log.querySelectorAll(".btn-listen"));
  const at = all.indexOf(event.currentTarget);
  let to = null;
  if (event.key === "ArrowUp" || event.key === "ArrowLeft") to = all[at - 1];
  else if (event.key === "ArrowDown" || event.key === "ArrowRight") to = all[at + 1];
  else if (event.key === "Home") to = all[0];
  else if (event.key === "End") to = all[all.length - 1];
  else return;
  event.preventDefault();
  if (to) {
    to.focus();
    to.scrollIntoView({ block: "nearest" });
  }
}

function setListenLabel(button, playing) {
  const hidden = document.createElement("span");
  hidden.className = "visually-hidden";
  hidden.textContent = playing ? " la lecture" : " ce message";
  button.textContent = playing ? "Arrêter" : "Écouter";
  button.appendChild(hidden);
  // The name says what a press will do (« Écouter » / « Arrêter la lecture »);
  // no aria-pressed as well, which would say it twice and contradict it.
  button.classList.toggle("is-playing", playing);
}

// Read these bubbles aloud, one after the other, after what is already queued.
function readAloud(items) {
  if (!items.length) return;
  queue.push(...items);
  if (!current) playNext();
}

// Ask the service to read `text` aloud; `what` names it in the error messages
// (« ce message », « le texte »), which go to the page's own `page.showError`; a lapsed
// session goes to `page.goToLogin`. The chat and the reading page both use it.
async function requestSpeech(text, what, page) {
  let response;
  try {
    response = await fetch("/api/speak", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify({ text }),
    });
  } catch (e) {
    page.showError(`Pas de connexion pour l'instant : Rebond ne peut pas lire ${what}.`);
    return null;
  }
  if (response.status === 401) {
    page.goToLogin();
    return null;
  }
  if (!response.ok) {
    const fallback = `Rebond ne peut pas lire ${what} pour le moment.`;
    page.showError(await errorMessage(response, fallback));
    return null;
  }
  try {
    return await response.json();
  } catch (e) {
    return null;
  }
}

async function speechFor(item) {
  const known = speechOf.get(item);
  if (known) return known;
  const textNode = item.querySelector(".msg-text");
  const text = item.dataset.speak || (textNode ? textNode.textContent.trim() : "");
  if (!text) return null;
  const body = await requestSpeech(text, "ce message", { showError, goToLogin });
  if (!body || !body.audio_url) return null;
  const speech = { audio_url: body.audio_url, marks: body.marks || [] };
  speechOf.set(item, speech);
  return speech;
}

async function playNext() {
  const item = queue.shift();
  if (!item) return;
  const button = item.querySelector(".btn-listen");
  current = { item, spans: [], marks: [], frame: 0 };
  const mine = current;
  if (button) setListenLabel(button, true);
  const speech = await speechFor(item);
  if (current !== mine) return; // stopped while we were fetching
  if (!speech) {
    finishCurrent();
    playNext();
    return;
  }
  mine.marks = speech.marks;
  mine.spans = wordSpans(item, speech.marks);
  player.src = speech.audio_url;
  try {
    await player.play();
  } catch (e) {
    // The browser refused to play (no sound device, autoplay rule): the text is there.
    if (current === mine) {
      finishCurrent();
      queue = [];
    }
    return;
  }
  if (current === mine && mine.spans.length) followWords(mine);
}

function finishCurrent() {
  if (!current) return;
  cancelAnimationFrame(current.frame);
  for (const span of current.item.querySelectorAll(".word-now")) span.classList.remove("word-now");
  const button = current.item.querySelector(".btn-listen");
  if (button) setListenLabel(button, false);
  current = null;
}

function stopSpeech() {
  queue = [];
  finishCurrent();
  if (player) player.pause();
}

if (player) {
  player.addEventListener("ended", () => {
    finishCurrent();
    playNext();
  });
  player.addEventListener("error", () => {
    if (!current) return;
    finishCurrent();
    playNext();
  });
}

// ---- Following the spoken word ------------------------------------------------------
// The text stays exactly as it is; its words are wrapped in spans the first time it
// is read, and the one being spoken gets .word-now (a background and an underline).
// The service may say a word differently from how it is written (« 3 » → « trois »),
// so marks are matched to written words in order, skipping what does not match.
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

function wordSpans(item, marks) {
  const body = item.querySelector(".msg-text");
  if (!body || !marks.length) return [];
  let words = Array.from(body.querySelectorAll(".word"));
  if (!words.length) {
    const text = body.textContent;
    const fragment = document.createDocumentFragment();
    let last = 0;
    for (const match of text.matchAll(WORD)) {
      fragment.append(text.slice(last, match.index));
      const span = document.createElement("span");
      span.className = "word";
      span.textContent = match[0];
      fragment.append(span);
      last = match.index + match[0].length;
    }
    fragment.append(text.slice(last));
    body.replaceChildren(fragment);
    words = Array.from(body.querySelectorAll(".word"));
  }
  const spans = [];
  let next = 0;
  for (const mark of marks) {
    const wanted = String(mark.word || "").toLocaleLowerCase("fr");
    let found = null;
    for (let i = next; i < Math.min(words.length, next + 4); i++) {
      if (words[i].textContent.toLocaleLowerCase("fr") === wanted) {
        found = i;
        break;
      }
    }
    if (found === null) {
      spans.push(null);
    } else {
      spans.push(words[found]);
      next = found + 1;
    }
  }
  return spans;
}

function followWords(state) {
  let shown = null;
  const step = () => {
    if (current !== state) return;
    const t = player.currentTime;
    let index = -1;
    for (let i = 0; i < state.marks.length; i++) {
      if (state.marks[i].start_s <= t) index = i;
      else break;
    }
    const span = index >= 0 ? state.spans[index] : null;
    if (span !== shown) {
      if (shown) shown.classList.remove("word-now");
      if (span) span.classList.add("word-now");
      shown = span;
    }
    state.frame = requestAnimationFrame(step);
  };
  state.frame = requestAnimationFrame(step);
}

// ---- « Parler »: record, then send ----------------------------------------------------
let recorder = null;
let recordTimer = 0;
let starting = false;

function canRecord() {
  return Boolean(
    navigator.mediaDevices && navigator.mediaDevices.getUserMedia && window.MediaRecorder,
  );
}

function recordingType() {
  for (const type of ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/mp4"]) {
    if (MediaRecorder.isTypeSupported && MediaRecorder.isTypeSupported(type)) return type;
  }
  return "";
}

function setTalking(on) {
  talkButton.textContent = on ? TALK_ON : TALK_IDLE;
  talkButton.setAttribute("aria-pressed", on ? "true" : "false");
  talkButton.classList.toggle("is-recording", on);
}

function micError(error) {
  const name = error && error.name;
  if (name === "NotAllowedError" || name === "SecurityError") {
    return "Rebond n'a pas le droit d'utiliser le micro. Tu peux l'autoriser dans les réglages du navigateur, ou écrire ton message.";
  }
  if (name === "NotFoundError" || name === "OverconstrainedError") {
    return "Aucun micro n'a été trouvé. Tu peux écrire ton message à la place.";
  }
  return "Le micro ne marche pas pour le moment. Tu peux écrire ton message à la place.";
}

async function startRecording() {
  clearError();
  if (!canRecord()) {
    showError("Ce navigateur ne permet pas de parler à Rebond. Tu peux écrire ton message à la place.");
    return;
  }
  stopSpeech(); // the microphone must not hear Rebond speaking
  starting = true;
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  } catch (e) {
    starting = false;
    showError(micError(e));
    return;
  }
  const type = recordingType();
  let rec;
  try {
    rec = type ? new MediaRecorder(stream, { mimeType: type }) : new MediaRecorder(stream);
  } catch (e) {
    starting = false;
    for (const track of stream.getTracks()) track.stop();
    showError(micError(e));
    return;
  }
  const chunks = [];
  rec.addEventListener("dataavailable", (event) => {
    if (event.data && event.data.size > 0) chunks.push(event.data);
  });
  rec.addEventListener("stop", () => {
    for (const track of stream.getTracks()) track.stop();
    clearTimeout(recordTimer);
    recorder = null;
    setTalking(false);
    const blob = new Blob(chunks, { type: rec.mimeType || type || "audio/webm" });
    sendVoice(blob);
  });
  recorder = rec;
  starting = false;
  rec.start();
  setTalking(true);
  busyLine.textContent = "Rebond t'écoute…";
  recordTimer = setTimeout(stopRecording, MAX_RECORD_MS);
}

function stopRecording() {
  if (recorder && recorder.state !== "inactive") {
    busyLine.textContent = "";
    recorder.stop();
  }
}

function fileName(type) {
  if (type.includes("mp4")) return "voix.m4a";
  if (type.includes("ogg")) return "voix.ogg";
  return "voix.webm";
}

// What the chat says when a spoken turn cannot be heard, by cause (see postRecording).
const VOICE_MESSAGES = {
  offline: "Pas de connexion pour l'instant. Réessaie dans un moment, ou écris ton message.",
  413: "Ton message est trop long. Parle moins longtemps, en deux fois.",
  422: "Rebond n'a rien entendu. Rapproche-toi du micro et réessaie, ou écris ton message.",
  415: "Ce navigateur enregistre dans un format que Rebond ne lit pas. Écris ton message à la place.",
  other: "Rebond ne répond pas pour le moment. Réessaie dans un moment.",
};

// Send a recording (a chat turn, a reading) and return the service's JSON answer, or null
// once the student has been told what went wrong. `messages` holds the page's own words for
// no connection (`offline`), a recording too long (413), nothing heard (422), a format the
// service cannot read (415) and anything else (`other`): the service's own French message
// wins when it sends one. A lapsed session goes to `page.goToLogin`. The chat and the
// reading page both use it.
async function postRecording(url, form, messages, page) {
  let response;
  try {
    response = await fetch(url, { method: "POST", credentials: "same-origin", body: form });
  } catch (e) {
    page.showError(messages.offline);
    return null;
  }
  if (response.status === 401) {
    page.goToLogin();
    return null;
  }
  if (!response.ok) {
    page.showError(await errorMessage(response, messages[response.status] || messages.other));
    return null;
  }
  try {
    return await response.json();
  } catch (e) {
    page.showError("Un problème est arrivé. Réessaie dans un moment.");
    return null;
  }
}

async function sendVoice(blob) {
  // A typed message may still be on its way: the recording waits its turn.
  while (busy) await new Promise((resolve) => setTimeout(resolve, 200));
  const oldChoices = Array.from(log.querySelectorAll(".choices"));
  setBusy(true);
  try {
    const data = new FormData();
    data.append("audio", blob, fileName(blob.type));
    const body = await postRecording("/api/voice", data, VOICE_MESSAGES, { showError, goToLogin });
    if (!body) return;
    for (const group of oldChoices) group.remove();
    const bubble = addMessage("student", body.transcript || "", null, false, true);
    const items = showReplies(body.messages || []);
    scrollToMessage(items[0] || bubble);
    if (autoreadOn()) readAloud(items);
  } finally {
    setBusy(false);
    if (!document.activeElement || document.activeElement === document.body) talkButton.focus();
  }
}

if (talkButton) {
  talkButton.addEventListener("click", () => {
    if (recorder) {
      stopRecording();
      return;
    }
    if (busy || starting) return;
    startRecording();
  });
}

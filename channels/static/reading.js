// Rebond — reading practice page (/lecture/<passage id>). Plain JS, no build step.
// The student reads a passage aloud with the aids they chose; the recording goes to
// POST /api/reading/passages/<id>; the answer comes back as marked words, WCPM and next steps.
// errors.js (errorMessage) and voice.js (canRecord, recordingType, fileName, WORD) are
// loaded first. Everything lives in this function so its names never clash with voice.js's.
"use strict";

(function readingPage() {
  const AIDS_KEY = "rebond.reading.aids";
  const AIDS = ["big", "spaced", "oneline", "syllables", "ruler"];
  const MINUTE_MS = 60_000;
  // The service refuses more than 5 minutes (speech.audio.READING_MAX_S): stop just before.
  const WHOLE_MAX_MS = 295_000;

  const passageId = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop() || "");
  const apiUrl = `/api/reading/passages/${encodeURIComponent(passageId)}`;

  const el = (id) => document.getElementById(id);
  const passageBox = el("passage");
  const ruler = el("ruler");
  const lineNav = el("line-nav");
  const lineLive = el("line-live");
  const passageNote = el("passage-note");
  const startButton = el("start");
  const stopButton = el("stop");
  const timerLine = el("timer");
  const statusLine = el("status");
  const errorBox = el("reading-error");
  const modelPlayer = el("model-player");
  const resultBox = el("result");

  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

  let passage = null; // the API's passage: {id, title, words, sentences, ...}
  let wordSpans = []; // reading view spans, by word index
  let shownSentences = null; // null: the whole text; else the sentence indices shown
  let sentence = 0; // « Une phrase à la fois »: its place in visibleSentences()
  let rulerWord = 0; // the ruler sits on the line holding this word
  let aids = loadAids();

  // ---- Small helpers -------------------------------------------------------------------
  function goToLogin() {
    window.location.assign("/login");
  }

  function showError(text) {
    errorBox.textContent = text; // role="alert": read at once
  }

  function clearError() {
    errorBox.textContent = ""; // emptied first, so the same message is read again
  }

  function say(text) {
    statusLine.textContent = frenchSpacing(text); // role="status": read politely
  }

  // French puts a narrow no-break space before ? ! : ; » and after « (as chat.js does).
  function frenchSpacing(text) {
    return text.replace(/ ([?!:;»])/g, "\u202f$1").replace(/« /g, "«\u202f");
  }

  function scrollToTop(node) {
    node.scrollIntoView({ block: "start", behavior: reducedMotion.matches ? "auto" : "smooth" });
  }

  function plural(n, word) {
    return `${n} ${word}${n > 1 ? "s" : ""}`;
  }

  function make(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function hiddenText(text) {
    return make("span", "visually-hidden", text);
  }

  // The letters of a word, for matching it with a speech mark (« clé, » → « clé »).
  function bare(text) {
    const match = String(text || "")
      .replace(/’/g, "'")
      .match(WORD);
    return match ? match.join(" ").toLocaleLowerCase("fr") : "";
  }

  // ---- Reading aids, remembered on this device ------------------------------------------
  function loadAids() {
    try {
      const saved = JSON.parse(localStorage.getItem(AIDS_KEY) || "{}");
      return Object.fromEntries(AIDS.map((aid) => [aid, saved[aid] === true]));
    } catch (e) {
      return Object.fromEntries(AIDS.map((aid) => [aid, false])); // storage forbidden
    }
  }

  function saveAids() {
    try {
      localStorage.setItem(AIDS_KEY, JSON.stringify(aids));
    } catch (e) {
      // Not remembered, but the aids still work on this page.
    }
  }

  function applyAids() {
    for (const aid of AIDS) {
      // Size and spacing help on the marked text too; colours there belong to the marks.
      passageBox.classList.toggle(`aid-${aid}`, aids[aid]);
      if (aid === "big" || aid === "spaced") el("marked").classList.toggle(`aid-${aid}`, aids[aid]);
    }
    lineNav.hidden = !(aids.oneline || aids.ruler);
    ruler.hidden = !aids.ruler;
    showSentence();
    placeRuler();
  }

  for (const box of document.querySelectorAll("[data-aid]")) {
    box.checked = aids[box.dataset.aid];
    box.addEventListener("change", () => {
      aids[box.dataset.aid] = box.checked;
      saveAids();
      applyAids();
    });
  }

  // ---- Drawing the passage --------------------------------------------------------------
  // Syllables alternate two classes (two colours, and a thin line between them so the cut
  // is not shown by colour alone). Joined, they give the word exactly as written,
  // punctuation included; a word they do not rebuild is shown whole.
  function wordContent(word) {
    const syllables = Array.isArray(word.syllables) ? word.syllables : [];
    if (syllables.length < 2 || syllables.join("") !== word.text) {
      return [document.createTextNode(frenchSpacing(word.text))];
    }
    return syllables.map((piece, i) =>
      make("span", i % 2 ? "syl syl-b" : "syl syl-a", frenchSpacing(piece)),
    );
  }

  // Paragraphs of sentences of words: the words as {index, text, sentence, paragraph}.
  function groupWords(words) {
    const paragraphs = [];
    for (const word of words) {
      let paragraph = paragraphs[paragraphs.length - 1];
      if (!paragraph || paragraph.index !== word.paragraph) {
        paragraph = { index: word.paragraph, sentences: [] };
        paragraphs.push(paragraph);
      }
      let group = paragraph.sentences[paragraph.sentences.length - 1];
      if (!group || group.index !== word.sentence) {
        group = { index: word.sentence, words: [] };
        paragraph.sentences.push(group);
      }
      group.words.push(word);
    }
    return paragraphs;
  }

  function drawPassage() {
    for (const node of Array.from(passageBox.children)) if (node !== ruler) node.remove();
    wordSpans = [];
    for (const paragraph of groupWords(passage.words)) {
      const p = make("p", "rp");
      for (const group of paragraph.sentences) {
        const s = make("span", "rs");
        s.dataset.sentence = group.index;
        group.words.forEach((word, i) => {
          if (i) s.append(" ");
          const span = make("span", "rw");
          span.dataset.index = word.index;
          span.append(...wordContent(word));
          wordSpans[word.index] = span;
          s.append(span);
        });
        if (p.childNodes.length) p.append(" ");
        p.append(s);
      }
      passageBox.append(p);
    }
  }

  // ---- « Une phrase à la fois » and the reading ruler ------------------------------------
  function visibleSentences() {
    const all = passage ? passage.sentences.map((s) => s.index) : [];
    return shownSentences || all;
  }

  // Hide the sentences that are not read now: the ones outside a repeated reading, and,
  // with « Une phrase à la fois », every sentence but the current one.
  function showSentence() {
    if (!passage) return;
    const visible = visibleSentences();
    sentence = Math.max(0, Math.min(sentence, visible.length - 1));
    const current = visible[sentence];
    for (const node of passageBox.querySelectorAll(".rs")) {
      const index = Number(node.dataset.sentence);
      const shown = visible.includes(index) && (!aids.oneline || index === current);
      node.hidden = !shown;
    }
    for (const p of passageBox.querySelectorAll(".rp")) {
      p.hidden = !p.querySelector(".rs:not([hidden])");
    }
    el("line-prev").setAttribute("aria-disabled", String(!canMove(-1)));
    el("line-next").setAttribute("aria-disabled", String(!canMove(1)));
  }

  // The visual lines of the shown text, as lists of word spans (from their positions).
  function visualLines() {
    const lines = [];
    let top = null;
    for (const span of wordSpans) {
      if (!span || !span.offsetParent || span.closest("[hidden]")) continue;
      const y = span.offsetTop;
      if (top === null || Math.abs(y - top) > span.offsetHeight / 2) {
        lines.push([]);
        top = y;
      }
      lines[lines.length - 1].push(span);
    }
    return lines;
  }

  function rulerLineIndex(lines) {
    const at = lines.findIndex((line) => line.some((s) => Number(s.dataset.index) === rulerWord));
    return at < 0 ? 0 : at;
  }

  function placeRuler() {
    if (!aids.ruler || !passage) return;
    const lines = visualLines();
    if (!lines.length) return;
    const line = lines[rulerLineIndex(lines)];
    rulerWord = Number(line[0].dataset.index);
    const top = Math.min(...line.map((s) => s.offsetTop));
    const bottom = Math.max(...line.map((s) => s.offsetTop + s.offsetHeight));
    ruler.style.top = `${top - 4}px`;
    ruler.style.height = `${bottom - top + 8}px`;
  }

  function canMove(step) {
    if (!passage) return false;
    if (aids.ruler) {
      const lines = visualLines();
      const at = rulerLineIndex(lines) + step;
      if (at >= 0 && at < lines.length) return true;
    }
    const next = sentence + step;
    return aids.oneline && next >= 0 && next < visibleSentences().length;
  }

  // One step down or up: the ruler's next line, or, at the end of the sentence shown
  // alone, the next sentence. Said aloud so keyboard and screen-reader users know.
  function moveLine(step) {
    if (!canMove(step)) {
      lineLive.textContent = step > 0 ? "C'est la fin du texte." : "C'est le début du texte.";
      return;
    }
    let lines = aids.ruler ? visualLines() : [];
    const at = rulerLineIndex(lines) + step;
    if (aids.ruler && at >= 0 && at < lines.length) {
      rulerWord = Number(lines[at][0].dataset.index);
    } else {
      sentence += step;
      showSentence();
      lines = aids.ruler ? visualLines() : [];
      if (lines.length) {
        const line = step > 0 ? lines[0] : lines[lines.length - 1];
        rulerWord = Number(line[0].dataset.index);
      }
      lineLive.textContent = `Phrase ${sentence + 1} sur ${visibleSentences().length}.`;
    }
    showSentence();
    placeRuler();
    keepRulerInView();
  }

  function keepRulerInView() {
    if (!aids.ruler) return;
    ruler.scrollIntoView({ block: "nearest", behavior: reducedMotion.matches ? "auto" : "smooth" });
  }

  el("line-next").addEventListener("click", () => moveLine(1));
  el("line-prev").addEventListener("click", () => moveLine(-1));
  // The arrows move the line from the text, its two buttons, and « J'ai fini » (where the
  // focus is while the student reads); elsewhere, and without these aids, they scroll.
  const LINE_KEYS = { ArrowDown: 1, PageDown: 1, ArrowUp: -1, PageUp: -1 };
  document.addEventListener("keydown", (event) => {
    const step = LINE_KEYS[event.key];
    const from = event.target;
    if (!step || !(aids.oneline || aids.ruler)) return;
    if (!(from === passageBox || from === stopButton || lineNav.contains(from))) return;
    event.preventDefault();
    moveLine(step);
  });
  window.addEventListener("resize", placeRuler);

  // Show only some sentences (a repeated reading), or the whole text again (null).
  function showOnly(sentences) {
    shownSentences = sentences;
    sentence = 0;
    const first = passage.words.find((w) => visibleSentences().includes(w.sentence));
    rulerWord = first ? first.index : 0;
    passageNote.hidden = !sentences;
    const many = sentences && sentences.length > 1;
    const which = many ? `ces ${sentences.length} phrases` : "cette phrase";
    passageNote.textContent = sentences ? `Relis seulement ${which}.` : "";
    el("passage-title").textContent = sentences ? "Les phrases à relire" : "Le texte";
    showSentence();
    placeRuler();
  }

  // ---- Loading the passage ----------------------------------------------------------------
  // Until the passage is drawn the start button stays off: there is nothing to read yet.
  async function loadPassage() {
    startButton.setAttribute("aria-disabled", "true");
    try {
      const response = await fetch(apiUrl, { credentials: "same-origin" });
      if (response.status === 401) {
        goToLogin();
        return;
      }
      if (!response.ok) {
        showError(await errorMessage(response, "Ce texte n'a pas pu être chargé."));
        return;
      }
      passage = await response.json();
    } catch (e) {
      showError("Pas de connexion pour l'instant. Vérifie ton Internet, puis recharge la page.");
      return;
    } finally {
      passageBox.removeAttribute("aria-busy");
    }
    el("reading-title").textContent = passage.title;
    document.title = `${passage.title} — Lecture à voix haute — Rebond`;
    drawPassage();
    applyAids();
    startButton.removeAttribute("aria-disabled");
  }

  // ---- Recording --------------------------------------------------------------------------
  let recording = null; // {recorder, started, mode, said, tick, timer} while recording
  let starting = false; // waiting for the microphone
  let sending = false;

  function micProblem(error) {
    const name = error && error.name;
    if (name === "NotAllowedError" || name === "SecurityError") {
      return (
        "Rebond n'a pas le droit d'utiliser le micro. " +
        "Tu peux l'autoriser dans les réglages du navigateur."
      );
    }
    if (name === "NotFoundError" || name === "OverconstrainedError") {
      return "Aucun micro n'a été trouvé. Branche un micro ou utilise un téléphone.";
    }
    return "Le micro ne marche pas pour le moment. Réessaie dans un moment.";
  }

  function chosenMode() {
    // A repeated reading of some sentences is always read to the end.
    if (shownSentences) return "whole";
    return document.querySelector('input[name="mode"]:checked').value;
  }

  function clock(ms) {
    const seconds = Math.max(0, Math.round(ms / 1000));
    return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
  }

  function setRecording(on) {
    startButton.hidden = on;
    stopButton.hidden = !on;
    timerLine.hidden = !on;
    for (const box of document.querySelectorAll("#mode input")) box.disabled = on;
  }

  // The visible clock follows every second; screen readers hear only a few moments
  // (30 and 10 seconds left), so they are not flooded while the student reads.
  function tick() {
    const elapsed = Date.now() - recording.started;
    if (recording.mode === "minute") {
      const left = MINUTE_MS - elapsed;
      timerLine.textContent = `Temps restant : ${clock(left)}`;
      for (const mark of [30, 10]) {
        if (left <= mark * 1000 && !recording.said.has(mark)) {
          recording.said.add(mark);
          say(`Plus que ${mark} secondes.`);
        }
      }
    } else {
      timerLine.textContent = `Temps de lecture : ${clock(elapsed)}`;
    }
  }

  async function startReading() {
    if (recording || starting || sending || !passage) return;
    clearError();
    stopModel();
    if (!canRecord()) {
      showError(
        "Ce navigateur ne permet pas d'enregistrer ta voix. Essaie avec un autre navigateur.",
      );
      return;
    }
    let stream;
    starting = true;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (e) {
      showError(micProblem(e));
      return;
    } finally {
      starting = false;
    }
    const type = recordingType();
    let recorder;
    try {
      recorder = type ? new MediaRecorder(stream, { mimeType: type }) : new MediaRecorder(stream);
    } catch (e) {
      for (const track of stream.getTracks()) track.stop();
      showError(micProblem(e));
      return;
    }
    const mode = chosenMode();
    const sentences = shownSentences;
    const chunks = [];
    recorder.addEventListener("dataavailable", (event) => {
      if (event.data && event.data.size > 0) chunks.push(event.data);
    });
    recorder.addEventListener("stop", () => {
      for (const track of stream.getTracks()) track.stop();
      const blob = new Blob(chunks, { type: recorder.mimeType || type || "audio/webm" });
      sendReading(blob, mode, sentences);
    });
    const limit = mode === "minute" ? MINUTE_MS : WHOLE_MAX_MS;
    recording = { recorder, started: Date.now(), mode, said: new Set(), tick: 0, timer: 0 };
    recording.timer = setTimeout(() => {
      say(
        mode === "minute" ? "C'est fini, la minute est passée." : "Le temps maximum est atteint.",
      );
      stopReading();
    }, limit);
    recording.tick = setInterval(tick, 250);
    recorder.start();
    tick();
    setRecording(true);
    scrollToTop(el("passage-title")); // the text in view, « J'ai fini » at the bottom
    stopButton.focus({ preventScroll: true });
    say(
      mode === "minute"
        ? "C'est parti : lis à voix haute pendant 1 minute. " +
            "Appuie sur « J'ai fini » pour t'arrêter avant."
        : "C'est parti : lis le texte à voix haute. Appuie sur « J'ai fini » à la fin.",
    );
  }

  function stopReading() {
    if (!recording) return;
    clearTimeout(recording.timer);
    clearInterval(recording.tick);
    const { recorder } = recording;
    recording = null;
    setRecording(false);
    startButton.focus();
    if (recorder.state !== "inactive") recorder.stop();
  }

  startButton.addEventListener("click", startReading);
  stopButton.addEventListener("click", stopReading);

  // What the page says when a reading cannot be scored, by cause (see postRecording).
  const READING_MESSAGES = {
    offline: "Pas de connexion pour l'instant. Réessaie dans un moment.",
    413: "Ta lecture est trop longue. Lis moins longtemps, ou choisis « Pendant 1 minute ».",
    422: "Rebond n'a rien entendu. Rapproche-toi du micro et recommence.",
    415: "Ce navigateur enregistre dans un format que Rebond ne lit pas.",
    other: "Rebond ne peut pas écouter ta lecture pour le moment. Réessaie plus tard.",
  };

  async function sendReading(blob, mode, sentences) {
    sending = true;
    startButton.setAttribute("aria-disabled", "true");
    say("Rebond écoute ta lecture…");
    try {
      const data = new FormData();
      data.append("audio", blob, fileName(blob.type));
      data.append("mode", mode);
      if (sentences) data.append("sentences", sentences.join(","));
      const page = {
        showError(text) {
          say("");
          showError(text);
        },
        goToLogin,
      };
      const body = await postRecording(apiUrl, data, READING_MESSAGES, page);
      if (!body) return;
      say("Voici ton résultat.");
      showResult(body, sentences);
    } finally {
      sending = false;
      startButton.removeAttribute("aria-disabled");
    }
  }

  // ---- The result -------------------------------------------------------------------------
  const NEXT_LABELS = {
    listen: "Écouter le texte",
    reread_errors: "Relire les phrases difficiles",
    again: "Relire tout le texte",
  };

  function percent(value) {
    return `${Math.round((Number(value) || 0) * 100)}\u00a0%`;
  }

  function duration(seconds) {
    const s = Math.round(Number(seconds) || 0);
    const minutes = Math.floor(s / 60);
    if (!minutes) return plural(s, "seconde");
    const rest = s % 60 ? ` et ${plural(s % 60, "seconde")}` : "";
    return `${plural(minutes, "minute")}${rest}`;
  }

  function showResult(body, sentences) {
    const score = body.score;
    el("wcpm").textContent = String(Math.round(score.wcpm));
    el("accuracy").textContent = percent(score.accuracy);
    el("result-detail").textContent = resultDetail(score);
    el("comparison").textContent = comparison(score, body.previous);
    el("summary").textContent = body.summary || "";
    const speech = body.speech || {};
    const summaryPlayer = el("summary-player");
    const url = speech.audio_url;
    summaryPlayer.hidden = !url;
    if (url) summaryPlayer.src = url;
    drawMarked(score);
    drawPracticeWords(score);
    drawNextSteps(body.next_steps || [], score, sentences);
    resultBox.hidden = false;
    const title = el("result-title");
    title.focus({ preventScroll: true });
    scrollToTop(title);
  }

  function resultDetail(score) {
    const parts = [
      `Tu as lu ${plural(score.words_attempted, "mot")} sur ${score.words_total} ` +
        `en ${duration(score.duration_s)}.`,
    ];
    const counts = score.counts || {};
    const names = [
      ["omission", "mot oublié", "mots oubliés"],
      ["substitution", "mot lu autrement", "mots lus autrement"],
      ["insertion", "mot en plus", "mots en plus"],
      ["repetition", "répétition", "répétitions"],
      ["self_correction", "mot corrigé tout seul", "mots corrigés tout seul"],
      ["hesitation", "longue pause", "longues pauses"],
    ];
    const found = names
      .filter(([key]) => counts[key] > 0)
      .map(([key, one, many]) => `${counts[key]} ${counts[key] > 1 ? many : one}`);
    if (found.length) parts.push(`${found.join(", ")}.`);
    return parts.join(" ");
  }

  function comparison(score, previous) {
    if (!previous) {
      return "C'est ta première lecture de ce texte : la prochaine fois, tu pourras comparer.";
    }
    const now = Math.round(score.wcpm);
    const before = Math.round(previous.wcpm);
    const was =
      `La dernière fois : ${before} mots par minute, ` +
      `${percent(previous.accuracy)} de mots bien lus.`;
    if (now > before) {
      return `${was} Tu as gagné ${plural(now - before, "mot")} par minute. Bravo !`;
    }
    if (now === before) return `${was} Tu lis à la même vitesse.`;
    return `${was} Aujourd'hui, c'est un peu moins : chaque lecture t'entraîne quand même.`;
  }

  // One marked word: the mark is said in words (hidden or visible) and shown by a shape
  // (strike-through, wavy or dotted underline, a sign); the colour only repeats it.
  function markedWord(word) {
    const span = make("span", "mw");
    span.dataset.index = word.index;
    const labels = [];
    if (word.hesitation_s) {
      span.classList.add("m-hesitation");
      span.append(hiddenText("(longue pause) "));
    }
    span.append(frenchSpacing(word.text));
    if (word.status === "omitted") {
      span.classList.add("m-omitted");
      labels.push("oublié");
    } else if (word.status === "substituted") {
      span.classList.add("m-substituted");
    } else if (word.status === "unsure") {
      span.classList.add("m-unsure");
      labels.push("Rebond n'est pas sûr");
    } else if (word.status === "not_reached") {
      span.classList.add("m-notreached");
      labels.push("pas lu");
    }
    if (word.self_corrected) {
      span.classList.add("m-selfcorrected");
      labels.push("corrigé tout seul");
    }
    if (word.repeated) {
      span.classList.add("m-repeated");
      labels.push("répété");
    }
    if (labels.length) span.append(hiddenText(` (${labels.join(", ")})`));
    const nodes = [span];
    if (word.status === "substituted") {
      nodes.push(make("span", "heard", `lu : ${word.heard || "?"}`));
    }
    return nodes;
  }

  function insertedWord(insertion) {
    const span = make("span", "mw m-inserted", `+ ${insertion.heard}`);
    span.append(hiddenText(" (mot en plus)"));
    return span;
  }

  function drawMarked(score) {
    const marked = el("marked");
    marked.replaceChildren();
    const inserted = new Map();
    for (const insertion of score.insertions || []) {
      if (!inserted.has(insertion.after_index)) inserted.set(insertion.after_index, []);
      inserted.get(insertion.after_index).push(insertion);
    }
    const addInserted = (p, after) => {
      for (const insertion of inserted.get(after) || []) p.append(" ", insertedWord(insertion));
    };
    for (const paragraph of groupWords(score.words || [])) {
      const p = make("p", "rp");
      for (const group of paragraph.sentences) {
        for (const word of group.words) {
          if (word.index === 0) addInserted(p, -1);
          if (p.childNodes.length) p.append(" ");
          p.append(...markedWord(word));
          addInserted(p, word.index);
        }
      }
      marked.append(p);
    }
  }

  function drawPracticeWords(score) {
    const list = el("practice-words");
    list.replaceChildren();
    const seen = new Set();
    for (const word of score.words || []) {
      let why = null;
      if (word.status === "omitted") why = "oublié";
      else if (word.status === "substituted") why = `tu as lu « ${word.heard || "?"} »`;
      else if (word.hesitation_s) why = "longue pause avant";
      if (!why) continue;
      const key = `${bare(word.text)}|${why}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const item = make("li");
      item.append(make("strong", "", bare(word.text) || word.text), ` : ${frenchSpacing(why)}`);
      list.append(item);
    }
    if (!list.childElementCount) {
      list.append(make("li", "", "Aucun : tous les mots lus sont justes. Bravo !"));
    }
  }

  function drawNextSteps(steps, score, sentences) {
    const group = el("next-steps");
    group.replaceChildren();
    for (const step of steps) {
      if (!NEXT_LABELS[step.id]) continue; // a step this page does not know how to do
      const button = make("button", "btn btn-secondary", step.label || NEXT_LABELS[step.id]);
      button.type = "button";
      button.dataset.step = step.id;
      button.dataset.label = button.textContent;
      button.addEventListener("click", () => nextStep(step, score, sentences, button));
      group.append(button);
    }
  }

  // The sentences to read again, as passage sentence numbers: the step names them; the
  // score numbers those of what was read, which for a repeated reading were `sentences`.
  function sentencesToReread(step, score, sentences) {
    if (Array.isArray(step.sentences)) return step.sentences;
    return (score.error_sentences || []).map((i) => (sentences ? sentences[i] : i));
  }

  function nextStep(step, score, sentences, button) {
    clearError();
    if (step.id === "listen") {
      if (model) stopModel();
      else listen(button);
      return;
    }
    stopModel();
    if (step.id === "reread_errors") {
      const chosen = sentencesToReread(step, score, sentences).filter((i) => i !== undefined);
      if (!chosen.length) return;
      showOnly(chosen);
    } else {
      showOnly(null);
    }
    scrollToTop(el("passage-title"));
    startButton.focus({ preventScroll: true });
    say("Quand tu es prêt, appuie sur « Commencer la lecture » et lis à voix haute.");
  }

  // ---- « Écouter le texte »: the tutor reads, the word being read is highlighted -------------
  // The shown text is read paragraph by paragraph (each request stays short), with the
  // word marks of /api/speak matched in order to the written words.
  let model = null; // {button, parts, frame, finish} while the tutor reads

  function modelParts() {
    const visible = visibleSentences();
    const texts = new Map(passage.sentences.map((s) => [s.index, s.text]));
    const parts = [];
    for (const paragraph of groupWords(passage.words)) {
      const groups = paragraph.sentences.filter((g) => visible.includes(g.index));
      if (!groups.length) continue;
      parts.push({
        text: groups.map((g) => texts.get(g.index)).join(" "),
        words: groups.flatMap((g) => g.words),
      });
    }
    return parts;
  }

  function setListening(button, on) {
    button.textContent = on ? "Arrêter l'écoute" : button.dataset.label;
    button.classList.toggle("is-playing", on);
  }

  async function listen(button) {
    const mine = { button, parts: modelParts(), frame: 0 };
    model = mine;
    setListening(button, true);
    scrollToTop(el("passage-title"));
    for (const part of mine.parts) {
      if (model !== mine) return;
      const speech = await requestSpeech(part.text, "le texte", { showError, goToLogin });
      if (model !== mine) return;
      if (!speech) break;
      const ok = await playPart(mine, speech, part.words);
      if (!ok) break;
    }
    if (model === mine) stopModel();
  }

  // The marks name the words as said; a mark that matches none of the next few written
  // words (a number read out, a quote) highlights nothing rather than the wrong word.
  function markSpans(marks, words) {
    const spans = [];
    let next = 0;
    for (const mark of marks) {
      const wanted = bare(mark.word);
      let found = null;
      for (let i = next; i < Math.min(words.length, next + 4); i++) {
        if (bare(words[i].text) === wanted) {
          found = i;
          break;
        }
      }
      if (found === null) {
        spans.push(null);
      } else {
        spans.push(wordSpans[words[found].index]);
        next = found + 1;
      }
    }
    return spans;
  }

  function playPart(state, speech, words) {
    const marks = speech.marks || [];
    const spans = markSpans(marks, words);
    return new Promise((resolve) => {
      let shown = null;
      const finish = (ok) => {
        cancelAnimationFrame(state.frame);
        modelPlayer.onended = null;
        modelPlayer.onerror = null;
        if (shown) shown.classList.remove("word-now");
        resolve(ok);
      };
      state.finish = finish;
      modelPlayer.onended = () => finish(true);
      modelPlayer.onerror = () => finish(false);
      modelPlayer.src = speech.audio_url;
      const step = () => {
        if (model !== state) return;
        let index = -1;
        const t = modelPlayer.currentTime;
        for (let i = 0; i < marks.length && marks[i].start_s <= t; i++) index = i;
        const span = index >= 0 ? spans[index] : null;
        if (span && span !== shown) {
          if (shown) shown.classList.remove("word-now");
          span.classList.add("word-now");
          shown = span;
          followWord(span);
        }
        state.frame = requestAnimationFrame(step);
      };
      modelPlayer.play().then(
        () => {
          state.frame = requestAnimationFrame(step);
        },
        () => finish(false), // no sound device or autoplay refused: the text is still there
      );
    });
  }

  // The aids follow the voice: the sentence shown alone and the ruler move with it.
  function followWord(span) {
    const index = Number(span.dataset.index);
    const word = passage.words[index];
    const at = visibleSentences().indexOf(word.sentence);
    if (aids.oneline && at >= 0 && at !== sentence) {
      sentence = at;
      showSentence();
    }
    if (aids.ruler) {
      rulerWord = index;
      placeRuler();
    }
  }

  function stopModel() {
    if (!model) return;
    const state = model;
    model = null;
    modelPlayer.pause();
    if (state.finish) state.finish(false);
    setListening(state.button, false);
  }

  loadPassage();
})();

// Rebond — « Outils » on the chat page: a calculator that reads French notation, and a
// brouillon kept on this device. Plain JS, no build step: the school machines are offline.
// Loaded after chat.js. Expressions are read by a small recursive-descent parser, never by
// eval: a student's text is only ever data. Text goes into the page with textContent only.
"use strict";

(function setupTools() {
  const OPEN_KEY = "rebond.tools.open";
  const DRAFT_KEY = "rebond.draft."; // + the logged-in student's name
  const HISTORY_SIZE = 5;
  const MAX_DECIMALS = 6;
  const THIN_SPACE = "\u202f"; // narrow no-break space: French thousands and « : »

  const toggle = document.getElementById("toolbox-toggle");
  const panel = document.getElementById("toolbox-panel");
  const calcInput = document.getElementById("calc-input");
  const calcRun = document.getElementById("calc-run");
  const calcResult = document.getElementById("calc-result");
  const historyTitle = document.getElementById("calc-history-title");
  const historyList = document.getElementById("calc-history");
  const draft = document.getElementById("draft");
  const draftClear = document.getElementById("draft-clear");
  const draftStatus = document.getElementById("draft-status");
  const message = document.getElementById("message");

  function stored(key) {
    try {
      return localStorage.getItem(key);
    } catch (e) {
      return null; // private browsing can forbid storage: the tools still work for this page
    }
  }

  function store(key, value) {
    try {
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, value);
      return true;
    } catch (e) {
      return false;
    }
  }

  // ---- The « Outils » disclosure ------------------------------------------------------
  // Closed until the student opens it, so on a phone the conversation and the message
  // field come first; their choice is kept on the device, like « Affichage DYS ».
  function setOpen(open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    panel.hidden = !open;
  }
  setOpen(stored(OPEN_KEY) === "1");
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    setOpen(open);
    store(OPEN_KEY, open ? "1" : "0");
  });

  // ---- Reading an expression ------------------------------------------------------------
  class CalcError extends Error {}

  const TIP = " Tu peux utiliser les chiffres et + − × ÷ ^ √ π ( ).";
  const quoted = (text) => `«${THIN_SPACE}${text}${THIN_SPACE}»`;

  // Each sign a student may type, and how the calculator writes it back.
  const SIGNS = {
    "+": "plus",
    "-": "minus",
    "\u2212": "minus",
    "\u2013": "minus",
    "*": "times",
    "×": "times",
    "·": "times",
    "/": "divide",
    "÷": "divide",
    ":": "divide", // the division sign of French primary school
    "^": "power",
    "²": "square",
    "³": "cube",
    "√": "root",
    "π": "pi",
    "(": "open",
    ")": "close",
  };
  const SHOWN = {
    plus: "+",
    minus: "−",
    times: "×",
    divide: "÷",
    power: "^",
    square: "²",
    cube: "³",
    root: "√",
    pi: "π",
    open: "(",
    close: ")",
  };
  const WORDS = { x: "times", pi: "pi", racine: "root", sqrt: "root" };

  // Digits may be grouped by threes with spaces (« 1 000 »); the decimal mark is a comma
  // (or a point, as on a phone keyboard).
  const NUMBER = /^(\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+)(?:[,.](\d+))?/;
  // « racine carrée de 16 » is read like « √16 ».
  const WORD = /^(?:racine(?:\s+carr[ée]e)?(?:\s+de)?|[a-zàâäçéèêëîïôöùûüÿœ]+)/i;

  function tokenize(source) {
    // A trailing « = », as on paper, changes nothing.
    const text = source.trim().replace(/=\s*$/, "");
    const tokens = [];
    let at = 0;
    while (at < text.length) {
      const rest = text.slice(at);
      const char = text[at];
      let match;
      if (/\s/.test(char)) {
        at += 1;
      } else if ((match = NUMBER.exec(rest))) {
        const whole = match[1].replace(/\s/g, "");
        const value = Number(match[2] ? `${whole}.${match[2]}` : whole);
        const shown = match[0].replace(".", ",").replace(/\s/g, THIN_SPACE);
        tokens.push({ kind: "number", value, text: shown });
        at += match[0].length;
      } else if (SIGNS[char]) {
        tokens.push({ kind: SIGNS[char], text: SHOWN[SIGNS[char]] });
        at += 1;
      } else if ((match = WORD.exec(rest))) {
        const word = match[0].toLowerCase();
        const kind = WORDS[word.startsWith("racine") ? "racine" : word];
        if (!kind) throw new CalcError(`Je ne connais pas ${quoted(match[0])}.${TIP}`);
        tokens.push({ kind, text: SHOWN[kind] });
        at += match[0].length;
      } else {
        throw new CalcError(`Je ne connais pas le signe ${quoted(char)}.${TIP}`);
      }
    }
    if (!tokens.length) throw new CalcError("Écris d'abord un calcul, par exemple 3,5 × 2.");
    return tokens;
  }

  const DIVIDE_BY_ZERO = "On ne peut pas diviser par zéro.";

  // Never let Infinity or NaN reach the student: each step says what went wrong.
  function finite(value) {
    if (Number.isNaN(value)) throw new CalcError("Ce calcul n'a pas de résultat.");
    if (!Number.isFinite(value)) {
      throw new CalcError("Le résultat est trop grand pour la calculatrice.");
    }
    return value;
  }

  function raise(base, exponent) {
    if (base === 0 && exponent < 0) throw new CalcError(DIVIDE_BY_ZERO);
    if (base < 0 && !Number.isInteger(exponent)) {
      throw new CalcError(
        `Un nombre négatif n'a pas de puissance à virgule${THIN_SPACE}: ce calcul n'a pas de résultat.`,
      );
    }
    return finite(Math.pow(base, exponent));
  }

  // Grammar, from the loosest to the tightest binding:
  //   sum     = product (("+" | "−") product)*
  //   product = signed (("×" | "÷") signed | implicit)*   implicit: 2π, 2(3 + 1), 2√9
  //   signed  = ("+" | "−") signed | power                −2^2 is −(2^2), as in maths
  //   power   = postfix ("^" signed)?                     right-associative: 2^3^2 = 2^9
  //   postfix = atom ("²" | "³")*
  //   atom    = number | π | "(" sum ")" | √ ["−"] postfix
  function parse(tokens) {
    let at = 0;
    const peek = () => tokens[at];
    const is = (token, ...kinds) => Boolean(token) && kinds.includes(token.kind);

    function sum() {
      let value = product();
      while (is(peek(), "plus", "minus")) {
        const sign = tokens[at++];
        const right = product(sign);
        value = finite(sign.kind === "plus" ? value + right : value - right);
      }
      return value;
    }

    function product(after) {
      let value = signed(after);
      for (;;) {
        const token = peek();
        if (is(token, "times", "divide")) {
          at += 1;
          const right = signed(token);
          if (token.kind === "divide" && right === 0) throw new CalcError(DIVIDE_BY_ZERO);
          value = finite(token.kind === "times" ? value * right : value / right);
        } else if (is(token, "open", "pi", "root")) {
          value = finite(value * power());
        } else {
          return value;
        }
      }
    }

    function signed(after) {
      const token = peek();
      if (is(token, "plus", "minus")) {
        at += 1;
        const value = signed(token);
        return token.kind === "minus" ? -value : value;
      }
      return power(after);
    }

    function power(after) {
      const base = postfix(after);
      if (!is(peek(), "power")) return base;
      const sign = tokens[at++];
      return raise(base, signed(sign));
    }

    function postfix(after) {
      let value = atom(after);
      while (is(peek(), "square", "cube")) {
        value = raise(value, tokens[at++].kind === "square" ? 2 : 3);
      }
      return value;
    }

    function atom(after) {
      const token = peek();
      if (!is(token, "number", "pi", "open", "root")) throw missingNumber(after, token);
      at += 1;
      if (token.kind === "number") return token.value;
      if (token.kind === "pi") return Math.PI;
      if (token.kind === "root") {
        const negative = is(peek(), "minus");
        if (negative) at += 1;
        const value = postfix(token);
        if (negative && value !== 0) {
          throw new CalcError("On ne peut pas prendre la racine carrée d'un nombre négatif.");
        }
        return Math.sqrt(value);
      }
      const value = sum();
      if (!is(peek(), "close")) throw unexpected(peek());
      at += 1;
      return value;
    }

    // A sign with nothing after it (« 2 + »), or before it (« × 3 »).
    function missingNumber(after, token) {
      if (after) return new CalcError(`Il manque un nombre après ${quoted(after.text)}.`);
      if (token && token.kind !== "close") {
        return new CalcError(`Il manque un nombre avant ${quoted(token.text)}.`);
      }
      return unexpected(token);
    }

    function unexpected(token) {
      if (!token) return new CalcError(`Il manque une parenthèse fermante ${quoted(")")}.`);
      if (token.kind === "close") {
        return new CalcError(`Il y a une parenthèse fermante ${quoted(")")} en trop.`);
      }
      return new CalcError(`Il manque un signe (+, −, ×, ÷) avant ${quoted(token.text)}.`);
    }

    const value = sum();
    if (at < tokens.length) throw unexpected(tokens[at]);
    return value;
  }

  // The expression as the calculator understood it: « 3.5*2 » comes back as « 3,5 × 2 ».
  const BINARY = new Set(["plus", "minus", "times", "divide"]);
  const ENDS_NUMBER = new Set(["number", "pi", "close", "square", "cube"]);
  function showExpression(tokens) {
    return tokens
      .map((token, i) => {
        const binary = BINARY.has(token.kind) && i > 0 && ENDS_NUMBER.has(tokens[i - 1].kind);
        return binary ? ` ${token.text} ` : token.text;
      })
      .join("");
  }

  // ---- Writing a number the French way ----------------------------------------------------
  // At most 12 significant digits and 6 decimals, and « arrondi » when that drops digits.
  // Computer noise past the 15th digit is not a rounding the student needs to hear about:
  // 0,1 + 0,2 is 0,3, not 0,30000000000000004. Very large or very small numbers are
  // written 1,5 × 10^20, which the calculator (and Rebond's answer checker) read back.
  function showNumber(value) {
    const precise = Number(value.toPrecision(15)) || 0; // `|| 0` turns −0 into 0
    const clean = Number(value.toPrecision(12)) || 0;
    const size = Math.abs(clean);
    if (size >= 1e15 || (size > 0 && size < 1e-6)) {
      const [mantissa, exponent] = clean.toExponential(MAX_DECIMALS).split("e");
      return {
        text: `${frenchDecimal(Number(mantissa))} × 10^${frenchDecimal(Number(exponent))}`,
        rounded: Number(`${mantissa}e${exponent}`) !== precise,
      };
    }
    const fixed = Number(clean.toFixed(MAX_DECIMALS));
    return { text: frenchDecimal(fixed), rounded: fixed !== precise };
  }

  function frenchDecimal(number) {
    const [whole, decimals] = String(Math.abs(number)).split(".");
    // Groups of three from 5 digits on (« 12 345 », but « 2024 »), as French typography does.
    const grouped = whole.length > 4 ? whole.replace(/\B(?=(\d{3})+$)/g, THIN_SPACE) : whole;
    return (number < 0 ? "−" : "") + grouped + (decimals ? `,${decimals}` : "");
  }

  // ---- The calculator on the page -----------------------------------------------------------
  // The result line is an aria-live="polite" region: a new node each time, so the same
  // result asked twice is read twice, and typing is never interrupted.
  function showResult(text, isError) {
    const line = document.createElement("span");
    line.textContent = text;
    calcResult.replaceChildren(line);
    calcResult.classList.toggle("calc-error", isError);
  }

  function calculate() {
    let tokens;
    let value;
    try {
      tokens = tokenize(calcInput.value);
      value = parse(tokens);
    } catch (error) {
      if (!(error instanceof CalcError)) throw error;
      calcInput.setAttribute("aria-invalid", "true");
      showResult(error.message, true);
      return;
    }
    calcInput.removeAttribute("aria-invalid");
    const result = showNumber(value);
    const line = result.rounded
      ? `${showExpression(tokens)} ≈ ${result.text} (arrondi)`
      : `${showExpression(tokens)} = ${result.text}`;
    showResult(line, false);
    remember(line, result.text);
  }

  calcRun.addEventListener("click", calculate);
  calcInput.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.isComposing) return;
    event.preventDefault();
    calculate();
  });

  // The last calculations, newest first, each with a button that adds its result to the
  // message, so a DYS student never has to copy digits by hand.
  function remember(line, resultText) {
    const item = document.createElement("li");
    const text = document.createElement("span");
    text.className = "calc-line";
    text.textContent = line;
    const add = document.createElement("button");
    add.type = "button";
    add.className = "btn btn-secondary calc-add";
    add.textContent = "Ajouter à ton message";
    // The hidden end names the result: several such buttons must not sound alike.
    const which = document.createElement("span");
    which.className = "visually-hidden";
    which.textContent = `${THIN_SPACE}: ${resultText}`;
    add.appendChild(which);
    add.addEventListener("click", () => addToMessage(resultText));
    item.append(text, " ", add);
    historyList.prepend(item);
    while (historyList.children.length > HISTORY_SIZE) historyList.lastElementChild.remove();
    historyList.hidden = false;
    historyTitle.hidden = false;
  }

  function addToMessage(text) {
    if (message.readOnly) {
      showResult("Attends la réponse de Rebond, puis réessaie.", true);
      return;
    }
    const before = message.value;
    const joined = before && !/\s$/.test(before) ? `${before} ${text}` : before + text;
    if (message.maxLength > 0 && joined.length > message.maxLength) {
      showResult("Ton message est trop long pour y ajouter ce résultat.", true);
      return;
    }
    message.value = joined;
    // chat.js follows the field's length (the 2 000-character hint) through this event.
    message.dispatchEvent(new Event("input", { bubbles: true }));
    // The student goes on writing their answer where the result now is.
    message.focus();
    message.setSelectionRange(joined.length, joined.length);
  }

  // ---- The brouillon ---------------------------------------------------------------------
  // Kept in localStorage under the logged-in student's name, so two students sharing a
  // computer each find their own; never sent to the server. Read-only until the page knows
  // who is logged in, so nothing typed before is saved under the wrong name.
  let draftKey = null;
  let draftNote = ""; // a lasting warning (not saved), shown again after a passing message
  draft.readOnly = true;

  // Set only when it changes: a live region given the same words again on every key
  // could be read again on every key.
  function tell(text) {
    if (draftStatus.textContent !== text) draftStatus.textContent = text;
  }

  async function loadDraft() {
    let user = null;
    try {
      const response = await fetch("/api/me", { credentials: "same-origin" });
      if (response.ok) user = await response.json();
    } catch (e) {
      // Offline: the brouillon still works for this page, unsaved.
    }
    // The username is unique: two students may share a display name.
    const who = user && user.username;
    if (who) {
      draftKey = DRAFT_KEY + who;
      draft.value = stored(draftKey) || "";
    } else {
      draftNote = "Ton brouillon ne sera pas gardé si tu recharges la page.";
      tell(draftNote);
    }
    draft.readOnly = false;
  }

  draft.addEventListener("input", () => {
    disarmClear();
    if (draftKey && !store(draftKey, draft.value || null)) {
      draftNote = "Ce navigateur ne garde pas ton brouillon si tu recharges la page.";
    }
    tell(draftNote);
  });

  // « Tout effacer » asks first, on the same button: the first press changes its label to
  // « Confirmer l'effacement » and says so in the live line; a second press clears. Leaving
  // the button (Tab, Échap, a click elsewhere) keeps the brouillon. Unlike confirm(), it
  // stays in the page's own fonts and « Affichage DYS », and keyboard focus never moves.
  const CLEAR = "Tout effacer";
  const CONFIRM = "Confirmer l'effacement";
  let armed = false;

  function disarmClear() {
    if (!armed) return;
    armed = false;
    draftClear.textContent = CLEAR;
    draftClear.classList.remove("is-armed");
    tell(draftNote);
  }

  draftClear.addEventListener("click", () => {
    if (!draft.value) {
      tell("Ton brouillon est déjà vide.");
      return;
    }
    if (!armed) {
      armed = true;
      draftClear.textContent = CONFIRM;
      draftClear.classList.add("is-armed");
      tell(
        `Appuie encore sur ${quoted(CONFIRM)} pour tout effacer. Sinon, ton brouillon est gardé.`,
      );
      return;
    }
    draft.value = "";
    if (draftKey) store(draftKey, null);
    disarmClear();
    tell("Ton brouillon est effacé.");
  });
  draftClear.addEventListener("blur", disarmClear);
  draftClear.addEventListener("keydown", (event) => {
    if (event.key === "Escape") disarmClear();
  });

  loadDraft();
})();

"""Readings with exact ground truth for the reading-fluency benchmark (`evaluation/fluency.py`).

Why a separate module: the benchmark's honesty rests on this bookkeeping (which reference word
a miscue sits on, how many words were truly read correctly), so it is kept free of Whisper,
of the scorer and of `../shared/` and unit-tested on its own
(`tests/unit/test_fluency_benchmark.py`).

Words. A reference text is split on whitespace as the page shows it; a token without any
letter or digit (« ! », an opening « or a dash) is glued to its neighbour, so word *i* here is
word *i* of `speech.fluency.reference_words` (the benchmark checks this for every reading).

Real speech, edited references. The audio is untouched; the *reference* is edited:
- delete a reference word → the reader said a word that is not on the page: one true
  `insertion` whose `index` is the index (in the edited reference) of the word before it;
- add a word to the reference → the reader skipped it: one true `omission` at its index;
- replace a reference word by another word → the reader said something else: one true
  `substitution` at its index.
Edits never touch the first or last word, words with an apostrophe, a hyphen, a digit or
attached punctuation, number words, a word equal to a neighbour, a word next to a disfluency,
and are at least 3 words apart, so each true miscue has one unambiguous place. Replacement
and added words come from small lists by category (determiner, pronoun, preposition,
conjunction, infinitive, noun) and must differ from the original by their first letter and by
most of their spelling (difflib ratio < 0.4) — phonetically distant, so that a correct
scorer must see the change. None of them may occur anywhere in the reference.

Disfluencies really in the audio (transcripts of `sppas_fra`): fillers (« euh ») and cut-off
words (a token ending in « - », e.g. the real reading slip « chort- sortir ») are not on a
page, so they are removed from the reference. When a cut-off word sits between two equal
words (« en tre- en trente », « j'ai p- j'ai pas »), the speaker restarted: the first copy is
removed too. The word after such a spot is truly *correct* (a self-correction at worst): a
scorer that flags it omitted or substituted makes a false alarm. An insertion, repetition or
self-correction that the scorer reports at such a spot (its index or the one before) is
neither right nor wrong — it is counted apart as `disfluency` and never as a false positive,
because the reader really did say something extra there.

Ground-truth WCPM = (reference words − true omissions − true substitutions) / true reading
time × 60, where the true reading time comes from the recordings' own timings (first
transcribed segment start → last segment end in the TextGrid / `segments`; the word timings
of `picovoice_leopard`) — see `true_wcpm`.

Synthetic readings (eSpeak NG): `synthetic_script` turns a reference into what eSpeak says,
with omissions, substitutions, insertions, repetitions (one or two words said twice) and
long silences inside phrases (SSML breaks, true hesitations), plus one short inside-phrase
pause (0.4 s) that must *not* be reported as a hesitation.
"""

from __future__ import annotations

import difflib
import random
import re
import unicodedata
from dataclasses import dataclass, field

# Same filler list as the WER benchmark (evaluation/stt.py), kept here so that the unit tests
# of this module import nothing heavy.
FILLERS = frozenset({"euh", "heu", "hum", "hm", "mh", "mmh"})
MISCUE_TYPES = ("omission", "substitution", "insertion", "repetition")
HESITATION_RANGE_S = (1.6, 2.4)
SHORT_PAUSE_S = 0.4
MIN_GAP = 3  # edited words are at least this many words apart

# Candidate words by category, for replacements and additions.
CATEGORIES: dict[str, tuple[str, ...]] = {
    "determiner": ("le", "la", "les", "un", "une", "des", "ce", "cette", "ces", "mon", "ma")
    + ("mes", "ton", "ta", "son", "sa", "ses", "notre", "leur", "du", "chaque"),
    "pronoun": ("je", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "lui", "moi"),
    "preposition": ("à", "de", "dans", "sur", "pour", "avec", "sans", "chez", "par", "sous")
    + ("vers", "entre", "contre", "pendant"),
    "conjunction": ("et", "mais", "ou", "donc", "car", "que", "qui", "si", "quand", "puis"),
    "verb_form": ("est", "a", "sont", "ont", "était", "avait", "fait", "va", "peut", "doit")
    + ("dit", "vont", "sera", "faut", "prend", "met"),
    "verb": ("marcher", "chanter", "dormir", "courir", "manger", "voler", "tomber", "finir")
    + ("bouger", "nager", "grimper", "jouer", "partir", "lancer"),
    "noun": ("tableau", "jardin", "montagne", "fenêtre", "voiture", "crayon", "musique")
    + ("bouteille", "cheval", "nuage", "village", "docteur", "lampe", "rivière", "citron")
    + ("fromage", "poisson", "valise", "tambour", "girafe"),
}
# Words a reader adds on the way (synthetic insertions).
INSERTED = ("très", "aussi", "alors", "puis", "bien", "encore", "vraiment", "déjà", "toujours")
NUMBER_WORDS = frozenset(
    "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze "
    "seize vingt trente quarante cinquante soixante cent cents mille".split()
)
_LETTERS = re.compile(r"^[^\W\d_]+$")


@dataclass(frozen=True)
class Token:
    """One reference word; `disfluent_before`: a filler or cut-off was said just before it."""

    text: str
    disfluent_before: bool = False


@dataclass(frozen=True)
class Miscue:
    """A true event: omission/substitution/repetition/hesitation on reference word `index`;
    insertion after reference word `index` (-1: before the first word); `short_pause`: a
    silence too short to be a hesitation before word `index`."""

    kind: str
    index: int
    detail: str = ""


@dataclass
class Reading:
    """One reference + audio pair with its exact ground truth."""

    id: str
    unit: str
    reference: str
    tokens: list[Token]
    truth: list[Miscue]
    edits: list[str] = field(default_factory=list)

    @property
    def disfluency_spots(self) -> list[int]:
        """Indices of words said right after a filler or cut-off word."""
        return [i for i, token in enumerate(self.tokens) if token.disfluent_before]

    def true_words_correct(self) -> int:
        """Reference words the reader truly read correctly (self-corrections count)."""
        wrong = {m.index for m in self.truth if m.kind in ("omission", "substitution")}
        return len(self.tokens) - len(wrong)


def words_of(text: str) -> list[str]:
    """The page's words: whitespace tokens, a token without letters glued to a neighbour."""
    words: list[str] = []
    pending = ""
    for token in text.split():
        if any(ch.isalnum() for ch in token):
            words.append(pending + token)
            pending = ""
        elif token in ("«", "—", "–", "-", "(", "[") or not words:
            pending += token
        else:
            words[-1] += token
    if pending and words:
        words[-1] += pending
    return words


def true_wcpm(words_correct: int, reading_s: float) -> float:
    """Words correct per minute over the true reading time."""
    return words_correct / reading_s * 60.0 if reading_s > 0 else 0.0


def clean_reference(transcript: str) -> list[Token]:
    """Reference tokens from an orthographic transcript: fillers, cut-off words and restarts
    removed, the word after each such spot marked (see the module docstring)."""
    tokens: list[Token] = []
    mark = False
    raw = transcript.split()
    for position, word in enumerate(raw):
        bare = word.lower().strip(".,;:!?")
        if bare in FILLERS:
            mark = True
            continue
        if word.endswith("-") and len(word) > 1:
            following = raw[position + 1] if position + 1 < len(raw) else None
            if tokens and following is not None and tokens[-1].text == following:
                tokens.pop()  # « en tre- en trente »: the speaker restarted at « en »
            mark = True
            continue
        if not any(ch.isalnum() for ch in word):
            if tokens:  # standalone punctuation (« dehors ! ») stays with its word
                tokens[-1] = Token(tokens[-1].text + " " + word, tokens[-1].disfluent_before)
            continue
        tokens.append(Token(word, mark))
        mark = False
    return tokens


def reference_text(tokens: list[Token]) -> str:
    return " ".join(token.text for token in tokens)


def category(word: str) -> str:
    """Rough word category for a same-category replacement (no tagger: an infinitive ending
    or the function-word lists, else noun)."""
    lower = word.lower()
    for name, members in CATEGORIES.items():
        if name not in ("verb", "noun") and lower in members:  # function words first
            return name
    if lower.endswith(("er", "ir", "re")) and len(lower) > 4:
        return "verb"
    return "noun"


def _bare(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def distant(a: str, b: str) -> bool:
    """Different first letter and mostly different spelling, accents aside (« a » and « à »
    sound the same): a scorer must hear the change."""
    a, b = _bare(a), _bare(b)
    return a[0] != b[0] and difflib.SequenceMatcher(a=a, b=b).ratio() < 0.4


def pick_word(rng: random.Random, pool: tuple[str, ...], avoid: set[str], near: list[str]) -> str:
    """A word of `pool` not in `avoid` and distant from every word in `near`."""
    choices = [w for w in pool if w not in avoid and all(distant(w, n) for n in near if n)]
    if not choices:
        raise ValueError(f"no distant word left in {pool[:3]}… for {near}")
    return rng.choice(choices)


def editable(tokens: list[Token], index: int) -> bool:
    """Whether reference word `index` may be edited (see the module docstring)."""
    if index <= 0 or index >= len(tokens) - 1:
        return False
    word = tokens[index].text
    if not _LETTERS.match(word) or word.lower() in NUMBER_WORDS:
        return False
    neighbours = (tokens[index - 1], tokens[index + 1])
    if any(n.text.lower() == word.lower() for n in neighbours):
        return False
    return not (tokens[index].disfluent_before or tokens[index + 1].disfluent_before)


def edit_positions(tokens: list[Token], count: int, rng: random.Random) -> list[int]:
    """Up to `count` editable positions at least `MIN_GAP` words apart, in order."""
    candidates = [i for i in range(len(tokens)) if editable(tokens, i)]
    rng.shuffle(candidates)
    chosen: list[int] = []
    for index in candidates:
        if all(abs(index - other) >= MIN_GAP for other in chosen):
            chosen.append(index)
        if len(chosen) == count:
            break
    return sorted(chosen)


def apply_edits(
    tokens: list[Token], edits: list[tuple[int, str]], rng: random.Random
) -> tuple[list[Token], list[Miscue], list[str]]:
    """Edit the reference (`delete`, `add` before, `replace` at original positions).

    Returns the edited tokens, the true miscues with indices in the edited reference, and a
    readable description of each edit.
    """
    by_position = dict(edits)
    present = {t.text.lower() for t in tokens}
    out: list[Token] = []
    truth: list[Miscue] = []
    notes: list[str] = []
    for index, token in enumerate(tokens):
        action = by_position.get(index)
        if action == "delete":
            truth.append(Miscue("insertion", len(out) - 1, token.text))
            notes.append(f"deleted « {token.text} » (word {index}) → insertion")
            continue
        if action == "add":
            near = [tokens[index - 1].text, token.text]
            word = pick_word(rng, CATEGORIES["noun"], present, near)
            present.add(word)
            truth.append(Miscue("omission", len(out), word))
            notes.append(f"added « {word} » before word {index} → omission")
            out.append(Token(word))
        if action == "replace":
            word = pick_word(rng, CATEGORIES[category(token.text)], present, [token.text])
            present.add(word)
            truth.append(Miscue("substitution", len(out), f"{word} ← {token.text}"))
            notes.append(f"replaced « {token.text} » (word {index}) by « {word} » → substitution")
            out.append(Token(word, token.disfluent_before))
            continue
        out.append(token)
    return out, truth, notes


def real_variants(unit: str, tokens: list[Token], seed: int, edited: int = 8) -> list[Reading]:
    """The unedited reading and `edited` seeded variants with 1-3 edits each."""
    rng = random.Random(f"{seed}:{unit}")
    readings = [Reading(f"{unit}/v0", unit, reference_text(tokens), list(tokens), [])]
    for number in range(1, edited + 1):
        positions = edit_positions(tokens, rng.randint(1, 3), rng)
        edits = [(p, rng.choice(("delete", "add", "replace"))) for p in positions]
        new_tokens, truth, notes = apply_edits(tokens, edits, rng)
        readings.append(
            Reading(f"{unit}/v{number}", unit, reference_text(new_tokens), new_tokens, truth, notes)
        )
    return readings


@dataclass
class Script:
    """What eSpeak is asked to say (SSML) for one synthetic reading, with its truth."""

    reading: Reading
    ssml: str
    spoken_words: int


def synthetic_script(
    unit: str, reference: str, number: int, rng: random.Random, miscues: bool
) -> Script:
    """eSpeak input for a reading of `reference`: exact, or with one miscue of each type,
    1-2 long hesitations and one short inside-phrase pause (truth by construction)."""
    words = words_of(reference)
    tokens = [Token(w) for w in words]
    plan: dict[int, str] = {}
    if miscues:
        kinds = list(MISCUE_TYPES) + ["hesitation"] * rng.randint(1, 2) + ["short_pause"]
        rng.shuffle(kinds)  # types land on varied positions from one reading to the next
        for index, kind in zip(edit_positions(tokens, len(kinds), rng), kinds, strict=False):
            # A pause "inside a phrase" must follow a word without punctuation.
            if kind in ("hesitation", "short_pause") and not words[index - 1][-1].isalnum():
                continue
            plan[index] = kind
    present = {w.lower() for w in words}
    spoken: list[str] = []
    truth: list[Miscue] = []
    notes: list[str] = []
    for index, word in enumerate(words):
        kind = plan.get(index)
        if kind == "omission":
            truth.append(Miscue("omission", index, word))
            notes.append(f"omitted « {word} » (word {index})")
            continue
        if kind == "substitution":
            said = pick_word(rng, CATEGORIES[category(word)], present, [word])
            truth.append(Miscue("substitution", index, f"{said} ← {word}"))
            notes.append(f"said « {said} » for « {word} » (word {index})")
            spoken.append(said)
            continue
        if kind == "hesitation":
            pause = round(rng.uniform(*HESITATION_RANGE_S), 1)
            truth.append(Miscue("hesitation", index, f"{pause} s"))
            notes.append(f"{pause} s silence before « {word} » (word {index})")
            spoken.append(f'<break time="{int(pause * 1000)}ms"/>')
        if kind == "short_pause":
            truth.append(Miscue("short_pause", index, f"{SHORT_PAUSE_S} s"))
            notes.append(f"{SHORT_PAUSE_S} s silence before « {word} » (not a hesitation)")
            spoken.append(f'<break time="{int(SHORT_PAUSE_S * 1000)}ms"/>')
        if kind == "repetition":
            span = words[index : index + rng.choice((1, 2))]
            if not all(_LETTERS.match(w) for w in span):
                span = [word]
            truth.append(Miscue("repetition", index, " ".join(span)))
            notes.append(f"repeated « {' '.join(span)} » (word {index})")
            spoken.extend(span)
        spoken.append(word)
        if kind == "insertion":
            said = pick_word(rng, INSERTED, present, [word, words[index + 1]])
            truth.append(Miscue("insertion", index, said))
            notes.append(f"inserted « {said} » after « {word} » (word {index})")
            spoken.append(said)
    reading = Reading(f"{unit}/s{number}", unit, reference, tokens, truth, notes)
    spoken_words = sum(1 for w in spoken if not w.startswith("<break"))
    return Script(reading, " ".join(spoken), spoken_words)


def passage_excerpt(sentences: tuple[str, ...], low: int = 60, high: int = 90) -> str:
    """The first whole sentences of a passage reaching `low` words (cut at `high` words when
    one long sentence overshoots), so each synthetic reading lasts about 20-35 s."""
    chosen: list[str] = []
    count = 0
    for sentence in sentences:
        chosen.append(sentence)
        count += len(words_of(sentence))
        if count >= low:
            break
    words = words_of(" ".join(chosen))
    return " ".join(words[:high])

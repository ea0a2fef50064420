"""Judge a student's open answer to a comprehension question against its rubric of ideas.

A rubric lists the ideas a good answer contains; each idea has key lemmas, synonyms and key
phrases (see curriculum/french/passages/*.yml). Struggling readers write « il a plu de
batteri » for « il n'a plus de batterie »: matching is done on spaCy lemmas *and* on the
words as typed, accent-insensitive, with a small edit distance, and word vectors of
`fr_core_news_md` catch close synonyms the rubric did not list (« portable » for
« téléphone »). A key word under a negation the idea does not have (« ce n'est pas sa
voisine ») does not count. The verdict names the ideas found and missing, and the feedback
sends the student back to the sentence of the text that answers.

Why not a whole-answer vector similarity: measured on fr_core_news_md, averaged vectors give
0.62 between an answer and its own idea and 0.68 with an unrelated one — no signal.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from assistant.text import plain
from curriculum.french.bank import Idea, Rubric

MODEL = "fr_core_news_md"
# Cosine similarity of two word vectors above which they count as the same idea word;
# chosen on the first half of evaluation/data/open_answers.yml (see evaluation/open_answers.py).
VECTOR_THRESHOLD = 0.72
# Words that turn a statement around when they come just before a key word.
NEGATIONS = frozenset({"pas", "jamais", "aucun", "aucune", "rien", "ni", "personne"})
NEGATION_WINDOW = 4
# Key phrases of 10+ characters match with typos: rapidfuzz partial ratio, 0-100.
PHRASE_MIN_CHARS = 10
PHRASE_SIMILARITY = 90
# Answers that say « I don't know » in the words students use.
DONT_KNOW = re.compile(r"\b(je )?(ne )?sais pas\b|\bsai pas\b|\bj ?en sais rien\b|^\W*$")

_load_lock = threading.Lock()


@dataclass(frozen=True)
class _Words:
    """An idea's rubric entries sorted by how much they prove on their own."""

    keys: tuple[str, ...]  # the first lemma and the one-word synonyms: one is enough
    context: tuple[str, ...]  # the other lemmas: two are needed
    phrases: tuple[str, ...]  # multi-word entries and key phrases


@cache
def _words(idea: Idea) -> _Words:
    entries = idea.lemmas + idea.synonyms + idea.phrases
    single = [e for e in entries if len(plain(e).split()) == 1]
    keys = [e for e in idea.lemmas[:1] + idea.synonyms if e in single]
    return _Words(
        tuple(keys),
        tuple(e for e in single if e not in keys),
        tuple(e for e in entries if e not in single),
    )


@dataclass(frozen=True)
class OpenVerdict:
    """Which ideas the answer contains, whether that is enough, and what to tell the student."""

    correct: bool
    found: tuple[str, ...]
    missing: tuple[str, ...]
    feedback: str


@dataclass(frozen=True)
class _Token:
    text: str  # as typed, plain (lowercase, no accents)
    lemma: str  # spaCy's lemma, plain
    vector: Any  # numpy array or None


@cache
def _nlp() -> Any:  # noqa: ANN401 - spacy.Language
    """spaCy's French model, loaded once; the parser and NER are not needed for lemmas."""
    with _load_lock:
        import spacy

        return spacy.load(MODEL, exclude=["parser", "ner"])


def warm_up() -> None:
    """Load the model now (seconds) rather than on a student's first open answer."""
    _nlp()


def _tokens(text: str) -> list[_Token]:
    doc = _nlp()(text)
    tokens = []
    for token in doc:
        if token.is_punct or token.is_space:
            continue
        for part in plain(token.text).split() or [""]:
            lemma = plain(token.lemma_) if len(plain(token.text).split()) == 1 else part
            vector = token.vector if token.has_vector and token.is_alpha else None
            tokens.append(_Token(part, lemma, vector))
    return [t for t in tokens if t.text]


# Spellings that sound alike in French, rewritten to one form (applied in order).
_SOUNDS = (
    (r"(.)\1", r"\1"),  # doubled letters: batterie → baterie
    (r"eau|au", "o"),
    (r"ph", "f"),
    (r"qu|c(?=[aou])|k", "k"),
    (r"c(?=[eiy])", "s"),
    (r"ai|ei", "e"),
    (r"ie$", "i"),
    (r"(?<=.)[estxd]+$", ""),  # silent endings: courageuses, amies, grand
)


@cache
def _sound(word: str) -> str:
    """A rough French sound key, so that « batri » meets « batterie » and « corbeil »
    meets « corbeille »: struggling writers spell by ear."""
    for pattern, replacement in _SOUNDS:
        word = re.sub(pattern, replacement, word)
    return word


def _same_word(a: str, b: str) -> bool:
    """Equal, one typo away (two for long words), or spelt by ear: spelling slips count."""
    if a == b:
        return True
    shortest = min(len(a), len(b))
    if shortest < 4:
        return False
    if Levenshtein.distance(a, b) <= (2 if shortest >= 8 else 1):
        return True
    return Levenshtein.distance(_sound(a), _sound(b)) <= (1 if shortest >= 5 else 0)


@cache
def _rubric_word(word: str) -> tuple[str, str, Any]:
    """A rubric word as plain text, its lemma, and its vector (cached: rubrics repeat)."""
    token = _nlp()(word)[0]
    vector = token.vector if token.has_vector else None
    return plain(word), plain(token.lemma_), vector


def _cosine(a: Any, b: Any) -> float:  # noqa: ANN401 - numpy arrays
    norm = float((a @ a) ** 0.5 * (b @ b) ** 0.5)
    return float(a @ b) / norm if norm else 0.0


def _matches(token: _Token, word: str) -> bool:
    plain, lemma, vector = _rubric_word(word)
    if any(_same_word(x, y) for x in (token.text, token.lemma) for y in (plain, lemma)):
        return True
    if vector is None or token.vector is None or len(token.text) < 4:
        return False
    return _cosine(token.vector, vector) >= VECTOR_THRESHOLD


def _negated(tokens: Sequence[_Token], index: int) -> bool:
    window = tokens[max(0, index - NEGATION_WINDOW) : index]
    return any(t.text in NEGATIONS for t in window)


def _phrase_at(answer: str, phrase: str) -> int | None:
    """Where a key phrase occurs in the plain answer, typos allowed (« plu de batteri »)."""
    target = plain(phrase)
    if len(target) < PHRASE_MIN_CHARS:
        match = re.search(rf"\b{re.escape(target)}\b", answer)
        return match.start() if match else None
    found = fuzz.partial_ratio_alignment(target, answer, score_cutoff=PHRASE_SIMILARITY)
    return found.dest_start if found else None


def _negated_text(answer: str, position: int) -> bool:
    before = answer[:position].split()[-NEGATION_WINDOW:]
    return bool(NEGATIONS & set(before))


def _idea_present(answer: str, tokens: Sequence[_Token], idea: Idea) -> bool:
    """A key phrase, a key word or two context words, not under a negation the idea lacks.

    Rubrics list context words too (« téléphone » beside « batterie »): the first lemma and
    the synonyms are the idea's key words, one is enough (« batterie ») ; the other lemmas
    only count in pairs (« son téléphone marche bien » is not the idea).
    """
    label = f" {plain(idea.label)} "
    idea_negative = bool(NEGATIONS & set(label.split())) or " plus " in label
    words = _words(idea)
    for phrase in words.phrases:
        at = _phrase_at(answer, phrase)
        if at is not None and (idea_negative or not _negated_text(answer, at)):
            return True
    hits = {
        word
        for index, token in enumerate(tokens)
        for word in words.keys + words.context
        if _matches(token, word) and (idea_negative or not _negated(tokens, index))
    }
    return bool(hits & set(words.keys)) or len(hits) >= 2


def score(answer: str, rubric: Rubric, evidence: str, feedback: str = "") -> OpenVerdict:
    """Judge `answer`; `evidence` is the sentence of the text that answers the question."""
    folded = plain(answer)
    tokens = [] if DONT_KNOW.search(folded) else _tokens(answer)
    found = tuple(
        idea.id for idea in rubric.ideas if tokens and _idea_present(folded, tokens, idea)
    )
    missing = tuple(idea.id for idea in rubric.ideas if idea.id not in found)
    correct = len(found) >= rubric.min_ideas
    labels = {idea.id: idea.label for idea in rubric.ideas}
    if correct:
        message = "Oui ! Tu as trouvé : " + " ; ".join(labels[i].lower() for i in found) + "."
    elif found:
        message = (
            f"C'est un bon début : {labels[found[0]].lower()}. "
            f"Il manque encore une idée. Relis cette phrase : « {evidence} »"
        )
    else:
        message = f"{feedback or 'Relis le texte.'} Cette phrase peut t'aider : « {evidence} »"
    return OpenVerdict(correct, found, missing, message)

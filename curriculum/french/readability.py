"""French readability: words, sentences, syllables and Kandel & Moles' reading-ease score.

Why a formula at all: a passage's band (1 = easiest, 3 = seconde level) is a promise to a
struggling reader, and a promise written by hand drifts. The score checks the promise.

Formula — Kandel & Moles' adaptation of Flesch's Reading Ease to French:

    L = 207 − 1,015 × (words / sentences) − 73,6 × (syllables / words)

Source: L. Kandel and A. Moles, « Application de l'indice de Flesch à la langue française »,
Cahiers Études de Radio-Télévision 19 (1958), pp. 253–274; the formula is restated in
T. François, *Les apports du traitement automatique des langues à la lisibilité du français
langue étrangère*, PhD thesis, UCLouvain (2011), § 2.2. Higher is easier; French prose for
adults lands around 40–60 and easy texts above 80. The French constants differ from Flesch's
English ones (206,835; 1,015; 84,6) because French words have more syllables on average.

Counting rules (documented because the score depends on them):

- A word is a run of letters, with inner apostrophes and hyphens (« l'école »,
  « aujourd'hui », « peut-être » are one word each), or a number (« 8 », « 1,5 »).
- A sentence ends at « . », « ! », « ? » or « … » followed by a capital, an opening
  quotation mark, a dash, a digit or the end of the text, and at a line break unless the
  line ends with « , », « ; » or « : ». So list items and timetable rows are units of their
  own, while a verse sentence running over several lines stays one sentence.
- Syllables are spoken syllables estimated from spelling: one per group of consecutive
  vowel letters; a diaeresis (« naïf ») or an « é » before another vowel (« créer »,
  « théâtre ») starts a new group; a final mute « e », « es » or verbal « ent » (« table »,
  « tables », « parlent ») is not counted when another vowel remains, and the « u » of
  « qu » and of « gu » before e or i is silent (« musique », « guitare »). Adjectives, nouns and
  adverbs in « -ent » (« souvent », « moment ») keep it. Every word has at least one
  syllable; a number counts one syllable per digit (a rough stand-in for reading it aloud).
  This is the usual approximation of automatic French readability tools; it is right for
  most everyday words and off by one for some (« pays », « voyage »).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VOWELS = "aeiouyàâäéèêëîïôöùûüœæ"
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+(?:,\d+)?")
# End of sentence: punctuation, optional closing quote, then a sentence start or the end.
_SENTENCE_END = re.compile(r"([.!?…]+(?:\s*»)?)\s+(?=[«—A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŒ0-9])")
_VOWEL_GROUP = re.compile(rf"[{VOWELS}]+")
# Pronounced « -ent » endings: not verbs, so the « ent » is heard (« souvent », « parent »).
# One-syllable words (« vent », « dent ») need no entry: a final ending is only dropped when
# another vowel remains.
_SPOKEN_ENT = frozenset(
    """absent accident adolescent agent argent client compétent content continent dent
    différent évident excellent intelligent lent patient parent présent prudent récent
    serpent souvent talent urgent violent innocent fréquent""".split()
)


def words(text: str) -> list[str]:
    """The words of a text, as counted for word counts and readability."""
    return _WORD.findall(text)


def sentences(text: str) -> list[str]:
    """The sentences of a text, in order, stripped (rules in the module docstring)."""
    units: list[str] = []
    pending = ""
    for line in text.splitlines():
        line = line.strip()
        if not line:
            if pending:
                units.append(pending)
            pending = ""
            continue
        pending = f"{pending} {line}" if pending else line
        if not line.endswith((",", ";", ":")):
            units.append(pending)
            pending = ""
    if pending:
        units.append(pending)
    found: list[str] = []
    for unit in units:
        marked = _SENTENCE_END.sub("\\1\n", unit)
        found.extend(part.strip() for part in marked.split("\n") if part.strip())
    return found


def _syllables_of_part(part: str) -> int:
    letters = "".join(ch for ch in part.lower() if ch.isalpha())
    if not letters:
        return 0
    # « qu » and « gu » before e/i are one consonant: « musique », « guitare ».
    stem = re.sub(r"gu(?=[eiéèêy])", "g", letters.replace("qu", "q"))
    for ending in ("ent", "es", "e"):
        if stem.endswith(ending) and not (ending == "ent" and _is_spoken_ent(letters)):
            candidate = stem[: -len(ending)]
            if _VOWEL_GROUP.search(candidate):
                stem = candidate
            break
    count = 0
    for group in _VOWEL_GROUP.findall(stem):
        count += 1
        # A diaeresis or « é » + vowel splits the group into separately heard vowels.
        count += sum(1 for i, ch in enumerate(group) if i > 0 and ch in "ïëü")
        count += sum(1 for i, ch in enumerate(group[:-1]) if ch == "é")
    return count


def _is_spoken_ent(word: str) -> bool:
    """« -ment » words are adverbs or nouns (« vraiment ») far more often than verbs."""
    return word in _SPOKEN_ENT or word.endswith("ment")


def syllables(word: str) -> int:
    """Estimated spoken syllables of one word (see the module docstring for the rules)."""
    if word[:1].isdigit():
        return sum(ch.isdigit() for ch in word)
    # Elided words (« l' », « qu' ») are joined to the next one; hyphenated parts add up.
    parts = re.split(r"-", re.sub(r"^\w{1,2}['’]", "", word) or word)
    return max(1, sum(_syllables_of_part(part) for part in parts))


@dataclass(frozen=True)
class Readability:
    """The counts behind a score, kept so a surprising score can be explained."""

    word_count: int
    sentence_count: int
    syllable_count: int
    score: float

    @property
    def words_per_sentence(self) -> float:
        return self.word_count / self.sentence_count

    @property
    def syllables_per_word(self) -> float:
        return self.syllable_count / self.word_count


def kandel_moles(text: str) -> Readability:
    """Kandel & Moles' reading ease of a French text (higher is easier)."""
    found_words = words(text)
    sentence_count = len(sentences(text))
    if not found_words or not sentence_count:
        raise ValueError("cannot score a text without words")
    syllable_count = sum(syllables(w) for w in found_words)
    score = (
        207 - 1.015 * len(found_words) / sentence_count - 73.6 * syllable_count / len(found_words)
    )
    return Readability(len(found_words), sentence_count, syllable_count, round(score, 1))

"""Turn passage words and recognised words into comparable forms.

The page shows « L'école, en 1998… » while the recogniser may write « l'école en mille neuf
cent quatre-vingt-dix-huit »: case, punctuation, ligatures, accents and digits must not count
as reading errors. Two forms come out of a word: a *key* (letters and digits only, accents
and case folded, numbers spelled out) for exact comparison and for joining split words, and
a *spoken* form (accents kept) that eSpeak turns into phonemes.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from speech.tts.normalise import normalise_for_speech

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'"})
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"})
# Characters kept in the spoken form; everything else (quotes, dashes, dots) is dropped.
_NOT_SPOKEN = re.compile(r"[^\w'\- ]+")

#: Filled pauses: heard, they are part of a pause, not words read (unless the passage has them).
FILLERS = frozenset({"euh", "heu", "hum", "hm", "hmm", "mh", "mmh", "eh"})

#: Punctuation after which a reader is expected to pause (the end of a phrase).
PHRASE_END = frozenset('.,;:?!…»)]"”—–')
#: Punctuation that opens a phrase: a pause before « or ( is expected too.
PHRASE_START = frozenset('«(["“—–-')
SENTENCE_END = frozenset(".?!…")
_CLOSERS = "»)]\"”' \u00a0\u202f"


def spell_numbers(text: str) -> str:
    """Digits, ordinals, times, units, symbols and abbreviations as a reader says them
    (« 1998 », « 1er », « 14h30 », « 5 € », « 20 % », « kg », « Mme »), by the same rules as
    the text-to-speech voice (`speech.tts.normalise`), so the two sides never disagree."""
    return normalise_for_speech(text)


@lru_cache(maxsize=16384)
def match_key(token: str) -> str:
    """Letters and digits only, lower case, no accents, ligatures opened, numbers spelled.

    « L'École, » → « lecole »; « 21 » → « vingtetun ». Two words that share a key are the
    same word as far as reading goes, and keys of split words concatenate (« aujourd » +
    « hui » = « aujourdhui »).
    """
    text = spell_numbers(token.translate(_APOSTROPHES)).translate(_LIGATURES).lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


@lru_cache(maxsize=16384)
def spoken_form(token: str) -> str:
    """What eSpeak should pronounce for a word: lower case, accents kept, no punctuation."""
    text = spell_numbers(token.translate(_APOSTROPHES)).lower()
    return " ".join(_NOT_SPOKEN.sub(" ", text).replace("-", " ").split())


def ends_phrase(text: str) -> bool:
    """True if a word as written ends with punctuation where a pause is expected."""
    stripped = text.rstrip(" \u00a0\u202f")
    return bool(stripped) and stripped[-1] in PHRASE_END


def starts_phrase(text: str) -> bool:
    """True if a word as written opens with « ( or a dialogue dash."""
    stripped = text.lstrip(" \u00a0\u202f")
    return bool(stripped) and stripped[0] in PHRASE_START


def ends_sentence(text: str) -> bool:
    """True if a word as written ends a sentence (closing quotes and brackets ignored)."""
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END

"""Compare a passage word with what the recogniser wrote, by sound.

Whisper writes words, not sounds: for a correct reading of « vert » it may write « verre »,
for « chantait » « chanté », for « ces » « ses ». Counting those as errors would tell a
student who read well that they did not. eSpeak NG's French rules give IPA for any word;
we compare those, after merging the vowel pairs most French speakers (and the recogniser)
do not keep apart (é/è, o/ɔ, eu/œ, a/ɑ, in/un, schwa/eu).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz.distance import Levenshtein

from speech.fluency.normalise import match_key, spoken_form
from speech.tts.espeak import EspeakTTS

_tts = EspeakTTS()
_LANGUAGE_SWITCH = re.compile(r"\([a-z]{2,3}\)")
_FINAL_W = re.compile(r"w(?=[ˈˌː]*(?:\s|$))")
# Nasal vowels become one symbol each so that one vowel costs one edit; then the mergers.
_NASALS = (("ɑ̃", "A"), ("ɛ̃", "E"), ("œ̃", "E"), ("ɔ̃", "O"), ("ã", "A"), ("õ", "O"))
_MERGERS = str.maketrans(
    {
        "ɛ": "e",
        "ɔ": "o",
        "œ": "ø",
        "ə": "ø",
        "ɑ": "a",
        "ɐ": "a",
        "ʁ": "r",
        "ɾ": "r",
        "ɡ": "g",
        "ˈ": None,
        "ˌ": None,
        "ː": None,
        "-": None,
        " ": None,
        "‿": None,
        "_": None,
    }
)


@lru_cache(maxsize=32768)
def phonemes(spoken: str) -> str:
    """Simplified IPA for a spoken form (see `normalise.spoken_form`), cached per text.

    eSpeak takes about 0.1 ms per word once loaded, but a passage compares each of its words
    with each heard word, so the cache matters; it is safe across threads (eSpeak itself is
    called under `speech.tts.espeak`'s lock).
    """
    if not spoken:
        return ""
    ipa = _LANGUAGE_SWITCH.sub("", _tts.phonemes(spoken, voice="fr"))
    # eSpeak ends « roues », « joues » with [w]; no French word ends so: it is [u].
    ipa = _FINAL_W.sub("u", ipa)
    for nasal, symbol in _NASALS:
        ipa = ipa.replace(nasal, symbol)
    return ipa.translate(_MERGERS)


class Token(NamedTuple):
    """A word (or joined words) to compare: key (exact match), spoken form, simplified IPA.

    A named tuple rather than a dataclass: alignment hashes tokens by the thousand."""

    key: str
    spoken: str
    ipa: str


def token(text: str) -> Token:
    """The comparable forms of a word as written or as recognised."""
    spoken = spoken_form(text)
    return Token(match_key(text), spoken, phonemes(spoken))


def joined(tokens: list[Token]) -> Token:
    """Several words as one (« aujourd » + « hui »); sounds are concatenated, so liaisons
    between them are ignored, which keeps joining free of further eSpeak calls."""
    return Token(
        "".join(t.key for t in tokens),
        " ".join(t.spoken for t in tokens),
        "".join(t.ipa for t in tokens),
    )


class Comparison(NamedTuple):
    """How close a heard word (or words) is to a passage word (or words).

    `same_spelling`: equal keys (case, accents, punctuation, digits folded);
    `phonetic`: normalised edit distance between simplified IPA (0 = homophones);
    `spelling`: normalised edit distance between keys.
    """

    same_spelling: bool
    phonetic: float
    spelling: float

    @property
    def distance(self) -> float:
        """The closeness used to align: exact 0, otherwise the better of sound and spelling."""
        return 0.0 if self.same_spelling else min(self.phonetic, self.spelling)


@lru_cache(maxsize=65536)
def compare(ref: Token, heard: Token) -> Comparison:
    """Compare a passage word with a heard word (either may be several joined words)."""
    if ref.key == heard.key:
        return Comparison(True, 0.0, 0.0)
    spelling = Levenshtein.normalized_distance(ref.key, heard.key)
    phonetic = Levenshtein.normalized_distance(ref.ipa, heard.ipa) if ref.ipa and heard.ipa else 1.0
    return Comparison(False, phonetic, spelling)

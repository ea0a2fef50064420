"""The scorer's options and results: the contract with the API, the page and the benchmarks."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from typing import Any, Literal

from speech.fluency.phrasing import Phrasing
from speech.fluency.reference import ReferenceWord

Status = Literal["correct", "omitted", "substituted", "unsure", "not_reached"]
COUNT_KEYS = (
    "omission",
    "substitution",
    "insertion",
    "repetition",
    "self_correction",
    "hesitation",
    "unsure",
)
HESITATION_ENV = "REBOND_FLUENCY_HESITATION_S"


@dataclass(frozen=True)
class FluencyOptions:
    """Scoring thresholds.

    `hesitation_s`: a silence longer than this inside a phrase (not after . , ; : ? ! …) is a
    hesitation. `unsure_confidence`: a mismatch whose heard words have a recogniser confidence
    below this is « unsure », not an error. `phonetic_tolerance`: a mismatch whose sounds
    differ by at most this normalised distance (« petit » / « petite ») is « unsure »: the
    recogniser, not the reader, is the likelier culprit.
    """

    hesitation_s: float = 1.0
    unsure_confidence: float = 0.5
    phonetic_tolerance: float = 0.34

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> FluencyOptions:
        """Defaults, with `REBOND_FLUENCY_HESITATION_S` applied when it is set."""
        source = os.environ if environ is None else environ
        value = source.get(HESITATION_ENV)
        return cls(hesitation_s=float(value)) if value else cls()


@dataclass
class WordResult:
    """What happened to one passage word, in passage order."""

    index: int
    text: str
    sentence: int
    paragraph: int
    status: Status
    heard: str | None
    start_s: float | None
    end_s: float | None
    repeated: bool = False
    self_corrected: bool = False
    hesitation_s: float | None = None

    @classmethod
    def not_reached(cls, word: ReferenceWord) -> WordResult:
        """The result of a passage word before anything is known about it."""
        return cls(
            word.index, word.text, word.sentence, word.paragraph, "not_reached", None, None, None
        )


@dataclass
class Insertion:
    """A heard word that is not in the passage; `after_index` -1 means before the first word."""

    after_index: int
    heard: str
    start_s: float


@dataclass
class ReadingScore:
    """The scored reading. `accuracy` = words correct / words attempted (0..1)."""

    wcpm: float
    accuracy: float
    duration_s: float
    words_total: int
    words_attempted: int
    words_correct: int
    counts: dict[str, int]
    words: list[WordResult]
    insertions: list[Insertion]
    phrasing: Phrasing
    error_sentences: list[int]

    def as_dict(self) -> dict[str, Any]:
        """Plain dicts, lists, numbers and strings, ready for `json.dumps`."""
        return asdict(self)

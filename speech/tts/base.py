"""Engine-neutral types for speech synthesis.

Word marks let the web page highlight each word while it is spoken (karaoke-style reading),
which helps DYS students follow the text; keeping them engine-neutral lets us swap eSpeak for
a neural voice later without touching the callers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np


@dataclass(frozen=True)
class WordMark:
    """One spoken word: its text, when it starts in the audio, where it starts in the input."""

    word: str
    start_s: float
    char_start: int


@dataclass
class Speech:
    """Synthesised audio (float32 mono in [-1, 1]) plus word timings."""

    samples: np.ndarray
    sample_rate: int
    duration_s: float
    marks: list[WordMark] = field(default_factory=list)
    voice: str = "fr"
    rate: float = 1.0


class TextToSpeech(Protocol):
    """Anything that turns text into `Speech`."""

    def synthesize(
        self, text: str, voice: str = "fr", rate: float = 1.0, pitch: int = 50
    ) -> Speech:
        """Speak `text`; `rate` 1.0 is a calm normal speed, `pitch` runs 0..100."""
        ...

"""Engine-neutral speech-to-text types.

Reading-fluency scoring and the chat both need words with times and a confidence, not just
text: keeping this shape the same for Whisper and Vosk lets the scorer switch engines (Vosk
with a grammar for a known passage, Whisper for free speech) without knowing which ran.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

import numpy as np

#: Every engine here takes 16 kHz mono float32 in [-1, 1], as `speech.audio` decodes to.
SAMPLE_RATE = 16_000


@dataclass(frozen=True)
class Word:
    """One recognised word, with its time span in the clip (seconds) and a 0..1 confidence."""

    text: str
    start_s: float
    end_s: float
    confidence: float


@dataclass
class Transcript:
    """What an engine heard: the text, its words in order, and which engine/model produced it."""

    text: str
    words: list[Word] = field(default_factory=list)
    language: str = "fr"
    duration_s: float = 0.0
    engine: str = ""


class SpeechToText(Protocol):
    """Anything that turns 16 kHz mono float32 samples into a `Transcript`."""

    def transcribe(self, samples: np.ndarray) -> Transcript:
        """Recognise the speech in `samples`."""
        ...


def as_mono16k(samples: np.ndarray) -> np.ndarray:
    """Check and normalise engine input to a contiguous 1-D float32 array.

    Engines fail with obscure native errors on int16, stereo or float64 input; saying what is
    wrong here is cheaper to debug. Values are clipped to [-1, 1] because Vosk converts to
    int16 and would wrap around otherwise.
    """
    array = np.asarray(samples)
    if array.ndim != 1:
        raise ValueError(f"expected mono samples (1-D array), got shape {array.shape}")
    if not np.issubdtype(array.dtype, np.floating):
        raise ValueError(f"expected float samples in [-1, 1], got dtype {array.dtype}")
    return np.ascontiguousarray(np.clip(array, -1.0, 1.0), dtype=np.float32)


K = TypeVar("K")
V = TypeVar("V")


class LoadOnce(Generic[K, V]):
    """Models loaded once per process and key, shared by every thread.

    Loading a speech model takes seconds: the first caller loads it, concurrent callers
    wait for that load instead of starting their own, later callers get it at once.
    """

    def __init__(self) -> None:
        self._items: dict[K, V] = {}
        self._lock = threading.Lock()

    def get(self, key: K, load: Callable[[], V]) -> V:
        """The item for `key`, loaded by `load()` on first use."""
        item = self._items.get(key)
        if item is not None:
            return item
        with self._lock:
            item = self._items.get(key)
            if item is None:
                item = load()
                self._items[key] = item
        return item

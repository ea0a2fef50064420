"""Helpers for the fluency tests: transcripts built word by word, as an engine returns them.

`Transcript` and `Word` are the scorer's input type, so building them directly is not a mock:
it states exactly what the recogniser heard, with times and confidences.
"""

from __future__ import annotations

from speech.stt.base import Transcript, Word

WORD_S = 0.3
GAP_S = 0.05


def heard(
    text: str,
    pauses: dict[int, float] | None = None,
    confidence: dict[int, float] | None = None,
) -> Transcript:
    """A transcript of `text` (split on spaces), 0.3 s per word and 0.05 s between words.

    `pauses[i]`: silence in seconds before word i instead; `confidence[i]`: its confidence
    (default 0.95).
    """
    pauses = pauses or {}
    confidence = confidence or {}
    words: list[Word] = []
    time = 0.5
    for i, token in enumerate(text.split()):
        if i:
            time += pauses.get(i, GAP_S)
        words.append(Word(token, time, time + WORD_S, confidence.get(i, 0.95)))
        time += WORD_S
    return Transcript(text, words, "fr", time + 0.5, "test")

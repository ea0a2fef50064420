"""Phrasing indicators: where the reader pauses and how steady the pace is.

A fluent reader pauses at commas and full stops and not inside a phrase, and keeps a similar
pace from sentence to sentence. These are the first French prosody signals we can compute
from word timings alone (no pitch yet).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

#: A silence between two words shorter than this is articulation, not a pause. Whisper's word
#: times are only accurate to about a tenth of a second.
MIN_PAUSE_S = 0.3
#: Sentences with fewer read words than this give no meaningful rate.
MIN_SENTENCE_WORDS = 3


@dataclass
class Phrasing:
    """Pauses (≥ `MIN_PAUSE_S`) at punctuation vs. inside phrases, and rate variation.

    Means are over the pauses counted (0.0 when there are none); `rate_variation` is the
    coefficient of variation of words per second across sentences (0.0 with fewer than two
    sentences of at least `MIN_SENTENCE_WORDS` read words).
    """

    pauses_at_punctuation: int
    pauses_inside_phrases: int
    mean_pause_at_punctuation_s: float
    mean_pause_inside_phrases_s: float
    rate_variation: float


def phrasing(
    gaps: list[tuple[float, bool]], sentence_spans: list[tuple[int, float, float]]
) -> Phrasing:
    """Build the indicators.

    `gaps`: for each read word after the first, the silence before it and whether a phrase
    boundary (punctuation) lies there. `sentence_spans`: per sentence, the number of words
    read and the start and end time of that reading.
    """
    at_punctuation = [gap for gap, boundary in gaps if boundary and gap >= MIN_PAUSE_S]
    inside = [gap for gap, boundary in gaps if not boundary and gap >= MIN_PAUSE_S]
    rates = [
        count / (end - start)
        for count, start, end in sentence_spans
        if count >= MIN_SENTENCE_WORDS and end > start
    ]
    variation = 0.0
    if len(rates) >= 2:
        variation = statistics.pstdev(rates) / statistics.fmean(rates)
    return Phrasing(
        pauses_at_punctuation=len(at_punctuation),
        pauses_inside_phrases=len(inside),
        mean_pause_at_punctuation_s=_mean(at_punctuation),
        mean_pause_inside_phrases_s=_mean(inside),
        rate_variation=round(variation, 4),
    )


def _mean(values: list[float]) -> float:
    return round(statistics.fmean(values), 3) if values else 0.0

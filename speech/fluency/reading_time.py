"""Time a reading on the audio itself, not on the recogniser's word times.

WCPM divides by the reading time, so every 0.1 s matters on a short reading: on a 5 s
sentence, 0.1 s is 2 % of the WCPM. Whisper's word times are off by that much and more at
the two ends of a reading: the first word may start up to 0.4 s before the voice does (its
voice filter pads the speech), and the last word often ends 0.1-0.2 s before the voice stops.
Measured on the real recordings of `../shared/data/speech/` (evaluation/fluency.py), the
median reading-time error was 0.12 s from the word times and 0.02 s from the audio as below.

The voice is found in 10 ms frames louder than a level set between the recording's own
background (its quiet tenth) and its speech (its loud twentieth), so a phone's room noise and
a quiet reader are both handled. Only the voice joined to the first and last passage words
counts (a silence longer than `JOIN_S` ends the search), and the ends move at most `REACH_S`,
so a cough a second before the reading is not part of it. A recording whose speech is barely
louder than its background keeps the recogniser's times.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from speech.audio import SAMPLE_RATE
from speech.fluency.results import ReadingScore

FRAME = SAMPLE_RATE // 100  # 10 ms
#: How far between the background and the speech level a frame must be to count as voice.
LEVEL_SHARE = 0.3
#: Below this many dB between background and speech, the audio cannot place the voice.
MIN_CONTRAST_DB = 15.0
#: A silence longer than this separates the reading from sounds before or after it.
JOIN_S = 0.1
#: The most an end of the reading is moved from the recogniser's time.
REACH_S = 0.5


def timed_by_audio(score: ReadingScore, samples: np.ndarray) -> ReadingScore:
    """`score` with its reading time (and WCPM) measured on `samples` where the audio allows.

    The first passage word heard starts where the voice joined to it starts, the last one ends
    where its voice ends; everything else in the score is unchanged.
    """
    timed = [w for w in score.words if w.start_s is not None and w.end_s is not None]
    loud = voiced_frames(samples)
    if not timed or loud is None:
        return score
    first, last = timed[0], timed[-1]
    assert first.start_s is not None and first.end_s is not None
    assert last.start_s is not None and last.end_s is not None
    start_s = _edge(loud, first.start_s, first.end_s, backwards=True)
    end_s = _edge(loud, last.end_s, last.start_s, backwards=False)
    duration = end_s - start_s
    if duration <= 0:
        return score
    words = list(score.words)
    words[first.index] = replace(first, start_s=start_s)
    last = words[last.index]  # the same word as `first` when only one was heard
    words[last.index] = replace(last, end_s=end_s)
    return replace(
        score,
        words=words,
        duration_s=round(duration, 3),
        wcpm=round(score.words_correct / duration * 60.0, 1),
    )


def voiced_frames(samples: np.ndarray) -> np.ndarray | None:
    """Per 10 ms frame: voice or not; None when the recording has no clear voice level."""
    usable = samples[: samples.size // FRAME * FRAME].reshape(-1, FRAME)
    if usable.shape[0] == 0:
        return None
    decibels = 20 * np.log10(np.sqrt((usable.astype(np.float64) ** 2).mean(axis=1)) + 1e-9)
    background, speech = np.percentile(decibels, 10), np.percentile(decibels, 95)
    if speech - background < MIN_CONTRAST_DB:
        return None
    return decibels > background + LEVEL_SHARE * (speech - background)


def _edge(loud: np.ndarray, at_s: float, inner_s: float, backwards: bool) -> float:
    """Where the voice around a word's outer edge (`at_s`) begins (`backwards`) or ends.

    From `at_s`, first find the word's voice going inwards (not past `inner_s`, the word's
    other edge): the recogniser may have padded the word with silence. Then follow the voice
    outwards until a silence longer than `JOIN_S`. No voice found: `at_s` stands.
    """
    frames = loud.size
    at = min(max(int(round(at_s * 100)) - (0 if backwards else 1), 0), frames - 1)
    inner = min(max(int(round(inner_s * 100)), 0), frames - 1)
    reach = int(REACH_S * 100)
    if backwards:
        inwards = range(at, min(inner, at + reach) + 1)
    else:
        inwards = range(at, max(inner, at - reach) - 1, -1)
    anchor = next((i for i in inwards if loud[i]), None)
    if anchor is None:
        return at_s
    if backwards:
        outwards = range(anchor - 1, max(0, at - reach) - 1, -1)
    else:
        outwards = range(anchor + 1, min(frames, at + reach + 1))
    edge = _last_voiced(loud, anchor, outwards, int(JOIN_S * 100))
    return edge / 100 if backwards else (edge + 1) / 100


def voice_after(loud: np.ndarray, at_s: float, gap_s: float) -> tuple[float, float] | None:
    """The voice that follows `at_s` (its first and last voiced moments, in seconds), joined
    by silences of at most `gap_s`; None when the first voice is further than `gap_s` away."""
    frames, gap = loud.size, int(gap_s * 100)
    first = next((i for i in range(int(at_s * 100), frames) if loud[i]), None)
    if first is None or first / 100 - at_s > gap_s:
        return None
    last = _last_voiced(loud, first, range(first + 1, frames), gap)
    return first / 100, (last + 1) / 100


def _last_voiced(loud: np.ndarray, voiced: int, onwards: range, gap: int) -> int:
    """From the voiced frame `voiced`, along `onwards`: the last voiced frame before a silence
    of more than `gap` frames (or before `onwards` ends)."""
    last, quiet = voiced, 0
    for frame in onwards:
        if loud[frame]:
            last, quiet = frame, 0
        else:
            quiet += 1
            if quiet > gap:
                break
    return last

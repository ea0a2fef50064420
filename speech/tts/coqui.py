"""Coqui TTS (the maintained `coqui-tts` fork): a neural French voice, when one is installed.

eSpeak NG is the default because it is tiny, instant and always there; a neural voice is much
easier to listen to for a long passage, so schools with a machine that can run torch may point
`REBOND_COQUI_MODEL` at a local Coqui model folder (`model.pth` + `config.json`, e.g. a French
VITS voice they downloaded themselves). Nothing is fetched at run time.

Not tested here: the package is an optional extra (`pip install -r requirements/coqui.in`),
its torch stack is heavy and no French weights are reachable from this machine. The class is
kept small, imports `TTS` lazily and fails with a clear message when the extra or the model is
missing, so the service stays on eSpeak instead of crashing.

Coqui gives no word timings, so word marks are estimated by sharing the audio duration among
the words in proportion to their length (letters plus a pause after punctuation): good enough to
move a highlight along a sentence, not for scoring a reading.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import numpy as np

from speech.stt.base import LoadOnce
from speech.tts.base import Speech, WordMark
from speech.tts.normalise import SSML_TAG

#: Name of the setting for the local Coqui model folder.
COQUI_MODEL_ENV = "REBOND_COQUI_MODEL"
#: Extra weight, in letters, of the pause a voice makes after a punctuation mark.
PAUSE_WEIGHT = {",": 3, ";": 4, ":": 4, ".": 6, "!": 6, "?": 6, "…": 6}
_WORD = re.compile(r"[^\s]+")

_models: LoadOnce[Path, Any] = LoadOnce()


class CoquiUnavailableError(RuntimeError):
    """The Coqui extra or the model folder is missing: the caller keeps eSpeak."""


def model_dir_from_env() -> Path | None:
    """The folder named by `REBOND_COQUI_MODEL`, or None when the setting is empty."""
    value = os.environ.get(COQUI_MODEL_ENV, "").strip()
    return Path(value).expanduser().resolve() if value else None


class CoquiTTS:
    """A local Coqui model, loaded once per process, speaking French."""

    def __init__(self, model_dir: Path) -> None:
        for name in ("model.pth", "config.json"):
            if not (model_dir / name).is_file():
                raise CoquiUnavailableError(
                    f"{COQUI_MODEL_ENV}={model_dir} has no {name}: a Coqui model folder "
                    "holds model.pth and config.json"
                )
        self.model_dir = model_dir
        self.voice = f"coqui:{model_dir.name}"

    def _model(self) -> Any:  # noqa: ANN401 - TTS.api.TTS, an optional import
        return _models.get(self.model_dir, lambda: _load(self.model_dir))

    def warm_up(self) -> None:
        """Load the model now, so the first student does not wait for it."""
        self._model()

    def synthesize(
        self, text: str, voice: str = "fr", rate: float = 1.0, pitch: int = 50
    ) -> Speech:
        """Speak `text`; `voice` and `pitch` are eSpeak settings a neural voice has no use for.

        SSML break tags from the normaliser are dropped: Coqui reads plain text and makes its
        own pauses at punctuation.
        """
        plain = SSML_TAG.sub(" ", text).strip()
        model = self._model()
        language = "fr" if getattr(model, "is_multi_lingual", False) else None
        samples = np.asarray(model.tts(text=plain, language=language, speed=rate), np.float32)
        sample_rate = int(model.synthesizer.output_sample_rate)
        duration = len(samples) / sample_rate
        return Speech(
            samples=np.clip(samples, -1.0, 1.0),
            sample_rate=sample_rate,
            duration_s=duration,
            marks=estimated_marks(plain, duration),
            voice=self.voice,
            rate=rate,
        )


def _load(model_dir: Path) -> Any:  # noqa: ANN401 - TTS.api.TTS, an optional import
    try:
        from TTS.api import TTS
    except ImportError as error:
        raise CoquiUnavailableError(
            f"{COQUI_MODEL_ENV} is set but the Coqui extra is not installed "
            "(pip install -r requirements/coqui.in)"
        ) from error
    try:
        return TTS(
            model_path=str(model_dir / "model.pth"),
            config_path=str(model_dir / "config.json"),
            progress_bar=False,
        )
    except Exception as error:  # torch and model formats raise many types: one clear message
        raise CoquiUnavailableError(
            f"cannot load the Coqui model in {model_dir}: {error}"
        ) from error


def estimated_marks(text: str, duration_s: float) -> list[WordMark]:
    """Word start times shared out by word length, with a pause after punctuation."""
    words = list(_WORD.finditer(text))
    weights = [
        len(m.group()) + PAUSE_WEIGHT.get(m.group()[-1], 1) for m in words
    ]  # the pause follows the word, so it delays the next one
    total = sum(weights)
    marks, elapsed = [], 0
    for match, weight in zip(words, weights, strict=True):
        marks.append(WordMark(match.group(), duration_s * elapsed / total, match.start()))
        elapsed += weight
    return marks

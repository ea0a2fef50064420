"""Fixtures for the speech-to-text tests: real engines, real audio, no mocks.

Audio comes from two places. eSpeak NG (through `speech.tts.espeak`, shipped by the
espeakng_loader wheel) makes speech on any machine. Human recordings in
`../shared/data/speech/` are evaluation data that only exist beside the repo on the
project's own machines, so tests that need them skip elsewhere, saying why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from speech.stt.base import SAMPLE_RATE

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_SPEECH = REPO_ROOT.parent / "shared" / "data" / "speech"


def resample(samples: np.ndarray, rate: int, target: int = SAMPLE_RATE) -> np.ndarray:
    """Linear resampling: enough for eSpeak's band-limited voice in tests."""
    if rate == target:
        return samples.astype(np.float32)
    positions = np.arange(0, samples.size, rate / target)
    return np.interp(positions, np.arange(samples.size), samples).astype(np.float32)


@pytest.fixture(scope="session")
def shared_speech() -> Path:
    """The evaluation recordings folder, or a skip that says why it is absent."""
    if not SHARED_SPEECH.is_dir():
        pytest.skip(
            f"{SHARED_SPEECH} absent: human recordings are evaluation data beside the repo, "
            "not part of it"
        )
    return SHARED_SPEECH


@pytest.fixture(scope="session")
def speak_16k() -> Callable[[str, str], np.ndarray]:
    """`speak(text, voice)` -> 16 kHz float32 speech synthesised by eSpeak NG."""
    from speech.tts.espeak import EspeakTTS

    tts = EspeakTTS()

    def _speak(text: str, voice: str = "fr") -> np.ndarray:
        speech = tts.synthesize(text, voice=voice)
        return resample(speech.samples, speech.sample_rate)

    return _speak


@pytest.fixture
def stt_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private `REBOND_DATA_DIR` (and no model override) for model-preparation tests."""
    monkeypatch.setenv("REBOND_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("REBOND_WHISPER_MODEL", raising=False)
    yield tmp_path

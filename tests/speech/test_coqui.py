"""Coqui TTS: estimated word marks, clear failures, and falling back to eSpeak NG.

The Coqui extra is not installed here (torch stack, no French weights offline), so the only
real synthesis test needs `REBOND_COQUI_MODEL` and skips with that reason otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from channels.voice_engines import VoiceEngines
from speech.tts.cache import SpeechCache
from speech.tts.coqui import (
    COQUI_MODEL_ENV,
    CoquiTTS,
    CoquiUnavailableError,
    estimated_marks,
    model_dir_from_env,
)
from speech.tts.espeak import EspeakTTS


def test_estimated_marks_follow_the_words_in_order() -> None:
    text = "Bonjour, Léa. On lit ensemble ?"
    marks = estimated_marks(text, 3.0)
    assert [m.word for m in marks] == ["Bonjour,", "Léa.", "On", "lit", "ensemble", "?"]
    assert marks[0].start_s == 0.0
    starts = [m.start_s for m in marks]
    assert starts == sorted(starts) and starts[-1] < 3.0
    assert [text[m.char_start :].startswith(m.word) for m in marks] == [True] * len(marks)


def test_estimated_marks_leave_a_pause_after_a_full_stop() -> None:
    marks = estimated_marks("Il lit. Elle lit", 4.0)
    gap_after_stop = marks[2].start_s - marks[1].start_s  # « lit. » then « Elle »
    gap_without = marks[1].start_s - marks[0].start_s  # « Il » then « lit. »
    assert gap_after_stop > 2 * gap_without


def test_a_folder_without_a_model_is_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(CoquiUnavailableError, match="model.pth"):
        CoquiTTS(tmp_path)


def test_setting_read_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(COQUI_MODEL_ENV, str(tmp_path))
    assert model_dir_from_env() == tmp_path.resolve()
    monkeypatch.setenv(COQUI_MODEL_ENV, "")
    assert model_dir_from_env() is None


def test_an_unloadable_coqui_model_leaves_the_service_speaking_with_espeak(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A folder that looks like a model but cannot load (no extra here, or bad weights)."""
    model = tmp_path / "voix-fr"
    model.mkdir()
    (model / "model.pth").write_bytes(b"not a model")
    (model / "config.json").write_text("{}")
    monkeypatch.setenv(COQUI_MODEL_ENV, str(model))
    engines = VoiceEngines(SpeechCache(tmp_path / "cache"))
    assert isinstance(engines.tts, CoquiTTS)
    spoken = engines.speak("Bonjour, je lis cette phrase.", 1.0)
    assert isinstance(engines.tts, EspeakTTS) and engines.voice == "fr"
    assert spoken["duration_s"] > 0.5 and [m["word"] for m in spoken["marks"]][:1] == ["Bonjour"]


@pytest.mark.skipif(not os.environ.get(COQUI_MODEL_ENV), reason=f"{COQUI_MODEL_ENV} not set")
def test_a_configured_coqui_voice_speaks_french() -> None:
    tts = CoquiTTS(model_dir_from_env() or Path())
    speech = tts.synthesize("Bonjour, on commence la lecture.")
    assert speech.duration_s > 0.5 and len(speech.marks) == 5

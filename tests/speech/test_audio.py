"""Decoding real recordings in every browser/upload format, and every way an upload can fail.

Test files are made here with PyAV from real eSpeak speech, so the decoder meets the same
encoders (libopus, AAC, LAME, FLAC) that produce students' recordings.
"""

from __future__ import annotations

import io
import os

import av
import numpy as np
import pytest

from speech import audio
from speech.audio import (
    CHAT_TURN_MAX_S,
    MAX_UPLOAD_BYTES,
    READING_MAX_S,
    Pcm,
    decode_to_pcm16k,
    encode,
)
from speech.errors import AudioError
from speech.tts.espeak import EspeakTTS

# (container format, codec, encoder sample rate)
FORMATS = {
    "wav": ("wav", "pcm_s16le", 22050),
    "flac": ("flac", "flac", 22050),
    "mp3": ("mp3", "libmp3lame", 22050),
    "ogg": ("ogg", "libopus", 48000),
    "webm": ("webm", "libopus", 48000),
    "m4a": ("ipod", "aac", 22050),
}


@pytest.fixture(scope="module")
def speech_22k() -> np.ndarray:
    """About two seconds of real French speech at 22050 Hz."""
    speech = EspeakTTS().synthesize("Bonjour, je lis la phrase à voix haute pour l'exercice.")
    assert speech.sample_rate == 22050
    return speech.samples


def make_file(samples: np.ndarray, rate: int, name: str) -> bytes:
    """Encode float mono samples with PyAV into the container/codec named by `name`."""
    container_format, codec, codec_rate = FORMATS[name]
    pcm = (np.clip(samples, -1, 1) * 32767).astype(np.int16).reshape(1, -1)
    buf = io.BytesIO()
    with av.open(buf, mode="w", format=container_format) as container:
        stream = container.add_stream(codec, rate=codec_rate)
        stream.layout = "mono"
        frame = av.AudioFrame.from_ndarray(pcm, format="s16", layout="mono")
        frame.sample_rate = rate
        frame.pts = 0
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return buf.getvalue()


def expect_error(data: bytes, status: int, code: str, **kwargs: float) -> AudioError:
    with pytest.raises(AudioError) as caught:
        decode_to_pcm16k(data, **{"max_seconds": CHAT_TURN_MAX_S, **kwargs})
    error = caught.value
    assert (error.status, error.code) == (status, code)
    assert error.message_fr and error.message_en and error.message_fr != error.message_en
    return error


def test_settings_constants():
    assert (CHAT_TURN_MAX_S, READING_MAX_S, MAX_UPLOAD_BYTES) == (60, 300, 25 * 1024 * 1024)


@pytest.mark.parametrize("name", list(FORMATS))
def test_every_format_decodes_to_16k_with_the_right_duration(speech_22k, tmp_path, name):
    data = make_file(speech_22k, 22050, name)
    path = tmp_path / f"speech.{name}"
    path.write_bytes(data)  # a real file on disk, as an upload would be
    pcm = decode_to_pcm16k(path.read_bytes(), max_seconds=CHAT_TURN_MAX_S)
    expected = speech_22k.size / 22050
    assert isinstance(pcm, Pcm)
    assert pcm.sample_rate == 16000
    assert pcm.samples.dtype == np.float32 and pcm.samples.ndim == 1
    assert pcm.duration_s == pytest.approx(pcm.samples.size / 16000)
    assert abs(pcm.duration_s - expected) <= 0.1, (name, pcm.duration_s, expected)
    assert -1.0 <= pcm.samples.min() and pcm.samples.max() <= 1.0
    assert np.sqrt(np.mean(pcm.samples**2)) > audio.SILENCE_RMS


def test_sine_tone_keeps_its_pitch_after_resampling():
    rate = 44100
    t = np.arange(rate) / rate
    data = make_file(0.5 * np.sin(2 * np.pi * 440 * t), rate, "flac")
    pcm = decode_to_pcm16k(data, max_seconds=5)
    spectrum = np.abs(np.fft.rfft(pcm.samples))
    peak_hz = np.argmax(spectrum) * 16000 / pcm.samples.size
    assert abs(peak_hz - 440) < 3
    assert pcm.duration_s == pytest.approx(1.0, abs=0.01)


def test_empty_upload():
    error = expect_error(b"", 422, "empty_audio")
    assert "vide" in error.message_fr


def test_random_bytes_are_unsupported():
    data = np.random.default_rng(1).integers(0, 256, 50_000, dtype=np.uint8).tobytes()
    expect_error(data, 415, "unsupported_audio")
    expect_error(b"Ceci n'est pas un son.", 415, "unsupported_audio")


def test_truncated_files_are_corrupt(speech_22k):
    m4a = make_file(speech_22k, 22050, "m4a")  # index (moov) at the end: cut = unreadable
    expect_error(m4a[: len(m4a) // 2], 422, "corrupt_audio")
    wav = make_file(speech_22k, 22050, "wav")
    expect_error(wav[:44], 422, "corrupt_audio")  # header only, no samples


def test_cut_stream_still_gives_the_part_that_was_recorded(speech_22k):
    """A browser recording cut short (tab closed) keeps what was said before the cut."""
    webm = make_file(speech_22k, 22050, "webm")
    pcm = decode_to_pcm16k(webm[: len(webm) * 2 // 3], max_seconds=CHAT_TURN_MAX_S)
    assert 0.3 < pcm.duration_s < speech_22k.size / 22050


def test_silent_wav():
    data = encode(np.zeros(16000, dtype=np.float32), 16000, "wav")
    error = expect_error(data, 422, "silent_audio")
    assert error.message_fr.startswith("Je n'entends rien")
    hiss = np.random.default_rng(2).normal(0, 0.0003, 16000).astype(np.float32)
    expect_error(encode(hiss, 16000, "wav"), 422, "silent_audio")


def test_too_long(speech_22k):
    data = make_file(speech_22k, 22050, "ogg")
    error = expect_error(data, 413, "audio_too_long", max_seconds=1.0)
    assert "trop long" in error.message_fr


def test_too_long_for_a_chat_turn_but_fine_for_reading():
    tone = 0.3 * np.sin(2 * np.pi * 300 * np.arange(61 * 8000) / 8000).astype(np.float32)
    data = encode(tone, 8000, "wav")
    expect_error(data, 413, "audio_too_long", max_seconds=CHAT_TURN_MAX_S)
    assert decode_to_pcm16k(data, max_seconds=READING_MAX_S).duration_s == pytest.approx(61)


def test_over_size_upload(speech_22k):
    data = make_file(speech_22k, 22050, "wav")
    error = expect_error(data, 413, "audio_too_large", max_bytes=len(data) - 1)
    assert "trop lourd" in error.message_fr
    expect_error(os.urandom(16) * (MAX_UPLOAD_BYTES // 16 + 1), 413, "audio_too_large")


@pytest.mark.parametrize("fmt", ["ogg", "wav"])
def test_encode_round_trip(speech_22k, fmt):
    data = encode(speech_22k, 22050, fmt)
    assert data[:4] == (b"OggS" if fmt == "ogg" else b"RIFF")
    pcm = decode_to_pcm16k(data, max_seconds=CHAT_TURN_MAX_S)
    assert abs(pcm.duration_s - speech_22k.size / 22050) <= 0.05


def test_error_to_dict():
    error = expect_error(b"", 422, "empty_audio")
    assert error.to_dict()["code"] == "empty_audio"


def test_stereo_is_mixed_to_mono(speech_22k):
    stereo = np.stack([speech_22k, np.zeros_like(speech_22k)])
    pcm16 = (stereo * 32767).astype(np.int16).T.reshape(1, -1)  # packed s16 stereo
    buf = io.BytesIO()
    with av.open(buf, mode="w", format="wav") as container:
        stream = container.add_stream("pcm_s16le", rate=22050)
        stream.layout = "stereo"
        frame = av.AudioFrame.from_ndarray(pcm16, format="s16", layout="stereo")
        frame.sample_rate = 22050
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            container.mux(packet)
    pcm = decode_to_pcm16k(buf.getvalue(), max_seconds=CHAT_TURN_MAX_S)
    assert pcm.samples.ndim == 1
    assert abs(pcm.duration_s - speech_22k.size / 22050) <= 0.1

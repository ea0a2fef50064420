"""Decode uploaded recordings to 16 kHz mono float PCM, and encode speech for the browser.

Browsers record in different containers (Chrome/Firefox: WebM or Ogg with Opus; Safari: MP4
with AAC), and students sometimes upload MP3/WAV/FLAC files. PyAV bundles FFmpeg, so one code
path reads all of them without a system ffmpeg. Recognisers want 16 kHz mono, so we resample
once here. Every failure becomes an `AudioError` with a kind French message.
"""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass
from typing import Literal

import av
import numpy as np

from speech import errors

SAMPLE_RATE = 16_000
CHAT_TURN_MAX_S = 60
READING_MAX_S = 300
MAX_UPLOAD_BYTES = 25 * 1024 * 1024
# About -54 dBFS: quieter than any usable speech, louder than digital silence and most
# muted-microphone hiss.
SILENCE_RMS = 0.002


@dataclass
class Pcm:
    """Decoded audio: float32 mono samples in [-1, 1]."""

    samples: np.ndarray
    sample_rate: int = SAMPLE_RATE
    duration_s: float = 0.0


def decode_to_pcm16k(data: bytes, max_seconds: float, max_bytes: int = MAX_UPLOAD_BYTES) -> Pcm:
    """Decode any supported recording to 16 kHz mono float32.

    Limits are checked as early as possible (size before opening, duration while decoding)
    so that a huge or endless upload costs little work.
    """
    if not data:
        raise errors.empty_audio()
    if len(data) > max_bytes:
        raise errors.audio_too_large(max_bytes)
    known = _looks_like_audio(data)
    try:
        container = av.open(io.BytesIO(data), mode="r")
    except (av.FFmpegError, ValueError, OSError) as exc:
        # A recognised header that FFmpeg cannot open is a damaged file, not a wrong format.
        raise (errors.corrupt_audio() if known else errors.unsupported_audio()) from exc
    with container:
        if not container.streams.audio:
            raise errors.unsupported_audio()
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
        chunks: list[np.ndarray] = []
        total = 0
        # Small tolerance: encoders pad the last frame.
        limit = int((max_seconds + 0.05) * SAMPLE_RATE)
        failed = False
        try:
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    chunk = out.to_ndarray().reshape(-1)
                    chunks.append(chunk)
                    total += chunk.size
                if total > limit:
                    raise errors.audio_too_long(max_seconds)
        except errors.AudioError:
            raise
        except (av.FFmpegError, ValueError, OSError):
            failed = True
        if not failed:
            try:
                for out in resampler.resample(None):
                    chunk = out.to_ndarray().reshape(-1)
                    chunks.append(chunk)
                    total += chunk.size
            except (av.FFmpegError, ValueError):
                pass
    if total == 0:
        # Nothing decodable: a damaged/cut file if the header was ours, else not audio at all
        # (FFmpeg's prober happily "opens" some random bytes).
        raise errors.corrupt_audio() if known else errors.unsupported_audio()
    if total > limit:
        raise errors.audio_too_long(max_seconds)
    samples = np.clip(np.concatenate(chunks).astype(np.float32, copy=False), -1.0, 1.0)
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))
    if rms < SILENCE_RMS:
        raise errors.silent_audio()
    return Pcm(samples=samples, sample_rate=SAMPLE_RATE, duration_s=samples.size / SAMPLE_RATE)


def _looks_like_audio(data: bytes) -> bool:
    """Magic bytes of the containers we accept, to tell « damaged » from « not audio »."""
    head = data[:12]
    return (
        head.startswith((b"RIFF", b"OggS", b"fLaC", b"ID3", b"\x1a\x45\xdf\xa3"))
        or head[4:8] == b"ftyp"
        or _is_mp3_frame_header(head)
    )


def _is_mp3_frame_header(head: bytes) -> bool:
    """MPEG layer III frame sync with valid version, bitrate and sample-rate fields."""
    if len(head) < 3 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version, layer = (head[1] >> 3) & 0b11, (head[1] >> 1) & 0b11
    bitrate, sample_rate = head[2] >> 4, (head[2] >> 2) & 0b11
    return version != 0b01 and layer == 0b01 and bitrate not in (0, 15) and sample_rate != 3


def _to_int16(samples: np.ndarray) -> np.ndarray:
    """Float [-1, 1] (or already int16) to int16."""
    if samples.dtype == np.int16:
        return samples
    return (np.clip(samples, -1.0, 1.0) * 32767.0).round().astype(np.int16)


def encode(samples: np.ndarray, sample_rate: int, fmt: Literal["ogg", "wav"] = "ogg") -> bytes:
    """Encode mono samples as Ogg/Opus (small, every browser plays it) or 16-bit WAV.

    Opus only runs at 8/12/16/24/48 kHz, so audio is resampled to 48 kHz before encoding.
    """
    pcm = _to_int16(np.asarray(samples).reshape(-1))
    if fmt == "wav":
        buf = io.BytesIO()
        with wave.open(buf, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(sample_rate)
            out.writeframes(pcm.tobytes())
        return buf.getvalue()
    if fmt != "ogg":
        raise ValueError(f"unsupported output format: {fmt!r}")
    buf = io.BytesIO()
    with av.open(buf, mode="w", format="ogg") as container:
        stream = container.add_stream("libopus", rate=48_000)
        stream.layout = "mono"
        stream.bit_rate = 32_000
        resampler = av.AudioResampler(format="s16", layout="mono", rate=48_000)
        frame = av.AudioFrame.from_ndarray(pcm.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = sample_rate
        for resampled in [*resampler.resample(frame), *resampler.resample(None)]:
            for packet in stream.encode(resampled):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return buf.getvalue()

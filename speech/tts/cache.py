"""Disk cache of synthesised speech (Ogg/Opus + word marks).

Tutoring repeats itself: the same instructions, feedback and exercise statements are spoken to
many students. Synthesis plus Opus encoding costs tens of milliseconds per sentence; a cache
hit is a file read. Entries are keyed by what changes the audio (normalised text, voice, rate,
pitch) and evicted least-recently-used once `max_items` is exceeded.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from speech.audio import encode
from speech.tts.base import TextToSpeech, WordMark
from speech.tts.normalise import normalise_for_speech

# Bump when normalisation or encoding changes so old entries are not served.
CACHE_VERSION = 1


@dataclass
class SpeechMetadata:
    """Everything about cached speech except the audio bytes.

    `marks[].char_start` index into `spoken_text` (the normalised text actually spoken).
    """

    spoken_text: str
    duration_s: float
    sample_rate: int
    voice: str
    rate: float
    pitch: int
    marks: list[WordMark] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form (also what is stored next to the audio)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SpeechMetadata:
        """Rebuild from `to_dict` output."""
        marks = [WordMark(**mark) for mark in data.get("marks", [])]
        return cls(
            spoken_text=data["spoken_text"],
            duration_s=data["duration_s"],
            sample_rate=data["sample_rate"],
            voice=data["voice"],
            rate=data["rate"],
            pitch=data["pitch"],
            marks=marks,
        )


def cache_key(spoken_text: str, voice: str, rate: float, pitch: int) -> str:
    """sha256 of everything that changes the audio."""
    payload = json.dumps(
        [CACHE_VERSION, spoken_text, voice, round(float(rate), 3), int(pitch)],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class SpeechCache:
    """Ogg/Opus + JSON files in `directory`, at most `max_items` entries."""

    def __init__(self, directory: str | os.PathLike[str], max_items: int = 2000) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.max_items = max(1, int(max_items))
        self._lock = threading.Lock()

    def _paths(self, key: str) -> tuple[Path, Path]:
        return self.directory / f"{key}.ogg", self.directory / f"{key}.json"

    def audio_file(self, key: str) -> Path | None:
        """The cached Ogg file of `key` (a hex digest), if any: what the service serves."""
        if len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
            return None
        audio_path, meta_path = self._paths(key)
        return audio_path if audio_path.exists() and meta_path.exists() else None

    def key_for(self, text: str, voice: str, rate: float, pitch: int) -> str:
        """The key `get_or_make` files this speech under (the URL of its audio)."""
        return cache_key(normalise_for_speech(text), voice, rate, pitch)

    def get_or_make(
        self, text: str, voice: str, rate: float, pitch: int, engine: TextToSpeech
    ) -> tuple[bytes, SpeechMetadata]:
        """Return cached audio for `text`, synthesising and storing it on a miss."""
        spoken = normalise_for_speech(text)
        key = cache_key(spoken, voice, rate, pitch)
        audio_path, meta_path = self._paths(key)
        hit = self._read(audio_path, meta_path)
        if hit is not None:
            return hit
        speech = engine.synthesize(spoken, voice=voice, rate=rate, pitch=pitch)
        audio = encode(speech.samples, speech.sample_rate, "ogg")
        meta = SpeechMetadata(
            spoken_text=spoken,
            duration_s=speech.duration_s,
            sample_rate=speech.sample_rate,
            voice=voice,
            rate=rate,
            pitch=pitch,
            marks=list(speech.marks),
        )
        with self._lock:
            # Audio first, metadata last: an entry only counts once its JSON exists.
            _atomic_write(audio_path, audio)
            _atomic_write(meta_path, json.dumps(meta.to_dict(), ensure_ascii=False).encode())
            self._evict()
        return audio, meta

    def __len__(self) -> int:
        return sum(1 for _ in self.directory.glob("*.json"))

    def _read(self, audio_path: Path, meta_path: Path) -> tuple[bytes, SpeechMetadata] | None:
        try:
            meta = SpeechMetadata.from_dict(json.loads(meta_path.read_text("utf-8")))
            audio = audio_path.read_bytes()
        except (OSError, ValueError, KeyError, TypeError):
            return None
        try:
            os.utime(meta_path)  # recency for LRU eviction
        except OSError:
            pass
        return audio, meta

    def _evict(self) -> None:
        entries = sorted(self.directory.glob("*.json"), key=_mtime)
        for meta_path in entries[: max(0, len(entries) - self.max_items)]:
            for path in (meta_path, meta_path.with_suffix(".ogg")):
                try:
                    path.unlink()
                except FileNotFoundError:
                    pass


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return 0.0


def _atomic_write(path: Path, data: bytes) -> None:
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise

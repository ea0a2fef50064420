"""The speech engines the service keeps warm: Whisper for listening, eSpeak NG for speaking.

Loaded once per process; `warm_up` runs at start-up so the first student does not pay for
the model load. Synthesised audio is cached on disk by (text, voice, rate, pitch).
"""

from __future__ import annotations

import numpy as np
from fastapi.concurrency import run_in_threadpool

from assistant.db.models import User
from speech.stt.base import Transcript
from speech.stt.whisper import WhisperSTT
from speech.tts.cache import SpeechCache
from speech.tts.espeak import EspeakTTS

VOICE = "fr"
PITCH = 50
DEFAULT_RATE = 1.0


class VoiceEngines:
    """Speech-to-text, text-to-speech and the audio cache of one service process."""

    def __init__(self, cache: SpeechCache) -> None:
        self.stt = WhisperSTT()
        self.tts = EspeakTTS()
        self.cache = cache

    def warm_up(self) -> None:
        """Load Whisper and eSpeak now rather than on the first request."""
        self.stt.warm_up()
        self.tts.synthesize("Bonjour.", voice=VOICE)

    def transcribe(self, samples: np.ndarray) -> Transcript:
        """What the student said (never prompted with expected text)."""
        return self.stt.transcribe(samples)

    def speak(self, text: str, rate: float) -> dict:
        """Synthesise (or reuse) `text`; return its URL, duration and word marks."""
        _, meta = self.cache.get_or_make(text, VOICE, rate, PITCH, self.tts)
        key = self.cache.key_for(text, VOICE, rate, PITCH)
        return {
            "audio_url": f"/api/speech/{key}.ogg",
            "duration_s": round(meta.duration_s, 3),
            "marks": [{"word": m.word, "start_s": round(m.start_s, 3)} for m in meta.marks],
        }


def speech_rate(user: User) -> float:
    """The student's remembered speech rate (lowered by « plus lentement »)."""
    return float((user.preferences or {}).get("speech_rate", DEFAULT_RATE))


async def with_speech(engines: VoiceEngines, user: User, messages: list[dict]) -> list[dict]:
    """Add audio URL, duration and word marks to each tutor message."""
    rate = speech_rate(user)
    return [
        message | await run_in_threadpool(engines.speak, message["text"], rate)
        for message in messages
    ]

"""The speech engines the service keeps warm: Whisper for listening, eSpeak NG for speaking.

Loaded once per process; `warm_up` runs at start-up so the first student does not pay for
the model load. Synthesised audio is cached on disk by (text, voice, rate, pitch).
When `REBOND_COQUI_MODEL` names a Coqui model, it speaks instead of eSpeak; if the extra or the
model cannot load, the service says so in its log and keeps eSpeak rather than going mute.
"""

from __future__ import annotations

import logging

import numpy as np
from fastapi.concurrency import run_in_threadpool

from assistant.db.models import User
from speech.stt.base import Transcript
from speech.stt.whisper import TURN_BEAM_SIZE, WhisperSTT
from speech.tts.base import TextToSpeech
from speech.tts.cache import SpeechCache
from speech.tts.coqui import CoquiTTS, CoquiUnavailableError, model_dir_from_env
from speech.tts.espeak import EspeakTTS

log = logging.getLogger(__name__)

VOICE = "fr"
PITCH = 50
DEFAULT_RATE = 1.0


class VoiceEngines:
    """Speech-to-text, text-to-speech and the audio cache of one service process."""

    def __init__(self, cache: SpeechCache) -> None:
        self.stt = WhisperSTT(beam_size=TURN_BEAM_SIZE)
        self.tts: TextToSpeech = EspeakTTS()
        self.voice = VOICE
        self.cache = cache
        model_dir = model_dir_from_env()
        if model_dir is not None:
            try:
                self.tts = CoquiTTS(model_dir)
                self.voice = self.tts.voice
            except CoquiUnavailableError as error:
                self._keep_espeak(error)

    def _keep_espeak(self, error: CoquiUnavailableError) -> None:
        log.warning("Coqui TTS unavailable, speaking with eSpeak NG: %s", error)
        self.tts, self.voice = EspeakTTS(), VOICE

    def warm_up(self) -> None:
        """Load Whisper and the voice now rather than on the first request."""
        self.stt.warm_up()
        try:
            self.tts.synthesize("Bonjour.", voice=self.voice)
        except CoquiUnavailableError as error:
            self._keep_espeak(error)

    def transcribe(self, samples: np.ndarray) -> Transcript:
        """What the student said (never prompted with expected text)."""
        return self.stt.transcribe(samples)

    def speak(self, text: str, rate: float) -> dict:
        """Synthesise (or reuse) `text`; return its URL, duration and word marks."""
        try:
            _, meta = self.cache.get_or_make(text, self.voice, rate, PITCH, self.tts)
        except CoquiUnavailableError as error:  # warm-up was off: found out on first use
            self._keep_espeak(error)
            _, meta = self.cache.get_or_make(text, self.voice, rate, PITCH, self.tts)
        key = self.cache.key_for(text, self.voice, rate, PITCH)
        return {
            "audio_url": f"/api/speech/{key}.ogg",
            "duration_s": round(meta.duration_s, 3),
            "marks": [{"word": m.word, "start_s": round(m.start_s, 3)} for m in meta.marks],
        }


def speech_rate(user: User) -> float:
    """The student's remembered speech rate (lowered by « plus lentement »)."""
    return float((user.preferences or {}).get("speech_rate", DEFAULT_RATE))


async def with_speech(engines: VoiceEngines, user: User, messages: list[dict]) -> list[dict]:
    """Add audio URL, duration and word marks to each tutor message (of its `speak` form
    when it has one: a dictation says the sentence its text shows with a blank)."""
    rate = speech_rate(user)
    return [
        message
        | await run_in_threadpool(engines.speak, message.get("speak") or message["text"], rate)
        for message in messages
    ]

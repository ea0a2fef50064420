"""The voice channel: a recording in → Whisper → the same Rasa conversation as text → the
tutor's messages, each with its audio and word marks. Also "read this aloud" for any text.

The time of each step is returned in a `Server-Timing` header (decode, stt, rasa, tts) so
the voice-latency benchmark can say where the time goes.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import APIRouter, Depends, File, Request, Response, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session

from assistant.auth.dependencies import current_user, get_db, get_settings_dep
from assistant.db.models import User
from assistant.errors import ApiError
from assistant.settings import Settings
from channels.conversation import converse, validate_text
from channels.voice_engines import VoiceEngines, speech_rate, with_speech
from speech.audio import CHAT_TURN_MAX_S, MAX_UPLOAD_BYTES, Pcm, decode_to_pcm16k
from speech.errors import AudioError

router = APIRouter(prefix="/api", tags=["voice"])


class Timings:
    """Milliseconds per step, rendered as a Server-Timing header."""

    def __init__(self) -> None:
        self.parts: dict[str, float] = {}

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.parts[name] = self.parts.get(name, 0.0) + (time.perf_counter() - started) * 1000

    def header(self) -> str:
        return ", ".join(f"{name};dur={ms:.1f}" for name, ms in self.parts.items())


async def decoded_upload(audio: UploadFile, max_seconds: float) -> Pcm:
    """An uploaded recording as 16 kHz mono PCM, or the 4xx its problem calls for (empty,
    silent, damaged, not audio, too long, too big). At most one byte over the size limit is
    read, so an oversized upload costs no memory."""
    data = await audio.read(MAX_UPLOAD_BYTES + 1)
    try:
        return await run_in_threadpool(decode_to_pcm16k, data, max_seconds)
    except AudioError as error:
        raise ApiError(error.status, error.code, error.message_fr, error.message_en) from None


@router.post("/voice")
async def voice_turn(
    request: Request,
    response: Response,
    audio: UploadFile = File(...),
    user: User = Depends(current_user),
    db: Session = Depends(get_db),
) -> dict:
    """One spoken turn: what was understood, then the tutor's messages with their audio."""
    engines: VoiceEngines = request.app.state.voice
    timings = Timings()
    with timings.step("decode"):
        pcm = await decoded_upload(audio, CHAT_TURN_MAX_S)
    with timings.step("stt"):
        transcript = await run_in_threadpool(engines.transcribe, pcm.samples)
    text = transcript.text.strip()
    if not text:
        raise ApiError(
            422,
            "nothing_understood",
            "Je n'ai pas compris. Réessaie en parlant un peu plus fort, ou écris ta réponse.",
            "No speech could be recognised.",
        )
    with timings.step("rasa"):
        messages = await converse(request, db, user, text)
    with timings.step("tts"):
        spoken = await with_speech(engines, user, messages)
    response.headers["Server-Timing"] = timings.header()
    return {"transcript": text, "messages": spoken}


class SpeakIn(BaseModel):
    text: str


@router.post("/speak")
async def speak(
    body: SpeakIn,
    request: Request,
    user: User = Depends(current_user),
    settings: Settings = Depends(get_settings_dep),
) -> dict:
    """Read any text aloud (an instruction, a question, a message) at the student's rate."""
    text = validate_text(body.text, settings)
    return await run_in_threadpool(request.app.state.voice.speak, text, speech_rate(user))


@router.get("/speech/{key}.ogg", include_in_schema=False)
def speech_audio(key: str, request: Request, user: User = Depends(current_user)) -> Response:
    """The cached audio of a tutor message."""
    path = request.app.state.voice.cache.audio_file(key)
    if path is None:
        raise ApiError(404, "no_audio", "Ce son n'existe plus.", "No audio for this key.")
    return FileResponse(path, media_type="audio/ogg")

"""A spoken turn through the real stack: recording → Whisper → Rasa → action → service →
the tutor's messages with their eSpeak audio; and spoken maths answers reach the checker."""

from __future__ import annotations

import httpx
import pytest
from num2words import num2words
from sqlalchemy import select

from assistant.db.models import Attempt
from assistant.tutoring.answer_parsing import parse_answer
from speech.audio import encode
from speech.tts.espeak import EspeakTTS
from tests.integration.test_conversation import latest_item

pytestmark = pytest.mark.integration


def spoken(text: str) -> bytes:
    speech = EspeakTTS().synthesize(text, voice="fr", rate=0.9)
    return encode(speech.samples, speech.sample_rate, "ogg")


def test_spoken_turn_returns_transcript_and_audio_for_every_message(stack):
    with httpx.Client(base_url=stack.base_url, timeout=60) as client:
        client.post("/api/auth/login", json={"username": "amina", "password": "rebond-demo"})
        response = client.post(
            "/api/voice", files={"audio": ("turn.ogg", spoken("Bonjour."), "audio/ogg")}
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["transcript"].strip()
        assert body["messages"]
        for message in body["messages"]:
            assert message["text"] and message["duration_s"] > 0 and message["marks"]
            audio = client.get(message["audio_url"])
            assert audio.status_code == 200 and audio.content.startswith(b"OggS")
        parts = response.headers["server-timing"]
        for step in ("decode", "stt", "rasa", "tts"):
            assert f"{step};dur=" in parts


def test_a_maths_answer_said_in_words_is_judged(stack):
    with httpx.Client(base_url=stack.base_url, timeout=60) as client:
        client.post("/api/auth/login", json={"username": "amina", "password": "rebond-demo"})
        client.post("/api/chat", json={"text": "je veux faire des équations"})
        _, _, item = latest_item(stack, "amina")
        value = int(float(item.expected)) if float(item.expected).is_integer() else None
        if value is None:  # a fraction solution: skip to a whole-number one
            client.post("/api/chat", json={"text": "je passe"})
            _, _, item = latest_item(stack, "amina")
            value = int(float(item.expected))
        words = f"x égale {num2words(value, lang='fr')}"
        response = client.post(
            "/api/voice", files={"audio": ("answer.ogg", spoken(words), "audio/ogg")}
        )
        assert response.status_code == 200, response.text
        transcript = response.json()["transcript"]
        texts = [m["text"] for m in response.json()["messages"]]
    # The words Whisper heard reached the checker as raw text, and its verdict is the one the
    # student got (eSpeak's French is hard for Whisper base, so the verdict may be either).
    with stack.database().sessions() as db:
        attempt = db.scalars(select(Attempt).order_by(Attempt.id.desc())).first()
    assert attempt is not None and attempt.raw_text == transcript
    parsed = parse_answer(transcript, variable="x")
    if parsed is not None and parsed.value == value:
        assert attempt.correct and texts[-1].startswith("Question suivante")
    else:
        assert attempt.feedback in texts

"""A spoken turn through the real stack: recording → Whisper → Rasa → action → service →
the tutor's messages with their eSpeak audio, through the same conversation as text."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from assistant.db.models import ChatMessage, User
from speech.audio import encode
from speech.tts.espeak import EspeakTTS

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


def test_spoken_words_go_through_the_same_conversation_as_typed_text(stack):
    """What Whisper heard is what the tutor received, as the student's turn in the transcript.

    (Whisper base hears eSpeak's robotic French numbers unreliably — « douze » at rate 1.0
    was heard in one process and not in another — so whether a spoken number is judged right
    is not asserted with synthetic audio; the checker's handling of spoken forms such as
    « x égale moins deux » is tested on text.)"""
    with httpx.Client(base_url=stack.base_url, timeout=60) as client:
        client.post("/api/auth/login", json={"username": "amina", "password": "rebond-demo"})
        client.post("/api/chat", json={"text": "je veux faire des équations"})
        response = client.post(
            "/api/voice",
            files={"audio": ("answer.ogg", spoken("je ne sais pas du tout"), "audio/ogg")},
        )
        assert response.status_code == 200, response.text
        body = response.json()
    with stack.database().sessions() as db:
        amina = db.scalars(select(User).where(User.username == "amina")).one()
        turn = db.scalars(
            select(ChatMessage)
            .where(ChatMessage.user_id == amina.id)
            .order_by(ChatMessage.id.desc())
            .limit(len(body["messages"]) + 1)
        ).all()[::-1]
    assert (turn[0].sender, turn[0].text, turn[0].delivered) == (
        "student",
        body["transcript"],
        True,
    )
    assert [m.text for m in turn[1:]] == [m["text"] for m in body["messages"]]

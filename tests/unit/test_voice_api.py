"""The voice endpoints with the real engines (eSpeak NG, Whisper base, PyAV); Rasa is not
running in this fixture, so a spoken turn ends on the real 503 path."""

import io
import wave

import numpy as np
import pytest
from sqlalchemy import select

from assistant.db.models import ChatMessage
from speech.audio import encode
from speech.tts.espeak import EspeakTTS
from tests.conftest import login, user_by_name


@pytest.fixture(scope="module")
def spoken_ogg() -> bytes:
    speech = EspeakTTS().synthesize("Je veux faire des fractions.", voice="fr")
    return encode(speech.samples, speech.sample_rate, "ogg")


def wav_bytes(samples: np.ndarray, rate: int = 16000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes((np.clip(samples, -1, 1) * 32767).astype(np.int16).tobytes())
    return buffer.getvalue()


def post_audio(client, data: bytes, name: str = "turn.ogg", mime: str = "audio/ogg"):
    return client.post("/api/voice", files={"audio": (name, data, mime)})


def test_speak_returns_cached_ogg_with_word_marks(client):
    login(client, "lea")
    first = client.post("/api/speak", json={"text": "Simplifie la fraction 6/8."}).json()
    assert first["duration_s"] > 0.5
    starts = [m["start_s"] for m in first["marks"]]
    assert starts == sorted(starts) and len(starts) >= 4
    audio = client.get(first["audio_url"])
    assert audio.status_code == 200 and audio.headers["content-type"] == "audio/ogg"
    assert audio.content.startswith(b"OggS")
    assert client.post("/api/speak", json={"text": "Simplifie la fraction 6/8."}).json() == first


def test_slower_rate_is_used_for_speech(client, db):
    login(client, "lea")
    normal = client.post("/api/speak", json={"text": "On passe à la question suivante."}).json()
    lea = user_by_name(db, "lea")
    lea.preferences = {"speech_rate": 0.7}
    db.commit()
    slow = client.post("/api/speak", json={"text": "On passe à la question suivante."}).json()
    assert slow["duration_s"] > normal["duration_s"] * 1.2


def test_speech_audio_needs_a_session_and_a_valid_key(client):
    assert client.get(f"/api/speech/{'a' * 64}.ogg").status_code == 401
    login(client, "lea")
    missing = client.get(f"/api/speech/{'a' * 64}.ogg")
    assert missing.status_code == 404 and missing.json()["error"]["message_fr"]
    assert client.get("/api/speech/..%2F..%2Fsecret_key.ogg").status_code == 404


def test_speak_refuses_empty_text(client):
    login(client, "lea")
    assert client.post("/api/speak", json={"text": " "}).status_code == 422


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        (b"", 422, "empty_audio"),
        (b"this is not audio at all" * 40, 415, "unsupported_audio"),
        (wav_bytes(np.zeros(16000, dtype=np.float32)), 422, "silent_audio"),
        (wav_bytes(0.3 * np.sin(np.linspace(0, 61 * 2000, 61 * 16000))), 413, "audio_too_long"),
    ],
    ids=["empty", "not-audio", "silent", "too-long"],
)
def test_bad_audio_is_a_clear_4xx_and_nothing_is_stored(client, db, data, status, code):
    login(client, "lea")
    response = post_audio(client, data, "turn.wav", "audio/wav")
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message_fr"]
    assert db.scalars(select(ChatMessage)).all() == []


def test_oversized_upload_is_413_before_decoding(client):
    login(client, "lea")
    response = post_audio(client, b"\0" * (26 * 1024 * 1024), "big.webm", "audio/webm")
    assert response.status_code == 413


def test_spoken_turn_is_transcribed_and_kept_when_rasa_is_down(client, db, spoken_ogg):
    login(client, "lea")
    response = post_audio(client, spoken_ogg)
    assert response.status_code == 503
    kept = db.scalars(select(ChatMessage)).one()
    assert kept.sender == "student" and not kept.delivered
    assert kept.text.strip()  # what Whisper heard, kept for the resend


def test_voice_needs_a_session(client, spoken_ogg):
    assert post_audio(client, spoken_ogg).status_code == 401

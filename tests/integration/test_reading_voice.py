"""A reading session through the real stack: « je veux m'entraîner à lire » in the chat → Rasa →
action server → the tutor's link buttons → the reading page → a recording read aloud (eSpeak
NG) → Whisper (never prompted) → the score, checked against the audio → an xAPI statement in
the LRS."""

from __future__ import annotations

import json

import httpx
import pytest

from assistant.lrs.auth import create_client
from assistant.reading import passages
from speech.audio import encode
from speech.tts.espeak import EspeakTTS
from tests.lrs.conftest import basic

pytestmark = pytest.mark.integration


def test_a_reading_asked_in_the_chat_is_scored_and_traced(stack):
    with httpx.Client(base_url=stack.base_url, timeout=120) as client:
        user, password = "yanis", stack.demo_student[1]
        login = client.post("/api/auth/login", json={"username": user, "password": password})
        assert login.status_code == 200
        reply = client.post("/api/chat", json={"text": "je veux m'entraîner à lire"})
        assert reply.status_code == 200, reply.text
        buttons = [b for m in reply.json()["messages"] for b in m.get("buttons", [])]
        links = [b["url"] for b in buttons if b.get("url")]
        assert len(links) == 3 and all(u.startswith("/lecture/") for u in links), buttons
        assert client.get(links[0]).status_code == 200  # the reading page

        passage_id = links[0].removeprefix("/lecture/")
        shown = client.get(f"/api/reading/passages/{passage_id}").json()
        first_two = " ".join(s["text"] for s in shown["sentences"][:2])
        speech = EspeakTTS().synthesize(first_two, voice="fr", rate=1.0)
        recording = encode(speech.samples, speech.sample_rate)
        response = client.post(
            f"/api/reading/passages/{passage_id}",
            files={"audio": ("lecture.ogg", recording, "audio/ogg")},
            data={"mode": "minute"},
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["score"]["words_attempted"] > 0 and body["score"]["wcpm"] > 0
        assert body["summary"].startswith("Tu as lu ") and body["speech"]["marks"]
        assert len(body["score"]["words"]) == len(passages.words_of(passage_id))

        with stack.database().sessions() as db:
            key, secret = create_client(db, "reading-integration", ["all/read"])
            db.commit()
        statements = client.get(
            "/xapi/statements",
            params={"verb": "http://adlnet.gov/expapi/verbs/completed"},
            headers={"Authorization": basic(key, secret), "X-Experience-API-Version": "1.0.3"},
        ).json()["statements"]
    (statement,) = [s for s in statements if s["object"]["id"].endswith(f"/reading/{passage_id}")]
    extensions = {k.rsplit("/", 1)[1]: v for k, v in statement["result"]["extensions"].items()}
    assert extensions["wcpm"] == round(body["score"]["wcpm"], 1)
    assert extensions["mode"] == "minute" and extensions["passage"] == passage_id
    assert json.dumps(statement).find("yanis") == -1  # pseudonymous

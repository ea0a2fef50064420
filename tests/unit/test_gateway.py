"""The web chat gateway's bad-input and outage paths (Rasa really is not listening here)."""

from sqlalchemy import select

from assistant.db.models import ChatMessage
from tests.conftest import login, user_by_name


def test_empty_message_is_422_in_french(client):
    login(client, "lea")
    response = client.post("/api/chat", json={"text": "   "})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "empty_message"
    assert "vide" in response.json()["error"]["message_fr"]


def test_message_over_2000_characters_is_413(client):
    login(client, "lea")
    response = client.post("/api/chat", json={"text": "a" * 2001})
    assert response.status_code == 413
    assert "2000" in response.json()["error"]["message_fr"]


def test_message_of_exactly_2000_characters_is_accepted_for_sending(client):
    login(client, "lea")
    # Rasa is down in this fixture: the message passes validation and reaches the 503 path.
    assert client.post("/api/chat", json={"text": "a" * 2000}).status_code == 503


def test_rasa_down_is_503_with_a_kind_message_and_the_message_is_kept(client, db):
    login(client, "lea")
    response = client.post("/api/chat", json={"text": "bonjour"})
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "assistant_unavailable"
    assert "gardé" in error["message_fr"]
    lea = user_by_name(db, "lea")
    kept = db.scalars(select(ChatMessage).where(ChatMessage.user_id == lea.id)).all()
    assert [(m.sender, m.text, m.delivered) for m in kept] == [("student", "bonjour", False)]
    history = client.get("/api/chat/history").json()["messages"]
    assert [(m["text"], m["delivered"]) for m in history] == [("bonjour", False)]


def test_a_button_click_is_kept_in_the_transcript_as_its_label(client, db):
    login(client, "lea")
    client.post("/api/chat", json={"text": "/start_maths", "label": "Oui"})
    history = client.get("/api/chat/history").json()["messages"]
    assert [m["text"] for m in history] == ["Oui"]


def test_malformed_json_is_422_not_500(client):
    login(client, "lea")
    response = client.post(
        "/api/chat", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"


def test_oversized_body_is_413_before_parsing(client):
    login(client, "lea")
    response = client.post(
        "/api/chat",
        content=b'{"text": "' + b"a" * 70_000 + b'"}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


def test_chat_needs_a_session(client):
    assert client.post("/api/chat", json={"text": "bonjour"}).status_code == 401


def test_unknown_route_is_404_in_the_common_shape(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.json()["error"]["message_fr"]

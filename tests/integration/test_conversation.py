"""Whole conversations through the real stack: web gateway → Rasa → action server → service.

Nothing is faked: the trained Rasa model understands the text, the action server calls the
tutoring API, and the assertions read the replies, the database rows and the xAPI statements.
"""

from __future__ import annotations

import httpx
import pytest
from num2words import num2words
from sqlalchemy import select

from assistant.db.models import (
    Alert,
    Attempt,
    ChatMessage,
    ItemServed,
    PracticeSession,
    User,
)
from assistant.lrs.models import XapiStatement
from curriculum.french import bank
from curriculum.maths.items import generate

pytestmark = pytest.mark.integration


@pytest.fixture
def chat(stack):
    """A logged-in browser-like client for one demo student; returns a `say` function."""

    def open_chat(username: str):
        client = httpx.Client(base_url=stack.base_url, timeout=30)
        response = client.post(
            "/api/auth/login", json={"username": username, "password": stack.demo_student[1]}
        )
        assert response.status_code == 200

        def say(text: str) -> list[str]:
            reply = client.post("/api/chat", json={"text": text})
            assert reply.status_code == 200, reply.text
            return [m["text"] for m in reply.json()["messages"]]

        say.client = client
        return say

    return open_chat


def latest_item(stack, username: str):
    """The student's latest served item, regenerated from its seed."""
    with stack.database().sessions() as db:
        user = db.scalars(select(User).where(User.username == username)).one()
        row = db.scalars(
            select(ItemServed)
            .join(PracticeSession)
            .where(PracticeSession.user_id == user.id)
            .order_by(ItemServed.id.desc())
        ).first()
        return user, row, generate(row.generator, row.level, row.seed)


def spoken(item) -> str:
    """The answer as a student would say it in words when it is a whole number."""
    try:
        value = float(item.expected)
    except ValueError:
        return item.answer
    return num2words(int(value), lang="fr") if value.is_integer() else item.answer


def test_maths_practice_wrong_hint_right_in_words_progress_stop(stack, chat):
    say = chat("lea")
    opening = say("je veux faire des équations")
    user, row, item = latest_item(stack, "lea")
    assert item.topic == "equations"
    assert opening[-1] == item.statement

    wrong = say(item.misconceptions[0].value)
    assert item.misconceptions[0].feedback in wrong

    hint = say("un indice stp")
    assert hint == [f"Indice 1 : {item.hints[0]}"]

    right = say(spoken(item))
    assert right[-1].startswith("Question suivante :")

    progress = say("j'en suis ou ?")
    assert "1 question(s) sur 1" in progress[0]

    stopped = say("stop, j'arrête")
    assert stopped[0].startswith("On s'arrête là.")

    with stack.database().sessions() as db:
        attempts = db.scalars(select(Attempt).where(Attempt.item_id == row.id)).all()
        assert [a.correct for a in attempts] == [False, True]
        registration = db.get(ItemServed, row.id).session.registration
        statements = db.scalars(
            select(XapiStatement)
            .where(XapiStatement.registration == registration)
            .order_by(XapiStatement.seq)
        ).all()
        assert {s.statement["actor"]["account"]["name"] for s in statements} == {user.pseudonym}
        verbs = [s.verb_id.rsplit("/", 1)[1] for s in statements]
        assert verbs == ["initialized", "answered", "asked", "answered", "terminated"]
        assert all("Léa" not in str(s.statement) for s in statements)
        transcript = db.scalars(select(ChatMessage).where(ChatMessage.user_id == user.id)).all()
        assert all(m.delivered for m in transcript)


def test_distress_mid_practice_creates_an_alert(stack, chat):
    say = chat("yanis")
    say("on fait des fractions")
    reply = " ".join(say("je veux mourir"))
    assert "3114" in reply and "119" in reply
    with stack.database().sessions() as db:
        yanis = db.scalars(select(User).where(User.username == "yanis")).one()
        alerts = db.scalars(select(Alert).where(Alert.user_id == yanis.id)).all()
        assert [(a.kind, a.message) for a in alerts] == [("distress", "je veux mourir")]


def test_meta_requests_mid_practice_resume_the_question(stack, chat):
    say = chat("amina")
    say("je veux faire des pourcentages")
    _, _, item = latest_item(stack, "amina")
    assert say("tu peux répéter la question ?") == [item.statement]
    assert say("pourquoi cet exercice ?")[-1] == f"Reprenons : {item.statement}"
    # An answer after the asides is still judged against the same question.
    assert say(item.answer)[-1].startswith("Question suivante :")


def test_rasa_down_is_503_and_a_restart_loses_no_conversation(stack, chat):
    say = chat("lea")
    say("je veux faire des fractions")
    _, row, item = latest_item(stack, "lea")
    stack.stack.stop_one("rasa")
    try:
        response = say.client.post("/api/chat", json={"text": item.answer})
        assert response.status_code == 503
        assert "Rebond ne répond pas" in response.json()["error"]["message_fr"]
    finally:
        stack.stack.restart("rasa")
    # The SQL tracker store kept the dialogue state: the answer is judged, not a fallback.
    assert say(item.answer)[-1].startswith("Question suivante :")
    with stack.database().sessions() as db:
        kept = db.scalars(
            select(ChatMessage).where(
                ChatMessage.delivered.is_(False), ChatMessage.text == item.answer
            )
        ).all()
        assert len(kept) == 1


def test_a_comprehension_practice_by_dialogue(chat, stack):
    """« je veux lire un texte » → the passage and a question; a letter or words answer it."""
    say = chat("lea")
    replies = say("je voudrais travailler la compréhension d'un texte")
    assert any(r.startswith("Voici un texte") for r in replies), replies
    assert replies[-1].startswith("Question 1 sur")
    for _ in range(3):
        with stack.database().sessions() as db:
            user = db.scalars(select(User).where(User.username == "lea")).one()
            row = db.scalars(
                select(ItemServed)
                .join(PracticeSession)
                .where(PracticeSession.user_id == user.id)
                .order_by(ItemServed.id.desc())
            ).first()
            question = bank.question(row.generator)
        if question.format == "mcq":
            answer = "la " + "abcd"[question.choices.index(question.answer)]
        else:
            answer = question.answer
        replies = say(answer)
        assert replies[0].startswith("Oui"), (question.id, answer, replies)
    with stack.database().sessions() as db:
        attempts = db.scalars(select(Attempt).where(Attempt.item_id == row.id)).all()
        assert [a.correct for a in attempts] == [True]

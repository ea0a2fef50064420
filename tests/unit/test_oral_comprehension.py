"""Oral comprehension (« compréhension de l'oral ») through the tutoring API, on the real bank
and database: the text is heard, not shown; « répète » and « plus lentement » give it again;
answers train the `francais.comprehension_oral.*` skills; written mode is unchanged."""

from __future__ import annotations

from sqlalchemy import select

from assistant.db.models import ItemServed, ItemStatus, PracticeSession
from assistant.lrs.models import XapiStatement
from assistant.tutoring.comprehension import (
    LISTEN_NOTICE,
    NOT_FOR_LISTENING,
    ORAL,
    ORAL_EXPLANATIONS,
    QUESTIONS_PER_SESSION,
    Comprehension,
    passage_mode,
)
from curriculum.french import bank
from tests.unit.test_comprehension import pending


def heard(reply: dict) -> str:
    """What the voice says for the listening notice of a reply (the notice must be there)."""
    index = reply["messages"].index(LISTEN_NOTICE)
    return reply["spoken"][index]


def test_the_text_is_said_not_shown(tutor, db):
    reply = tutor("start", activity="comprehension", topic=ORAL)
    assert reply["practice_active"] is True
    row, question = pending(db)
    passage_id, mode = passage_mode(row.session.topic)
    assert mode == ORAL and row.session.topic == f"oral:{passage_id}"
    passage = bank.passage(passage_id)
    assert passage.family not in NOT_FOR_LISTENING
    shown = " ".join(reply["messages"])
    assert passage.text.strip() not in shown
    assert not any(sentence in shown for sentence in passage.sentences[1:])
    assert heard(reply) == f"{passage.title}. {passage.text.strip()}"
    # The notice comes before the question, and the question is asked as in written mode.
    assert reply["messages"].index(LISTEN_NOTICE) < len(reply["messages"]) - 1
    assert reply["messages"][-1].startswith(f"Question 1 sur {QUESTIONS_PER_SESSION}")
    assert question.prompt in reply["messages"][-1]
    assert row.skill == f"francais.comprehension_oral.{question.kind}"


def test_repeat_and_slower_give_the_text_again_slower(tutor, db, lea):
    start = tutor("start", activity="comprehension", topic=ORAL)
    again = tutor("repeat")
    assert heard(again) == heard(start)
    assert again["messages"][-1] == start["messages"][-1]  # the same question, asked again
    slower = tutor("slower")
    db.expire_all()
    assert lea.preferences["speech_rate"] < 1.0
    assert heard(slower) == heard(start)
    assert slower["messages"][-1] == start["messages"][-1]
    assert slower["practice_active"] is True


def test_answers_train_the_oral_skills_and_hints_send_back_to_listen(tutor, db):
    tutor("start", activity="comprehension", topic=ORAL)
    row, question = pending(db)
    hint = tutor("hint")
    assert hint["messages"] == [f"Réécoute ce passage : « {question.evidence[0]} »"]
    for _ in range(QUESTIONS_PER_SESSION):
        row, question = pending(db)
        if question.format == "mcq":
            letter = "ABCD"[question.choices.index(question.answer)]
            reply = tutor("answer", text=letter)
        else:
            reply = tutor("answer", text=question.answer)
        assert reply["messages"][0].startswith("Oui"), (question.id, reply)
        db.expire_all()
        assert db.get(ItemServed, row.id).status == ItemStatus.solved
        assert row.skill == bank.skill_id(question.kind, ORAL)
        # Later questions do not repeat the text: it is heard on request.
        assert LISTEN_NOTICE not in reply["messages"]
    assert reply["practice_active"] is False
    session = db.scalars(select(PracticeSession).order_by(PracticeSession.id.desc())).first()
    skills = {
        s.statement["object"]["id"]: s.statement["context"]["extensions"]
        for s in db.scalars(
            select(XapiStatement).where(XapiStatement.registration == session.registration)
        )
        if s.verb_id.endswith("/answered")
    }
    assert len(skills) == QUESTIONS_PER_SESSION
    for extensions in skills.values():
        skill = next(v for k, v in extensions.items() if k.endswith("/skill"))
        assert skill.startswith("francais.comprehension_oral.")


def test_explain_tells_to_listen_again(tutor, db):
    tutor("start", activity="comprehension", topic=ORAL)
    _, question = pending(db)
    reply = tutor("explain")
    if question.kind in ORAL_EXPLANATIONS:
        assert reply["messages"][0] == ORAL_EXPLANATIONS[question.kind]
    assert LISTEN_NOTICE in reply["messages"]  # and the text comes with the question again


def test_a_text_heard_is_not_proposed_again_to_read(tutor, db):
    tutor("start", activity="comprehension", topic=ORAL)
    first, _ = pending(db)
    heard_id = passage_mode(first.session.topic)[0]
    tutor("stop")
    reply = tutor("start", activity="comprehension")
    second, question = pending(db)
    assert second.session.topic != heard_id
    # Written mode is unchanged: the text is shown and the written skills are trained.
    assert bank.passage(second.session.topic).text.strip() in reply["messages"]
    assert LISTEN_NOTICE not in reply["messages"]
    assert second.skill == f"francais.comprehension_ecrit.{question.kind}"
    assert tutor("hint")["messages"][0].startswith("Relis cette phrase du texte")


def test_an_unknown_topic_gives_a_text_to_read(tutor, db):
    assert passage_mode("la-lune") == ("la-lune", "ecrit")
    assert passage_mode("oral:la-lune") == ("la-lune", ORAL)
    reply = tutor("start", activity="comprehension", topic="compréhension de")
    row, _ = pending(db)
    assert passage_mode(row.session.topic)[1] == "ecrit"
    assert bank.passage(row.session.topic).text.strip() in reply["messages"]


def test_every_text_to_listen_to_fits_what_the_voice_reads(settings, db, lea):
    """« Écouter » sends the spoken form to /api/speak, which refuses texts longer than a
    chat message: every text offered to listen to must fit, or the student would hear nothing."""
    comprehension = Comprehension(db, "http://testserver", lea)
    heard = [p for p in bank.passages() if p.family not in NOT_FOR_LISTENING]
    assert len(heard) >= 30
    for passage in heard:
        notice, spoken = comprehension.listening(f"oral:{passage.id}")
        assert notice == LISTEN_NOTICE
        assert len(spoken) <= settings.max_message_chars, passage.id
    assert comprehension.listening(heard[0].id) is None  # a text to read is not heard

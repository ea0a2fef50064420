"""Comprehension practice through the tutoring API: a real passage of the bank, its questions,
multiple choice by letter or words, open answers judged on ideas, and the xAPI traces."""

from __future__ import annotations

from sqlalchemy import select

from assistant.db.models import Attempt, ItemServed, ItemStatus, PracticeSession
from assistant.lrs.models import XapiStatement
from assistant.tutoring.comprehension import QUESTIONS_PER_SESSION
from assistant.tutoring.sequence import choice_named
from curriculum import motivation as facts_module
from curriculum.french import bank


def pending(db) -> tuple[ItemServed, bank.Question]:
    """The latest served question, from the bank."""
    db.expire_all()
    row = db.scalars(select(ItemServed).order_by(ItemServed.id.desc())).first()
    return row, bank.question(row.generator)


def wrong_choice(question: bank.Question) -> str:
    return next(c for c in question.choices if c != question.answer)


def test_start_gives_the_passage_then_its_first_question(tutor, db):
    reply = tutor("start", activity="comprehension")
    assert reply["practice_active"] is True
    row, question = pending(db)
    passage = bank.passage(row.session.topic)
    assert passage.level == 1  # a first text is from the easiest band
    assert passage.text.strip() in reply["messages"]
    assert reply["messages"][-1].startswith(f"Question 1 sur {QUESTIONS_PER_SESSION}")
    assert question.prompt in reply["messages"][-1]
    if question.format == "mcq":
        assert [b["payload"] for b in reply["buttons"]] == list("ABCD"[: len(question.choices)])


def test_a_whole_passage_by_letters_words_and_open_answers(tutor, db, lea):
    tutor("start", activity="comprehension")
    for _ in range(QUESTIONS_PER_SESSION):
        row, question = pending(db)
        if question.format == "mcq":
            wrong = tutor("answer", text=wrong_choice(question))
            assert wrong["messages"][0].startswith("Ce n'est pas ça.")
            assert f"« {question.evidence[0]} »" in wrong["messages"][0]
            letter = "ABCD"[question.choices.index(question.answer)]
            reply = tutor("answer", text=f"la {letter.lower()}")
        else:
            reply = tutor("answer", text=question.answer)  # the model answer has every idea
        assert reply["messages"][0].startswith("Oui"), (question.id, reply)
        db.expire_all()
        assert db.get(ItemServed, row.id).status == ItemStatus.solved
    assert reply["practice_active"] is False
    done = next(m for m in reply["messages"] if m.startswith("C'est fini"))
    assert f"{QUESTIONS_PER_SESSION} bonne(s) réponse(s) sur {QUESTIONS_PER_SESSION}" in done
    # The practice ends on a « Le saviez-vous ? » in French, remembered as seen.
    fact = next(m for m in reply["messages"] if m.startswith("Le saviez-vous ?"))
    db.expire_all()
    seen = lea.preferences["facts_seen"]
    assert len(seen) == 1 and facts_module.fact(seen[0]).subject == "francais"
    assert facts_module.fact(seen[0]).title in fact
    session = db.scalars(select(PracticeSession).order_by(PracticeSession.id.desc())).first()
    assert session.ended_at is not None
    verbs = [
        s.verb_id.rsplit("/", 1)[1]
        for s in db.scalars(
            select(XapiStatement).where(XapiStatement.registration == session.registration)
        )
    ]
    assert verbs.count("answered") >= QUESTIONS_PER_SESSION and verbs[0] == "initialized"
    assert verbs[-1] == "terminated"


def test_hint_points_to_the_sentence_and_skip_gives_the_answer(tutor, db):
    tutor("start", activity="comprehension")
    _, question = pending(db)
    hint = tutor("hint")
    assert hint["messages"] == [f"Relis cette phrase du texte : « {question.evidence[0]} »"]
    skipped = tutor("skip")
    assert question.answer in skipped["messages"][0]
    assert skipped["messages"][-1].startswith("Question 2 sur")


def test_two_wrong_open_answers_show_a_model_answer_and_move_on(tutor, db):
    tutor("start", activity="comprehension")
    while pending(db)[1].format != "open":
        tutor("skip")
    row, question = pending(db)
    first = tutor("answer", text="je sais pas")
    assert first["messages"][-1] == "Essaie encore !"
    second = tutor("answer", text="il fait beau")
    assert question.answer in second["messages"][1]
    attempts = db.scalars(select(Attempt).where(Attempt.item_id == row.id)).all()
    assert [a.correct for a in attempts] == [False, False]


def test_stop_mid_passage_ends_the_session(tutor, db):
    tutor("start", activity="comprehension")
    reply = tutor("stop")
    assert reply["practice_active"] is False
    session = db.scalars(select(PracticeSession).order_by(PracticeSession.id.desc())).first()
    assert session.ended_at is not None


def test_a_second_text_is_a_new_one(tutor, db):
    tutor("start", activity="comprehension")
    first = pending(db)[0].session.topic
    tutor("stop")
    tutor("start", activity="comprehension")
    assert pending(db)[0].session.topic != first


def test_choices_are_named_by_letter_number_or_words():
    choices = ("Elle a perdu son téléphone", "Elle ne trouve pas sa clé", "Elle a raté son bus")
    assert choice_named("B", choices) == 1
    assert choice_named("la b", choices) == 1
    assert choice_named("c'est la C", choices) == 2
    assert choice_named("2", choices) == 1
    assert choice_named("elle trouve pas sa clé", choices) == 1
    assert choice_named("D", choices) is None
    assert choice_named("je ne sais pas", choices) is None

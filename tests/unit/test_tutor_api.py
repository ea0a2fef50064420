"""The tutoring API the action server calls: it picks items, judges raw text, stores the
attempts and writes xAPI statements with a pseudonymous actor."""

from num2words import num2words
from sqlalchemy import select

from assistant.auth.pseudonyms import pseudonym
from assistant.db.models import Alert, Attempt, ItemServed, ItemStatus
from assistant.engine.models import EngineDecision
from assistant.lrs.models import XapiStatement
from curriculum.maths.items import generate
from tests.conftest import user_by_name


def pending_item(db):
    db.expire_all()
    row = db.scalars(select(ItemServed).order_by(ItemServed.id.desc())).first()
    return row, generate(row.generator, row.level, row.seed)


def test_pseudonym_is_the_hmac_of_the_id(settings, lea):
    assert lea.pseudonym == pseudonym(settings.pseudonym_secret, lea.id)
    assert len(lea.pseudonym) == 64 and "lea" not in lea.pseudonym


def test_unknown_student_is_404_in_french_and_english(client, settings):
    response = client.post(
        "/api/tutor/nobody/start",
        json={},
        headers={"X-Rebond-Service-Token": settings.service_token},
    )
    assert response.status_code == 404
    assert response.json()["error"]["message_fr"] == "Élève inconnu."


def test_start_on_a_topic_serves_an_item_of_that_topic(tutor, db):
    reply = tutor("start", activity="maths", topic="fractions")
    assert reply["practice_active"] is True
    row, item = pending_item(db)
    assert item.topic == "fractions"
    assert reply["messages"][-1] == item.statement
    assert "demandé" in row.reason


def test_wrong_then_hint_then_right_in_words(tutor, db, lea):
    tutor("start", activity="maths", topic="equations")
    row, item = pending_item(db)
    wrong = tutor("answer", text=item.misconceptions[0].value)
    assert item.misconceptions[0].feedback in wrong["messages"]
    hint = tutor("hint")
    assert hint["messages"] == [f"Indice 1 : {item.hints[0]}"]
    value = float(item.expected) if "/" not in item.expected else None
    spoken = (
        num2words(int(value), lang="fr")
        if value is not None and value.is_integer()
        else item.answer
    )
    right = tutor("answer", text=spoken)
    assert right["practice_active"] is True
    assert right["messages"][-1].startswith("Question suivante :")
    attempts = db.scalars(select(Attempt).where(Attempt.item_id == row.id)).all()
    assert [a.correct for a in attempts] == [False, True]
    statements = db.scalars(select(XapiStatement).order_by(XapiStatement.seq))
    verbs = [s.verb_id.rsplit("/", 1)[1] for s in statements]
    assert verbs == ["initialized", "answered", "asked", "answered"]


def test_xapi_answer_statement_is_pseudonymous_and_complete(tutor, db, lea, settings):
    tutor("start", activity="maths", topic="pourcentages")
    _, item = pending_item(db)
    tutor("answer", text=item.answer)
    statement = (
        db.scalars(select(XapiStatement).where(XapiStatement.verb_id.endswith("answered")))
        .one()
        .statement
    )
    assert statement["actor"] == {
        "objectType": "Agent",
        "account": {"homePage": settings.public_url, "name": lea.pseudonym},
    }
    assert statement["result"]["success"] is True
    assert statement["result"]["response"] == item.answer
    assert statement["result"]["duration"].startswith("PT")
    assert statement["context"]["registration"]
    dumped = str(statement)
    assert "Léa" not in dumped and "lea" not in dumped.replace(lea.pseudonym, "")


def test_three_wrong_answers_show_the_solution_and_move_on(tutor, db):
    tutor("start", activity="maths", topic="statistiques")
    row, item = pending_item(db)
    wrong = item.misconceptions[0].value
    tutor("answer", text=wrong)
    second = tutor("answer", text=wrong)
    assert second["messages"][-1].startswith("Indice 1 :")
    third = tutor("answer", text=wrong)
    assert any(m.startswith("Voici la solution") for m in third["messages"])
    db.expire_all()
    assert db.get(ItemServed, row.id).status.value == "abandoned"


def test_not_understood_answer_keeps_the_question(tutor, db):
    tutor("start", activity="maths", topic="fractions")
    row, _ = pending_item(db)
    reply = tutor("answer", text="bof je sais pas trop")
    assert reply["practice_active"] is True
    assert pending_item(db)[0].id == row.id


def test_meta_requests_keep_the_practice_and_resume_it(tutor, db):
    tutor("start", activity="maths", topic="pythagore")
    _, item = pending_item(db)
    assert tutor("repeat")["messages"] == [item.statement]
    for operation in ("slower", "progress", "why", "explain"):
        reply = tutor(operation)
        assert reply["practice_active"] is True
        assert reply["messages"][-1] == f"Reprenons : {item.statement}", operation


def test_slower_is_remembered(tutor, db, lea):
    tutor("slower")
    tutor("slower")
    db.expire_all()
    assert user_by_name(db, "lea").preferences["speech_rate"] == 0.7


def test_easier_lowers_the_level_and_serves_a_new_item(tutor, db):
    tutor("start", activity="maths", topic="proportionnalite")
    tutor("harder")
    row, _ = pending_item(db)
    assert row.level == 2
    reply = tutor("easier")
    row2, item2 = pending_item(db)
    assert row2.level == 1 and row2.id != row.id
    assert reply["messages"][-1] == item2.statement


def test_skip_gives_the_answer_and_a_new_question(tutor, db):
    tutor("start", activity="maths", topic="fractions")
    row, item = pending_item(db)
    reply = tutor("skip")
    assert reply["messages"][0] == f"On passe. La réponse était : {item.answer}."
    assert pending_item(db)[0].id != row.id


def test_stop_ends_the_session_with_a_summary(tutor, db):
    tutor("start", activity="maths", topic="fractions")
    _, item = pending_item(db)
    tutor("answer", text=item.answer)
    reply = tutor("stop")
    assert reply["practice_active"] is False
    assert "1 réponse(s) juste(s) sur 1 question(s)" in reply["messages"][0]
    assert tutor("answer", text="3")["practice_active"] is False


def test_what_next_recommends_with_the_engines_reason(tutor, db):
    reply = tutor("next")
    assert reply["practice_active"] is True
    decision = db.scalars(select(EngineDecision).where(EngineDecision.kind == "activity")).one()
    assert reply["messages"][0] == decision.reason_student
    assert reply["messages"][0].startswith("Tu n'as pas encore essayé")


def test_distress_alerts_the_teacher_and_gives_the_helplines(tutor, db, lea):
    tutor("start", activity="maths", topic="fractions")
    reply = tutor("distress", text="je veux mourir")
    text = " ".join(reply["messages"])
    for number in ("3114", "119", "3020"):
        assert number in text
    assert reply["practice_active"] is True
    alert = db.scalars(select(Alert)).one()
    assert (alert.user_id, alert.kind, alert.message) == (lea.id, "distress", "je veux mourir")


def test_reading_aloud_proposes_passages_as_links(tutor):
    reply = tutor("start", activity="fluency")
    assert reply["practice_active"] is False
    assert len(reply["buttons"]) == 3
    assert all(b["url"].startswith("/lecture/") for b in reply["buttons"])


def test_reading_aloud_mid_practice_closes_the_question(tutor, db):
    tutor("start", activity="maths", topic="fractions")
    row, _ = pending_item(db)
    reply = tutor("start", activity="fluency")
    assert reply["practice_active"] is False
    db.refresh(row)
    assert row.status == ItemStatus.abandoned and row.session.ended_at is not None


def test_language_and_preference_are_stored(tutor, db):
    reply = tutor("language", language="anglais")
    assert "simple French" in " ".join(reply["messages"])
    tutor("preference", preference="mode_dys")
    db.expire_all()
    prefs = user_by_name(db, "lea").preferences
    assert prefs["language"] == "anglais" and prefs["mode_dys"] is True

"""The conversation's practice uses the engine: the skill and first level come from it, every
question's decision is stored, and « pourquoi ? » gives the engine's reason."""

from sqlalchemy import select

from assistant.db.models import ItemServed
from assistant.engine.models import EngineDecision, MasteryOverride
from assistant.engine.skill_map import load
from tests.conftest import user_by_name


def served(db) -> list[ItemServed]:
    db.expire_all()
    return list(db.scalars(select(ItemServed).order_by(ItemServed.id)))


def decisions(db, kind: str) -> list[EngineDecision]:
    return list(db.scalars(select(EngineDecision).where(EngineDecision.kind == kind)))


def test_each_question_is_an_engine_decision_and_why_quotes_it(tutor, db):
    tutor("next")
    tutor("skip")
    rows = served(db)
    items = decisions(db, "item")
    assert [d.item_id for d in items] == [r.id for r in rows]
    for row, decision in zip(rows, items, strict=True):
        assert (row.skill, row.level) == (decision.skill, decision.level)
        assert decision.reason_student in row.reason
        assert decision.reason_parent and decision.reason_teacher
    why = tutor("why")["messages"][0]
    assert why == rows[-1].reason
    assert why.startswith("Tu as passé la question précédente. ")
    assert why.endswith(f"Niveau {rows[-1].level} sur 3.")


def test_the_first_level_follows_mastery(tutor, db, lea):
    """Teacher overrides to a high mastery make the engine open the same topic harder."""
    tutor("start", activity="maths", topic="proportionnalite")
    fresh = served(db)[-1]
    tutor("stop")
    teacher = user_by_name(db, "mme.durand")
    for skill in load().of_topic("proportionnalite"):
        db.add(
            MasteryOverride(student_id=lea.id, skill=skill.id, mastery=0.8, teacher_id=teacher.id)
        )
    db.commit()
    tutor("start", activity="maths", topic="proportionnalite")
    strong = served(db)[-1]
    assert fresh.level == 1
    assert strong.skill.startswith("donnees.proportionnalite.") and strong.level > 1

"""The adaptive engine's API: recommendations with reasons, mastery with its evidence, the
reason of any past decision, the positioning profile, goals, and the teacher's corrections.

Who may see what: a student their own data (`me` or their id), a teacher the students of
their classes (every call written to the audit log), an admin everyone. The conversation
(service token, by pseudonym) asks for the next activity and passes positioning sentences.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.api.teacher import students_of
from assistant.auth.dependencies import current_user, get_db, require_role, require_service
from assistant.db.models import AuditEntry, ClassMembership, Role, SchoolClass, User, utcnow
from assistant.engine import catalogue, positioning, skill_map
from assistant.engine.history import aware
from assistant.engine.models import (
    Assignment,
    EngineDecision,
    ExternalResult,
    LearnerGoal,
    MasteryOverride,
    PositioningResult,
)
from assistant.engine.recommender import Recommendation, minutes_today, recommend
from assistant.engine.service import Engine, hear_positioning, record_positioning
from assistant.errors import ApiError

router = APIRouter(prefix="/api/engine", tags=["engine"])
conversation = APIRouter(prefix="/conversation", dependencies=[Depends(require_service)])
teacher_or_admin = require_role(Role.teacher, Role.admin)
EVIDENCE_SHOWN = 10  # latest answers listed per skill

Degree = Literal[
    "insuffisante", "fragile", "satisfaisante_1", "satisfaisante_2", "satisfaisante_3", "tres_bonne"
]


# ---- access -------------------------------------------------------------------------------


def forbidden() -> ApiError:
    return ApiError(
        403, "forbidden", "Tu n'as pas accès à cet élève.", "You may not access this student."
    )


def unknown(code: str, fr: str, en: str) -> ApiError:
    return ApiError(422, code, fr, en)


def the_student(db: Session, actor: User, student: str) -> User:
    """The student a path names (`me` or an id), if the actor may see them; 404 / 403."""
    if student == "me":
        if actor.role != Role.student:
            raise forbidden()
        return actor
    target = db.get(User, int(student)) if student.isdigit() else None
    if target is None or target.role != Role.student:
        raise ApiError.unknown_student()
    if actor.role == Role.student and target.id != actor.id:
        raise forbidden()
    if actor.role == Role.teacher and target.id not in db.scalars(students_of(db, actor)).all():
        raise forbidden()
    return target


def audit(db: Session, actor: User, action: str, target: User) -> None:
    """Teachers' and admins' reads and writes of a student's data go to the audit log."""
    if actor.role != Role.student:
        db.add(AuditEntry(actor_id=actor.id, action=action, target=f"student {target.id}"))


def known_skill(skill: str) -> str:
    if skill_map.load().get(skill) is None:
        raise unknown("unknown_skill", "Cette compétence n'existe pas.", "Unknown skill id.")
    return skill


def by_pseudonym(db: Session, pseudonym: str) -> User:
    user = db.scalars(select(User).where(User.pseudonym == pseudonym)).first()
    if user is None or user.role != Role.student:
        raise ApiError.unknown_student()
    return user


# ---- views --------------------------------------------------------------------------------


def recommendation_view(rec: Recommendation, decision: EngineDecision) -> dict:
    skill = skill_map.load().skills[rec.skill]
    return {
        "decision_id": decision.id,
        "tier": rec.tier,
        "skill": rec.skill,
        "skill_name": skill.name,
        "topic": skill.competence,
        "level": rec.level,
        "questions": rec.questions,
        "minutes": rec.minutes,
        "components": rec.components,
        "reasons": {
            "student": rec.reasons.student,
            "parent": rec.reasons.parent,
            "teacher": rec.reasons.teacher,
        },
    }


def decision_view(row: EngineDecision) -> dict:
    return {
        "id": row.id,
        "kind": row.kind,
        "tier": row.tier,
        "skill": row.skill,
        "level": row.level,
        "minutes": row.minutes,
        "session_id": row.session_id,
        "item_id": row.item_id,
        "created_at": aware(row.created_at).isoformat(),
        "components": row.components,
        "reasons": {
            "student": row.reason_student,
            "parent": row.reason_parent,
            "teacher": row.reason_teacher,
        },
    }


# ---- reading ------------------------------------------------------------------------------


@router.get("/students/{student}/recommendations")
def recommendations(
    student: str,
    topic: str | None = None,
    db: Session = Depends(get_db),
    actor: User = Depends(current_user),
) -> dict:
    """The ranked activities for the student now, each stored as a decision with its reasons."""
    target = the_student(db, actor, student)
    engine = Engine(db)
    log, state = engine.snapshot(target)
    recs = recommend(engine.skills, log, state, topic=topic)
    views = [recommendation_view(r, engine.decide(target, r, "recommendation")) for r in recs]
    audit(db, actor, "engine_read_recommendations", target)
    db.commit()
    left = log.goal.minutes_per_day - minutes_today(log, engine.now)
    return {"recommendations": views, "minutes_left_today": max(0, round(left))}


@router.get("/students/{student}/mastery")
def mastery(
    student: str, db: Session = Depends(get_db), actor: User = Depends(current_user)
) -> dict:
    """Mastery per skill with the evidence behind it."""
    target = the_student(db, actor, student)
    engine = Engine(db)
    log, state = engine.snapshot(target)
    skills = []
    for skill in engine.skills.skills.values():
        ev = state.evidence.get(skill.id)
        card = state.cards.get(skill.id)
        answers = [a for a in log.answers if a.skill == skill.id][-EVIDENCE_SHOWN:]
        skills.append(
            {
                "skill": skill.id,
                "name": skill.name,
                "domain": skill.domain,
                "mastery": round(state.mastery(skill.id), 4),
                "mastered": state.mastery(skill.id) >= state.model.mastery_threshold,
                "available": catalogue.available(skill.id),
                "prior": positioning.prior(log.positioning.get(skill.domain)),
                "positioning": log.positioning.get(skill.domain),
                "override": (
                    {
                        "mastery": ev.override.mastery,
                        "teacher": ev.override.teacher,
                        "at": ev.override.at.isoformat(),
                    }
                    if ev and ev.override
                    else None
                ),
                "external_results": ev.externals if ev else 0,
                "memory": (
                    {
                        "due": card.due.isoformat(),
                        "reviews": card.reviews,
                        "retrievability": round(card.retrievability(engine.now), 4),
                    }
                    if card
                    else None
                ),
                "answers": [
                    {
                        "at": a.at.isoformat(),
                        "level": a.level,
                        "correct": a.correct,
                        "hints_used": a.hints_used,
                        "duration_s": a.duration_s,
                    }
                    for a in answers
                ],
                "model": state.model.explain(state.states, skill.id),
            }
        )
    audit(db, actor, "engine_read_mastery", target)
    db.commit()
    return {"model": state.model.name, "pace": state.pace, "skills": skills}


@router.get("/students/{student}/decisions/{decision_id}")
def why(
    student: str,
    decision_id: int,
    db: Session = Depends(get_db),
    actor: User = Depends(current_user),
) -> dict:
    """A past decision with the components and reasons stored when it was made."""
    target = the_student(db, actor, student)
    row = db.get(EngineDecision, decision_id)
    if row is None or row.student_id != target.id:
        raise ApiError(404, "unknown_decision", "Je ne trouve pas ce choix.", "No such decision.")
    audit(db, actor, "engine_read_decision", target)
    db.commit()
    return decision_view(row)


# ---- positioning and goals ----------------------------------------------------------------


class PositioningIn(BaseModel):
    domain: str = Field(max_length=64)
    level: Degree


def positioning_view(db: Session, target: User) -> dict:
    rows = db.scalars(
        select(PositioningResult)
        .where(PositioningResult.student_id == target.id)
        .order_by(PositioningResult.created_at, PositioningResult.id)
    ).all()
    latest = {row.domain: row for row in rows}
    names = skill_map.load().domains
    return {
        "domains": [
            {
                "domain": domain,
                "name": names[domain][1],
                "level": row.level,
                "label": positioning.DEGREES[row.level].label,
                "entered_by": "student" if row.entered_by_id == target.id else "teacher",
                "confirmed": row.confirmed_by_id is not None,
                "at": aware(row.created_at).isoformat(),
            }
            for domain, row in latest.items()
        ],
        "scale": [{"level": d.key, "label": d.label} for d in positioning.SCALE],
    }


@router.get("/students/{student}/positioning")
def get_positioning(
    student: str, db: Session = Depends(get_db), actor: User = Depends(current_user)
) -> dict:
    """The positioning profile: the level in force per domain, who entered it, if confirmed."""
    target = the_student(db, actor, student)
    audit(db, actor, "engine_read_positioning", target)
    db.commit()
    return positioning_view(db, target)


@router.put("/students/{student}/positioning")
def put_positioning(
    student: str,
    body: PositioningIn,
    db: Session = Depends(get_db),
    actor: User = Depends(current_user),
) -> dict:
    """Enter a domain's level; a teacher entering the student's own level confirms it."""
    target = the_student(db, actor, student)
    if body.domain not in skill_map.load().domains:
        raise unknown("unknown_domain", "Ce domaine n'existe pas.", "Unknown domain.")
    record_positioning(db, target, actor, body.domain, body.level)
    audit(db, actor, f"engine_positioning {body.domain}={body.level}", target)
    db.commit()
    return positioning_view(db, target)


class GoalsIn(BaseModel):
    subject: Literal["maths", "francais"] | None = None
    minutes_per_day: int = Field(ge=5, le=120)


@router.put("/students/{student}/goals")
def put_goals(
    student: str,
    body: GoalsIn,
    db: Session = Depends(get_db),
    actor: User = Depends(current_user),
) -> dict:
    """The student's goals: a subject to favour (none: both) and minutes per day."""
    target = the_student(db, actor, student)
    row = db.scalars(select(LearnerGoal).where(LearnerGoal.student_id == target.id)).first()
    if row is None:
        row = LearnerGoal(student_id=target.id, updated_by_id=actor.id)
        db.add(row)
    row.subject, row.minutes_per_day = body.subject, body.minutes_per_day
    row.updated_by_id, row.updated_at = actor.id, utcnow()
    audit(db, actor, "engine_goals", target)
    db.commit()
    return {"subject": row.subject, "minutes_per_day": row.minutes_per_day}


# ---- teacher corrections and assignments --------------------------------------------------


class OverrideIn(BaseModel):
    skill: str = Field(max_length=96)
    mastery: float = Field(ge=0.0, le=1.0)
    note: str = Field("", max_length=1000)


@router.post("/students/{student}/overrides", status_code=201)
def post_override(
    student: str,
    body: OverrideIn,
    db: Session = Depends(get_db),
    actor: User = Depends(teacher_or_admin),
) -> dict:
    """Set a skill's mastery to the teacher's judgement; newer answers move it from there."""
    target = the_student(db, actor, student)
    row = MasteryOverride(
        student_id=target.id,
        skill=known_skill(body.skill),
        mastery=body.mastery,
        note=body.note,
        teacher_id=actor.id,
    )
    db.add(row)
    audit(db, actor, f"engine_override {body.skill}={body.mastery:.2f}", target)
    db.commit()
    return {"id": row.id, "skill": row.skill, "mastery": row.mastery}


class ExternalIn(BaseModel):
    skill: str = Field(max_length=96)
    score: float = Field(ge=0.0, le=1.0)
    weight: float = Field(1.0, gt=0.0, le=20.0)
    label: str = Field("", max_length=200)
    taken_on: date


@router.post("/students/{student}/external-results", status_code=201)
def post_external(
    student: str,
    body: ExternalIn,
    db: Session = Depends(get_db),
    actor: User = Depends(teacher_or_admin),
) -> dict:
    """A result from an evaluation done outside Rebond, worth `weight` questions."""
    target = the_student(db, actor, student)
    row = ExternalResult(
        student_id=target.id,
        skill=known_skill(body.skill),
        score=body.score,
        weight=body.weight,
        label=body.label,
        taken_on=body.taken_on,
        teacher_id=actor.id,
    )
    db.add(row)
    audit(db, actor, f"engine_external {body.skill}={body.score:.2f}", target)
    db.commit()
    return {"id": row.id, "skill": row.skill, "score": row.score, "weight": row.weight}


class AssignmentIn(BaseModel):
    target: str = Field(max_length=96, description="a skill, competence or domain id")
    student_id: int | None = None
    class_id: int | None = None
    questions: int = Field(5, ge=1, le=50)
    note: str = Field("", max_length=1000)
    due_on: date | None = None


@router.post("/assignments", status_code=201)
def post_assignment(
    body: AssignmentIn, db: Session = Depends(get_db), actor: User = Depends(teacher_or_admin)
) -> dict:
    """Give work to one student or a whole class; it comes first in their recommendations."""
    if (body.student_id is None) == (body.class_id is None):
        raise unknown(
            "student_or_class",
            "Choisis un élève ou une classe (un seul des deux).",
            "Give exactly one of student_id and class_id.",
        )
    if not skill_map.load().under(body.target):
        raise unknown(
            "unknown_target", "Ce thème n'existe pas.", "Unknown skill, competence or domain."
        )
    if body.student_id is not None:
        target = the_student(db, actor, str(body.student_id))
        who = f"student {target.id}"
    else:
        if db.get(SchoolClass, body.class_id) is None:
            raise ApiError(404, "unknown_class", "Classe inconnue.", "No such class.")
        teaches = db.scalars(
            select(ClassMembership).where(
                ClassMembership.class_id == body.class_id, ClassMembership.user_id == actor.id
            )
        ).first()
        if actor.role == Role.teacher and teaches is None:
            raise ApiError(
                403, "forbidden", "Ce n'est pas ta classe.", "You do not teach this class."
            )
        who = f"class {body.class_id}"
    row = Assignment(
        teacher_id=actor.id,
        student_id=body.student_id,
        class_id=body.class_id,
        target=body.target,
        questions=body.questions,
        note=body.note,
        due_on=body.due_on,
    )
    db.add(row)
    db.add(AuditEntry(actor_id=actor.id, action=f"engine_assign {body.target}", target=who))
    db.commit()
    return {"id": row.id, "target": row.target, "questions": row.questions}


# ---- the conversation ---------------------------------------------------------------------


class NextIn(BaseModel):
    topic: str | None = Field(None, max_length=64)


@conversation.post("/{pseudonym}/next")
def next_activity(pseudonym: str, body: NextIn, db: Session = Depends(get_db)) -> dict:
    """The activity to propose now, stored as a decision; its student reason is the message."""
    target = by_pseudonym(db, pseudonym)
    engine = Engine(db)
    recs = engine.recommendations(target, topic=body.topic, limit=1)
    if not recs:
        raise unknown(
            "nothing_to_practise", "Je n'ai pas d'exercice sur ce thème.", "Nothing to practise."
        )
    decision = engine.decide(target, recs[0], "activity")
    db.commit()
    return recommendation_view(recs[0], decision)


class SentenceIn(BaseModel):
    text: str = Field(min_length=1, max_length=500)


@conversation.post("/{pseudonym}/positioning")
def positioning_sentence(pseudonym: str, body: SentenceIn, db: Session = Depends(get_db)) -> dict:
    """Read « j'ai eu fragile en calcul littéral », store it for the teacher to confirm, and
    say so; or ask for what is missing."""
    heard = hear_positioning(db, by_pseudonym(db, pseudonym), body.text)
    db.commit()
    return {
        "understood": heard.understood,
        "domain": heard.domain,
        "level": heard.degree,
        "messages": [heard.message],
    }


router.include_router(conversation)

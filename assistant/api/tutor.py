"""The tutoring API the Rasa action server calls: one operation per dialogue step.

Callers identify the student by pseudonym only (the Rasa sender id) and must hold the
service token. Raw text goes in; the service judges it and says what to answer.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.auth.dependencies import get_db, get_settings_dep, require_service
from assistant.db.models import User
from assistant.engine.service import hear_positioning
from assistant.errors import ApiError
from assistant.settings import Settings
from assistant.tutoring import profile
from assistant.tutoring.comprehension import Comprehension
from assistant.tutoring.fluency import Fluency
from assistant.tutoring.langue import Langue
from assistant.tutoring.practice import Practice
from assistant.tutoring.reply import TutorReply
from assistant.tutoring.sequence import SequencePractice

router = APIRouter(prefix="/api/tutor", tags=["tutor"], dependencies=[Depends(require_service)])

Operation = Literal[
    "start",
    "next",
    "answer",
    "hint",
    "repeat",
    "slower",
    "explain",
    "skip",
    "stop",
    "easier",
    "harder",
    "resume",
    "progress",
    "why",
    "positioning",
    "language",
    "preference",
    "teacher",
    "distress",
]


class TurnIn(BaseModel):
    """What the action passes from the dialogue: the raw text and the entities it found."""

    text: str = Field("", max_length=4000)
    activity: Literal["maths", "comprehension", "langue", "fluency"] = "maths"
    topic: str | None = Field(None, max_length=64)
    language: str | None = Field(None, max_length=64)
    preference: str | None = Field(None, max_length=64)


class TurnOut(BaseModel):
    messages: list[str]
    practice_active: bool
    buttons: list[dict[str, str]]
    spoken: list[str | None]


def _student(db: Session, learner: str) -> User:
    user = db.scalars(select(User).where(User.pseudonym == learner)).first()
    if user is None:
        raise ApiError.unknown_student()
    return user


@router.post("/{learner}/{operation}", response_model=TurnOut)
def turn(
    learner: str,
    operation: Operation,
    body: TurnIn,
    db: Session = Depends(get_db),
    settings: Settings = Depends(get_settings_dep),
) -> dict:
    """Run one tutoring operation for the student and commit everything it wrote."""
    student = _student(db, learner)
    practice = Practice(db, settings.public_url, student)
    sequences = [kind(db, settings.public_url, student) for kind in (Comprehension, Langue)]
    if operation == "start" and body.activity == Fluency.activity:
        reply = Fluency(db, settings.public_url, student).start(body.topic)
    else:
        reply = _sequence_turn(operation, body, practice, sequences)
    if reply is not None:
        db.commit()
        return reply.as_dict()
    actions = {
        "start": lambda: practice.start(body.topic),
        "next": practice.what_next,
        "answer": lambda: practice.answer(body.text),
        "hint": practice.hint,
        "repeat": practice.repeat,
        "slower": lambda: profile.slower(practice),
        "explain": lambda: practice.explain(body.topic),
        "skip": practice.skip,
        "stop": practice.stop,
        "easier": lambda: practice.change_level("easier"),
        "harder": lambda: practice.change_level("harder"),
        "resume": practice.resume,
        "progress": practice.progress,
        "why": practice.why,
        "positioning": lambda: practice.resume([hear_positioning(db, student, body.text).message]),
        "language": lambda: profile.set_language(practice, body.language),
        "preference": lambda: profile.set_preference(practice, body.preference),
        "teacher": lambda: profile.contact_teacher(practice, body.text),
        "distress": lambda: profile.distress(practice, body.text),
    }
    reply = actions[operation]()
    db.commit()
    return reply.as_dict()


def _sequence_turn(
    operation: str, body: TurnIn, practice: Practice, sequences: list[SequencePractice]
) -> TutorReply | None:
    """Starting a step-by-step practice (a text, a language module), or a step of the one
    under way; None when the operation is not theirs."""
    for sequence in sequences:
        if operation == "start" and body.activity == sequence.activity:
            practice.end_session()
            return sequence.start(body.topic)
    ongoing = next((s for s in sequences if s.open_session() is not None), None)
    if ongoing is None:
        return None
    practice.resume_elsewhere = ongoing.resume  # asides (slower, why, …) come back here
    steps = {
        "answer": lambda: ongoing.answer(body.text),
        "hint": ongoing.hint,
        "repeat": ongoing.repeat,
        "explain": ongoing.explain,
        "skip": ongoing.skip,
        "resume": ongoing.resume,
        "easier": ongoing.repeat,
        "harder": ongoing.repeat,
    }
    step = steps.get(operation)
    return step() if step else None

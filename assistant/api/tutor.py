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
from assistant.errors import ApiError
from assistant.settings import Settings
from assistant.tutoring import profile
from assistant.tutoring.practice import Practice

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
    "language",
    "preference",
    "teacher",
    "distress",
]


class TurnIn(BaseModel):
    """What the action passes from the dialogue: the raw text and the entities it found."""

    text: str = Field("", max_length=4000)
    activity: Literal["maths", "comprehension", "fluency"] = "maths"
    topic: str | None = Field(None, max_length=64)
    language: str | None = Field(None, max_length=64)
    preference: str | None = Field(None, max_length=64)


class TurnOut(BaseModel):
    messages: list[str]
    practice_active: bool
    buttons: list[dict[str, str]]


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
    practice = Practice(db, settings.public_url, _student(db, learner))
    actions = {
        "start": lambda: practice.start(body.activity, body.topic),
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
        "language": lambda: profile.set_language(practice, body.language),
        "preference": lambda: profile.set_preference(practice, body.preference),
        "teacher": lambda: profile.contact_teacher(practice, body.text),
        "distress": lambda: profile.distress(practice, body.text),
    }
    reply = actions[operation]()
    db.commit()
    return reply.as_dict()

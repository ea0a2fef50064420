"""« Je veux m'entraîner à lire »: three passages to read aloud, at the band the last reading
calls for, as link buttons to the reading page (through the real tutoring API and database)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from assistant.db.models import PracticeSession, utcnow
from assistant.reading import messages as say
from assistant.reading.models import Reading
from assistant.tutoring.fluency import Fluency
from curriculum.french import bank

LEVELS = {p.id: p.level for p in bank.passages()}


def first_of_level(level: int) -> str:
    return next(p.id for p in bank.passages() if p.level == level)


def read(db, student, passage_id: str, accuracy: float, minutes_ago: int = 0) -> None:
    """A reading in the student's history (the scoring path is tested in test_reading_api)."""
    db.add(
        Reading(
            student_id=student.id,
            passage_id=passage_id,
            mode="whole",
            sentences=None,
            created_at=utcnow() - timedelta(minutes=minutes_ago),
            duration_s=40.0,
            wcpm=90.0,
            accuracy=accuracy,
            words_attempted=60,
            words_correct=round(60 * accuracy),
            counts={},
            score={},
            stt_engine="faster-whisper/whisper-base",
        )  # fmt: skip
    )
    db.commit()


def proposed(reply: dict) -> list[str]:
    """The passage ids the buttons link to, checking each button's shape on the way."""
    ids = []
    for button in reply["buttons"]:
        assert button["payload"] == "" and button["url"].startswith("/lecture/")
        passage_id = button["url"].removeprefix("/lecture/")
        title = next(p.title for p in bank.passages() if p.id == passage_id)
        assert button["title"] == f"Lire « {title} »"
        ids.append(passage_id)
    return ids


def test_first_time_three_band_one_passages_with_the_reason(tutor):
    reply = tutor("start", activity="fluency")
    ids = proposed(reply)
    assert len(set(ids)) == 3 and all(LEVELS[i] == 1 for i in ids)
    assert reply["messages"][0] == say.FIRST_READING.format(band=1)
    title = next(p.title for p in bank.passages() if p.id == ids[0])
    assert f"Je te conseille « {title} »" in reply["messages"][1]
    assert reply["practice_active"] is False


@pytest.mark.parametrize(
    ("level", "accuracy", "band", "reason"),
    [
        (1, 0.96, 2, "on passe au niveau 2"),
        (3, 0.99, 3, "on reste au niveau 3"),
        (2, 0.85, 1, "un texte plus facile, de niveau 1"),
        (1, 0.80, 1, "on reste au niveau 1"),
        (2, 0.92, 2, "niveau 2 sur 3, comme la dernière fois"),
    ],
    ids=["up", "top", "down", "bottom", "same"],
)
def test_band_follows_the_last_reading(tutor, db, lea, level, accuracy, band, reason):
    read(db, lea, first_of_level(1), 0.50, minutes_ago=60)  # older: does not count
    read(db, lea, first_of_level(level), accuracy)
    reply = tutor("start", activity="fluency")
    assert LEVELS[proposed(reply)[0]] == band
    assert reason in reply["messages"][0]
    assert reply["messages"][0].startswith("La dernière fois") or band == level


def test_passages_already_read_come_after_new_ones(tutor, db, lea):
    first = tutor("start", activity="fluency")
    read(db, lea, proposed(first)[0], 0.92)
    again = tutor("start", activity="fluency")
    assert proposed(first)[0] not in proposed(again)
    assert proposed(again)[:2] == proposed(first)[1:]


def test_a_named_passage_comes_first(db, lea):
    wanted = first_of_level(3)
    reply = Fluency(db, "http://rebond.test", lea).start(wanted)
    assert reply.buttons[0]["url"] == f"/lecture/{wanted}" and len(reply.buttons) == 3


def test_a_maths_question_under_way_is_closed(tutor, db, lea):
    tutor("start", activity="maths", topic="fractions")
    reply = tutor("start", activity="fluency")
    assert reply["practice_active"] is False and len(reply["buttons"]) == 3
    sessions = db.scalars(select(PracticeSession).where(PracticeSession.user_id == lea.id)).all()
    assert [s.ended_at is not None for s in sessions] == [True]

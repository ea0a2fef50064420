"""A passage read aloud: listen with the reading recogniser, score, store, trace, summarise.

Listening: Whisper, never with a prompt — given the passage, Whisper writes back words the
student did not read. Scoring: the free transcript is aligned with the passage, then each word
it makes look wrong is checked against the audio (`speech.fluency.verify`), so that a word
Whisper misheard is not reported as the student's error. When `REBOND_VOSK_MODEL` names a
French Vosk model, Vosk listens instead, restricted to the passage's words (grammar mode: a
misread word comes out as « [unk] »), and its transcript is scored as it is.

Each reading is one `readings` row, one xAPI statement through the LRS store, and one answer in
the attempt log on the `lecture_fluide` skill, so the adaptive engine sees reading aloud as
evidence like any other practice (correct when at least 95 % of the words read were right).
"""

from __future__ import annotations

import logging
import os
import re
from datetime import timedelta
from functools import cache

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.db.models import Attempt, ItemServed, ItemStatus, PracticeSession, User, utcnow
from assistant.engine.history import aware
from assistant.errors import ApiError
from assistant.lrs import statements as xapi
from assistant.reading import messages as say
from assistant.reading.models import Reading
from assistant.reading.passages import Reference, grammar, passage, sentence_count
from curriculum.french import bank
from speech.fluency import FluencyOptions, ReadingScore, score_reading
from speech.fluency.reading_time import timed_by_audio
from speech.fluency.verify import score_checked
from speech.stt.base import Transcript
from speech.stt.vosk_engine import VOSK_MODEL_ENV, VoskModelMissingError, VoskSTT
from speech.stt.whisper import READING_BEAM_SIZE, WhisperSTT

log = logging.getLogger(__name__)

FLUENCY = "fluency"
LECTURE_FLUIDE = "comprehension_ecrit.fluence.lecture_fluide"
MODES = ("whole", "minute")
_DISPLAY_WORD = re.compile(r"\w+(?:['’-]\w+)*")


# ---- what the student asked for --------------------------------------------------------------


def parse_mode(mode: str) -> str:
    """« whole » (the passage) or « minute » (one minute of it); anything else is 422."""
    if mode not in MODES:
        raise ApiError(422, "bad_mode", say.BAD_MODE, "mode must be 'whole' or 'minute'.")
    return mode


def parse_sentences(raw: str | None, passage_id: str) -> list[int] | None:
    """Comma-separated sentence indices of the passage, sorted and distinct; None when absent."""
    if raw is None or not raw.strip():
        return None
    parts = [p.strip() for p in raw.split(",")]
    total = sentence_count(passage_id)
    if not all(p.isdigit() and int(p) < total for p in parts):
        raise ApiError(
            422,
            "bad_sentences",
            say.BAD_SENTENCES,
            f"sentences must be comma-separated indices between 0 and {total - 1}.",
        )
    return sorted({int(p) for p in parts})


# ---- listening and scoring ---------------------------------------------------------------------


@cache
def recogniser() -> WhisperSTT | VoskSTT:
    """The reading recogniser of this process. Whisper's model is the one the chat turns
    already keep warm (same folder, shared)."""
    if os.environ.get(VOSK_MODEL_ENV):
        engine = VoskSTT()
        try:
            engine.model  # noqa: B018 - load now: a broken folder falls back to Whisper
            return engine
        except VoskModelMissingError as error:
            log.warning("Vosk model unusable, readings use Whisper: %s", error)
    return WhisperSTT(beam_size=READING_BEAM_SIZE)


def transcribe(samples: np.ndarray, reference: Reference) -> Transcript:
    """What the student read. Whisper is never told the text; Vosk only gets its word list."""
    engine = recogniser()
    if isinstance(engine, VoskSTT):
        return engine.transcribe(samples, grammar=grammar(reference.text))
    return engine.transcribe(samples)


def score(samples: np.ndarray, transcript: Transcript, reference: Reference) -> ReadingScore:
    """The scored reading; 422 when no word of the text was heard."""
    engine, options = recogniser(), FluencyOptions.from_env()
    if isinstance(engine, WhisperSTT):
        result = score_checked(reference.text, transcript, samples, engine.model, options)
    else:
        result = timed_by_audio(score_reading(reference.text, transcript, options), samples)
    if result.words_attempted == 0 or result.duration_s <= 0:
        raise ApiError(422, "nothing_heard", say.NOTHING_HEARD, "No word of the text was heard.")
    return result


def words_to_practise(result: ReadingScore) -> list[str]:
    """The passage words read wrongly or left out, as shown (without punctuation), once each.
    « Unsure » words are not errors: a false alarm discourages more than a missed one."""
    found: list[str] = []
    for word in result.words:
        if word.status in ("substituted", "omitted"):
            shown = " ".join(_DISPLAY_WORD.findall(word.text))
            if shown and shown not in found:
                found.append(shown)
    return found


def next_steps(result: ReadingScore, reference: Reference) -> list[dict]:
    """What to do next, the most useful first: listening to a model reading when the text was
    too hard (under 90 % of words right), re-reading the sentences with errors (repeated
    reading), and reading again to compare."""
    wrong = reference.passage_sentences(result.error_sentences, result.words)
    steps = {
        "listen": {"id": "listen", "label": say.NEXT_STEPS["listen"]},
        "reread_errors": {
            "id": "reread_errors",
            "label": say.NEXT_STEPS["reread_errors"],
            "sentences": wrong,
        },
        "again": {"id": "again", "label": say.NEXT_STEPS["again"]},
    }
    if result.accuracy < say.FRUSTRATION:
        order = ["listen", "reread_errors", "again"]
    elif wrong:
        order = ["reread_errors", "listen", "again"]
    else:
        order = ["again", "listen"]
    return [steps[key] for key in order if key != "reread_errors" or wrong]


# ---- history ----------------------------------------------------------------------------------


def readings_of(db: Session, student: User) -> list[Reading]:
    """The student's readings, newest first."""
    return list(
        db.scalars(
            select(Reading)
            .where(Reading.student_id == student.id)
            .order_by(Reading.created_at.desc(), Reading.id.desc())
        ).all()
    )


def history_view(rows: list[Reading]) -> list[dict]:
    """What the history endpoints return for each reading."""
    titles = {p.id: (p.title, p.level) for p in bank.passages()}
    return [
        {
            "reading_id": r.id,
            "passage_id": r.passage_id,
            "title": titles.get(r.passage_id, (r.passage_id, None))[0],
            "level": titles.get(r.passage_id, (None, None))[1],
            "at": aware(r.created_at).isoformat(),
            "mode": r.mode,
            "sentences": r.sentences,
            "wcpm": r.wcpm,
            "accuracy": r.accuracy,
            "duration_s": r.duration_s,
            "counts": r.counts,
        }
        for r in rows
    ]


def previous_reading(
    db: Session, student: User, passage_id: str, chosen: list[int] | None
) -> dict | None:
    """The latest earlier reading of the same text (the same sentences for a repeated
    reading), to compare with; None the first time."""
    rows = db.scalars(
        select(Reading)
        .where(Reading.student_id == student.id, Reading.passage_id == passage_id)
        .order_by(Reading.created_at.desc(), Reading.id.desc())
    ).all()
    same = next((r for r in rows if (r.sentences or None) == chosen), None)
    if same is None:
        return None
    return {"wcpm": same.wcpm, "accuracy": same.accuracy, "at": aware(same.created_at).isoformat()}


# ---- storing ----------------------------------------------------------------------------------


def store(
    db: Session,
    public_url: str,
    student: User,
    passage_id: str,
    mode: str,
    chosen: list[int] | None,
    transcript: Transcript,
    result: ReadingScore,
    summary: str,
) -> Reading:
    """The reading row, its answer in the attempt log and its xAPI statement, in the caller's
    transaction (the caller commits)."""
    text = passage(passage_id)
    now = utcnow()
    independent = result.accuracy >= say.INDEPENDENT
    reason = f"Tu as choisi de lire « {text.title} » à voix haute."
    session = PracticeSession(
        user_id=student.id,
        activity=FLUENCY,
        topic=passage_id,
        level=text.level,
        reason=reason,
        started_at=now - timedelta(seconds=result.duration_s),
        ended_at=now,
    )
    item = ItemServed(
        session=session,
        generator=f"reading/{passage_id}"[:64],
        skill=LECTURE_FLUIDE,
        level=text.level,
        seed=0,
        statement=text.title,
        reason=reason,
        status=ItemStatus.solved if independent else ItemStatus.abandoned,
    )
    db.add_all(
        [
            session,
            item,
            Attempt(
                item=item,
                raw_text=transcript.text,
                correct=independent,
                understood=True,
                feedback=summary,
                duration_ms=round(result.duration_s * 1000),
                created_at=now,
            ),
        ]
    )
    reading = Reading(
        student_id=student.id,
        passage_id=passage_id,
        mode=mode,
        sentences=chosen,
        created_at=now,
        duration_s=result.duration_s,
        wcpm=result.wcpm,
        accuracy=result.accuracy,
        words_attempted=result.words_attempted,
        words_correct=result.words_correct,
        counts=dict(result.counts),
        score=result.as_dict(),
        stt_engine=transcript.engine,
    )
    db.add(reading)
    db.flush()
    _trace(db, public_url, student, text, reading, result, session.registration)
    return reading


def _trace(
    db: Session,
    public_url: str,
    student: User,
    text: bank.Passage,
    reading: Reading,
    result: ReadingScore,
    registration: str,
) -> None:
    """One `completed` statement per reading, its figures as result extensions (see
    docs/xapi-profile.md, « Reading aloud »)."""

    def ext(name: str) -> str:
        return f"{public_url}/xapi/extensions/{name}"

    xapi.record(
        db,
        public_url,
        student,
        "completed",
        xapi.activity(
            public_url,
            f"reading/{text.id}",
            f"Lecture à voix haute : {text.title}",
            xapi.ASSESSMENT,
        ),
        registration=registration,
        result={
            "completion": True,
            "score": {"scaled": round(result.accuracy, 4)},
            "duration": xapi.iso_duration(timedelta(seconds=result.duration_s)),
            "extensions": {
                ext("passage"): text.id,
                ext("mode"): reading.mode,
                ext("wcpm"): round(result.wcpm, 1),
                ext("accuracy"): round(result.accuracy, 4),
                ext("duration-s"): round(result.duration_s, 2),
                ext("words-attempted"): result.words_attempted,
                ext("words-correct"): result.words_correct,
                ext("miscues"): dict(result.counts),
            }
            | ({ext("sentences"): reading.sentences} if reading.sentences else {}),
        },
        extensions={"skill": LECTURE_FLUIDE, "level": text.level, "reading": reading.id},
        timestamp=reading.created_at,
    )

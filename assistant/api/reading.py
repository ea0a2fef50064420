"""Reading practice over HTTP: a passage with its syllables, a reading aloud scored word by
word, the student's history, and the same history for their teacher (audited).

The page (channels/static/reading.html) records the student and posts the recording here; the
feedback comes back in one answer, with its spoken summary.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from assistant.api.engine import audit, the_student
from assistant.api.teacher import teacher_or_admin
from assistant.auth.dependencies import get_db, get_settings_dep, require_role
from assistant.db.models import Role, User
from assistant.reading import messages as say
from assistant.reading import passages, service
from assistant.settings import Settings
from channels.voice import decoded_upload
from channels.voice_engines import with_speech
from curriculum.french import bank
from speech.audio import READING_MAX_S

router = APIRouter(tags=["reading"])
student_only = require_role(Role.student)

# ELFE/CSEN: the French fluency norms stop at the end of 6e.
FLOOR_WCPM = 120
FLOOR_TEXT = (
    "Repère ELFE/CSEN : au moins 120 mots correctement lus par minute attendus en fin de 6e. "
    "C'est un plancher, pas une norme pour la seconde."
)


def upload_paths() -> list[str]:
    """The paths that take a recording, for the service's body-size limit."""
    return [f"/api/reading/passages/{p.id}" for p in bank.passages()]


@router.get("/api/reading/passages/{passage_id}")
def passage_view(passage_id: str, user: User = Depends(student_only)) -> dict:
    """The passage split as the scorer splits it, with each word's syllables."""
    return passages.view(passage_id)


@router.post("/api/reading/passages/{passage_id}")
async def read_aloud(
    passage_id: str,
    request: Request,
    audio: UploadFile = File(...),
    mode: str = Form("whole"),
    sentences: str | None = Form(None),
    user: User = Depends(student_only),
    db: Session = Depends(get_db),
    settings: Settings = Depends(get_settings_dep),
) -> dict:
    """Score a reading aloud of the passage (or of some of its sentences) and store it."""
    passages.passage(passage_id)  # 404 before any audio work
    mode = service.parse_mode(mode)
    chosen = service.parse_sentences(sentences, passage_id)
    reference = passages.reference(passage_id, chosen)
    pcm = await decoded_upload(audio, READING_MAX_S)
    transcript = await run_in_threadpool(service.transcribe, pcm.samples, reference)
    result = await run_in_threadpool(service.score, pcm.samples, transcript, reference)
    previous = service.previous_reading(db, user, passage_id, chosen)
    summary = say.summary(result, service.words_to_practise(result), previous)
    reading = service.store(
        db, settings.public_url, user, passage_id, mode, chosen, transcript, result, summary
    )
    db.commit()
    (spoken,) = await with_speech(request.app.state.voice, user, [{"text": summary}])
    speech = {key: value for key, value in spoken.items() if key != "text"}
    return {
        "reading_id": reading.id,
        "passage_id": passage_id,
        "mode": mode,
        "sentences": chosen,
        "score": reading.score,
        "word_indices": list(reference.word_indices),
        "summary": summary,
        "speech": speech,
        "next_steps": service.next_steps(result, reference),
        "previous": previous,
    }


@router.get("/api/reading/history")
def history(user: User = Depends(student_only), db: Session = Depends(get_db)) -> list[dict]:
    """The student's own readings, newest first."""
    return service.history_view(service.readings_of(db, user))


@router.get("/api/teacher/students/{student_ref}/readings")
def student_readings(
    student_ref: str,
    teacher: User = Depends(teacher_or_admin),
    db: Session = Depends(get_db),
) -> dict:
    """A student's readings for their teacher (or an admin), with the only French reference
    figure there is, shown as a floor; the read is written to the audit log."""
    student = the_student(db, teacher, student_ref)
    rows = service.readings_of(db, student)
    audit(db, teacher, "read_readings", student)
    db.commit()
    return {
        "readings": service.history_view(rows),
        "reference": {"floor_wcpm": FLOOR_WCPM, "text": FLOOR_TEXT},
    }

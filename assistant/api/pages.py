"""The pages a browser opens: login, chat and reading (the last two need a session)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from sqlalchemy import text
from sqlalchemy.orm import Session

from assistant.auth.dependencies import current_user, get_db, get_settings_dep
from assistant.errors import ApiError
from assistant.settings import Settings

STATIC_DIR = Path(__file__).resolve().parents[2] / "channels" / "static"

router = APIRouter(tags=["pages"])


@router.get("/", include_in_schema=False)
def home() -> Response:
    return RedirectResponse("/chat")


@router.get("/login", include_in_schema=False)
def login_page() -> Response:
    return FileResponse(STATIC_DIR / "login.html")


def _student_page(request: Request, db: Session, settings: Settings, page: str) -> Response:
    """A page for a logged-in user, or the login page when the session is missing or expired."""
    try:
        current_user(request, settings, db)
    except ApiError:
        return RedirectResponse("/login")
    return FileResponse(STATIC_DIR / page)


@router.get("/chat", include_in_schema=False)
def chat_page(
    request: Request,
    db: Session = Depends(get_db),
    settings: Settings = Depends(get_settings_dep),
) -> Response:
    """The chat, or the login page when the session is missing or expired."""
    return _student_page(request, db, settings, "chat.html")


@router.get("/lecture/{passage_id}", include_in_schema=False)
def reading_page(
    passage_id: str,
    request: Request,
    db: Session = Depends(get_db),
    settings: Settings = Depends(get_settings_dep),
) -> Response:
    """The reading page (it loads its passage from /api/reading/passages/{passage_id})."""
    return _student_page(request, db, settings, "reading.html")


@router.get("/health")
def health(db: Session = Depends(get_db)) -> dict:
    """Liveness and database reachability, for the launcher and monitoring."""
    db.execute(text("SELECT 1"))
    return {"status": "ok"}

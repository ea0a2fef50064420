"""The web chat gateway: a logged-in student's message → Rasa (as their pseudonym) → replies.

Every student message is saved before Rasa is called, so an outage loses nothing: the
message stays in the transcript marked undelivered, and the page keeps it for a resend.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.auth.dependencies import current_user, get_db, get_settings_dep
from assistant.db.models import ChatMessage, User
from assistant.errors import ApiError
from assistant.settings import Settings
from channels.rasa_client import RasaUnavailable

router = APIRouter(prefix="/api/chat", tags=["chat"])
HISTORY_LIMIT = 200


class ChatIn(BaseModel):
    """A message; `label` is what the student saw when they clicked a tutor button whose
    payload is `text`, so the transcript shows their words, not the payload."""

    text: str
    label: str | None = Field(None, max_length=200)


def validate_text(text: str, settings: Settings) -> str:
    """Refuse an empty message (422) or one over the length limit (413)."""
    cleaned = text.strip()
    if not cleaned:
        raise ApiError(
            422, "empty_message", "Ton message est vide. Écris quelque chose.", "Empty message."
        )
    if len(cleaned) > settings.max_message_chars:
        raise ApiError(
            413,
            "message_too_long",
            f"Ton message est trop long : {settings.max_message_chars} caractères au maximum.",
            f"Message too long: at most {settings.max_message_chars} characters.",
        )
    return cleaned


@router.post("")
async def send(
    body: ChatIn,
    request: Request,
    user: User = Depends(current_user),
    db: Session = Depends(get_db),
    settings: Settings = Depends(get_settings_dep),
) -> dict:
    """Forward the message to Rasa and return the tutor's replies for this turn."""
    text = validate_text(body.text, settings)
    shown = (body.label or "").strip() or text
    incoming = ChatMessage(user_id=user.id, sender="student", text=shown, delivered=False)
    db.add(incoming)
    db.commit()
    try:
        replies = await request.app.state.rasa.send(user.pseudonym, text)
    except RasaUnavailable:
        raise ApiError(
            503,
            "assistant_unavailable",
            "Rebond ne répond pas pour le moment. Ton message est gardé : "
            "réessaie dans une minute.",
            "The tutor is not available right now; your message was kept.",
        ) from None
    incoming.delivered = True
    db.add_all(ChatMessage(user_id=user.id, sender="tutor", text=r["text"]) for r in replies)
    db.commit()
    return {"messages": replies}


@router.get("/history")
def history(user: User = Depends(current_user), db: Session = Depends(get_db)) -> dict:
    """The latest messages of the student's transcript, oldest first."""
    rows = db.scalars(
        select(ChatMessage)
        .where(ChatMessage.user_id == user.id)
        .order_by(ChatMessage.id.desc())
        .limit(HISTORY_LIMIT)
    ).all()
    return {
        "messages": [
            {
                "sender": m.sender,
                "text": m.text,
                "at": m.created_at.isoformat(),
                "delivered": m.delivered,
            }
            for m in reversed(rows)
        ]
    }

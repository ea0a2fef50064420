"""The web chat gateway: a logged-in student's message → Rasa (as their pseudonym) → replies.

See channels/conversation.py for what happens to the message on the way.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.auth.dependencies import current_user, get_db, get_settings_dep
from assistant.db.models import ChatMessage, User
from assistant.settings import Settings
from channels.conversation import converse, validate_text
from channels.voice_engines import with_speech

router = APIRouter(prefix="/api/chat", tags=["chat"])
HISTORY_LIMIT = 200


class ChatIn(BaseModel):
    """A message; `label` is what the student saw when they clicked a tutor button whose
    payload is `text`, so the transcript shows their words, not the payload."""

    text: str
    label: str | None = Field(None, max_length=200)
    speak: bool = False


@router.post("")
async def send(
    body: ChatIn,
    request: Request,
    user: User = Depends(current_user),
    db: Session = Depends(get_db),
    settings: Settings = Depends(get_settings_dep),
) -> dict:
    """Forward the message to Rasa and return the tutor's replies for this turn; with
    `speak`, each reply also carries its audio and word marks."""
    text = validate_text(body.text, settings)
    replies = await converse(request, db, user, text, shown=(body.label or "").strip() or None)
    if body.speak:
        replies = await with_speech(request.app.state.voice, user, replies)
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

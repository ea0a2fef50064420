"""One student turn into the conversation, shared by the text and the voice channels.

The student's words are saved before Rasa is called, so an outage loses nothing: the message
stays in the transcript marked undelivered, and the page keeps it for a resend.
"""

from __future__ import annotations

from fastapi import Request
from sqlalchemy.orm import Session

from assistant.db.models import ChatMessage, User
from assistant.errors import ApiError
from assistant.settings import Settings
from channels.rasa_client import RasaUnavailable


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


async def converse(
    request: Request, db: Session, user: User, text: str, shown: str | None = None
) -> list[dict]:
    """Send `text` to Rasa as the student's pseudonym; store and return the tutor's replies.

    `shown` is what the transcript keeps when it differs from what Rasa gets (a button's
    title for its payload).
    """
    incoming = ChatMessage(user_id=user.id, sender="student", text=shown or text, delivered=False)
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
    return replies

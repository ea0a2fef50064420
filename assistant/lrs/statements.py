"""Build the xAPI statements of the tutor's practice events and store them in the LRS.

Students appear only as `account` actors named by their pseudonym (HMAC of the user id);
the vocabulary is documented in docs/xapi-profile.md. The tutor writes through
`store.store_statements`, the very code path of `POST /xapi/statements`, under its own LRS
client as authority: there is no second way into the store.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from urllib.parse import quote

from sqlalchemy.orm import Session

from assistant.db.models import User, utcnow
from assistant.lrs.auth import tutor_principal
from assistant.lrs.store import store_statements

ADL = "http://adlnet.gov/expapi/verbs/"
VERBS = {
    "initialized": "started",
    "answered": "answered",
    "asked": "asked for a hint",
    "terminated": "stopped",
    "completed": "completed",
}
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"


def iso_duration(delta: timedelta) -> str:
    """An ISO 8601 duration such as `PT12.34S` (xAPI's `result.duration`)."""
    return f"PT{max(delta.total_seconds(), 0):.2f}S"


def activity(public_url: str, path: str, name: str, activity_type: str) -> dict:
    """An xAPI Activity object with a French display name. The path is percent-encoded so
    that a content id with a space or an accent still makes a valid IRI (the LRS refuses
    statements that are not)."""
    return {
        "objectType": "Activity",
        "id": f"{public_url}/xapi/activities/{quote(path, safe='/')}",
        "definition": {"type": activity_type, "name": {"fr-FR": name}},
    }


def record(
    db: Session,
    public_url: str,
    user: User,
    verb: str,
    obj: dict,
    registration: str | None = None,
    result: dict | None = None,
    extensions: dict | None = None,
    timestamp: datetime | None = None,
) -> str:
    """Store a statement about `user` in the caller's transaction (the caller commits);
    return its id."""
    statement: dict = {
        "id": str(uuid.uuid4()),
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": public_url, "name": user.pseudonym},
        },
        "verb": {"id": ADL + verb, "display": {"en-US": VERBS[verb]}},
        "object": obj,
        "timestamp": (timestamp or utcnow()).isoformat(),
        "version": "1.0.3",
    }
    context: dict = {"platform": "Rebond", "language": "fr-FR"}
    if registration:
        context["registration"] = registration
    if extensions:
        context["extensions"] = {
            f"{public_url}/xapi/extensions/{k}": v for k, v in extensions.items()
        }
    statement["context"] = context
    if result is not None:
        statement["result"] = result
    (stored_id,) = store_statements(db, [statement], tutor_principal(db, public_url))
    return stored_id

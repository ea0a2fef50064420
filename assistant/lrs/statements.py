"""Build and store the xAPI statements of the tutor's practice events.

Students appear only as `account` actors named by their pseudonym (HMAC of the user id);
the vocabulary is documented in docs/xapi-profile.md.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from assistant.db.models import User, XapiStatement, utcnow

ADL = "http://adlnet.gov/expapi/verbs/"
VERBS = {
    "initialized": "started",
    "answered": "answered",
    "asked": "asked for a hint",
    "terminated": "stopped",
}
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"


def iso_duration(delta: timedelta) -> str:
    """An ISO 8601 duration such as `PT12.34S` (xAPI's `result.duration`)."""
    return f"PT{max(delta.total_seconds(), 0):.2f}S"


def activity(public_url: str, path: str, name: str, activity_type: str) -> dict:
    """An xAPI Activity object with a French and an English-free display name."""
    return {
        "objectType": "Activity",
        "id": f"{public_url}/xapi/activities/{path}",
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
) -> XapiStatement:
    """Build a statement for `user` and add it to the session (the caller commits)."""
    now = utcnow()
    statement: dict = {
        "id": str(uuid.uuid4()),
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": public_url, "name": user.pseudonym},
        },
        "verb": {"id": ADL + verb, "display": {"en-US": VERBS[verb]}},
        "object": obj,
        "timestamp": (timestamp or now).isoformat(),
        "stored": now.isoformat(),
        "version": "1.0.3",
        "authority": {
            "objectType": "Agent",
            "account": {"homePage": public_url, "name": "rebond-tutor"},
        },
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
    row = XapiStatement(
        id=statement["id"],
        actor_name=user.pseudonym,
        verb_id=statement["verb"]["id"],
        object_id=obj["id"],
        registration=registration,
        timestamp=timestamp or now,
        stored=now,
        statement=statement,
    )
    db.add(row)
    return row

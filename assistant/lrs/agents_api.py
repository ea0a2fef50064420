"""The Activities and Agents resources (xAPI 1.0.3 Communication 2.4 and 2.5).

GET /xapi/activities returns the canonical definition the LRS merged from stored statements
(`documents.remember_activities`). GET /xapi/agents returns a Person built only from the
agent asked about: Rebond keeps no directory of identities behind its pseudonyms, and this
resource must never become a way to join a pseudonym to a name.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy.orm import Session

from assistant.auth.dependencies import get_db
from assistant.lrs import documents
from assistant.lrs.auth import PROFILE, STATE, STATEMENTS_READ_MINE, LrsPrincipal, require_scope
from assistant.lrs.documents_api import agent_param, openapi, query_params, respond_json
from assistant.lrs.validation import IFIS, validate_iri

router = APIRouter(prefix="/xapi", tags=["xAPI documents"])
# Any client that reads statements or keeps documents needs the definitions and agents they
# name; `all/read` and `all` imply statements/read/mine.
reader = require_scope(STATEMENTS_READ_MINE, STATE, PROFILE)


def person_of(agent: dict) -> dict:
    """Communication 2.4.s3.b3: with nothing more known, the Person holds the agent's own
    properties, each as a one-element array (2.4.s5)."""
    person: dict = {"objectType": "Person"}
    for name in ("name", *IFIS):
        if name in agent:
            person[name] = [agent[name]]
    return person


@router.get("/activities", openapi_extra=openapi(["activityId"]))
@router.head("/activities", openapi_extra=openapi(["activityId"]))
def activity(
    request: Request,
    db: Session = Depends(get_db),
    _client: LrsPrincipal = Depends(reader),
) -> Response:
    """The full Activity object, or a bare one when the LRS has no definition (2.5.s2.b1)."""
    found = query_params(request, ["activityId"], ["activityId"])
    activity_id = validate_iri(found["activityId"], "activityId")
    return respond_json(request, documents.canonical_activity(db, activity_id))


@router.get("/agents", openapi_extra=openapi(["agent"]))
@router.head("/agents", openapi_extra=openapi(["agent"]))
def agents(request: Request, _client: LrsPrincipal = Depends(reader)) -> Response:
    """The Person object for an agent (400 for a Group or an agent without one identifier)."""
    found = query_params(request, ["agent"], ["agent"])
    return respond_json(request, person_of(agent_param(found["agent"])))

"""HTTP routes of the three xAPI 1.0.3 document resources (Communication 2.2, 2.3, 2.6, 2.7).

The three resources differ only in which parameters name a document, so one table
(`RESOURCES`) describes them and one set of handlers serves all three. Parameters are read by
hand rather than declared to FastAPI: xAPI wants 400 (never 422) for a missing or malformed
parameter, and 400 for any parameter it does not define, including a right name in the wrong
case (Communication 3.2.s3.b7-b8). The storage rules live in `assistant.lrs.documents`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy.orm import Session

from assistant.auth.dependencies import get_db
from assistant.lrs import documents
from assistant.lrs.auth import ALL, ALL_READ, PROFILE, STATE, LrsPrincipal, require_scope
from assistant.lrs.documents import Body, DocumentKind, DocumentScope, Preconditions
from assistant.lrs.validation import (
    XapiValidationError,
    agent_key,
    parse_agent_param,
    validate_iri,
    validate_timestamp,
    validate_uuid,
)

router = APIRouter(prefix="/xapi", tags=["xAPI documents"])

DEFAULT_CONTENT_TYPE = "application/octet-stream"


def query_params(request: Request, allowed: Iterable[str], required: Iterable[str]) -> dict:
    """The query parameters, checked: none unknown, none repeated, none missing (else 400)."""
    allowed = set(allowed)
    found: dict[str, str] = {}
    for name, value in request.query_params.multi_items():
        if name not in allowed:
            raise XapiValidationError(
                f"unknown parameter {name!r} here; allowed: {', '.join(sorted(allowed))}"
            )
        if name in found:
            raise XapiValidationError(f"parameter {name!r} given more than once")
        if "\x00" in value:  # no database stores it in text, and no identifier needs it
            raise XapiValidationError(f"parameter {name!r} contains a NUL character")
        found[name] = value
    missing = [name for name in required if name not in found]
    if missing:
        raise XapiValidationError(f"missing required parameter {', '.join(missing)}")
    return found


def openapi(
    required: Iterable[str], optional: Iterable[str] = (), *, preconditions: bool = False,
    body: bool = False,
) -> dict:  # fmt: skip
    """The OpenAPI description of hand-read parameters, so clients and the schemathesis run
    see them (FastAPI cannot infer what it does not parse)."""

    def query(name: str, is_required: bool) -> dict:
        return {"name": name, "in": "query", "required": is_required, "schema": {"type": "string"}}

    parameters = [query(name, True) for name in required]
    parameters += [query(name, False) for name in optional]
    if preconditions:
        parameters += [
            {"name": name, "in": "header", "required": False, "schema": {"type": "string"}}
            for name in ("If-Match", "If-None-Match")
        ]
    extra: dict = {"parameters": parameters}
    if body:
        extra["requestBody"] = {
            "required": True,
            "content": {
                "application/json": {"schema": {}},
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
            },
        }
    return extra


def agent_param(text: str) -> dict:
    """An `agent` parameter that must be an Agent, not a Group (Communication 2.4.s2, 2.6)."""
    try:
        agent = parse_agent_param(text)
    except RecursionError:  # JSON nested deeper than Python parses
        raise XapiValidationError("agent: must be a JSON Agent object") from None
    if agent.get("objectType") == "Group":
        raise XapiValidationError("agent: must be an Agent object, not a Group")
    return agent


def http_date(moment: datetime) -> str:
    """An RFC 7231 date (Last-Modified)."""
    return format_datetime(documents.as_utc(moment), usegmt=True)


@dataclass(frozen=True)
class Resource:
    """What names a document in one resource, and which scopes may read and write it."""

    path: str
    kind: DocumentKind
    id_param: str
    by_activity: bool
    by_agent: bool
    scope_name: str

    @property
    def has_registration(self) -> bool:
        return self.kind is DocumentKind.state

    @property
    def context_params(self) -> list[str]:
        """The parameters that name the set of documents (all required)."""
        return [
            name
            for name, used in (("activityId", self.by_activity), ("agent", self.by_agent))
            if used
        ]

    @property
    def optional_context(self) -> list[str]:
        return ["registration"] if self.has_registration else []


RESOURCES = (
    Resource("/activities/state", DocumentKind.state, "stateId", True, True, STATE),
    Resource(
        "/activities/profile", DocumentKind.activity_profile, "profileId", True, False, PROFILE
    ),
    Resource("/agents/profile", DocumentKind.agent_profile, "profileId", False, True, PROFILE),
)


@dataclass(frozen=True)
class Target:
    """A request's parsed parameters: the scope, the registration and the document id."""

    scope: DocumentScope
    registration: str | None
    document_id: str | None
    since: datetime | None


def parse_target(
    request: Request, resource: Resource, *, id_required: bool, with_since: bool = False
) -> Target:
    """Read and validate the parameters a method accepts on a resource (400 otherwise)."""
    allowed = [*resource.context_params, *resource.optional_context, resource.id_param]
    if with_since:
        allowed.append("since")
    required = [*resource.context_params, *([resource.id_param] if id_required else [])]
    found = query_params(request, allowed, required)
    activity_id = validate_iri(found["activityId"], "activityId") if resource.by_activity else None
    key = agent_key(agent_param(found["agent"])) if resource.by_agent else None
    if key is not None and "\x00" in key:  # "\u0000" inside the agent's JSON
        raise XapiValidationError("agent: contains a NUL character")
    registration = found.get("registration")
    if registration is not None:
        registration = validate_uuid(registration, "registration")
    document_id = found.get(resource.id_param)
    if document_id is not None and not document_id:
        raise XapiValidationError(f"{resource.id_param}: must not be empty")
    since = found.get("since")
    return Target(
        DocumentScope(resource.kind, activity_id, key),
        registration,
        document_id,
        utc_timestamp(since, "since") if since is not None else None,
    )


def utc_timestamp(text: str, name: str) -> datetime:
    """A timestamp parameter in UTC (how times are stored); 400 if it has no UTC equivalent
    (year 1 with a positive offset)."""
    try:
        return validate_timestamp(text, name).astimezone(timezone.utc)
    except OverflowError:
        raise XapiValidationError(f"{name}: {text!r} is out of range") from None


async def request_body(request: Request) -> Body:
    """The raw document and its declared type (read before the sync handler runs)."""
    content_type = request.headers.get("content-type") or DEFAULT_CONTENT_TYPE
    return Body(await request.body(), content_type)


def respond(
    request: Request, content: bytes, content_type: str, last_modified: datetime | None
) -> Response:
    """A GET answer with the ETag every GET needs (Communication 3.1.s4.b1-b4: the quoted
    SHA-1 hex of the content) and Last-Modified; HEAD gets the headers alone (1.1.s3)."""
    headers = {"Content-Type": content_type, "ETag": f'"{documents.etag_of(content)}"'}
    if last_modified is not None:
        headers["Last-Modified"] = http_date(last_modified)
    if request.method == "HEAD":
        return Response(headers={**headers, "Content-Length": str(len(content))})
    return Response(content, headers=headers)


def respond_json(
    request: Request, value: object, last_modified: datetime | None = None
) -> Response:
    """A JSON GET answer (id lists, Activity and Person objects)."""
    content = json.dumps(value, ensure_ascii=False).encode()
    return respond(request, content, "application/json", last_modified)


def _read(request: Request, resource: Resource, db: Session) -> Response:
    """GET/HEAD: one document with its ETag, or the list of ids (`since` exclusive)."""
    target = parse_target(request, resource, id_required=False, with_since=True)
    if target.document_id is not None:
        document = documents.find(db, target.scope, target.document_id, target.registration)
        if document is None:
            raise documents.document_not_found()
        return respond(request, document.content, document.content_type, document.updated)
    ids, latest = documents.list_ids(db, target.scope, target.since, target.registration)
    return respond_json(request, ids, latest)


def _preconditions(request: Request) -> Preconditions:
    return Preconditions.from_headers(
        request.headers.get("if-match"), request.headers.get("if-none-match")
    )


def _add_routes(resource: Resource) -> None:
    """Register GET/HEAD, PUT, POST and DELETE for one resource."""
    reader = require_scope(resource.scope_name, ALL, ALL_READ)
    writer = require_scope(resource.scope_name, ALL)

    def read(
        request: Request,
        db: Session = Depends(get_db),
        _client: LrsPrincipal = Depends(reader),
    ) -> Response:
        return _read(request, resource, db)

    def put(
        request: Request,
        body: Body = Depends(request_body),
        db: Session = Depends(get_db),
        _client: LrsPrincipal = Depends(writer),
    ) -> Response:
        target = parse_target(request, resource, id_required=True)
        documents.put(
            db, target.scope, target.document_id, body, _preconditions(request), target.registration
        )
        return Response(status_code=204)

    def post(
        request: Request,
        body: Body = Depends(request_body),
        db: Session = Depends(get_db),
        _client: LrsPrincipal = Depends(writer),
    ) -> Response:
        target = parse_target(request, resource, id_required=True)
        documents.post(
            db, target.scope, target.document_id, body, _preconditions(request), target.registration
        )
        return Response(status_code=204)

    def remove(
        request: Request,
        db: Session = Depends(get_db),
        _client: LrsPrincipal = Depends(writer),
    ) -> Response:
        # Only the State resource deletes a whole set (Communication 2.3.s5).
        target = parse_target(request, resource, id_required=not resource.has_registration)
        if target.document_id is None:
            documents.delete_all(db, target.scope, target.registration)
        else:
            documents.delete_one(
                db, target.scope, target.document_id, _preconditions(request), target.registration
            )
        return Response(status_code=204)

    name = resource.kind.value
    context, optional = resource.context_params, resource.optional_context
    named = [*context, resource.id_param]
    write_doc = openapi(named, optional, preconditions=True, body=True)
    for handler, method, doc in (
        (read, "GET", openapi(context, [*optional, resource.id_param, "since"])),
        (put, "PUT", write_doc),
        (post, "POST", write_doc),
        (remove, "DELETE", openapi(
            named if not resource.has_registration else context,
            [*optional, resource.id_param] if resource.has_registration else [],
            preconditions=True,
        )),
    ):  # fmt: skip
        # HEAD is its own route (Communication 1.1), so each has its own operation id.
        for verb in ["GET", "HEAD"] if method == "GET" else [method]:
            router.add_api_route(
                resource.path,
                handler,
                methods=[verb],
                status_code=200 if method == "GET" else 204,
                name=f"{name}_{verb.lower()}",
                openapi_extra=doc,
            )


for _resource in RESOURCES:
    _add_routes(_resource)

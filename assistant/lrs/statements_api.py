"""The Statements resource: PUT, POST, GET and HEAD on /xapi/statements (xAPI 1.0.3 §2.1).

Query parameters are read by hand rather than declared to FastAPI: xAPI wants 400 with a
precise message for an unknown or malformed parameter, and its names (`statementId`) and
JSON-valued parameters (`agent`) do not fit FastAPI's validation.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import replace
from email.utils import format_datetime

import orjson
from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from assistant.auth.dependencies import get_db
from assistant.errors import ApiError
from assistant.lrs.auth import (
    STATEMENTS_READ,
    STATEMENTS_READ_MINE,
    STATEMENTS_WRITE,
    LrsPrincipal,
    require_scope,
)
from assistant.lrs.documents import canonical_definitions
from assistant.lrs.formats import FORMATS, formatter
from assistant.lrs.models import StatementAttachment, XapiStatement
from assistant.lrs.multipart import boundary_of, build_mixed, parse_parts, read_parts
from assistant.lrs.query import StatementQuery, run_query
from assistant.lrs.store import (
    from_micros,
    index_value,
    indexed_agent,
    micros,
    pending_writes,
    store_statements,
)
from assistant.lrs.validation import (
    XapiValidationError,
    parse_agent_param,
    validate_iri,
    validate_timestamp,
    validate_uuid,
)

log = logging.getLogger("rebond.lrs")
router = APIRouter(prefix="/xapi", tags=["xAPI"])
may_write = require_scope(STATEMENTS_WRITE)
may_read = require_scope(STATEMENTS_READ, STATEMENTS_READ_MINE)

MAX_BODY_BYTES = 16 * 1024 * 1024
WRITE_ATTEMPTS = 3  # a batch of a few thousand statements, or attachments
_QUERY_PARAMS = {
    "agent",
    "verb",
    "activity",
    "registration",
    "related_activities",
    "related_agents",
    "since",
    "until",
    "limit",
    "format",
    "attachments",
    "ascending",
}
_SINGLE_PARAMS = {"statementId", "voidedStatementId", "format", "attachments"}


def _openapi(params: list[str], body: bool = False) -> dict:
    """What the OpenAPI document says of a route whose parameters are read by hand, so that
    clients and schema-driven tests know them (all strings: xAPI sends JSON agents as text)."""
    version = {
        "name": "X-Experience-API-Version",
        "in": "header",
        "required": True,
        "schema": {"type": "string", "example": "1.0.3"},
    }
    extra: dict = {
        "parameters": [
            version,
            *(
                {"name": name, "in": "query", "required": False, "schema": {"type": "string"}}
                for name in params
            ),
        ]
    }
    if body:
        statement = {"type": "object", "description": "an xAPI 1.0.3 statement"}
        extra["requestBody"] = {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {"oneOf": [statement, {"type": "array", "items": statement}]}
                },
                "multipart/mixed": {"schema": {"type": "string", "format": "binary"}},
            },
        }
    return extra


def _params(request: Request, allowed: set[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for name, value in request.query_params.multi_items():
        if name not in allowed:
            raise XapiValidationError(f"unknown or misplaced parameter {name!r}")
        if name in params:
            raise XapiValidationError(f"parameter {name!r} given twice")
        params[name] = value
    return params


def _boolean(params: dict[str, str], name: str) -> bool:
    value = params.get(name, "false")
    if value not in ("true", "false"):
        raise XapiValidationError(f"{name} must be true or false")
    return value == "true"


def _http_date(stored_us: int) -> str:
    return format_datetime(from_micros(stored_us), usegmt=True)


# ---- writing ---------------------------------------------------------------------------


async def _read_statements(request: Request) -> tuple[object, dict[str, tuple[str, bytes]]]:
    """The JSON of a PUT/POST body (a statement or an array) and the attachment parts."""
    content_type = request.headers.get("content-type", "")
    media = content_type.split(";")[0].strip().lower()
    body = await request.body()
    received: dict[str, tuple[str, bytes]] = {}
    if media == "application/json":
        document = body
    elif media == "multipart/mixed":
        parts = parse_parts(body, boundary_of(content_type))
        if not parts or not parts[0][0].get("content-type", "").startswith("application/json"):
            raise XapiValidationError("the first multipart part must be application/json")
        document = parts[0][1]
    else:
        raise XapiValidationError(
            f"Content-Type {media or 'missing'}: use application/json or multipart/mixed",
            code="unsupported_content_type",
        )
    try:
        parsed = orjson.loads(document)
    except orjson.JSONDecodeError as error:
        raise XapiValidationError(f"the body is not valid JSON ({error})") from None
    if media == "multipart/mixed":
        received = read_parts(parts[1:])
    return parsed, received


def _store(
    db: Session,
    statements: list,
    principal: LrsPrincipal,
    received: dict[str, tuple[str, bytes]],
) -> list[str]:
    """Store and commit, retrying when another writer got in first: a concurrent batch with
    the same id (the retry then sees it and applies the conflict rules), or SQLite's
    "database is locked" when two transactions want to write at once."""
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        with pending_writes.writing() as stored_us:
            try:
                ids = store_statements(db, statements, principal, received, stored_us)
                db.commit()
                return ids
            except (IntegrityError, OperationalError) as error:
                db.rollback()
                log.warning("statement batch attempt %d failed: %s", attempt, error.orig)
    raise ApiError(
        503,
        "lrs_busy",
        "Le registre est occupé : réessaie dans un instant.",
        "The LRS could not store the batch because of concurrent writes; retry.",
    )


@router.put("/statements", status_code=204, openapi_extra=_openapi(["statementId"], body=True))
async def put_statement(
    request: Request,
    principal: LrsPrincipal = Depends(may_write),
    db: Session = Depends(get_db),
) -> Response:
    """Store one statement under the id given as `statementId`."""
    params = _params(request, {"statementId"})
    if "statementId" not in params:
        raise XapiValidationError("PUT needs the statementId parameter")
    statement_id = validate_uuid(params["statementId"], "statementId")
    statement, received = await _read_statements(request)
    if not isinstance(statement, dict):
        raise XapiValidationError("PUT takes one statement object, not an array")
    if "id" in statement and str(statement["id"]).lower() != statement_id:
        raise XapiValidationError("the statement's id differs from the statementId parameter")
    statement["id"] = statement_id
    await run_in_threadpool(_store, db, [statement], principal, received)
    return Response(status_code=204)


@router.post("/statements", openapi_extra=_openapi([], body=True))
async def post_statements(
    request: Request,
    principal: LrsPrincipal = Depends(may_write),
    db: Session = Depends(get_db),
) -> list[str]:
    """Store one statement or a batch; the ids come back in order."""
    _params(request, set())
    parsed, received = await _read_statements(request)
    statements = parsed if isinstance(parsed, list) else [parsed]
    return await run_in_threadpool(_store, db, statements, principal, received)


# ---- reading ---------------------------------------------------------------------------


def _not_found(statement_id: str) -> ApiError:
    return ApiError(
        404,
        "statement_not_found",
        "Aucune déclaration ne porte cet identifiant.",
        f"No statement {statement_id} here (or it is voided: ask with voidedStatementId).",
    )


def _query(params: dict[str, str]) -> StatementQuery:
    fields: dict = {}
    if "agent" in params:
        fields["agent"] = indexed_agent(parse_agent_param(params["agent"]))
    if "verb" in params:
        fields["verb"] = index_value(validate_iri(params["verb"], "verb"))
    if "activity" in params:
        fields["activity"] = index_value(validate_iri(params["activity"], "activity"))
    if "registration" in params:
        fields["registration"] = validate_uuid(params["registration"], "registration")
    for name in ("since", "until"):
        if name in params:
            fields[f"{name}_us"] = micros(validate_timestamp(params[name], name))
    if "limit" in params:
        if not params["limit"].isdigit():
            raise XapiValidationError("limit must be a non-negative integer")
        fields["limit"] = int(params["limit"])
    for name in ("related_activities", "related_agents", "ascending"):
        fields[name] = _boolean(params, name)
    return StatementQuery(**fields)


def _formatter(
    db: Session, fmt: str, language: str | None, statements: list[dict]
) -> Callable[[dict], dict]:
    """The `format` transform; `canonical` needs the Activities' canonical definitions."""
    definitions = canonical_definitions(db, statements) if fmt == "canonical" else None
    return formatter(fmt, language, definitions)


def _attachment_parts(db: Session, statements: list[dict]) -> list[tuple[str, str, bytes]]:
    wanted = {
        a["sha2"].lower() for s in statements for a in s.get("attachments", []) if "sha2" in a
    }
    if not wanted:
        return []
    rows = db.scalars(select(StatementAttachment).where(StatementAttachment.sha2.in_(wanted)))
    return [(r.sha2, r.content_type, r.content) for r in rows]


def _respond(
    request: Request,
    db: Session,
    document: dict,
    statements: list[dict],
    attachments: bool,
    last_modified: int | None,
) -> Response:
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    media = "application/json"
    if attachments:
        media, body = build_mixed(body, _attachment_parts(db, statements))
    headers = {"Last-Modified": _http_date(last_modified)} if last_modified else {}
    if request.method == "HEAD":
        headers["Content-Length"] = str(len(body))
        return Response(status_code=200, headers=headers, media_type=media)
    return Response(body, headers=headers, media_type=media)


_READ_DOC = _openapi(sorted(_QUERY_PARAMS | _SINGLE_PARAMS | {"more"}))


@router.head("/statements", openapi_extra=_READ_DOC)
def head_statements(
    request: Request,
    principal: LrsPrincipal = Depends(may_read),
    db: Session = Depends(get_db),
) -> Response:
    """The headers GET would send, without the body."""
    return get_statements(request, principal, db)


@router.get("/statements", openapi_extra=_READ_DOC)
def get_statements(
    request: Request,
    principal: LrsPrincipal = Depends(may_read),
    db: Session = Depends(get_db),
) -> Response:
    """One statement by id, or a page of the statements matching the filters."""
    params = _params(request, _QUERY_PARAMS | _SINGLE_PARAMS | {"more"})
    fmt = params.get("format", "exact")
    if fmt not in FORMATS:
        raise XapiValidationError(f"format must be one of {', '.join(FORMATS)}")
    with_attachments = _boolean(params, "attachments")
    language = request.headers.get("accept-language")
    mine = indexed_agent(principal.authority) if principal.reads_only_own else None
    single = {"statementId", "voidedStatementId"} & set(params)
    if single:
        if len(single) == 2 or set(params) - _SINGLE_PARAMS:
            raise XapiValidationError(
                "statementId or voidedStatementId allows only format and attachments beside it"
            )
        (name,) = single
        statement_id = validate_uuid(params[name], name)
        row = db.execute(
            select(XapiStatement.full, XapiStatement.voided, XapiStatement.stored_us).where(
                XapiStatement.id == statement_id,
                *([XapiStatement.authority_key == mine] if mine else []),
            )
        ).first()
        if row is None or row.voided != (name == "voidedStatementId"):
            raise _not_found(statement_id)
        statement = json.loads(row.full)
        shown = _formatter(db, fmt, language, [statement])(statement)
        return _respond(request, db, shown, [statement], with_attachments, row.stored_us)
    if "more" in params:
        if len(params) > 1:
            raise XapiValidationError("more must be the only parameter")
        query = StatementQuery.from_token(params["more"], request.app.state.settings.secret_key)
    else:
        query = replace(_query(params), format=fmt, attachments=with_attachments)
    page = run_query(db, query, mine)
    secret = request.app.state.settings.secret_key
    statements = [json.loads(full) for _, _, full in page.rows]
    transform = _formatter(db, query.format, language, statements)
    document = {
        "statements": [transform(s) for s in statements],
        "more": f"/xapi/statements?more={page.more.token(secret)}" if page.more else "",
    }
    newest = max((stored for _, stored, _ in page.rows), default=None)
    return _respond(request, db, document, statements, query.attachments, newest)

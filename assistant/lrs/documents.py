"""Storage and rules of the xAPI 1.0.3 document resources (State, Activity and Agent Profiles)
and of the canonical Activity definitions behind the Activities resource.

Every write is a compare-and-swap on the stored ETag (`UPDATE … WHERE etag = <read>`), and a
creation relies on the unique `document_key`: two clients racing with the same stale If-Match,
or both creating with `If-None-Match: *`, cannot both win, on SQLite as on PostgreSQL, without
holding locks across the request. The HTTP layer (documents_api) only parses and formats.
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import Connection, bindparam, delete, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assistant.db.models import utcnow
from assistant.errors import ApiError
from assistant.lrs.chunks import in_chunks
from assistant.lrs.document_models import XapiActivity, XapiDocument

JSON_TYPE = "application/json"
# A write that loses its compare-and-swap re-reads and tries again; only a document rewritten
# this many times during one request gives up (409), instead of spinning.
MAX_WRITE_ATTEMPTS = 5
MAX_CONTENT_TYPE = 255  # the column's size


class DocumentKind(str, enum.Enum):
    """The three document resources; each stores its documents under its own scope."""

    state = "state"
    activity_profile = "activity_profile"
    agent_profile = "agent_profile"


def _sha256(*parts: str) -> str:
    """A hash of parts that cannot collide by shifting text between them (length-prefixed)."""
    digest = hashlib.sha256()
    for part in parts:
        encoded = part.encode("utf-8")
        digest.update(f"{len(encoded)}:".encode())
        digest.update(encoded)
    return digest.hexdigest()


def as_utc(moment: datetime) -> datetime:
    """A stored time in UTC: SQLite gives it back naive (it is UTC), PostgreSQL in the
    session's time zone."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


@dataclass(frozen=True)
class DocumentScope:
    """Where a document lives: its resource, Activity and/or agent (canonical IFI string)."""

    kind: DocumentKind
    activity_id: str | None = None
    agent_key: str | None = None

    @property
    def scope_hash(self) -> str:
        return _sha256(self.kind.value, self.activity_id or "", self.agent_key or "")

    def document_key(self, registration: str | None, document_id: str) -> str:
        """The unique key of one document: scope, registration (states only) and id."""
        return _sha256(self.scope_hash, registration or "", document_id)


@dataclass(frozen=True)
class Body:
    """A document as sent: raw bytes and the Content-Type header (any type is allowed)."""

    content: bytes
    content_type: str

    @property
    def is_json(self) -> bool:
        return self.content_type.split(";")[0].strip().lower() == JSON_TYPE


@dataclass(frozen=True)
class Preconditions:
    """If-Match / If-None-Match as lists of unquoted ETags (`*` kept as is), None if absent."""

    if_match: tuple[str, ...] | None = None
    if_none_match: tuple[str, ...] | None = None

    @classmethod
    def from_headers(cls, if_match: str | None, if_none_match: str | None) -> Preconditions:
        return cls(_etag_list(if_match), _etag_list(if_none_match))

    @property
    def absent(self) -> bool:
        return self.if_match is None and self.if_none_match is None

    def check(self, current: XapiDocument | None) -> None:
        """RFC 7232 semantics: 412 when the stored document is not the one the client expects."""
        if self.if_match is not None and (
            current is None or ("*" not in self.if_match and current.etag not in self.if_match)
        ):
            raise precondition_failed()
        if self.if_none_match is not None and current is not None:
            if "*" in self.if_none_match or current.etag in self.if_none_match:
                raise precondition_failed()


def _etag_list(header: str | None) -> tuple[str, ...] | None:
    """`"a", W/"b"` → ("a", "b"); ETags are compared without quotes or weakness marks."""
    if header is None:
        return None
    tags = []
    for raw in header.split(","):
        tag = raw.strip()
        if tag.startswith("W/"):
            tag = tag[2:]
        tags.append(tag.strip('"'))
    return tuple(tag for tag in tags if tag)


def etag_of(content: bytes) -> str:
    """xAPI 1.0.3 Communication 3.1.s4.b2: the lowercase hex SHA-1 of the contents."""
    return hashlib.sha1(content).hexdigest()  # noqa: S324 - mandated by the spec, not security


def precondition_failed() -> ApiError:
    return ApiError(
        412,
        "precondition_failed",
        "Le document a changé depuis ta dernière lecture : relis-le puis réessaie.",
        "Precondition failed: the document's ETag does not match If-Match / If-None-Match.",
    )


def conflict_without_precondition() -> ApiError:
    """Communication 3.1.s4.b13-b14: the message says to check the state and send If-Match."""
    return ApiError(
        409,
        "document_exists",
        "Ce document existe déjà : relis-le, puis renvoie-le avec l'en-tête If-Match.",
        "The document already exists: check its current state, then send If-Match with "
        "its current ETag to replace it (or If-None-Match: * to create only).",
    )


def document_not_found() -> ApiError:
    return ApiError(404, "document_not_found", "Ce document n'existe pas.", "No such document.")


def _not_mergeable(reason: str) -> ApiError:
    return ApiError(
        400,
        "document_not_mergeable",
        "Impossible de fusionner : les deux documents doivent être des objets JSON.",
        f"Cannot merge: {reason} (POST merges only application/json objects).",
    )


def invalid_json_document() -> ApiError:
    return ApiError(
        400,
        "invalid_json_document",
        "Le document n'est pas du JSON valide.",
        "The document's Content-Type is application/json but its content is not valid JSON.",
    )


def check_body(body: Body) -> None:
    """A body declared as JSON must be JSON (Communication 3.2.s3.b6): 400 otherwise."""
    if len(body.content_type) > MAX_CONTENT_TYPE:
        raise ApiError(
            400,
            "content_type_too_long",
            "Le type du document (Content-Type) est trop long.",
            f"Content-Type over {MAX_CONTENT_TYPE} characters.",
        )
    if body.is_json:
        try:
            json.loads(body.content)
        except (ValueError, RecursionError):  # RecursionError: nesting deeper than Python's
            raise invalid_json_document() from None


def _json_object(content: bytes, which: str) -> dict:
    try:
        value = json.loads(content)
    except (ValueError, RecursionError):
        raise _not_mergeable(f"the {which} document is not valid JSON") from None
    if not isinstance(value, dict):
        raise _not_mergeable(f"the {which} document is not a JSON object")
    return value


def merged_content(current: XapiDocument, body: Body) -> bytes:
    """Communication 2.2.s7: top-level properties of the posted object replace the stored ones."""
    if not body.is_json:
        raise _not_mergeable("the posted document is not application/json")
    if not Body(current.content, current.content_type).is_json:
        raise _not_mergeable("the stored document is not application/json")
    merged = _json_object(current.content, "stored")
    merged.update(_json_object(body.content, "posted"))
    return json.dumps(merged, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def find(
    db: Session, scope: DocumentScope, document_id: str, registration: str | None = None
) -> XapiDocument | None:
    """The stored document, read fresh (never from the session's identity map)."""
    key = scope.document_key(registration, document_id)
    return db.scalars(
        select(XapiDocument)
        .where(XapiDocument.document_key == key)
        .execution_options(populate_existing=True)
    ).one_or_none()


def list_ids(
    db: Session,
    scope: DocumentScope,
    since: datetime | None = None,
    registration: str | None = None,
) -> tuple[list[str], datetime | None]:
    """Ids of the scope's documents updated after `since` (exclusive, in UTC), and the latest
    update.

    For states, `registration` narrows the list; without it every registration is listed
    (Communication 2.3.s4: "Activity + Agent [+ registration if specified]").
    """
    query = select(XapiDocument.document_id, XapiDocument.updated).where(
        XapiDocument.scope == scope.scope_hash
    )
    if registration is not None:
        query = query.where(XapiDocument.registration == registration)
    if since is not None:
        query = query.where(XapiDocument.updated > since)
    rows = db.execute(query.order_by(XapiDocument.updated, XapiDocument.id)).all()
    ids = list(dict.fromkeys(row.document_id for row in rows))
    latest = max((as_utc(row.updated) for row in rows), default=None)
    return ids, latest


def put(
    db: Session,
    scope: DocumentScope,
    document_id: str,
    body: Body,
    preconditions: Preconditions,
    registration: str | None = None,
) -> None:
    """Store or replace a document. Profiles refuse a blind overwrite (409); states allow it."""
    check_body(body)

    def replace(current: XapiDocument | None) -> bytes:
        if current is not None and preconditions.absent and scope.kind is not DocumentKind.state:
            raise conflict_without_precondition()
        return body.content

    _write(db, scope, document_id, registration, body.content_type, preconditions, replace)


def post(
    db: Session,
    scope: DocumentScope,
    document_id: str,
    body: Body,
    preconditions: Preconditions,
    registration: str | None = None,
) -> None:
    """Store a new document, or merge a JSON object into the stored JSON object."""
    check_body(body)

    def merge(current: XapiDocument | None) -> bytes:
        return body.content if current is None else merged_content(current, body)

    _write(db, scope, document_id, registration, body.content_type, preconditions, merge)


def _write(
    db: Session,
    scope: DocumentScope,
    document_id: str,
    registration: str | None,
    content_type: str,
    preconditions: Preconditions,
    new_content: Callable[[XapiDocument | None], bytes],
) -> None:
    """Read, check, then compare-and-swap; a lost race re-reads and re-checks from scratch."""
    for _ in range(MAX_WRITE_ATTEMPTS):
        current = find(db, scope, document_id, registration)
        preconditions.check(current)
        content = new_content(current)
        now = utcnow()
        if current is None:
            document = XapiDocument(
                kind=scope.kind.value,
                scope=scope.scope_hash,
                document_key=scope.document_key(registration, document_id),
                registration=registration,
                document_id=document_id,
                activity_id=scope.activity_id,
                agent_key=scope.agent_key,
                content=content,
                content_type=content_type,
                etag=etag_of(content),
                updated=now,
            )
            db.add(document)
            try:
                db.commit()
            except IntegrityError:  # created meanwhile by another request: start again
                db.rollback()
                continue
            return
        swapped = db.execute(
            update(XapiDocument)
            .where(XapiDocument.id == current.id, XapiDocument.etag == current.etag)
            .values(
                content=content,
                content_type=content_type,
                etag=etag_of(content),
                updated=now,
            )
            .execution_options(synchronize_session=False)
        )
        if swapped.rowcount == 1:
            db.commit()
            return
        db.rollback()
    raise _busy()


def _busy() -> ApiError:
    return ApiError(
        409,
        "document_busy",
        "Ce document change sans arrêt : réessaie dans un instant.",
        "The document kept changing during the request; retry.",
    )


def delete_one(
    db: Session,
    scope: DocumentScope,
    document_id: str,
    preconditions: Preconditions,
    registration: str | None = None,
) -> None:
    """Delete one document (404 if absent); If-Match makes it conditional."""
    for _ in range(MAX_WRITE_ATTEMPTS):
        current = find(db, scope, document_id, registration)
        if current is None:
            if preconditions.if_match is not None:
                raise precondition_failed()
            raise document_not_found()
        preconditions.check(current)
        removed = db.execute(
            delete(XapiDocument)
            .where(XapiDocument.id == current.id, XapiDocument.etag == current.etag)
            .execution_options(synchronize_session=False)
        )
        if removed.rowcount == 1:
            db.commit()
            return
        db.rollback()
    raise _busy()


def delete_all(db: Session, scope: DocumentScope, registration: str | None = None) -> None:
    """Communication 2.3.s5: delete every state of Activity + agent (+ registration)."""
    statement = delete(XapiDocument).where(XapiDocument.scope == scope.scope_hash)
    if registration is not None:
        statement = statement.where(XapiDocument.registration == registration)
    db.execute(statement.execution_options(synchronize_session=False))
    db.commit()


# --- Canonical Activities (Activities resource, Communication 2.5) -------------------------

# Language maps and extensions grow key by key; every other definition property is replaced
# by the latest statement that gives it.
_MERGED_BY_KEY = ("name", "description", "extensions")


def merge_definition(stored: dict, incoming: dict) -> dict:
    """The canonical definition after a statement brings `incoming`."""
    merged = dict(stored)
    for key, value in incoming.items():
        if key in _MERGED_BY_KEY and isinstance(value, dict):
            merged[key] = {**merged.get(key, {}), **value}
        else:
            merged[key] = value
    return merged


def activities_in(statement: dict) -> Iterator[dict]:
    """Every Activity object a statement (and its sub-statement) mentions."""
    target = statement.get("object") or {}
    if target.get("objectType", "Activity") == "Activity" and "id" in target:
        yield target
    for value in ((statement.get("context") or {}).get("contextActivities") or {}).values():
        yield from (a for a in (value if isinstance(value, list) else [value]) if "id" in a)
    if target.get("objectType") == "SubStatement":
        yield from activities_in(target)


def remember_activities(db: Session, statements: Iterable[dict]) -> None:
    """Merge the Activity definitions of stored statements into the canonical ones.

    Call it inside the transaction that stores the statements (the caller commits). Only
    Activities that carry a definition are written; the Activities resource answers the bare
    `{"objectType": "Activity", "id": …}` for the others. Safe under concurrent batches: known
    rows are locked (PostgreSQL) in one order before they are merged, and a new Activity is
    created with INSERT … ON CONFLICT DO NOTHING; one that another batch created meanwhile is
    then locked and merged like a known one.
    """
    incoming: dict[str, dict] = {}
    for statement in statements:
        for activity in activities_in(statement):
            definition = activity.get("definition")
            if isinstance(definition, dict) and definition:
                earlier = incoming.get(activity["id"], {})
                incoming[activity["id"]] = merge_definition(earlier, definition)
    if not incoming:
        return
    # One locking read for the usual batch, where every Activity is known already: this is
    # on the ingest path of every statement batch.
    by_hash = {_sha256(activity_id): (activity_id, d) for activity_id, d in incoming.items()}
    table = XapiActivity.__table__
    connection = db.connection()  # Core, without the ORM's per-statement work
    stored = _locked_definitions(connection, sorted(by_hash))  # one lock order for all writers
    now = utcnow()
    new = [
        {"id_hash": h, "activity_id": by_hash[h][0], "definition": by_hash[h][1], "updated": now}
        for h in sorted(by_hash.keys() - stored.keys())
    ]
    if new:
        dialect = db.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        created = set(
            connection.scalars(
                insert(table)
                .on_conflict_do_nothing(index_elements=["id_hash"])
                .returning(table.c.id_hash),
                new,
            )
        )
        lost = {row["id_hash"] for row in new} - created  # created by another batch meanwhile
        stored |= _locked_definitions(connection, sorted(lost))
    changed = []
    for id_hash, definition in stored.items():
        merged = merge_definition(definition or {}, by_hash[id_hash][1])
        if merged != definition:
            changed.append({"key": id_hash, "merged": merged, "now": now})
    if changed:
        connection.execute(
            update(table)
            .where(table.c.id_hash == bindparam("key"))
            .values(definition=bindparam("merged"), updated=bindparam("now")),
            changed,
        )


def _locked_definitions(connection: Connection, hashes: list[str]) -> dict[str, dict | None]:
    """The stored definitions of these Activities (by id hash), rows locked until commit."""
    if not hashes:
        return {}
    table = XapiActivity.__table__
    rows = connection.execute(
        select(table.c.id_hash, table.c.definition)
        .where(table.c.id_hash.in_(hashes))
        .order_by(table.c.id_hash)
        .with_for_update()
    )
    return dict(rows.all())


def canonical_definitions(db: Session, statements: Iterable[dict]) -> dict[str, dict]:
    """The canonical definition of every Activity the statements mention, by Activity id
    (for `format=canonical`); Activities the LRS keeps no definition for are left out."""
    ids = {a["id"] for s in statements for a in activities_in(s)}
    by_hash = {_sha256(activity_id): activity_id for activity_id in ids}
    table = XapiActivity.__table__
    found: dict[str, dict] = {}
    for chunk in in_chunks(sorted(by_hash)):
        rows = db.execute(
            select(table.c.id_hash, table.c.definition).where(table.c.id_hash.in_(chunk))
        )
        found |= {by_hash[h]: definition for h, definition in rows if definition}
    return found


def canonical_activity(db: Session, activity_id: str) -> dict:
    """The Activity object for the Activities resource (bare id when the LRS knows nothing)."""
    row = db.get(XapiActivity, _sha256(activity_id))
    activity: dict = {"objectType": "Activity", "id": activity_id}
    if row is not None and row.definition:
        activity["definition"] = row.definition
    return activity

"""Storing statements: the one way in, for HTTP clients and for the tutor alike.

`store_statements` validates a batch, applies the LRS's own properties (id, stored,
authority, version, timestamp), enforces the conflict and voiding rules, and writes the batch
with a handful of multi-row INSERTs — no flush per statement — inside the caller's
transaction (the caller commits, so a batch is stored whole or not at all).
"""

from __future__ import annotations

import hashlib
import json
import threading
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import orjson
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from assistant.errors import ApiError
from assistant.lrs.auth import LrsPrincipal
from assistant.lrs.chunks import in_chunks
from assistant.lrs.documents import remember_activities
from assistant.lrs.models import (
    StatementActivity,
    StatementAgent,
    StatementAttachment,
    XapiStatement,
)
from assistant.lrs.multipart import match_attachments
from assistant.lrs.signatures import check_signatures
from assistant.lrs.validation import (
    VOIDED,
    XapiValidationError,
    agent_key,
    comparable,
    validate_statement,
    validate_timestamp,
)

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
MICROSECOND = timedelta(microseconds=1)
S = XapiStatement.__table__
MAX_INDEXED = 500


def micros(moment: datetime) -> int:
    """Microseconds since the epoch: how times are indexed."""
    return (moment - EPOCH) // MICROSECOND


def from_micros(us: int) -> datetime:
    """The UTC time of epoch microseconds."""
    return EPOCH + us * MICROSECOND


def iso(us: int) -> str:
    """An xAPI timestamp (UTC, microseconds, `Z`) from epoch microseconds."""
    return from_micros(us).strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z"


def now_us() -> int:
    return micros(datetime.now(timezone.utc))


class _PendingWrites:
    """The `stored` times of batches this process is writing but has not committed yet.

    `X-Experience-API-Consistent-Through` must not promise statements that could still
    appear with an earlier `stored`: it is the oldest pending batch's time, or now.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: dict[int, int] = {}

    @contextmanager
    def writing(self) -> Iterator[int]:
        """A `stored` time for a batch, pending until the block (which commits) ends."""
        with self._lock:
            stored_us = now_us()
            self._pending[stored_us] = self._pending.get(stored_us, 0) + 1
        try:
            yield stored_us
        finally:
            with self._lock:
                self._pending[stored_us] -= 1
                if not self._pending[stored_us]:
                    del self._pending[stored_us]

    def consistent_through(self) -> str:
        with self._lock:
            oldest = min(self._pending, default=None)
        return iso(now_us() if oldest is None else oldest - 1)


pending_writes = _PendingWrites()


def index_value(text: str) -> str:
    """What goes in an indexed column: the value, or its SHA-256 when too long for a B-tree
    entry. Queries pass their parameters through the same function."""
    if len(text) <= MAX_INDEXED:
        return text
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def indexed_agent(agent: dict) -> str:
    return index_value(agent_key(agent))


@dataclass
class _Prepared:
    statement: dict
    timestamp_given: bool
    agents: dict[str, bool] = field(default_factory=dict)
    activities: dict[str, bool] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.statement["id"]

    @property
    def ref(self) -> str | None:
        obj = self.statement["object"]
        return obj["id"] if obj.get("objectType") == "StatementRef" else None

    @property
    def voiding(self) -> bool:
        return self.statement["verb"]["id"] == VOIDED


def _agents_of(agent: dict | None, direct: bool, into: dict[str, bool]) -> None:
    """Record an agent or group, and a group's members, as mentioned by the statement."""
    if not isinstance(agent, dict) or agent.get("objectType") in ("Activity", "StatementRef"):
        return
    if agent.get("objectType") == "SubStatement":
        return
    key = agent_key(agent)
    if not key.startswith("anonymous:"):
        into[index_value(key)] = into.get(index_value(key), False) or direct
    for member in agent.get("member", []):
        _agents_of(member, direct, into)


def _activities_of(body: dict, direct: bool, into: dict[str, bool]) -> None:
    obj = body["object"]
    if obj.get("objectType", "Activity") == "Activity":
        into[index_value(obj["id"])] = into.get(index_value(obj["id"]), False) or direct
    for value in body.get("context", {}).get("contextActivities", {}).values():
        for activity in value if isinstance(value, list) else [value]:
            into.setdefault(index_value(activity["id"]), False)


def _index(prepared: _Prepared) -> None:
    """Which agents and activities the statement matches, directly or as related."""
    statement = prepared.statement
    _agents_of(statement["actor"], True, prepared.agents)
    _agents_of(statement["object"], True, prepared.agents)
    _agents_of(statement["authority"], False, prepared.agents)
    context = statement.get("context", {})
    _agents_of(context.get("instructor"), False, prepared.agents)
    _agents_of(context.get("team"), False, prepared.agents)
    _activities_of(statement, True, prepared.activities)
    sub = statement["object"]
    if sub.get("objectType") == "SubStatement":
        _agents_of(sub["actor"], False, prepared.agents)
        _agents_of(sub["object"], False, prepared.agents)
        sub_context = sub.get("context", {})
        _agents_of(sub_context.get("instructor"), False, prepared.agents)
        _agents_of(sub_context.get("team"), False, prepared.agents)
        _activities_of(sub, False, prepared.activities)


def _prepare(raw: object, path: str, principal: LrsPrincipal, stored: str) -> _Prepared:
    statement = validate_statement(raw, path)
    if "authority" in statement and agent_key(statement["authority"]) != agent_key(
        principal.authority
    ):
        raise ApiError(
            403,
            "authority_mismatch",
            "L'autorité de la déclaration ne correspond pas au client LRS.",
            f"{path}.authority does not match the credentials used; leave it out and the "
            "LRS sets it.",
        )
    timestamp_given = "timestamp" in statement
    if "id" not in statement:  # not setdefault: a random UUID costs a system call
        statement["id"] = str(uuid.uuid4())
    statement["stored"] = stored
    statement["authority"] = principal.authority
    statement.setdefault("version", "1.0.0")
    statement.setdefault("timestamp", stored)
    prepared = _Prepared(statement, timestamp_given)
    _index(prepared)
    return prepared


def _rows_by_id(db: Session, ids: Iterable[str], *columns: object) -> dict[str, tuple]:
    found: dict[str, tuple] = {}
    for chunk in in_chunks(sorted(set(ids))):
        for row in db.connection().execute(select(S.c.id, *columns).where(S.c.id.in_(chunk))):
            found[row[0]] = tuple(row[1:])
    return found


def store_statements(
    db: Session,
    raws: list[object],
    principal: LrsPrincipal,
    attachments: dict[str, tuple[str, bytes]] | None = None,
    stored_us: int | None = None,
) -> list[str]:
    """Store a batch and return the ids of its statements, in order.

    A statement whose id is already stored with the same content is skipped (a retry must
    not fail a batch); with other content the whole batch is refused with 409. `attachments`
    maps a SHA-2 digest to the (content type, bytes) of a part whose hash the caller checked;
    `stored_us` comes from `pending_writes.writing()` when the caller commits right after.
    """
    stored_us = now_us() if stored_us is None else stored_us
    stored = iso(stored_us)
    prepared = [_prepare(raw, f"statements[{i}]", principal, stored) for i, raw in enumerate(raws)]
    match_attachments([p.statement for p in prepared], attachments or {})
    check_signatures([p.statement for p in prepared], attachments or {})
    ids = [p.id for p in prepared]
    if len(set(ids)) != len(ids):
        duplicate = next(i for i in ids if ids.count(i) > 1)
        raise XapiValidationError(f"the batch holds statement id {duplicate} more than once")
    existing = _rows_by_id(db, ids, S.c.full)
    fresh: list[_Prepared] = []
    for p in prepared:
        if p.id not in existing:
            fresh.append(p)
            continue
        known = json.loads(existing[p.id][0])
        if comparable(known, p.timestamp_given) != comparable(p.statement, p.timestamp_given):
            raise ApiError(
                409,
                "statement_conflict",
                "Une autre déclaration porte déjà cet identifiant.",
                f"Statement {p.id} is already stored with different content.",
            )
    if fresh:
        _insert(db, fresh, stored_us)
        if attachments:
            _store_attachments(db, attachments)
    return ids


def _check_voiding(db: Session, fresh: list[_Prepared]) -> set[str]:
    """The ids the batch voids; a voiding statement may not target another voiding one."""
    targets = {p.ref for p in fresh if p.voiding}
    if not targets:
        return set()
    voiding_in_batch = {p.id for p in fresh if p.voiding}
    known = _rows_by_id(db, targets, S.c.is_voiding)
    for target in targets:
        if target in voiding_in_batch or known.get(target, (False,))[0]:
            raise XapiValidationError(
                f"statement {target} is itself a voiding statement and cannot be voided",
                code="voiding_a_voiding_statement",
            )
    return targets


def _insert(db: Session, fresh: list[_Prepared], stored_us: int) -> None:
    # Core statements on the session's connection (same transaction), without the ORM's
    # per-statement work: this is the ingest path of every batch.
    connection = db.connection()
    voided_now = _check_voiding(db, fresh)
    refs = {p.ref for p in fresh if p.ref}
    targets = _rows_by_id(db, refs, S.c.seq, S.c.ref_target_seq)
    # Statements already stored that point at one of the new ones (they arrived first).
    new_ids = [p.id for p in fresh]
    pointing: list[tuple[int, str, bool]] = []
    for chunk in in_chunks(new_ids):
        pointing += connection.execute(
            select(S.c.seq, S.c.object_ref, S.c.is_voiding).where(S.c.object_ref.in_(chunk))
        ).all()
    voided_before = {ref for _, ref, voiding in pointing if voiding}
    rows = []
    for p in fresh:
        statement = p.statement
        target = targets.get(p.ref) if p.ref else None
        rows.append(
            {
                "id": p.id,
                "verb_id": index_value(statement["verb"]["id"]),
                "actor_key": indexed_agent(statement["actor"]),
                "registration": statement.get("context", {}).get("registration"),
                "authority_key": indexed_agent(statement["authority"]),
                "object_ref": p.ref,
                "ref_target_seq": (target[1] or target[0]) if target else None,
                "is_voiding": p.voiding,
                "voided": p.id in voided_before and not p.voiding,
                "stored_us": stored_us,
                "timestamp_us": micros(validate_timestamp(statement["timestamp"])),
                "full": orjson.dumps(statement).decode(),
            }
        )
    # Multi-row INSERTs that return each new row's seq with its id: the pairs need no order,
    # so SQLAlchemy batches them ("insertmanyvalues") on SQLite and PostgreSQL alike.
    inserted = connection.execute(insert(S).returning(S.c.id, S.c.seq), rows)
    seq_of = {id_: seq for id_, seq in inserted}
    agents = [
        {
            "seq": seq_of[p.id],
            "agent_key": key,
            "direct": direct,
            "verb_id": index_value(p.statement["verb"]["id"]),
            "stored_us": stored_us,
        }
        for p in fresh
        for key, direct in p.agents.items()
    ]
    activities = [
        {"seq": seq_of[p.id], "activity_id": key, "direct": direct, "stored_us": stored_us}
        for p in fresh
        for key, direct in p.activities.items()
    ]
    if agents:
        connection.execute(insert(StatementAgent.__table__), agents)
    if activities:
        connection.execute(insert(StatementActivity.__table__), activities)
    _link_references(db, fresh, seq_of, pointing)
    for chunk in in_chunks(sorted(voided_now)):
        db.execute(
            update(XapiStatement)
            .where(XapiStatement.id.in_(chunk), XapiStatement.is_voiding.is_(False))
            .values(voided=True)
        )
    remember_activities(db, [p.statement for p in fresh])


def _link_references(
    db: Session,
    fresh: list[_Prepared],
    seq_of: dict[str, int],
    pointing: list[tuple[int, str, bool]],
) -> None:
    """Point StatementRefs at the seq of their target when both ends are now stored."""
    for p in fresh:
        if p.ref in seq_of:  # target stored in this same batch
            db.execute(
                update(XapiStatement)
                .where(XapiStatement.seq == seq_of[p.id])
                .values(ref_target_seq=seq_of[p.ref])
            )
    for seq, ref, _ in pointing:  # stored earlier, target arrived now
        db.execute(
            update(XapiStatement)
            .where(XapiStatement.seq == seq, XapiStatement.ref_target_seq.is_(None))
            .values(ref_target_seq=seq_of[ref])
        )


def _store_attachments(db: Session, attachments: dict[str, tuple[str, bytes]]) -> None:
    known = set(
        db.scalars(
            select(StatementAttachment.sha2).where(StatementAttachment.sha2.in_(list(attachments)))
        )
    )
    rows = [
        {"sha2": sha2, "content_type": content_type, "content": content}
        for sha2, (content_type, content) in attachments.items()
        if sha2 not in known
    ]
    if rows:
        db.execute(insert(StatementAttachment), rows)

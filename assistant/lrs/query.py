"""Statement queries: the filters of GET /xapi/statements, newest first, in stable pages.

A page is read by keyset — "after (stored, seq) of the last row" — and every page of one
query is capped at the highest `seq` that existed when its first page was read, so
statements inserted meanwhile never shift or duplicate rows across pages. The page cursor
travels inside the `more` link (base64 JSON signed with the service's secret key), so the LRS
keeps no per-client state and runs no query a client has edited.

When an agent or activity filter is given, the query is driven from the narrow side table
whose index starts with that agent or activity (and the verb, and `stored`), so the usual
query is one index range scan whatever the size of the store.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import asdict, dataclass, replace

from sqlalchemy import Select, and_, func, or_, select, union_all
from sqlalchemy.orm import Session

from assistant.lrs.models import StatementActivity, StatementAgent, XapiStatement
from assistant.lrs.validation import XapiValidationError

MAX_LIMIT = 500
S = XapiStatement.__table__
A = StatementAgent.__table__
C = StatementActivity.__table__


@dataclass(frozen=True)
class StatementQuery:
    """The filters and paging of one query; agents and IRIs already as indexed values."""

    agent: str | None = None
    verb: str | None = None
    activity: str | None = None
    registration: str | None = None
    related_activities: bool = False
    related_agents: bool = False
    since_us: int | None = None
    until_us: int | None = None
    limit: int = 0
    ascending: bool = False
    format: str = "exact"
    attachments: bool = False
    after: tuple[int, int] | None = None  # (stored_us, seq) of the previous page's last row
    bound: int | None = None  # highest seq the query may return

    @property
    def page_size(self) -> int:
        return MAX_LIMIT if self.limit <= 0 else min(self.limit, MAX_LIMIT)

    @property
    def filters_statements(self) -> bool:
        """Whether a non-time filter is set (then StatementRefs to matches match too)."""
        return any((self.agent, self.verb, self.activity, self.registration))

    def token(self, secret: str) -> str:
        """The `more` cursor, signed so that a tampered one is refused rather than run."""
        raw = base64.urlsafe_b64encode(json.dumps(asdict(self), separators=(",", ":")).encode())
        body = raw.decode().rstrip("=")
        return f"{body}.{_signature(secret, body)}"

    @classmethod
    def from_token(cls, token: str, secret: str) -> StatementQuery:
        body, _, signature = token.rpartition(".")
        if not hmac.compare_digest(signature, _signature(secret, body)):
            raise XapiValidationError("more: not a cursor this LRS issued")
        fields = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        after = fields.pop("after")
        return cls(**fields, after=tuple(after) if after else None)


def _signature(secret: str, body: str) -> str:
    digest = hmac.new(secret.encode(), f"xapi-more:{body}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode()


@dataclass
class Page:
    rows: list[tuple[int, int, str]]  # (seq, stored_us, full JSON)
    more: StatementQuery | None


def _window(table: object, q: StatementQuery, mine: str | None) -> list:
    """Conditions on the returned statement: time, page, visibility."""
    conditions = [table.c.voided.is_(False)]
    if q.since_us is not None:
        conditions.append(table.c.stored_us > q.since_us)
    if q.until_us is not None:
        conditions.append(table.c.stored_us <= q.until_us)
    if q.bound is not None:
        conditions.append(table.c.seq <= q.bound)
    if q.after is not None:
        stored, seq = q.after
        if q.ascending:
            conditions.append(
                or_(
                    table.c.stored_us > stored, and_(table.c.stored_us == stored, table.c.seq > seq)
                )
            )
        else:
            conditions.append(
                or_(
                    table.c.stored_us < stored, and_(table.c.stored_us == stored, table.c.seq < seq)
                )
            )
    if mine is not None:
        conditions.append(table.c.authority_key == mine)
    return conditions


def _side_time(column: object, q: StatementQuery) -> list:
    """The same time window on a side table's denormalised `stored`, to narrow its scan."""
    conditions = []
    if q.since_us is not None:
        conditions.append(column > q.since_us)
    if q.until_us is not None:
        conditions.append(column <= q.until_us)
    if q.after is not None:
        conditions.append(column >= q.after[0] if q.ascending else column <= q.after[0])
    return conditions


def _agent_rows(q: StatementQuery, verb_too: bool) -> list:
    conditions = [A.c.agent_key == q.agent]
    if not q.related_agents:
        conditions.append(A.c.direct.is_(True))
    if verb_too and q.verb:
        conditions.append(A.c.verb_id == q.verb)
    return conditions


def _activity_rows(q: StatementQuery) -> list:
    conditions = [C.c.activity_id == q.activity]
    if not q.related_activities:
        conditions.append(C.c.direct.is_(True))
    return conditions


def _matches(table: object, q: StatementQuery, skip: str | None = None) -> list:
    """Non-time filters on `table`'s row; `skip` names the one a join already applies."""
    conditions = []
    if q.agent and skip != "agent":
        rows = select(A.c.seq).where(*_agent_rows(q, verb_too=True))
        conditions.append(table.c.seq.in_(rows))
    if q.verb and not q.agent:
        conditions.append(table.c.verb_id == q.verb)
    if q.activity and skip != "activity":
        rows = select(C.c.seq).where(*_activity_rows(q))
        conditions.append(table.c.seq.in_(rows))
    if q.registration:
        conditions.append(table.c.registration == q.registration)
    return conditions


def _order(q: StatementQuery, stored: object, seq: object) -> tuple:
    return (stored.asc(), seq.asc()) if q.ascending else (stored.desc(), seq.desc())


def _direct(q: StatementQuery, mine: str | None, size: int) -> Select:
    """Statements that match the filters themselves, driven by the most selective index."""
    if q.agent:
        base = (
            select(S.c.seq, S.c.stored_us)
            .select_from(A.join(S, S.c.seq == A.c.seq))
            .where(*_agent_rows(q, verb_too=True), *_side_time(A.c.stored_us, q))
        )
        skip = "agent"
        order = _order(q, A.c.stored_us, A.c.seq)
    elif q.activity:
        base = (
            select(S.c.seq, S.c.stored_us)
            .select_from(C.join(S, S.c.seq == C.c.seq))
            .where(*_activity_rows(q), *_side_time(C.c.stored_us, q))
        )
        skip = "activity"
        order = _order(q, C.c.stored_us, C.c.seq)
    else:
        base = select(S.c.seq, S.c.stored_us)
        skip = None
        order = _order(q, S.c.stored_us, S.c.seq)
    return base.where(*_window(S, q, mine), *_matches(S, q, skip)).order_by(*order).limit(size)


def _through_references(q: StatementQuery, mine: str | None, size: int) -> Select:
    """Statements whose StatementRef target matches the filters (time applies to them)."""
    target = S.alias("target")
    return (
        select(S.c.seq, S.c.stored_us)
        .select_from(S.join(target, target.c.seq == S.c.ref_target_seq))
        .where(*_window(S, q, mine), *_matches(target, q))
        .order_by(*_order(q, S.c.stored_us, S.c.seq))
        .limit(size)
    )


def run_query(db: Session, q: StatementQuery, mine: str | None) -> Page:
    """One page of statements for `q`; `mine` restricts to one authority's statements."""
    if q.bound is None:
        q = replace(q, bound=db.scalar(select(func.max(S.c.seq))) or 0)
    size = q.page_size + 1
    branches = [_direct(q, mine, size).subquery()]
    if q.filters_statements:
        branches.append(_through_references(q, mine, size).subquery())
    if len(branches) == 1:
        candidates = select(branches[0].c.seq)
    else:
        candidates = union_all(*(select(b.c.seq) for b in branches))
    rows = db.execute(
        select(S.c.seq, S.c.stored_us, S.c.full)
        .where(S.c.seq.in_(candidates))
        .order_by(*_order(q, S.c.stored_us, S.c.seq))
        .limit(size)
    ).all()
    page = [tuple(r) for r in rows[: q.page_size]]
    more = None
    if len(rows) > q.page_size:
        last = page[-1]
        more = replace(q, after=(last[1], last[0]))
    return Page(page, more)

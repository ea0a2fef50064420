"""The research export: stored statements of a date range, with nothing that names a person.

What a researcher receives, and why each part is kept or removed:

- Every agent (actor, object, authority, context instructor and team, group members) becomes
  an `account` agent `{homePage: <REBOND_PUBLIC_URL>, name: <pseudonym>}` without `name`.
  A Rebond student keeps the pseudonym Rebond already uses, HMAC-SHA256(secret, user id), so
  an export links with the rest of Rebond's pseudonymous data; any other agent (an mbox, an
  openid, another system's account) gets HMAC-SHA256(secret, "xapi-agent:" + its identifier):
  stable across exports, useless without the secret. An anonymous group keeps no identity of
  its own, only its pseudonymised members.
- `result.response` is removed: it is what a student typed, and free text can hold a name, an
  e-mail address or a phone number that no rule can reliably find. Success, score, duration
  and completion stay: they are what the research is about.
- Extensions are kept only under Rebond's own namespace (`<public url>/xapi/extensions/`),
  whose values Rebond defines (skill, level, hints used…); another system's extensions can
  hold anything.
- Attachments are removed (a voice recording or a signature identifies a person).
- Voided statements (retracted by their authors) and the voiding statements are left out.
- Kept as they are: statement ids, verbs, Activities (curriculum content), registrations
  (random UUIDs), timestamps and `stored`.

Statements are read in keyset pages of `PAGE` rows, so the export streams in constant memory.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from assistant.db.models import User
from assistant.lrs.models import XapiStatement
from assistant.lrs.store import micros
from assistant.lrs.validation import IFIS, agent_key

PAGE = 500


@dataclass(frozen=True)
class Pseudonymiser:
    """Turns any agent into a pseudonymous account under the service's URL."""

    secret: str
    public_url: str
    students: frozenset[str]  # Rebond pseudonyms met in the current page

    def is_student(self, agent: dict) -> bool:
        account = agent.get("account") or {}
        return account.get("homePage") == self.public_url and account.get("name") in self.students

    def pseudonym(self, agent: dict) -> str:
        if self.is_student(agent):
            return agent["account"]["name"]
        message = ("xapi-agent:" + agent_key(agent)).encode()
        return hmac.new(self.secret.encode(), message, hashlib.sha256).hexdigest()

    def agent(self, agent: dict) -> dict:
        """An Agent or a Group with its identity replaced and its name dropped."""
        result: dict = {"objectType": agent.get("objectType", "Agent")}
        if any(ifi in agent for ifi in IFIS):
            result["account"] = {"homePage": self.public_url, "name": self.pseudonym(agent)}
        if "member" in agent:
            result["member"] = [self.agent(member) for member in agent["member"]]
        return result


def _own_extensions(value: dict, public_url: str) -> dict:
    prefix = f"{public_url}/xapi/extensions/"
    return {key: item for key, item in value.items() if key.startswith(prefix)}


def _scrub_part(part: dict, public_url: str, drop: tuple[str, ...]) -> dict:
    """A result or context without the fields in `drop` and with only Rebond's extensions."""
    cleaned = {key: value for key, value in part.items() if key not in drop}
    if "extensions" in cleaned:
        cleaned["extensions"] = _own_extensions(cleaned["extensions"], public_url)
    return cleaned


def scrub(statement: dict, people: Pseudonymiser) -> dict:
    """The statement (or sub-statement) as a researcher may see it; see the module docstring."""
    kept = ("id", "objectType", "verb", "timestamp", "stored", "version")
    cleaned = {key: statement[key] for key in kept if key in statement}
    cleaned["actor"] = people.agent(statement["actor"])
    target = statement["object"]
    kind = target.get("objectType", "Activity")
    if kind in ("Agent", "Group"):
        target = people.agent(target)
    elif kind == "SubStatement":
        target = scrub(target, people)
    cleaned["object"] = target
    if "result" in statement:
        cleaned["result"] = _scrub_part(statement["result"], people.public_url, ("response",))
    if "context" in statement:
        context = _scrub_part(statement["context"], people.public_url, ())
        for role in ("instructor", "team"):
            if role in context:
                context[role] = people.agent(context[role])
        cleaned["context"] = context
    if "authority" in statement:
        cleaned["authority"] = people.agent(statement["authority"])
    return cleaned


def _accounts(value: object, public_url: str) -> Iterator[str]:
    """Account names under the service's URL anywhere in a statement (student candidates)."""
    if isinstance(value, dict):
        account = value.get("account")
        if isinstance(account, dict) and account.get("homePage") == public_url:
            yield str(account.get("name"))
        for item in value.values():
            yield from _accounts(item, public_url)
    elif isinstance(value, list):
        for item in value:
            yield from _accounts(item, public_url)


def _students_among(db: Session, names: set[str]) -> frozenset[str]:
    if not names:
        return frozenset()
    return frozenset(db.scalars(select(User.pseudonym).where(User.pseudonym.in_(names))))


def export_lines(
    sessions: Callable[[], Session],
    secret: str,
    public_url: str,
    since: datetime | None,
    until: datetime | None,
) -> Iterator[bytes]:
    """NDJSON lines of the non-voided statements stored in (since, until], oldest first.

    Each page is its own short read transaction, so a long download holds no snapshot open.
    """
    query = select(XapiStatement.seq, XapiStatement.stored_us, XapiStatement.full).where(
        XapiStatement.voided.is_(False), XapiStatement.is_voiding.is_(False)
    )
    if since is not None:
        query = query.where(XapiStatement.stored_us > micros(since))
    if until is not None:
        query = query.where(XapiStatement.stored_us <= micros(until))
    query = query.order_by(XapiStatement.stored_us, XapiStatement.seq).limit(PAGE)
    after: tuple[int, int] | None = None
    with sessions() as db:
        while True:
            page_query = query
            if after is not None:
                stored_us, seq = after
                page_query = query.where(
                    or_(
                        XapiStatement.stored_us > stored_us,
                        and_(XapiStatement.stored_us == stored_us, XapiStatement.seq > seq),
                    )
                )
            rows = db.execute(page_query).all()
            statements = [json.loads(row.full) for row in rows]
            names = {name for statement in statements for name in _accounts(statement, public_url)}
            people = Pseudonymiser(secret, public_url, _students_among(db, names))
            db.rollback()
            for statement in statements:
                yield json.dumps(scrub(statement, people), ensure_ascii=False).encode() + b"\n"
            if len(rows) < PAGE:
                return
            after = (rows[-1].stored_us, rows[-1].seq)

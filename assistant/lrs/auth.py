"""LRS clients: key and secret over HTTP Basic, and the xAPI scopes each client holds.

Secrets are stored as Argon2id hashes. A client secret is 256 random bits, not a person's
password: no dictionary helps an attacker, so the hash needs no heavy cost parameters and uses
light ones (one pass over 8 MiB). Even so, hashing on every request would cap throughput, so a
secret verified once is remembered in memory as its SHA-256 for a short while: a repeated
request costs one hash and one comparison, and a stolen database still gives nothing usable.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import Depends, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.auth.dependencies import get_db
from assistant.errors import ApiError
from assistant.lrs.models import LrsClient

STATEMENTS_WRITE = "statements/write"
STATEMENTS_READ = "statements/read"
STATEMENTS_READ_MINE = "statements/read/mine"
STATE = "state"
PROFILE = "profile"
ALL_READ = "all/read"
ALL = "all"
SCOPES = (STATEMENTS_WRITE, STATEMENTS_READ, STATEMENTS_READ_MINE, STATE, PROFILE, ALL_READ, ALL)
# What a scope grants beyond itself (xAPI: `all` grants everything, `all/read` every read).
IMPLIED = {
    ALL: set(SCOPES),
    ALL_READ: {STATEMENTS_READ, STATEMENTS_READ_MINE},
    STATEMENTS_READ: {STATEMENTS_READ_MINE},
}

TUTOR_CLIENT = "rebond-tutor"
CACHE_SECONDS = 300.0
_hasher = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)


@dataclass(frozen=True)
class LrsPrincipal:
    """The authenticated client of a request, and the authority of what it writes."""

    client_id: int
    name: str
    scopes: frozenset[str]
    authority: dict

    def has(self, scope: str) -> bool:
        """True when one of the client's scopes is or implies `scope`."""
        return scope in self.scopes or any(scope in IMPLIED.get(s, ()) for s in self.scopes)

    @property
    def reads_only_own(self) -> bool:
        """Only `statements/read/mine`: queries see only statements this client wrote."""
        return not self.has(STATEMENTS_READ)


def authority_for(public_url: str, name: str) -> dict:
    """The authority agent of a client: an account under the LRS's clients page, a namespace
    apart from the students' accounts."""
    return {
        "objectType": "Agent",
        "name": name,
        "account": {"homePage": f"{public_url}/xapi/clients", "name": name},
    }


def _check_scopes(scopes: list[str]) -> list[str]:
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise ValueError(f"unknown scopes {unknown}; choose among {', '.join(SCOPES)}")
    return sorted(set(scopes))


def create_client(db: Session, name: str, scopes: list[str]) -> tuple[str, str]:
    """Create a client and return its (key, secret); only the secret's hash is kept, so the
    secret is shown once. The caller commits."""
    key = secrets.token_hex(16)
    secret = secrets.token_urlsafe(32)
    db.add(
        LrsClient(
            name=name, key=key, secret_hash=_hasher.hash(secret), scopes=_check_scopes(scopes)
        )
    )
    db.flush()
    return key, secret


def principal_of(client: LrsClient, public_url: str) -> LrsPrincipal:
    """The principal a client row stands for."""
    return LrsPrincipal(
        client.id, client.name, frozenset(client.scopes), authority_for(public_url, client.name)
    )


def tutor_principal(db: Session, public_url: str) -> LrsPrincipal:
    """The tutor's own client (statements/write), created on first need with a secret
    nobody knows: the tutor writes in-process, but through the same store as everyone."""
    client = db.scalars(select(LrsClient).where(LrsClient.name == TUTOR_CLIENT)).first()
    if client is None:
        create_client(db, TUTOR_CLIENT, [STATEMENTS_WRITE])
        client = db.scalars(select(LrsClient).where(LrsClient.name == TUTOR_CLIENT)).one()
    return principal_of(client, public_url)


class _VerifiedSecrets:
    """Secrets verified recently, as SHA-256 digests, per key."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[bytes, float]] = {}

    def known(self, key: str, secret: str) -> bool:
        entry = self._entries.get(key)
        if entry is None or entry[1] < time.monotonic():
            return False
        return hmac.compare_digest(entry[0], hashlib.sha256(secret.encode()).digest())

    def remember(self, key: str, secret: str) -> None:
        digest = hashlib.sha256(secret.encode()).digest()
        self._entries[key] = (digest, time.monotonic() + CACHE_SECONDS)


_verified = _VerifiedSecrets()


def _unauthorized(message_en: str) -> ApiError:
    return ApiError(401, "lrs_unauthorized", "Identifiants LRS absents ou invalides.", message_en)


def _credentials(request: Request) -> tuple[str, str]:
    header = request.headers.get("Authorization", "")
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded:
        raise _unauthorized("HTTP Basic credentials (LRS client key and secret) are required.")
    try:
        key, sep, secret = base64.b64decode(encoded, validate=True).decode().partition(":")
    except (ValueError, UnicodeDecodeError):
        raise _unauthorized("Malformed HTTP Basic credentials.") from None
    if not sep:
        raise _unauthorized("Malformed HTTP Basic credentials.")
    return key, secret


def authenticate(request: Request, db: Session) -> LrsPrincipal:
    """The client whose key and secret the request carries, or 401."""
    key, secret = _credentials(request)
    client = db.scalars(select(LrsClient).where(LrsClient.key == key)).first()
    if client is None or not client.active:
        raise _unauthorized("Unknown or disabled LRS client.")
    if not _verified.known(key, secret):
        try:
            _hasher.verify(client.secret_hash, secret)
        except (VerificationError, InvalidHashError):
            raise _unauthorized("Wrong LRS client secret.") from None
        _verified.remember(key, secret)
    return principal_of(client, request.app.state.settings.public_url)


def require_scope(*any_of: str) -> Callable[..., LrsPrincipal]:
    """A dependency: the authenticated client, which must hold one of `any_of` (403)."""

    def check(request: Request, db: Session = Depends(get_db)) -> LrsPrincipal:
        principal = authenticate(request, db)
        if not any(principal.has(scope) for scope in any_of):
            raise ApiError(
                403,
                "lrs_forbidden",
                "Ce client LRS n'a pas le droit de faire cela.",
                f"This LRS client needs one of the scopes: {', '.join(any_of)}.",
            )
        return principal

    return check

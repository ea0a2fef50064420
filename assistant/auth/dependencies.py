"""FastAPI dependencies that enforce who may call an endpoint.

Browsers carry a signed, HttpOnly session cookie; the Rasa action server carries the
service token in `X-Rebond-Service-Token`. Every router declares one of these.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable

from fastapi import Depends, Request
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner
from sqlalchemy.orm import Session

from assistant.db.models import Role, User
from assistant.errors import ApiError
from assistant.settings import Settings

SESSION_COOKIE = "rebond_session"


def signer(settings: Settings) -> TimestampSigner:
    """The signer of session cookies."""
    return TimestampSigner(settings.secret_key, salt="rebond-session")


def session_cookie_value(settings: Settings, user: User) -> str:
    """The cookie value for a logged-in user: the signed user id."""
    return signer(settings).sign(str(user.id)).decode()


def get_settings_dep(request: Request) -> Settings:
    """The app's settings (set on the app at creation, so tests can use their own)."""
    return request.app.state.settings


def get_db(request: Request):  # noqa: ANN201 - a generator dependency
    """A database session for the request."""
    yield from request.app.state.database.session()


def current_user(
    request: Request,
    settings: Settings = Depends(get_settings_dep),
    db: Session = Depends(get_db),
) -> User:
    """The logged-in user, or 401."""
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        raise ApiError.not_logged_in()
    try:
        user_id = int(signer(settings).unsign(raw, max_age=settings.session_max_age_s))
    except (BadSignature, SignatureExpired, ValueError):
        raise ApiError.not_logged_in() from None
    user = db.get(User, user_id)
    if user is None:
        raise ApiError.not_logged_in()
    return user


def require_role(*roles: Role) -> Callable[[User], User]:
    """A dependency that lets only the given roles through (403 otherwise)."""

    def check(user: User = Depends(current_user)) -> User:
        if user.role not in roles:
            raise ApiError(
                403,
                "forbidden",
                "Tu n'as pas accès à cette page.",
                "You are not allowed to access this resource.",
            )
        return user

    return check


def require_service(request: Request, settings: Settings = Depends(get_settings_dep)) -> None:
    """Only the action server (holder of the service token) may call the tutoring API."""
    token = request.headers.get("X-Rebond-Service-Token", "")
    if not hmac.compare_digest(token.encode(), settings.service_token.encode()):
        raise ApiError(
            401,
            "bad_service_token",
            "Accès réservé au moteur de conversation.",
            "This endpoint is reserved for the conversation engine.",
        )

"""Log in and out with a username and password; the session is a signed HttpOnly cookie."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.auth.dependencies import (
    SESSION_COOKIE,
    current_user,
    get_db,
    get_settings_dep,
    session_cookie_value,
)
from assistant.auth.passwords import verify_password
from assistant.db.models import User
from assistant.errors import ApiError
from assistant.settings import Settings

router = APIRouter(prefix="/api", tags=["auth"])


class LoginIn(BaseModel):
    username: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=256)


def user_view(user: User) -> dict:
    """What the pages may know about the logged-in person."""
    return {
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role.value,
        "preferences": user.preferences or {},
    }


@router.post("/auth/login")
def login(
    body: LoginIn,
    response: Response,
    db: Session = Depends(get_db),
    settings: Settings = Depends(get_settings_dep),
) -> dict:
    """Check the password and set the session cookie."""
    user = db.scalars(select(User).where(User.username == body.username.strip().lower())).first()
    if user is None or not verify_password(user.password_hash, body.password):
        raise ApiError(
            401,
            "bad_credentials",
            "Identifiant ou mot de passe incorrect.",
            "Wrong username or password.",
        )
    response.set_cookie(
        SESSION_COOKIE,
        session_cookie_value(settings, user),
        max_age=settings.session_max_age_s,
        httponly=True,
        samesite="lax",
        secure=settings.public_url.startswith("https"),
    )
    return {"user": user_view(user)}


@router.post("/auth/logout", status_code=204)
def logout(response: Response) -> Response:
    """Forget the session cookie."""
    response.delete_cookie(SESSION_COOKIE)
    response.status_code = 204
    return response


@router.get("/me")
def me(user: User = Depends(current_user)) -> dict:
    """The logged-in person's name, role and preferences."""
    return user_view(user)

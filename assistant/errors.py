"""One error shape for every 4xx: a code, a French message for the person, an English one.

The French message is written for a student: short, kind, and says what to do.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("rebond.errors")


class ApiError(Exception):
    """An error answered as `{"error": {"code", "message_fr", "message_en"}}`."""

    def __init__(self, status: int, code: str, message_fr: str, message_en: str) -> None:
        super().__init__(message_en)
        self.status = status
        self.code = code
        self.message_fr = message_fr
        self.message_en = message_en

    @classmethod
    def not_logged_in(cls) -> ApiError:
        """401: the person must log in (again)."""
        return cls(401, "not_logged_in", "Connecte-toi pour continuer.", "Please log in.")

    @classmethod
    def unknown_student(cls) -> ApiError:
        """404: no student has that pseudonym."""
        return cls(404, "unknown_student", "Élève inconnu.", "No student has this identifier.")


def error_body(code: str, message_fr: str, message_en: str) -> dict:
    """The JSON body of every error response."""
    return {"error": {"code": code, "message_fr": message_fr, "message_en": message_en}}


_HTTP_MESSAGES = {
    404: ("not_found", "Cette page n'existe pas.", "Not found."),
    405: ("method_not_allowed", "Action impossible ici.", "Method not allowed."),
    413: ("too_large", "C'est trop long. Envoie moins de texte.", "Request body too large."),
}


def install_error_handlers(app: FastAPI) -> None:
    """Log every 4xx and answer it in the common shape; nothing leaks as a 500."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        log.warning("%s %s -> %s %s", request.method, request.url.path, exc.status, exc.code)
        return JSONResponse(
            error_body(exc.code, exc.message_fr, exc.message_en), status_code=exc.status
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        fields = ", ".join(".".join(str(p) for p in e["loc"][1:]) for e in exc.errors())
        log.warning("%s %s -> 422 invalid: %s", request.method, request.url.path, fields)
        return JSONResponse(
            error_body(
                "invalid_request",
                "La demande est incomplète ou mal formée.",
                f"Invalid or missing fields: {fields or 'body'}.",
            ),
            status_code=422,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, fr, en = _HTTP_MESSAGES.get(
            exc.status_code, ("http_error", "La demande n'a pas abouti.", str(exc.detail))
        )
        log.warning("%s %s -> %s", request.method, request.url.path, exc.status_code)
        return JSONResponse(error_body(code, fr, en), status_code=exc.status_code)

"""The assistant service: pages, the chat gateway, the tutoring API and the teacher API.

`uvicorn assistant.main:app` serves it; tests call `create_app(settings)` with their own.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api import auth, engine, pages, reading, resources, teacher, tutor
from assistant.api.pages import STATIC_DIR
from assistant.db.engine import Database, WalCheckpointer, migrate
from assistant.engine import catalogue
from assistant.errors import error_body, install_error_handlers
from assistant.lrs import about, agents_api, documents_api, export_api, statements_api
from assistant.lrs.auth import tutor_principal
from assistant.lrs.headers import XapiProtocol
from assistant.seed import seed_demo
from assistant.settings import Settings, get_settings
from assistant.tutoring import open_answers
from channels import voice, web_chat
from channels.rasa_client import RasaClient
from channels.voice_engines import VoiceEngines
from speech.audio import MAX_UPLOAD_BYTES
from speech.tts.cache import SpeechCache

log = logging.getLogger("rebond")


class BodySizeLimit:
    """Refuse bodies over the limit with 413 before any endpoint reads them."""

    def __init__(self, app: ASGIApp, max_bytes: int, large: dict[str, int]) -> None:
        self.app = app
        self.default = max_bytes
        self.large = large  # paths that take bigger bodies (audio uploads)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.large.get(scope["path"], self.default)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and int(declared) > limit:
            await self._refuse(scope, send, limit)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await self._refuse(scope, send, limit)

    async def _refuse(self, scope: Scope, send: Send, limit: int) -> None:
        log.warning("%s %s -> 413 body over %d bytes", scope["method"], scope["path"], limit)
        response = JSONResponse(
            error_body(
                "too_large",
                "C'est trop gros : envoie moins de données.",
                f"Request body over {limit} bytes.",
            ),
            status_code=413,
        )
        await response(scope, _disconnected, send)


class _TooLarge(Exception):
    """Raised inside the body reader when the limit is crossed."""


async def _disconnected() -> Message:
    """The refusal reads nothing more from the client."""
    return {"type": "http.disconnect"}


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the service: migrate the database, seed the demo once, open the Rasa client."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        database = Database(settings)
        migrate(database.engine)
        checkpointer = WalCheckpointer(database.engine)
        checkpointer.start()
        if os.environ.get("REBOND_SEED_DEMO", "1") != "0":
            with database.sessions() as db:
                seed_demo(db, settings.pseudonym_secret)
        with database.sessions() as db:  # the tutor's own LRS client, created once
            tutor_principal(db, settings.public_url)
            db.commit()
        app.state.database = database
        app.state.rasa = RasaClient(settings.rasa_url, settings.rasa_timeout_s)
        app.state.voice = VoiceEngines(SpeechCache(settings.data_dir / "speech_cache"))
        if settings.speech_warmup:  # models load now, not on a student's first request
            app.state.voice.warm_up()
            catalogue.levels_by_skill()  # the engine samples every generator once
            open_answers.warm_up()  # spaCy's French model, for open answers
        # What start-up loaded (the app, the models) lives as long as the process: out of the
        # cyclic collector's reach, whose full passes over it stopped every request for 130 to
        # 160 ms once the speech models were in memory (0 ms frozen).
        gc.collect()
        gc.freeze()
        yield
        gc.unfreeze()  # collectable again: an app stopped inside a longer process (the tests)
        await app.state.rasa.close()
        checkpointer.stop()
        database.engine.dispose()

    app = FastAPI(title="Rebond", version="0.1.0", lifespan=lifespan)
    app.state.settings = settings
    install_error_handlers(app)
    upload_limit = MAX_UPLOAD_BYTES + 64 * 1024  # the audio plus its multipart envelope
    large = {"/api/voice": upload_limit, "/xapi/statements": statements_api.MAX_BODY_BYTES}
    large |= dict.fromkeys(reading.upload_paths(), upload_limit)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes, large=large)
    app.add_middleware(XapiProtocol)  # outermost: its headers go on every /xapi answer
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in (pages, auth, web_chat, voice, tutor, teacher, engine, resources, reading):
        app.include_router(module.router)
    for module in (about, statements_api, documents_api, agents_api, export_api):  # the LRS
        app.include_router(module.router)
    return app


def app_from_env() -> FastAPI:
    """The factory uvicorn calls (`--factory`), so importing this module has no side effect."""
    logging.basicConfig(level=os.environ.get("REBOND_LOG_LEVEL", "INFO"))
    return create_app()

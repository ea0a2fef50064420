"""The protocol layer every /xapi route shares, as one ASGI middleware.

- The alternate request syntax (xAPI 1.0.3 §1.3): a browser that can only POST a form sends
  `POST …?method=PUT` with the headers and the body as form fields; it is rewritten here into
  the request it stands for, so the routes never know.
- `X-Experience-API-Version`: required on every request but GET /xapi/about (400 otherwise),
  and set to 1.0.3 on every response, errors included.
- FastAPI's own parameter errors (422) become 400, the status xAPI prescribes, and 401s
  carry the `WWW-Authenticate` challenge a client needs to retry with Basic credentials.
- Every Statements response, errors included, says how far the store is consistent
  (`X-Experience-API-Consistent-Through`).
"""

from __future__ import annotations

import logging
import re
from urllib.parse import parse_qsl, urlencode

from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.errors import error_body
from assistant.lrs.store import pending_writes

log = logging.getLogger("rebond.lrs")

PREFIX = "/xapi"
VERSION = "1.0.3"
_SUPPORTED = re.compile(r"^1\.0(\.[0-3])?$")
_ALTERNATE_METHODS = {"GET", "PUT", "POST", "DELETE", "HEAD"}
# Form fields of the alternate syntax that are request headers, not resource parameters.
_HEADER_FIELDS = {
    "authorization",
    "x-experience-api-version",
    "content-type",
    "content-length",
    "if-match",
    "if-none-match",
}
MAX_FORM_BYTES = 16 * 1024 * 1024


class XapiProtocol:
    """Apply the xAPI header rules and the alternate syntax to every request under /xapi."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not (path == PREFIX or path.startswith(PREFIX + "/")):
            await self.app(scope, receive, send)
            return
        try:
            scope, receive = await _alternate_syntax(scope, receive)
        except _Refused as refused:
            await _refuse(scope, send, str(refused))
            return
        version = _header(scope, b"x-experience-api-version")
        if path.rstrip("/") != f"{PREFIX}/about" and (
            version is None or not _SUPPORTED.match(version)
        ):
            await _refuse(
                scope,
                send,
                f"X-Experience-API-Version header {'missing' if version is None else version!r}"
                f"; this LRS speaks {VERSION}.",
            )
            return

        async def versioned(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v) for k, v in message["headers"] if k != b"x-experience-api-version"
                ]
                headers.append((b"x-experience-api-version", VERSION.encode()))
                status = message["status"]
                if status == 422:
                    status = 400
                if status == 401:
                    headers.append((b"www-authenticate", b'Basic realm="xAPI"'))
                if path.rstrip("/") == f"{PREFIX}/statements":
                    consistent = pending_writes.consistent_through().encode()
                    headers.append((b"x-experience-api-consistent-through", consistent))
                message = {**message, "status": status, "headers": headers}
            await send(message)

        await self.app(scope, receive, versioned)


class _Refused(Exception):
    """A request the protocol layer answers with 400 itself."""


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


async def _refuse(scope: Scope, send: Send, message_en: str) -> None:
    log.warning("%s %s -> 400 %s", scope["method"], scope["path"], message_en)
    response = JSONResponse(
        error_body("invalid_xapi", f"Requête xAPI refusée : {message_en}", message_en),
        status_code=400,
        headers={"X-Experience-API-Version": VERSION},
    )
    await response(scope, _nothing, send)


async def _nothing() -> Message:
    return {"type": "http.disconnect"}


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_FORM_BYTES:
            raise _Refused(f"alternate-syntax form over {MAX_FORM_BYTES} bytes")
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _alternate_syntax(scope: Scope, receive: Receive) -> tuple[Scope, Receive]:
    """Rewrite `POST ?method=X` with a form body into the X request it describes."""
    query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    if not any(name == "method" for name, _ in query):
        return scope, receive
    if scope["method"] != "POST":
        raise _Refused("the method parameter is only allowed on POST (alternate syntax)")
    if len(query) != 1:
        raise _Refused("with the alternate syntax, method must be the only query parameter")
    method = query[0][1].upper()
    if method not in _ALTERNATE_METHODS:
        raise _Refused(f"method {query[0][1]!r} is not an xAPI method")
    content_type = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        raise _Refused("the alternate syntax needs an application/x-www-form-urlencoded body")
    form = parse_qsl((await _read_body(receive)).decode("utf-8", "replace"), keep_blank_values=True)
    headers = [(k, v) for k, v in scope["headers"] if k not in (b"content-type", b"content-length")]
    params: list[tuple[str, str]] = []
    content = b""
    for name, value in form:
        lowered = name.lower()
        if lowered == "content":
            content = value.encode()
        elif lowered in _HEADER_FIELDS:
            headers = [(k, v) for k, v in headers if k != lowered.encode()]
            headers.append((lowered.encode(), value.encode("latin-1", "replace")))
        else:
            params.append((name, value))
    if not any(k == b"content-type" for k, _ in headers) and content:
        headers.append((b"content-type", b"application/json"))
    headers = [(k, v) for k, v in headers if k != b"content-length"]
    headers.append((b"content-length", str(len(content)).encode()))
    new_scope = {**scope, "method": method, "query_string": urlencode(params).encode()}
    new_scope["headers"] = headers
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": content, "more_body": False}

    return new_scope, replay

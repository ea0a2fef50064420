"""GET /xapi/export: the pseudonymous research export, streamed as NDJSON.

Only clients with unrestricted read access (`all/read`, or `all`) may export: the export spans
every student. Each export is logged with the client and the range, so who took what is known.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse

from assistant.lrs.auth import ALL_READ, LrsPrincipal, require_scope
from assistant.lrs.documents_api import openapi, query_params, utc_timestamp
from assistant.lrs.export import export_lines
from assistant.lrs.validation import XapiValidationError

router = APIRouter(prefix="/xapi", tags=["research export"])
log = logging.getLogger("rebond.lrs.export")
exporter = require_scope(ALL_READ)


@router.get(
    "/export", response_class=StreamingResponse, openapi_extra=openapi([], ["since", "until"])
)
def export(request: Request, client: LrsPrincipal = Depends(exporter)) -> StreamingResponse:
    """Statements stored after `since` and up to `until` (both optional ISO 8601 times)."""
    found = query_params(request, ["since", "until"], [])
    since = utc_timestamp(found["since"], "since") if "since" in found else None
    until = utc_timestamp(found["until"], "until") if "until" in found else None
    if since is not None and until is not None and until < since:
        raise XapiValidationError("until must not be before since")
    log.info("research export by LRS client %r: since=%s until=%s", client.name, since, until)
    settings = request.app.state.settings
    lines = export_lines(
        request.app.state.database.sessions,
        settings.pseudonym_secret,
        settings.public_url,
        since,
        until,
    )
    return StreamingResponse(lines, media_type="application/x-ndjson")

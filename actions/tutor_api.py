"""The action server's client of the tutoring API (service token, pseudonymous sender)."""

from __future__ import annotations

import logging
import os

import aiohttp

log = logging.getLogger(__name__)

SERVICE_URL = os.environ.get("REBOND_SERVICE_URL", "http://127.0.0.1:8000").rstrip("/")
SERVICE_TOKEN = os.environ.get("REBOND_SERVICE_TOKEN", "")
TIMEOUT = aiohttp.ClientTimeout(total=float(os.environ.get("REBOND_ACTION_TIMEOUT_S", "10")))
UNAVAILABLE = {
    "messages": [
        "Oups, je n'arrive pas à préparer la suite pour le moment. Réessaie dans un instant."
    ],
    "practice_active": None,
    "buttons": [],
}

_session: aiohttp.ClientSession | None = None


def _client() -> aiohttp.ClientSession:
    """One pooled session per action-server process (created inside its event loop)."""
    global _session
    if _session is None or _session.closed:
        _session = aiohttp.ClientSession(
            timeout=TIMEOUT, headers={"X-Rebond-Service-Token": SERVICE_TOKEN}
        )
    return _session


async def call(learner: str, operation: str, payload: dict) -> dict:
    """POST one operation for the learner; a kind message (slot unchanged) if it fails."""
    url = f"{SERVICE_URL}/api/tutor/{learner}/{operation}"
    try:
        async with _client().post(url, json=payload) as response:
            if response.status == 200:
                return await response.json()
            log.error(
                "tutoring API %s -> %s: %s", operation, response.status, await response.text()
            )
    except (aiohttp.ClientError, TimeoutError) as exc:
        log.error("tutoring API %s unreachable: %s", operation, exc)
    return UNAVAILABLE

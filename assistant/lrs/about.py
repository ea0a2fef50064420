"""GET /xapi/about: the versions this LRS speaks (no authentication, no version header)."""

from __future__ import annotations

from fastapi import APIRouter

from assistant.lrs.headers import VERSION

router = APIRouter(prefix="/xapi", tags=["xAPI"])


@router.get("/about")
def about() -> dict:
    """xAPI 1.0.3 §2.8: `version` lists every supported version; `extensions` is optional."""
    return {"version": [VERSION, "1.0.2", "1.0.1", "1.0.0"]}

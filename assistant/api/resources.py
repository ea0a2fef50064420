"""Resource metadata for catalogues: JSON and ScoLOMFR XML, by resource id.

Public on purpose, like /health: these records describe our own teaching content (no person,
no trace) and are meant to be harvested by school and ministry resource catalogues.
"""

from __future__ import annotations

import dataclasses

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from assistant.auth.dependencies import get_settings_dep
from assistant.errors import ApiError
from assistant.resources import catalogue, scolomfr
from assistant.settings import Settings
from curriculum.french.bank import ResourceMetadata

router = APIRouter(prefix="/api/resources", tags=["resources"])


def _metadata(resource_id: str, settings: Settings) -> ResourceMetadata:
    try:
        return catalogue.metadata(resource_id, settings.public_url)
    except KeyError:
        raise ApiError(
            404,
            "unknown_resource",
            "Cette ressource n'existe pas.",
            "There is no such resource.",
        ) from None


@router.get("")
def list_resources(settings: Settings = Depends(get_settings_dep)) -> list[dict]:
    """Every resource's metadata, passages first, then questions and maths exercises."""
    return [dataclasses.asdict(m) for m in catalogue.all_resources(settings.public_url)]


@router.get("/{resource_id}")
def resource(resource_id: str, settings: Settings = Depends(get_settings_dep)) -> dict:
    """One resource's metadata."""
    return dataclasses.asdict(_metadata(resource_id, settings))


@router.get("/{resource_id}/scolomfr")
def resource_scolomfr(resource_id: str, settings: Settings = Depends(get_settings_dep)) -> Response:
    """One resource's ScoLOMFR record."""
    body = scolomfr.record(_metadata(resource_id, settings))
    return Response(body, media_type="application/xml")

"""Fixtures of the tutoring API tests: Léa, and calling an operation as the action server."""

from __future__ import annotations

import pytest

from tests.conftest import user_by_name


@pytest.fixture
def lea(db):
    return user_by_name(db, "lea")


@pytest.fixture
def tutor(client, settings, lea):
    """Call one operation for Léa as the action server does."""

    def call(operation: str, **body) -> dict:
        response = client.post(
            f"/api/tutor/{lea.pseudonym}/{operation}",
            json=body,
            headers={"X-Rebond-Service-Token": settings.service_token},
        )
        assert response.status_code == 200, response.text
        return response.json()

    return call

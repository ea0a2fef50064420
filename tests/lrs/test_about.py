"""GET /xapi/about (xAPI 1.0.3 Communication §2.8)."""

from __future__ import annotations


def test_about_lists_supported_versions_without_authentication(lrs):
    """The About resource needs neither credentials nor a version header, and lists 1.0.3."""
    response = lrs.client.get(f"{lrs.url}/about")
    assert response.status_code == 200
    body = response.json()
    assert "1.0.3" in body["version"]
    assert all(v.startswith("1.0.") for v in body["version"])
    assert set(body) <= {"version", "extensions"}
    assert response.headers["X-Experience-API-Version"] == "1.0.3"

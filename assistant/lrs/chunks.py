"""Long `IN (…)` lists cut into pieces every database accepts."""

from __future__ import annotations

from collections.abc import Iterable

IN_CHUNK = 500  # values per `IN (…)` list, far below every backend's parameter limit


def in_chunks(values: list[str]) -> Iterable[list[str]]:
    """`values` in consecutive slices of at most IN_CHUNK."""
    for start in range(0, len(values), IN_CHUNK):
        yield values[start : start + IN_CHUNK]

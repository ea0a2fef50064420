"""Communication 3.1 under real concurrency: two writers, two threads, one stale ETag.

Both writers read the same ETag, then PUT different contents at the same moment (a barrier
releases them together). Exactly one may win; the other must get 412 and the stored document
must be the winner's, never a lost update and never both. Several rounds make it likely that
the two requests really interleave inside the LRS, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable

import httpx

from tests.lrs.conftest import Lrs
from tests.lrs.test_documents import Documents

ROUNDS = 5


def race(send: Callable[[dict], httpx.Response], bodies: list[dict]) -> list[httpx.Response]:
    """`send` each body from its own thread, all released together; responses in order."""
    barrier = threading.Barrier(len(bodies))
    responses: list[httpx.Response | None] = [None] * len(bodies)

    def run(index: int) -> None:
        barrier.wait()
        responses[index] = send(bodies[index])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(response is not None for response in responses)
    return responses  # type: ignore[return-value]


def test_3_1_two_puts_with_the_same_stale_if_match_exactly_one_wins(lrs: Lrs) -> None:
    profile = Documents.of(lrs, "activity_profile", "profile")
    etag = profile.create("race", {"writer": "nobody"})
    for round_number in range(ROUNDS):
        writers = [{"writer": name, "round": round_number} for name in ("A", "B")]
        stale = {"If-Match": etag}
        responses = race(lambda body, h=stale: profile.put("race", body, headers=h), writers)
        statuses = sorted(response.status_code for response in responses)
        assert statuses == [204, 412], [r.text for r in responses]
        winner = writers[[r.status_code for r in responses].index(204)]
        stored = profile.get("race")
        assert stored.json() == winner
        etag = stored.headers["ETag"]


def test_3_1_two_creations_with_if_none_match_star_exactly_one_wins(lrs: Lrs) -> None:
    state = Documents.of(lrs, "state", "state")
    create = {"If-None-Match": "*"}
    for round_number in range(ROUNDS):
        doc_id = f"new-{round_number}"
        writers = [{"writer": name} for name in ("A", "B")]
        responses = race(lambda body, d=doc_id: state.put(d, body, headers=create), writers)
        assert sorted(r.status_code for r in responses) == [204, 412]
        winner = writers[[r.status_code for r in responses].index(204)]
        assert state.get(doc_id).json() == winner


def test_2_2_s7_concurrent_merges_without_headers_lose_no_property(lrs: Lrs) -> None:
    """POSTs that merge different properties at once must all land (no lost update)."""
    state = Documents.of(lrs, "state", "state")
    state.post("merged", {"start": True})
    parts = [{f"p{i}": i} for i in range(4)]
    responses = race(lambda body: state.post("merged", body), parts)
    assert [r.status_code for r in responses] == [204] * len(parts)
    expected = {"start": True}
    for part in parts:
        expected.update(part)
    assert json.loads(state.get("merged").content) == expected

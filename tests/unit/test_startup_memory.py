"""The service freezes what start-up loaded out of the cyclic garbage collector
(assistant/main.py): full collections over the speech models stopped every request for
130 to 160 ms."""

from __future__ import annotations

import gc

from fastapi.testclient import TestClient

from assistant.main import create_app


def test_start_up_objects_are_frozen_out_of_the_collector_while_the_app_runs(settings):
    with TestClient(create_app(settings)):
        assert gc.get_freeze_count() > 100_000
    assert gc.get_freeze_count() == 0

"""The Rasa project itself: its data validates, and the test stories pass on the trained
model (NLU on each message's text, then the dialogue policies), with `rasa test core`."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from assistant.launcher import MODEL, RASA_VENV
from assistant.settings import REPO_ROOT

ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}


def rasa(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(RASA_VENV / "rasa"), *args],
        cwd=REPO_ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=900,
    )


# Rasa's built-in fallback actions utter these; the validator cannot see that use.
BUILT_IN_UTTERANCES = ("utter_default", "utter_ask_rephrase")


def test_rasa_data_validates_with_no_unexplained_warning():
    result = rasa(
        "data",
        "validate",
        "--config",
        "config.yml",
        "--domain",
        "domain.yml",
        "--data",
        "nlu_data",
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    output = result.stdout + result.stderr
    warnings = [line for line in output.splitlines() if "UserWarning" in line]
    unexplained = [w for w in warnings if not any(f"'{u}'" in w for u in BUILT_IN_UTTERANCES)]
    assert unexplained == []
    assert "No story structure conflicts found" in output


def test_meta_requests_mid_practice_stories_pass(tmp_path: Path):
    result = rasa(
        "test",
        "core",
        "--model",
        str(MODEL),
        "--stories",
        "tests/rasa/test_stories.yml",
        "--out",
        str(tmp_path),
        "--no-plot",
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    failed = (tmp_path / "failed_test_stories.yml").read_text()
    assert "None of the test stories failed" in failed, failed
    report = json.loads((tmp_path / "story_report.json").read_text())
    assert report["conversation_accuracy"]["accuracy"] == 1.0
    assert report["conversation_accuracy"]["total"] == 11

"""NLU evaluation: train an NLU model on nlu_data/, test it on the held-out examples.

Writes evaluation/results/nlu.json with macro-F1, accuracy, per-intent scores, the number of
test examples and the training time. Run with `make bench`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RASA = REPO / ".venv-rasa" / "bin" / "rasa"
TEST_SET = REPO / "evaluation" / "data" / "nlu_test.yml"
RESULT = REPO / "evaluation" / "results" / "nlu.json"
TARGET_MACRO_F1 = 0.90


def run(*args: str) -> None:
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
    subprocess.run([str(RASA), *args], cwd=REPO, env=env, check=True, capture_output=True)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.monotonic()
        run(
            "train",
            "nlu",
            "--config",
            "config.yml",
            "--nlu",
            "nlu_data/nlu",
            "--out",
            tmp,
            "--fixed-model-name",
            "nlu",
        )
        train_s = time.monotonic() - started
        run(
            "test",
            "nlu",
            "--model",
            f"{tmp}/nlu.tar.gz",
            "--nlu",
            str(TEST_SET),
            "--out",
            f"{tmp}/report",
            "--no-plot",
        )
        report = json.loads(Path(tmp, "report", "intent_report.json").read_text())
        errors = json.loads(Path(tmp, "report", "intent_errors.json").read_text())
    # Macro-F1 over the intents of the test set. sklearn's "macro avg" also averages in the
    # `nlu_fallback` label (support 0, F1 0), which is not an intent: it is reported apart.
    per_intent = {
        name: {k: round(scores[k], 4) for k in ("precision", "recall", "f1-score")}
        | {"support": scores["support"]}
        for name, scores in sorted(report.items())
        if isinstance(scores, dict)
        and scores.get("support")
        and name not in ("macro avg", "weighted avg", "micro avg")
    }
    n_test = sum(s["support"] for s in per_intent.values())
    fallbacks = sum(1 for e in errors if e["intent_prediction"]["name"] == "nlu_fallback")
    result = {
        "macro_f1": round(sum(s["f1-score"] for s in per_intent.values()) / len(per_intent), 4),
        "accuracy": round(report["accuracy"], 4),
        "n_test": n_test,
        "n_intents": len(per_intent),
        "fallback_share": round(fallbacks / n_test, 4),
        "train_seconds": round(train_s, 1),
        "target_macro_f1": TARGET_MACRO_F1,
        "per_intent": per_intent,
    }
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"{'intent':<22}{'precision':>10}{'recall':>10}{'f1':>8}{'n':>5}")
    for name, s in per_intent.items():
        print(
            f"{name:<22}{s['precision']:>10.3f}{s['recall']:>10.3f}{s['f1-score']:>8.3f}{s['support']:>5}"
        )
    print(
        f"\nmacro-F1 {result['macro_f1']:.3f} (target ≥ {TARGET_MACRO_F1}), "
        f"accuracy {result['accuracy']:.3f}, n_test {result['n_test']}, "
        f"sent to fallback {result['fallback_share']:.1%}, "
        f"training {result['train_seconds']} s → {RESULT.relative_to(REPO)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Agreement of the open-answer scorer with a teacher's judgement (accuracy, Cohen's kappa).

Why: an open answer judged wrong when a teacher would accept it discourages a struggling
student; one judged right when it is not teaches nothing. evaluation/data/open_answers.yml
holds student answers (misspelt, terse, partial, off the point) to open questions of the
passage bank, each labelled right/wrong by a teacher's judgement before the scorer ran.
The first half of each question's answers ("dev") was used to choose the scorer's
thresholds; the second half ("test") was not looked at while tuning: both are reported, and
the overall figure. Writes evaluation/results/open_answers.json.
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.tutoring.open_answers import score  # noqa: E402
from curriculum.french import bank  # noqa: E402

DATA = ROOT / "evaluation" / "data" / "open_answers.yml"
RESULT = ROOT / "evaluation" / "results" / "open_answers.json"
TARGET_KAPPA = 0.7


def cohen_kappa(pairs: list[tuple[bool, bool]]) -> float:
    """Agreement beyond chance between two binary raters."""
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    yes_a = sum(a for a, _ in pairs) / n
    yes_b = sum(b for _, b in pairs) / n
    chance = yes_a * yes_b + (1 - yes_a) * (1 - yes_b)
    return 1.0 if chance == 1 else (observed - chance) / (1 - chance)


def agreement(rows: list[dict]) -> dict:
    pairs = [(row["teacher"], row["scorer"]) for row in rows]
    return {
        "n": len(rows),
        "accuracy": round(sum(a == b for a, b in pairs) / len(pairs), 3),
        "kappa": round(cohen_kappa(pairs), 3),
        "false_right": sum(1 for a, b in pairs if b and not a),
        "false_wrong": sum(1 for a, b in pairs if a and not b),
    }


def main() -> int:
    entries = yaml.safe_load(DATA.read_text(encoding="utf-8"))["answers"]
    seen: dict[str, int] = defaultdict(int)
    per_question: dict[str, int] = defaultdict(int)
    for entry in entries:
        per_question[entry["question"]] += 1
    rows = []
    started = time.perf_counter()
    for entry in entries:
        question = bank.question(entry["question"])
        assert question.rubric is not None, f"{question.id} is not an open question"
        verdict = score(entry["answer"], question.rubric, question.evidence[0], question.feedback)
        index = seen[entry["question"]]
        seen[entry["question"]] += 1
        half = "dev" if index < per_question[entry["question"]] / 2 else "test"
        rows.append(
            {
                "question": entry["question"],
                "answer": entry["answer"],
                "teacher": entry["teacher"] == "right",
                "scorer": verdict.correct,
                "found": list(verdict.found),
                "split": half,
            }
        )
    elapsed = time.perf_counter() - started
    result = {
        "n_answers": len(rows),
        "n_questions": len(per_question),
        "target_kappa": TARGET_KAPPA,
        "all": agreement(rows),
        "dev": agreement([r for r in rows if r["split"] == "dev"]),
        "test": agreement([r for r in rows if r["split"] == "test"]),
        "ms_per_answer": round(1000 * elapsed / len(rows), 1),
        "disagreements": [r for r in rows if r["teacher"] != r["scorer"]],
    }
    result["accuracy"] = result["all"]["accuracy"]
    result["kappa"] = result["all"]["kappa"]
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{'split':<6}{'n':>5}{'accuracy':>10}{'kappa':>8}{'false right':>13}{'false wrong':>13}")
    for name in ("dev", "test", "all"):
        row = result[name]
        print(
            f"{name:<6}{row['n']:>5}{row['accuracy']:>10.3f}{row['kappa']:>8.3f}"
            f"{row['false_right']:>13}{row['false_wrong']:>13}"
        )
    for row in result["disagreements"]:
        verdict = "right" if row["teacher"] else "wrong"
        print(f"  teacher says {verdict}: {row['question']}: {row['answer']!r}")
    print(f"→ {RESULT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

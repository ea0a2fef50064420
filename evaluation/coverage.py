"""How much content Rebond has, against the curriculum issue's floors.

Counts maths skills (by domain, topic and level), passages (by family, genre and level),
comprehension questions (by kind and format), étude de la langue modules (by topic and
activity kind) and « Le saviez-vous ? » facts, straight from the registries and banks the
tutor uses. Writes evaluation/results/coverage.json.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from curriculum.french import bank as passages_bank  # noqa: E402
from curriculum.langue import bank as langue_bank  # noqa: E402
from curriculum.maths.items import GENERATORS, LEVELS, generate  # noqa: E402
from curriculum.motivation import facts  # noqa: E402

RESULT = ROOT / "evaluation" / "results" / "coverage.json"
FLOORS = {
    "maths_skills": 30,
    "passages": 40,
    "comprehension_questions": 300,
    "open_questions": 100,
    "langue_modules": 10,
}


def maths() -> dict:
    skills: dict[str, tuple[str, str]] = {}
    levels: Counter[int] = Counter()
    for generator, spec in GENERATORS.items():
        for level in LEVELS:
            skill = generate(generator, level, 0).skill
            skills[skill] = (spec.domain, spec.topic)
            levels[level] += 1
    return {
        "maths_skills": len(skills),
        "maths_generators": len(GENERATORS),
        "maths_by_domain": dict(Counter(d for d, _ in skills.values())),
        "maths_by_topic": dict(Counter(t for _, t in skills.values())),
        "maths_generators_by_level": {str(k): v for k, v in sorted(levels.items())},
    }


def french() -> dict:
    passages = passages_bank.passages()
    questions = [q for p in passages for q in p.questions]
    return {
        "passages": len(passages),
        "passages_by_family": dict(Counter(p.family for p in passages)),
        "passages_by_genre": dict(Counter(p.genre for p in passages)),
        "passages_by_level": {
            str(k): v for k, v in sorted(Counter(p.level for p in passages).items())
        },
        "comprehension_questions": len(questions),
        "open_questions": sum(q.format == "open" for q in questions),
        "questions_by_kind": dict(Counter(q.kind for q in questions)),
        "questions_by_format": dict(Counter(q.format for q in questions)),
    }


def langue() -> dict:
    modules = langue_bank.modules()
    return {
        "langue_modules": len(modules),
        "langue_by_topic": dict(Counter(m.topic for m in modules)),
        "langue_activities_by_kind": dict(Counter(a.kind for m in modules for a in m.activities)),
    }


def motivation() -> dict:
    return {
        "motivation_facts": len(facts()),
        "facts_by_subject": dict(Counter(f.subject for f in facts())),
    }


def main() -> int:
    result = maths() | french() | langue() | motivation()
    result["floors"] = FLOORS
    result["meets_floors"] = {k: result[k] >= v for k, v in FLOORS.items()}
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{'count':<26}{'value':>7}{'floor':>7}  ok")
    for key, floor in FLOORS.items():
        print(f"{key:<26}{result[key]:>7}{floor:>7}  {'yes' if result[key] >= floor else 'NO'}")
    for key in ("maths_by_domain", "passages_by_family", "questions_by_kind", "langue_by_topic"):
        print(f"{key}: {result[key]}")
    print(f"→ {RESULT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Audit of the adaptive engine by simulation: synthetic students with known true mastery.

Each synthetic student has a true mastery in [0, 1] for every skill Rebond can train, and
learns by a simple, known model (below). Three policies give each student the same number of
questions: the engine (assistant/engine, the exact code the service runs, fed the student's
own answer log), a random order, and the fixed curriculum order (the skill map's order, every
skill in turn). The main runs ask for maths, as for a student who chose maths; the
`with_french` run offers every skill, French texts (read or heard), language modules and
reading aloud too, where DYS and allophone students differ most. Each activity counts as
QUESTIONS answers on its skill whatever its kind (a text's questions, a module's items). We
report the learning gain of each policy, per profile, and whether students with equal true
mastery but different profiles get equally good recommendations.

Profiles (same true mastery vectors, matched): typical; DYS (slower, more reading errors on
text-heavy items); allophone (lower vocabulary: more errors on language-heavy items); high
achiever (learns faster). The text load of a maths skill is measured on its real items
(words per statement), so "text-heavy" means what the students would read; a French activity
has a reading load and a language load of its kind (FRENCH_LOADS: a text heard asks no
reading, a text read asks both).

The known learning model, per question on skill s at level L:
  p(correct) = sigmoid(4 (m_s − 0.5) − d_L)
               × (1 − reading error × reading load_s − language error × language load_s)
  m_s += rate × readiness_s × zpd(p) × (1 − m_s)
where readiness_s = min(1, weakest prerequisite mastery / 0.6) (building on sand teaches
little) and zpd(p) is 1 at the most productive success rate and falls off on both sides (too
easy or too hard teaches little). The main run puts that peak at p = 0.75, after the "85 %
rule" of Wilson et al. (2019) and the desirable-difficulty literature; a sensitivity run puts
it at p = 0.5 (the learning curve of a plain logistic learner), where an engine aiming at
70–85 % is at a disadvantage. Between days the mastery gained so far decays a little (faster
for memory skills: forgetting).

Quality of a recommendation = its expected gain under the true model divided by the best
expected gain any (skill, level) offered that moment: 1 is the best possible choice.

Run: `.venv/bin/python -m evaluation.engine_sim [--seed 7] [--students 20]`. Writes
evaluation/results/engine_sim.json; same seed, same code → same JSON.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from assistant.engine import catalogue
from assistant.engine.history import Answer, LearnerLog
from assistant.engine.recommender import recommend
from assistant.engine.skill_map import Skill, SkillMap, load
from assistant.engine.state import derive, expected_seconds

RESULT = Path(__file__).resolve().parent / "results" / "engine_sim.json"
START = datetime(2026, 9, 7, 17, tzinfo=timezone.utc)  # a Monday of September, after school
ACTIVITIES = 16
QUESTIONS = catalogue.QUESTIONS_PER_ACTIVITY[catalogue.MATHS]  # questions per activity
ACTIVITIES_PER_DAY = 2
TRUE_DIFFICULTY = {1: -1.0, 2: 0.0, 3: 1.0}
RATE = 0.08
FORGET_PER_DAY = {True: 0.04, False: 0.01}  # share of the gain lost per day (memory skill?)
ZPD_PEAKS = (0.75, 0.5)  # main run, sensitivity run
PROFILES = ("typique", "dys", "allophone", "haut_potentiel")
BAND = (0.6, 0.9)  # true success range counted as "well targeted"
# (reading load, language load) of a French activity: what a DYS student's reading errors and
# an allophone student's language errors weigh on it. Written texts are all reading and
# language; heard ones no reading; a language module is short sentences about the language;
# reading aloud is reading itself, in words the student mostly knows.
FRENCH_LOADS = {
    "comprehension": (1.0, 1.0),
    "comprehension_oral": (0.0, 1.0),
    catalogue.LANGUE: (0.5, 1.0),
    catalogue.FLUENCY: (1.0, 0.5),
}


@dataclass(frozen=True)
class Profile:
    """How a kind of student differs from a typical one."""

    reading_error: float = 0.0  # extra error rate on the most text-heavy items (DYS)
    language_error: float = 0.0  # extra error rate on the most language-heavy items
    slowness: float = 1.0  # time per question relative to typical
    rate: float = RATE


PROFILE_SPECS = {
    "typique": Profile(),
    "dys": Profile(reading_error=0.25, slowness=1.6),
    "allophone": Profile(language_error=0.30, slowness=1.3),
    "haut_potentiel": Profile(slowness=0.8, rate=RATE * 1.5),
}


@dataclass
class Student:
    """A synthetic student: true mastery (changes as they learn), profile, answer log."""

    name: str
    profile_name: str
    profile: Profile
    mastery: dict[str, float]
    initial: dict[str, float]
    positioning: dict[str, str]
    rng: random.Random
    answers: list[Answer] = field(default_factory=list)


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def text_load(skill: str) -> float:
    """Words per statement of a maths skill's real items, scaled to [0, 1] (8 words → 0,
    38 or more → 1): what a reader actually faces."""
    words = []
    for level in catalogue.levels(skill):
        for seed in range(4):
            words.append(len(catalogue.draw(skill, level, f"load:{seed}").statement.split()))
    return min(1.0, max(0.0, (statistics.mean(words) - 8) / 30))


def loads(skill: str) -> tuple[float, float]:
    """(reading load, language load) of a skill's activity."""
    kind = catalogue.activity_of(skill)
    if kind == catalogue.MATHS:
        return (text_load(skill),) * 2
    if kind == catalogue.COMPREHENSION and catalogue.heard(skill):
        kind = "comprehension_oral"
    return FRENCH_LOADS[kind]


def zpd(p: float, peak: float) -> float:
    """p^a (1 − p), with a chosen so that it peaks at `peak`, scaled to 1 at the peak."""
    a = peak / (1 - peak)
    return (p**a * (1 - p)) / (peak**a * (1 - peak))


class World:
    """The skills, their text load and the true model shared by every student."""

    def __init__(self, skill_map: SkillMap, peak: float, subject: str | None) -> None:
        self.peak = peak
        self.skill_map = skill_map
        self.subject = subject  # what the engine is asked for (None: anything)
        self.skills: list[Skill] = [
            s
            for s in skill_map.skills.values()
            if catalogue.available(s.id) and subject in (None, s.subject)
        ]
        self.ids = [s.id for s in self.skills]
        self.load = {skill: loads(skill) for skill in self.ids}

    def p_correct(self, student: Student, skill: str, level: int) -> float:
        ability = sigmoid(4 * (student.mastery[skill] - 0.5) - TRUE_DIFFICULTY[level])
        reading, language = self.load[skill]
        profile = student.profile
        return ability * (1 - profile.reading_error * reading - profile.language_error * language)

    def readiness(self, student: Student, skill: Skill) -> float:
        trained = [r for r in skill.requires if r in student.mastery]
        if not trained:
            return 1.0
        return min(1.0, min(student.mastery[r] for r in trained) / 0.6)

    def expected_gain(self, student: Student, skill: Skill, level: int) -> float:
        """The true model's expected gain of one question (no profile error on learning:
        a misread question still teaches the maths if it is read)."""
        m = student.mastery[skill.id]
        p = sigmoid(4 * (m - 0.5) - TRUE_DIFFICULTY[level])
        gain = zpd(p, self.peak) * (1 - m)
        return student.profile.rate * self.readiness(student, skill) * gain

    def best_gain(self, student: Student) -> float:
        return max(
            self.expected_gain(student, s, level)
            for s in self.skills
            for level in catalogue.levels(s.id)
        )


def degree_for(score: float) -> str:
    """A domain score (share of right answers) read as the positioning report would."""
    for limit, degree in (
        (0.25, "insuffisante"),
        (0.40, "fragile"),
        (0.50, "satisfaisante_1"),
        (0.60, "satisfaisante_2"),
        (0.70, "satisfaisante_3"),
    ):
        if score < limit:
            return degree
    return "tres_bonne"


def base_vector(world: World, rng: random.Random) -> dict[str, float]:
    """A plausible true mastery: a level per domain, skills around it, no skill far above
    its prerequisites."""
    domain_level = {d: rng.uniform(0.15, 0.75) for d in world.skill_map.domains}
    mastery: dict[str, float] = {}
    for skill in world.skills:  # map order: prerequisites come first
        value = min(0.95, max(0.05, rng.gauss(domain_level[skill.domain], 0.12)))
        trained = [mastery[r] for r in skill.requires if r in mastery]
        mastery[skill.id] = min(value, min(trained) + 0.2) if trained else value
    return mastery


def make_student(
    world: World, name: str, profile_name: str, vector: dict[str, float], seed: int
) -> Student:
    profile = PROFILE_SPECS[profile_name]
    student = Student(
        name, profile_name, profile, dict(vector), dict(vector), {}, random.Random(seed)
    )
    # The national test is read and written in French: its score carries the profile's errors.
    for domain in world.skill_map.domains:
        skills = [s.id for s in world.skills if s.domain == domain]
        if skills:
            score = statistics.mean(world.p_correct(student, s, 2) for s in skills)
            student.positioning[domain] = degree_for(score)
    return student


def answer(world: World, student: Student, skill: Skill, level: int, at: datetime) -> Answer:
    """The student answers one question and learns from it."""
    p = world.p_correct(student, skill.id, level)
    gain = world.expected_gain(student, skill, level)
    correct = student.rng.random() < p
    typical = expected_seconds(world.skill_map, skill.id, level)
    duration = typical * student.profile.slowness * math.exp(student.rng.gauss(0, 0.25))
    student.mastery[skill.id] = min(1.0, student.mastery[skill.id] + gain)
    result = Answer(len(student.answers), skill.id, level, correct, 0, duration, at)
    student.answers.append(result)
    return result


def forget(world: World, student: Student) -> None:
    """Overnight, part of what was gained fades (faster for memory items)."""
    for skill in world.skills:
        gained = student.mastery[skill.id] - student.initial[skill.id]
        if gained > 0:
            student.mastery[skill.id] -= gained * FORGET_PER_DAY[skill.memory]


def choose(
    policy: str, world: World, student: Student, index: int, now: datetime
) -> tuple[Skill, int]:
    """The (skill, level) a policy gives for the student's `index`-th activity."""
    if policy == "random":
        skill = student.rng.choice(world.skills)
        return skill, student.rng.choice(list(catalogue.levels(skill.id)))
    if policy == "curriculum":
        skill = world.skills[index % len(world.skills)]
        levels = list(catalogue.levels(skill.id))
        return skill, levels[min(len(levels) - 1, index // len(world.skills))]
    log = LearnerLog(answers=tuple(student.answers), positioning=student.positioning)
    state = derive(log, world.skill_map, now)
    rec = recommend(world.skill_map, log, state, limit=1, subject=world.subject)[0]
    return world.skill_map.skills[rec.skill], rec.level


@dataclass
class Trace:
    """What one student's run produced."""

    gain: float
    quality: list[float]
    in_band: list[bool]
    ready: list[bool]
    success: list[bool]
    estimate_bias: float


def run(world: World, policy: str, student: Student) -> Trace:
    quality, in_band, ready, success = [], [], [], []
    now = START
    for index in range(ACTIVITIES):
        if index and index % ACTIVITIES_PER_DAY == 0:
            now = START + timedelta(days=index // ACTIVITIES_PER_DAY)
            forget(world, student)
        skill, level = choose(policy, world, student, index, now)
        best = world.best_gain(student)
        quality.append(world.expected_gain(student, skill, level) / best if best else 1.0)
        p = world.p_correct(student, skill.id, level)
        in_band.append(BAND[0] <= p <= BAND[1])
        ready.append(world.readiness(student, skill) >= 1.0)
        for _ in range(QUESTIONS):
            success.append(answer(world, student, skill, level, now).correct)
            now += timedelta(minutes=2)
    gain = statistics.mean(student.mastery[s] - student.initial[s] for s in world.ids)
    log = LearnerLog(answers=tuple(student.answers), positioning=student.positioning)
    state = derive(log, world.skill_map, now)
    bias = statistics.mean(state.mastery(s) - student.mastery[s] for s in world.ids)
    return Trace(gain, quality, in_band, ready, success, bias)


def summary(traces: list[Trace]) -> dict[str, float]:
    def mean(values: list[float]) -> float:
        return round(statistics.mean(values), 4)

    return {
        "gain": mean([t.gain for t in traces]),
        "quality": mean([statistics.mean(t.quality) for t in traces]),
        "in_band": mean([statistics.mean(t.in_band) for t in traces]),
        "prerequisites_ready": mean([statistics.mean(t.ready) for t in traces]),
        "success_rate": mean([statistics.mean(t.success) for t in traces]),
        "estimate_bias": mean([t.estimate_bias for t in traces]),
    }


def simulate(seed: int, vectors: int, peak: float, subject: str | None = "maths") -> dict:
    world = World(load(), peak, subject)
    rng = random.Random(seed)
    bases = [base_vector(world, rng) for _ in range(vectors)]
    results: dict[str, dict] = {}
    for policy in ("engine", "random", "curriculum"):
        by_profile: dict[str, list[Trace]] = {p: [] for p in PROFILES}
        for v, vector in enumerate(bases):
            for p, profile_name in enumerate(PROFILES):
                student = make_student(
                    world, f"{profile_name}-{v}", profile_name, vector, seed * 1000 + v * 10 + p
                )
                by_profile[profile_name].append(run(world, policy, student))
        everyone = [t for traces in by_profile.values() for t in traces]
        results[policy] = {
            "all": summary(everyone),
            "by_profile": {p: summary(t) for p, t in by_profile.items()},
        }
    engine = results["engine"]["by_profile"]
    matched = ("typique", "dys", "allophone")  # same true mastery, same learning rate

    def gap(metric: str, names: tuple[str, ...]) -> float:
        values = [engine[n][metric] for n in names]
        return round(max(values) - min(values), 4)

    return {
        "zpd_peak": peak,
        "subject": subject or "all",
        "students": vectors * len(PROFILES),
        "matched_vectors": vectors,
        "questions_per_student": ACTIVITIES * QUESTIONS,
        "skills": len(world.ids),
        "policies": results,
        "gain_vs_random": round(
            results["engine"]["all"]["gain"] / results["random"]["all"]["gain"], 3
        ),
        "gain_vs_curriculum": round(
            results["engine"]["all"]["gain"] / results["curriculum"]["all"]["gain"], 3
        ),
        "fairness": {
            "matched_profiles": list(matched),
            "quality_gap": gap("quality", matched),
            "gain_gap": gap("gain", matched),
            "in_band_gap": gap("in_band", matched),
            "estimate_bias": {n: engine[n]["estimate_bias"] for n in PROFILES},
        },
    }


def table(result: dict) -> str:
    lines = [
        f"{'policy':<11} {'profile':<15} {'gain':>7} {'quality':>8} {'in band':>8} "
        f"{'ready':>6} {'success':>8} {'bias':>7}"
    ]
    for policy, data in result["policies"].items():
        for name, row in [("all", data["all"]), *data["by_profile"].items()]:
            lines.append(
                f"{policy:<11} {name:<15} {row['gain']:>7.3f} {row['quality']:>8.3f} "
                f"{row['in_band']:>8.3f} {row['prerequisites_ready']:>6.3f} "
                f"{row['success_rate']:>8.3f} {row['estimate_bias']:>7.3f}"
            )
    fairness = result["fairness"]
    lines.append(
        f"gain vs random ×{result['gain_vs_random']}, "
        f"vs curriculum ×{result['gain_vs_curriculum']}; "
        f"fairness gaps (typique/dys/allophone): quality {fairness['quality_gap']}, "
        f"gain {fairness['gain_gap']}, in band {fairness['in_band_gap']}"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--students", type=int, default=12, help="matched vectors (×4 profiles)")
    args = parser.parse_args()
    runs = [simulate(args.seed, args.students, peak) for peak in ZPD_PEAKS]
    runs.append(simulate(args.seed, args.students, ZPD_PEAKS[0], subject=None))
    result = {
        "seed": args.seed,
        "model": "p = sigmoid(4(m − 0.5) − d_L)·(1 − reading error·reading load − "
        "language error·language load); "
        "m += rate·readiness·zpd(p)·(1 − m); overnight forgetting of part of the gain",
        "main": runs[0],
        "sensitivity": runs[1:-1],
        "with_french": runs[-1],
    }
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for run_result in runs:
        print(f"learning peaks at p = {run_result['zpd_peak']}, skills: {run_result['subject']}")
        print(table(run_result))
    print(f"written to {RESULT}")


if __name__ == "__main__":
    main()

"""The recommender over hand-made logs: order of tiers, readiness, levels, goals, reasons,
teacher overrides, external results and determinism."""

from datetime import datetime, timedelta, timezone

import pytest

from assistant.engine import catalogue
from assistant.engine.explanations import TARGET_BAND
from assistant.engine.history import Answer, External, Goal, LearnerLog, Override, Work
from assistant.engine.recommender import READY, recommend
from assistant.engine.skill_map import load
from assistant.engine.state import derive, expected_seconds

NOW = datetime(2026, 11, 23, 10, tzinfo=timezone.utc)
ADD = "nombres_calculs.fractions.additionner"
SIMPLIFY = "nombres_calculs.fractions.simplifier"
DIVISORS = "nombres_calculs.arithmetique.diviseurs"
MEAN = "donnees.statistiques.moyenne"
RELATIVES = "nombres_calculs.relatifs.additionner"


def answers(skill: str, results: list[bool], start: datetime, level: int = 1, gap_h: float = 0.1):
    """Answers on a skill at `gap_h` hours apart, typical time, no hints."""
    return tuple(
        Answer(
            item_id=hash((skill, start, i)) % 10**9,
            skill=skill,
            level=level,
            correct=ok,
            hints_used=0,
            duration_s=45.0,
            at=start + timedelta(hours=gap_h * i),
        )
        for i, ok in enumerate(results)
    )


def ranked(log: LearnerLog, now: datetime = NOW, **kwargs):
    skill_map = load()
    return recommend(skill_map, log, derive(log, skill_map, now), **kwargs)


def test_teacher_assignment_comes_first():
    work = Work(7, ADD, questions=5, done=0, teacher="Mme Durand", note="", created_at=NOW)
    recs = ranked(LearnerLog(assignments=(work,)))
    assert (recs[0].tier, recs[0].skill, recs[0].assignment_id) == ("assignment", ADD, 7)
    assert recs[0].reasons.student.startswith("Mme Durand t'a donné ce travail : additionner")
    assert "Assigné par Mme Durand le 23/11/2026" in recs[0].reasons.teacher


def test_finished_assignment_no_longer_comes_first():
    work = Work(7, ADD, questions=5, done=5, teacher="Mme Durand", note="", created_at=NOW)
    assert all(r.tier != "assignment" for r in ranked(LearnerLog(assignments=(work,))))


def test_a_competence_assignment_picks_a_skill_inside_it():
    work = Work(3, "nombres_calculs.fractions", 4, 1, "M. Martin", "", NOW)
    first = ranked(LearnerLog(assignments=(work,)))[0]
    assert first.tier == "assignment" and first.skill.startswith("nombres_calculs.fractions.")
    assert first.questions == 3


def test_prerequisites_must_be_ready():
    fresh = [r.skill for r in ranked(LearnerLog(), limit=30)]
    assert SIMPLIFY not in fresh  # its prerequisite (divisors) is not solid yet
    assert DIVISORS in fresh
    solid = ranked(
        LearnerLog(answers=answers(DIVISORS, [True] * 8, NOW - timedelta(days=1))), limit=30
    )
    state = derive(
        LearnerLog(answers=answers(DIVISORS, [True] * 8, NOW - timedelta(days=1))), load(), NOW
    )
    assert state.mastery(DIVISORS) >= READY
    assert SIMPLIFY in [r.skill for r in solid]


def test_the_weakest_ready_skill_comes_first_with_its_errors_counted():
    log = LearnerLog(answers=answers(MEAN, [False, False, False], NOW - timedelta(days=2)))
    first = ranked(log)[0]
    assert first.skill == MEAN and first.components["why"] == "errors"
    assert first.reasons.student.startswith(
        "Tu as fait 3 erreurs cette semaine pour calculer une moyenne : on revoit ça"
    )


def test_level_aims_at_the_target_band_or_as_close_as_possible():
    skill_map = load()
    for log in (
        LearnerLog(),
        LearnerLog(answers=answers(MEAN, [True] * 12, NOW - timedelta(days=1))),
        LearnerLog(answers=answers(MEAN, [False] * 6, NOW - timedelta(days=1))),
    ):
        state = derive(log, skill_map, NOW)
        rec = next(r for r in recommend(skill_map, log, state, topic="statistiques"))
        low, high = TARGET_BAND
        chosen_p = state.predict(rec.skill, rec.level)
        chosen = max(low - chosen_p, 0, chosen_p - high)
        for level in catalogue.levels_by_skill()[rec.skill]:
            p = state.predict(rec.skill, level)
            assert chosen <= max(low - p, 0, p - high) + 1e-9


def test_every_recommendation_explains_itself_to_all_three_readers():
    logs = [
        LearnerLog(),
        LearnerLog(positioning={"nombres_calculs": "insuffisante", "geometrie": "tres_bonne"}),
        LearnerLog(
            answers=answers(MEAN, [False, True, False, False, False], NOW - timedelta(days=3))
            + answers(RELATIVES, [True] * 6, NOW - timedelta(days=20), gap_h=30),
            assignments=(Work(1, "geometrie", 5, 2, "Mme Durand", "", NOW - timedelta(days=1)),),
            goal=Goal(minutes_per_day=120),
        ),
    ]
    seen = set()
    for log in logs:
        for rec in ranked(log, limit=8):
            seen.add(rec.components["why"])
            for text in (rec.reasons.student, rec.reasons.parent, rec.reasons.teacher):
                assert len(text) > 30 and "{" not in text and "None" not in text
            assert "minute" in rec.reasons.student
            assert (
                "votre enfant" in rec.reasons.parent.lower()
                or "Son professeur" in rec.reasons.parent
            )
            assert "Maîtrise estimée" in rec.reasons.teacher and "%" in rec.reasons.teacher
    assert {"assignment", "review", "errors", "positioning", "new"} <= seen


def test_positioning_is_quoted_when_it_drives_the_choice():
    rec = ranked(LearnerLog(positioning={"nombres_calculs": "insuffisante"}))[0]
    assert rec.components["why"] == "positioning"
    assert "« maîtrise insuffisante » en nombres et calculs" in rec.reasons.student


def test_same_log_same_decisions():
    log = LearnerLog(
        answers=answers(RELATIVES, [True, False, True, True], NOW - timedelta(days=4)),
        positioning={"geometrie": "fragile"},
    )
    assert ranked(log, limit=8) == ranked(log, limit=8)


def test_subject_goal_and_time_budget_shape_the_list():
    french_goal = ranked(LearnerLog(goal=Goal(subject="francais", minutes_per_day=60)), limit=8)
    assert french_goal and all(load().skills[r.skill].subject == "francais" for r in french_goal)
    short_day = ranked(LearnerLog(goal=Goal(minutes_per_day=5)), limit=8)
    assert len(short_day) < len(ranked(LearnerLog(goal=Goal(minutes_per_day=120)), limit=8))


def test_a_chosen_topic_restricts_the_list():
    recs = ranked(LearnerLog(), topic="pythagore", limit=8)
    assert recs and all(r.skill.startswith("geometrie.pythagore.") for r in recs)


def test_time_estimates_follow_the_students_pace():
    slow = tuple(
        Answer(i, MEAN, 1, True, 0, 150.0, NOW - timedelta(days=1, minutes=i)) for i in range(5)
    )
    fast = tuple(
        Answer(i, MEAN, 1, True, 0, 30.0, NOW - timedelta(days=1, minutes=i)) for i in range(5)
    )
    slow_rec = ranked(LearnerLog(answers=slow), topic="proportionnalite")[0]
    fast_rec = ranked(LearnerLog(answers=fast), topic="proportionnalite")[0]
    assert slow_rec.minutes > fast_rec.minutes
    assert "rythme de l'élève ×2,5" in slow_rec.reasons.teacher


def test_a_slow_students_answers_count_as_much_as_a_typical_ones():
    """Slow is judged at the student's own pace: a DYS student slower on every question
    (2.5 × the typical time here, over the 2 × that weakens an answer) is not held down,
    while an answer much slower than the student's own usual time still counts less."""
    skill_map = load()
    typical = expected_seconds(skill_map, MEAN, 1)
    results = [True, False, True, True, False, True, True, True]

    def mastery(times: list[float]) -> float:
        log = LearnerLog(
            answers=tuple(
                Answer(i, MEAN, 1, ok, 0, t, NOW - timedelta(days=1, minutes=10 - i))
                for i, (ok, t) in enumerate(zip(results, times, strict=True))
            )
        )
        return derive(log, skill_map, NOW).mastery(MEAN)

    at_typical_pace = mastery([typical] * 8)
    assert mastery([2.5 * typical] * 8) == pytest.approx(at_typical_pace)
    one_right_answer_very_slow = [typical] * 7 + [4 * typical]
    assert mastery(one_right_answer_very_slow) < at_typical_pace


def test_teacher_override_wins_until_newer_evidence_moves_it():
    skill_map = load()
    before = answers(MEAN, [False] * 6, NOW - timedelta(days=3))
    override = Override(MEAN, 0.9, NOW - timedelta(days=2), "Mme Durand")
    state = derive(LearnerLog(answers=before, overrides=(override,)), skill_map, NOW)
    assert state.mastery(MEAN) == pytest.approx(0.9, abs=1e-6)
    assert state.evidence[MEAN].override == override
    later = before + answers(MEAN, [False, False], NOW - timedelta(days=1))
    moved = derive(LearnerLog(answers=later, overrides=(override,)), skill_map, NOW)
    assert moved.mastery(MEAN) < 0.9
    success = before + answers(MEAN, [True, True], NOW - timedelta(days=1))
    assert (
        derive(LearnerLog(answers=success, overrides=(override,)), skill_map, NOW).mastery(MEAN)
        > 0.9
    )
    # At the same instant as an answer, the override is applied last.
    same_time = Override(MEAN, 0.2, later[-1].at, "Mme Durand")
    assert derive(LearnerLog(answers=later, overrides=(same_time,)), skill_map, NOW).mastery(
        MEAN
    ) == pytest.approx(0.2, abs=1e-6)


def test_external_results_are_weighted_evidence():
    skill_map = load()
    base = derive(LearnerLog(), skill_map, NOW).mastery(MEAN)
    good = External(MEAN, 0.9, 5.0, "DS", NOW - timedelta(days=1))
    weak = External(MEAN, 0.9, 1.0, "DS", NOW - timedelta(days=1))
    bad = External(MEAN, 0.1, 5.0, "DS", NOW - timedelta(days=1))
    strong_up = derive(LearnerLog(externals=(good,)), skill_map, NOW).mastery(MEAN)
    weak_up = derive(LearnerLog(externals=(weak,)), skill_map, NOW).mastery(MEAN)
    down = derive(LearnerLog(externals=(bad,)), skill_map, NOW).mastery(MEAN)
    assert down < base < weak_up < strong_up

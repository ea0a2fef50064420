"""Learner model: update rules, multi-skill reachability, predictions, fits, robustness.

Every rule is checked on both families (BKT and logistic) through the shared interface, so
the engine can swap one for the other. Logs are synthetic and seeded; no dataset needed.
"""

from __future__ import annotations

import math
from datetime import datetime, timezone

import numpy as np
import pytest

from assistant.engine.learner import (
    DEFAULT_MODEL,
    BKTModel,
    BKTParams,
    Evidence,
    LearnerModel,
    LogisticModel,
    LogisticParams,
    SkillState,
    evidence_strength,
)
from assistant.engine.learner_fit import fit_bkt, fit_logistic, replay

BKT = BKTModel(default=BKTParams(prior=0.3, learn=0.1, guess=0.2, slip=0.1))
MODELS = [pytest.param(BKT, id="bkt"), pytest.param(DEFAULT_MODEL, id="default-logistic")]
AT = datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)


def start(model: LearnerModel, mastery: float = 0.5, *skills: str) -> dict[str, SkillState]:
    return {s: model.prior_state(s, mastery) for s in skills or ("a",)}


def after(model: LearnerModel, evidence: Evidence, mastery: float = 0.5) -> float:
    """Mastery of skill "a" after one attempt from a given prior."""
    states = model.update(start(model, mastery, *evidence.skills), evidence)
    return model.mastery(states["a"])


@pytest.mark.parametrize("model", MODELS)
def test_prior_state_has_the_prior_as_mastery(model: LearnerModel) -> None:
    for prior in (0.1, 0.5, 0.8):
        assert model.mastery(model.prior_state("a", prior)) == pytest.approx(prior, abs=1e-9)


@pytest.mark.parametrize("model", MODELS)
def test_success_raises_and_failure_lowers_mastery(model: LearnerModel) -> None:
    assert after(model, Evidence(("a",), correct=True)) > 0.5
    assert after(model, Evidence(("a",), correct=False)) < 0.5


@pytest.mark.parametrize("model", MODELS)
def test_hints_weaken_the_credit_of_a_success(model: LearnerModel) -> None:
    plain = after(model, Evidence(("a",), correct=True))
    one_hint = after(model, Evidence(("a",), correct=True, hints_used=1))
    three_hints = after(model, Evidence(("a",), correct=True, hints_used=3))
    assert plain > one_hint > three_hints > 0.5


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("correct", [True, False])
def test_a_much_slower_response_is_weaker_evidence(model: LearnerModel, correct: bool) -> None:
    def moved(duration: float | None) -> float:
        evidence = Evidence(("a",), correct, duration_s=duration, expected_duration_s=30.0)
        return abs(after(model, evidence) - 0.5)

    # Up to twice the expected time is a normal answer; beyond, the evidence shrinks.
    assert moved(55.0) == pytest.approx(moved(None))
    assert moved(None) > moved(120.0) > moved(600.0) > 0


@pytest.mark.parametrize("model", MODELS)
def test_weight_scales_the_evidence(model: LearnerModel) -> None:
    def moved(correct: bool, weight: float) -> float:
        return abs(after(model, Evidence(("a",), correct, weight=weight)) - 0.5)

    for correct in (True, False):
        assert moved(correct, 3.0) > moved(correct, 1.0) > moved(correct, 0.5) > 0
        assert moved(correct, 0.0) == pytest.approx(0.0, abs=1e-12)


def test_evidence_strength_combines_hints_time_and_weight() -> None:
    assert evidence_strength(Evidence(("a",), True)) == 1.0
    assert evidence_strength(Evidence(("a",), True, hints_used=1)) == 0.5
    assert evidence_strength(Evidence(("a",), False, hints_used=1)) == 1.0
    slow = Evidence(("a",), True, duration_s=120.0, expected_duration_s=30.0, weight=2.0)
    assert evidence_strength(slow) == pytest.approx(2.0 * 2.0 * 30.0 / 120.0)
    glacial = Evidence(("a",), True, duration_s=1e6, expected_duration_s=30.0)
    assert evidence_strength(glacial) == 0.25


@pytest.mark.parametrize("model", MODELS)
def test_every_skill_of_a_multi_skill_item_reaches_mastery(model: LearnerModel) -> None:
    states = start(model, 0.2, "a", "b", "c")
    for _ in range(50):
        states = model.update(states, Evidence(("a", "b", "c"), correct=True))
    for skill in "abc":
        assert model.mastery(states[skill]) >= model.mastery_threshold
        assert states[skill].successes == 50


@pytest.mark.parametrize("model", MODELS)
def test_failure_blame_goes_mostly_to_the_weaker_skill(model: LearnerModel) -> None:
    states = {"strong": model.prior_state("strong", 0.9), "weak": model.prior_state("weak", 0.3)}
    new = model.update(states, Evidence(("strong", "weak"), correct=False))
    drop = {s: model.mastery(states[s]) - model.mastery(new[s]) for s in states}
    assert drop["weak"] > drop["strong"] > 0
    # Shares of blame add up to one failure.
    assert new["strong"].blame + new["weak"].blame == pytest.approx(1.0)
    assert new["weak"].blame > new["strong"].blame


@pytest.mark.parametrize("model", MODELS)
def test_skills_not_in_the_item_are_untouched(model: LearnerModel) -> None:
    states = start(model, 0.5, "a", "b")
    new = model.update(states, Evidence(("a",), correct=True))
    assert new["b"] == states["b"]
    assert states["a"].attempts == 0  # the input is not mutated


@pytest.mark.parametrize("model", MODELS)
def test_predict_rises_with_mastery_and_falls_with_difficulty(model: LearnerModel) -> None:
    by_mastery = [model.predict(start(model, m), ("a",), 0.0) for m in (0.1, 0.3, 0.6, 0.9)]
    assert by_mastery == sorted(by_mastery) and len(set(by_mastery)) == 4
    states = start(model, 0.6)
    by_difficulty = [model.predict(states, ("a",), d) for d in (-2.0, -0.5, 0.0, 1.0, 3.0)]
    assert by_difficulty == sorted(by_difficulty, reverse=True) and len(set(by_difficulty)) == 5


def test_bkt_multi_skill_prediction_needs_every_skill() -> None:
    states = {"a": BKT.prior_state("a", 0.9), "b": BKT.prior_state("b", 0.2)}
    both = BKT.predict(states, ("a", "b"), 0.0)
    assert both < min(BKT.predict(states, ("a",), 0.0), BKT.predict(states, ("b",), 0.0))


@pytest.mark.parametrize("model", MODELS)
def test_explain_quotes_the_evidence(model: LearnerModel) -> None:
    states = start(model, 0.4)
    log = [(True, 0), (False, 0), (True, 2), (True, 0)]
    for i, (correct, hints) in enumerate(log):
        at = AT.replace(minute=i)
        states = model.update(states, Evidence(("a",), correct, hints_used=hints, at=at))
    info = model.explain(states, "a")
    assert (info["attempts"], info["successes"], info["failures"], info["hints"]) == (4, 3, 1, 2)
    assert info["last_update"] == AT.replace(minute=3).isoformat()
    assert info["last_correct"] is True
    assert info["mastery"] == pytest.approx(model.mastery(states["a"]))
    assert info["model"] == model.name


def test_logistic_explanation_terms_add_up_to_the_mastery() -> None:
    states = start(DEFAULT_MODEL, 0.3)
    for correct in (True, True, False, True):
        states = DEFAULT_MODEL.update(states, Evidence(("a",), correct))
    terms = DEFAULT_MODEL.explain(states, "a")["logit_terms"]
    mastery = DEFAULT_MODEL.mastery(states["a"])
    assert sum(terms.values()) == pytest.approx(math.log(mastery / (1 - mastery)))
    assert terms["log_successes"] > 0 > terms["log_failures"]


@pytest.mark.parametrize("model", MODELS)
def test_override_sets_mastery_and_keeps_the_history(model: LearnerModel) -> None:
    states = start(model, 0.4)
    for correct in (True, False, True):
        states = model.update(states, Evidence(("a",), correct))
    overridden = model.override(states["a"], 0.92, AT)
    assert model.mastery(overridden) == pytest.approx(0.92)
    assert (overridden.attempts, overridden.successes, overridden.failures) == (3, 2, 1)
    assert overridden.last_update == AT
    # Later evidence still moves it.
    later = model.update({"a": overridden}, Evidence(("a",), False))
    assert model.mastery(later["a"]) < 0.92


def test_state_round_trips_through_json_form() -> None:
    states = DEFAULT_MODEL.update(start(DEFAULT_MODEL), Evidence(("a",), True, at=AT))
    assert SkillState.from_dict(states["a"].to_dict()) == states["a"]


@pytest.mark.parametrize("model", MODELS)
def test_no_nan_at_extremes(model: LearnerModel) -> None:
    extremes = [
        Evidence(("a", "b"), True, hints_used=100, weight=1e6),
        Evidence(("a", "b"), False, duration_s=1e12, expected_duration_s=1e-9, weight=1e6),
        Evidence(("a", "b"), False, duration_s=0.0, expected_duration_s=0.0),
        Evidence(("a", "b"), True, item_difficulty=1e3),
    ]
    for prior in (0.0, 1.0):
        states = start(model, prior, "a", "b")
        for evidence in extremes * 300:
            states = model.update(states, evidence)
            for difficulty in (-1e3, 0.0, 1e3):
                p = model.predict(states, ("a", "b"), difficulty)
                assert math.isfinite(p) and 0.0 <= p <= 1.0
            for skill in "ab":
                assert 0.0 <= model.mastery(states[skill]) <= 1.0


def simulate_bkt(truth: dict[str, BKTParams], students: int, length: int, seed: int) -> list:
    """Attempts generated by BKT itself, alternating between the skills."""
    rng = np.random.default_rng(seed)
    log = []
    skills = sorted(truth)
    for _ in range(students):
        known = {s: rng.random() < truth[s].prior for s in skills}
        attempts = []
        for t in range(length):
            s = skills[t % len(skills)]
            p = truth[s]
            correct = rng.random() < (1 - p.slip if known[s] else p.guess)
            attempts.append(Evidence((s,), bool(correct)))
            known[s] = known[s] or rng.random() < p.learn
        log.append(attempts)
    return log


def test_fit_bkt_recovers_the_parameters_that_generated_the_log() -> None:
    truth = {
        "a": BKTParams(prior=0.3, learn=0.15, guess=0.2, slip=0.1),
        "b": BKTParams(prior=0.6, learn=0.05, guess=0.25, slip=0.05),
    }
    fitted = fit_bkt(simulate_bkt(truth, students=600, length=24, seed=7))
    for skill, true in truth.items():
        got = fitted.params[skill]
        for name in ("prior", "learn", "guess", "slip"):
            assert getattr(got, name) == pytest.approx(getattr(true, name), abs=0.05), name


def test_fit_logistic_matches_the_model_that_generated_the_log() -> None:
    truth = LogisticModel(
        LogisticParams(
            bias=-0.3,
            weights=(0.4, -0.3, 0.3, -0.4, 0.2, -0.2),
            easiness={"a": 0.8, "b": -0.8, "c": 0.0},
        )
    )

    def simulate(students: int, seed: int) -> list[list[Evidence]]:
        rng = np.random.default_rng(seed)
        log = []
        for _ in range(students):
            states = {s: truth.initial_state(s) for s in "abc"}
            attempts = []
            for t in range(30):
                skill = "abc"[t % 3]
                evidence = Evidence(
                    (skill,), bool(rng.random() < truth.predict(states, (skill,), 0))
                )
                attempts.append(evidence)
                states = truth.update(states, evidence)
            log.append(attempts)
        return log

    fitted = fit_logistic(simulate(400, seed=1), l2_easiness=1e-3)
    fresh = simulate(100, seed=2)
    true_p = np.array([truth.predict(s, e.skills, 0) for s, e in replay(truth, fresh)])
    fit_p = np.array([fitted.predict(s, e.skills, 0) for s, e in replay(fitted, fresh)])
    assert np.mean(np.abs(true_p - fit_p)) < 0.03
    assert fitted.params.easiness["a"] > fitted.params.easiness["c"] > fitted.params.easiness["b"]


def test_same_log_gives_same_states_and_same_fit() -> None:
    truth = {"a": BKTParams(0.4, 0.1, 0.2, 0.1), "b": BKTParams(0.2, 0.2, 0.15, 0.1)}
    log = simulate_bkt(truth, students=50, length=12, seed=3)
    assert fit_bkt(log) == fit_bkt(log)
    first, second = fit_logistic(log), fit_logistic(log)
    assert first == second
    for model in (BKT, DEFAULT_MODEL, first):
        runs = [list(replay(model, log)) for _ in range(2)]
        assert runs[0] == runs[1]

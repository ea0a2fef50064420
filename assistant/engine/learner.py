"""Learner model: a mastery probability per skill, updated after every attempt.

Two model families share one interface (:class:`LearnerModel`) and one state type
(:class:`SkillState`), so the rest of the engine never depends on which one runs:

* :class:`BKTModel` — Bayesian Knowledge Tracing with per-skill parameters (prior, learn,
  guess, slip) learned by EM (``learner_fit.fit_bkt``). Its mastery is P(skill known).
* :class:`LogisticModel` — a logistic, PFA-style model: per-skill easiness plus weights on
  success/failure counts (log-scaled), recency-weighted counts (R-PFA) and the student's
  total counts (the "best-LR" features of Gervet et al., 2020), learned by regularised
  logistic regression (``learner_fit.fit_logistic``). Its mastery is the predicted success on a
  typical item of the skill.

``evaluation/learner_model.py`` measures both on ASSISTments 2009 and :data:`DEFAULT_MODEL` is
the family it measured best, with parameters that transfer to Rebond's own skills (global
weights; no skill easiness, so every skill starts from its prior).

Evidence is not all worth the same: a success obtained with hints counts less, a response
much slower than expected counts less, and a teacher-entered external result carries its own
weight. Both families apply one "evidence strength" computed by :func:`evidence_strength`.

Multi-skill items: every skill of the item is updated. A success is full credit for each
skill (all were needed to succeed), a failure's blame is split between the skills in
proportion to how likely each one is to be the missing one (1 - mastery). So a student who
always succeeds reaches mastery on every skill — the failure we must avoid is a skill that
can never be mastered because its credit always goes elsewhere.

Everything here is pure and deterministic: same parameters and same log give the same states.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Protocol

_EPS = 1e-6
#: A response slower than this multiple of the expected time starts to count less.
SLOW_FACTOR = 2.0
#: The weakest a very slow response can get (a slow answer is still evidence).
MIN_SLOW_STRENGTH = 0.25
#: Share of the recent counts kept at each new attempt on the skill (R-PFA-style recency);
#: chosen on ASSISTments 2009 by evaluation/learner_model.py (train students only).
RECENT_DECAY = 0.85
#: How many plain attempts a prior (positioning profile, teacher override) is worth in the
#: logistic model: its offset fades as PRIOR_WEIGHT / (PRIOR_WEIGHT + evidence). The national
#: positioning test asks a handful of questions per domain, hence a handful of attempts.
#: Without fading, a low prior would hold mastery down for ever, since evidence only adds
#: log-scaled counts.
PRIOR_WEIGHT = 5.0


def _clip(p: float) -> float:
    return min(1.0 - _EPS, max(_EPS, p))


def _logit(p: float) -> float:
    p = _clip(p)
    return math.log(p / (1.0 - p))


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@dataclass(frozen=True)
class Evidence:
    """One observed attempt (or teacher-entered result) on an item tagged with ``skills``.

    ``item_difficulty`` is in logits relative to a typical item of the skills (0 = typical,
    +1 = clearly harder). ``weight`` scales the whole attempt: 1 for a normal attempt, more for
    an external evaluation a teacher judges solid, less for one they judge weak.
    """

    skills: tuple[str, ...]
    correct: bool
    hints_used: int = 0
    duration_s: float | None = None
    expected_duration_s: float | None = None
    item_difficulty: float = 0.0
    weight: float = 1.0
    at: datetime | None = None


def evidence_strength(evidence: Evidence) -> float:
    """How much this attempt should move the model, as a multiple of a plain attempt.

    A success with hints is partly the hint's success: credit 1/(1+hints). A response slower
    than ``SLOW_FACTOR`` x the expected time says less about what the student can do fluently:
    strength SLOW_FACTOR x expected / duration, never below ``MIN_SLOW_STRENGTH``. A failure
    keeps its full strength whatever the hints (it is a failure either way).
    """
    strength = max(0.0, evidence.weight)
    if evidence.correct and evidence.hints_used > 0:
        strength /= 1.0 + evidence.hints_used
    if (
        evidence.duration_s is not None
        and evidence.expected_duration_s is not None
        and evidence.expected_duration_s > 0
    ):
        ratio = evidence.duration_s / evidence.expected_duration_s
        if ratio > SLOW_FACTOR:
            strength *= max(MIN_SLOW_STRENGTH, SLOW_FACTOR / ratio)
    return strength


@dataclass(frozen=True)
class SkillState:
    """What the model knows about one student on one skill.

    ``level`` is the family's latent value (BKT: P(known); logistic: the prior's offset in
    logits). The counts are kept for both families so explanations can quote the evidence;
    ``credit``/``blame`` are the strength-weighted successes/failures the logistic model uses
    and ``recent_credit``/``recent_blame`` the same counts decayed at each new attempt.
    """

    skill: str
    level: float
    attempts: int = 0
    successes: int = 0
    failures: int = 0
    hints: int = 0
    credit: float = 0.0
    blame: float = 0.0
    recent_credit: float = 0.0
    recent_blame: float = 0.0
    last_correct: bool | None = None
    last_update: datetime | None = None

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form, so the engine can store states as they are."""
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["last_update"] = self.last_update.isoformat() if self.last_update else None
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> SkillState:
        """Inverse of :meth:`to_dict`."""
        values = dict(data)
        stamp = values.get("last_update")
        values["last_update"] = datetime.fromisoformat(str(stamp)) if stamp else None
        return cls(**values)  # type: ignore[arg-type]


def _record(
    state: SkillState, evidence: Evidence, share: float, level: float, decay: float
) -> SkillState:
    """The counts part of an update, common to both families.

    ``share`` is this skill's part of the attempt (1 for a success; the blame share for a
    failure) times the evidence strength; ``decay`` is the share of the recent counts kept.
    """
    won = share if evidence.correct else 0.0
    lost = 0.0 if evidence.correct else share
    return replace(
        state,
        level=level,
        attempts=state.attempts + 1,
        successes=state.successes + int(evidence.correct),
        failures=state.failures + int(not evidence.correct),
        hints=state.hints + max(0, evidence.hints_used),
        credit=state.credit + won,
        blame=state.blame + lost,
        recent_credit=decay * state.recent_credit + won,
        recent_blame=decay * state.recent_blame + lost,
        last_correct=evidence.correct,
        last_update=evidence.at or state.last_update,
    )


def _shares(
    model: LearnerModel, states: Mapping[str, SkillState], evidence: Evidence
) -> dict[str, float]:
    """Each skill's part of the attempt: full credit on success, split blame on failure."""
    strength = evidence_strength(evidence)
    skills = tuple(dict.fromkeys(evidence.skills))
    if evidence.correct or len(skills) == 1:
        return {s: strength for s in skills}
    gaps = {s: 1.0 - model.mastery(states[s]) for s in skills}
    total = sum(gaps.values())
    if total <= _EPS:
        return {s: strength / len(skills) for s in skills}
    return {s: strength * gap / total for s, gap in gaps.items()}


def _explain_counts(model: LearnerModel, state: SkillState) -> dict[str, object]:
    return {
        "skill": state.skill,
        "model": model.name,
        "mastery": model.mastery(state),
        "mastered": model.mastery(state) >= model.mastery_threshold,
        "attempts": state.attempts,
        "successes": state.successes,
        "failures": state.failures,
        "hints": state.hints,
        "weighted_successes": state.credit,
        "weighted_failures": state.blame,
        "last_correct": state.last_correct,
        "last_update": state.last_update.isoformat() if state.last_update else None,
    }


class LearnerModel(Protocol):
    """What the engine needs from a learner model, whatever its family."""

    name: str
    #: Mastery at or above which a skill counts as mastered.
    mastery_threshold: float

    def initial_state(self, skill: str) -> SkillState:
        """The state of a skill never practised, with the model's own prior."""
        ...

    def prior_state(self, skill: str, prior_mastery: float) -> SkillState:
        """The state of a skill never practised, whose mastery is ``prior_mastery``."""
        ...

    def update(self, states: Mapping[str, SkillState], evidence: Evidence) -> dict[str, SkillState]:
        """New states after ``evidence`` (every skill of the item must be in ``states``)."""
        ...

    def mastery(self, state: SkillState) -> float:
        """Mastery in [0, 1]."""
        ...

    def override(self, state: SkillState, mastery: float, at: datetime | None) -> SkillState:
        """The same history re-based so that mastery is now ``mastery`` (teacher's word)."""
        ...

    def predict(
        self, states: Mapping[str, SkillState], skills: Sequence[str], item_difficulty: float
    ) -> float:
        """Probability of success on an item tagged ``skills``."""
        ...

    def explain(self, states: Mapping[str, SkillState], skill: str) -> dict[str, object]:
        """The numbers behind a skill's mastery, for explanations."""
        ...


# --------------------------------------------------------------------------------------------
# Bayesian Knowledge Tracing


@dataclass(frozen=True)
class BKTParams:
    """One skill's BKT parameters (Corbett & Anderson, 1995); no forgetting."""

    prior: float = 0.3
    learn: float = 0.15
    guess: float = 0.2
    slip: float = 0.1


@dataclass(frozen=True)
class BKTModel:
    """BKT with per-skill parameters; unknown skills use ``default``.

    The Bayesian update is tempered by the evidence strength s: the likelihood ratio is
    raised to the power s, so s = 0 leaves the belief unchanged, s = 1 is plain BKT and
    s = 2 counts like two concordant observations. The learning transition is applied once
    per attempt (scaled by min(1, weight)): practising is the learning opportunity, with or
    without hints.
    """

    params: Mapping[str, BKTParams] = field(default_factory=dict)
    default: BKTParams = BKTParams()
    name: str = "bkt"
    mastery_threshold: float = 0.95

    def skill_params(self, skill: str) -> BKTParams:
        """The skill's own parameters, or the defaults for a skill the fit never saw."""
        return self.params.get(skill, self.default)

    def initial_state(self, skill: str) -> SkillState:
        return self.prior_state(skill, self.skill_params(skill).prior)

    def prior_state(self, skill: str, prior_mastery: float) -> SkillState:
        return SkillState(skill=skill, level=_clip(prior_mastery))

    def mastery(self, state: SkillState) -> float:
        return _clip(state.level)

    def override(self, state: SkillState, mastery: float, at: datetime | None) -> SkillState:
        return replace(state, level=_clip(mastery), last_update=at or state.last_update)

    def _posterior(self, state: SkillState, correct: bool, strength: float, weight: float) -> float:
        p = self.skill_params(state.skill)
        if correct:
            ratio = (1.0 - p.slip) / p.guess
        else:
            ratio = p.slip / (1.0 - p.guess)
        post = _clip(_sigmoid(_logit(state.level) + strength * math.log(ratio)))
        return _clip(post + (1.0 - post) * p.learn * min(1.0, max(0.0, weight)))

    def update(self, states: Mapping[str, SkillState], evidence: Evidence) -> dict[str, SkillState]:
        new = dict(states)
        for skill, share in _shares(self, states, evidence).items():
            level = self._posterior(states[skill], evidence.correct, share, evidence.weight)
            new[skill] = _record(states[skill], evidence, share, level, RECENT_DECAY)
        return new

    def p_correct(self, state: SkillState) -> float:
        """P(correct) on a typical item of the skill: known and no slip, or a guess."""
        p = self.skill_params(state.skill)
        known = self.mastery(state)
        return known * (1.0 - p.slip) + (1.0 - known) * p.guess

    def predict(
        self, states: Mapping[str, SkillState], skills: Sequence[str], item_difficulty: float
    ) -> float:
        """Conjunctive: the item needs all its skills, so per-skill chances multiply."""
        prob = 1.0
        for skill in dict.fromkeys(skills):
            prob *= self.p_correct(states[skill])
        return _sigmoid(_logit(prob) - item_difficulty)

    def explain(self, states: Mapping[str, SkillState], skill: str) -> dict[str, object]:
        p = self.skill_params(skill)
        details = _explain_counts(self, states[skill])
        details.update(
            p_known=self.mastery(states[skill]),
            p_correct=self.p_correct(states[skill]),
            params={"prior": p.prior, "learn": p.learn, "guess": p.guess, "slip": p.slip},
        )
        return details


# --------------------------------------------------------------------------------------------
# Logistic (PFA / best-LR style)

#: The logistic model's features, in the order of ``LogisticParams.weights``. Skill features
#: come from the item's skills (averaged when there are several); "total" ones from all the
#: student's skills.
FEATURES: tuple[str, ...] = (
    "log_successes",
    "log_failures",
    "recent_successes",
    "recent_failures",
    "log_total_successes",
    "log_total_failures",
)
_N_SKILL_FEATURES = 4


@dataclass(frozen=True)
class LogisticParams:
    """Fitted weights of :class:`LogisticModel` (see :data:`FEATURES`).

    ``decay`` is the share of the recent counts kept at each new attempt on the skill.
    ``easiness`` holds per-skill intercepts learned from data; a skill without
    one uses 0, i.e. the population's average skill.
    """

    bias: float
    weights: tuple[float, ...]
    decay: float = RECENT_DECAY
    easiness: Mapping[str, float] = field(default_factory=dict)


def skill_features(state: SkillState) -> tuple[float, ...]:
    """The per-skill features, from the evidence counts alone."""
    return (
        math.log1p(state.credit),
        math.log1p(state.blame),
        state.recent_credit,
        state.recent_blame,
    )


def item_features(states: Mapping[str, SkillState], skills: Sequence[str]) -> tuple[float, ...]:
    """All :data:`FEATURES` for an item: the mean of its skills' features, then the totals."""
    unique = tuple(dict.fromkeys(skills))
    per_skill = [skill_features(states[s]) for s in unique]
    means = tuple(sum(col) / len(unique) for col in zip(*per_skill, strict=True))
    total_credit = sum(s.credit for s in states.values())
    total_blame = sum(s.blame for s in states.values())
    return means + (math.log1p(total_credit), math.log1p(total_blame))


def _prior_fade(state: SkillState) -> float:
    return PRIOR_WEIGHT / (PRIOR_WEIGHT + state.credit + state.blame)


def _prior(state: SkillState) -> float:
    """The logistic prior's offset, faded by the evidence gathered since (see PRIOR_WEIGHT)."""
    return state.level * _prior_fade(state)


@dataclass(frozen=True)
class LogisticModel:
    """P(success) = sigmoid(bias + easiness + prior + weights . features - difficulty).

    ``prior`` is the offset that makes a fresh skill's mastery equal its prior (positioning
    profile, teacher override), faded as evidence comes in (:data:`PRIOR_WEIGHT`).

    Mastery of a skill is that probability for a typical item of the skill, from the skill's
    own evidence (the student's totals are left out, so one skill's mastery does not move
    when another is practised). Every term is a named number times a named count, which is
    what the explanations quote.
    """

    params: LogisticParams
    name: str = "logistic"
    #: 85 % expected success on a typical item: the top of the recommender's 70-85 % band,
    #: so a mastered skill is one whose usual items have become too easy to be worth practice.
    mastery_threshold: float = 0.85

    def _base(self, state: SkillState) -> float:
        return self.params.bias + self.params.easiness.get(state.skill, 0.0) + _prior(state)

    def _skill_logit(self, state: SkillState) -> float:
        weights = self.params.weights[:_N_SKILL_FEATURES]
        return self._base(state) + sum(
            w * x for w, x in zip(weights, skill_features(state), strict=True)
        )

    def initial_state(self, skill: str) -> SkillState:
        return SkillState(skill=skill, level=0.0)

    def prior_state(self, skill: str, prior_mastery: float) -> SkillState:
        base = self.params.bias + self.params.easiness.get(skill, 0.0)
        return SkillState(skill=skill, level=_logit(prior_mastery) - base)

    def mastery(self, state: SkillState) -> float:
        return _clip(_sigmoid(self._skill_logit(state)))

    def override(self, state: SkillState, mastery: float, at: datetime | None) -> SkillState:
        shift = (_logit(mastery) - self._skill_logit(state)) / _prior_fade(state)
        return replace(state, level=state.level + shift, last_update=at or state.last_update)

    def update(self, states: Mapping[str, SkillState], evidence: Evidence) -> dict[str, SkillState]:
        new = dict(states)
        for skill, share in _shares(self, states, evidence).items():
            state = states[skill]
            new[skill] = _record(state, evidence, share, state.level, self.params.decay)
        return new

    def predict(
        self, states: Mapping[str, SkillState], skills: Sequence[str], item_difficulty: float
    ) -> float:
        unique = tuple(dict.fromkeys(skills))
        base = sum(self._base(states[s]) for s in unique) / len(unique)
        features = item_features(states, unique)
        z = base + sum(w * x for w, x in zip(self.params.weights, features, strict=True))
        return _clip(_sigmoid(z - item_difficulty))

    def explain(self, states: Mapping[str, SkillState], skill: str) -> dict[str, object]:
        state = states[skill]
        details = _explain_counts(self, state)
        weights = self.params.weights[:_N_SKILL_FEATURES]
        details["logit_terms"] = {
            "bias": self.params.bias,
            "skill_easiness": self.params.easiness.get(skill, 0.0),
            "prior": _prior(state),
            **{
                name: w * x
                for name, w, x in zip(FEATURES, weights, skill_features(state), strict=False)
            },
        }
        return details


#: The model the engine uses (see the module docstring): the family measured best on
#: ASSISTments 2009 by evaluation/learner_model.py, with its global weights. Skill easiness is
#: left out: ASSISTments' skills are not Rebond's, so every Rebond skill starts as average.
DEFAULT_MODEL: LearnerModel = LogisticModel(
    LogisticParams(bias=0.1439, weights=(0.16, -0.1527, 0.1866, -0.1228, 0.4916, -0.5225))
)

"""Learning the learner models' parameters from an attempt log.

The log is one time-ordered sequence of :class:`Evidence` per student. Both fits are
deterministic (fixed starting points, no sampling), so the same log gives the same model.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
from scipy import optimize, sparse

from assistant.engine.learner import (
    FEATURES,
    RECENT_DECAY,
    BKTModel,
    BKTParams,
    Evidence,
    LearnerModel,
    LogisticModel,
    LogisticParams,
    SkillState,
    item_features,
)

AttemptLog = Sequence[Sequence[Evidence]]

#: Bounds on BKT parameters. Guess and slip above 0.3 give "degenerate" models where knowing
#: the skill makes success less likely (Baker, Corbett & Aleven, 2008).
_BOUNDS = {"prior": (0.01, 0.99), "learn": (0.001, 0.5), "guess": (0.01, 0.3), "slip": (0.01, 0.3)}


def replay(
    model: LearnerModel, log: AttemptLog
) -> Iterator[tuple[dict[str, SkillState], Evidence]]:
    """Each attempt with the states just before it, i.e. what the model knew when predicting.

    Skills start from the model's own prior. The evaluation uses the same function, so the
    fitted and the measured models see exactly what the engine would have seen.
    """
    for attempts in log:
        states: dict[str, SkillState] = {}
        for evidence in attempts:
            for skill in evidence.skills:
                if skill not in states:
                    states[skill] = model.initial_state(skill)
            yield states, evidence
            states = model.update(states, evidence)


# --------------------------------------------------------------------------------------------
# BKT: Baum-Welch EM, all skills at once.


def _skill_sequences(log: AttemptLog) -> tuple[list[str], list[int], list[np.ndarray]]:
    """One 0/1 sequence per (student, skill); a multi-skill attempt counts for each skill."""
    names: dict[str, int] = {}
    seq_skill: list[int] = []
    seqs: list[np.ndarray] = []
    for attempts in log:
        per_skill: dict[str, list[int]] = {}
        for evidence in attempts:
            for skill in dict.fromkeys(evidence.skills):
                per_skill.setdefault(skill, []).append(int(evidence.correct))
        for skill, obs in per_skill.items():
            seq_skill.append(names.setdefault(skill, len(names)))
            seqs.append(np.asarray(obs, dtype=np.float64))
    return list(names), seq_skill, seqs


def fit_bkt(log: AttemptLog, iterations: int = 100, tolerance: float = 1e-5) -> BKTModel:
    """Per-skill BKT parameters by expectation-maximisation (forward-backward).

    Sequences are processed together, time step by time step, longest first, so each step is
    one vectorised operation over the sequences still running. Skills with no data keep the
    defaults; the defaults themselves become the attempt-weighted mean of the fitted skills.
    """
    names, seq_skill, seqs = _skill_sequences(log)
    if not seqs:
        return BKTModel()
    order = np.argsort([-len(s) for s in seqs], kind="stable")
    lengths = np.array([len(seqs[i]) for i in order])
    skill_of = np.array(seq_skill)[order]
    obs = [np.array([seqs[i][t] for i in order[: np.sum(lengths > t)]]) for t in range(lengths[0])]
    n_skills = len(names)
    start = BKTParams(prior=0.4, learn=0.1, guess=0.2, slip=0.1)
    prior, learn, guess, slip = (
        np.full(n_skills, v) for v in (start.prior, start.learn, start.guess, start.slip)
    )
    for _ in range(iterations):
        stats = _expectations(obs, skill_of, prior, learn, guess, slip, n_skills)
        new = _maximise(stats)
        change = max(
            float(np.max(np.abs(a - b)))
            for a, b in zip(new, (prior, learn, guess, slip), strict=True)
        )
        prior, learn, guess, slip = new
        if change < tolerance:
            break
    counts = np.bincount(skill_of, weights=lengths, minlength=n_skills)
    mean = [float(np.average(p, weights=counts)) for p in (prior, learn, guess, slip)]
    params = {
        name: BKTParams(float(prior[k]), float(learn[k]), float(guess[k]), float(slip[k]))
        for k, name in enumerate(names)
    }
    return BKTModel(params=params, default=BKTParams(*mean))


def _expectations(
    obs: list[np.ndarray],
    skill_of: np.ndarray,
    prior: np.ndarray,
    learn: np.ndarray,
    guess: np.ndarray,
    slip: np.ndarray,
    n_skills: int,
) -> dict[str, np.ndarray]:
    """E-step: expected counts per skill. State 1 = known, 0 = unknown; no forgetting."""
    steps = len(obs)
    filtered: list[np.ndarray] = []  # P(known | o_1..o_t)
    scale: list[np.ndarray] = []
    pred = prior[skill_of]
    for t in range(steps):
        n = len(obs[t])
        k = skill_of[:n]
        o = obs[t]
        like_known = np.where(o == 1, 1.0 - slip[k], slip[k])
        like_unknown = np.where(o == 1, guess[k], 1.0 - guess[k])
        c = pred[:n] * like_known + (1.0 - pred[:n]) * like_unknown
        f = pred[:n] * like_known / c
        filtered.append(f)
        scale.append(c)
        pred = f + (1.0 - f) * learn[k]
    # Backward pass with the same scaling; beta1/beta0 for known/unknown.
    keys = (
        "first",
        "n_first",
        "trans",
        "stay_unknown",
        "unknown_correct",
        "unknown",
        "known_wrong",
        "known",
    )
    sums = {key: np.zeros(n_skills) for key in keys}
    beta1 = np.ones(len(obs[-1]))
    beta0 = np.ones(len(obs[-1]))
    for t in range(steps - 1, -1, -1):
        n = len(obs[t])
        k = skill_of[:n]
        o = obs[t]
        f = filtered[t]
        m = len(obs[t + 1]) if t < steps - 1 else 0
        if m:
            k1 = skill_of[:m]
            o1 = obs[t + 1]
            c1 = scale[t + 1]
            next1 = np.where(o1 == 1, 1.0 - slip[k1], slip[k1]) * beta1 / c1
            next0 = np.where(o1 == 1, guess[k1], 1.0 - guess[k1]) * beta0 / c1
            beta1, beta0 = np.ones(n), np.ones(n)
            beta1[:m] = next1
            beta0[:m] = (1.0 - learn[k1]) * next0 + learn[k1] * next1
            # Expected unknown -> known transitions between t and t + 1.
            xi = (1.0 - f[:m]) * learn[k1] * next1
            sums["trans"] += np.bincount(k1, weights=xi, minlength=n_skills)
        known = f * beta1
        unknown = (1.0 - f) * beta0
        norm = known + unknown
        known, unknown = known / norm, unknown / norm
        if m:
            sums["stay_unknown"] += np.bincount(k[:m], weights=unknown[:m], minlength=n_skills)
        sums["unknown_correct"] += np.bincount(k, weights=unknown * o, minlength=n_skills)
        sums["unknown"] += np.bincount(k, weights=unknown, minlength=n_skills)
        sums["known_wrong"] += np.bincount(k, weights=known * (1 - o), minlength=n_skills)
        sums["known"] += np.bincount(k, weights=known, minlength=n_skills)
        if t == 0:
            sums["first"] += np.bincount(k, weights=known, minlength=n_skills)
            sums["n_first"] += np.bincount(k, minlength=n_skills)
    return sums


def _maximise(s: dict[str, np.ndarray]) -> tuple[np.ndarray, ...]:
    """M-step, clipped to :data:`_BOUNDS`."""

    def ratio(num: np.ndarray, den: np.ndarray, bounds: tuple[float, float]) -> np.ndarray:
        return np.clip(num / np.maximum(den, 1e-12), *bounds)

    return (
        ratio(s["first"], s["n_first"], _BOUNDS["prior"]),
        ratio(s["trans"], s["stay_unknown"], _BOUNDS["learn"]),
        ratio(s["unknown_correct"], s["unknown"], _BOUNDS["guess"]),
        ratio(s["known_wrong"], s["known"], _BOUNDS["slip"]),
    )


# --------------------------------------------------------------------------------------------
# Logistic: regularised maximum likelihood.


def _design(
    model: LogisticModel, log: AttemptLog, skill_index: dict[str, int]
) -> tuple[np.ndarray, sparse.csr_matrix, np.ndarray]:
    """Features before each attempt, the item's skills (mean-normalised one-hot), outcomes."""
    rows: list[tuple[float, ...]] = []
    cols: list[int] = []
    vals: list[float] = []
    ptr = [0]
    outcome: list[float] = []
    for states, evidence in replay(model, log):
        skills = tuple(dict.fromkeys(evidence.skills))
        rows.append(item_features(states, skills) + (evidence.item_difficulty,))
        for skill in skills:
            cols.append(skill_index.setdefault(skill, len(skill_index)))
            vals.append(1.0 / len(skills))
        ptr.append(len(cols))
        outcome.append(float(evidence.correct))
    onehot = sparse.csr_matrix((vals, cols, ptr), shape=(len(rows), len(skill_index)))
    return np.asarray(rows), onehot, np.asarray(outcome)


def logistic_regression(
    dense: np.ndarray,
    onehot: sparse.spmatrix,
    y: np.ndarray,
    l2_dense: float,
    l2_onehot: float,
    offset: np.ndarray | None = None,
) -> tuple[float, np.ndarray, np.ndarray]:
    """Intercept, dense weights and one-hot weights minimising L2-penalised log-loss.

    The one-hot block (skills, students, ...) is sparse so a few hundred thousand attempts fit
    in memory; ``offset`` is a fixed term added to each logit. L-BFGS from zero: deterministic.
    """
    n_dense = dense.shape[1]
    shift = np.zeros(len(y)) if offset is None else offset
    penalty = np.concatenate(
        [[0.0], np.full(n_dense, l2_dense), np.full(onehot.shape[1], l2_onehot)]
    )
    onehot_t = onehot.T.tocsr()

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        z = theta[0] + dense @ theta[1 : 1 + n_dense] + onehot @ theta[1 + n_dense :] + shift
        residual = 1.0 / (1.0 + np.exp(-z)) - y
        value = np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 * np.sum(penalty * theta**2)
        grad = np.concatenate([[residual.sum()], dense.T @ residual, onehot_t @ residual])
        return float(value), grad + penalty * theta

    theta0 = np.zeros(1 + n_dense + onehot.shape[1])
    result = optimize.minimize(loss, theta0, jac=True, method="L-BFGS-B", options={"maxiter": 1000})
    theta = result.x
    return float(theta[0]), theta[1 : 1 + n_dense], theta[1 + n_dense :]


def fit_logistic(
    log: AttemptLog,
    decay: float = RECENT_DECAY,
    l2_easiness: float = 1.0,
    l2_weights: float = 1e-3,
    rounds: int = 2,
) -> LogisticModel:
    """Bias, feature weights and per-skill easiness by L2-regularised logistic regression.

    Item difficulty, when the log has it, enters with a fixed weight of -1 (it is an offset
    in logits, by definition). The blame split of multi-skill failures depends on the
    model's own masteries, so the fit is repeated ``rounds`` times, each replaying the log
    with the previous round's model (the first round starts from all-zero weights).
    """
    model = LogisticModel(LogisticParams(bias=0.0, weights=(0.0,) * len(FEATURES), decay=decay))
    for _ in range(rounds):
        skill_index: dict[str, int] = {}
        dense, onehot, y = _design(model, log, skill_index)
        bias, weights, easiness = logistic_regression(
            dense[:, :-1], onehot, y, l2_weights, l2_easiness, offset=-dense[:, -1]
        )
        model = LogisticModel(
            LogisticParams(
                bias=bias,
                weights=tuple(float(w) for w in weights),
                decay=decay,
                easiness={s: float(easiness[j]) for s, j in skill_index.items()},
            )
        )
    return model

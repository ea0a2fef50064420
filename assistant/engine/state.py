"""The learner's state, derived from the log: mastery per skill, memory cards and pace.

Why derive instead of caching: a student's log is small (hundreds of answers; a full replay is
a few milliseconds), and a pure replay means the same log always gives the same state, a
teacher's late correction or a re-dated external result takes effect without a migration of
cached values, and the simulation runs the exact code the service runs.

Teacher overrides: an override sets the skill's mastery to the teacher's value at the moment
it was entered, whatever the evidence before it said; newer evidence then moves mastery from
the teacher's value (so the teacher's word wins until the student shows otherwise, and a
newer override replaces an older one). At equal timestamps the override is applied last.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

from assistant.engine import memory, positioning
from assistant.engine.history import Answer, External, LearnerLog, Override
from assistant.engine.learner import DEFAULT_MODEL, Evidence, LearnerModel, SkillState
from assistant.engine.skill_map import DEFAULT_SECONDS, SkillMap
from curriculum.french.bank import READING_WORDS_PER_MINUTE

# Item difficulty per level, in logits around a typical item of the skill (learner.Evidence).
LEVEL_DIFFICULTY = {1: -0.8, 2: 0.0, 3: 0.8}
# Time per question relative to the skill's typical time.
LEVEL_TIME = {1: 0.8, 2: 1.0, 3: 1.3}
PACE_BOUNDS = (0.5, 3.0)
MIN_ANSWERS_FOR_PACE = 3
# Words a minute the student reads a text at: the median of their last readings aloud (WCPM),
# else the bank's slow-reader rate (curriculum/french/bank.py), so a text is never
# under-timed for a struggling reader before Rebond has heard them read.
RECENT_READINGS = 3
READING_RATE_BOUNDS = (30.0, 250.0)
RECENT = timedelta(days=7)


@dataclass(frozen=True)
class SkillEvidence:
    """The numbers an explanation quotes for one skill."""

    answers: int = 0
    correct: int = 0
    recent_errors: int = 0  # wrong first answers in the last 7 days
    hints: int = 0
    last_at: datetime | None = None
    externals: int = 0
    override: Override | None = None


@dataclass(frozen=True)
class LearnerState:
    """Everything the recommender needs, at a given moment."""

    states: dict[str, SkillState]
    evidence: dict[str, SkillEvidence]
    cards: dict[str, memory.MemoryCard]
    pace: float  # the student's time per question relative to the typical time
    reading_wpm: float  # words a minute the student reads a text at (see reading_rate)
    reading_measured: bool  # from their own readings aloud, not the default
    model: LearnerModel
    now: datetime

    def mastery(self, skill: str) -> float:
        return self.model.mastery(self.states[skill])

    def predict(self, skill: str, level: int) -> float:
        return self.model.predict(self.states, [skill], LEVEL_DIFFICULTY[level])


def expected_seconds(skill_map: SkillMap, skill: str, level: int) -> float:
    """Typical time for a question of this skill and level."""
    known = skill_map.get(skill)
    return (known.seconds if known else DEFAULT_SECONDS) * LEVEL_TIME.get(level, 1.0)


def pace(skill_map: SkillMap, answers: tuple[Answer, ...]) -> float:
    """Median ratio of the student's answer times to the typical times (1 = typical)."""
    ratios = [
        a.duration_s / expected_seconds(skill_map, a.skill, a.level)
        for a in answers
        if a.duration_s is not None and a.duration_s > 0
    ]
    if len(ratios) < MIN_ANSWERS_FOR_PACE:
        return 1.0
    low, high = PACE_BOUNDS
    return min(high, max(low, statistics.median(ratios)))


def reading_rate(readings_wcpm: tuple[float, ...]) -> tuple[float, bool]:
    """(words a minute, measured?) from the WCPM of the student's readings aloud."""
    if not readings_wcpm:
        return float(READING_WORDS_PER_MINUTE), False
    low, high = READING_RATE_BOUNDS
    rate = statistics.median(readings_wcpm[-RECENT_READINGS:])
    return min(high, max(low, rate)), True


def _evidence(skill_map: SkillMap, event: Answer | External, own_pace: float) -> list[Evidence]:
    """An answer is one piece of evidence on its skill and the skills it involves; an external
    result of score s and weight w is a success worth w·s and a failure worth w·(1 − s).

    An answer's expected time is the typical time at the student's own pace: a slow answer
    (`learner.evidence_strength`) is slow for this student. Against the typical time alone, a
    DYS or newcomer student, slower on every item because of the reading, would have their
    right answers count for less and their mastery held down (evaluation/engine_sim.py)."""
    known = skill_map.get(event.skill)
    skills = (event.skill, *(known.involves if known else ()))
    if isinstance(event, External):
        return [
            Evidence(skills, ok, weight=event.weight * share, at=event.at)
            for ok, share in ((True, event.score), (False, 1 - event.score))
            if share > 0
        ]
    return [
        Evidence(
            skills,
            event.correct,
            hints_used=event.hints_used,
            duration_s=event.duration_s,
            expected_duration_s=expected_seconds(skill_map, event.skill, event.level) * own_pace,
            item_difficulty=LEVEL_DIFFICULTY.get(event.level, 0.0),
            at=event.at,
        )
    ]


def derive(
    log: LearnerLog, skill_map: SkillMap, now: datetime, model: LearnerModel = DEFAULT_MODEL
) -> LearnerState:
    """Replay the log, oldest first, into the state at `now` (events after `now` are ignored)."""
    states: dict[str, SkillState] = {
        s.id: model.prior_state(s.id, positioning.prior(log.positioning.get(s.domain)))
        for s in skill_map.skills.values()
    }
    events: list[tuple[datetime, int, Answer | External | Override]] = [
        *((a.at, 0, a) for a in log.answers),
        *((e.at, 0, e) for e in log.externals),
        *((o.at, 1, o) for o in log.overrides),
    ]
    counts: dict[str, dict] = {}
    past = tuple(a for a in log.answers if a.at <= now)
    own_pace = pace(skill_map, past)
    for at, _, event in sorted(events, key=lambda e: (e[0], e[1])):
        if at > now:
            continue
        if event.skill not in states:  # a skill a new generator brought before the map did
            states[event.skill] = model.prior_state(event.skill, positioning.UNKNOWN_PRIOR)
        tally = counts.setdefault(event.skill, {})
        if isinstance(event, Override):
            states[event.skill] = model.override(states[event.skill], event.mastery, at)
            tally["override"] = event
            continue
        for evidence in _evidence(skill_map, event, own_pace):
            for skill in evidence.skills:
                states.setdefault(skill, model.prior_state(skill, positioning.UNKNOWN_PRIOR))
            states = model.update(states, evidence)
        if isinstance(event, External):
            tally["externals"] = tally.get("externals", 0) + 1
            continue
        tally["answers"] = tally.get("answers", 0) + 1
        tally["correct"] = tally.get("correct", 0) + int(event.correct)
        tally["hints"] = tally.get("hints", 0) + event.hints_used
        tally["recent_errors"] = tally.get("recent_errors", 0) + int(
            not event.correct and now - at <= RECENT
        )
        tally["last_at"] = at
    memory_skills = {s.id for s in skill_map.skills.values() if s.memory}
    cards = memory.replay(
        past, memory_skills, lambda a: expected_seconds(skill_map, a.skill, a.level)
    )
    wpm, measured = reading_rate(log.readings_wcpm)
    return LearnerState(
        states=states,
        evidence={skill: SkillEvidence(**tally) for skill, tally in counts.items()},
        cards=cards,
        pace=own_pace,
        reading_wpm=wpm,
        reading_measured=measured,
        model=model,
        now=now,
    )

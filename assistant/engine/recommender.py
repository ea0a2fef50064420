"""Rank what a student could practise next, and say why.

Order (the teacher first, then memory, then need):
1. teacher-assigned work not yet done, oldest first;
2. memory skills whose FSRS review is due, most forgotten first;
3. the weakest skills whose prerequisites are solid (mastery ≥ READY), not yet mastered;
   a skill answered in the last hours waits behind the others (interleaving: the next
   activity is on another skill unless the student chose the topic).
Each gets the level whose predicted success is closest to the 70–85 % band, a time estimate
scaled by the student's measured pace, its score components and its reasons.
Maths and French skills are ranked by the same rules; the catalogue says which activity
(maths questions, a text, a language module, a reading aloud) trains each.
The student's goals filter steps 2 and 3 (subject) and size the list (minutes per day); a
subject or topic the student chose restricts every step to it (free choice always wins).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from assistant.engine import catalogue, positioning
from assistant.engine.explanations import TARGET_BAND, Facts, Reasons, TextFacts, explain
from assistant.engine.history import LearnerLog, Work
from assistant.engine.skill_map import Skill, SkillMap
from assistant.engine.state import LearnerState, SkillEvidence, expected_seconds

READY = 0.5  # a prerequisite at or above this mastery no longer blocks
STRENGTHEN = 0.6  # above this, the skill is « en cours », not weak
SPACING = timedelta(hours=12)
WEAK_DEGREES = ("insuffisante", "fragile")
ERRORS_TO_MENTION = 2


@dataclass(frozen=True)
class Recommendation:
    """One proposed activity: what, at which level, for how long, why, and from what."""

    tier: str
    skill: str
    level: int
    questions: int
    minutes: int
    components: dict[str, float | int | str | bool | None]
    reasons: Reasons
    assignment_id: int | None = None


def choose_level(state: LearnerState, skill: str) -> tuple[int, float]:
    """The available level whose predicted success is closest to the target band (the
    harder one on a tie: inside the band, more challenge means more learning)."""
    low, high = TARGET_BAND
    options = []
    for level in catalogue.levels(skill):
        p = state.predict(skill, level)
        distance = max(low - p, 0.0, p - high)
        options.append((distance, -level, level, p))
    _, _, level, p = min(options)
    return level, p


def practised_recently(state: LearnerState, skill: str) -> bool:
    """Answered in the last hours: another skill comes first (interleaving, spacing)."""
    ev = state.evidence.get(skill)
    return bool(ev and ev.last_at and state.now - ev.last_at < SPACING)


def text_of(state: LearnerState, skill: str, level: int) -> TextFacts | None:
    """The text a comprehension or reading-aloud activity starts with: its length and the
    rate it is read at (the student's reading rate) or heard at (the tutor's voice rate);
    None for other activities."""
    if catalogue.activity_of(skill) not in catalogue.WITH_TEXT:
        return None
    if catalogue.heard(skill):
        rate, source = catalogue.LISTENING_WORDS_PER_MINUTE, "heard"
    else:
        rate, source = state.reading_wpm, "measured" if state.reading_measured else "default"
    return TextFacts(catalogue.text_words(level), rate, source)


def text_minutes(text: TextFacts | None) -> float:
    """Minutes to read or hear the text (0 without one)."""
    return text.words / text.words_per_minute if text else 0.0


def minutes_for(
    skill_map: SkillMap,
    state: LearnerState,
    skill: str,
    level: int,
    n: int,
    text: TextFacts | None,
) -> int:
    """Minutes for n questions at the student's own pace, plus the text the activity starts
    with if any (`text_of`; at least one minute)."""
    seconds = n * expected_seconds(skill_map, skill, level) * state.pace
    return max(1, math.ceil(seconds / 60 + text_minutes(text)))


def ready(state: LearnerState, skill: Skill) -> bool:
    """Whether every prerequisite Rebond can train is solid enough to build on. One it has
    no questions for cannot block: the student could do nothing about it here."""
    return all(state.mastery(r) >= READY for r in skill.requires if catalogue.available(r))


def minutes_today(log: LearnerLog, now: datetime) -> float:
    """Minutes of answering today (UTC day), from the answer times."""
    return sum((a.duration_s or 0) for a in log.answers if a.at.date() == now.date()) / 60


def _why_practice(
    log: LearnerLog, state: LearnerState, skill: Skill, ev: SkillEvidence | None
) -> str:
    """Which reason fits a practice recommendation best."""
    ev = ev or SkillEvidence()
    if ev.recent_errors >= ERRORS_TO_MENTION:
        return "errors"
    if ev.answers == 0 and log.positioning.get(skill.domain) in WEAK_DEGREES:
        return "positioning"
    if ev.answers == 0:
        return "new"
    return "strengthen" if state.mastery(skill.id) >= STRENGTHEN else "weak"


def _build(
    skill_map: SkillMap,
    log: LearnerLog,
    state: LearnerState,
    skill: Skill,
    tier: str,
    why: str,
    fixed_level: int | None,
    work: Work | None = None,
) -> Recommendation:
    """One recommendation: its level (the session's if fixed and offered), size, components
    and the facts its reasons quote."""
    if fixed_level in catalogue.levels(skill.id):
        level, predicted = fixed_level, state.predict(skill.id, fixed_level)
    else:
        level, predicted = choose_level(state, skill.id)
    activity = catalogue.activity_of(skill.id)
    questions = work.questions - work.done if work else catalogue.QUESTIONS_PER_ACTIVITY[activity]
    text = text_of(state, skill.id, level)
    duration = minutes_for(skill_map, state, skill.id, level, questions, text)
    ev = state.evidence.get(skill.id, SkillEvidence())
    card = state.cards.get(skill.id)
    degree = log.positioning.get(skill.domain)
    facts = Facts(
        why=why,
        skill_id=skill.id,
        skill=skill.name,
        domain=skill.domain_name,
        minutes=duration,
        questions=questions,
        level=level,
        mastery=state.mastery(skill.id),
        predicted=predicted,
        answers=ev.answers,
        correct=ev.correct,
        recent_errors=ev.recent_errors,
        hints=ev.hints,
        prerequisites=tuple((r, state.mastery(r)) for r in skill.requires),
        pace=state.pace,
        teacher=work.teacher if work else "",
        assigned_on=work.created_at if work else None,
        done=work.done if work else 0,
        days_since_review=(state.now - card.last_review).days if card else 0,
        due=card.due if card and tier == "review" else None,
        retrievability=card.retrievability(state.now) if card and tier == "review" else None,
        degree_label=positioning.DEGREES[degree].label if degree in positioning.DEGREES else "",
        override=(
            (ev.override.mastery, ev.override.teacher, ev.override.at) if ev.override else None
        ),
        activity=activity,
        text=text,
    )
    components: dict[str, float | int | str | bool | None] = {
        "tier": tier,
        "why": why,
        "activity": activity,
        "mastery": round(facts.mastery, 4),
        "practised_recently": practised_recently(state, skill.id),
        "predicted_success": round(predicted, 4),
        "prerequisites_min": round(min((v for _, v in facts.prerequisites), default=1.0), 4),
        "recent_errors": ev.recent_errors,
        "answers": ev.answers,
        "overdue_days": round(card.overdue_days(state.now), 2) if card else None,
        "retrievability": round(facts.retrievability, 4) if facts.retrievability else None,
        "pace": round(state.pace, 3),
        "text_minutes": round(text_minutes(text), 2),
        "positioning": degree,
        "assignment_id": work.id if work else None,
        "goal_subject": log.goal.subject,
    }
    reasons = explain(facts, tier)
    assignment = work.id if work else None
    return Recommendation(
        tier, skill.id, level, questions, duration, components, reasons, assignment
    )


def recommend(
    skill_map: SkillMap,
    log: LearnerLog,
    state: LearnerState,
    topic: str | None = None,
    level: int | None = None,
    limit: int = 5,
    subject: str | None = None,
) -> list[Recommendation]:
    """The ranked activities for the student now (empty only if nothing can be practised).

    `subject` and `topic` are the student's free choice (« des maths », « les fractions »):
    every tier keeps to them.

    `level` is a level the session already fixed (the student asked for easier or harder, or
    a streak moved it): skills offered at that level come first and are served at it.
    """

    def allowed(skill: Skill) -> bool:
        return (
            catalogue.available(skill.id)
            and (topic is None or skill.competence == topic)
            and (subject is None or skill.subject == subject)
        )

    def goal(skill: Skill) -> bool:  # the student's own subject goal, unless they chose
        return bool(topic or subject or not log.goal.subject or skill.subject == log.goal.subject)

    def off_level(skill: Skill) -> bool:
        return level is not None and level not in catalogue.levels(skill.id)

    picked: list[Recommendation] = []
    taken: set[str] = set()

    def add(skill: Skill, tier: str, why: str, work: Work | None = None) -> None:
        picked.append(_build(skill_map, log, state, skill, tier, why, level, work))
        taken.add(skill.id)

    for work in log.assignments:
        options = [s for s in skill_map.under(work.target) if allowed(s) and s.id not in taken]
        if work.done < work.questions and options:
            add(
                min(options, key=lambda s: (not ready(state, s), state.mastery(s.id))),
                "assignment",
                "assignment",
                work,
            )
    for _, skill_id in sorted(
        (card.retrievability(state.now), skill_id)
        for skill_id, card in state.cards.items()
        if card.overdue_days(state.now) >= 0
    ):
        skill = skill_map.get(skill_id)
        if skill and allowed(skill) and goal(skill) and skill_id not in taken:
            add(skill, "review", "review")
    allowed_left = [s for s in skill_map.skills.values() if allowed(s) and s.id not in taken]
    # The subject goal narrows the list unless nothing of that subject can be practised yet.
    in_goal = [s for s in allowed_left if goal(s)] or allowed_left
    unmastered = [s for s in in_goal if state.mastery(s.id) < state.model.mastery_threshold]
    # Fallbacks keep a chosen topic servable once it is all mastered or all blocked.
    candidates = [s for s in unmastered if ready(state, s)] or unmastered or in_goal

    def rank(skill: Skill) -> tuple[bool, bool, float]:  # weakest first
        # Within a chosen topic the student practises it on purpose: no spacing there.
        spaced = topic is None and practised_recently(state, skill.id)
        return off_level(skill), spaced, state.mastery(skill.id)

    for skill in sorted(candidates, key=rank):
        if len(picked) >= limit:
            break
        add(skill, "practice", _why_practice(log, state, skill, state.evidence.get(skill.id)))
    return _fit_to_day(picked[:limit], log, state)


def _fit_to_day(
    picked: list[Recommendation], log: LearnerLog, state: LearnerState
) -> list[Recommendation]:
    """Keep what fits in the minutes left today (always the first one): the student's own
    time goal bounds the list, assignments and reviews being first in it."""
    left = log.goal.minutes_per_day - minutes_today(log, state.now)
    kept: list[Recommendation] = []
    for rec in picked:
        if kept and rec.minutes > left:
            break
        kept.append(rec)
        left -= rec.minutes
    return kept

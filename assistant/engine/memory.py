"""Spaced repetition of memory items (automatismes, vocabulary, spelling rules) with FSRS.

One card per (student, memory skill), replayed from the answers: the first answer of a day on
that skill is the day's review (more answers the same day are practice, not spaced recall,
which is what FSRS models). Cards are derived, not stored, so they always agree with the log.
Fuzzing is off and there are no intra-day learning steps: due dates are whole, deterministic
intervals a school timetable can follow.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass
from datetime import date, datetime

from fsrs import Card, Rating, Scheduler

from assistant.engine.history import Answer

SCHEDULER = Scheduler(
    desired_retention=0.9, learning_steps=(), relearning_steps=(), enable_fuzzing=False
)
FAST, SLOW = 0.5, 1.5  # answer time relative to the expected time


@dataclass(frozen=True)
class MemoryCard:
    """A memory skill's card: when to review it next and how well it is held."""

    skill: str
    card: Card
    reviews: int
    last_review: datetime

    @property
    def due(self) -> datetime:
        return self.card.due

    def overdue_days(self, now: datetime) -> float:
        """Days past the due date (negative: not due yet)."""
        return (now - self.card.due).total_seconds() / 86400

    def retrievability(self, now: datetime) -> float:
        """FSRS's probability that the student still remembers it now."""
        return SCHEDULER.get_card_retrievability(self.card, now)


def rating(answer: Answer, expected_s: float) -> Rating:
    """A review grade from the answer: wrong → Again; right with hints or slowly → Hard;
    right quickly → Easy; otherwise Good."""
    if not answer.correct:
        return Rating.Again
    duration = answer.duration_s
    if answer.hints_used or (duration is not None and duration > SLOW * expected_s):
        return Rating.Hard
    if duration is not None and duration < FAST * expected_s:
        return Rating.Easy
    return Rating.Good


def replay(
    answers: Sequence[Answer], memory_skills: Set[str], expected_s: Callable[[Answer], float]
) -> dict[str, MemoryCard]:
    """The cards of the memory skills, from the answers (oldest first)."""
    cards: dict[str, MemoryCard] = {}
    reviewed_days: set[tuple[str, date]] = set()
    for answer in answers:
        day = (answer.skill, answer.at.date())
        if answer.skill not in memory_skills or day in reviewed_days:
            continue
        reviewed_days.add(day)
        previous = cards.get(answer.skill)
        card = previous.card if previous else Card(card_id=1, due=answer.at)
        card, _ = SCHEDULER.review_card(card, rating(answer, expected_s(answer)), answer.at)
        cards[answer.skill] = MemoryCard(
            answer.skill, card, (previous.reviews if previous else 0) + 1, answer.at
        )
    return cards

"""Spaced repetition: FSRS cards replayed from answers, and due reviews in the list."""

from datetime import datetime, timedelta, timezone

from fsrs import Rating

from assistant.engine import memory
from assistant.engine.history import Answer, LearnerLog
from assistant.engine.recommender import recommend
from assistant.engine.skill_map import load
from assistant.engine.state import derive

DAY0 = datetime(2026, 11, 2, 9, tzinfo=timezone.utc)
FACTS = "nombres_calculs.relatifs.additionner"  # a memory skill (automatisme)
MEAN = "donnees.statistiques.moyenne"  # not a memory skill
EXPECTED = 30.0


def answer(at: datetime, correct: bool = True, hints: int = 0, seconds: float = 25.0, skill=FACTS):
    return Answer(int(at.timestamp()), skill, 2, correct, hints, seconds, at)


def cards(*answers: Answer) -> dict[str, memory.MemoryCard]:
    return memory.replay(answers, {FACTS}, lambda a: EXPECTED)


def test_ratings_follow_correctness_hints_and_time():
    assert memory.rating(answer(DAY0, correct=False), EXPECTED) == Rating.Again
    assert memory.rating(answer(DAY0, hints=1), EXPECTED) == Rating.Hard
    assert memory.rating(answer(DAY0, seconds=60), EXPECTED) == Rating.Hard
    assert memory.rating(answer(DAY0, seconds=10), EXPECTED) == Rating.Easy
    assert memory.rating(answer(DAY0, seconds=25), EXPECTED) == Rating.Good


def test_a_good_review_is_due_days_later_and_a_failure_sooner():
    good = cards(answer(DAY0))[FACTS]
    failed = cards(answer(DAY0, correct=False))[FACTS]
    assert good.due >= DAY0 + timedelta(days=1)
    assert failed.due < good.due
    assert good.reviews == 1 and good.last_review == DAY0


def test_intervals_grow_with_successful_spaced_reviews():
    first = cards(answer(DAY0))[FACTS]
    second = cards(answer(DAY0), answer(first.due))[FACTS]
    assert second.due - first.due > first.due - DAY0


def test_only_the_first_answer_of_a_day_is_a_review():
    same_day = cards(answer(DAY0), answer(DAY0 + timedelta(hours=1), correct=False))[FACTS]
    assert same_day.reviews == 1 and same_day.due == cards(answer(DAY0))[FACTS].due


def test_non_memory_skills_get_no_card():
    assert cards(answer(DAY0, skill=MEAN)) == {}


def test_due_dates_are_deterministic():
    log = (answer(DAY0), answer(DAY0 + timedelta(days=3), hints=1))
    assert cards(*log)[FACTS].due == cards(*log)[FACTS].due


def test_a_due_review_enters_the_recommendations_before_practice():
    skill_map = load()
    log = LearnerLog(answers=(answer(DAY0),))
    due_at = cards(answer(DAY0))[FACTS].due
    before = derive(log, skill_map, due_at - timedelta(hours=1))
    after = derive(log, skill_map, due_at + timedelta(hours=1))
    assert all(r.tier != "review" for r in recommend(skill_map, log, before))
    first = recommend(skill_map, log, after)[0]
    assert (first.tier, first.skill) == ("review", FACTS)
    assert "pour ne pas l'oublier" in first.reasons.student
    assert "FSRS" in first.reasons.teacher

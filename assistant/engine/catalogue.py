"""Which activities exist for a skill, at which levels, and how to draw one.

Maths skills are trained by item generators, French skills by content: comprehension skills by
the passages of curriculum/french (read, or heard for `comprehension_oral`), étude de la langue
and décodage skills by the modules of curriculum/langue, reading fluency by reading a passage
aloud. The recommender ranks them all alike; the conversation starts the activity this
catalogue names for the chosen skill (`activity_of`).

A maths generator declares its topic, not its skills: one generator may produce several skills
depending on level and seed (Pythagoras gives the hypotenuse or a side). So the catalogue asks
the generators themselves, by building a few items per (generator, level) once per process;
that stays right as generators are added or changed, with nothing to keep in sync by hand.
"""

from __future__ import annotations

import hashlib
import logging
import statistics
from collections import defaultdict
from functools import cache

from curriculum.french import bank as passages
from curriculum.langue import bank as langue
from curriculum.maths.items import GENERATORS, LEVELS, MathItem, generate

log = logging.getLogger("rebond.engine")
SAMPLE_SEEDS = range(8)
MAX_DRAWS = 24  # seeds tried to find an item of the wanted skill before taking any of the topic

MATHS, COMPREHENSION, LANGUE, FLUENCY = "maths", "comprehension", "langue", "fluency"
FLUENCY_SKILL = "comprehension_ecrit.fluence.lecture_fluide"
HEARD_PREFIX = f"francais.{passages.MODES['oral']}."  # skills of texts heard
# Questions (or readings) in one activity, for its time estimate.
QUESTIONS_PER_ACTIVITY = {MATHS: 5, COMPREHENSION: 5, LANGUE: 5, FLUENCY: 1}
# Activities that start with a whole text to read or hear, and how fast the tutor's voice
# says one (eSpeak NG French at rate 1: 155–192 words a minute measured on bank passages).
WITH_TEXT = (COMPREHENSION, FLUENCY)
LISTENING_WORDS_PER_MINUTE = 160


@cache
def levels_by_skill() -> dict[str, dict[int, tuple[str, ...]]]:
    """Maths skill → level → generators that produce that skill at that level."""
    found: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for generator in GENERATORS:
        for level in LEVELS:
            try:
                skills = sorted({generate(generator, level, s).skill for s in SAMPLE_SEEDS})
            except Exception:  # a broken generator must not take the whole tutor down
                log.exception("generator %s fails at level %d: left out", generator, level)
                continue
            for skill in skills:
                found[skill][level].append(generator)
    return {
        skill: {level: tuple(gens) for level, gens in sorted(by_level.items())}
        for skill, by_level in found.items()
    }


@cache
def french_activities() -> dict[str, tuple[str, tuple[int, ...]]]:
    """French skill → (the activity that trains it, the levels of its passages or modules)."""
    found: dict[str, tuple[str, set[int]]] = {}
    for passage in passages.passages():
        found.setdefault(FLUENCY_SKILL, (FLUENCY, set()))[1].add(passage.level)
        for question in passage.questions:
            for mode in passages.MODES:
                found.setdefault(question.skill(mode), (COMPREHENSION, set()))[1].add(passage.level)
    for module in langue.modules():
        found.setdefault(module.skill, (LANGUE, set()))[1].add(module.level)
    return {skill: (kind, tuple(sorted(lv))) for skill, (kind, lv) in found.items()}


def levels(skill: str) -> tuple[int, ...]:
    """The levels Rebond can serve this skill at (none: it cannot train it)."""
    if skill in levels_by_skill():
        return tuple(levels_by_skill()[skill])
    return french_activities().get(skill, ("", ()))[1]


def available(skill: str) -> bool:
    """Whether Rebond has an activity for this skill."""
    return bool(levels(skill))


def activity_of(skill: str) -> str:
    """Which activity trains an available skill: maths questions, a text, a language module
    or a reading aloud."""
    return MATHS if skill in levels_by_skill() else french_activities()[skill][0]


@cache
def text_words(level: int) -> int:
    """How long a text of this level is (the bank's mean word count), for time estimates."""
    counts = [p.word_count for p in passages.passages() if p.level == level]
    return round(statistics.fmean(counts or [p.word_count for p in passages.passages()]))


def heard(skill: str) -> bool:
    """Whether a comprehension skill is trained on a text the student hears, not reads."""
    return skill.startswith(HEARD_PREFIX)


def module_for(skill: str, level: int, done: set[str]) -> langue.Module:
    """The language module to serve for a skill: one not done yet first, then the closest
    to the level the engine chose (the easier on a tie), then the module id."""
    return min(
        (m for m in langue.modules() if m.skill == skill),
        key=lambda m: (m.id in done, abs(m.level - level), m.level, m.id),
    )


def seed_for(key: str) -> int:
    """A seed derived from a stable key (session registration and position)."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big") % (2**31)


def draw(skill: str, level: int, key: str) -> MathItem:
    """A question of `skill` at `level`, chosen by `key`; the same key gives the same item.

    Generators that mix skills are drawn until one gives the wanted skill; if none does in
    MAX_DRAWS seeds the last item is kept (its own skill is what the answer counts for).
    """
    generators = levels_by_skill()[skill][level]
    item = generate(generators[0], level, seed_for(f"{key}:0"))
    for attempt in range(1, MAX_DRAWS):
        if item.skill == skill:
            break
        item = generate(generators[attempt % len(generators)], level, seed_for(f"{key}:{attempt}"))
    return item

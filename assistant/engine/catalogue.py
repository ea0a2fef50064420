"""Which activities exist for a skill, at which levels, and how to draw one.

A maths generator declares its topic, not its skills: one generator may produce several skills
depending on level and seed (Pythagoras gives the hypotenuse or a side). So the catalogue asks
the generators themselves, by building a few items per (generator, level) once per process;
that stays right as generators are added or changed, with nothing to keep in sync by hand.
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from functools import cache

from curriculum.maths.items import GENERATORS, LEVELS, MathItem, generate

log = logging.getLogger("rebond.engine")
SAMPLE_SEEDS = range(8)
MAX_DRAWS = 24  # seeds tried to find an item of the wanted skill before taking any of the topic


@cache
def levels_by_skill() -> dict[str, dict[int, tuple[str, ...]]]:
    """skill → level → generators that produce that skill at that level."""
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


def available(skill: str) -> bool:
    """Whether Rebond has questions for this skill."""
    return skill in levels_by_skill()


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

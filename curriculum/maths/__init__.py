"""Maths exercise generators for the seconde programme.

Importing the package registers every generator family in ``GENERATORS``; use ``generate`` to
build an item and ``generators_for_topic`` to map a conversation topic to generator ids.
"""

from curriculum.maths import (  # noqa: F401  (imported for their registrations)
    data_statistics,
    equations,
    fractions,
    percentages,
    proportionality,
    pythagoras,
)
from curriculum.maths.items import (
    GENERATORS,
    TOPICS,
    MathItem,
    Misconception,
    generate,
    generators_for_topic,
)

__all__ = [
    "GENERATORS",
    "TOPICS",
    "MathItem",
    "Misconception",
    "generate",
    "generators_for_topic",
]

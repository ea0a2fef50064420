"""Motivation: « Le saviez-vous ? » facts and « Un texte, un jour ».

Entry points: ``fact_of_the_day`` and ``text_of_the_day`` (the same for everyone on a given
day), ``fact_after`` (a fact the student has not seen, at the end of a practice),
``fact_messages`` and ``announce_text_of_the_day`` (what the tutor says). See ``daily``.
"""

from curriculum.motivation.daily import (
    CULTURE,
    SUBJECTS,
    Fact,
    FactError,
    Source,
    announce_text_of_the_day,
    fact,
    fact_after,
    fact_messages,
    fact_of_the_day,
    facts,
    load_facts,
    text_of_the_day,
)

__all__ = [
    "CULTURE",
    "SUBJECTS",
    "Fact",
    "FactError",
    "Source",
    "announce_text_of_the_day",
    "fact",
    "fact_after",
    "fact_messages",
    "fact_of_the_day",
    "facts",
    "load_facts",
    "text_of_the_day",
]

"""French content: the passage bank with its comprehension questions and readability measures.

``passages()``, ``passage(id)`` and ``questions(id)`` are the entry points; see ``bank`` for the
file format, the band cut-offs and the metadata rules, ``readability`` for the score.
"""

from curriculum.french.bank import (
    FAMILIES,
    GENRES,
    KINDS,
    Idea,
    Passage,
    PassageError,
    Question,
    ResourceMetadata,
    Rubric,
    passage,
    passage_metadata,
    passages,
    question,
    question_metadata,
    questions,
    resource_metadata,
    resources,
    skill_id,
    skill_ids,
)

__all__ = [
    "FAMILIES",
    "GENRES",
    "KINDS",
    "Idea",
    "Passage",
    "PassageError",
    "Question",
    "ResourceMetadata",
    "Rubric",
    "passage",
    "passage_metadata",
    "passages",
    "question",
    "question_metadata",
    "questions",
    "resource_metadata",
    "resources",
    "skill_id",
    "skill_ids",
]

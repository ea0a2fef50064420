"""Every resource Rebond teaches with — passages, questions, maths exercise families, language
modules — with a
persistent URI and the metadata schools' catalogues expect (title, skill, level, pedagogical
intent, context, duration, licence).

Passages and questions get theirs from the bank (curriculum/french/bank.py); a maths exercise
family (one generator, all its levels) and a language module are described here from their
registries.
"""

from __future__ import annotations

from assistant.tutoring.messages import TOPIC_NAMES
from curriculum.french import bank
from curriculum.langue import bank as langue_bank
from curriculum.maths.items import GENERATORS, LEVELS, generate

MATHS_PREFIX = "maths."
LANGUE_PREFIX = "langue."
MINUTES_PER_ACTIVITY = 2
# One exercise family is a short series: about two minutes per question, five questions.
MATHS_MINUTES = 10


def maths_metadata(resource_id: str, public_url: str) -> bank.ResourceMetadata:
    """Metadata of a maths exercise family, ``maths.<generator id>``; KeyError if unknown."""
    generator = resource_id.removeprefix(MATHS_PREFIX)
    spec = GENERATORS[generator]
    skill = generate(generator, LEVELS[0], 0).skill
    return bank.ResourceMetadata(
        id=resource_id,
        type="exercise",
        uri=f"{public_url.rstrip('/')}/resources/maths/{generator}",
        title=f"Exercices : {TOPIC_NAMES.get(spec.topic, spec.topic)} ({generator})",
        skills=(skill,),
        level=LEVELS[0],
        intent="entraînement",
        contexts=("seul", "en classe", "en mobilité"),
        duration_minutes=MATHS_MINUTES,
        licence=bank.LICENCE,
        licence_url=bank.LICENCE_URL,
    )


def langue_metadata(resource_id: str, public_url: str) -> bank.ResourceMetadata:
    """Metadata of a language module, ``langue.<module id>``; KeyError if unknown."""
    module = langue_bank.module(resource_id.removeprefix(LANGUE_PREFIX))
    return bank.ResourceMetadata(
        id=resource_id,
        type="exercise",
        uri=f"{public_url.rstrip('/')}/resources/langue/{module.id}",
        title=f"Étude de la langue : {module.title}",
        skills=(module.skill,),
        level=module.level,
        intent="entraînement",
        contexts=("seul", "en classe", "en mobilité"),
        duration_minutes=MINUTES_PER_ACTIVITY * len(module.activities),
        licence=bank.LICENCE,
        licence_url=bank.LICENCE_URL,
    )


def metadata(resource_id: str, public_url: str) -> bank.ResourceMetadata:
    """Metadata of any resource id; KeyError when there is no such resource."""
    if resource_id.startswith(MATHS_PREFIX):
        return maths_metadata(resource_id, public_url)
    if resource_id.startswith(LANGUE_PREFIX):
        return langue_metadata(resource_id, public_url)
    return bank.resource_metadata(resource_id, public_url)


def all_resources(public_url: str) -> list[bank.ResourceMetadata]:
    """Passages, questions, maths exercise families, then language modules."""
    return [
        *bank.resources(public_url),
        *(maths_metadata(MATHS_PREFIX + g, public_url) for g in GENERATORS),
        *(langue_metadata(LANGUE_PREFIX + m.id, public_url) for m in langue_bank.modules()),
    ]

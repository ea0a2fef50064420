"""Every resource Rebond teaches with — passages, questions, maths exercise families, language
modules, « Le saviez-vous ? » facts — with a persistent URI and the metadata schools'
catalogues expect (title, skill, level, pedagogical intent, context, duration, licence).

Passages and questions get theirs from the bank (curriculum/french/bank.py); a maths exercise
family (one generator, all its levels), a language module and a fact are described here from
their registries. A fact is tagged with a conversation topic: its skills are that topic's
skills in the map (the maths competence, or the language modules of the topic); a culture
fact trains no skill of the map and says so with an empty list rather than a made-up one.
"""

from __future__ import annotations

from assistant.engine import skill_map
from assistant.tutoring.messages import TOPIC_NAMES
from curriculum import motivation
from curriculum.french import bank
from curriculum.langue import bank as langue_bank
from curriculum.maths.items import GENERATORS, LEVELS, generate

MATHS_PREFIX = "maths."
LANGUE_PREFIX = "langue."
FACT_PREFIX = "fait."
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


def fact_skills(fact: motivation.Fact) -> tuple[str, ...]:
    """The skills of the map a fact's topic names; none for a culture fact."""
    if fact.subject == "maths":
        return tuple(s.id for s in skill_map.load().of_topic(fact.skill))
    return tuple(dict.fromkeys(m.skill for m in langue_bank.modules_for_topic(fact.skill)))


def fact_metadata(resource_id: str, public_url: str) -> bank.ResourceMetadata:
    """Metadata of a « Le saviez-vous ? » fact, ``fait.<fact id>``; KeyError if unknown.

    A fact is a discovery read or heard in a minute, one more with a challenge to try."""
    fact = motivation.fact(resource_id.removeprefix(FACT_PREFIX))
    return bank.ResourceMetadata(
        id=resource_id,
        type="fact",
        uri=f"{public_url.rstrip('/')}/resources/faits/{fact.id}",
        title=f"Le saviez-vous ? {fact.title}",
        skills=fact_skills(fact),
        level=fact.level,
        intent="découverte",
        contexts=("seul", "en classe", "en mobilité"),
        duration_minutes=2 if fact.try_it else 1,
        licence=bank.LICENCE,
        licence_url=bank.LICENCE_URL,
    )


def metadata(resource_id: str, public_url: str) -> bank.ResourceMetadata:
    """Metadata of any resource id; KeyError when there is no such resource."""
    if resource_id.startswith(MATHS_PREFIX):
        return maths_metadata(resource_id, public_url)
    if resource_id.startswith(LANGUE_PREFIX):
        return langue_metadata(resource_id, public_url)
    if resource_id.startswith(FACT_PREFIX):
        return fact_metadata(resource_id, public_url)
    return bank.resource_metadata(resource_id, public_url)


def all_resources(public_url: str) -> list[bank.ResourceMetadata]:
    """Passages, questions, maths exercise families, language modules, then facts."""
    return [
        *bank.resources(public_url),
        *(maths_metadata(MATHS_PREFIX + g, public_url) for g in GENERATORS),
        *(langue_metadata(LANGUE_PREFIX + m.id, public_url) for m in langue_bank.modules()),
        *(fact_metadata(FACT_PREFIX + f.id, public_url) for f in motivation.facts()),
    ]

"""Load and check the étude de la langue modules (curriculum/langue/modules/*.yml).

A module teaches one point (« a » ou « à », l'accord du participe passé, les sons [ɛ̃]…)
through short activities that make the student *do* something with the language:
- ``choose``: pick the right form for a blank, then (``why``) hear the manipulation that
  proves it — replace « a » by « avait », the plural test…;
- ``transform``: rewrite a sentence (plural, another tense, another person);
- ``sort``: from a list, give the words that belong to a category (the « ein » words);
- ``dictation``: the tutor says a sentence aloud, the page shows it with a blank, the student
  types only the target word — no copying a whole text (a DYS requirement);
- ``justify``: explain a choice in one's own words, judged on ideas like an open answer.

Every activity is usable by text and by voice: ``spoken`` is what text-to-speech reads when
the written prompt has a blank or symbols.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from curriculum.french.bank import Idea, Rubric

MODULES_DIR = Path(__file__).resolve().parent / "modules"
KINDS = ("choose", "transform", "sort", "dictation", "justify")
BLANK = "___"


class ModuleError(ValueError):
    """A module file breaks the schema; the message names the file and the field."""


@dataclass(frozen=True)
class Activity:
    """One step of a module."""

    id: str
    kind: str
    prompt: str
    spoken: str
    answers: tuple[str, ...]  # accepted answers (choose: the right choice; sort: the words)
    choices: tuple[str, ...]
    why: str  # the manipulation or rule that shows the answer, said after a wrong one
    rubric: Rubric | None


@dataclass(frozen=True)
class Module:
    """A point of grammar, spelling, vocabulary or decoding, with its activities."""

    id: str
    title: str
    topic: str
    skill: str
    level: int
    rule: str
    activities: tuple[Activity, ...]


def _rubric(data: dict) -> Rubric:
    ideas = tuple(
        Idea(
            i["id"],
            i["label"],
            tuple(i.get("lemmas", [])),
            tuple(i.get("synonyms", [])),
            tuple(i.get("phrases", [])),
        )
        for i in data["ideas"]
    )
    return Rubric(ideas, int(data.get("min_ideas", 1)))


def load_module(path: Path) -> Module:
    """Read and check one module file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))

    def fail(field: str, problem: str) -> ModuleError:
        return ModuleError(f"{path.name}: {field}: {problem}")

    for field in ("id", "title", "topic", "skill", "level", "rule", "activities"):
        if field not in data:
            raise fail(field, "missing")
    if data["id"] != path.stem:
        raise fail("id", f"must be the file name {path.stem!r}")
    activities = []
    for index, raw in enumerate(data["activities"]):
        where = f"activities[{index}]"
        kind = raw.get("kind")
        if kind not in KINDS:
            raise fail(f"{where}.kind", f"must be one of {KINDS}")
        answers = raw.get("answer", [])
        answers = tuple(answers if isinstance(answers, list) else [answers])
        choices = tuple(raw.get("choices", []))
        rubric = _rubric(raw["rubric"]) if kind == "justify" else None
        if kind != "justify" and not answers:
            raise fail(f"{where}.answer", "missing")
        if kind == "justify" and rubric is None:
            raise fail(f"{where}.rubric", "missing")
        if kind == "choose" and (len(answers) != 1 or answers[0] not in choices):
            raise fail(f"{where}.answer", "must be one of the choices")
        if kind == "dictation" and (BLANK not in raw["prompt"] or "spoken" not in raw):
            raise fail(f"{where}.prompt", f"a dictation shows {BLANK} and has `spoken`")
        activities.append(
            Activity(
                id=f"{data['id']}#{index + 1}",
                kind=kind,
                prompt=raw["prompt"],
                spoken=raw.get("spoken", raw["prompt"]),
                answers=answers,
                choices=choices,
                why=raw.get("why", ""),
                rubric=rubric,
            )
        )
    if len(activities) < 4:
        raise fail("activities", "a module needs at least 4 activities")
    return Module(
        id=data["id"],
        title=data["title"],
        topic=data["topic"],
        skill=data["skill"],
        level=int(data["level"]),
        rule=data["rule"],
        activities=tuple(activities),
    )


@cache
def _modules() -> dict[str, Module]:
    return {p.stem: load_module(p) for p in sorted(MODULES_DIR.glob("*.yml"))}


def modules() -> tuple[Module, ...]:
    """Every module, by file name."""
    return tuple(_modules().values())


def module(module_id: str) -> Module:
    """One module; KeyError when there is none of that id."""
    return _modules()[module_id]


def activity(activity_id: str) -> Activity:
    """One activity by its id, ``<module id>#<n>``."""
    module_id, _, number = activity_id.partition("#")
    return module(module_id).activities[int(number) - 1]


def modules_for_topic(topic: str) -> tuple[Module, ...]:
    """The modules of a conversation topic (homophones, accords, …), easiest first."""
    return tuple(sorted((m for m in modules() if m.topic == topic), key=lambda m: m.level))

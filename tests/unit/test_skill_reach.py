"""Every skill of the map can be reached by dialogue: for each skill, the route that serves it
— an intent with its examples, the `topic` the NLU can extract for it, the rule that starts a
practice, the activity the action asks for — and the real tutoring classes, on the real
database, asking an item of that skill at the end of it.

The NLU side is read from the training data (what the trained model learns from), the action
side from `actions/tutoring.py` (read, not imported: rasa_sdk lives in the Rasa venv).
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
import yaml

from assistant.engine import catalogue, skill_map
from assistant.settings import REPO_ROOT
from assistant.tutoring.comprehension import ORAL, Comprehension
from assistant.tutoring.langue import Langue
from assistant.tutoring.practice import Practice
from curriculum.french import bank
from curriculum.langue import bank as langue_bank
from curriculum.maths.items import generate

NLU_DIR = REPO_ROOT / "nlu_data" / "nlu"
# « [text](topic) », « [text](topic:value) » or « [text]{"entity": "topic", "value": …} »
ANNOTATION = re.compile(r"\[([^\]]+)\](?:\((\w+)(?::([^)]+))?\)|(\{[^}]+\}))")
PUBLIC_URL = "http://testserver"
# Questions answered right in a maths topic before giving up on a skill. The engine serves
# first the skills whose prerequisites are solid; one whose prerequisites lie in another topic
# comes once the others are mastered: the midpoint (it needs relative numbers) after 42 right
# answers in « géométrie », frequencies (they need fractions) after 105 in « statistiques »,
# for a student who never practised those other topics.
SERVED_PER_TOPIC = 130


@dataclass(frozen=True)
class Route:
    """What the student says (an intent, a topic value or none) and the activity it starts."""

    intent: str
    topic: str | None
    activity: str


def route_of(skill: str) -> Route:
    """The dialogue route meant to serve a skill, from where its content lives."""
    activity = catalogue.activity_of(skill)
    if activity == catalogue.MATHS:
        return Route("start_maths", skill_map.load().skills[skill].competence, activity)
    if activity == catalogue.COMPREHENSION:
        oral = skill in {bank.skill_id(kind, ORAL) for kind in bank.KINDS}
        return Route("start_comprehension", ORAL if oral else None, activity)
    if activity == catalogue.LANGUE:
        module = next(m for m in langue_bank.modules() if m.skill == skill)
        return Route("start_langue", module.topic, activity)
    return Route("start_fluency", None, activity)


def _yaml_files() -> Iterator[dict]:
    for path in sorted(NLU_DIR.glob("*.yml")):
        yield yaml.safe_load(path.read_text(encoding="utf-8"))


@cache
def nlu_examples() -> dict[str, tuple[str, ...]]:
    """Intent → its training examples."""
    found: dict[str, list[str]] = {}
    for document in _yaml_files():
        for block in document.get("nlu", []):
            if "intent" in block:
                lines = [line.strip()[2:] for line in block["examples"].splitlines()]
                found.setdefault(block["intent"], []).extend(line for line in lines if line)
    return {intent: tuple(lines) for intent, lines in found.items()}


@cache
def synonyms() -> dict[str, str]:
    """Written form (lowercase) → canonical entity value."""
    found: dict[str, str] = {}
    for document in _yaml_files():
        for block in document.get("nlu", []):
            if "synonym" in block:
                for line in block["examples"].splitlines():
                    found[line.strip()[2:].strip().lower()] = block["synonym"]
    return found


def topic_values(intent: str) -> set[str]:
    """The `topic` values the examples of an intent teach the NLU to extract, after the
    synonym mapping the pipeline applies."""
    values: set[str] = set()
    for example in nlu_examples().get(intent, ()):
        for text, entity, value, annotation in ANNOTATION.findall(example):
            if annotation:
                spec = json.loads(annotation)
                entity, value = spec["entity"], spec.get("value", "")
            if entity == "topic":
                raw = value or text
                values.add(synonyms().get(raw.lower(), raw))
    return values


@cache
def activity_by_intent() -> dict[str, str]:
    """`ACTIVITY_BY_INTENT` of the action server, read from its source."""
    tree = ast.parse((REPO_ROOT / "actions" / "tutoring.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "ACTIVITY_BY_INTENT" for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError("ACTIVITY_BY_INTENT not found in actions/tutoring.py")


@cache
def start_rules() -> set[str]:
    """Intents a rule answers with `action_start_practice`."""
    rules = yaml.safe_load((REPO_ROOT / "nlu_data" / "rules.yml").read_text(encoding="utf-8"))
    found = set()
    for rule in rules["rules"]:
        steps = rule["steps"]
        for step, following in zip(steps, steps[1:], strict=False):
            if "intent" in step and following.get("action") == "action_start_practice":
                found.add(step["intent"])
    return found


ALL_SKILLS = sorted(skill_map.load().skills)


def test_every_skill_has_a_dialogue_route():
    domain = yaml.safe_load((REPO_ROOT / "domain.yml").read_text(encoding="utf-8"))
    for skill in ALL_SKILLS:
        assert catalogue.available(skill), f"{skill}: no activity trains it"
        route = route_of(skill)
        assert route.intent in domain["intents"], (skill, route)
        assert len(nlu_examples().get(route.intent, ())) >= 10, (skill, route)
        assert route.intent in start_rules(), (skill, route)
        assert activity_by_intent()[route.intent] == route.activity, (skill, route)
        if route.topic is not None:
            assert route.topic in topic_values(route.intent), (skill, route)


def test_reading_fluency_is_served_by_the_reading_practice():
    route = route_of(catalogue.FLUENCY_SKILL)
    assert route == Route("start_fluency", None, "fluency")
    assert activity_by_intent()["start_fluency"] == "fluency"


@pytest.mark.parametrize(
    "topic",
    sorted({route_of(s).topic for s in ALL_SKILLS if catalogue.activity_of(s) == "maths"}),
)
def test_a_maths_topic_serves_each_of_its_skills(db, lea, topic):
    """Start the topic as the student would, then answer right until every skill of the topic
    has been asked (the engine moves on from a skill the student masters)."""
    wanted = {s for s in ALL_SKILLS if route_of(s) == Route("start_maths", topic, "maths")}
    practice = Practice(db, PUBLIC_URL, lea)
    reply = practice.start(topic)
    assert reply.practice_active, reply.messages
    served: set[str] = set()
    for _ in range(SERVED_PER_TOPIC):
        row, item = practice.pending()
        assert row.session.topic == topic
        served.add(item.skill)
        if wanted <= served:
            break
        practice.answer(item.answer)
    assert wanted <= served, f"{topic}: never asked {sorted(wanted - served)}"


@pytest.mark.parametrize("topic", [None, ORAL])
def test_texts_serve_every_comprehension_skill_of_their_mode(db, lea, topic):
    """Texts one after the other (as « un autre texte » does) ask every kind of question."""
    mode = ORAL if topic else "ecrit"
    wanted = {bank.skill_id(kind, mode) for kind in bank.KINDS}
    comprehension = Comprehension(db, PUBLIC_URL, lea)
    served: set[str] = set()
    for _ in range(len(bank.passages())):
        reply = comprehension.start(topic)
        assert reply.practice_active
        row, step = comprehension.pending()
        served |= {s.skill for s in comprehension.steps(row.session.topic or "")}
        Practice(db, PUBLIC_URL, lea).end_session()
        if wanted <= served:
            break
    assert served <= {bank.skill_id(kind, mode) for kind in bank.KINDS}
    assert wanted <= served, sorted(wanted - served)


@pytest.mark.parametrize(
    "skill", [s for s in ALL_SKILLS if catalogue.activity_of(s) == catalogue.LANGUE]
)
def test_a_language_topic_serves_its_skill(db, lea, skill):
    route = route_of(skill)
    langue = Langue(db, PUBLIC_URL, lea)
    reply = langue.start(route.topic)
    assert reply.practice_active
    row, step = langue.pending()
    assert row.skill == step.skill == skill


def test_the_item_drawn_for_a_maths_skill_is_of_that_skill():
    """What `_serve` draws for the engine's chosen skill is an item of that skill, at every
    level the catalogue lists for it."""
    for skill in ALL_SKILLS:
        if catalogue.activity_of(skill) != catalogue.MATHS:
            continue
        for level in catalogue.levels(skill):
            item = catalogue.draw(skill, level, f"reach:{skill}:{level}")
            assert item.skill == skill, (skill, level, item.generator)
            assert generate(item.generator, level, item.seed).skill == skill


def test_the_routes_are_read_from_the_real_files():
    """The readers above find what is there (a broken reader would make every check pass)."""
    assert "oral" in topic_values("start_comprehension")
    assert "fractions" in topic_values("start_maths")
    assert "homophones" in topic_values("start_langue")
    assert {"start_maths", "start_comprehension", "start_langue"} <= start_rules()
    assert Path(REPO_ROOT / "actions" / "tutoring.py").exists()

"""Geometry, data and algorithm generators: valid items for 1,000 seeds, graded right.

Generation is checked wide (every level, 1,000 seeds, no checker: fast); grading is checked by
hypothesis over random seeds, because a right answer marked wrong or a misconception graded as
right is what a student would actually meet.
"""

from __future__ import annotations

import re

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.tutoring.answer_parsing import parse_answer
from assistant.tutoring.checking import check_answer
from curriculum.maths import (  # noqa: F401  (imported so that they register)
    algorithmics,
    areas_volumes,
    coordinates,
    functions,
    graphs_tables,
    map_scale,
    probability,
    speed,
    statistics_more,
    thales,
    transformations,
    trigonometry,
)
from curriculum.maths.items import DOMAINS, GENERATORS, KINDS, LEVELS, MathItem, generate, number

OURS = {
    "thales.length": "thales",
    "trigonometry.side": "trigonometrie",
    "trigonometry.angle": "trigonometrie",
    "areas_volumes.area": "aires_volumes",
    "areas_volumes.volume": "aires_volumes",
    "areas_volumes.conversion": "aires_volumes",
    "transformations.image": "geometrie",
    "coordinates.midpoint": "geometrie",
    "coordinates.distance": "geometrie",
    "probability.event": "probabilites",
    "probability.two_steps": "probabilites",
    "statistics.median": "statistiques",
    "statistics.range": "statistiques",
    "statistics.frequency": "statistiques",
    "graphs_tables.bar_chart": "statistiques",
    "functions.image": "fonctions",
    "functions.antecedent": "fonctions",
    "functions.slope": "fonctions",
    "functions.table": "fonctions",
    "speed.average": "proportionnalite",
    "map_scale.distance": "proportionnalite",
    "algorithmics.program_output": "algorithmique",
    "algorithmics.loop_count": "algorithmique",
}
SEEDS = range(1000)


def _check_shape(item: MathItem) -> None:
    context = f"{item.generator} L{item.level} seed {item.seed}: {item.statement}"
    assert item.kind in KINDS and item.domain in DOMAINS, context
    assert item.skill.startswith(f"{item.domain}.{item.topic}."), context
    for text in (item.statement, item.speakable, item.solution, *item.hints):
        assert text.strip() and "{" not in text and "None" not in text, context
        assert "  " not in text and " ." not in text and " ," not in text, context
    for spoken in (item.speakable, item.answer_spoken):  # read aloud: words only
        assert spoken and not re.search(r"[\d²³=+*/√×÷<>()\[\]−]", spoken), (context, spoken)
    assert len(item.hints) == 3 and len(set(item.hints)) == 3, context
    assert len(item.misconceptions) >= 2, context
    assert len({m.code for m in item.misconceptions}) == len(item.misconceptions), context
    assert len(item.choices) == 4 and len(set(item.choices)) == 4, context
    assert item.answer in item.choices, context


def test_every_generator_is_registered_with_its_topic():
    for generator_id, topic in OURS.items():
        assert GENERATORS[generator_id].topic == topic
    assert len({generate(g, 1, 0).skill for g in OURS}) == len(OURS)


@pytest.mark.parametrize("generator_id", sorted(OURS))
@pytest.mark.parametrize("level", LEVELS)
def test_valid_items_for_a_thousand_seeds(generator_id, level):
    statements = set()
    for seed in SEEDS:
        item = generate(generator_id, level, seed)
        assert (item.generator, item.level, item.seed) == (generator_id, level, seed)
        _check_shape(item)
        statements.add(item.statement)
    assert len(statements) >= 10  # seeds really vary the exercise


def right_forms(item: MathItem) -> list[str]:
    """The displayed answer, its spoken words, and an equivalent writing of the same value."""
    value = parse_answer(item.expected, item.variable).value
    style = "rounded" if item.tolerance else "decimal" if item.kind == "number" else "fraction"
    shown = number(value, item.unit, style)
    if item.tolerance:
        near = sympy.N(value, 15) + sympy.Rational(item.tolerance) * sympy.Rational(3, 5)
        equivalent = f"environ {float(near):.2f}".replace(".", ",")
    elif value.is_Integer:
        equivalent = f"{2 * int(value)}/2"
    elif (value * 1000).is_Integer:
        equivalent = str(float(value)).replace(".", ",")
    else:
        equivalent = f"{value.p} sur {value.q}"
    return [item.answer, shown.spoken, equivalent]


@pytest.mark.parametrize("generator_id", sorted(OURS))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9), level=st.sampled_from(LEVELS))
def test_checker_accepts_the_answer_and_rejects_the_errors(generator_id, seed, level):
    item = generate(generator_id, level, seed)
    for form in right_forms(item):
        verdict = check_answer(item, form)
        assert verdict.correct and verdict.understood, (item.statement, form, verdict)
    for misconception in item.misconceptions:
        verdict = check_answer(item, misconception.value)
        assert not verdict.correct and verdict.understood, (item.statement, misconception)
        assert verdict.diagnosis == misconception.code
        assert verdict.feedback == misconception.feedback
    for choice in item.choices:
        if choice != item.answer:
            assert not check_answer(item, choice).correct, (item.statement, choice)


def test_misconception_feedback_names_the_error():
    item = next(
        item
        for seed in range(50)
        if (item := generate("trigonometry.side", 1, seed)).misconceptions
    )
    feedback = " ".join(m.feedback for m in item.misconceptions).lower()
    assert "au lieu du" in feedback

"""Every generator, at every level, over 300 seeds: valid items that the checker grades right.

A generator bug shows up to a student as an unanswerable question or a right answer marked
wrong, so each item is checked end to end: its own answer, several other ways of writing it,
each misconception (rejected with its code) and each multiple-choice option.
"""

from __future__ import annotations

import re

import pytest

from assistant.tutoring.answer_parsing import parse_answer
from assistant.tutoring.checking import check_answer
from curriculum.maths import GENERATORS, TOPICS, MathItem, generate, generators_for_topic
from curriculum.maths.items import DOMAINS, KINDS, LEVELS, number

SEEDS = range(300)
REQUIRED = {
    "fractions.simplify": "fractions",
    "fractions.add": "fractions",
    "percentages.of_quantity": "pourcentages",
    "equations.linear": "equations",
    "pythagoras.hypotenuse_or_side": "pythagore",
    "statistics.mean": "statistiques",
    "proportionality.fourth": "proportionnalite",
}


def written_forms(item: MathItem) -> set[str]:
    """Other ways a student may write the right answer: value, words, decimal comma…"""
    value = parse_answer(item.expected, item.variable).value
    style = "rounded" if item.tolerance else "decimal" if item.kind == "number" else "fraction"
    shown = number(value, item.unit, style)
    forms = {item.expected, item.answer, shown.spoken, number(value, None, style).written}
    forms.add(f"La réponse est {item.answer}.")
    if value.is_Rational and not value.is_Integer:
        forms.add(f"{value.p} sur {value.q}")
    if value.is_Rational and not value.is_Integer and (value * 1000).is_Integer:
        forms.add(str(float(value)).replace(".", ","))  # 0,75 for 3/4
    if item.tolerance:
        forms.add(f"environ {number(value, None, 'rounded').written}")
        forms.add(f"{float(value):.2f}".replace(".", ","))
    if item.variable:
        forms |= {
            f"{item.variable}={item.expected}",
            f"S = {{{item.expected}}}",
            f"{item.variable} égale {shown.spoken}",
        }
    return forms


@pytest.mark.parametrize("generator_id", sorted(GENERATORS))
@pytest.mark.parametrize("level", LEVELS)
def test_items_are_valid_and_graded_right(generator_id, level):
    for seed in SEEDS:
        item = generate(generator_id, level, seed)
        context = f"{generator_id} L{level} seed {seed}: {item.statement}"
        assert item.generator == generator_id and item.level == level and item.seed == seed
        assert item.topic in TOPICS and item.kind in KINDS and item.domain in DOMAINS
        assert item.skill.startswith(f"{item.domain}.{item.topic}."), context
        for text in (item.statement, item.speakable, item.solution, *item.hints):
            assert text.strip() and "{" not in text and "None" not in text, context
            assert "  " not in text and " ." not in text and " ," not in text, context
        assert len(item.hints) == 3 and len(set(item.hints)) == 3, context
        assert not re.search(r"\d", item.speakable), context  # numbers are read as words

        verdict = check_answer(item, item.answer)
        assert verdict.correct and verdict.understood, (context, verdict)
        forms = written_forms(item)
        assert len(forms) >= 3
        for form in forms:
            verdict = check_answer(item, form)
            assert verdict.correct, (context, form, verdict)

        assert len(item.misconceptions) >= 2, context
        assert len({m.code for m in item.misconceptions}) == len(item.misconceptions)
        for misconception in item.misconceptions:
            assert misconception.value != item.expected, context
            verdict = check_answer(item, misconception.value)
            assert not verdict.correct and verdict.understood, (context, misconception)
            assert verdict.diagnosis == misconception.code, (context, misconception, verdict)
            assert verdict.feedback == misconception.feedback

        assert len(item.choices) == 4 and len(set(item.choices)) == 4, context
        assert item.answer in item.choices, context
        for choice in item.choices:
            assert check_answer(item, choice).correct == (choice == item.answer), (context, choice)


@pytest.mark.parametrize("generator_id", sorted(GENERATORS))
def test_same_inputs_give_the_same_item(generator_id):
    for level in LEVELS:
        for seed in (0, 1, 12345):
            assert generate(generator_id, level, seed) == generate(generator_id, level, seed)
    items = {generate(generator_id, 2, seed).statement for seed in range(30)}
    assert len(items) > 10  # and different seeds vary the exercise


def test_required_generators_and_topics():
    assert set(REQUIRED) <= set(GENERATORS)
    for generator_id, topic in REQUIRED.items():
        assert GENERATORS[generator_id].topic == topic
        assert generator_id in generators_for_topic(topic)
    assert generators_for_topic("fractions") == ["fractions.simplify", "fractions.add"]
    assert generators_for_topic("thales") == []
    assert set(REQUIRED.values()) <= set(TOPICS)


def test_misconception_values_are_first_among_the_distractors():
    item = generate("fractions.add", 2, 1)
    shown = {f"{m.value}" for m in item.misconceptions}
    assert shown <= set(item.choices)
    assert item.choices != generate("fractions.add", 2, 2).choices


def test_added_denominators_is_named_in_the_feedback():
    for seed in range(20):
        item = generate("fractions.add", 1, seed)
        codes = {m.code: m for m in item.misconceptions}
        assert "tu as additionné les dénominateurs" in codes["added_denominators"].feedback.lower()


def test_domains_and_rounding_requests():
    assert generate("equations.linear", 1, 0).domain == "calcul_litteral"
    assert generate("equations.linear", 1, 0).variable == "x"
    assert generate("statistics.mean", 1, 0).domain == "donnees"
    assert generate("proportionality.fourth", 1, 0).domain == "donnees"
    rounded = [
        item
        for seed in range(50)
        if (item := generate("pythagoras.hypotenuse_or_side", 3, seed)).tolerance
    ]
    assert rounded, "level 3 asks for rounded lengths"
    for item in rounded:
        assert item.domain == "geometrie" and item.tolerance == 0.05
        assert "arrondie au dixième" in item.statement
        assert "sqrt" in item.expected


def test_level_three_equations_have_fraction_and_integer_solutions():
    solutions = [generate("equations.linear", 3, seed).expected for seed in range(60)]
    assert any("/" in s for s in solutions) and any("/" not in s for s in solutions)


def test_unknown_generator_or_level_is_refused():
    with pytest.raises(ValueError):
        generate("fractions.divide", 1, 0)
    with pytest.raises(ValueError):
        generate("fractions.add", 4, 0)

"""Every generator, at every level: valid items for 1,000 seeds, graded right by the checker.

A generator bug shows up to a student as an unanswerable question or a right answer marked
wrong. So every item of the first 1,000 seeds is checked for what generation alone can break
(texts, speakable words, hints, misconceptions, choices), and items drawn by hypothesis from any
seed are checked end to end: their own answer in several written and spoken forms is accepted,
each misconception is rejected with its own feedback, each wrong choice is rejected.
"""

from __future__ import annotations

import re

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.tutoring.answer_parsing import parse_answer, parse_inequality, parse_values
from assistant.tutoring.checking import check_answer
from curriculum.maths import GENERATORS, TOPICS, MathItem, generate, generators_for_topic
from curriculum.maths.items import (
    DOMAINS,
    EXPRESSION_KINDS,
    KINDS,
    LEVELS,
    interval,
    number,
    scientific_parts,
)

SEEDS = range(1000)
REQUIRED = {
    "fractions.simplify": "fractions",
    "fractions.add": "fractions",
    "percentages.of_quantity": "pourcentages",
    "equations.linear": "equations",
    "pythagoras.hypotenuse_or_side": "pythagore",
    "statistics.mean": "statistiques",
    "proportionality.fourth": "proportionnalite",
}


def _number_forms(item: MathItem) -> set[str]:
    """A value: decimal comma, words, « environ », « x = … », « S = {…} »."""
    value = parse_answer(item.expected, item.variable).value
    style = (
        "rounded"
        if item.tolerance
        else "decimal"
        if item.kind in ("number", "simplified_root")
        else "fraction"
    )
    shown = number(value, item.unit, style)
    forms = {shown.spoken, number(value, None, style).written}
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


def _scientific_forms(item: MathItem) -> set[str]:
    mantissa, n = scientific_parts(parse_answer(item.expected).value)
    a = number(mantissa).written
    return {f"{a}e{n}", f"{a} x 10^{n}".replace(" x ", " * "), f"{a} fois 10 puissance {n}"}


def _prime_forms(item: MathItem) -> set[str]:
    factors = sympy.factorint(int(parse_answer(item.expected).value))
    repeated = " × ".join(str(p) for p, k in sorted(factors.items()) for _ in range(k))
    reversed_powers = " * ".join(
        f"{p}^{k}" if k > 1 else str(p) for p, k in sorted(factors.items(), reverse=True)
    )
    return {repeated, reversed_powers}


def _list_forms(item: MathItem) -> set[str]:
    values = parse_values(item.expected)
    written = [str(v).replace("-", "−") for v in values]
    if item.kind == "point":
        return {f"({values[0]};{values[1]})", f"x = {written[0]} et y = {written[1]}"}
    return {"{" + ", ".join(reversed(written)) + "}", "les solutions sont " + " ; ".join(written)}


def _expression_forms(item: MathItem) -> set[str]:
    """The same expression typed with ASCII operators, terms or factors in another order."""
    parsed = parse_answer(item.expected, "x")
    if item.kind == "expanded":
        terms = sympy.Add.make_args(sympy.expand(parsed.value))
        return {" + ".join(f"({t})" for t in reversed(terms)).replace("**", "^")}
    (factors,) = parsed.terms  # as written: sympy would turn 2(4x + 5) into 8x + 10
    return {"*".join(f"({f})" for f in reversed(factors)).replace("**", "^")}


def _inequality_forms(item: MathItem) -> set[str]:
    parsed = parse_inequality(item.expected)
    relation = sympy.Rel(sympy.Symbol("x"), parsed.bound, parsed.relation)
    flipped = {">": "<", ">=": "<=", "<": ">", "<=": ">="}[parsed.relation]
    return {
        interval(relation).written,
        f"{parsed.bound} {flipped} x",
        f"S = {interval(relation).written}",
    }


FORMS = {
    "scientific": _scientific_forms,
    "prime_factors": _prime_forms,
    "number_list": _list_forms,
    "point": _list_forms,
    "expanded": _expression_forms,
    "factored": _expression_forms,
    "inequality": _inequality_forms,
}


def written_forms(item: MathItem) -> set[str]:
    """Ways a student may give the right answer: as shown, as said, typed another way."""
    forms = {item.expected, item.answer, item.answer_spoken, f"La réponse est {item.answer}."}
    return forms | FORMS.get(item.kind, _number_forms)(item)


@pytest.mark.parametrize("generator_id", sorted(GENERATORS))
@pytest.mark.parametrize("level", LEVELS)
def test_items_are_valid_for_a_thousand_seeds(generator_id, level):
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
        for spoken in (item.speakable, item.answer_spoken):  # numbers are read as words
            assert spoken and not re.search(r"[\d×÷=²³√]", spoken), (context, spoken)
        assert len(item.misconceptions) >= 2, context
        assert len({m.code for m in item.misconceptions}) == len(item.misconceptions)
        assert item.expected not in {m.value for m in item.misconceptions}, context
        assert len(item.choices) == 4 and len(set(item.choices)) == 4, context
        assert item.answer in item.choices, context


@pytest.mark.parametrize("generator_id", sorted(GENERATORS))
@pytest.mark.parametrize("level", LEVELS)
@settings(max_examples=12, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10**9))
def test_checker_accepts_the_answer_and_rejects_the_slips(generator_id, level, seed):
    item = generate(generator_id, level, seed)
    context = f"{generator_id} L{level} seed {seed}: {item.statement}"
    forms = written_forms(item)
    assert len(forms) >= 3
    for form in forms:
        verdict = check_answer(item, form)
        assert verdict.correct and verdict.understood, (context, form, verdict)
    for misconception in item.misconceptions:
        verdict = check_answer(item, misconception.value)
        assert not verdict.correct and verdict.understood, (context, misconception)
        assert verdict.diagnosis == misconception.code, (context, misconception, verdict)
        assert verdict.feedback == misconception.feedback
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
    assert generators_for_topic("fractions")[:2] == ["fractions.simplify", "fractions.add"]
    assert generators_for_topic("no_such_topic") == []
    assert set(REQUIRED.values()) <= set(TOPICS)


def test_every_kind_in_use_has_written_forms():
    kinds = {generate(g, 1, 0).kind for g in GENERATORS}
    assert kinds <= set(KINDS)
    assert set(FORMS) | {"number", "irreducible_fraction", "solution", "simplified_root"} == set(
        KINDS
    )
    assert EXPRESSION_KINDS <= set(FORMS)


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
        generate("fractions.no_such_generator", 1, 0)
    with pytest.raises(ValueError):
        generate("fractions.add", 4, 0)

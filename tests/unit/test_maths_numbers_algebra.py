"""Nombres et calculs, calcul littéral: the skills exist, and each answer kind judges the form.

The generic generator tests (test_maths_generators.py) check every item end to end. These tests
pin what is specific to these families: the required form (factorised, expanded, simplified,
scientific, prime factors), the feedback that names the slip, and the spoken answers.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.tutoring.checking import check_answer
from curriculum.maths import GENERATORS, generate
from curriculum.maths.items import LEVELS

NEW_GENERATORS = {
    "relatives.add_subtract": "relatifs",
    "relatives.multiply_divide": "relatifs",
    "powers.evaluate": "puissances",
    "powers.rules": "puissances",
    "scientific.write": "ecriture_scientifique",
    "roots.simplify": "racines",
    "arithmetic.divisors": "arithmetique",
    "arithmetic.prime_factors": "arithmetique",
    "fractions.multiply_divide": "fractions",
    "percentages.multiplier": "pourcentages",
    "algebra.expand": "calcul_litteral",
    "algebra.factorise": "calcul_litteral",
    "algebra.identities_expand": "calcul_litteral",
    "algebra.identities_factor": "calcul_litteral",
    "inequalities.linear": "inequations",
    "equations.word_problem": "equations",
}
seeds = st.integers(min_value=0, max_value=10**9)


def first(generator_id: str, level: int, wanted) -> object:
    """The first item of a generator whose statement or answer satisfies ``wanted``."""
    for seed in range(500):
        item = generate(generator_id, level, seed)
        if wanted(item):
            return item
    raise AssertionError(f"no such item for {generator_id}")


def test_the_new_skills_are_registered_under_their_topics():
    for generator_id, topic in NEW_GENERATORS.items():
        assert GENERATORS[generator_id].topic == topic
    skills = {generate(g, level, 0).skill for g in NEW_GENERATORS for level in LEVELS}
    assert len(skills) >= 12
    domains = {generate(g, 1, 0).domain for g in NEW_GENERATORS}
    assert domains == {"nombres_calculs", "calcul_litteral"}


@settings(max_examples=20, deadline=None)
@given(seed=seeds, level=st.sampled_from((1, 2)))
def test_an_expanded_answer_is_right_but_not_factorised(seed, level):
    item = generate("algebra.factorise", level, seed)
    expanded = item.statement.removeprefix("Factorise ").removesuffix(".")
    verdict = check_answer(item, expanded)
    assert (verdict.correct, verdict.diagnosis) == (False, "not_factored"), (expanded, verdict)
    assert "pas factorisé" in verdict.feedback


def test_a_bracket_with_a_common_factor_is_not_fully_factorised():
    item = first("algebra.factorise", 1, lambda i: i.answer.startswith("6("))
    inner = item.answer[2:-1]  # 6(2x − 7) → 2x − 7
    verdict = check_answer(item, f"3(2*({inner}))".replace("−", "-"))
    assert (verdict.correct, verdict.diagnosis) == (False, "not_fully_factored")
    verdict = check_answer(item, f"2(3*({inner}))".replace("−", "-"))
    assert "encore se factoriser" in verdict.feedback


@pytest.mark.parametrize(
    ("text", "diagnosis"),
    [("4x - 14", "not_factored"), ("2(2x - 7)", None), ("x(4 - 14)", None)],
)
def test_factorisation_of_4x_minus_14(text, diagnosis):
    item = first("algebra.factorise", 1, lambda i: i.answer == "2(2x − 7)")
    verdict = check_answer(item, text)
    assert verdict.diagnosis == diagnosis
    assert verdict.correct == (text == "2(2x - 7)")


def test_a_product_left_unexpanded_or_unreduced_is_named():
    item = first("algebra.expand", 3, lambda i: True)
    given = item.statement.removeprefix("Développe et réduis ").removesuffix(".")
    assert check_answer(item, given).diagnosis == "not_expanded"
    item = first("algebra.expand", 1, lambda i: i.answer == "6x + 15")
    verdict = check_answer(item, "3x + 3x + 15")
    assert verdict.diagnosis == "not_reduced" and "réduit" in verdict.feedback


def test_the_minus_sign_not_distributed_is_named():
    item = first("algebra.expand", 2, lambda i: i.statement.startswith("Développe et réduis −"))
    slip = next(m for m in item.misconceptions if m.code == "minus_not_distributed")
    assert "tu as oublié de distribuer le signe −" in slip.feedback.lower()
    assert check_answer(item, slip.value).feedback == slip.feedback


def test_a_wrong_expansion_says_which_term_to_check():
    item = first("algebra.identities_expand", 1, lambda i: i.answer == "x² + 6x + 9")
    assert check_answer(item, "x² + 9").diagnosis == "forgot_double_product"
    assert check_answer(item, "x² + 6x + 8").feedback == "Ce n'est pas ça. Vérifie le nombre seul."
    assert "le terme en x" in check_answer(item, "x² + 5x + 9").feedback


@pytest.mark.parametrize(
    "spoken",
    ["le produit de x moins trois par x plus trois", "(x+3)(x-3)", "(x - 3) fois (x + 3)"],
)
def test_a_difference_of_squares_read_or_typed(spoken):
    item = first("algebra.identities_factor", 1, lambda i: i.answer == "(x − 3)(x + 3)")
    assert check_answer(item, spoken).correct
    assert check_answer(item, "(x - 3)²").diagnosis == "square_instead_of_product"


def test_a_root_must_be_simplified():
    item = first("roots.simplify", 2, lambda i: i.answer == "6√2")
    assert check_answer(item, "√72").diagnosis == "root_not_simplified"
    assert check_answer(item, "3√8").diagnosis == "root_not_simplified"
    assert check_answer(item, "six racine de deux").correct
    assert check_answer(item, "8,49").feedback.startswith("Presque")


def test_scientific_notation_needs_a_mantissa_between_one_and_ten():
    item = first("scientific.write", 1, lambda i: i.answer == "3,2 × 10⁴")
    for text in ("32 × 10^3", "0,32 × 10^5", "32000"):
        verdict = check_answer(item, text)
        assert (verdict.correct, verdict.diagnosis) == (False, "not_scientific"), text
    for text in ("3,2e4", "3.2 * 10**4", "trois virgule deux fois dix puissance quatre"):
        assert check_answer(item, text).correct, text
    assert check_answer(item, "3,2 × 10^3").diagnosis == "exponent_one_too_small"


def test_a_prime_decomposition_names_the_factor_that_is_not_prime():
    item = first("arithmetic.prime_factors", 1, lambda i: i.answer == "2² × 3 × 5")
    verdict = check_answer(item, "4 × 15")
    assert verdict.diagnosis == "not_prime_factors" and "4 n'est pas un nombre premier" in (
        verdict.feedback
    )
    assert check_answer(item, "deux au carré fois trois fois cinq").correct
    assert check_answer(item, "2 × 3 × 5").diagnosis == "forgot_repeated_factor"


def test_divisors_missing_or_wrong_are_counted_from_the_answer():
    item = first("arithmetic.divisors", 1, lambda i: i.answer == "1 ; 2 ; 3 ; 4 ; 6 ; 12")
    assert check_answer(item, "un, deux, trois, quatre, six et douze").correct
    assert check_answer(item, "12 ; 6 ; 4 ; 3 ; 2 ; 1").correct
    verdict = check_answer(item, "1 ; 2 ; 3 ; 5 ; 12")
    assert not verdict.correct
    assert verdict.feedback == "5 ne convient pas. Il en manque 2."
    assert check_answer(item, "2 ; 3 ; 4 ; 6").diagnosis == "forgot_one_and_itself"


def test_an_inequation_answer_needs_the_whole_set():
    item = first("inequalities.linear", 3, lambda i: i.answer == "x < −4")
    for text in ("x < -4", "x est plus petit que moins quatre", "]−∞ ; −4[", "-4 > x"):
        assert check_answer(item, text).correct, text
    assert check_answer(item, "x = -4").diagnosis == "not_an_inequality"
    flipped = check_answer(item, "x > -4")
    assert flipped.diagnosis == "forgot_to_flip" and "changer le sens" in flipped.feedback
    assert "borne" in check_answer(item, "x ≤ −4").feedback


def test_a_word_problem_accepts_a_unit_word_after_the_value():
    item = first("equations.word_problem", 2, lambda i: "séances" in i.statement)
    value = item.answer.removeprefix("x = ")
    assert check_answer(item, f"{value} séances").correct
    assert check_answer(item, item.answer).correct


@settings(max_examples=30, deadline=None)
@given(
    generator_id=st.sampled_from(sorted(NEW_GENERATORS)), level=st.sampled_from(LEVELS), seed=seeds
)
def test_each_slip_gets_its_own_feedback(generator_id, level, seed):
    item = generate(generator_id, level, seed)
    feedbacks = [check_answer(item, m.value).feedback for m in item.misconceptions]
    assert len(set(feedbacks)) == len(feedbacks) >= 2
    assert check_answer(item, item.answer_spoken).correct, item.answer_spoken

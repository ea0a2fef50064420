"""Grading answers: equivalent forms accepted, wrong forms explained, chatter not penalised."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.tutoring.checking import Verdict, check_answer
from curriculum.maths import MathItem, Misconception, generate

ADDED = "Tu as additionné les dénominateurs : on ne fait pas ça !"


def item(**fields: object) -> MathItem:
    base = {
        "generator": "test",
        "skill": "nombres_calculs.test.test",
        "domain": "nombres_calculs",
        "topic": "fractions",
        "level": 1,
        "seed": 0,
        "statement": "Énoncé.",
        "speakable": "Énoncé.",
    }
    return MathItem(**{**base, **fields})


FRACTION = item(
    expected="3/4",
    answer="3/4",
    kind="irreducible_fraction",
    misconceptions=(Misconception("1/3", "added_denominators", ADDED),),
)
SOLUTION = item(
    expected="2",
    answer="x = 2",
    kind="solution",
    variable="x",
    misconceptions=(Misconception("-2", "sign_error_moving_constant", "Attention au signe."),),
)
NEGATIVE = item(expected="-2", answer="x = −2", kind="solution", variable="x")
FRACTION_SOLUTION = item(expected="7/3", answer="x = 7/3", kind="solution", variable="x")
LENGTH = item(
    expected="sqrt(34)",
    answer="5,8 cm",
    kind="number",
    unit="cm",
    tolerance=0.05,
    misconceptions=(
        Misconception("34", "forgot_square_root", "Il reste une étape : la racine carrée."),
        Misconception("8", "added_lengths", "Tu as additionné les longueurs."),
    ),
)
PRICE = item(
    expected="9",
    answer="9 €",
    kind="number",
    unit="€",
    misconceptions=(Misconception("900", "forgot_divide_by_100", "Divise par 100."),),
)

EXPANDED = item(
    expected="x² + 6x + 9",
    answer="x² + 6x + 9",
    kind="expanded",
    variable="x",
    misconceptions=(Misconception("x² + 9", "forgot_double_product", "Il manque 2ab."),),
)
FACTORED = item(
    expected="3(x + 2)",
    answer="3(x + 2)",
    kind="factored",
    variable="x",
    misconceptions=(Misconception("3(x + 6)", "second_term_not_divided", "Divise 6 par 3."),),
)
SCIENTIFIC = item(expected="3.2*10^4", answer="3,2 × 10⁴", kind="scientific")
ROOT = item(expected="6*sqrt(2)", answer="6√2", kind="simplified_root")
PRIMES = item(expected="2^2*3*5", answer="2² × 3 × 5", kind="prime_factors")
DIVISORS = item(
    expected="1 ; 2 ; 3 ; 6",
    answer="1 ; 2 ; 3 ; 6",
    kind="number_list",
    misconceptions=(Misconception("2 ; 3", "forgot_one_and_itself", "Il manque 1 et 6."),),
)
POINT = item(expected="(2 ; -3)", answer="(2 ; −3)", kind="point")
INEQUALITY = item(
    expected="x < -4",
    answer="x < −4",
    kind="inequality",
    variable="x",
    misconceptions=(Misconception("x > -4", "forgot_to_flip", "Change le sens."),),
)

# item, answer, correct, diagnosis
PAIRS = [
    (FRACTION, "3/4", True, None),
    (FRACTION, "0,75", True, None),
    (FRACTION, "0.75", True, None),
    (FRACTION, "trois quarts", True, None),
    (FRACTION, "3 quarts", True, None),
    (FRACTION, "la réponse est 3/4", True, None),
    (FRACTION, "6/8", False, "not_simplified"),
    (FRACTION, "six huitièmes", False, "not_simplified"),
    (FRACTION, "1/3", False, "added_denominators"),
    (FRACTION, "un tiers", False, "added_denominators"),
    (FRACTION, "2/3", False, None),
    (SOLUTION, "x = 2", True, None),
    (SOLUTION, "x=2", True, None),
    (SOLUTION, "2", True, None),
    (SOLUTION, "deux", True, None),
    (SOLUTION, "x égale deux", True, None),
    (SOLUTION, "S = {2}", True, None),
    (SOLUTION, "4/2", True, None),
    (SOLUTION, "x = -2", False, "sign_error_moving_constant"),
    (SOLUTION, "moins deux", False, "sign_error_moving_constant"),
    (SOLUTION, "x = 3", False, None),
    (NEGATIVE, "x = -2", True, None),
    (NEGATIVE, "-2", True, None),
    (NEGATIVE, "moins deux", True, None),
    (NEGATIVE, "x égale moins deux", True, None),
    (NEGATIVE, "S={-2}", True, None),
    (NEGATIVE, "2", False, None),
    (FRACTION_SOLUTION, "x = 7/3", True, None),
    (FRACTION_SOLUTION, "sept tiers", True, None),
    (FRACTION_SOLUTION, "x = 14/6", True, None),
    (FRACTION_SOLUTION, "2,33", False, None),
    (LENGTH, "5,8", True, None),
    (LENGTH, "5,8 cm", True, None),
    (LENGTH, "environ 5,83 cm", True, None),
    (LENGTH, "√34", True, None),
    (LENGTH, "racine de 34 cm", True, None),
    (LENGTH, "5,9", False, None),
    (LENGTH, "6", False, None),
    (LENGTH, "34", False, "forgot_square_root"),
    (LENGTH, "34 cm", False, "forgot_square_root"),
    (LENGTH, "8 cm", False, "added_lengths"),
    (LENGTH, "5,8 m", False, "wrong_unit"),
    (LENGTH, "58 mm", False, "wrong_unit"),
    (PRICE, "9 €", True, None),
    (PRICE, "9", True, None),
    (PRICE, "neuf euros", True, None),
    (PRICE, "9 %", False, "wrong_unit"),
    (PRICE, "900", False, "forgot_divide_by_100"),
    (PRICE, "90", False, None),
    (EXPANDED, "x^2 + 6x + 9", True, None),
    (EXPANDED, "9 + 6*x + x**2", True, None),
    (EXPANDED, "x au carré plus six x plus neuf", True, None),
    (EXPANDED, "(x + 3)²", False, "not_expanded"),
    (EXPANDED, "x² + 3x + 3x + 9", False, "not_reduced"),
    (EXPANDED, "x² + 9", False, "forgot_double_product"),
    (EXPANDED, "x² + 6x + 8", False, None),
    (FACTORED, "3(x+2)", True, None),
    (FACTORED, "(x + 2) × 3", True, None),
    (FACTORED, "le produit de trois par x plus deux", True, None),
    (FACTORED, "3x + 6", False, "not_factored"),
    (FACTORED, "1,5(2x + 4)", False, "not_fully_factored"),
    (FACTORED, "3(x + 6)", False, "second_term_not_divided"),
    (FACTORED, "3(x + 3)", False, None),
    (SCIENTIFIC, "3,2 × 10^4", True, None),
    (SCIENTIFIC, "3,2e4", True, None),
    (SCIENTIFIC, "3,2 fois dix puissance quatre", True, None),
    (SCIENTIFIC, "32 × 10³", False, "not_scientific"),
    (SCIENTIFIC, "32000", False, "not_scientific"),
    (SCIENTIFIC, "3,2 × 10^5", False, None),
    (ROOT, "6√2", True, None),
    (ROOT, "six racine de deux", True, None),
    (ROOT, "√72", False, "root_not_simplified"),
    (ROOT, "2√18", False, "root_not_simplified"),
    (ROOT, "6√3", False, None),
    (PRIMES, "2^2 × 3 × 5", True, None),
    (PRIMES, "2 × 2 × 3 × 5", True, None),
    (PRIMES, "deux au carré fois trois fois cinq", True, None),
    (PRIMES, "4 × 15", False, "not_prime_factors"),
    (PRIMES, "2 × 3 × 5", False, None),
    (DIVISORS, "1 ; 2 ; 3 ; 6", True, None),
    (DIVISORS, "6, 3, 2, 1", True, None),
    (DIVISORS, "un, deux, trois et six", True, None),
    (DIVISORS, "2 ; 3", False, "forgot_one_and_itself"),
    (DIVISORS, "1 ; 2 ; 6", False, None),
    (POINT, "(2 ; -3)", True, None),
    (POINT, "x = 2 et y = −3", True, None),
    (POINT, "le point de coordonnées deux et moins trois", True, None),
    (POINT, "(-3 ; 2)", False, "swapped_coordinates"),
    (INEQUALITY, "x < -4", True, None),
    (INEQUALITY, "]-∞ ; -4[", True, None),
    (INEQUALITY, "x est plus petit que moins quatre", True, None),
    (INEQUALITY, "x > -4", False, "forgot_to_flip"),
    (INEQUALITY, "x = -4", False, "not_an_inequality"),
    (INEQUALITY, "x < 4", False, None),
]


@pytest.mark.parametrize(("an_item", "text", "correct", "diagnosis"), PAIRS)
def test_answers_are_graded(an_item, text, correct, diagnosis):
    verdict = check_answer(an_item, text)
    assert verdict.understood
    assert (verdict.correct, verdict.diagnosis) == (correct, diagnosis), (text, verdict)
    assert verdict.expected == an_item.answer
    assert verdict.feedback


def test_a_decimal_for_a_fraction_is_right_and_shows_the_fraction():
    verdict = check_answer(FRACTION, "0,75")
    assert verdict.correct and "3/4" in verdict.feedback


def test_an_equal_fraction_not_simplified_is_encouraged():
    verdict = check_answer(FRACTION, "6/8")
    assert verdict.feedback == "C'est égal, mais tu peux encore simplifier."


def test_misconception_feedback_is_the_items_own():
    assert check_answer(FRACTION, "1/3").feedback == ADDED
    generated = generate("fractions.add", 2, 3)
    wrong = next(m for m in generated.misconceptions if m.code == "added_denominators")
    verdict = check_answer(generated, wrong.value)
    assert "additionné les dénominateurs" in verdict.feedback
    assert verdict.diagnosis == "added_denominators"


def test_a_wrong_unit_says_which_unit_is_expected():
    verdict = check_answer(LENGTH, "5,8 m")
    assert "cm" in verdict.feedback and "juste" in verdict.feedback


def test_a_missing_unit_is_accepted_with_a_reminder():
    verdict = check_answer(PRICE, "9")
    assert verdict.correct and "9 €" in verdict.feedback


def test_an_expression_in_x_is_not_a_solution():
    verdict = check_answer(SOLUTION, "2x")
    assert verdict.understood and not verdict.correct and "x" in verdict.feedback


def test_a_rounded_fraction_is_almost_right():
    assert check_answer(FRACTION_SOLUTION, "2,33").feedback.startswith("Presque")


@pytest.mark.parametrize("text", ["je sais pas trop", "bof", "", "euh…", "ça fait beaucoup"])
def test_no_value_is_not_understood_and_asks_kindly(text):
    verdict = check_answer(SOLUTION, text)
    assert verdict == Verdict(False, False, verdict.feedback, None, "x = 2")
    assert "x = 2" in verdict.feedback or "exemple" in verdict.feedback


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=250))
def test_grading_never_raises(text):
    assert isinstance(check_answer(LENGTH, text), Verdict)


def test_feedback_is_built_from_the_students_answer():
    assert check_answer(PRIMES, "4 × 15").feedback.startswith("C'est bien égal, mais 4 n'est")
    assert check_answer(DIVISORS, "1 ; 2 ; 5 ; 6").feedback == "5 ne convient pas. Il en manque 1."
    assert (
        check_answer(EXPANDED, "x² + 5x + 9").feedback == "Ce n'est pas ça. Vérifie le terme en x."
    )
    assert "borne" in check_answer(INEQUALITY, "x ≤ -4").feedback
    assert "pas factorisé" in check_answer(FACTORED, "3x + 6").feedback


@pytest.mark.parametrize("an_item", [EXPANDED, FACTORED, SCIENTIFIC, PRIMES, DIVISORS, INEQUALITY])
def test_an_unreadable_answer_asks_again_for_every_kind(an_item):
    verdict = check_answer(an_item, "je sais pas")
    assert not verdict.understood and "exemple" in verdict.feedback


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=120))
def test_grading_never_raises_for_any_kind(text):
    for an_item in (EXPANDED, FACTORED, SCIENTIFIC, ROOT, PRIMES, DIVISORS, POINT, INEQUALITY):
        assert isinstance(check_answer(an_item, text), Verdict)

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

"""Multiplying and dividing fractions, with signs at level 3.

After addition, these are the rules students mix up: they cross-multiply when multiplying, they
forget to turn the second fraction upside down when dividing, or they turn the first one.
"""

from __future__ import annotations

import math
import random

import sympy

from curriculum.maths.items import Draft, Text, bracketed, fraction, number, register

SKILL = "nombres_calculs.fractions.multiplier_diviser"
SIMPLIFY = "Simplifie le résultat le plus possible."


def _fraction(rng: random.Random, negative: bool) -> tuple[int, int]:
    q = rng.randint(2, 9)
    p = rng.choice([p for p in range(1, 10) if math.gcd(p, q) == 1 and p != q])
    return (-p if negative else p), q


def _shown(value: sympy.Rational) -> str:
    return number(value, style="fraction").written


def _in_brackets(p: int, q: int) -> Text:
    shown = fraction(p, q)
    return Text(f"({shown.written})", shown.spoken) if p < 0 else shown


@register("fractions.multiply_divide", topic="fractions", domain="nombres_calculs")
def multiply_divide(rng: random.Random, level: int) -> Draft:
    """Level 1: a/b × c/d. Level 2: a/b ÷ c/d. Level 3: either, with a negative fraction."""
    dividing = level == 2 or (level == 3 and rng.random() < 0.5)
    negatives = [False, False]
    if level == 3:
        negatives[rng.randrange(2)] = True
        if rng.random() < 0.3:
            negatives = [True, True]
    while True:
        (a, b), (c, d) = _fraction(rng, negatives[0]), _fraction(rng, negatives[1])
        slips = {
            sympy.Rational(a * c, b * d),  # the product
            sympy.Rational(a * d, b * c),  # crossed, or the quotient
            sympy.Rational(b * c, a * d),
            sympy.Rational(a, b) + sympy.Rational(c, d),
        }
        if len(slips) == 4:
            break  # each slip gives its own value, so each can be named
    left, right = _in_brackets(a, b), _in_brackets(c, d)
    if dividing:
        return _divide(a, b, c, d, left, right)
    result = sympy.Rational(a * c, b * d)
    top = f"{bracketed(a).written} × {bracketed(c).written}"
    step = (
        f"{left.written} × {right.written} = ({top}) / ({b} × {d}) "
        f"= {fraction(a * c, b * d).written}"
    )
    return Draft(
        skill=SKILL,
        text=Text(
            f"Calcule {left.written} × {right.written}. {SIMPLIFY}",
            f"Calcule {left.spoken} fois {right.spoken}. {SIMPLIFY}",
        ),
        expected=result,
        kind="irreducible_fraction",
        hints=(
            "Pour multiplier deux fractions, pas besoin du même dénominateur.",
            "On multiplie les numérateurs entre eux, et les dénominateurs entre eux."
            + _sign_rule(a, c),
            f"{step}.",
        ),
        solution=_finish(step, a * c, b * d),
        misconceptions=(
            (
                sympy.Rational(a * d, b * c),
                "cross_multiplied",
                "Tu as multiplié en croix. Pour multiplier deux fractions, on multiplie le haut "
                "par le haut, et le bas par le bas.",
            ),
            (
                sympy.Rational(a, b) + sympy.Rational(c, d),
                "added_instead",
                "Tu as additionné les fractions. Ici, on multiplie : "
                "le haut par le haut, le bas par le bas.",
            ),
            *_sign_error(result, a, c),
        ),
    )


def _finish(step: str, top: int, bottom: int) -> str:
    """The step, then the simplified result when simplifying changes something."""
    result = sympy.Rational(top, bottom)
    if (result.p, result.q) == (top, bottom):
        return f"{step}."
    return f"{step} = {_shown(result)}."


def _sign_error(result: sympy.Rational, a: int, c: int) -> tuple[tuple[sympy.Expr, str, str], ...]:
    """The sign slip, for level 3 only: without a negative fraction it means nothing."""
    if a > 0 and c > 0:
        return ()
    return (
        (
            -result,
            "sign_error",
            "Le calcul est juste, mais pas le signe. Moins par moins donne plus, "
            "moins par plus donne moins.",
        ),
    )


def _sign_rule(a: int, c: int) -> str:
    if a > 0 and c > 0:
        return ""
    return " Pour le signe : moins par moins donne plus, moins par plus donne moins."


def _divide(a: int, b: int, c: int, d: int, left: Text, right: Text) -> Draft:
    result = sympy.Rational(a * d, b * c)
    inverse = _in_brackets(d if c > 0 else -d, abs(c))
    step = f"{left.written} ÷ {right.written} = {left.written} × {inverse.written}"
    return Draft(
        skill=SKILL,
        text=Text(
            f"Calcule {left.written} ÷ {right.written}. {SIMPLIFY}",
            f"Calcule {left.spoken} divisé par {right.spoken}. {SIMPLIFY}",
        ),
        expected=result,
        kind="irreducible_fraction",
        hints=(
            "Diviser par une fraction, c'est multiplier par son inverse.",
            "Retourne la deuxième fraction (le haut passe en bas), puis multiplie : le haut "
            "par le haut, le bas par le bas." + _sign_rule(a, c),
            f"{step}.",
        ),
        solution=f"{step} = {_shown(result)}.",
        misconceptions=(
            (
                sympy.Rational(a * c, b * d),
                "forgot_to_invert",
                "Tu as multiplié sans retourner la deuxième fraction. Diviser par "
                f"{right.written}, c'est multiplier par {inverse.written}.",
            ),
            (
                sympy.Rational(b * c, a * d),
                "inverted_the_first",
                "Tu as retourné la première fraction. C'est la deuxième qu'on retourne : "
                f"on multiplie par {inverse.written}.",
            ),
            *_sign_error(result, a, c),
        ),
    )

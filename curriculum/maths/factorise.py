"""Factorising with a common factor: k(ax + b), then kx(ax + b), then a common bracket.

The answer must be a product: an expanded answer is « juste, mais pas factorisé », and a bracket
that still holds a common factor is « pas complètement factorisé » (the checker says both). The
wrong values named are a term not divided by the common factor and, at level 3, the minus
sign in front of the second product not distributed.
"""

from __future__ import annotations

import math
import random

import sympy

from curriculum.maths.items import Draft, Text, X, expression, product, register

SKILL = "calcul_litteral.calcul_litteral.factoriser"


def _nonzero(rng: random.Random, bound: int) -> int:
    return rng.choice([n for n in range(-bound, bound + 1) if n != 0])


def _shown(expr: sympy.Expr) -> str:
    return expression(expr).written


def _ask(given: Text) -> Text:
    return Text(f"Factorise {given.written}.", f"Factorise {given.spoken}.")


@register("algebra.factorise", topic="calcul_litteral", domain="calcul_litteral")
def factorise(rng: random.Random, level: int) -> Draft:
    """Level 1: kax + kb = k(ax + b). Level 2: kax² + kbx = kx(ax + b). Level 3:
    (x + a)(bx + c) ± (x + a)(dx + e), the common factor being a bracket."""
    if level == 3:
        return _common_bracket(rng)
    while True:
        a, b = rng.randint(1, 6), _nonzero(rng, 9)
        if math.gcd(a, b) == 1 and abs(b) != 1:
            break
    k = rng.randint(2, 9) if level == 1 else rng.randint(1, 6) * X
    inner = a * X + b
    given = sympy.expand(k * inner)
    expected = product(k, inner)
    first, second = sympy.expand(k * a * X), sympy.expand(k * b)
    return Draft(
        skill=SKILL,
        text=_ask(expression(given)),
        expected=expected,
        kind="factored",
        variable="x",
        hints=(
            f"Cherche ce qui se trouve dans {_shown(first)} et aussi dans {_shown(second)}.",
            "Écris chaque terme comme un produit avec le facteur commun, puis "
            "k × a + k × b = k(a + b).",
            f"{_shown(first)} = {_shown(k)} × {_shown(a * X)} et {_shown(second)} = "
            f"{_shown(k)} × {_bracketed(b)}.",
        ),
        solution=(
            f"Le facteur commun est {_shown(k)}. {_shown(given)} = {_shown(k)} × "
            f"{_shown(a * X)} + {_shown(k)} × {_bracketed(b)} = {_shown(expected)}."
        ),
        misconceptions=(
            (
                product(k, a * X + second),
                "second_term_not_divided",
                f"Tu as mis {_shown(k)} en facteur, mais tu n'as pas divisé {_shown(second)} "
                f"par {_shown(k)}. Vérifie en développant : tu dois retrouver l'expression "
                "de départ.",
            ),
            (
                product(k, first + b),
                "first_term_not_divided",
                f"Tu as mis {_shown(k)} en facteur, mais tu n'as pas divisé {_shown(first)} "
                f"par {_shown(k)}. Vérifie en développant.",
            ),
            (
                product(k, a * X - b),
                "sign_error",
                "Attention au signe dans la parenthèse : développe ta réponse, tu dois "
                "retrouver l'expression de départ.",
            ),
        ),
    )


def _bracketed(n: int) -> str:
    shown = expression(n).written
    return f"({shown})" if n < 0 else shown


def _common_bracket(rng: random.Random) -> Draft:
    a = _nonzero(rng, 6)
    while True:
        b, c, d, e = rng.randint(2, 6), _nonzero(rng, 7), rng.randint(1, 5), _nonzero(rng, 7)
        sign = rng.choice((1, -1))
        rest = b * X + c + sign * (d * X + e)
        slip = b * X + c + sign * (d * X - e)  # minus not given to the second number
        if b != d and rest.coeff(X) != 0 and rest != slip and sympy.Poly(rest, X).content() == 1:
            break
    common = X + a
    left, right = product(common, b * X + c), product(common, d * X + e)
    op = Text("+", "plus") if sign > 0 else Text("−", "moins")
    given = Text(
        f"{_shown(left)} {op.written} {_shown(right)}",
        f"{expression(left).spoken}, {op.spoken} {expression(right).spoken}",
    )
    expected = product(common, rest)
    inside = f"{_shown(b * X + c)} {op.written} ({_shown(d * X + e)})"
    misconceptions = [
        (
            product(common, b * X + c + d * X + e if sign < 0 else b * X + c - d * X - e),
            "wrong_operation",
            f"Tu as {'additionné' if sign < 0 else 'soustrait'} au lieu de "
            f"{'soustraire' if sign < 0 else 'additionner'} le deuxième produit.",
        ),
        (
            product(common, common, rest),
            "common_factor_twice",
            f"Le facteur commun {_shown(common)} ne s'écrit qu'une fois devant la parenthèse.",
        ),
    ]
    if sign < 0:
        misconceptions.insert(
            0,
            (
                product(common, slip),
                "minus_not_distributed",
                "Tu as oublié de distribuer le signe − : il change le signe de chaque terme "
                f"de la parenthèse {_shown(d * X + e)}.",
            ),
        )
    return Draft(
        skill=SKILL,
        text=_ask(given),
        expected=expected,
        kind="factored",
        variable="x",
        hints=(
            f"Une même parenthèse apparaît deux fois : {_shown(common)}.",
            f"Mets {_shown(common)} en facteur : ({_shown(common)}) × [ce qui reste du "
            f"premier produit {op.written} ce qui reste du deuxième].",
            f"{given.written} = ({_shown(common)})[{inside}].",
        ),
        solution=f"{given.written} = ({_shown(common)})[{inside}] = {_shown(expected)}.",
        misconceptions=tuple(misconceptions),
    )

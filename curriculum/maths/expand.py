"""Expanding and reducing: k(ax + b), −k(ax + b) or kx(ax + b), then (ax + b)(cx + d).

The answer must be expanded and reduced (the checker refuses brackets and unmerged terms). The
wrong values named are the classic ones: only the first term multiplied, the minus sign not
distributed, the cross products of a double distribution forgotten.
"""

from __future__ import annotations

import random

import sympy

from curriculum.maths.items import Draft, Text, X, expression, product, register

SKILL = "calcul_litteral.calcul_litteral.developper"


def _nonzero(rng: random.Random, bound: int) -> int:
    return rng.choice([n for n in range(-bound, bound + 1) if n != 0])


def _ask(given: sympy.Expr) -> Text:
    shown = expression(given)
    return Text(f"Développe et réduis {shown.written}.", f"Développe et réduis {shown.spoken}.")


def _shown(expr: sympy.Expr) -> str:
    return expression(expr).written


def _sum(*terms: sympy.Expr) -> str:
    """« 16x² + (−12x) + (−28x) + 21 »: each product kept, negatives in brackets."""
    return " + ".join(
        f"({_shown(t)})" if t.could_extract_minus_sign() else _shown(t) for t in terms
    )


@register("algebra.expand", topic="calcul_litteral", domain="calcul_litteral")
def expand(rng: random.Random, level: int) -> Draft:
    """Level 1: k(ax + b). Level 2: −k(ax + b) or kx(ax + b). Level 3: (ax + b)(cx + d)."""
    if level == 3:
        return _double(rng)
    a, b = rng.randint(1, 6), _nonzero(rng, 9)
    k = rng.randint(2, 9)
    head = k
    if level == 2:
        head = -k if rng.random() < 0.6 else k * X
    inner = a * X + b
    given = product(head, inner)
    expected = sympy.expand(head * inner)
    first, second = sympy.expand(head * a * X), sympy.expand(head * b)
    misconceptions: list[tuple[sympy.Expr, str, str]] = [
        (
            first + b,
            "only_first_term",
            f"Tu as multiplié seulement le premier terme. {_shown(head)} multiplie chaque terme "
            f"de la parenthèse : {_shown(a * X)} et aussi {b}.".replace("-", "−"),
        ),
    ]
    if level == 2 and head == -k:
        misconceptions.append(
            (
                first - second,
                "minus_not_distributed",
                "Tu as oublié de distribuer le signe − au deuxième terme : "
                f"{_shown(head)} × ({_shown(sympy.Integer(b))}) = {_shown(second)}.",
            )
        )
    else:
        misconceptions.append(
            (
                first - second,
                "sign_error",
                f"Attention au signe du deuxième terme : {_shown(head)} × "
                f"({_shown(sympy.Integer(b))}) = {_shown(second)}.",
            )
        )
    if level == 2 and head == k * X:
        misconceptions.append(
            (
                k * a * X + k * b * X,
                "x_times_x",
                f"Attention : x × x = x². Le premier terme devient {_shown(first)}, avec un x².",
            )
        )
    return Draft(
        skill=SKILL,
        text=_ask(given),
        expected=expected,
        kind="expanded",
        variable="x",
        hints=(
            f"Le facteur {_shown(head)} devant la parenthèse multiplie chaque terme de la "
            "parenthèse.",
            "k(a + b) = k × a + k × b. Fais attention aux signes."
            + (" Rappel : x × x = x²." if head == k * X else ""),
            f"{_shown(head)} × {_shown(a * X)} = {_shown(first)}.",
        ),
        solution=f"{_shown(given)} = {_sum(first, second)} = {_shown(expected)}.",
        misconceptions=tuple(misconceptions),
    )


def _double(rng: random.Random) -> Draft:
    a, c = rng.randint(1, 4), rng.randint(1, 4)
    b, d = _nonzero(rng, 7), _nonzero(rng, 7)
    left, right = a * X + b, c * X + d
    given = product(left, right)
    expected = sympy.expand(left * right)
    terms = [a * c * X**2, a * d * X, b * c * X, sympy.Integer(b * d)]
    listed = _sum(*terms)
    return Draft(
        skill=SKILL,
        text=_ask(given),
        expected=expected,
        kind="expanded",
        variable="x",
        hints=(
            "Chaque terme de la première parenthèse multiplie chaque terme de la deuxième : "
            "cela fait quatre produits.",
            "(a + b)(c + d) = ac + ad + bc + bd. Ensuite, regroupe les termes en x.",
            f"Les quatre produits : {listed}.",
        ),
        solution=f"{_shown(given)} = {listed} = {_shown(expected)}.",
        misconceptions=(
            (
                a * c * X**2 + b * d,
                "forgot_cross_terms",
                "Tu as oublié deux produits : le premier terme de chaque parenthèse multiplie "
                "aussi le deuxième terme de l'autre. Il y a quatre produits en tout.",
            ),
            (
                a * c * X**2 + (a * d + b * c) * X - b * d,
                "sign_of_constant",
                f"Attention au signe du nombre seul : {b} × {d} = {b * d}.".replace("-", "−"),
            ),
            (
                a * c * X**2 + (a * d - b * c) * X + b * d,
                "sign_of_cross_term",
                f"Vérifie les termes en x : {_shown(a * d * X)} et {_shown(b * c * X)}, "
                "chacun avec son signe.",
            ),
        ),
    )

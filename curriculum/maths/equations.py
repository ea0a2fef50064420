"""First-degree equations: ax + b = c, and at level 3 ax + b = cx + d or a fraction solution.

The misconceptions are the moves students make when « passer de l'autre côté » is a rule they
recite rather than understand: a sign kept when moving a term, subtracting the coefficient
instead of dividing, dividing the wrong way round.
"""

from __future__ import annotations

import random

import sympy

from curriculum.maths.items import Draft, Text, number, register, render

VARIABLE = "x"


def _signed(value: int, first: bool) -> Text:
    """A term's sign as written and spoken: « − 5 » / « moins cinq », nothing for a leading +."""
    magnitude = number(abs(value))
    if value < 0:
        return Text(("−" if first else "− ") + magnitude.written, "moins " + magnitude.spoken)
    if first:
        return magnitude
    return Text("+ " + magnitude.written, "plus " + magnitude.spoken)


def _linear(a: int, b: int) -> Text:
    """« 3x − 5 » / « trois x moins cinq », with 1x written x and a zero constant left out."""
    if abs(a) == 1:
        head = Text("−x" if a < 0 else "x", "moins x" if a < 0 else "x")
    else:
        coefficient = _signed(a, first=True)
        head = Text(coefficient.written + VARIABLE, f"{coefficient.spoken} {VARIABLE}")
    if b == 0:
        return head
    tail = _signed(b, first=False)
    return Text(f"{head.written} {tail.written}", f"{head.spoken} {tail.spoken}")


def _cancel(coefficient: int, with_x: bool = False) -> str:
    """The move that removes a term: « Enlève 5 », « Ajoute 3x »."""
    term = _linear(abs(coefficient), 0).written if with_x else number(abs(coefficient)).written
    return f"{'Enlève' if coefficient > 0 else 'Ajoute'} {term}"


def _equation(left: Text, right: Text) -> Text:
    return Text(f"{left.written} = {right.written}", f"{left.spoken} égale {right.spoken}")


def _nonzero(rng: random.Random, low: int, high: int) -> int:
    return rng.choice([n for n in range(low, high + 1) if n != 0])


def _coefficient(rng: random.Random, negative_allowed: bool) -> int:
    a = rng.randint(2, 9)
    return -a if negative_allowed and rng.random() < 0.4 else a


@register("equations.linear", topic="equations", domain="calcul_litteral")
def linear(rng: random.Random, level: int) -> Draft:
    """Integer solutions at levels 1-2; at level 3 a fraction solution or x on both sides."""
    if level == 3 and rng.random() < 0.5:
        return _both_sides(rng)
    a = _coefficient(rng, negative_allowed=level >= 2)
    if level == 1:  # positive numbers only
        b, n = rng.randint(1, 10), a * rng.randint(1, 10)
    else:
        b = _nonzero(rng, -15, 15)
        if level == 3:  # c − b not a multiple of a: the solution is a fraction
            n = rng.choice([n for n in range(-30, 31) if n % a != 0])
        else:
            n = a * _nonzero(rng, -12, 12)
    c = b + n
    x = sympy.Rational(n, a)
    ax = _linear(a, 0).written
    shown_x = number(x, style="fraction").written
    equation = _equation(_linear(a, b), number(c))
    step = f"{ax} = {number(c).written} {_signed(-b, first=False).written} = {number(n).written}"
    statement = "Résous l'équation {e}. Donne la valeur de x"
    return Draft(
        skill="calcul_litteral.equations.premier_degre",
        text=render(statement + (", en fraction si besoin." if level == 3 else "."), e=equation),
        expected=x,
        kind="solution",
        variable=VARIABLE,
        hints=(
            "Le but : avoir x tout seul d'un côté du signe =.",
            f"{_cancel(b)} de chaque côté. Ensuite, divise chaque côté par {number(a).written}.",
            f"On obtient {step}.",
        ),
        solution=(
            f"{equation.written}. {step}. "
            f"x = {number(n).written} ÷ {_parenthesised(a)} = {shown_x}."
        ),
        misconceptions=(
            (
                sympy.Rational(c + b, a),
                "sign_error_moving_constant",
                f"Attention au signe : pour faire disparaître « {_signed(b, first=False).written} »"
                f", {_cancel(b).lower()} de chaque côté. "
                f"Tu devais obtenir {ax} = {number(n).written}.",
            ),
            (
                sympy.Integer(n - a),
                "subtracted_coefficient",
                f"Tu as soustrait {number(a).written}. Mais {ax} veut dire "
                f"{number(a).written} × x : il faut diviser par {number(a).written}.",
            ),
            (
                sympy.Rational(a, n),
                "inverted_division",
                f"Tu as divisé dans le mauvais sens. Si {ax} = {number(n).written}, "
                f"alors x = {number(n).written} ÷ {_parenthesised(a)}.",
            ),
            (
                sympy.Rational(c, a),
                "ignored_constant",
                f"Tu as oublié le {_signed(b, first=True).written}. "
                "Enlève-le d'abord de chaque côté.",
            ),
        ),
    )


def _parenthesised(value: int) -> str:
    shown = number(value).written
    return f"({shown})" if value < 0 else shown


def _both_sides(rng: random.Random) -> Draft:
    """ax + b = cx + d: gather the x on one side first."""
    a = _coefficient(rng, negative_allowed=True)
    c = rng.choice([k for k in range(-9, 10) if k not in (0, a, -a)])
    x = rng.choice([k for k in range(-9, 10) if abs(k) > 1])  # ±1: inverting changes nothing
    b = _nonzero(rng, -12, 12)
    d = (a - c) * x + b
    equation = _equation(_linear(a, b), _linear(c, d))
    gathered = f"{_linear(a - c, 0).written} = {number(d - b).written}"
    return Draft(
        skill="calcul_litteral.equations.premier_degre",
        text=render("Résous l'équation {e}. Donne la valeur de x.", e=equation),
        expected=sympy.Integer(x),
        kind="solution",
        variable=VARIABLE,
        hints=(
            "Il y a des x des deux côtés. Commence par les regrouper d'un seul côté.",
            f"{_cancel(c, with_x=True)} de chaque côté. Puis {_cancel(b).lower()} "
            "de chaque côté. Enfin, divise.",
            f"Tu dois arriver à {gathered}.",
        ),
        solution=(
            f"{equation.written}. On regroupe : {gathered}. "
            f"x = {number(d - b).written} ÷ {_parenthesised(a - c)} = {number(x).written}."
        ),
        misconceptions=(
            (
                sympy.Rational(d - b, a + c),
                "sign_error_moving_x",
                f"Attention au signe : pour faire disparaître {_linear(c, 0).written} à droite, "
                f"{_cancel(c, with_x=True).lower()} de chaque côté. On obtient {gathered}.",
            ),
            (
                sympy.Rational(d + b, a - c),
                "sign_error_moving_constant",
                f"Attention au signe : pour faire disparaître « {_signed(b, first=False).written} »"
                f", {_cancel(b).lower()} de chaque côté. On obtient {gathered}.",
            ),
            (
                sympy.Rational(d + b, a + c),
                "sign_errors_both_sides",
                "Attention aux deux signes : quand un terme change de côté, il change de signe. "
                f"On obtient {gathered}.",
            ),
            (
                sympy.Rational(a - c, d - b),
                "inverted_division",
                f"Tu as divisé dans le mauvais sens. Si {gathered}, "
                f"alors x = {number(d - b).written} ÷ {_parenthesised(a - c)}.",
            ),
        ),
    )

"""First-degree inequations: x + b > c, then ax + b ≤ c, then a negative coefficient.

The answer is the set of solutions, written « x > 3 », « x ≥ −2 » or as an interval. The error
that matters most is keeping the direction when dividing by a negative number; the others are
the same sign slips as in equations, plus turning the sign round for no reason.
"""

from __future__ import annotations

import random

import sympy

from curriculum.maths.items import (
    RELATIONS,
    Draft,
    Text,
    X,
    expression,
    interval,
    number,
    register,
    relation,
)

SKILL = "calcul_litteral.inequations.premier_degre"
FLIP = {">": "<", ">=": "<=", "<": ">", "<=": ">="}
ASK = Text(
    " Donne toutes les solutions, par exemple sous la forme x > 2.",
    " Donne toutes les solutions, par exemple : x est plus grand que deux.",
)


def _nonzero(rng: random.Random, bound: int) -> int:
    return rng.choice([n for n in range(-bound, bound + 1) if n != 0])


def _solutions(op: str, bound: sympy.Rational) -> sympy.Expr:
    return sympy.Rel(X, bound, op)


def _shown(op: str, bound: sympy.Rational) -> str:
    return f"x {RELATIONS[op][0]} {number(bound, style='fraction').written}"


@register("inequalities.linear", topic="inequations", domain="calcul_litteral")
def linear(rng: random.Random, level: int) -> Draft:
    """Level 1: x + b op c. Level 2: ax + b op c with a > 0. Level 3: a < 0, the direction
    turns round."""
    op = rng.choice(tuple(RELATIONS))
    a = {1: 1, 2: rng.randint(2, 9), 3: -rng.randint(2, 9)}[level]
    b = _nonzero(rng, 12)
    c = rng.randint(-15, 15) if level != 2 else b + a * rng.randint(-6, 6)  # whole at level 2
    bound = sympy.Rational(c - b, a)
    final_op = FLIP[op] if a < 0 else op
    given = relation(expression(a * X + b), op, number(c))
    gathered = f"{expression(a * X).written} {RELATIONS[op][0]} {number(c - b).written}"
    answer = _shown(final_op, bound)
    moved = "Enlève" if b > 0 else "Ajoute"
    misconceptions: list[tuple[sympy.Expr, str, str]] = [
        (
            _solutions(final_op, sympy.Rational(c + b, a)),
            "sign_error_moving_constant",
            f"Attention au signe : pour faire disparaître {number(b).written}, "
            f"{moved.lower()} {number(abs(b)).written} des deux côtés. On obtient {gathered}.",
        ),
    ]
    if a < 0:
        misconceptions.insert(
            0,
            (
                _solutions(op, bound),
                "forgot_to_flip",
                f"Tu as divisé par {number(a).written}, un nombre négatif : il faut changer le "
                "sens de l'inégalité.",
            ),
        )
    else:
        misconceptions.append(
            (
                _solutions(FLIP[op], bound),
                "flipped_for_no_reason",
                "On ne change le sens de l'inégalité que si on multiplie ou divise par un "
                "nombre négatif. Ici, ce n'est pas le cas.",
            )
        )
    if abs(a) > 1:
        misconceptions.append(
            (
                _solutions(final_op, sympy.Integer(c - b - a)),
                "subtracted_coefficient",
                f"{expression(a * X).written} veut dire {number(a).written} × x : "
                f"on divise par {number(a).written}, on ne le soustrait pas.",
            )
        )
    divide = (
        f"On divise par {number(a).written}"
        + (", un nombre négatif : le sens change." if a < 0 else ", un nombre positif.")
        if abs(a) > 1 or a < 0
        else ""
    )
    steps = f"{given.written}, donc {gathered}." + (f" {divide} Donc {answer}." if divide else "")
    return Draft(
        skill=SKILL,
        text=Text(
            f"Résous l'inéquation {given.written}.{ASK.written}",
            f"Résous l'inéquation {given.spoken}.{ASK.spoken}",
        ),
        expected=_solutions(final_op, bound),
        kind="inequality",
        variable="x",
        hints=(
            "On résout comme une équation : on veut x tout seul d'un côté.",
            f"{moved} {number(abs(b)).written} des deux côtés. Attention : si on divise par un "
            "nombre négatif, le sens de l'inégalité change.",
            f"On obtient {gathered}." + (f" {divide}" if divide else ""),
        ),
        solution=(
            f"{steps} Les solutions sont les nombres x tels que {answer}, c'est-à-dire "
            "l'intervalle "
            f"{interval(_solutions(final_op, bound)).written}."
        ),
        misconceptions=tuple(misconceptions),
    )

"""Square roots: √a × √b, simplifying √72 into 6√2, and adding roots like √50 + √8.

The answer must be fully simplified (a√b with no perfect square left under the root): the
checker grades that form. The wrong values named here are the classic ones: forgetting to take
the root of the perfect square, « halving » instead of taking a root, adding under the root.
"""

from __future__ import annotations

import random

import sympy

from curriculum.maths.items import Draft, Text, number, register, render

SQUARE_FREE = (2, 3, 5, 6, 7)
SKILL = "nombres_calculs.racines.simplifier"
SQUARES = "Les carrés parfaits : 4, 9, 16, 25, 36, 49, 64, 81, 100."
FORM = Text(
    " Donne le résultat sous la forme la plus simple, comme 3√2.",
    " Donne le résultat sous la forme la plus simple, comme trois racine de deux.",
)


def _root(n: int) -> Text:
    """« √72 » / « racine de soixante-douze », not simplified: the statement shows it as is."""
    return Text(f"√{n}", f"racine de {number(n).spoken}")


def _shown(value: sympy.Expr) -> str:
    return number(value).written


@register("roots.simplify", topic="racines", domain="nombres_calculs")
def simplify(rng: random.Random, level: int) -> Draft:
    """Level 1: √a × √b with ab a perfect square. Level 2: √(k²b) = k√b. Level 3: the sum of
    two roots of the same number."""
    if level == 1:
        return _product(rng)
    b = rng.choice(SQUARE_FREE)
    if level == 2:
        k = rng.randint(2, 7 if b < 5 else 5)
        n = k * k * b
        given = _root(n)
        expected = k * sympy.sqrt(b)
        step = f"{n} = {k * k} × {b}, et {k * k} est un carré parfait."
        solution = f"√{n} = √{k * k} × √{b} = {_shown(expected)}."
        misconceptions: list[tuple[sympy.Expr, str, str]] = [
            (
                k * k * sympy.sqrt(b),
                "forgot_root_of_square",
                f"Tu as sorti {k * k} de la racine sans prendre sa racine : "
                f"√{k * k} = {k}, pas {k * k}.",
            ),
            (
                b * sympy.sqrt(k),
                "swapped_root_and_factor",
                f"Tu as inversé : c'est {k} qui sort de la racine (car {k}² = {k * k}), "
                f"et {b} reste dessous.",
            ),
        ]
        misconceptions.append(
            (
                k + sympy.sqrt(b),
                "added_instead_of_multiplied",
                f"√{n} = √{k * k} × √{b} : c'est un produit, {k} × √{b}, pas {k} + √{b}.",
            )
        )
        if n % 2 == 0:
            misconceptions.append(
                (
                    sympy.Integer(n // 2),
                    "halved",
                    "Prendre la racine carrée, ce n'est pas diviser par 2. "
                    f"Cherche un carré parfait qui divise {n}.",
                )
            )
        return _draft(given, expected, step, solution, misconceptions)
    k1, k2 = rng.sample(range(1, 6), 2)
    c1 = rng.choice((1, 1, 2, 3))
    sign = rng.choice((1, -1))
    n1, n2 = k1 * k1 * b, k2 * k2 * b
    first = Text(f"{c1}√{n1}", f"{number(c1).spoken} racine de {number(n1).spoken}")
    if c1 == 1:
        first = _root(n1)
    op = Text("+" if sign > 0 else "−", "plus" if sign > 0 else "moins")
    given = render("{a} {op} {b}", a=first, op=op, b=_root(n2))
    total = c1 * k1 + sign * k2
    if total == 0:
        total, sign = c1 * k1 + k2, 1
        given = render("{a} {op} {b}", a=first, op=Text("+", "plus"), b=_root(n2))
    expected = total * sympy.sqrt(b)
    simplified = f"{_shown(c1 * k1 * sympy.sqrt(b))} {op.written} {_shown(k2 * sympy.sqrt(b))}"
    step = (
        " et ".join(f"√{n} = {_shown(k * sympy.sqrt(b))}" for n, k in ((n1, k1), (n2, k2)) if k > 1)
        + "."
    )
    shown_k = max(k1, k2)
    solution = f"{given.written} = {simplified} = {_shown(expected)}."
    misconceptions = [
        (
            c1 * sympy.sqrt(n1 + sign * n2) if n1 + sign * n2 > 0 else sympy.Integer(0),
            "added_under_root",
            "On ne peut pas additionner ce qui est sous les racines : √a + √b n'est pas "
            "√(a + b). Simplifie d'abord chaque racine.",
        ),
        (
            (c1 * k1 * k1 + sign * k2 * k2) * sympy.sqrt(b),
            "forgot_root_of_square",
            "Tu as sorti les carrés parfaits sans prendre leur racine : "
            f"√{shown_k * shown_k} = {shown_k}, pas {shown_k * shown_k}.",
        ),
        (
            (c1 * k1 + sign * k2) * sympy.sqrt(2 * b),
            "added_radicands",
            f"Les racines se regroupent comme des x : {_shown(sympy.sqrt(b))} + "
            f"{_shown(sympy.sqrt(b))} = 2{_shown(sympy.sqrt(b))}, pas √{2 * b}.",
        ),
    ]
    return _draft(given, expected, step, solution, misconceptions)


def _product(rng: random.Random) -> Draft:
    """√a × √b = √(ab) = k, the rule students need before simplifying."""
    b = rng.choice(SQUARE_FREE)
    s2 = rng.choice((2, 3, 4) if b <= 3 else (2, 3))
    a, b, k = b, b * s2 * s2, b * s2  # √2 × √18 = √36 = 6
    given = render("{a} {times} {b}", a=_root(a), times=Text("×", "fois"), b=_root(b))
    return _draft(
        given,
        sympy.Integer(k),
        f"√{a} × √{b} = √({a} × {b}) = √{a * b}.",
        f"√{a} × √{b} = √{a * b} = {k}, car {k}² = {a * b}.",
        [
            (
                sympy.Integer(a * b),
                "forgot_the_root",
                f"Il reste une étape : {a} × {b} = {a * b}, puis prends la racine carrée de "
                f"{a * b}.",
            ),
            (
                sympy.sqrt(a + b),
                "added_under_root",
                f"Tu as additionné {a} et {b}. Sous les racines, on multiplie : "
                "√a × √b = √(a × b).",
            ),
        ],
    )


def _draft(
    given: Text,
    expected: sympy.Expr,
    step: str,
    solution: str,
    misconceptions: list[tuple[sympy.Expr, str, str]],
) -> Draft:
    return Draft(
        skill=SKILL,
        text=render(
            "Calcule {g}.{form}", g=given, form=Text("", "") if expected.is_Integer else FORM
        ),
        expected=expected,
        kind="simplified_root",
        hints=(
            "Cherche un carré parfait caché sous la racine. " + SQUARES,
            "√(a × b) = √a × √b. Si a est un carré parfait, √a est un nombre entier : "
            "il sort de la racine.",
            step,
        ),
        solution=solution,
        misconceptions=tuple(misconceptions),
    )

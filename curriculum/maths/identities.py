"""Identités remarquables: (a + b)², (a − b)², (a + b)(a − b), to expand and to factorise.

The most common error in all of seconde algebra is (a + b)² = a² + b²: the double product is
forgotten. Then come the sign of the double product in (a − b)², (3x)² written 3x², and, when
factorising, a difference of squares taken for a square.
"""

from __future__ import annotations

import math
import random

import sympy

from curriculum.maths.items import Draft, Text, X, expression, product, register

SKILL_EXPAND = "calcul_litteral.calcul_litteral.identites_developper"
SKILL_FACTOR = "calcul_litteral.calcul_litteral.identites_factoriser"
IDENTITIES = {
    "sum": "(a + b)² = a² + 2ab + b²",
    "difference": "(a − b)² = a² − 2ab + b²",
    "product": "(a + b)(a − b) = a² − b²",
}


def _shown(expr: sympy.Expr | int) -> str:
    return expression(expr).written


def _terms(rng: random.Random, level: int) -> tuple[int, int, str]:
    """(k, b, identity) for kx and b: k = 1 at level 1, larger k at level 3."""
    k = 1 if level < 3 else rng.randint(2, 5)
    b = rng.choice([b for b in range(1, 10) if math.gcd(k, b) == 1])  # (2x + 4)² is 4(x + 2)²
    identity = {
        1: "sum",
        2: rng.choice(("difference", "product")),
        3: rng.choice(("sum", "difference", "product")),
    }[level]
    return k, b, identity


def _square_of(k: int) -> str:
    """« (3x)² = 9x² », the step students skip."""
    return f"({_shown(k * X)})² = {_shown(k * k * X**2)}"


@register("algebra.identities_expand", topic="calcul_litteral", domain="calcul_litteral")
def identities_expand(rng: random.Random, level: int) -> Draft:
    """Level 1: (x + b)². Level 2: (x − b)² or (x + b)(x − b). Level 3: the same with kx."""
    k, b, identity = _terms(rng, level)
    a = k * X
    given = {
        "sum": (a + b) ** 2,
        "difference": (a - b) ** 2,
        "product": product(a + b, a - b),
    }[identity]
    expected = sympy.expand(given)
    double = 2 * k * b * X
    misconceptions: list[tuple[sympy.Expr, str, str]] = []
    if identity == "product":
        misconceptions += [
            (
                a**2 + b**2,
                "sign_of_square",
                f"Attention au signe : (a + b)(a − b) = a² − b², donc ici − {b * b}.",
            ),
            (
                a**2 - 2 * k * b * X - b**2,
                "double_product_in_product",
                "Dans (a + b)(a − b), les termes en x s'annulent : il n'y a pas de double produit.",
            ),
        ]
    else:
        sign = 1 if identity == "sum" else -1
        misconceptions += [
            (
                a**2 + sign * b**2,
                "forgot_double_product",
                f"{IDENTITIES[identity].split(' = ')[0]} n'est pas a² {'+' if sign > 0 else '−'} "
                f"b² : il manque le double produit 2ab, ici {_shown(double)}.",
            ),
            (
                a**2 + sign * k * b * X + b**2,
                "double_product_not_doubled",
                f"Le terme du milieu, c'est 2 × a × b : ici 2 × {_shown(a)} × {b} = "
                f"{_shown(double)}.",
            ),
            (
                a**2 - sign * double + b**2,
                "sign_of_double_product",
                f"Attention au signe du double produit : {IDENTITIES[identity]}.",
            ),
        ]
    if k > 1:
        misconceptions.append(
            (
                expected - (k * k - k) * X**2,
                "coefficient_not_squared",
                f"Le carré porte aussi sur le nombre devant x : {_square_of(k)}.",
            )
        )
    shown = expression(given)
    return Draft(
        skill=SKILL_EXPAND,
        text=Text(f"Développe {shown.written}.", f"Développe {shown.spoken}."),
        expected=expected,
        kind="expanded",
        variable="x",
        hints=(
            "C'est une identité remarquable : reconnais laquelle.",
            f"{IDENTITIES[identity]}, avec a = {_shown(a)} et b = {b}.",
            _worked(k, b, identity),
        ),
        solution=f"{IDENTITIES[identity]}. {shown.written} = {_worked(k, b, identity)} "
        f"= {_shown(expected)}.",
        misconceptions=tuple(misconceptions),
    )


def _worked(k: int, b: int, identity: str) -> str:
    a = _shown(k * X)
    a2 = f"({a})²" if k > 1 else f"{a}²"
    if identity == "product":
        return f"{a2} − {b}²"
    return f"{a2} {'+' if identity == 'sum' else '−'} 2 × {a} × {b} + {b}²"


@register("algebra.identities_factor", topic="calcul_litteral", domain="calcul_litteral")
def identities_factor(rng: random.Random, level: int) -> Draft:
    """Level 1: x² − b². Level 2: x² ± 2bx + b². Level 3: k²x² − b² or a square with kx."""
    k, b, _ = _terms(rng, level)
    identity = {
        1: "product",
        2: rng.choice(("sum", "difference")),
        3: rng.choice(("product", "sum", "difference")),
    }[level]
    a = k * X
    expected = {
        "sum": (a + b) ** 2,
        "difference": (a - b) ** 2,
        "product": product(a - b, a + b),
    }[identity]
    given = sympy.expand(expected)
    if identity == "product":
        misconceptions = [
            (
                (a - b) ** 2,
                "square_instead_of_product",
                f"{_shown((a - b) ** 2)} donnerait a² − 2ab + b², avec un terme en x. Ici, il "
                "n'y en a pas : c'est a² − b² = (a − b)(a + b).",
            ),
            (
                (a + b) ** 2,
                "square_of_sum_instead_of_product",
                f"{_shown((a + b) ** 2)} donnerait un terme en x. Ici, c'est a² − b² = "
                "(a − b)(a + b).",
            ),
            (
                product(a - b * b, a + b * b),
                "forgot_root_of_constant",
                f"{b * b} = {b}² : dans la parenthèse, on écrit {b}, pas {b * b}.",
            ),
        ]
    else:
        other = "difference" if identity == "sum" else "sum"
        sign = 1 if identity == "sum" else -1
        misconceptions = [
            (
                (a - sign * b) ** 2,
                "wrong_sign",
                f"Regarde le signe du terme en x : il dit si c'est {IDENTITIES[identity]} "
                f"et non {IDENTITIES[other]}.",
            ),
            (
                product(a - b, a + b),
                "product_instead_of_square",
                "(a − b)(a + b) donnerait a² − b², sans terme en x. Ici, il y a un terme en x : "
                "c'est un carré.",
            ),
            (
                (a + sign * 2 * b) ** 2,
                "took_double_product",
                f"Dans la parenthèse, on met b = {b} (car {b * b} = {b}²), pas 2b.",
            ),
        ]
    if k > 1:
        misconceptions.append(
            (
                _with_coefficient(expected, k),
                "forgot_root_of_coefficient",
                f"{_shown(k * k * X**2)} = ({_shown(a)})² : dans la parenthèse, on écrit "
                f"{_shown(a)}, pas {_shown(k * k * X)}.",
            )
        )
    shown = expression(given)
    return Draft(
        skill=SKILL_FACTOR,
        text=Text(f"Factorise {shown.written}.", f"Factorise {shown.spoken}."),
        expected=expected,
        kind="factored",
        variable="x",
        hints=(
            "Cherche une identité remarquable : y a-t-il des carrés ? un terme en x ?",
            f"Lis l'identité de droite à gauche : {_reversed(identity)}.",
            f"Ici, a = {_shown(a)} car a² = {_shown(a**2)}, et b = {b} car b² = {b * b}.",
        ),
        solution=f"{_reversed(identity)}. Avec a = {_shown(a)} et b = {b} : "
        f"{shown.written} = {_shown(expected)}.",
        misconceptions=tuple(misconceptions),
    )


def _reversed(identity: str) -> str:
    left, right = IDENTITIES[identity].split(" = ")
    if identity == "product":
        left = "(a − b)(a + b)"
    return f"{right} = {left}"


def _with_coefficient(expected: sympy.Expr, k: int) -> sympy.Expr:
    """The same factorisation with k²x in the brackets instead of kx."""
    return expected.xreplace({X: k * X})

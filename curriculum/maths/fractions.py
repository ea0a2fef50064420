"""Fraction exercises: simplifying, and adding fractions with different denominators.

These are the two places where struggling students lose points on almost every test: they stop
simplifying too early, and they add denominators. The misconceptions below name those errors so
the tutor can answer « tu as additionné les dénominateurs » instead of a bare « faux ».
"""

from __future__ import annotations

import math
import random

import sympy

from curriculum.maths.items import Draft, Text, fraction, register, render

SIMPLIFY_RANGES = {  # level: (largest reduced denominator, factors the fraction was scaled by)
    1: (6, (2, 3, 4, 5)),
    2: (10, (2, 3, 4, 5, 6, 8, 9)),
    3: (12, (4, 6, 8, 9, 12, 14, 15)),
}


def _coprime(rng: random.Random, low: int, high: int, other: int) -> int:
    """A number in [low, high] sharing no divisor with ``other``, drawn from the seed."""
    candidates = [n for n in range(low, high + 1) if math.gcd(n, other) == 1 and n != other]
    return rng.choice(candidates)


@register("fractions.simplify", topic="fractions", domain="nombres_calculs")
def simplify(rng: random.Random, level: int) -> Draft:
    """a/b = (k·p)/(k·q) to reduce; level 3 adds improper and negative fractions."""
    largest, factors = SIMPLIFY_RANGES[level]
    q = rng.randint(3 if level == 3 else 2, largest)
    p = _coprime(rng, 1, 2 * q if level == 3 else q - 1, q)
    sign = -1 if level == 3 and rng.random() < 0.3 else 1
    k = rng.choice(factors)
    a, b = k * p, k * q
    given = fraction(sign * a, b)
    result = fraction(sign * p, q)
    sign_note = " Le signe − reste devant la fraction." if sign < 0 else ""
    return Draft(
        skill="nombres_calculs.fractions.simplifier",
        text=render("Simplifie la fraction {f} le plus possible.", f=given),
        expected=sympy.Rational(sign * p, q),
        kind="irreducible_fraction",
        hints=(
            f"Cherche un nombre qui divise à la fois {a} et {b}.",
            "Divise le numérateur et le dénominateur par le même nombre. "
            "Recommence tant que c'est possible." + sign_note,
            f"{a} = {k} × {p} et {b} = {k} × {q}. Divise en haut et en bas par {k}.",
        ),
        solution=(
            f"{given.written} = {'−' if sign < 0 else ''}({a} ÷ {k}) / ({b} ÷ {k}) "
            f"= {result.written}.{sign_note} "
            f"{p} et {q} n'ont plus de diviseur commun (à part 1) : "
            f"{result.written} est irréductible."
        ),
        misconceptions=(
            (
                sympy.Rational(sign * p, b),
                "divided_numerator_only",
                f"Tu as divisé seulement le numérateur par {k}. "
                "Divise le numérateur et le dénominateur par le même nombre.",
            ),
            (
                sympy.Rational(sign * a, q),
                "divided_denominator_only",
                f"Tu as divisé seulement le dénominateur par {k}. "
                "Divise le numérateur et le dénominateur par le même nombre.",
            ),
            (
                sympy.Rational(sign * q, p),
                "inverted_fraction",
                "Tu as inversé la fraction. Le numérateur reste en haut, "
                "le dénominateur reste en bas.",
            ),
        ),
    )


def _denominators(rng: random.Random, level: int) -> tuple[int, int]:
    """Level 1: one denominator is a multiple of the other; 2: coprime; 3: a shared factor."""
    if level == 1:
        d1 = rng.randint(2, 5)
        return d1, d1 * rng.randint(2, 3)
    if level == 2:
        d1 = rng.randint(2, 9)
        return d1, _coprime(rng, 2, 9, d1)
    pairs = [(4, 6), (6, 8), (6, 9), (4, 10), (6, 10), (8, 12), (9, 12), (10, 12), (6, 15)]
    return rng.choice(pairs)


@register("fractions.add", topic="fractions", domain="nombres_calculs")
def add(rng: random.Random, level: int) -> Draft:
    """a/d1 + b/d2 with d1 ≠ d2, so the common denominator step is always needed."""
    d1, d2 = _denominators(rng, level)
    if rng.random() < 0.5:
        d1, d2 = d2, d1
    while True:
        top = 2 if level == 3 else 1  # level 3 allows fractions above 1
        a = _coprime(rng, 1, top * d1 - 1, d1)
        b = _coprime(rng, 1, top * d2 - 1, d2)
        total = sympy.Rational(a, d1) + sympy.Rational(b, d2)
        if not total.is_Integer:
            break
    common = math.lcm(d1, d2)
    a2, b2 = a * common // d1, b * common // d2
    left, right = fraction(a, d1), fraction(b, d2)
    same = f"{fraction(a2, common).written} + {fraction(b2, common).written}"
    reduced = "" if a2 + b2 == total.p else f" = {fraction(int(total.p), int(total.q)).written}"
    return Draft(
        skill="nombres_calculs.fractions.additionner",
        text=render(
            "Calcule {x} {plus} {y}. Simplifie le résultat le plus possible.",
            x=left,
            plus=Text("+", "plus"),
            y=right,
        ),
        expected=total,
        kind="irreducible_fraction",
        hints=(
            f"Les dénominateurs {d1} et {d2} sont différents : on ne peut pas encore additionner.",
            "Écris les deux fractions avec le même dénominateur. "
            "Ensuite, additionne seulement les numérateurs.",
            _common_step(common, (d1, left, a2), (d2, right, b2)),
        ),
        solution=(f"{left.written} + {right.written} = {same} = {a2 + b2}/{common}{reduced}."),
        misconceptions=(
            (
                sympy.Rational(a + b, d1 + d2),
                "added_denominators",
                "Tu as additionné les dénominateurs : on ne fait pas ça ! "
                f"Mets d'abord les deux fractions sur le même dénominateur ({common}), "
                "puis additionne seulement les numérateurs.",
            ),
            (
                sympy.Rational(a + b, common),
                "numerators_not_converted",
                f"Tu as bien pris {common} comme dénominateur commun, mais tu n'as pas changé "
                "les numérateurs. Multiplie le numérateur par le même nombre que le dénominateur.",
            ),
            (
                sympy.Rational(a * b, d1 * d2),
                "multiplied_instead_of_added",
                "Tu as multiplié les fractions. Ici, on additionne : "
                "il faut d'abord le même dénominateur.",
            ),
        ),
    )


def _common_step(common: int, *terms: tuple[int, Text, int]) -> str:
    """« 12 est un multiple de 4. 3/4 = 9/12. », naming only the fractions that change."""
    changing = [(d, shown, top) for d, shown, top in terms if d != common]
    multiple_of = " et de ".join(str(d) for d, _, _ in changing)
    rewrites = " et ".join(f"{shown.written} = {top}/{common}" for _, shown, top in changing)
    return f"{common} est un multiple de {multiple_of}. {rewrites}."

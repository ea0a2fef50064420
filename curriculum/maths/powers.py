"""Powers: computing aⁿ (with negative bases and negative exponents), and the three rules
aᵐ × aᵖ, aᵐ ÷ aᵖ, (aᵐ)ᵖ.

The errors are confusions between operations: 3⁴ read as 3 × 4, (−2)⁴ and −2⁴ mixed up, 2⁻³
taken for a negative number, exponents multiplied when they should be added.
"""

from __future__ import annotations

import random

import sympy

from curriculum.maths.items import (
    Draft,
    Text,
    bracketed,
    exponent,
    number,
    power,
    register,
    relation,
    render,
)

EXPONENT_VARIABLE = "n"


@register("powers.evaluate", topic="puissances", domain="nombres_calculs")
def evaluate(rng: random.Random, level: int) -> Draft:
    """Level 1: aⁿ. Level 2: (−a)ⁿ or −aⁿ. Level 3: a⁻ⁿ, as a fraction."""
    if level == 3:
        return _negative_exponent(rng)
    pairs = [(a, n) for a in range(2, 6) for n in range(2, 5) if a**n <= 300 and a**n != a * n]
    a, n = rng.choice(pairs)
    inside = level == 2 and rng.random() < 0.6  # (−a)ⁿ: the sign is in the brackets
    base = -a if inside else a
    sign = -1 if level == 2 and not inside else 1  # −aⁿ: the sign stays outside
    value = sign * base**n
    shown = power(base, n)
    product = " × ".join([bracketed(base).written] * n)
    misconceptions: list[tuple[sympy.Expr, str, str]] = []
    sign_note = ""
    if level == 2:
        shown = shown if inside else Text(f"−{shown.written}", f"moins {shown.spoken}")
        product = product if inside else f"−({product})"
        sign_note = (
            f" Le signe − est dans la parenthèse : il est multiplié {n} fois."
            if inside
            else " Sans parenthèse, la puissance porte sur le nombre, pas sur le signe −."
        )
        misconceptions.append(
            (sympy.Integer(-value), "sign_of_power", "Attention au signe." + sign_note)
        )
    misconceptions += [
        (
            sympy.Integer(sign * base * n),
            "multiplied_by_exponent",
            f"{shown.written}, ce n'est pas {a} × {n} : "
            f"c'est {a} multiplié par lui-même, {n} fois.",
        ),
        (
            sympy.Integer(value * base),
            "counted_factors_wrong",
            f"Compte bien les facteurs : il y en a exactement {n}, pas {n + 1}.",
        ),
    ]
    return Draft(
        skill="nombres_calculs.puissances.calculer",
        text=render("Calcule {p}.", p=shown),
        expected=sympy.Integer(value),
        kind="number",
        hints=(
            f"L'exposant {n} dit combien de fois on écrit le nombre dans le produit.",
            f"Écris le produit en entier, puis calcule-le pas à pas.{sign_note}",
            f"{shown.written} = {product}.",
        ),
        solution=f"{shown.written} = {product} = {number(value).written}.",
        misconceptions=tuple(misconceptions),
    )


def _negative_exponent(rng: random.Random) -> Draft:
    a, n = rng.choice([(a, n) for a in range(2, 6) for n in (2, 3) if a**n <= 125])
    shown = power(a, -n)
    value = sympy.Rational(1, a**n)
    return Draft(
        skill="nombres_calculs.puissances.calculer",
        text=render("Calcule {p}. Donne le résultat en fraction.", p=shown),
        expected=value,
        kind="irreducible_fraction",
        hints=(
            "Un exposant négatif ne donne pas un nombre négatif.",
            f"{power(a, -n).written} est l'inverse de {power(a, n).written} : "
            f"c'est 1 divisé par {power(a, n).written}.",
            f"{power(a, n).written} = {a**n}.",
        ),
        solution=f"{shown.written} = 1/{power(a, n).written} = 1/{a**n}.",
        misconceptions=(
            (
                sympy.Integer(-(a**n)),
                "negative_exponent_as_negative_number",
                "Un exposant négatif ne rend pas le nombre négatif : il donne l'inverse. "
                f"{shown.written} = 1/{power(a, n).written}.",
            ),
            (
                sympy.Integer(-a * n),
                "multiplied_by_exponent",
                f"{shown.written}, ce n'est pas {a} × ({-n}) : c'est 1/{power(a, n).written}.",
            ),
            (
                sympy.Integer(a**n),
                "dropped_the_minus",
                f"Tu as calculé {power(a, n).written}. Avec l'exposant négatif, "
                f"on prend l'inverse : 1/{a**n}.",
            ),
        ),
    )


RULES = {
    1: "aᵐ × aᵖ = aᵐ⁺ᵖ : on additionne les exposants.",
    2: "aᵐ ÷ aᵖ = aᵐ⁻ᵖ : on soustrait les exposants.",
    3: "(aᵐ)ᵖ = aᵐᵖ : on multiplie les exposants.",
}


@register("powers.rules", topic="puissances", domain="nombres_calculs")
def rules(rng: random.Random, level: int) -> Draft:
    """aᵐ × aᵖ = aⁿ (level 1), aᵐ ÷ aᵖ = aⁿ (level 2), (aᵐ)ᵖ = aⁿ (level 3): find n."""
    a = rng.choice((2, 3, 5, 7, 10))
    m, p = rng.sample(range(2, 10), 2)
    if level == 2 and m < p:
        m, p = p, m
    if level == 3:
        m, p = rng.choice([(m, p) for m in range(2, 6) for p in range(2, 5) if m * p != m**p])
    rule = RULES[level]
    left = power(a, m)
    if level == 1:
        n = m + p
        given = Text(
            f"{left.written} × {power(a, p).written}", f"{left.spoken} fois {power(a, p).spoken}"
        )
    elif level == 2:
        n = m - p
        given = Text(
            f"{left.written} ÷ {power(a, p).written}",
            f"{left.spoken} divisé par {power(a, p).spoken}",
        )
    else:
        n = m * p
        given = Text(
            f"({left.written}){exponent(p).written}", f"{left.spoken}, le tout {exponent(p).spoken}"
        )
    result = Text(f"{number(a).written}ⁿ", f"{number(a).spoken} puissance n")
    misconceptions = {
        1: [
            (
                m * p,
                "multiplied_exponents",
                "Tu as multiplié les exposants. Pour un produit de "
                "puissances du même nombre, on additionne les exposants.",
            ),
            (
                abs(m - p),
                "subtracted_exponents",
                "Tu as soustrait les exposants : c'est pour "
                "une division. Pour un produit, on les additionne.",
            ),
        ],
        2: [
            (
                m + p,
                "added_exponents",
                "Tu as additionné les exposants : c'est pour un produit. "
                "Pour une division, on les soustrait.",
            ),
            (
                p - m,
                "subtracted_backwards",
                f"Tu as soustrait dans le mauvais sens : c'est "
                f"{m} − {p}, l'exposant du haut moins celui du bas.",
            ),
            (
                sympy.Rational(m, p),
                "divided_exponents",
                "Tu as divisé les exposants. Pour une "
                "division de puissances du même nombre, on soustrait les exposants.",
            ),
        ],
        3: [
            (
                m + p,
                "added_exponents",
                "Tu as additionné les exposants. Une puissance de "
                "puissance, c'est une multiplication répétée : on multiplie les exposants.",
            ),
            (
                m**p,
                "power_of_exponents",
                f"Tu as calculé {m} puissance {p}. Il faut multiplier les exposants : {m} × {p}.",
            ),
        ],
    }[level]
    written_rule = {1: f"{m} + {p}", 2: f"{m} − {p}", 3: f"{m} × {p}"}[level]
    return Draft(
        skill="nombres_calculs.puissances.regles",
        text=render("On a {e}. Quelle est la valeur de n ?", e=relation(given, "=", result)),
        expected=sympy.Integer(n),
        kind="solution",
        variable=EXPONENT_VARIABLE,
        hints=(
            "Tous les nombres ont la même base : regarde seulement les exposants.",
            rule,
            f"n = {written_rule}.",
        ),
        solution=f"{rule} Donc n = {written_rule} = {n}.",
        misconceptions=tuple((sympy.sympify(v), code, text) for v, code, text in misconceptions),
    )

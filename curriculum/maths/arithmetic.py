"""Arithmetic: listing the divisors of a number, and decomposing it into prime factors.

Divisors come in pairs (3 × 4 = 12 gives 3 and 4): students who stop halfway, or forget 1 and
the number itself, are told so. A decomposition must be a product of primes: « 4 × 15 » equals
60 but is not one, and the checker says which factor is not prime.
"""

from __future__ import annotations

import math
import random
from functools import cache

import sympy

from curriculum.maths.items import Draft, Text, number, number_list, prime_product, register

DIVISOR_RANGES = {1: (6, 30), 2: (30, 100), 3: (100, 200)}
PRIMES = {1: (2, 3, 5), 2: (2, 3, 5, 7), 3: (2, 3, 5, 7, 11)}
LARGEST = {1: 80, 2: 300, 3: 1000}


@cache
def _with_many_divisors(level: int) -> tuple[int, ...]:
    """Numbers of the level's range with at least 4, 6 or 8 divisors: fewer make a dull list."""
    low, high = DIVISOR_RANGES[level]
    least = {1: 4, 2: 6, 3: 8}[level]
    return tuple(k for k in range(low, high + 1) if len(sympy.divisors(k)) >= least)


@register("arithmetic.divisors", topic="arithmetique", domain="nombres_calculs")
def divisors(rng: random.Random, level: int) -> Draft:
    """All divisors of n; n has at least four of them, more at higher levels."""
    n = rng.choice(_with_many_divisors(level))
    found = sympy.divisors(n)
    pairs = [(d, n // d) for d in found if d * d <= n]
    shown_pairs = ", ".join(f"{a} × {b}" if a != b else f"{a} × {a}" for a, b in pairs)
    small = [d for d in found if d * d <= n]
    return Draft(
        skill="nombres_calculs.arithmetique.diviseurs",
        text=Text(
            f"Donne tous les diviseurs de {n}. Sépare-les par des points-virgules.",
            f"Donne tous les diviseurs de {number(n).spoken}.",
        ),
        expected=sympy.FiniteSet(*found),
        kind="number_list",
        hints=(
            f"Un diviseur de {n}, c'est un nombre qui tombe juste quand on divise {n} par lui. "
            "N'oublie pas 1 et le nombre lui-même.",
            f"Les diviseurs vont par paires : si a × b = {n}, alors a et b sont tous les deux "
            f"des diviseurs. Essaie 1, 2, 3… jusqu'à ce que a dépasse b.",
            f"Les paires : {shown_pairs}.",
        ),
        solution=(f"{shown_pairs}. Les diviseurs de {n} sont donc : {number_list(found).written}."),
        misconceptions=(
            (
                sympy.FiniteSet(*found[1:-1]),
                "forgot_one_and_itself",
                f"Il manque 1 et {n} : tout nombre est divisible par 1 et par lui-même.",
            ),
            (
                sympy.FiniteSet(*small),
                "stopped_halfway",
                "Il manque la deuxième moitié : les diviseurs vont par paires. "
                f"Par exemple, {pairs[-1][0]} × {pairs[-1][1]} = {n}, "
                f"donc {pairs[-1][1]} est aussi un diviseur.",
            ),
        ),
    )


def _composite(rng: random.Random, level: int) -> int:
    """A number below LARGEST with two different primes at least, one of them repeated."""
    primes = PRIMES[level]
    while True:
        n = 1
        for _ in range(rng.randint(3, 5 if level == 3 else 4)):
            n *= rng.choice(primes)
        factors = sympy.factorint(n)
        if n <= LARGEST[level] and len(factors) >= 2 and max(factors.values()) >= 2:
            return n


@register("arithmetic.prime_factors", topic="arithmetique", domain="nombres_calculs")
def prime_factors(rng: random.Random, level: int) -> Draft:
    """n as a product of primes, e.g. 360 = 2³ × 3² × 5."""
    n = _composite(rng, level)
    factors = sympy.factorint(n)
    repeated = min(p for p, k in factors.items() if k >= 2)
    single = max(factors)
    ladder, rest = [], n
    for p in sorted(factors):
        while rest % p == 0:
            ladder.append(f"{rest} = {p} × {rest // p}")
            rest //= p
    answer = prime_product(n).written
    return Draft(
        skill="nombres_calculs.arithmetique.decomposer",
        text=Text(
            f"Décompose {n} en produit de facteurs premiers.",
            f"Décompose {number(n).spoken} en produit de facteurs premiers.",
        ),
        expected=sympy.Integer(n),
        kind="prime_factors",
        hints=(
            "Un nombre premier n'a que deux diviseurs : 1 et lui-même (2, 3, 5, 7, 11…).",
            "Divise par 2 tant que tu peux, puis par 3, puis par 5, puis par 7… "
            "Garde tous les diviseurs que tu as utilisés.",
            f"On commence : {ladder[0]}.",
        ),
        solution=f"{' ; '.join(ladder[:-1])}. Donc {n} = {answer}.",
        misconceptions=(
            (
                sympy.Integer(n // repeated),
                "forgot_repeated_factor",
                f"Il manque un facteur {repeated} : quand un nombre premier revient plusieurs "
                "fois, on le compte chaque fois (avec un exposant). Vérifie en recalculant le "
                "produit.",
            ),
            (
                sympy.Integer(n * repeated),
                "one_factor_too_many",
                f"Il y a un facteur {repeated} de trop : recalcule ton produit, il doit redonner "
                f"{n}.",
            ),
            (
                sympy.Integer(n // single),
                "missing_prime",
                f"Ton produit ne redonne pas {n} : il manque le facteur {single}.",
            ),
            (
                sympy.Integer(math.prod(factors)),
                "exponents_forgotten",
                "Chaque facteur premier est là, mais pas le bon nombre de fois : "
                "regarde les exposants.",
            ),
        ),
    )

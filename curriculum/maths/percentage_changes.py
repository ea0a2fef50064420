"""Percentage changes with the multiplier: a rise of t % multiplies by 1 + t/100, a fall by
1 − t/100; two changes multiply; going back to the start divides.

The misconceptions are the ones that survive into seconde: giving only t/100, going the wrong
way, adding percentages (+20 % then −20 % is not « no change »), and undoing a rise of 25 % by
taking 25 % off the new price.
"""

from __future__ import annotations

import random

import sympy

from curriculum.maths.items import Draft, Text, number, register, render

SKILL = "nombres_calculs.pourcentages.coefficient_multiplicateur"
RATES = (5, 10, 12, 15, 20, 25, 30, 40, 50, 60, 75)


def _change(rate: int, direction: int) -> Text:
    """« une hausse de 15 % » / « une baisse de 15 % »."""
    word = "hausse" if direction > 0 else "baisse"
    return render("une {w} de {p}", w=word, p=number(rate, "%"))


def _coefficient(rate: int, direction: int) -> sympy.Rational:
    return 1 + direction * sympy.Rational(rate, 100)


def _shown(value: sympy.Expr, unit: str | None = None) -> str:
    return number(value, unit).written


@register("percentages.multiplier", topic="pourcentages", domain="nombres_calculs")
def multiplier(rng: random.Random, level: int) -> Draft:
    """Level 1: the multiplier of one change. Level 2: of two changes in a row. Level 3: the
    price before a change, from the price after it."""
    if level == 2:
        return _two_changes(rng)
    if level == 3:
        return _price_before(rng)
    rate, direction = rng.choice(RATES), rng.choice((1, -1))
    change = _change(rate, direction)
    coefficient = _coefficient(rate, direction)
    sign = "+" if direction > 0 else "−"
    misconceptions: list[tuple[sympy.Expr, str, str]] = [
        (
            sympy.Rational(rate, 100),
            "forgot_the_one",
            f"Tu as donné seulement {rate} % sous forme décimale. Le prix de départ compte "
            f"aussi : 1 {sign} {_shown(sympy.Rational(rate, 100))}.",
        ),
        (
            _coefficient(rate, -direction),
            "wrong_direction",
            f"Attention au sens : c'est une {'hausse' if direction > 0 else 'baisse'}, donc on "
            f"multiplie par un nombre {'plus grand' if direction > 0 else 'plus petit'} que 1.",
        ),
    ]
    misconceptions.append(
        (
            sympy.Integer(rate),
            "gave_the_rate",
            "Tu as donné le pourcentage lui-même. On cherche le nombre par lequel on multiplie "
            f"le prix : 1 {sign} {_shown(sympy.Rational(rate, 100))}.",
        )
    )
    if rate < 10:
        misconceptions.append(
            (
                1 + direction * sympy.Rational(rate, 10),
                "percent_as_tenths",
                f"{rate} % = {_shown(sympy.Rational(rate, 100))}, pas "
                f"{_shown(sympy.Rational(rate, 10))} : on divise par 100.",
            )
        )
    return Draft(
        skill=SKILL,
        text=render(
            "Un prix subit {c}. Par quel nombre multiplie-t-on le prix pour obtenir le "
            "nouveau prix ?",
            c=change,
        ),
        expected=coefficient,
        kind="number",
        hints=(
            "Le nouveau prix, c'est le prix de départ (100 %), "
            f"{'plus' if direction > 0 else 'moins'} la {'hausse' if direction > 0 else 'baisse'}.",
            f"Le coefficient multiplicateur est 1 {sign} t/100, où t est le pourcentage.",
            f"{rate} % = {rate}/100 = {_shown(sympy.Rational(rate, 100))}.",
        ),
        solution=(
            f"1 {sign} {_shown(sympy.Rational(rate, 100))} = {_shown(coefficient)}. "
            f"On multiplie le prix par {_shown(coefficient)}."
        ),
        misconceptions=tuple(misconceptions),
    )


def _two_changes(rng: random.Random) -> Draft:
    first, second = rng.choice(RATES[:8]), rng.choice(RATES[:8])
    directions = rng.choice(((1, -1), (-1, 1), (1, 1), (-1, -1)))
    c1, c2 = _coefficient(first, directions[0]), _coefficient(second, directions[1])
    total = c1 * c2
    added = 1 + sympy.Rational(directions[0] * first + directions[1] * second, 100)
    return Draft(
        skill=SKILL,
        text=render(
            "Le prix d'un jeu vidéo subit {a}, puis {b}. Par quel nombre le prix de départ "
            "est-il multiplié en tout ?",
            a=_change(first, directions[0]),
            b=_change(second, directions[1]),
        ),
        expected=total,
        kind="number",
        hints=(
            "Chaque évolution a son coefficient multiplicateur.",
            "Deux évolutions à la suite : on multiplie les deux coefficients. "
            "On n'additionne pas les pourcentages.",
            f"Les coefficients sont {_shown(c1)} et {_shown(c2)}.",
        ),
        solution=f"{_shown(c1)} × {_shown(c2)} = {_shown(total)}.",
        misconceptions=(
            (
                added,
                "added_percentages",
                "Tu as additionné les pourcentages. La deuxième évolution s'applique au "
                "nouveau prix, pas au prix de départ : on multiplie les coefficients.",
            ),
            (
                c1,
                "forgot_second_change",
                f"Tu t'es arrêté après la première évolution. Multiplie encore par {_shown(c2)}.",
            ),
            (
                c1 + c2,
                "added_coefficients",
                "Tu as additionné les coefficients. Deux évolutions à la suite, "
                "c'est multiplier par l'un, puis par l'autre.",
            ),
        ),
    )


def _price_before(rng: random.Random) -> Draft:
    rate, direction = rng.choice((10, 20, 25, 50)), rng.choice((1, -1))
    coefficient = _coefficient(rate, direction)
    step = int(coefficient.q)  # the old price is a multiple of this: the new one is whole
    old = step * rng.randint(max(1, 20 // step), 200 // step)
    new = old * coefficient
    verb = "augmenté" if direction > 0 else "baissé"
    return Draft(
        skill=SKILL,
        text=render(
            "Le prix d'un vélo a {v} de {p}. Il coûte maintenant {n}. Quel était son prix avant ?",
            v=verb,
            p=number(rate, "%"),
            n=number(new, "€"),
        ),
        expected=sympy.Integer(old),
        kind="number",
        unit="€",
        hints=(
            f"Le prix de départ a été multiplié par {_shown(coefficient)}.",
            f"Pour revenir en arrière, on fait l'opération inverse : on divise par "
            f"{_shown(coefficient)}.",
            f"Prix avant = {_shown(new, '€')} ÷ {_shown(coefficient)}.",
        ),
        solution=(
            f"Prix avant × {_shown(coefficient)} = {_shown(new, '€')}, donc prix avant = "
            f"{_shown(new)} ÷ {_shown(coefficient)} = {_shown(old, '€')}."
        ),
        misconceptions=(
            (
                new * _coefficient(rate, -direction),
                "reversed_percentage",
                f"Tu as appliqué {rate} % au nouveau prix. Mais les {rate} % portaient sur "
                f"l'ancien prix : il faut diviser par {_shown(coefficient)}.",
            ),
            (
                new * coefficient,
                "multiplied_instead_of_dividing",
                f"Tu as multiplié par {_shown(coefficient)}. Pour revenir au prix de départ, "
                "on divise.",
            ),
        ),
    )

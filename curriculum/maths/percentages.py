"""Percentage exercises: taking p % of a quantity, and (level 3) a price after a change.

Sales, phone plans and ticket discounts are where teenagers meet percentages; the classic errors
(forgetting to divide by 100, treating 20 % as 20 €, going the wrong way) each get a feedback.
"""

from __future__ import annotations

import math
import random

import sympy

from curriculum.maths.items import UNIT_WORDS, Draft, Text, number, register, render

PART_CONTEXTS = (
    {
        "text": "Un jean coûte {q}. Pendant les soldes, son prix baisse de {p}. "
        "Combien d'euros économises-tu ?",
        "unit": "€",
        "quantities": (20, 120),
    },
    {
        "text": "Ton forfait mobile contient {q} d'internet. Tu as déjà utilisé {p} du forfait. "
        "Combien de {units} as-tu utilisés ?",
        "unit": "Go",
        "quantities": (10, 200),
    },
    {
        "text": "Il y a {q} élèves de seconde dans ton lycée. Parmi eux, {p} mangent à la "
        "cantine. Combien d'élèves mangent à la cantine ?",
        "unit": None,
        "quantities": (100, 400),
    },
    {"text": "Calcule {p} de {q}.", "unit": None, "quantities": (20, 400)},
)

CHANGE_CONTEXTS = (
    {
        "text": "Une paire de baskets coûte {q}. Pendant les soldes, son prix baisse de {p}. "
        "Quel est le nouveau prix ?",
        "direction": -1,
        "prices": (40, 150),
    },
    {
        "text": "Ton abonnement de streaming coûte {q} par mois. Son prix augmente de {p}. "
        "Quel est le nouveau prix ?",
        "direction": 1,
        "prices": (8, 20),
    },
    {
        "text": "Une place de concert coûte {q}. Avec ta carte jeune, tu as une réduction de {p}. "
        "Combien paies-tu ?",
        "direction": -1,
        "prices": (20, 80),
    },
)

PART_RATES = {1: (10, 20, 25, 50), 2: (5, 8, 12, 15, 30, 35, 40, 60, 75)}
CHANGE_RATES = (5, 10, 15, 20, 25, 30, 40, 50)


def _percent_of(p: int, q: int) -> sympy.Rational:
    return sympy.Rational(p * q, 100)


@register("percentages.of_quantity", topic="pourcentages", domain="nombres_calculs")
def of_quantity(rng: random.Random, level: int) -> Draft:
    """p % of Q at levels 1-2; at level 3 the new price after a p % rise or fall."""
    if level == 3:
        return _after_change(rng)
    p = rng.choice(PART_RATES[level])
    context = rng.choice(PART_CONTEXTS)
    unit = context["unit"]
    low, high = context["quantities"]
    if level == 1 or unit is None:
        step = 100 // math.gcd(p, 100)  # a whole result: people are counted in whole numbers
        q = step * rng.randint(-(-low // step), high // step)
    else:
        q = rng.randint(low, high)
    part = _percent_of(p, q)
    percent, whole = number(p, "%"), number(q, unit)
    shown_part = number(part, unit).written
    return Draft(
        skill="nombres_calculs.pourcentages.appliquer",
        text=render(context["text"], p=percent, q=whole, units=_unit_name(unit)),
        expected=part,
        kind="number",
        unit=unit,
        hints=(
            f"{percent.written}, c'est {p} parts sur 100.",
            f"Pour calculer {percent.written} d'un nombre, multiplie-le par {p}, "
            "puis divise par 100.",
            f"{p} × {q} = {p * q}. Il reste à diviser par 100.",
        ),
        solution=(
            f"{percent.written} de {whole.written} = {p} × {q} ÷ 100 = {p * q} ÷ 100 "
            f"= {shown_part}."
        ),
        misconceptions=(
            (
                sympy.Integer(p * q),
                "forgot_divide_by_100",
                f"Tu as oublié de diviser par 100. {percent.written} de {q}, "
                f"c'est {p} × {q} ÷ 100.",
            ),
            (
                q - part,
                "computed_remaining_part",
                f"Tu as calculé ce qui reste quand on enlève {percent.written}. "
                f"La question demande les {percent.written} eux-mêmes.",
            ),
            (
                sympy.Rational(q, p),
                "divided_by_percentage",
                f"Tu as divisé {q} par {p}. Pour prendre {percent.written}, "
                f"on multiplie par {p}, puis on divise par 100.",
            ),
        ),
    )


def _unit_name(unit: str | None) -> Text:
    """« Go » on screen, « gigaoctets » aloud: a voice must not say « go »."""
    return Text(unit or "", UNIT_WORDS[unit][1] if unit else "")


def _after_change(rng: random.Random) -> Draft:
    context = rng.choice(CHANGE_CONTEXTS)
    direction = context["direction"]
    p = rng.choice(CHANGE_RATES)
    low, high = context["prices"]
    q = rng.choice([v for v in range(low, high + 1) if v != 100])  # at 100 €, p % = p €
    change = _percent_of(p, q)
    result = q + direction * change
    percent, price = number(p, "%"), number(q, "€")
    shown_change = number(change, "€").written
    verb, sign = ("baisse", "−") if direction < 0 else ("hausse", "+")
    move, back = (
        ("retire-la du", "la retirer du") if direction < 0 else ("ajoute-la au", "l'ajouter au")
    )
    return Draft(
        skill="nombres_calculs.pourcentages.evolution",
        text=render(context["text"], p=percent, q=price),
        expected=result,
        kind="number",
        unit="€",
        hints=(
            f"Commence par calculer la {verb} : {percent.written} de {price.written}.",
            f"Pour calculer {percent.written} d'un prix, multiplie-le par {p}, puis divise par "
            f"100. Ensuite, {move} prix de départ.",
            f"{percent.written} de {price.written} = {p} × {q} ÷ 100 = {shown_change}.",
        ),
        solution=(
            f"{verb.capitalize()} : {p} × {q} ÷ 100 = {shown_change}. "
            f"Nouveau prix : {price.written} {sign} {shown_change} "
            f"= {number(result, '€').written}."
        ),
        misconceptions=(
            (
                change,
                "only_the_change",
                f"Tu as calculé seulement la {verb} : {shown_change}. "
                f"Il faut encore {back} prix de départ, {price.written}.",
            ),
            (
                sympy.Integer(q + direction * p),
                "percent_as_euros",
                f"Attention : {percent.written}, ce n'est pas {p} €. "
                f"Calcule d'abord {percent.written} de {price.written}.",
            ),
            (
                q - direction * change,
                "wrong_direction",
                f"Attention au sens : c'est une {verb}, donc le nouveau prix est "
                f"{'plus petit' if direction < 0 else 'plus grand'} que {price.written}.",
            ),
        ),
    )

"""Fourth proportional in everyday situations: recipes, prices, babysitting pay, distances.

The key misconception is additive reasoning (« 2 œufs de plus, donc 2 g de farine de plus »);
the others are the usual slips of the cross product.
"""

from __future__ import annotations

import random

import sympy

from curriculum.maths.items import Draft, number, register, render

# Each context: the sentence with {a} → {b} and the asked {c}, the unit of b and of the answer,
# and a realistic range for the value per unit (grams of flour per egg, price of a ticket…).
CONTEXTS = (
    {
        "text": "Pour faire des crêpes, il faut {b} de farine pour {a} œufs. "
        "Combien de grammes de farine faut-il pour {c} œufs ?",
        "unit": "g",
        "per_unit": "pour un œuf",
        "range": (40, 80),
    },
    {
        "text": "Au cinéma, {a} places coûtent {b}. Combien coûtent {c} places ?",
        "unit": "€",
        "per_unit": "pour une place",
        "range": (6, 12),
    },
    {
        "text": "Tu fais du baby-sitting. Pour {a} heures, tu gagnes {b}. "
        "Combien gagnes-tu pour {c} heures ?",
        "unit": "€",
        "per_unit": "pour une heure",
        "range": (8, 15),
    },
    {
        "text": "Un train roule toujours à la même vitesse. Il parcourt {b} en {a} heures. "
        "Quelle distance parcourt-il en {c} heures ?",
        "unit": "km",
        "per_unit": "en une heure",
        "range": (60, 200),
    },
)


def _quantities(
    rng: random.Random, level: int, low: int, high: int
) -> tuple[int, int, sympy.Rational]:
    """(a, c, value per unit). Level 1: a whole value per unit. Level 2: a value per unit
    like 62,5 but whole quantities. Level 3: decimals everywhere, the answer included."""
    while True:
        if level == 1:
            a, c, denominator = rng.randint(2, 6), rng.randint(2, 10), 1
        elif level == 2:
            denominator = rng.randint(2, 4)
            a, c = denominator * rng.randint(1, 3), denominator * rng.randint(1, 4)
        else:
            a, c, denominator = rng.randint(3, 8), rng.randint(2, 12), rng.choice((4, 5, 10))
        ratio = sympy.Rational(rng.randint(low * denominator, high * denominator), denominator)
        if a == c or (level > 1 and ratio.is_Integer):
            continue
        if level < 3 or not (ratio * c).is_Integer:
            return a, c, ratio


@register("proportionality.fourth", topic="proportionnalite", domain="donnees")
def fourth(rng: random.Random, level: int) -> Draft:
    """Given a → b, find the quantity for c in a proportional situation."""
    context = rng.choice(CONTEXTS)
    unit = context["unit"]
    a, c, ratio = _quantities(rng, level, *context["range"])
    b, d = ratio * a, ratio * c
    given, shown_b, shown_d = number(b, unit), number(b).written, number(d, unit).written
    per_one = number(ratio, unit, "decimal")
    return Draft(
        skill="donnees.proportionnalite.quatrieme_proportionnelle",
        text=render(context["text"], a=number(a), b=given, c=number(c)),
        expected=d,
        kind="number",
        unit=unit,
        hints=(
            "C'est une situation de proportionnalité : si une quantité est multipliée par un "
            "nombre, l'autre est multipliée par le même nombre.",
            f"Tu peux calculer d'abord la valeur {context['per_unit']}, puis multiplier par {c}. "
            "Ou utiliser le produit en croix.",
            f"Produit en croix : {shown_b} × {c} ÷ {a}.",
        ),
        solution=(
            f"{shown_b} × {c} = {number(b * c).written}, puis {number(b * c).written} ÷ {a} "
            f"= {shown_d}."
            + (
                f" Vérification : {context['per_unit']}, c'est {per_one.written}, "
                f"et {per_one.written} × {c} = {shown_d}."
                if (ratio * 100).is_Integer
                else ""
            )
        ),
        misconceptions=(
            (
                b + (c - a),
                "additive_reasoning",
                f"Tu as ajouté {c - a} parce que {c} = {a} + {c - a}. Mais ici, ce n'est pas "
                "une addition : si une quantité est multipliée par un nombre, l'autre est "
                "multipliée par le même nombre.",
            )
            if c > a
            else (
                b - (a - c),
                "additive_reasoning",
                f"Tu as enlevé {a - c} parce que {c} = {a} − {a - c}. Mais ici, on ne soustrait "
                "pas : si une quantité est divisée par un nombre, l'autre est divisée par le "
                "même nombre.",
            ),
            (
                a * c / b,
                "wrong_cross_product",
                f"Tu as mal placé les nombres dans le produit en croix. "
                f"Le bon calcul : {shown_b} × {c} ÷ {a}.",
            ),
            (
                b * c,
                "forgot_division",
                f"Tu as calculé {shown_b} × {c}, c'est bien. Il reste à diviser par {a}.",
            ),
            (
                ratio,
                "stopped_at_unit_value",
                f"Tu as trouvé la valeur {context['per_unit']}. Il reste à multiplier par {c}.",
            ),
        ),
    )

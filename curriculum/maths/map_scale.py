"""Scales on maps and plans: from the map to the real distance, and back.

A scale « 1/25000 » means 1 cm on the map is 25000 cm for real; the difficulty is almost never
the multiplication but the unit conversion that follows, so the misconceptions are a forgotten
conversion, a conversion by the wrong power of ten, and a division in the wrong direction.
"""

from __future__ import annotations

import random

import sympy

from curriculum.maths.items import Draft, Text, int_words, number, register, render
from curriculum.maths.wording import unit_name

# level: (scales, unit of the real distance, centimetres in that unit)
SETTINGS = {
    1: ((100, 200, 250, 500), "m", 100),
    2: ((10_000, 20_000, 25_000, 50_000), "km", 100_000),
    3: ((10_000, 20_000, 25_000, 50_000), "km", 100_000),
}


def _scale(denominator: int) -> Text:
    """« 1/25000 » / « un sur vingt-cinq mille »."""
    return Text(f"1/{denominator}", f"un sur {int_words(denominator)}")


@register("map_scale.distance", topic="proportionnalite", domain="donnees")
def distance(rng: random.Random, level: int) -> Draft:
    """Level 1: a plan of a flat, real length in metres. Level 2: a hiking map, real distance
    in km. Level 3: the distance to draw on the map for a real distance in km."""
    scales, unit, per_unit = SETTINGS[level]
    scale = rng.choice(scales)
    while True:
        on_map = sympy.Rational(rng.randint(2, 40), 2)  # half-centimetres, as on a ruler
        real = on_map * scale / per_unit
        if (real * 100).is_Integer and on_map * scale < 10**6:
            break
    given_scale = _scale(scale)
    relation = f"1 cm sur {'le plan' if level == 1 else 'la carte'} représente {scale} cm en vrai"
    to_unit = f"1 {unit} = {per_unit} cm"
    if level < 3:
        what = "un plan d'appartement" if level == 1 else "une carte de randonnée"
        text = render(
            "Sur {w} à l'échelle {s}, une longueur mesure {m}. Quelle est la longueur réelle, "
            "en {u} ?",
            w=what,
            s=given_scale,
            m=number(on_map, "cm"),
            u=unit_name(unit),
        )
        expected, answer_unit = real, unit
        in_cm = on_map * scale
        steps = (
            f"{number(on_map).written} × {scale} = {number(in_cm).written} cm",
            f"{number(in_cm).written} cm = {number(real).written} {unit}",
        )
        errors = (
            (
                in_cm,
                "forgot_conversion",
                f"Tu as trouvé la longueur réelle en centimètres. On la demande en {unit} : "
                f"{to_unit}.",
            ),
            (
                on_map / scale,
                "divided_by_scale",
                f"Tu as divisé. En vrai, c'est plus grand : {relation}, donc on multiplie.",
            ),
            (
                real * 10 if level == 1 else real * 100,
                "wrong_conversion",
                f"La conversion n'est pas la bonne : {to_unit}.",
            ),
        )
    else:
        text = render(
            "Deux villages sont à {r} l'un de l'autre, à vol d'oiseau. Sur une carte à "
            "l'échelle {s}, quelle distance les sépare, en {u} ?",
            r=number(real, unit),
            s=given_scale,
            u=unit_name("cm"),
        )
        expected, answer_unit = on_map, "cm"
        in_cm = real * per_unit
        steps = (
            f"{number(real).written} km = {number(in_cm).written} cm",
            f"{number(in_cm).written} ÷ {scale} = {number(on_map).written} cm",
        )
        errors = (
            (
                real / scale,
                "forgot_conversion",
                f"Tu as divisé des kilomètres. Convertis d'abord en centimètres : {to_unit}.",
            ),
            (
                real * 1000 / scale,
                "converted_to_metres",
                f"Tu as converti en mètres. La carte est en centimètres : {to_unit}.",
            ),
            (
                real * scale,
                "multiplied_by_scale",
                "Tu as multiplié. Sur la carte, c'est plus petit qu'en vrai : on divise par "
                f"{scale}.",
            ),
        )
    return Draft(
        skill="donnees.proportionnalite.echelle",
        text=text,
        expected=expected,
        kind="number",
        unit=answer_unit,
        hints=(
            f"L'échelle {given_scale.written} veut dire : {relation}.",
            f"Calcule en centimètres, puis convertis. Rappel : {to_unit}.",
            f"{steps[0]}.",
        ),
        solution=f"{steps[0]}, et {steps[1]}.",
        misconceptions=errors,
    )

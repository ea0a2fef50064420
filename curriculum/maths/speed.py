"""Average speed: v = d ÷ t, then a distance and a duration where minutes must be converted.

The trap of the seconde year is the duration: 45 min is 0,75 h, not 0,45 h, and 0,75 h is
45 min, not 75 min. Those two slips are named in the feedback.
"""

from __future__ import annotations

import random

import sympy

from curriculum.maths.items import Draft, Text, int_words, number, register, render
from curriculum.maths.wording import unit_name

MINUTES = (15, 20, 30, 40, 45, 12, 36, 90)
TRIPS = (
    ("Un car", (40, 90)),
    ("Un cycliste", (12, 30)),
    ("Un train", (80, 200)),
    ("Une voiture", (50, 130)),
)


def _hours(minutes: int) -> sympy.Rational:
    return sympy.Rational(minutes, 60)


def _duration(minutes: int) -> Text:
    return Text(f"{minutes} min", f"{int_words(minutes)} minutes")


@register("speed.average", topic="proportionnalite", domain="donnees")
def average(rng: random.Random, level: int) -> Draft:
    """Level 1: a speed from a distance and whole hours. Level 2: a distance travelled in some
    minutes. Level 3: a duration in minutes."""
    who, (low, high) = rng.choice(TRIPS)
    if level == 1:
        hours = rng.randint(2, 5)
        speed = rng.randint(low, high)
        distance = speed * hours
        text = render(
            "{w} parcourt {d} en {h}, à vitesse constante. Quelle est sa vitesse en {u} ?",
            w=who,
            u=unit_name("km/h"),
            d=number(distance, "km"),
            h=number(hours, "h"),
        )
        return Draft(
            skill="donnees.proportionnalite.vitesse",
            text=text,
            expected=sympy.Integer(speed),
            kind="number",
            unit="km/h",
            hints=(
                "La vitesse en km/h, c'est la distance parcourue en une heure.",
                "Vitesse = distance ÷ durée.",
                f"Calcule {distance} ÷ {hours}.",
            ),
            solution=f"Vitesse = {distance} km ÷ {hours} h = {speed} km/h.",
            misconceptions=(
                (
                    sympy.Integer(distance * hours),
                    "multiplied_distance_by_time",
                    "Tu as multiplié la distance par la durée. La vitesse, c'est la distance "
                    "divisée par la durée.",
                ),
                (
                    sympy.Rational(hours, distance),
                    "divided_time_by_distance",
                    "Tu as divisé la durée par la distance. C'est l'inverse : distance ÷ durée.",
                ),
            ),
        )
    while True:  # a distance with at most one decimal, as on a road sign or a GPS
        minutes = rng.choice(MINUTES)
        speed = rng.randint(low // 6, high // 6) * 6 if level == 2 else rng.randint(low, high)
        distance = speed * _hours(minutes)
        if (distance * 10).is_Integer:
            break
    if level == 2:
        text = render(
            "{w} roule à {v} de moyenne pendant {m}. Quelle distance parcourt-il, en {u} ?",
            w=who,
            u=unit_name("km"),
            v=number(speed, "km/h"),
            m=_duration(minutes),
        )
        expected, unit = distance, "km"
        method = (
            f"Distance = vitesse × durée, avec la durée en heures : {minutes} min = {minutes}/60 h."
        )
        worked = f"{speed} × {minutes} ÷ 60"
        errors = (
            (
                sympy.Integer(speed * minutes),
                "minutes_as_hours",
                f"Tu as multiplié par {minutes} comme si c'étaient des heures. La vitesse est en "
                f"km par heure : convertis d'abord {minutes} min en heures ({minutes} ÷ 60).",
            ),
            (
                speed * sympy.Rational(minutes, 100),
                "minutes_as_decimal_hours",
                f"{minutes} min, ce n'est pas {number(sympy.Rational(minutes, 100)).written} h : "
                f"une heure compte 60 minutes, pas 100. {minutes} min = {minutes} ÷ 60 h.",
            ),
            (
                sympy.Rational(speed, minutes),
                "divided_speed_by_time",
                "Tu as divisé. Pour une distance, on multiplie la vitesse par la durée.",
            ),
        )
    else:
        text = render(
            "{w} roule à {v} de moyenne. Combien de minutes lui faut-il pour parcourir {d} ?",
            w=who,
            v=number(speed, "km/h"),
            d=number(distance, "km"),
        )
        expected, unit = sympy.Integer(minutes), "min"
        hours_value = _hours(minutes)
        method = "Durée = distance ÷ vitesse : tu obtiens des heures, puis tu convertis en minutes."
        worked = (
            f"{number(distance).written} ÷ {speed} = {number(hours_value).written} h, "
            f"et {number(hours_value).written} × 60"
        )
        errors = (
            (
                hours_value,
                "gave_hours",
                f"Tu as trouvé la durée en heures, {number(hours_value).written} h. On la "
                "demande en minutes : multiplie par 60.",
            ),
            (
                hours_value * 100,
                "decimal_hours_as_minutes",
                f"{number(hours_value).written} h, ce n'est pas "
                f"{number(hours_value * 100).written} min : une heure compte 60 minutes. "
                f"Multiplie par 60.",
            ),
            (
                speed / distance * 60,
                "divided_speed_by_distance",
                "Tu as divisé la vitesse par la distance. La durée, c'est distance ÷ vitesse.",
            ),
        )
    return Draft(
        skill="donnees.proportionnalite.vitesse",
        text=text,
        expected=expected,
        kind="number",
        unit=unit,
        hints=(
            "Une vitesse en km/h dit combien de kilomètres on fait en une heure.",
            method,
            f"Calcule {worked}.",
        ),
        solution=f"{method} {worked} = {number(expected, unit).written}.",
        misconceptions=errors,
    )

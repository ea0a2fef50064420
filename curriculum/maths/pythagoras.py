"""Pythagorean theorem: the hypotenuse, or (levels 2-3) another side, of a right triangle.

The triangle is always described in words (which vertex holds the right angle, which lengths
are known): a student using a screen reader gets everything a figure would show. Non-integer
lengths are asked rounded to the tenth; the exact root is accepted too.
"""

from __future__ import annotations

import random

import sympy

from curriculum.maths.items import TENTH, Draft, Text, number, register

TRIPLES = ((3, 4, 5), (6, 8, 10), (5, 12, 13), (8, 15, 17), (9, 12, 15), (12, 16, 20), (7, 24, 25))
TRIANGLES = ("ABC", "DEF", "MNP", "RST", "IJK", "EFG")


def _sides(rng: random.Random) -> tuple[str, str, str, str, str]:
    """Triangle, right-angle vertex, its two sides, the hypotenuse: ABC, B, AB, BC, AC."""
    letters = rng.choice(TRIANGLES)
    right = rng.choice(letters)
    first, second = (v for v in letters if v != right)

    def segment(p: str, q: str) -> str:  # in the triangle's letter order: AB, not BA
        return p + q if letters.index(p) < letters.index(q) else q + p

    return letters, right, segment(right, first), segment(right, second), segment(first, second)


def _spell(segment: str) -> str:
    """« AB » is read « A B » by text-to-speech, not as a word."""
    return " ".join(segment)


def _length(segment: str, value: sympy.Expr, unit: str) -> Text:
    shown = number(value, unit)
    return Text(f"{segment} = {shown.written}", f"{_spell(segment)} mesure {shown.spoken}")


def _square(value: sympy.Expr) -> str:
    return number(value**2).written


@register("pythagoras.hypotenuse_or_side", topic="pythagore", domain="geometrie")
def hypotenuse_or_side(rng: random.Random, level: int) -> Draft:
    """Level 1: hypotenuse from a Pythagorean triple. Level 2: a side from a triple, or a
    rounded hypotenuse. Level 3: a rounded side, sometimes a ladder against a wall."""
    if level == 1 or (level == 2 and rng.random() < 0.5):
        legs = list(rng.choice(TRIPLES)[:2])
        if level == 2:  # a rounded hypotenuse
            while True:
                legs = [rng.randint(2, 12), rng.randint(2, 12)]
                if not sympy.sqrt(legs[0] ** 2 + legs[1] ** 2).is_Integer:
                    break
        rng.shuffle(legs)
        return _hypotenuse(rng, sympy.Integer(legs[0]), sympy.Integer(legs[1]))
    if level == 2:
        triple = rng.choice(TRIPLES)
        return _side(rng, sympy.Integer(triple[2]), sympy.Integer(rng.choice(triple[:2])))
    if rng.random() < 0.5:
        return _ladder(rng)
    while True:
        hypotenuse = rng.randint(5, 15)
        known = rng.randint(2, hypotenuse - 1)
        if not sympy.sqrt(hypotenuse**2 - known**2).is_Integer:
            return _side(rng, sympy.Integer(hypotenuse), sympy.Integer(known))


def _rounding(value: sympy.Expr) -> tuple[str, float | None]:
    """The rounding request and tolerance when the exact length is not a whole number."""
    if value.is_Integer:
        return "", None
    return " Donne une valeur arrondie au dixième.", TENTH


def _result(segment: str, squared: sympy.Expr, value: sympy.Expr, unit: str) -> str:
    """« BC = √34 ≈ 5,8 cm » or « BC = √25 = 5 cm »."""
    root = f"{segment} = √{number(squared).written}"
    if value.is_Integer:
        return f"{root} = {number(value, unit).written}."
    return f"{root} ≈ {number(value, unit, 'rounded').written}."


def _hypotenuse(rng: random.Random, leg1: sympy.Expr, leg2: sympy.Expr) -> Draft:
    triangle, right, side1, side2, hyp = _sides(rng)
    unit = "cm"
    squared = leg1**2 + leg2**2
    value = sympy.sqrt(squared)
    rounding, tolerance = _rounding(value)
    lengths = (_length(side1, leg1, unit), _length(side2, leg2, unit))
    text = _triangle_text(triangle, right, lengths, hyp, rounding)
    sum_line = f"{hyp}² = {_square(leg1)} + {_square(leg2)} = {number(squared).written}"
    return Draft(
        skill="geometrie.pythagore.hypotenuse",
        text=text,
        expected=value,
        kind="number",
        unit=unit,
        tolerance=tolerance,
        hints=(
            f"Le côté {hyp} est en face de l'angle droit : c'est l'hypoténuse.",
            f"D'après le théorème de Pythagore : {hyp}² = {side1}² + {side2}². "
            "Calcule, puis prends la racine carrée.",
            f"{sum_line}.",
        ),
        solution=(
            f"Le triangle est rectangle en {right}, donc d'après le théorème de Pythagore : "
            f"{hyp}² = {side1}² + {side2}². {sum_line}. {_result(hyp, squared, value, unit)}"
        ),
        misconceptions=(
            (
                squared,
                "forgot_square_root",
                f"Tu as trouvé {hyp}² = {number(squared).written}. Il reste une étape : "
                f"{hyp} = √{number(squared).written}.",
            ),
            (
                leg1 + leg2,
                "added_lengths",
                "Tu as additionné les longueurs. Avec Pythagore, on additionne les carrés : "
                f"{hyp}² = {side1}² + {side2}².",
            ),
            (
                sympy.sqrt(abs(leg1**2 - leg2**2)),
                "subtracted_squares",
                f"{hyp} est l'hypoténuse : c'est le plus long côté. On additionne les carrés, "
                "on ne les soustrait pas.",
            ),
        ),
    )


def _triangle_text(
    triangle: str, right: str, known: tuple[Text, Text], wanted: str, rounding: str
) -> Text:
    first, second = known
    return Text(
        f"Le triangle {triangle} est rectangle en {right}. On sait que {first.written} "
        f"et {second.written}. Calcule la longueur {wanted}.{rounding}",
        f"Le triangle {_spell(triangle)} est rectangle en {right}. On sait que "
        f"{first.spoken} et {second.spoken}. Calcule la longueur {_spell(wanted)}.{rounding}",
    )


def _side(rng: random.Random, hypotenuse: sympy.Expr, known: sympy.Expr) -> Draft:
    triangle, right, wanted, other, hyp = _sides(rng)
    unit = "cm"
    lengths = (_length(hyp, hypotenuse, unit), _length(other, known, unit))
    rounding, _ = _rounding(sympy.sqrt(hypotenuse**2 - known**2))
    text = _triangle_text(triangle, right, lengths, wanted, rounding)
    return _side_draft(text, (wanted, other, hyp), hypotenuse, known, unit)


def _ladder(rng: random.Random) -> Draft:
    """A ladder against a wall: the wall and the floor make the right angle."""
    ladder = sympy.Integer(rng.randint(3, 6))
    foot = sympy.Rational(rng.randint(2, 4 * int(ladder) // 3), 2)
    rounding, _ = _rounding(sympy.sqrt(ladder**2 - foot**2))
    template = (
        "Une échelle de {l} est posée contre un mur vertical. Son pied P est sur le sol "
        "horizontal, à {f} du mur. Son haut H touche le mur. M est le point au pied du mur. "
        "Le triangle {t} est rectangle en M. Calcule la hauteur {h}.{r}"
    )
    ladder_text, foot_text = number(ladder, "m"), number(foot, "m")
    text = Text(
        template.format(l=ladder_text.written, f=foot_text.written, t="HMP", h="MH", r=rounding),
        template.format(
            l=ladder_text.spoken, f=foot_text.spoken, t=_spell("HMP"), h=_spell("MH"), r=rounding
        ),
    )
    return _side_draft(text, ("MH", "MP", "PH"), ladder, foot, "m")


def _side_draft(
    text: Text,
    names: tuple[str, str, str],
    hypotenuse: sympy.Expr,
    known: sympy.Expr,
    unit: str,
) -> Draft:
    """A side of the right angle: c² − a², the step students most often turn into a sum."""
    wanted, other, hyp = names
    squared = hypotenuse**2 - known**2
    value = sympy.sqrt(squared)
    difference = f"{_square(hypotenuse)} − {_square(known)} = {number(squared).written}"
    return Draft(
        skill="geometrie.pythagore.cote",
        text=text,
        expected=value,
        kind="number",
        unit=unit,
        tolerance=_rounding(value)[1],
        hints=(
            f"L'hypoténuse est {hyp} : c'est le côté en face de l'angle droit. "
            "Tu cherches un autre côté.",
            f"Pythagore : {hyp}² = {wanted}² + {other}². Donc {wanted}² = {hyp}² − {other}².",
            f"{wanted}² = {difference}.",
        ),
        solution=(
            f"D'après le théorème de Pythagore : {hyp}² = {wanted}² + {other}². "
            f"Donc {wanted}² = {difference}. {_result(wanted, squared, value, unit)}"
        ),
        misconceptions=(
            (
                squared,
                "forgot_square_root",
                f"Tu as trouvé {wanted}² = {number(squared).written}. Il reste une étape : "
                f"{wanted} = √{number(squared).written}.",
            ),
            (
                sympy.sqrt(hypotenuse**2 + known**2),
                "added_squares_for_side",
                f"Tu as additionné les carrés. Mais {hyp} est l'hypoténuse, le plus long côté : "
                f"{wanted}² = {hyp}² − {other}².",
            ),
            (
                hypotenuse - known,
                "subtracted_lengths",
                "Tu as soustrait les longueurs. Avec Pythagore, on travaille avec les carrés : "
                f"{wanted}² = {hyp}² − {other}².",
            ),
        ),
    )

"""Trigonometry in a right triangle: a side from an angle, or an angle from two sides.

The triangle is described in words: where the right angle is, which angle is known, and for
each given side whether it is the hypotenuse, the side adjacent to the angle or the opposite
side is left to the student (that choice is the skill). The misconceptions are the classic
ones: the wrong ratio (« tu as utilisé le cosinus au lieu du sinus »), a calculator left in
radians, multiplying where one must divide, and stopping at the ratio instead of the angle.
"""

from __future__ import annotations

import math
import random

import sympy

from curriculum.maths.items import TENTH, Draft, Text, number, register
from curriculum.maths.wording import ROUNDING, join, length, spell

TRIANGLES = ("ABC", "DEF", "MNP", "RST", "IJK", "EFG")
NAMES = {"cos": "le cosinus", "sin": "le sinus", "tan": "la tangente"}
INSTEAD = {"cos": "du cosinus", "sin": "du sinus", "tan": "de la tangente"}
FUNCTIONS = {"cos": math.cos, "sin": math.sin, "tan": math.tan}
INVERSES = {"cos": math.acos, "sin": math.asin, "tan": math.atan}
# Which sides each ratio uses: (numerator, denominator).
RATIOS = {"cos": ("adj", "hyp"), "sin": ("opp", "hyp"), "tan": ("opp", "adj")}
RULES = {
    "cos": "côté adjacent / hypoténuse",
    "sin": "côté opposé / hypoténuse",
    "tan": "côté opposé / côté adjacent",
}


def _triangle(rng: random.Random) -> tuple[str, str, str, dict[str, str]]:
    """Triangle, right-angle vertex, angle vertex, and the sides seen from that angle."""
    letters = rng.choice(TRIANGLES)
    right, vertex = rng.sample(letters, 2)
    third = next(v for v in letters if v not in (right, vertex))

    def segment(p: str, q: str) -> str:  # in the triangle's letter order: AB, not BA
        return p + q if letters.index(p) < letters.index(q) else q + p

    angle = (
        third + vertex + right
        if letters.index(third) < letters.index(right)
        else (right + vertex + third)
    )
    sides = {
        "hyp": segment(vertex, third),
        "adj": segment(vertex, right),
        "opp": segment(third, right),
    }
    return letters, right, angle, sides


def _exact(value: float) -> sympy.Rational:
    """Six decimals: far finer than the tenth asked, and readable by the answer parser."""
    return sympy.Rational(f"{value:.6f}")


def _to_asked(degrees: float, level: int) -> sympy.Rational:
    """An angle as the question asks it: to the degree (levels 1-2) or to the tenth."""
    return sympy.Integer(round(degrees)) if level < 3 else _exact(degrees)


def _apply(known: sympy.Integer, ratio: float, level: int) -> float:
    """The unknown side is known × ratio, or (level 3, unknown in the denominator) ÷ ratio."""
    return float(known) * ratio if level < 3 else float(known) / ratio


def _intro(letters: str, right: str) -> Text:
    return Text(
        f"Le triangle {letters} est rectangle en {right}.",
        f"Le triangle {spell(letters)} est rectangle en {right}.",
    )


@register("trigonometry.side", topic="trigonometrie", domain="geometrie")
def side(rng: random.Random, level: int) -> Draft:
    """Level 1: adjacent side = hypotenuse × cos. Level 2: with sin or tan. Level 3: the
    unknown is in the denominator (hypotenuse = adjacent ÷ cos …)."""
    letters, right, angle, sides = _triangle(rng)
    function = "cos" if level == 1 else rng.choice(("cos", "sin", "tan"))
    top, bottom = RATIOS[function]
    degrees = rng.choice([d for d in range(20, 71) if abs(d - 45) > 3])
    known_side, wanted_side = (bottom, top) if level < 3 else (top, bottom)
    known = sympy.Integer(rng.randint(4, 15))
    ratio = FUNCTIONS[function](math.radians(degrees))
    expected = _exact(_apply(known, ratio, level))
    given, wanted = sides[known_side], sides[wanted_side]
    angle_text = number(degrees, "°")
    statement = Text(
        f"{_intro(letters, right).written} L'angle {angle} mesure {angle_text.written} et "
        f"{length(given, known).written}. Calcule la longueur {wanted}.{ROUNDING}",
        f"{_intro(letters, right).spoken} L'angle {spell(angle)} mesure {angle_text.spoken} et "
        f"{length(given, known).spoken}. Calcule la longueur {spell(wanted)}.{ROUNDING}",
    )
    k = number(known).written
    name = NAMES[function]
    if level < 3:
        equality = f"{function}({degrees}°) = {wanted}/{given}"
        calculation = f"{wanted} = {k} × {function}({degrees}°)"
    else:
        equality = f"{function}({degrees}°) = {given}/{wanted}"
        calculation = f"{wanted} = {k} ÷ {function}({degrees}°)"
    step = f"{equality}, donc {calculation}"
    misconceptions = [
        (
            _exact(_apply(known, FUNCTIONS[other](math.radians(degrees)), level)),
            f"used_{other}_instead_of_{function}",
            f"Tu as utilisé {NAMES[other]} au lieu {INSTEAD[function]}. Ici, on connaît {given} "
            f"et on cherche {wanted} : c'est {name} qui les relie ({RULES[function]}).",
        )
        for other in NAMES
        if other != function
    ]
    misconceptions.append(
        (
            _exact(_apply(known, 1 / ratio, level)),
            "multiplied_instead_of_divided" if level == 3 else "divided_instead_of_multiplied",
            f"Tu as {'multiplié' if level == 3 else 'divisé'} au lieu de "
            f"{'diviser' if level == 3 else 'multiplier'}. Écris l'égalité {equality}, "
            f"puis isole {wanted}.",
        )
    )
    in_radians = _apply(known, FUNCTIONS[function](degrees), level)
    if abs(in_radians) < 1000:  # a near-zero cosine would give an absurd, unreadable length
        misconceptions.append(
            (
                _exact(in_radians),
                "calculator_in_radians",
                "Ta calculatrice est en mode radians. Passe-la en mode degrés, puis recommence.",
            )
        )
    shown = number(expected, "cm", "rounded").written
    return Draft(
        skill="geometrie.trigonometrie.longueur",
        text=statement,
        expected=expected,
        kind="number",
        unit="cm",
        tolerance=TENTH,
        hints=(
            f"Repère les côtés vus depuis l'angle {angle} : {sides['hyp']} est l'hypoténuse, "
            f"{sides['adj']} le côté adjacent, {sides['opp']} le côté opposé.",
            f"Tu connais {given} et tu cherches {wanted} : utilise {name}. "
            f"{function}({angle}) = {RULES[function]}.",
            f"{step}.",
        ),
        solution=(
            f"Dans le triangle {letters} rectangle en {right} : {step}. "
            f"{wanted} ≈ {shown} (calculatrice en mode degrés)."
        ),
        misconceptions=tuple(misconceptions),
    )


@register("trigonometry.angle", topic="trigonometrie", domain="geometrie")
def angle(rng: random.Random, level: int) -> Draft:
    """Level 1: an angle from its cosine. Level 2: from its sine or tangent. Level 3: any of
    the three, to the tenth of a degree."""
    letters, right, angle_name, sides = _triangle(rng)
    function = "cos" if level == 1 else rng.choice(("cos", "sin", "tan"))
    top, bottom = RATIOS[function]
    while True:
        lengths = {"hyp": rng.randint(5, 15)}
        lengths["adj"] = rng.randint(2, lengths["hyp"] - 1)
        lengths["opp"] = rng.randint(2, 15)
        ratio = sympy.Rational(lengths[top], lengths[bottom])
        if function != "tan" and ratio >= 1:
            continue
        degrees = math.degrees(INVERSES[function](float(ratio)))
        if 15 < degrees < 75 and abs(degrees - 45) > 3:
            break
    expected = _to_asked(degrees, level)
    if level < 3:
        tolerance, rounding = 0.5, " Donne une valeur arrondie au degré."
    else:
        tolerance, rounding = TENTH, ROUNDING
    known = join([length(sides[top], lengths[top]), length(sides[bottom], lengths[bottom])])
    statement = Text(
        f"{_intro(letters, right).written} On sait que {known.written}. "
        f"Calcule la mesure de l'angle {angle_name}, en degrés.{rounding}",
        f"{_intro(letters, right).spoken} On sait que {known.spoken}. "
        f"Calcule la mesure de l'angle {spell(angle_name)}, en degrés.{rounding}",
    )
    name = NAMES[function]
    fraction = f"{lengths[top]}/{lengths[bottom]}"
    equation = f"{function}({angle_name}) = {sides[top]}/{sides[bottom]} = {fraction}"
    shown = number(expected, "°", "rounded").written
    complement = 90 - degrees
    misconceptions = (
        (
            _to_asked(complement, level),
            "used_other_angle",
            f"Tu as trouvé l'autre angle aigu du triangle. Regarde bien depuis l'angle "
            f"{angle_name} : {sides[top]} et {sides[bottom]} donnent {name} "
            f"({RULES[function]}).",
        ),
        (
            ratio,
            "gave_ratio_not_angle",
            f"Tu as trouvé {function}({angle_name}) = {number(ratio, None, 'rounded').written}. "
            f"Il reste une étape : la touche {function}⁻¹ de la calculatrice donne l'angle.",
        ),
    )
    wrong_key = next(
        (other for other in ("tan", "sin", "cos") if other != function and ratio <= 1), None
    )
    if wrong_key is not None:
        misconceptions += (
            (
                _to_asked(math.degrees(INVERSES[wrong_key](float(ratio))), level),
                "wrong_inverse_key",
                f"Tu as utilisé la touche {wrong_key}⁻¹ au lieu de {function}⁻¹. Ici, "
                f"{sides[top]} et {sides[bottom]} donnent {name} de l'angle.",
            ),
        )
    return Draft(
        skill="geometrie.trigonometrie.angle",
        text=statement,
        expected=expected,
        kind="number",
        unit="°",
        tolerance=tolerance,
        hints=(
            f"Repère les côtés vus depuis l'angle {angle_name} : {sides['hyp']} est "
            f"l'hypoténuse, {sides['adj']} le côté adjacent, {sides['opp']} le côté opposé.",
            f"Tu connais {sides[top]} et {sides[bottom]} : utilise {name}. "
            f"{function}({angle_name}) = {RULES[function]}.",
            f"{equation}. Utilise ensuite la touche {function}⁻¹ de la calculatrice.",
        ),
        solution=(
            f"Dans le triangle {letters} rectangle en {right} : {equation}. "
            f"Avec la touche {function}⁻¹ (en mode degrés) : l'angle {angle_name} ≈ {shown}."
        ),
        misconceptions=misconceptions,
    )

"""Scientific notation: writing a number as a × 10ⁿ with 1 ≤ a < 10.

Students count zeros instead of places the comma moves (an exponent one off), give a positive
exponent to a small number, or leave a mantissa of 32 or 0,6. The checker grades the form
(mantissa between 1 and 10) as well as the value; the misconceptions here are wrong values.
"""

from __future__ import annotations

import random

import sympy

from curriculum.maths.items import (
    Draft,
    Text,
    number,
    register,
    render,
    scientific,
    scientific_parts,
)

TEN = sympy.Integer(10)
SKILL = "nombres_calculs.ecriture_scientifique.ecrire"


def _mantissa(rng: random.Random) -> sympy.Rational:
    """2, 3,5 or 3,25: one to three significant digits, never 1 exactly (too easy)."""
    digits = rng.choice((1, 2, 2, 3))
    choices = [m for m in range(10 ** (digits - 1), 10**digits) if m % 10 and m != 1]
    return sympy.Rational(rng.choice(choices), 10 ** (digits - 1))


def _ask(given: Text) -> Text:
    return render("Écris {g} en écriture scientifique.", g=given)


@register("scientific.write", topic="ecriture_scientifique", domain="nombres_calculs")
def write(rng: random.Random, level: int) -> Draft:
    """Level 1: a large whole number. Level 2: a small decimal. Level 3: a product like
    520 × 10³ or 0,6 × 10⁻² whose first number is not between 1 and 10."""
    a = _mantissa(rng)
    if level == 1:
        n = rng.randint(2, 5)
        value = a * TEN**n
        given = _grouped(value)
        moves = f"la virgule se déplace de {n} rangs vers la gauche"
        return _draft(value, given, moves, _wrong_sign(value))
    if level == 2:
        n = -rng.randint(2, 4)
        value = a * TEN**n
        given = number(value)
        moves = f"la virgule se déplace de {-n} rangs vers la droite : l'exposant est négatif"
        return _draft(value, given, moves, _wrong_sign(value))
    shift = rng.choice((-2, -1, 1, 2))  # 520 × 10³ is 5,2 × 10² × 10³
    n = rng.choice([n for n in (-4, -3, -2, -1, 2, 3, 4, 5) if n + shift != 0])
    first = a * TEN**shift
    power = scientific(TEN**n)
    given = Text(
        f"{number(first).written} × {power.written.removeprefix('1 × ')}",
        f"{number(first).spoken} fois {power.spoken.removeprefix('un fois ')}",
    )
    moves = (
        f"{number(first).written} = {scientific(first).written}, "
        f"puis on additionne les exposants : {_signed_sum(shift, n)}"
    )
    wrong_way = (
        a * TEN ** (n - shift),
        "exponent_changed_wrong_way",
        f"Tu as changé l'exposant dans le mauvais sens. {number(first).written} = "
        f"{scientific(first).written} : on ajoute {shift} à l'exposant.",
    )
    return _draft(first * TEN**n, given, moves, wrong_way)


def _signed_sum(first: int, second: int) -> str:
    right = number(second).written
    right = f"({right})" if second < 0 else right
    return f"{number(first).written} + {right} = {number(first + second).written}"


def _grouped(value: sympy.Rational) -> Text:
    """« 963 000 »: digits grouped by three, as French is printed, so the number can be read."""
    shown = number(value)
    whole, comma, decimals = shown.written.partition(",")
    if len(whole) > 4:
        whole = f"{int(whole):,}".replace(",", "\u202f")
    return Text(whole + comma + decimals, shown.spoken)


def _wrong_sign(value: sympy.Rational) -> tuple[sympy.Rational, str, str]:
    a, n = scientific_parts(value)
    return (
        a * TEN ** (-n),
        "exponent_sign",
        "Attention au signe de l'exposant : un grand nombre a un exposant positif, un "
        "nombre plus petit que 1 a un exposant négatif.",
    )


def _draft(
    value: sympy.Rational, given: Text, moves: str, first_slip: tuple[sympy.Rational, str, str]
) -> Draft:
    """The statement, hints and slips the three levels share; ``first_slip`` is the level's
    own typical error."""
    a, n = scientific_parts(value)
    answer = scientific(value).written
    misconceptions = [
        first_slip,
        (
            a * TEN ** (n + 1),
            "exponent_one_too_big",
            "L'exposant est trop grand de 1 : ne compte pas les zéros, compte de combien de "
            "rangs la virgule se déplace.",
        ),
        (
            a * TEN ** (n - 1),
            "exponent_one_too_small",
            "L'exposant est trop petit de 1 : compte de combien de rangs la virgule se "
            "déplace pour obtenir un nombre entre 1 et 10.",
        ),
    ]
    return Draft(
        skill=SKILL,
        text=_ask(given),
        expected=value,
        kind="scientific",
        hints=(
            "L'écriture scientifique, c'est a × 10ⁿ, avec a entre 1 et 10 (10 exclu).",
            "Place la virgule juste après le premier chiffre qui n'est pas zéro : c'est a. "
            "Puis compte de combien de rangs la virgule a bougé : c'est n.",
            f"Ici, a = {number(a).written} et {moves}.",
        ),
        solution=f"{given.written} = {answer}.",
        misconceptions=tuple(misconceptions),
    )

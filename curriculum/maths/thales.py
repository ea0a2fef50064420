"""Thales' theorem: a missing length in two nested (or « papillon ») triangles.

The figure is described in words: which points lie on which segment, which lines are parallel
and which lengths are known. Every length comes from the vertex where the two lines meet, so
the three ratios AM/AB = AN/AC = MN/BC can be read off the names. The misconceptions are the
classic ones: the ratio upside down, MB used instead of AB, and lengths added instead of
multiplied.
"""

from __future__ import annotations

import random

import sympy

from curriculum.maths.items import TENTH, Draft, Text, number, register
from curriculum.maths.wording import ROUNDING, join, length, spell

# (vertex, point on the first line, point on the second line, first far point, second far point)
FIGURES = (("A", "M", "N", "B", "C"), ("O", "E", "F", "R", "S"), ("K", "I", "J", "L", "P"))


def _lengths(
    rng: random.Random, level: int
) -> tuple[sympy.Rational, list[sympy.Integer], int, bool]:
    """(ratio small/big, the three big lengths, index of the asked pair, asked the big one?).

    Level 1: ratio 1/q and a whole answer. Level 2: ratio p/q and an answer with at most one
    decimal. Level 3: an answer that must be rounded.
    """
    while True:
        q = rng.randint(2, 4) if level == 1 else rng.randint(3, 7)
        p = 1 if level == 1 else rng.randint(1, q - 1)
        ratio = sympy.Rational(p, q)
        first = q * rng.randint(1, 4) if level < 3 else rng.randint(4, 15)
        second = rng.randint(3, 15) * (q if level == 1 else 1)
        bigs = [sympy.Integer(v) for v in (first, second, rng.randint(3, 15))]
        pair = rng.randint(1, 2)
        ask_big = level > 1 and rng.random() < 0.5
        given = bigs[pair] * ratio
        expected = bigs[pair] if ask_big else given
        known = [first * ratio, first, given if ask_big else bigs[pair]]
        if not all((sympy.Rational(v) * 10).is_Integer for v in known):
            continue
        if (expected * 10).is_Integer == (level == 3):  # only level 3 asks for a rounding
            continue
        if len({bigs[0], bigs[1], bigs[2]}) == 3:
            return ratio, bigs, pair, ask_big


@register("thales.length", topic="thales", domain="geometrie")
def missing_length(rng: random.Random, level: int) -> Draft:
    """A length from AM/AB = AN/AC = MN/BC; level 3 is the « papillon » configuration."""
    vertex, m, n, b, c = rng.choice(FIGURES)
    butterfly = level == 3
    ratio, bigs, pair, ask_big = _lengths(rng, level)
    smalls = [vertex + m, vertex + n, m + n]
    bigs_names = [vertex + b, vertex + c, b + c]
    small_value, big_value = bigs[pair] * ratio, bigs[pair]
    a, ab = bigs[0] * ratio, bigs[0]
    wanted = bigs_names[pair] if ask_big else smalls[pair]
    given_name = smalls[pair] if ask_big else bigs_names[pair]
    given_value = small_value if ask_big else big_value
    expected = big_value if ask_big else small_value
    rounding, tolerance = (ROUNDING, TENTH) if not (expected * 10).is_Integer else ("", None)
    known = join([length(smalls[0], a), length(bigs_names[0], ab), length(given_name, given_value)])
    if butterfly:
        figure = Text(
            f"Les points {m}, {vertex} et {b} sont alignés dans cet ordre. Les points {n}, "
            f"{vertex} et {c} sont aussi alignés dans cet ordre. Les droites ({m}{n}) et "
            f"({b}{c}) sont parallèles.",
            f"Les points {m}, {vertex} et {b} sont alignés dans cet ordre. Les points {n}, "
            f"{vertex} et {c} sont aussi alignés dans cet ordre. Les droites {spell(m + n)} "
            f"et {spell(b + c)} sont parallèles.",
        )
    else:
        figure = Text(
            f"Dans le triangle {vertex}{b}{c}, le point {m} est sur le segment [{vertex}{b}] "
            f"et le point {n} est sur le segment [{vertex}{c}]. Les droites ({m}{n}) et "
            f"({b}{c}) sont parallèles.",
            f"Dans le triangle {spell(vertex + b + c)}, le point {m} est sur le segment "
            f"{spell(vertex + b)} et le point {n} est sur le segment {spell(vertex + c)}. Les "
            f"droites {spell(m + n)} et {spell(b + c)} sont parallèles.",
        )
    text = Text(
        f"{figure.written} On sait que {known.written}. Calcule la longueur {wanted}.{rounding}",
        f"{figure.spoken} On sait que {known.spoken}. Calcule la longueur {spell(wanted)}."
        f"{rounding}",
    )
    ratios = (
        f"{smalls[0]}/{bigs_names[0]} = {smalls[1]}/{bigs_names[1]} = {smalls[2]}/{bigs_names[2]}"
    )
    a_text, ab_text, g_text = number(a).written, number(ab).written, number(given_value).written
    if ask_big:
        calculation = f"{wanted} = {g_text} × {ab_text} ÷ {a_text}"
    else:
        calculation = f"{wanted} = {g_text} × {a_text} ÷ {ab_text}"
    sign = "≈" if tolerance else "="
    shown = number(expected, "cm", "rounded" if tolerance else "decimal").written
    result = f"{calculation} {sign} {shown}."
    other_part = ab + a if butterfly else ab - a
    other_name = m + b
    if ask_big:
        inverted, through_mb = given_value * a / ab, given_value * other_part / a
        additive = given_value + (ab - a)
    else:
        inverted, through_mb = given_value * ab / a, given_value * a / other_part
        additive = given_value - (ab - a)
    direction = "plus grande" if ask_big else "plus petite"
    return Draft(
        skill="geometrie.thales.longueur",
        text=text,
        expected=expected,
        kind="number",
        unit="cm",
        tolerance=tolerance,
        hints=(
            f"Les droites ({m}{n}) et ({b}{c}) sont parallèles : pense au théorème de Thalès.",
            f"Écris les rapports égaux, toutes les longueurs partent de {vertex} : {ratios}.",
            f"Ici, {smalls[0]}/{bigs_names[0]} = {smalls[pair]}/{bigs_names[pair]}, "
            f"donc {calculation}.",
        ),
        solution=(
            f"Les droites ({m}{n}) et ({b}{c}) sont parallèles, donc d'après le théorème de "
            f"Thalès : {ratios}. On remplace : {a_text}/{ab_text} = "
            f"{g_text if ask_big else wanted}/{wanted if ask_big else g_text}"
            f". {result}"
        ),
        misconceptions=(
            (
                inverted,
                "inverted_ratio",
                f"Tu as inversé le rapport. {wanted} est dans le {'grand' if ask_big else 'petit'}"
                f" triangle : la longueur cherchée doit être {direction} que {given_name}.",
            ),
            (
                through_mb,
                "used_segment_between_points",
                f"Tu as utilisé la longueur {other_name}. Dans les rapports de Thalès, toutes "
                f"les longueurs partent du point {vertex} : {smalls[0]}/{bigs_names[0]}.",
            ),
            (
                additive,
                "added_difference",
                "Tu as ajouté ou enlevé la même longueur. Avec Thalès, les longueurs sont "
                "multipliées par le même nombre, pas augmentées du même nombre.",
            ),
        ),
    )

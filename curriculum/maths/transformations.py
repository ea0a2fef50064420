"""Image of a point by a transformation, in a coordinate system: one coordinate is asked.

Asking for one coordinate keeps the answer a single number a student can say aloud; the
misconceptions are the other transformations students apply by mistake (the wrong axis, both
signs changed, the vector subtracted, the midpoint instead of the image), so each wrong answer
names the transformation that was actually done.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import sympy

from curriculum.maths.items import Draft, Text, number, register, render
from curriculum.maths.wording import point, term

Map = Callable[[int, int], tuple[sympy.Expr, sympy.Expr]]
COORDINATES = (("abscisse", 0), ("ordonnée", 1))
NONZERO = tuple(v for v in range(-6, 7) if v)


def _transformation(
    rng: random.Random, level: int
) -> tuple[Text, Map, str, list[tuple[Map, str, str]]]:
    """(description, the right map, the rule in words, wrong maps with code and feedback)."""
    swapped: tuple[Map, str, str] = (
        lambda x, y: (sympy.Integer(y), sympy.Integer(x)),
        "swapped_coordinates",
        "Tu as échangé l'abscisse et l'ordonnée. L'abscisse est le premier nombre, "
        "l'ordonnée le second.",
    )
    if level == 1:
        horizontal = rng.random() < 0.5
        axis = "l'axe des abscisses" if horizontal else "l'axe des ordonnées"
        other = "l'axe des ordonnées" if horizontal else "l'axe des abscisses"
        right: Map = (
            (lambda x, y: (sympy.Integer(x), sympy.Integer(-y)))
            if horizontal
            else (lambda x, y: (sympy.Integer(-x), sympy.Integer(y)))
        )
        wrong: Map = (
            (lambda x, y: (sympy.Integer(-x), sympy.Integer(y)))
            if horizontal
            else (lambda x, y: (sympy.Integer(x), sympy.Integer(-y)))
        )
        changed = "l'ordonnée" if horizontal else "l'abscisse"
        return (
            Text(f"la symétrie par rapport à {axis}", f"la symétrie par rapport à {axis}"),
            right,
            f"Dans la symétrie par rapport à {axis}, seule {changed} change de signe.",
            [
                (
                    wrong,
                    "other_axis",
                    f"Tu as fait la symétrie par rapport à {other}. Ici, c'est {axis} : "
                    f"seule {changed} change de signe.",
                ),
                (
                    lambda x, y: (sympy.Integer(-x), sympy.Integer(-y)),
                    "both_signs_changed",
                    f"Tu as changé les deux signes : c'est la symétrie par rapport à l'origine. "
                    f"Par rapport à {axis}, seule {changed} change de signe.",
                ),
                swapped,
            ],
        )
    if level == 2:
        a, b = rng.choice(NONZERO), rng.choice(NONZERO)
        vector = Text(
            f"la translation de vecteur u({number(a).written} ; {number(b).written})",
            f"la translation de vecteur u, de coordonnées {number(a).spoken} et {number(b).spoken}",
        )
        return (
            vector,
            lambda x, y: (sympy.Integer(x + a), sympy.Integer(y + b)),
            f"La translation ajoute les coordonnées du vecteur : x + {term(a)} et y + {term(b)}.",
            [
                (
                    lambda x, y: (sympy.Integer(x - a), sympy.Integer(y - b)),
                    "subtracted_vector",
                    "Tu as soustrait les coordonnées du vecteur. Une translation les ajoute.",
                ),
                (
                    lambda x, y: (sympy.Integer(x + b), sympy.Integer(y + a)),
                    "mixed_vector_coordinates",
                    "Tu as mélangé les coordonnées du vecteur : ajoute la première à l'abscisse "
                    "et la seconde à l'ordonnée.",
                ),
                (
                    lambda x, y: (sympy.Integer(a), sympy.Integer(b)),
                    "gave_vector",
                    "Tu as donné une coordonnée du vecteur. Il faut l'ajouter à celle du point.",
                ),
            ],
        )
    p, q = rng.choice(NONZERO), rng.choice(NONZERO)  # a centre other than O
    centre = point("I", p, q)
    return (
        render("la symétrie de centre {c}", c=centre),
        lambda x, y: (sympy.Integer(2 * p - x), sympy.Integer(2 * q - y)),
        "I est le milieu du segment qui joint le point et son image : "
        f"x' = 2 × {term(p)} − x et y' = 2 × {term(q)} − y.",
        [
            (
                lambda x, y: (sympy.Rational(x + p, 2), sympy.Rational(y + q, 2)),
                "midpoint_instead_of_image",
                "Tu as calculé le milieu entre le point et I. Ici, c'est I qui est le milieu : "
                "l'image est de l'autre côté de I, à la même distance.",
            ),
            (
                lambda x, y: (sympy.Integer(-x), sympy.Integer(-y)),
                "symmetry_about_origin",
                "Tu as fait la symétrie par rapport à l'origine O. Ici, le centre est I.",
            ),
            (
                lambda x, y: (sympy.Integer(p - x), sympy.Integer(q - y)),
                "forgot_double",
                "Tu as oublié de doubler la coordonnée de I : x' = 2 × xI − x.",
            ),
        ],
    )


@register("transformations.image", topic="geometrie", domain="geometrie")
def image(rng: random.Random, level: int) -> Draft:
    """Level 1: a symmetry about an axis. Level 2: a translation. Level 3: a point symmetry
    about a centre other than the origin."""
    description, right, rule, wrongs = _transformation(rng, level)
    name, index = rng.choice(COORDINATES)
    while True:
        x, y = rng.randint(-8, 8), rng.randint(-8, 8)
        expected = right(x, y)[index]
        values = {expected} | {wrong(x, y)[index] for wrong, _, _ in wrongs}
        if x and y and len(values) >= 3:
            break
    image_point = right(x, y)
    given = point("A", x, y)
    text = render(
        "Dans un repère, on donne le point {a}. Le point A' est l'image de A par {t}. "
        "Quelle est l'{n} de A' ?",
        a=given,
        t=description,
        n=name,
    )
    return Draft(
        skill="geometrie.geometrie.transformation",
        text=Text(text.written, text.spoken.replace("A'", "A prime")),
        expected=expected,
        kind="number",
        hints=(
            f"Tu peux faire un petit dessin dans un repère : place A, puis son image par "
            f"{description.written}.",
            rule,
            f"Pour A : x = {number(x).written} et y = {number(y).written}. "
            f"Applique la règle à l'{name}.",
        ),
        solution=(
            f"{rule} A' a pour coordonnées ({number(image_point[0]).written} ; "
            f"{number(image_point[1]).written}) : son {name} est {number(expected).written}."
        ),
        misconceptions=tuple((wrong(x, y)[index], code, why) for wrong, code, why in wrongs),
    )

"""Working in a coordinate system: the midpoint of a segment and the length of a segment.

Points are given as « A(2 ; −3) » on screen and, in the voice, with « d'abscisse » and
« d'ordonnée » so a listener knows which number is which. The midpoint asks one coordinate
(one number to say); the distance is rounded to the tenth when it is not whole.
"""

from __future__ import annotations

import random

import sympy

from curriculum.maths.items import TENTH, Draft, Text, number, register, render
from curriculum.maths.wording import ROUNDING, both, point, segment, spell, term

LETTERS = (("A", "B"), ("C", "D"), ("E", "F"), ("R", "S"))
COORDINATES = (("abscisse", "x", 0), ("ordonnée", "y", 1))


@register("coordinates.midpoint", topic="geometrie", domain="geometrie")
def midpoint(rng: random.Random, level: int) -> Draft:
    """Level 1: whole coordinates of a midpoint. Level 2: negatives and halves. Level 3: the
    other end of a segment from one end and the midpoint."""
    first, second = rng.choice(LETTERS)
    name, letter, index = rng.choice(COORDINATES)
    low = 0 if level == 1 else -9
    while True:
        a = [rng.randint(low, 9), rng.randint(low, 9)]
        b = [rng.randint(low, 9), rng.randint(low, 9)]
        if level == 1 and any((u + v) % 2 for u, v in zip(a, b, strict=True)):
            continue
        if level == 2 and min(a + b) >= 0:
            continue
        u, v = a[index], b[index]  # every misconception must give a different number
        if u and u != v and u + v and v != -3 * u:
            break
    ends = f"{letter}{first} + {letter}{second}"
    if level < 3:
        expected = sympy.Rational(a[index] + b[index], 2)
        given = render(
            "Dans un repère, on donne les points {p}. M est le milieu du segment "
            "{s}. Quelle est l'{n} de M ?",
            p=both(point(first, *a), point(second, *b)),
            s=segment(first + second),
            n=name,
        )
        calculation = f"({term(a[index])} + {term(b[index])}) ÷ 2"
        rule = f"{letter}M = ({ends}) ÷ 2"
        errors = (
            (
                sympy.Integer(a[index] + b[index]),
                "forgot_half",
                "Tu as oublié de diviser par 2. Le milieu, c'est la moyenne des deux "
                f"coordonnées : ({ends}) ÷ 2.",
            ),
            (
                sympy.Rational(b[index] - a[index], 2),
                "subtracted_coordinates",
                f"Tu as soustrait les coordonnées. Pour le milieu, on les additionne : "
                f"({ends}) ÷ 2.",
            ),
        )
    else:
        m = [sympy.Rational(u + v, 2) for u, v in zip(a, b, strict=True)]
        expected = sympy.Integer(b[index])
        given = render(
            "Dans un repère, on donne les points {p}. M est le milieu du segment "
            "{s}. Quelle est l'{n} de {q} ?",
            p=both(point(first, *a), point("M", *m)),
            s=segment(first + second),
            q=second,
            n=name,
        )
        calculation = f"2 × {term(m[index])} − {term(a[index])}"
        rule = f"{letter}M = ({ends}) ÷ 2, donc {letter}{second} = 2 × {letter}M − {letter}{first}"
        errors = (
            (
                (a[index] + m[index]) / 2,
                "midpoint_of_wrong_segment",
                f"Tu as calculé le milieu de [{first}M]. Ici, M est le milieu de "
                f"[{first}{second}] : {rule}.",
            ),
            (
                m[index] - a[index],
                "subtracted_once",
                f"Tu as calculé l'écart entre {first} et M. Il faut encore l'ajouter à M : {rule}.",
            ),
            (
                2 * m[index] + a[index],
                "added_instead_of_subtracted",
                f"Tu as ajouté la coordonnée de {first} au lieu de la soustraire : {rule}.",
            ),
        )
    shown = number(expected).written
    return Draft(
        skill="geometrie.geometrie.milieu",
        text=given,
        expected=expected,
        kind="number",
        hints=(
            "Le milieu est à mi-chemin : ses coordonnées sont les moyennes des coordonnées "
            "des deux extrémités.",
            f"{rule}.",
            f"Calcule {calculation}.",
        ),
        solution=f"{rule}. Ici : {calculation} = {shown}.",
        misconceptions=errors,
    )


@register("coordinates.distance", topic="geometrie", domain="geometrie")
def distance(rng: random.Random, level: int) -> Draft:
    """Level 1: a whole length (the differences form a Pythagorean triple). Levels 2-3: any
    length, rounded to the tenth; level 3 has negative coordinates everywhere."""
    first, second = rng.choice(LETTERS)
    while True:
        if level == 1:
            dx, dy = rng.choice(((3, 4), (4, 3), (6, 8), (8, 6), (5, 12), (12, 5)))
            a = [rng.randint(0, 6), rng.randint(0, 6)]
            b = [a[0] + dx, a[1] + dy]
        else:
            low = -3 if level == 2 else -9
            a = [rng.randint(low, 9), rng.randint(low, 9)]
            b = [rng.randint(low, 9), rng.randint(low, 9)]
        dx, dy = b[0] - a[0], b[1] - a[1]
        if not (dx and dy) or (level == 3 and min(a + b) >= 0):
            continue
        if level == 1 or not sympy.sqrt(dx**2 + dy**2).is_Integer:
            break
    squared = dx**2 + dy**2
    expected = sympy.sqrt(squared)
    rounding, tolerance = ("", None) if expected.is_Integer else (ROUNDING, TENTH)
    name = first + second
    differences = f"({term(b[0])} − {term(a[0])})² + ({term(b[1])} − {term(a[1])})²"
    rule = f"{name}² = (x{second} − x{first})² + (y{second} − y{first})²"
    sign = "=" if expected.is_Integer else "≈"
    return Draft(
        skill="geometrie.geometrie.distance",
        text=render(
            "Dans un repère orthonormé, on donne les points {p}. Calcule la longueur {s}.{r}",
            p=both(point(first, *a), point(second, *b)),
            s=Text(name, spell(name)),
            r=rounding,
        ),
        expected=expected,
        kind="number",
        tolerance=tolerance,
        hints=(
            "Un segment dans un repère est l'hypoténuse d'un triangle rectangle : "
            "pense à Pythagore.",
            f"{rule}, puis prends la racine carrée.",
            f"{name}² = {differences} = {term(dx)}² + {term(dy)}² = {squared}.",
        ),
        solution=(
            f"{rule}. {name}² = {differences} = {squared}. "
            f"{name} = √{squared} {sign} {number(expected, None, 'rounded').written}."
        ),
        misconceptions=(
            (
                sympy.Integer(squared),
                "forgot_square_root",
                f"Tu as trouvé {name}² = {squared}. Il reste une étape : {name} = √{squared}.",
            ),
            (
                sympy.Integer(abs(dx) + abs(dy)),
                "added_differences",
                "Tu as additionné les écarts. Le chemin direct est plus court : on additionne "
                "les carrés des écarts, puis on prend la racine carrée.",
            ),
            (
                sympy.sqrt((a[0] + b[0]) ** 2 + (a[1] + b[1]) ** 2),
                "added_coordinates",
                "Tu as additionné les coordonnées. Pour une longueur, on soustrait : "
                f"x{second} − x{first} et y{second} − y{first}.",
            ),
        ),
    )

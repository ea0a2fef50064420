"""Reading a bar chart that is described in words, bar by bar, in the order of the chart.

A student who cannot see the chart gets the same information in the same order as one who
can. Questions go from one comparison to the whole total and then to a share in percent; the
errors named are adding when asked for a difference, leaving a bar out of the total, and giving
a share as a decimal instead of a percentage.
"""

from __future__ import annotations

import random

import sympy

from curriculum.maths.items import Draft, Text, number, register, render
from curriculum.maths.wording import join

CHARTS = (
    (
        "Un diagramme en barres montre comment les élèves d'une classe viennent au lycée.",
        ("bus", "vélo", "à pied", "voiture", "tramway"),
        "viennent",
        {
            "bus": "en bus",
            "vélo": "à vélo",
            "à pied": "à pied",
            "voiture": "en voiture",
            "tramway": "en tramway",
        },
    ),
    (
        "Un diagramme en barres montre l'activité préférée des élèves d'un club.",
        ("sport", "musique", "jeux vidéo", "lecture", "dessin"),
        "préfèrent",
        {
            "sport": "le sport",
            "musique": "la musique",
            "jeux vidéo": "les jeux vidéo",
            "lecture": "la lecture",
            "dessin": "le dessin",
        },
    ),
)


def _bars(names: list[str], heights: list[int]) -> Text:
    parts = [
        render("la barre « {n} » monte jusqu'à {h}", n=name, h=number(height))
        for name, height in zip(names, heights, strict=True)
    ]
    listed = join(parts)
    return Text("L" + listed.written[1:], "L" + listed.spoken[1:])  # « La barre … »


@register("graphs_tables.bar_chart", topic="statistiques", domain="donnees")
def bar_chart(rng: random.Random, level: int) -> Draft:
    """Level 1: how many more in one bar than another. Level 2: the total. Level 3: the share
    of one bar in percent."""
    intro, labels, verb, complements = rng.choice(CHARTS)
    count = 3 if level == 1 else rng.randint(4, 5)
    names = rng.sample(labels, count)
    while True:
        heights = [rng.randint(2, 15) for _ in names]
        total = sum(heights)
        first, second = rng.sample(range(count), 2)
        if heights[first] <= heights[second] or len(set(heights)) < count:
            continue
        if level < 3 or (100 * heights[first]) % total == 0:
            break
    chart = _bars(names, heights)
    big, small = names[first], names[second]
    if level == 1:
        expected = sympy.Integer(heights[first] - heights[second])
        than = "qu'" if complements[small][0] in "aàeéiouy" else "que "
        question = (
            f"Combien d'élèves de plus {verb} {complements[big]} {than}{complements[small]} ?"
        )
        formula = "On lit la hauteur des deux barres, puis on calcule leur différence."
        errors = (
            (
                sympy.Integer(heights[first] + heights[second]),
                "added_instead_of_difference",
                "Tu as additionné les deux barres. « Combien de plus » se calcule avec une "
                "soustraction.",
            ),
            (
                sympy.Integer(heights[first]),
                "read_one_bar",
                f"Tu as donné la hauteur de la barre « {big} ». On demande la différence "
                f"avec la barre « {small} ».",
            ),
        )
        unit = None
    elif level == 2:
        expected = sympy.Integer(total)
        question = "Combien d'élèves ont répondu en tout ?"
        formula = "Chaque élève est compté dans une seule barre : on additionne toutes les barres."
        errors = (
            (
                sympy.Integer(total - heights[-1]),
                "missed_a_bar",
                f"Tu as oublié une barre : la barre « {names[-1]} ». Additionne les {count} "
                "barres.",
            ),
            (
                sympy.Integer(count),
                "counted_bars",
                "Tu as compté les barres. Chaque barre représente plusieurs élèves : additionne "
                "leurs hauteurs.",
            ),
            (
                sympy.Integer(max(heights)),
                "read_tallest_bar",
                "Tu as lu la plus haute barre. On demande le total : additionne toutes les barres.",
            ),
        )
        unit = None
    else:
        expected = sympy.Rational(100 * heights[first], total)
        question = f"Quel pourcentage des élèves {verb} {complements[big]} ?"
        formula = (
            f"Pourcentage = effectif ÷ effectif total × 100. L'effectif total est "
            f"{' + '.join(map(str, heights))} = {total}."
        )
        errors = (
            (
                sympy.Rational(heights[first], total),
                "forgot_times_hundred",
                f"Tu as trouvé la fréquence {number(sympy.Rational(heights[first], total)).written}"
                ". Pour un pourcentage, multiplie-la par 100.",
            ),
            (
                sympy.Integer(heights[first]),
                "gave_count",
                "Tu as donné le nombre d'élèves. On demande un pourcentage : divise par le "
                "total, puis multiplie par 100.",
            ),
            (
                sympy.Rational(100 * heights[first], total - heights[first]),
                "divided_by_others",
                "Tu as divisé par le nombre des autres élèves. On divise par le total de toutes "
                "les barres.",
            ),
        )
        unit = "%"
    operation = {
        1: f"{heights[first]} − {heights[second]}",
        2: " + ".join(map(str, heights)),
        3: f"{heights[first]} ÷ {total} × 100",
    }[level]
    return Draft(
        skill="donnees.statistiques.lecture_diagramme",
        text=render("{i} {c}. {q}", i=intro, c=chart, q=question),
        expected=expected,
        kind="number",
        unit=unit,
        hints=(
            "La hauteur de chaque barre est le nombre d'élèves de ce groupe.",
            formula,
            f"Calcule {operation}.",
        ),
        solution=f"{formula} {operation} = {number(expected, unit).written}.",
        misconceptions=errors,
    )

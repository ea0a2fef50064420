"""Mean of a data series (named data_statistics so it never shadows the stdlib statistics).

Level 1: a short list with a whole mean. Level 2: winter temperatures, negatives included,
mean rounded to the tenth. Level 3: a frequency table given in words (weighted mean). The
series is always written in the statement as text, separated by « ; » because the comma is
the French decimal separator.
"""

from __future__ import annotations

import random

import sympy

from curriculum.maths.items import TENTH, Draft, Text, number, register, render

LIST_CONTEXTS = (
    {
        "intro": "Voici le nombre de buts marqués par ton équipe de foot lors des {n} "
        "derniers matchs : {values}.",
        "question": "Combien de buts ton équipe marque-t-elle en moyenne par match ?",
        "range": (0, 6),
        "unit": None,
    },
    {
        "intro": "Voici ton temps d'écran sur ton téléphone pendant {n} jours : {values}.",
        "question": "Quel est ton temps d'écran moyen par jour ?",
        "range": (30, 240),
        "unit": "min",
    },
    {
        "intro": "Voici le prix d'un sandwich dans {n} boulangeries près du lycée : {values}.",
        "question": "Quel est le prix moyen d'un sandwich ?",
        "range": (3, 7),
        "unit": "€",
    },
)

TABLE_CONTEXTS = (
    {
        "intro": "On a demandé aux élèves de ta classe combien de frères et sœurs ils ont.",
        "values": (0, 1, 2, 3, 4),
        "question": "Quel est le nombre moyen de frères et sœurs par élève ?",
    },
    {
        "intro": "On a demandé leur pointure de chaussures aux élèves de ta classe.",
        "values": (36, 37, 38, 39, 40, 41, 42, 43),
        "question": "Quelle est la pointure moyenne de la classe ?",
    },
)


def _series(values: list[int], unit: str | None) -> Text:
    """« 2 ; 3 ; 1 » on screen, « 2, 3, 1 » in the voice."""
    shown = [number(v, unit) for v in values]
    return Text(" ; ".join(t.written for t in shown), ", ".join(t.spoken for t in shown))


def _median(values: list[int]) -> sympy.Rational:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return sympy.Integer(ordered[middle])
    return sympy.Rational(ordered[middle - 1] + ordered[middle], 2)


def _mean_misconceptions(values: list[int], unit: str | None) -> list[tuple]:
    """Sum, wrong count, dropped minus signs, median: each names a different slip."""
    n, total = len(values), sum(values)
    sum_text = number(total, unit).written
    return [
        (
            sympy.Integer(total),
            "sum_instead_of_mean",
            f"Tu as trouvé la somme, {sum_text}. Pour la moyenne, divise-la ensuite par le "
            f"nombre de valeurs, ici {n}.",
        ),
        (
            sympy.Rational(total, n - 1),
            "divided_by_wrong_count",
            f"Tu as divisé par {n - 1}. Il y a {n} valeurs : compte-les bien.",
        ),
        (
            sympy.Rational(sum(abs(v) for v in values), n),
            "ignored_negative_signs",
            "Attention aux nombres négatifs : −3, ce n'est pas 3. Garde les signes quand tu "
            "additionnes.",
        ),
        (
            _median(values),
            "median_instead_of_mean",
            "Tu as donné la valeur du milieu, la médiane. La moyenne, c'est la somme des "
            f"valeurs divisée par {n}.",
        ),
    ]


@register("statistics.mean", topic="statistiques", domain="donnees")
def mean(rng: random.Random, level: int) -> Draft:
    """Arithmetic mean; level 3 is a weighted mean from a frequency table."""
    if level == 3:
        return _weighted(rng)
    if level == 1:
        context = rng.choice(LIST_CONTEXTS)
        n = rng.randint(3, 5)
        low, high = context["range"]
        while True:
            values = [rng.randint(low, high) for _ in range(n)]
            if sum(values) % n == 0 and len(set(values)) > 1:
                break
        unit, tolerance, rounding = context["unit"], None, ""
        intro, question = context["intro"], context["question"]
    else:
        n = 7
        while True:  # far enough from 0 that every misconception stays distinguishable
            values = [rng.randint(-6, 9) for _ in range(n)]
            if abs(sum(values)) >= 10 and min(values) < 0:
                break
        unit, tolerance, rounding = "°C", TENTH, " Donne une valeur arrondie au dixième."
        intro = "Voici la température relevée chaque matin pendant une semaine d'hiver : {values}."
        question = "Quelle est la température moyenne de la semaine ?"
    total = sum(values)
    value = sympy.Rational(total, n)
    series = _series(values, unit)
    shown = number(value, unit, "rounded" if tolerance else "decimal").written
    sum_line = " + ".join(_term(v) for v in values)
    return Draft(
        skill="donnees.statistiques.moyenne",
        text=render(intro + " " + question + rounding, n=number(n), values=series),
        expected=value,
        kind="number",
        unit=unit,
        tolerance=tolerance,
        hints=(
            "La moyenne, c'est comme si on partageait le total en parts égales.",
            f"Additionne toutes les valeurs, puis divise par le nombre de valeurs ({n}).",
            f"La somme vaut {sum_line} = {number(total).written}.",
        ),
        solution=(
            f"Somme : {sum_line} = {number(total).written}. "
            f"Moyenne : {number(total).written} ÷ {n} {_equals(value)} {shown}."
        ),
        misconceptions=tuple(_mean_misconceptions(values, unit)),
    )


def _equals(value: sympy.Rational) -> str:
    """« = » when the tenth is exact, « ≈ » when the mean was rounded."""
    return "=" if (value * 10).is_Integer else "≈"


def _term(value: int) -> str:
    """A value inside a sum: negatives in parentheses, « 3 + (−2) »."""
    shown = number(value).written
    return f"({shown})" if value < 0 else shown


def _weighted(rng: random.Random) -> Draft:
    context = rng.choice(TABLE_CONTEXTS)
    choices = context["values"]
    start = rng.randint(0, len(choices) - 4)
    values = list(choices[start : start + rng.randint(3, 4)])
    while True:  # enough pupils that ignoring the counts gives a visibly different mean
        counts = [rng.randint(1, 9) for _ in values]
        if sum(counts) >= 2 * len(values):
            break
    people = sum(counts)
    weighted = sum(v * c for v, c in zip(values, counts, strict=True))
    value = sympy.Rational(weighted, people)
    tolerance = None if value.is_Integer else TENTH
    rounding = " Donne une valeur arrondie au dixième." if tolerance else ""
    parts = [
        render("{c} élèves ont répondu {v}", c=number(c), v=number(v))
        if c > 1
        else render("{c} élève a répondu {v}", c=number(c), v=number(v))
        for v, c in zip(values, counts, strict=True)
    ]
    table = Text(
        " ; ".join(p.written for p in parts) + ".", ", ".join(p.spoken for p in parts) + "."
    )
    products = " + ".join(f"{v} × {c}" for v, c in zip(values, counts, strict=True))
    shown = number(value, None, "rounded" if tolerance else "decimal").written
    distinct = len(values)
    return Draft(
        skill="donnees.statistiques.moyenne_ponderee",
        text=render(
            "{intro} Résultats : {table} {question}{rounding}",
            intro=context["intro"],
            table=table,
            question=context["question"],
            rounding=rounding,
        ),
        expected=value,
        kind="number",
        tolerance=tolerance,
        hints=(
            f"Chaque valeur compte autant de fois qu'il y a d'élèves qui l'ont donnée. "
            f"Il y a {people} élèves en tout.",
            "Multiplie chaque valeur par son nombre d'élèves. Additionne les résultats. "
            "Divise par le nombre total d'élèves.",
            f"{products} = {weighted}.",
        ),
        solution=(
            f"Nombre d'élèves : {' + '.join(map(str, counts))} = {people}. "
            f"Total : {products} = {weighted}. "
            f"Moyenne : {weighted} ÷ {people} {_equals(value)} {shown}."
        ),
        misconceptions=(
            (
                sympy.Rational(sum(values), distinct),
                "ignored_counts",
                "Tu as fait la moyenne des valeurs sans tenir compte du nombre d'élèves. "
                "Multiplie chaque valeur par son nombre d'élèves.",
            ),
            (
                sympy.Rational(weighted, distinct),
                "divided_by_number_of_values",
                f"Tu as divisé par {distinct}, le nombre de valeurs différentes. "
                f"Il faut diviser par le nombre d'élèves : {people}.",
            ),
            (
                sympy.Integer(weighted),
                "sum_instead_of_mean",
                f"Tu as trouvé le total, {weighted}. Divise-le ensuite par le nombre "
                f"d'élèves, {people}.",
            ),
        ),
    )

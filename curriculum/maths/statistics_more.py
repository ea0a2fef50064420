"""Statistics beyond the mean: median, range and frequency (``data_statistics`` has the mean).

Series are written in the statement, separated by « ; » because the comma is the decimal
mark; frequency tables are said as sentences (« 4 élèves ont eu 12 »). The errors named are
the median taken from the unsorted list, one of the two middle values only, the counts
ignored, a negative sign dropped, and a frequency left as a decimal instead of a percentage.
"""

from __future__ import annotations

import random
import statistics

import sympy

from curriculum.maths.items import Draft, Text, int_words, number, register, render
from curriculum.maths.wording import join, series, term

CONTEXTS = (
    ("Voici les notes sur {twenty} de {n} élèves à un contrôle : {v}.", (4, 20), None),
    (
        "Voici le temps de trajet, en minutes, de {n} élèves pour venir au lycée : {v}.",
        (5, 60),
        "min",
    ),
    ("Voici le nombre de messages envoyés par {n} amis hier : {v}.", (0, 50), None),
)


def _pupils(count: int, singular: str, plural: str) -> Text:
    """« 1 élève a », « 4 élèves ont »: the verb agrees, and « un » is said for one."""
    if count == 1:
        return Text(f"1 élève {singular}", f"un élève {singular}")
    return Text(f"{count} élèves {plural}", f"{int_words(count)} élèves {plural}")


def _rational(value: float | int) -> sympy.Rational:
    """statistics.median gives x.5 floats at worst: exact in binary, so exact here."""
    return sympy.Rational(value)


def _distinct_values(rng: random.Random, count: int, low: int, high: int) -> list[int]:
    """A series with no repeated value, so that « the middle one » is unambiguous."""
    return rng.sample(range(low, high + 1), count)


@register("statistics.median", topic="statistiques", domain="donnees")
def median(rng: random.Random, level: int) -> Draft:
    """Level 1: an odd number of values. Level 2: an even number (half-way between the two
    middle values). Level 3: a frequency table given in sentences."""
    if level == 3:
        return _median_of_table(rng)
    template, (low, high), unit = rng.choice(CONTEXTS)
    count = rng.choice((5, 7) if level == 1 else (6, 8))
    while True:
        values = _distinct_values(rng, count, low, high)
        ordered = sorted(values)
        slips = {  # the median, then each wrong answer: all must differ
            _rational(statistics.median(values)),
            sympy.Rational(sum(values), count),
            values[count // 2],
            ordered[count // 2 - 1] if count % 2 == 0 else values[count // 2],
        }
        if len(slips) == (3 if count % 2 else 4):
            break
    expected = _rational(statistics.median(values))
    middle = count // 2
    question = template + " Quelle est la médiane de cette série ?"
    text = render(question, n=number(count), v=series(values), twenty=number(20))
    shown_sorted = " ; ".join(map(str, ordered))
    errors = [
        (
            sympy.Integer(values[middle]),
            "unsorted_middle",
            "Tu as pris la valeur du milieu sans ranger la série. Range d'abord les valeurs "
            "dans l'ordre croissant.",
        ),
        (
            sympy.Rational(sum(values), count),
            "mean_instead_of_median",
            "Tu as calculé la moyenne. La médiane, c'est la valeur du milieu de la série "
            "rangée dans l'ordre.",
        ),
    ]
    if level == 1:
        where = f"La série a {count} valeurs : la médiane est la {middle + 1}e valeur."
        worked = f"La {middle + 1}e valeur est {ordered[middle]}."
    else:
        where = (
            f"La série a {count} valeurs : la médiane est au milieu entre la {middle}e et la "
            f"{middle + 1}e valeur."
        )
        worked = f"({ordered[middle - 1]} + {ordered[middle]}) ÷ 2 = {number(expected).written}."
        errors.append(
            (
                sympy.Integer(ordered[middle - 1]),
                "one_middle_value",
                f"Tu as pris une seule des deux valeurs du milieu. Avec {count} valeurs, la "
                "médiane est entre les deux : fais leur moyenne.",
            )
        )
    return Draft(
        skill="donnees.statistiques.mediane",
        text=text,
        expected=expected,
        kind="number",
        unit=unit,
        hints=(
            "La médiane partage la série en deux groupes de même effectif.",
            f"Range les valeurs dans l'ordre croissant. {where}",
            f"Série rangée : {shown_sorted}. {worked}",
        ),
        solution=f"Série rangée : {shown_sorted}. {where} {worked}",
        misconceptions=tuple(errors),
    )


def _median_of_table(rng: random.Random) -> Draft:
    while True:
        start = rng.randint(8, 14)
        values = list(range(start, start + rng.randint(4, 5)))
        counts = [rng.randint(1, 7) for _ in values]
        expanded = [v for v, c in zip(values, counts, strict=True) for _ in range(c)]
        expected = _rational(statistics.median(expanded))
        plain = _rational(statistics.median(values))
        mode = values[counts.index(max(counts))]
        if len({expected, plain, mode}) == 3 and counts.count(max(counts)) == 1:
            break
    people = len(expanded)
    parts = [
        render("{p} eu {v}", p=_pupils(c, "a", "ont"), v=number(v))
        for v, c in zip(values, counts, strict=True)
    ]
    text = render(
        "Voici les notes sur {twenty} d'une classe à un contrôle : {t}. Quelle est la médiane "
        "des notes ?",
        twenty=number(20),
        t=join(parts),
    )
    if people % 2:
        where = f"Il y a {people} notes : la médiane est la {people // 2 + 1}e note."
    else:
        where = (
            f"Il y a {people} notes : la médiane est au milieu entre la {people // 2}e et la "
            f"{people // 2 + 1}e note."
        )
    running, cumulative = 0, []
    for v, c in zip(values, counts, strict=True):
        running += c
        cumulative.append(f"jusqu'à {v} : {running} élèves")
    return Draft(
        skill="donnees.statistiques.mediane",
        text=text,
        expected=expected,
        kind="number",
        hints=(
            "Chaque note compte autant de fois qu'il y a d'élèves qui l'ont eue.",
            where,
            "Compte les élèves dans l'ordre des notes : " + " ; ".join(cumulative) + ".",
        ),
        solution=(
            f"{where} En comptant dans l'ordre ({' ; '.join(cumulative)}), la médiane est "
            f"{number(expected).written}."
        ),
        misconceptions=(
            (
                plain,
                "ignored_counts",
                "Tu as pris la médiane des notes sans tenir compte du nombre d'élèves. "
                "Chaque note compte autant de fois qu'il y a d'élèves.",
            ),
            (
                sympy.Integer(mode),
                "mode_instead_of_median",
                "Tu as donné la note la plus fréquente. La médiane, c'est la note de l'élève "
                "du milieu quand on les range dans l'ordre.",
            ),
        ),
    )


@register("statistics.range", topic="statistiques", domain="donnees")
def spread(rng: random.Random, level: int) -> Draft:
    """Level 1: the range of whole numbers. Level 2: temperatures with negatives. Level 3:
    the largest value from the range and the smallest value."""
    if level == 3:
        return _largest_from_range(rng)
    count = rng.randint(5, 7)
    if level == 1:
        template, (low, high), unit = rng.choice(CONTEXTS)
    else:
        template = "Voici les températures relevées chaque matin pendant {n} jours : {v}."
        low, high, unit = -9, 12, "°C"
    while True:
        values = _distinct_values(rng, count, low, high)
        biggest, smallest = max(values), min(values)
        if smallest == 0 or (level == 2 and smallest > 0):
            continue
        if values[-1] - values[0] not in (biggest - smallest, biggest, smallest - biggest):
            break
    expected = sympy.Integer(biggest - smallest)
    question = template + " Quelle est l'étendue de cette série ?"
    text = render(
        question, n=number(count), v=series(values, unit if level == 2 else None), twenty=number(20)
    )
    errors = [
        (
            sympy.Integer(biggest),
            "gave_largest",
            "Tu as donné la plus grande valeur. L'étendue, c'est l'écart entre la plus grande "
            "et la plus petite valeur.",
        ),
        (
            sympy.Integer(values[-1] - values[0]),
            "last_minus_first",
            "Tu as fait la dernière valeur moins la première. Cherche d'abord la plus grande "
            "et la plus petite valeur de la série.",
        ),
    ]
    if smallest < 0:
        errors.insert(
            0,
            (
                sympy.Integer(biggest + smallest),
                "ignored_negative_sign",
                f"Attention au signe : {biggest} − ({number(smallest).written}) = {biggest} + "
                f"{-smallest}. Enlever un nombre négatif, c'est ajouter son opposé.",
            ),
        )
    calculation = f"{number(biggest).written} − {term(smallest)} = {number(expected).written}"
    return Draft(
        skill="donnees.statistiques.etendue",
        text=text,
        expected=expected,
        kind="number",
        unit=unit,
        hints=(
            "L'étendue mesure à quel point les valeurs sont dispersées.",
            "Étendue = plus grande valeur − plus petite valeur.",
            f"La plus grande valeur est {number(biggest).written}, la plus petite "
            f"{number(smallest).written}.",
        ),
        solution=f"Étendue = {calculation}.",
        misconceptions=tuple(errors),
    )


def _largest_from_range(rng: random.Random) -> Draft:
    smallest, width = rng.randint(2, 12), rng.randint(3, 15)
    expected = sympy.Integer(smallest + width)
    text = render(
        "Au saut en longueur, la plus petite distance d'un groupe d'élèves est {s}. "
        "L'étendue des distances est {e}. Quelle est la plus grande distance, en décimètres ?",
        s=Text(f"{smallest} dm", f"{int_words(smallest)} décimètres"),
        e=Text(f"{width} dm", f"{int_words(width)} décimètres"),
    )
    return Draft(
        skill="donnees.statistiques.etendue",
        text=text,
        expected=expected,
        kind="number",
        hints=(
            "L'étendue est l'écart entre la plus grande et la plus petite valeur.",
            "Plus grande valeur − plus petite valeur = étendue, donc plus grande valeur = "
            "plus petite valeur + étendue.",
            f"Calcule {smallest} + {width}.",
        ),
        solution=f"Plus grande distance = {smallest} + {width} = {expected} dm.",
        misconceptions=(
            (
                sympy.Integer(width - smallest),
                "subtracted_smallest",
                "Tu as soustrait. L'étendue est l'écart au-dessus de la plus petite valeur : "
                "on l'ajoute.",
            ),
            (
                sympy.Integer(width),
                "gave_range",
                "Tu as redonné l'étendue. On cherche la plus grande distance : plus petite "
                "distance + étendue.",
            ),
        ),
    )


CLUBS = ("le sport", "la musique", "le théâtre", "les échecs", "le dessin")


def _percent(count: int, total: int) -> sympy.Rational:
    return sympy.Rational(100 * count, total)


@register("statistics.frequency", topic="statistiques", domain="donnees")
def frequency(rng: random.Random, level: int) -> Draft:
    """A frequency as a percentage. Level 1: one count out of a total. Level 2: the total
    must first be added up from a table. Level 3: a cumulative frequency (« au moins »)."""
    while True:
        values = list(range(rng.randint(8, 12), 20, 2))[: rng.randint(3, 5)] if level == 3 else []
        labels = rng.sample(CLUBS, rng.randint(3, 4)) if level == 2 else []
        size = len(values) or len(labels) or 2
        counts = [rng.randint(1, 12) for _ in range(size)]
        total = sum(counts)
        if level == 1:
            total = rng.choice((20, 25, 50))
            counts = [rng.randint(2, total - 2)]
        pick = rng.randrange(len(counts)) if level < 3 else rng.randrange(1, len(counts))
        wanted = sum(counts[pick:]) if level == 3 else counts[pick]
        if level < 3 or wanted != counts[pick]:
            if (100 * wanted) % total == 0 and wanted != total:
                break
    expected = _percent(wanted, total)
    if level == 1:
        text = render(
            "Dans un groupe de {t} élèves, {c} font partie d'un club de sport. Quelle est la "
            "fréquence des élèves qui font partie d'un club de sport, en pourcentage ?",
            t=number(total),
            c=number(wanted),
        )
        total_line = f"Il y a {total} élèves en tout."
    elif level == 2:
        parts = [
            render("{p} {l}", p=_pupils(c, "préfère", "préfèrent"), l=label)
            for c, label in zip(counts, labels, strict=True)
        ]
        text = render(
            "On a demandé aux élèves d'un lycée leur activité préférée : {p}. Quelle est la "
            "fréquence des élèves qui préfèrent {l}, en pourcentage ?",
            p=join(parts),
            l=labels[pick],
        )
        total_line = f"Effectif total : {' + '.join(map(str, counts))} = {total}."
    else:
        parts = [
            render("{p} eu {v}", p=_pupils(c, "a", "ont"), v=number(v))
            for c, v in zip(counts, values, strict=True)
        ]
        text = render(
            "Voici les notes d'une classe à un contrôle : {p}. Quel pourcentage des élèves a "
            "eu au moins {v} ?",
            p=join(parts),
            v=number(values[pick]),
        )
        total_line = (
            f"Effectif total : {' + '.join(map(str, counts))} = {total}. « Au moins "
            f"{values[pick]} » compte {values[pick]} et les notes au-dessus : "
            f"{' + '.join(map(str, counts[pick:]))} = {wanted} élèves."
        )
    errors = [
        (
            sympy.Rational(wanted, total),
            "forgot_times_hundred",
            f"Tu as trouvé la fréquence {number(sympy.Rational(wanted, total)).written}. Pour "
            "l'écrire en pourcentage, multiplie-la par 100.",
        ),
        (
            _percent(wanted, total - wanted),
            "divided_by_the_others",
            "Tu as divisé par le nombre des autres élèves. On divise par l'effectif total.",
        ),
    ]
    if level == 3:
        errors.insert(
            0,
            (
                _percent(counts[pick], total),
                "only_that_value",
                f"Tu as compté seulement les élèves qui ont eu {values[pick]}. « Au moins "
                f"{values[pick]} » veut dire {values[pick]} ou plus.",
            ),
        )
        errors.append(
            (
                _percent(wanted - counts[pick], total),
                "excluded_the_value",
                f"« Au moins {values[pick]} » comprend aussi les élèves qui ont eu {values[pick]}.",
            )
        )
    else:
        errors.append(
            (
                sympy.Integer(wanted),
                "gave_count",
                "Tu as donné l'effectif. La fréquence en pourcentage, c'est effectif ÷ "
                "effectif total × 100.",
            )
        )
    calculation = f"{wanted} ÷ {total} × 100"
    return Draft(
        skill="donnees.statistiques.frequence",
        text=text,
        expected=expected,
        kind="number",
        unit="%",
        hints=(
            "La fréquence dit quelle part du total représente un groupe.",
            "Fréquence en pourcentage = effectif du groupe ÷ effectif total × 100. " + total_line,
            f"Calcule {calculation}.",
        ),
        solution=f"{total_line} {calculation} = {number(expected, '%').written}.",
        misconceptions=tuple(errors),
    )

"""Mise en équation: a short situation from a teenager's life, an unknown to name x, an
equation to write and solve.

Writing the equation is the hard part, so the hints give it step by step (what x is, what each
side counts). The misconceptions are the ways a situation is misread: adding what should be
taken away, forgetting the fixed part of a price, comparing offers without gathering the x.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import sympy

from curriculum.maths.items import Draft, Text, X, expression, number, register, relation, render

SKILL = "calcul_litteral.equations.mise_en_equation"


@dataclass(frozen=True)
class Situation:
    """A story with {a}, {b}, {c}, {d} slots, what x counts, and the first translation of the
    story into algebra (``reading``, written with the same slots): the second hint."""

    story: str
    unknown: str
    reading: str
    unit: str | None = None
    sign: int = 1  # one-step stories: + b (a gain) or − b (a spending)
    counts: tuple[str, ...] = ()  # slots that count things: no unit


ONE_STEP = (
    Situation(
        "Inès collectionne des cartes. Elle en reçoit {b} pour son anniversaire et en a "
        "maintenant {c}. Combien de cartes avait-elle avant ?",
        "le nombre de cartes d'Inès avant son anniversaire",
        "Avant, Inès a x cartes. Après en avoir reçu {b}, elle en a x + {b}.",
    ),
    Situation(
        "Un nombre augmenté de {b} donne {c}. Quel est ce nombre ?",
        "le nombre cherché",
        "Le nombre augmenté de {b}, c'est x + {b}.",
    ),
    Situation(
        "Après avoir dépensé {b} au cinéma, Noah a encore {c} dans son porte-monnaie. Combien "
        "avait-il avant le cinéma ?",
        "la somme de Noah avant le cinéma, en euros",
        "Avant le cinéma, Noah a x euros. Après avoir dépensé {b}, il lui reste x − {b}.",
        "€",
        -1,
    ),
)
TWO_STEPS = (
    Situation(
        "Une salle d'escalade propose un abonnement à {b} par an, plus {a} par séance. Yanis a "
        "payé {c} cette année. Combien de séances a-t-il faites ?",
        "le nombre de séances",
        "Pour x séances, Yanis paie {a} × x, plus l'abonnement : {a}x + {b}.",
        "€",
    ),
    Situation(
        "Amina achète {a} cahiers identiques et une trousse à {b}. Elle paie {c} en tout. "
        "Combien coûte un cahier ?",
        "le prix d'un cahier, en euros",
        "Les {a} cahiers coûtent {a} × x ; avec la trousse, Amina paie {a}x + {b}.",
        "€",
        counts=("a",),
    ),
    Situation(
        "Si on multiplie un nombre par {a} puis qu'on ajoute {b}, on obtient {c}. Quel est ce "
        "nombre ?",
        "le nombre cherché",
        "Le nombre multiplié par {a}, c'est {a}x ; en ajoutant {b}, on obtient {a}x + {b}.",
    ),
)
COMPARISONS = (
    Situation(
        "Au cinéma, l'offre A coûte {a} par place. L'offre B coûte {b} pour la carte, puis {c} "
        "par place. Pour combien de places les deux offres coûtent-elles le même prix ?",
        "le nombre de places",
        "Pour x places, l'offre A coûte {a}x et l'offre B coûte {c}x + {b}.",
        "€",
    ),
    Situation(
        "Léa a {b} et met {a} de côté chaque semaine. Hugo a {d} et met {c} de côté chaque "
        "semaine. Dans combien de semaines auront-ils la même somme ?",
        "le nombre de semaines",
        "Après x semaines, Léa a {a}x + {b} et Hugo a {c}x + {d}.",
        "€",
    ),
)


@register("equations.word_problem", topic="equations", domain="calcul_litteral")
def word_problem(rng: random.Random, level: int) -> Draft:
    """Level 1: x ± b = c. Level 2: ax + b = c. Level 3: two offers, ax + b = cx + d."""
    if level == 1:
        return _one_step(rng)
    if level == 2:
        return _two_steps(rng)
    return _comparison(rng)


def _draft(
    situation: Situation,
    numbers: dict[str, int],
    equation: tuple[sympy.Expr, sympy.Expr | int],
    x: int,
    steps: str,
    misconceptions: tuple[tuple[sympy.Expr, str, str], ...],
) -> Draft:
    """What every level shares: the statement, the translation as hints, the solution."""
    written = relation(expression(equation[0]), "=", expression(equation[1])).written
    story = render(
        situation.story,
        **{
            k: number(v, None if k in situation.counts else situation.unit)
            for k, v in numbers.items()
        },
    )
    reading = situation.reading.format(**numbers)
    ask = f" Appelle x {situation.unknown}, écris une équation, puis résous-la."
    return Draft(
        skill=SKILL,
        text=Text(story.written + ask, story.spoken + ask),
        expected=sympy.Integer(x),
        kind="solution",
        variable="x",
        hints=(
            f"x, c'est {situation.unknown}. Écris avec x ce que dit chaque phrase.",
            reading,
            f"L'équation est {written}. Pour la résoudre, {steps}",
        ),
        solution=f"{reading} L'équation est {written}. Pour la résoudre, {steps} Donc x = {x}.",
        misconceptions=misconceptions,
    )


def _one_step(rng: random.Random) -> Draft:
    situation = rng.choice(ONE_STEP)
    x, b = rng.randint(5, 60), rng.randint(3, 40)
    if situation.sign < 0:
        x += b  # Noah cannot spend more than he had
    c = x + situation.sign * b
    move = "on enlève" if situation.sign > 0 else "on ajoute"
    inverse = "enlever" if situation.sign > 0 else "ajouter"
    return _draft(
        situation,
        {"b": b, "c": c},
        (X + situation.sign * b, c),
        x,
        f"{move} {b} des deux côtés.",
        (
            (
                sympy.Integer(c + situation.sign * b),
                "wrong_inverse",
                f"Pour retrouver la valeur de départ, on fait l'opération inverse : il faut "
                f"{inverse} {b}, pas le contraire.",
            ),
            (
                sympy.Integer(c),
                "gave_the_final_value",
                f"{c}, c'est la valeur à la fin. La question demande la valeur de départ.",
            ),
        ),
    )


def _two_steps(rng: random.Random) -> Draft:
    situation = rng.choice(TWO_STEPS)
    a, x, b = rng.randint(2, 9), rng.randint(2, 15), rng.randint(5, 60)
    c = a * x + b
    return _draft(
        situation,
        {"a": a, "b": b, "c": c},
        (a * X + b, c),
        x,
        f"on enlève {b} des deux côtés ({a}x = {c - b}), puis on divise par {a}.",
        (
            (
                sympy.Integer(c - b),
                "forgot_to_divide",
                f"Tu as trouvé {a}x = {c - b}. Il reste à diviser par {a}.",
            ),
            (
                sympy.Rational(c + b, a),
                "sign_error_moving_constant",
                f"Attention au signe : pour faire disparaître + {b}, on enlève {b} des deux "
                f"côtés : {a}x = {c - b}.",
            ),
            (
                sympy.Rational(c, a),
                "forgot_fixed_part",
                f"Tu as oublié les {b} qui ne dépendent pas de x : l'équation est "
                f"{a}x + {b} = {c}.",
            ),
        ),
    )


def _comparison(rng: random.Random) -> Draft:
    situation = rng.choice(COMPARISONS)
    c = rng.randint(2, 6)
    a = c + rng.randint(1, 4)
    x = rng.randint(3, 15)
    b = rng.randint(2, 30)
    if situation is COMPARISONS[0]:  # the card costs what B saves on x seats
        b = (a - c) * x
        numbers, equation = {"a": a, "b": b, "c": c}, (a * X, c * X + b)
    else:  # Hugo starts with more, Léa saves more: they meet after x weeks
        d = b + (a - c) * x
        numbers, equation = {"a": a, "b": b, "c": c, "d": d}, (a * X + b, c * X + d)
    gap = (a - c) * x
    gathered = relation(expression((a - c) * X), "=", number(gap)).written
    divide = f" : {gathered}, puis on divise par {a - c}" if a - c > 1 else ""
    return _draft(
        situation,
        numbers,
        equation,
        x,
        f"on regroupe les x d'un côté et les nombres de l'autre{divide}.",
        (
            (
                sympy.Rational(gap, a + c),
                "sign_error_moving_x",
                f"Attention au signe : pour faire disparaître {c}x à droite, on enlève {c}x "
                f"des deux côtés. On obtient {gathered}.",
            ),
            (
                sympy.Rational(gap, a),
                "ignored_x_on_one_side",
                f"Il y a des x des deux côtés : les {c}x comptent aussi. Regroupe-les d'abord.",
            ),
        ),
    )

"""Probabilities: one event in an equally likely draw, then two draws in a row (a tree).

Answers are irreducible fractions. The tree is never drawn: its branches are said in words
(« premier tirage : rouge avec 3/8… »). The errors named are counting the unfavourable cases
as the denominator, forgetting the « ne pas », adding along a path of the tree instead of
multiplying, and putting the first ball back when it is kept.
"""

from __future__ import annotations

import random

import sympy

from curriculum.maths.items import Draft, Text, fraction, int_words, register, render
from curriculum.maths.wording import join

COLOURS = (("rouge", "rouges"), ("bleue", "bleues"), ("verte", "vertes"), ("jaune", "jaunes"))
# Events on a six-sided die: (favourable faces, words).
FACES = (
    (1, "un six"),
    (1, "un deux"),
    (2, "un cinq ou un six"),
    (3, "un nombre pair"),
    (3, "un nombre impair"),
    (2, "un multiple de trois"),
)
IRREDUCIBLE = " Donne le résultat sous forme de fraction irréductible."


def _shown(value: sympy.Rational) -> str:
    return fraction(int(value.p), int(value.q)).written


def _reduced(numerator: int, denominator: int) -> str:
    """« 10/22 = 5/11 », or just « 7/18 » when there is nothing to simplify."""
    written = f"{numerator}/{denominator}"
    simplest = _shown(sympy.Rational(numerator, denominator))
    return written if written == simplest else f"{written} = {simplest}"


def _balls(rng: random.Random, colours: int) -> list[tuple[int, str, str]]:
    """(count, singular, plural) for a bag of marbles of ``colours`` colours."""
    return [(rng.randint(1, 9), *names) for names in rng.sample(COLOURS, colours)]


def _marbles(count: int, singular: str, plural: str) -> Text:
    """« 1 bille rouge » is read « une bille rouge », not « un bille »."""
    if count == 1:
        return Text(f"1 bille {singular}", f"une bille {singular}")
    return Text(f"{count} billes {plural}", f"{int_words(count)} billes {plural}")


def _bag(balls: list[tuple[int, str, str]]) -> Text:
    parts = [_marbles(*ball) for ball in balls]
    return render("Un sac contient {b}, toutes de la même taille.", b=join(parts))


@register("probability.event", topic="probabilites", domain="donnees")
def event(rng: random.Random, level: int) -> Draft:
    """Level 1: P(a colour). Level 2: P(not a colour), the complement. Level 3: a card that
    is a multiple of a or of b, where the common multiples must be counted once."""
    if level == 3:
        return _multiples(rng)
    while True:
        balls = _balls(rng, 3)
        total = sum(n for n, _, _ in balls)
        count, singular, _ = rng.choice(balls)
        wanted = count if level == 1 else total - count
        expected = sympy.Rational(wanted, total)
        if 1 < count < total - 1 and expected != sympy.Rational(1, 3):
            break
    event_words = f"{'de' if level == 1 else 'de ne pas'} tirer une bille {singular}"
    text = render(
        "{b} On tire une bille au hasard. Quelle est la probabilité {e} ?{i}",
        b=_bag(balls),
        e=event_words,
        i=IRREDUCIBLE,
    )
    favourable = f"{wanted} bille{'s' if wanted > 1 else ''}"
    errors = [
        (
            sympy.Rational(wanted, total - wanted),
            "divided_by_other_cases",
            f"Tu as divisé par le nombre de billes qui ne conviennent pas. On divise par le "
            f"nombre total de billes : {total}.",
        ),
        (
            sympy.Rational(total, wanted),
            "inverted_fraction",
            "Tu as inversé la fraction. Une probabilité est entre 0 et 1 : le nombre de cas "
            "favorables en haut, le nombre total de cas en bas.",
        ),
        (
            sympy.Rational(1, 3) if level == 1 else sympy.Rational(2, 3),
            "colours_equally_likely",
            "Tu as compté les couleurs, pas les billes. Les couleurs n'ont pas toutes la même "
            "chance : il y a plus de billes de certaines couleurs.",
        ),
    ]
    if level == 2:
        errors.insert(
            0,
            (
                sympy.Rational(count, total),
                "forgot_complement",
                f"Tu as calculé la probabilité de tirer une bille {singular}. On veut l'inverse "
                f": ne pas la tirer. Calcule 1 − {_shown(sympy.Rational(count, total))}.",
            ),
        )
    return Draft(
        skill="donnees.probabilites.calculer",
        text=text,
        expected=expected,
        kind="irreducible_fraction",
        hints=(
            "Toutes les billes ont la même chance d'être tirées. Compte les cas favorables "
            "et le nombre total de cas.",
            "Probabilité = nombre de cas favorables ÷ nombre total de cas."
            + (" Ou bien : 1 − probabilité de l'événement contraire." if level == 2 else ""),
            f"Il y a {total} billes en tout, et {favourable} qui conviennent.",
        ),
        solution=(
            f"Il y a {total} billes et {favourable} qui conviennent. Probabilité = "
            f"{_reduced(wanted, total)}."
        ),
        misconceptions=tuple(errors),
    )


def _multiples(rng: random.Random) -> Draft:
    while True:
        cards = rng.randint(10, 30)
        a, b = sorted(rng.sample(range(2, 7), 2))
        by_a = cards // a
        by_b = cards // b
        both = sum(1 for n in range(1, cards + 1) if n % a == 0 and n % b == 0)
        wanted = by_a + by_b - both
        if both and by_a + by_b <= cards and wanted != by_a:
            break
    expected = sympy.Rational(wanted, cards)
    text = render(
        "On a {n} cartes numérotées de {one} à {n}. On tire une carte au hasard. Quelle est la "
        "probabilité que son numéro soit un multiple de {a} ou un multiple de {b} ?{i}",
        n=Text(str(cards), int_words(cards)),
        one=Text("1", "un"),
        a=Text(str(a), int_words(a)),
        b=Text(str(b), int_words(b)),
        i=IRREDUCIBLE,
    )
    common = [n for n in range(1, cards + 1) if n % a == 0 and n % b == 0]
    return Draft(
        skill="donnees.probabilites.calculer",
        text=text,
        expected=expected,
        kind="irreducible_fraction",
        hints=(
            f"Écris la liste des numéros qui conviennent : les multiples de {a}, puis ceux de {b}.",
            "Attention : un numéro qui est multiple des deux ne compte qu'une fois.",
            f"Multiples de {a} : {by_a}. Multiples de {b} : {by_b}. Communs "
            f"({', '.join(map(str, common))}) : {both}.",
        ),
        solution=(
            f"{by_a} + {by_b} − {both} = {wanted} numéros conviennent sur {cards}. "
            f"Probabilité = {_reduced(wanted, cards)}."
        ),
        misconceptions=(
            (
                sympy.Rational(by_a + by_b, cards),
                "counted_common_twice",
                f"Tu as compté deux fois les numéros multiples de {a} et de {b} "
                f"({', '.join(map(str, common))}). Chaque carte ne compte qu'une fois.",
            ),
            (
                sympy.Rational(by_a, cards),
                "one_condition_only",
                f"Tu as compté seulement les multiples de {a}. « Ou » veut dire : l'un, "
                "l'autre, ou les deux.",
            ),
            (
                sympy.Rational(both, cards),
                "and_instead_of_or",
                f"Tu as compté les numéros multiples de {a} et de {b} à la fois. « Ou » veut "
                "dire : au moins l'un des deux.",
            ),
        ),
    )


@register("probability.two_steps", topic="probabilites", domain="donnees")
def two_steps(rng: random.Random, level: int) -> Draft:
    """Two draws in a row. Level 1: a coin then a die. Level 2: two marbles, the first put
    back. Level 3: two marbles, the first kept (the bag changes)."""
    if level == 1:
        faces = rng.choice(FACES)
        side = rng.choice(("pile", "face"))
        first, second = sympy.Rational(1, 2), sympy.Rational(faces[0], 6)
        steps = ("1/2", f"{faces[0]}/6")
        text = render(
            "On lance une pièce, puis un dé à six faces. Quelle est la probabilité d'obtenir "
            "{s}, puis {f} ?{i}",
            s=side,
            f=faces[1],
            i=IRREDUCIBLE,
        )
        branches = (
            f"Premier lancer : pile avec 1/2. Deuxième lancer : {faces[1]} avec {_shown(second)}."
        )
        errors: list[tuple[sympy.Expr, str, str]] = []
    else:
        while True:
            red, other = rng.randint(2, 7), rng.randint(2, 7)
            if red != other:
                break
        total = red + other
        kept = level == 3
        first = sympy.Rational(red, total)
        second = sympy.Rational(red - 1, total - 1) if kept else first
        steps = (f"{red}/{total}", f"{red - 1}/{total - 1}" if kept else f"{red}/{total}")
        back = (
            "On garde la première bille, puis on en tire une deuxième."
            if kept
            else "On remet la première bille dans le sac, puis on en tire une deuxième."
        )
        text = render(
            "Un sac contient {r} billes rouges et {o} billes bleues. On tire une bille au "
            "hasard. {b} Quelle est la probabilité de tirer deux billes rouges ?{i}",
            r=Text(str(red), int_words(red)),
            o=Text(str(other), int_words(other)),
            b=back,
            i=IRREDUCIBLE,
        )
        branches = (
            f"Premier tirage : rouge avec {red}/{total}. Deuxième tirage, après une rouge : "
            + (
                f"il reste {red - 1} rouges sur {total - 1} billes, donc rouge avec "
                f"{red - 1}/{total - 1}."
                if kept
                else f"le sac est le même, donc rouge avec {red}/{total}."
            )
        )
        errors = [
            (
                sympy.Rational(red, total) ** 2
                if kept
                else sympy.Rational(red * (red - 1), total * (total - 1)),
                "replacement_confusion",
                "Tu as fait comme si on remettait la bille. On la garde : au deuxième tirage, "
                "il y a une bille rouge de moins et une bille de moins en tout."
                if kept
                else "Tu as enlevé une bille au deuxième tirage. Ici, on remet la première "
                "bille : le sac est le même.",
            ),
            (
                first,
                "one_draw_only",
                "Tu as trouvé la probabilité pour un seul tirage. Il faut deux billes rouges : "
                "multiplie par la probabilité du deuxième tirage.",
            ),
        ]
    expected = first * second
    errors.insert(
        0,
        (
            first + second,
            "added_along_path",
            "Tu as additionné les probabilités. Le long d'un chemin de l'arbre, on les multiplie.",
        ),
    )
    if level == 1:
        if faces[0] == 1:
            errors.append(
                (
                    sympy.Rational(1, 8),
                    "counted_outcomes_wrongly",
                    "Il n'y a pas 8 issues : pour chaque côté de la pièce, il y a 6 faces du "
                    "dé, soit 2 × 6 = 12 issues.",
                )
            )
        errors.append(
            (
                second,
                "forgot_first_step",
                f"Tu as oublié la pièce. Il faut d'abord obtenir {side} : multiplie par 1/2.",
            )
        )
    return Draft(
        skill="donnees.probabilites.arbre",
        text=text,
        expected=expected,
        kind="irreducible_fraction",
        hints=(
            "Imagine un arbre : une branche pour le premier résultat, puis une branche pour "
            "le deuxième.",
            f"{branches}",
            f"Sur un chemin, on multiplie : {steps[0]} × {steps[1]}.",
        ),
        solution=(
            f"{branches} On multiplie le long du chemin : {steps[0]} × {steps[1]} "
            f"= {_shown(expected)}."
        ),
        misconceptions=tuple(errors),
    )

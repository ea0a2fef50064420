"""Functions: an image, an antecedent, and the slope of an affine function.

Formulas are read the way a teacher reads them aloud (« f de x égale trois x moins cinq »).
The errors named are the classic ones of seconde: adding before multiplying, (−3)² taken as
−9, image and antecedent swapped, and the slope computed upside down.
"""

from __future__ import annotations

import random

import sympy

from curriculum.maths.items import Draft, Text, number, register, render
from curriculum.maths.wording import join, term

NAMES = ("f", "g", "h")
NONZERO = tuple(v for v in range(-9, 10) if v)
STEEP = tuple(v for v in NONZERO if abs(v) > 1)  # « 1x » is not how anyone writes x


def _monomial(a: int, power: str = "") -> Text:
    """« 3x », « −x », « x² » with their spoken forms."""
    variable = Text("x" + ("²" if power else ""), "x" + (" au carré" if power else ""))
    if a == 1:
        return variable
    if a == -1:
        return Text("−" + variable.written, "moins " + variable.spoken)
    shown = number(a)
    return Text(shown.written + variable.written, f"{shown.spoken} {variable.spoken}")


def _formula(name: str, a: int, b: int, power: str = "") -> Text:
    """« f(x) = 3x − 5 » / « f de x égale trois x moins cinq »."""
    head = _monomial(a, power)
    if b:
        sign = ("+", "plus") if b > 0 else ("−", "moins")
        tail = number(abs(b))
        head = Text(
            f"{head.written} {sign[0]} {tail.written}", f"{head.spoken} {sign[1]} {tail.spoken}"
        )
    return _equals(Text(f"{name}(x)", f"{name} de x"), head)


def _equals(left: Text, right: Text) -> Text:
    """« f(1) = 6 » / « f de un égale six »."""
    return Text(f"{left.written} = {right.written}", f"{left.spoken} égale {right.spoken}")


def _call(name: str, x: sympy.Expr | int) -> Text:
    """« f(−2) » / « f de moins deux »."""
    shown = number(x)
    return Text(f"{name}({shown.written})", f"{name} de {shown.spoken}")


@register("functions.image", topic="fonctions", domain="donnees")
def image(rng: random.Random, level: int) -> Draft:
    """Level 1: f(x) = ax + b with positive numbers. Level 2: negatives. Level 3: f(x) = ax² + b
    at a negative x, where (−3)² = 9 is the trap."""
    name = rng.choice(NAMES)
    squared = level == 3
    if level == 1:
        a, b, x = rng.randint(2, 9), rng.randint(1, 9), rng.randint(2, 10)
    elif level == 2:
        a, b, x = rng.choice(STEEP), rng.choice(NONZERO), rng.randint(-9, -2)
    else:
        a, b, x = rng.randint(1, 3), rng.choice(NONZERO), rng.randint(-9, -3)
    if squared:
        expected = sympy.Integer(a * x**2 + b)
        times = "" if a == 1 else f"{a} × "
        calculation = f"{times}{term(x)}² + {term(b)}"
        errors = (
            (
                sympy.Integer(-a * x**2 + b),
                "negative_square",
                f"Attention : {term(x)}² = {term(x)} × {term(x)} = {x * x}. Le carré d'un nombre "
                "négatif est positif.",
            ),
            (
                sympy.Integer((a * x) ** 2 + b),
                "squared_the_coefficient",
                f"Tu as mis {a} × {term(x)} au carré. Seul x est au carré : on calcule "
                f"d'abord {term(x)}², puis on multiplie par {a}.",
            ),
            (
                sympy.Integer(a * 2 * x + b),
                "square_as_double",
                f"x² veut dire x × x, pas 2 × x : {term(x)}² = {x * x}.",
            ),
        )
    else:
        expected = sympy.Integer(a * x + b)
        calculation = f"{number(a).written} × {term(x)} + {term(b)}"
        errors = (
            (
                sympy.Integer(a * (x + b)),
                "added_before_multiplying",
                "Tu as additionné avant de multiplier. La multiplication passe d'abord : "
                f"{number(a).written} × {term(x)}, puis + {term(b)}.",
            ),
            (
                sympy.Integer(a + x + b),
                "added_coefficient",
                f"{_monomial(a).written} veut dire {number(a).written} × x : on multiplie, "
                "on n'additionne pas.",
            ),
            (
                sympy.Integer(-a * x + b),
                "sign_error",
                f"Attention aux signes : {number(a).written} × {term(x)} = "
                f"{number(a * x).written}.",
            ),
        )
    formula = _formula(name, a, b, "²" if squared else "")
    call = _call(name, x)
    return Draft(
        skill="donnees.fonctions.image",
        text=render("On donne la fonction {f}. Calcule {c}.", f=formula, c=call),
        expected=expected,
        kind="number",
        hints=(
            f"L'image de {number(x).written}, c'est ce qu'on obtient en remplaçant x par "
            f"{number(x).written} dans la formule.",
            f"{call.written} = {calculation}. Fais d'abord "
            + ("le carré." if squared else "la multiplication."),
            f"{number(a).written} × {term(x)} = {number(a * x).written}, puis ajoute {term(b)}."
            if not squared
            else f"{term(x)}² = {x * x}, donc {call.written} = {times}{x * x} + {term(b)}.",
        ),
        solution=f"{formula.written}, donc {call.written} = {calculation} = "
        f"{number(expected).written}.",
        misconceptions=errors,
    )


@register("functions.antecedent", topic="fonctions", domain="donnees")
def antecedent(rng: random.Random, level: int) -> Draft:
    """Solve f(x) = k for an affine f. Level 1: positive whole numbers. Level 2: negatives.
    Level 3: a decimal antecedent."""
    name = rng.choice(NAMES)
    while True:
        if level == 1:
            a, b, x = rng.randint(2, 9), rng.randint(1, 9), sympy.Integer(rng.randint(1, 10))
        elif level == 2:
            a, b, x = rng.choice(STEEP), rng.choice(NONZERO), sympy.Integer(rng.randint(-9, 9))
        else:
            a, b = rng.choice((2, 4, 5, -2, -4, -5)), rng.choice(NONZERO)
            x = sympy.Rational(rng.randint(-40, 40), abs(a))
        k = a * x + b
        if x and k and not (level == 3 and x.is_Integer):
            break
    formula = _formula(name, a, b)
    value = number(k)
    step = f"{_monomial(a).written} {'+' if b > 0 else '−'} {abs(b)} = {value.written}"
    return Draft(
        skill="donnees.fonctions.antecedent",
        text=render(
            "On donne la fonction {f}. Quel est l'antécédent de {k} par {n} ?",
            f=formula,
            k=value,
            n=name,
        ),
        expected=x,
        kind="number",
        hints=(
            f"Un antécédent de {value.written}, c'est un nombre x tel que "
            f"{name}(x) = {value.written}.",
            f"Résous l'équation {step}.",
            f"{_monomial(a).written} = {value.written} − {term(b)} = {number(k - b).written}, "
            f"puis divise par {number(a).written}.",
        ),
        solution=(
            f"On résout {step}. {_monomial(a).written} = {number(k - b).written}, donc x = "
            f"{number(k - b).written} ÷ {term(a)} = {number(x).written}."
        ),
        misconceptions=(
            (
                a * k + b,
                "computed_image",
                f"Tu as calculé l'image de {value.written}, {name}({value.written}). On cherche "
                f"l'inverse : le nombre x qui donne {value.written}.",
            ),
            (
                sympy.Rational(k + b, a),
                "wrong_sign_when_moving",
                f"Quand tu enlèves {term(b)} des deux côtés, {value.written} devient "
                f"{value.written} − {term(b)}.",
            ),
            (
                sympy.Rational(k, a) - b,
                "divided_too_early",
                f"Tu as divisé avant d'enlever {term(b)}. Enlève d'abord {term(b)}, puis divise "
                f"par {number(a).written}.",
            ),
        ),
    )


@register("functions.slope", topic="fonctions", domain="donnees")
def slope(rng: random.Random, level: int) -> Draft:
    """Slope a = (f(x₂) − f(x₁)) ÷ (x₂ − x₁). Level 1: positive whole. Level 2: negative
    whole. Level 3: a fraction."""
    name = rng.choice(NAMES)
    while True:
        x1, x2 = sorted(rng.sample(range(-5 if level > 1 else 0, 9), 2))
        if level == 1:
            a = sympy.Integer(rng.randint(2, 6))
        elif level == 2:
            a = sympy.Integer(rng.randint(-6, -2))
        else:
            a = sympy.Rational(rng.choice(NONZERO), rng.randint(2, 5))
        y1, y2 = a * x1 + rng.randint(-6, 6), a * (x2 - x1)
        y2 += y1
        whole = y1.is_Integer and y2.is_Integer and (level < 3 or not a.is_Integer)
        # every slip must give its own number: two x apart by 2 or more, a line not through O
        if whole and x2 and y2 and x2 - x1 > 1 and y1 != a * x1:
            break
    dx, dy = x2 - x1, y2 - y1
    known = join([_equals(_call(name, x1), number(y1)), _equals(_call(name, x2), number(y2))])
    kind = "irreducible_fraction" if level == 3 else "number"
    return Draft(
        skill="donnees.fonctions.affine",
        text=render(
            "{n} est une fonction affine telle que {k}. Quel est son coefficient directeur ?"
            + (" Donne-le sous forme de fraction irréductible." if level == 3 else ""),
            n=name,
            k=known,
        ),
        expected=a,
        kind=kind,
        hints=(
            "Le coefficient directeur, c'est de combien augmente l'image quand x augmente de 1.",
            "a = (différence des images) ÷ (différence des x), dans le même ordre.",
            f"a = ({number(y2).written} − {term(y1)}) ÷ ({number(x2).written} − {term(x1)}).",
        ),
        solution=(
            f"a = ({number(y2).written} − {term(y1)}) ÷ ({number(x2).written} − {term(x1)}) = "
            f"{number(dy).written} ÷ {number(dx).written} = "
            f"{number(a, None, 'fraction' if level == 3 else 'decimal').written}."
        ),
        misconceptions=(
            (
                sympy.Rational(dx, dy),
                "inverted_slope",
                "Tu as divisé la différence des x par la différence des images. C'est "
                "l'inverse : a = (différence des images) ÷ (différence des x).",
            ),
            (
                sympy.Integer(dy),
                "forgot_to_divide",
                f"Tu as trouvé la différence des images, {number(dy).written}. Il faut la "
                f"diviser par la différence des x, {dx}.",
            ),
            (
                sympy.Rational(y2, x2),
                "proportional_shortcut",
                f"Tu as calculé {name}({x2}) ÷ {number(x2).written}. Ça ne marche que si la "
                "fonction est linéaire : utilise les deux points.",
            ),
            (
                sympy.Rational(-dy, dx),
                "order_mixed",
                "Garde le même ordre en haut et en bas : si tu commences par le deuxième point "
                "pour les images, commence aussi par lui pour les x.",
            ),
        ),
    )


def _table(name: str, xs: list[int], ys: list[sympy.Expr]) -> Text:
    """A table of values read column by column, as a screen reader would: « x = 1 donne
    f(x) = 3 ; x = 2 donne f(x) = 5 »."""
    columns = [
        Text(
            f"x = {number(x).written} donne {name}(x) = {number(y).written}",
            f"pour x égale {number(x).spoken}, {name} de x égale {number(y).spoken}",
        )
        for x, y in zip(xs, ys, strict=True)
    ]
    return Text(" ; ".join(c.written for c in columns), " ; ".join(c.spoken for c in columns))


@register("functions.table", topic="fonctions", domain="donnees")
def table(rng: random.Random, level: int) -> Draft:
    """A table of values. Level 1: read an image. Level 2: read an antecedent. Level 3: the
    function is affine; extend the table past its last column."""
    if level == 3:
        return _extend_table(rng)
    name = rng.choice(NAMES)
    while True:
        start = rng.randint(-3, 0)
        xs = list(range(start, start + 5))
        a, b, c = rng.choice((-1, 1)), rng.randint(-6, 6), rng.randint(-5, 5)
        ys = [a * x * x + b * x + c for x in xs]
        position = rng.randrange(1, len(xs) - 1)
        distinct = len(set(ys)) == len(ys) and ys[position] != xs[position]
        if ys[position] in xs:  # the two slips of level 2 must give different numbers
            distinct = distinct and ys[xs.index(ys[position])] not in xs[position : position + 2]
        # level 2 asks for an antecedent of a number that is also some x of the table, so
        # that « its image » is a wrong answer the student can actually give
        if distinct and (level == 1 or (ys[position] in xs and xs.index(ys[position]) != position)):
            break
    x, y = xs[position], ys[position]
    if level == 1:
        expected = sympy.Integer(y)
        question = render("Quelle est l'image de {x} par {n} ?", x=number(x), n=name)
        method = f"L'image de {x}, c'est {name}({x}) : cherche la colonne où x = {x}."
        errors = [
            (
                sympy.Integer(ys[position + 1]),
                "read_next_column",
                f"Tu as lu la colonne d'à côté. Cherche la colonne où x = {number(x).written}, "
                f"et lis {name}(x) dans cette colonne.",
            ),
            (
                sympy.Integer(x),
                "repeated_x",
                f"Tu as redonné x. L'image, c'est le nombre {name}(x) de la même colonne.",
            ),
        ]
        if x in ys:  # the number is also an image: reading the table backwards is possible
            errors.append(
                (
                    sympy.Integer(xs[ys.index(x)]),
                    "antecedent_instead_of_image",
                    f"Tu as cherché {number(x).written} parmi les images. Ici, on donne x et "
                    f"on cherche {name}(x).",
                )
            )
    else:
        expected = sympy.Integer(x)
        question = render(
            "Quel nombre a pour image {y} par {n} ? On l'appelle un antécédent de {y}.",
            y=number(y),
            n=name,
        )
        method = f"Cherche la colonne où {name}(x) = {number(y).written}, puis lis x."
        errors = [
            (
                sympy.Integer(ys[xs.index(y)]),
                "image_instead_of_antecedent",
                f"Tu as donné l'image de {number(y).written}. On cherche le x qui a pour "
                f"image {number(y).written}.",
            ),
            (
                sympy.Integer(xs[position + 1]),
                "read_next_column",
                f"Tu as lu la colonne d'à côté. Cherche la colonne où {name}(x) = "
                f"{number(y).written}.",
            ),
        ]
    read = f"Dans la colonne x = {number(x).written}, on lit {name}(x) = {number(y).written}."
    return Draft(
        skill="donnees.fonctions.tableau",
        text=render(
            "Voici un tableau de valeurs de la fonction {n} : {t}. {q}",
            n=name,
            t=_table(name, xs, ys),
            q=question,
        ),
        expected=expected,
        kind="number",
        hints=(
            f"Chaque colonne du tableau donne un nombre x et son image {name}(x).",
            method,
            f"Regarde la colonne numéro {position + 1}.",
        ),
        solution=f"{read} Donc la réponse est {number(expected).written}.",
        misconceptions=tuple(errors),
    )


def _extend_table(rng: random.Random) -> Draft:
    name = rng.choice(NAMES)
    start = rng.randint(-2, 1)
    xs = list(range(start, start + 4))
    while True:
        step, origin = rng.choice(STEEP), rng.randint(-5, 5)
        target = xs[-1] + rng.randint(2, 5)
        last = step * xs[-1] + origin
        if not (origin and xs[-1] and last):
            continue
        gap = target - xs[-1]
        answers = {step * target + origin, last + gap, sympy.Rational(last * target, xs[-1])}
        if len(answers | {step * gap}) == 4:  # each slip gives its own number
            break
    ys = [step * x + origin for x in xs]
    expected = sympy.Integer(step * target + origin)
    method = (
        f"Quand x augmente de 1, {name}(x) change toujours du même nombre : "
        f"{number(ys[1]).written} − {term(ys[0])} = {number(step).written}."
    )
    worked = f"{name}({target}) = {number(last).written} + {gap} × {term(step)}"
    return Draft(
        skill="donnees.fonctions.tableau",
        text=render(
            "Voici un tableau de valeurs de la fonction affine {n} : {t}. Calcule {c}.",
            n=name,
            t=_table(name, xs, ys),
            c=_call(name, target),
        ),
        expected=expected,
        kind="number",
        hints=(
            "Une fonction affine change toujours du même nombre quand x augmente de 1.",
            method,
            f"De x = {xs[-1]} à x = {target}, x augmente de {gap} : {worked}.",
        ),
        solution=f"{method} {worked} = {number(expected).written}.",
        misconceptions=(
            (
                sympy.Integer(last + gap),
                "added_one_per_step",
                f"Quand x augmente de 1, {name}(x) change de {number(step).written}, pas de 1.",
            ),
            (
                sympy.Rational(last * target, xs[-1]),
                "assumed_proportional",
                "Tu as fait comme si le tableau était proportionnel. Une fonction affine change "
                "du même nombre à chaque pas, mais elle ne passe pas forcément par 0.",
            ),
            (
                sympy.Integer(step * gap),
                "forgot_last_value",
                f"Tu as trouvé de combien {name}(x) change. Il faut l'ajouter à la dernière "
                f"valeur du tableau, {number(last).written}.",
            ),
        ),
    )

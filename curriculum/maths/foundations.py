"""Skills other skills build on, each asked by its own family: the square root of a perfect
square, reducing and evaluating an expression with a letter, the null-product equation, the
converse of Pythagoras and the angles of a triangle.

The skill map (curriculum/skills.yml) makes simplifying roots, expanding and solving equations
wait for these; without a family that asks them, a student could neither train them nor reach
them by dialogue. The wrong values named are the classic slips: halving instead of taking a
root, 3x + 5x = 8x², reading 3x for x = 5 as 35, squaring a negative number into a negative
one, the signs of a null product's solutions, squaring the wrong sides, forgetting an angle.
"""

from __future__ import annotations

import random

import sympy

from curriculum.maths.items import (
    Draft,
    Text,
    bracketed,
    expression,
    number,
    number_list,
    register,
    relation,
)

X = sympy.Symbol("x")
SQUARES = "Les carrés parfaits : 4, 9, 16, 25, 36, 49, 64, 81, 100, 121, 144."


def _root(value: sympy.Expr) -> Text:
    """« √49 » / « racine de quarante-neuf »."""
    shown = number(value)
    return Text(f"√{shown.written}", f"racine de {shown.spoken}")


@register("roots.perfect_square", topic="racines", domain="nombres_calculs")
def perfect_square(rng: random.Random, level: int) -> Draft:
    """Level 1: √n of a perfect square. Level 2: of a decimal like 0,49. Level 3: √a + √b,
    which is not √(a + b)."""
    k = rng.choice((3, 4, 5, 6, 7, 8, 9, 11, 12))  # √4 = 4 ÷ 2: its slip would be right
    if level == 3:
        m = rng.choice([j for j in range(2, 10) if j != k and sympy.sqrt(k * k + j * j) != k + j])
        first, second = _root(sympy.Integer(k * k)), _root(sympy.Integer(m * m))
        given = Text(f"{first.written} + {second.written}", f"{first.spoken} plus {second.spoken}")
        expected = sympy.Integer(k + m)
        step = f"√{k * k} = {k} et √{m * m} = {m}."
        misconceptions = [
            (
                sympy.sqrt(k * k + m * m),
                "added_under_root",
                f"Tu as additionné sous la racine : √{k * k} + √{m * m} n'est pas "
                f"√{k * k + m * m}. Prends chaque racine, puis additionne.",
            ),
            (
                sympy.Integer(k * k + m * m),
                "no_root",
                "Tu as additionné les nombres sans prendre leurs racines.",
            ),
        ]
    else:
        if level == 2:  # 0,3 to 1,9: the decimal point is where students slip
            k = rng.choice([j for j in range(3, 20) if j != 10])
        root = sympy.Rational(k, 10) if level == 2 else sympy.Integer(k)
        square = root * root
        given = _root(square)
        expected = root
        step = f"{number(root).written} × {number(root).written} = {number(square).written}."
        misconceptions = [
            (
                square / 2,
                "halved",
                "Tu as divisé par 2. La racine carrée de n est le nombre qui, multiplié par "
                "lui-même, donne n.",
            ),
            (square, "no_root", "C'est le nombre sous la racine : il reste à prendre sa racine."),
        ]
        if level == 2:
            misconceptions.insert(
                0,
                (
                    root / 10,
                    "decimal_place",
                    f"Vérifie en multipliant : {number(root / 10).written} × "
                    f"{number(root / 10).written} ne fait pas {number(square).written}.",
                ),
            )
    return Draft(
        skill="nombres_calculs.racines.calculer",
        text=Text(f"Calcule {given.written}.", f"Calcule {given.spoken}."),
        expected=expected,
        kind="number",
        hints=(
            "La racine carrée d'un nombre, c'est le nombre positif qui, multiplié par "
            "lui-même, donne ce nombre.",
            SQUARES if level != 2 else "0,1 × 0,1 = 0,01 ; 0,2 × 0,2 = 0,04 ; 0,3 × 0,3 = 0,09.",
            step,
        ),
        solution=f"{step} Donc {given.written} = {number(expected).written}.",
        misconceptions=tuple(misconceptions),
    )


def _coefficient(rng: random.Random, low: int, high: int, signed: bool) -> int:
    value = rng.randint(low, high)
    return -value if signed and rng.random() < 0.4 else value


@register("letters.reduce", topic="calcul_litteral", domain="calcul_litteral")
def reduce(rng: random.Random, level: int) -> Draft:
    """Level 1: ax + bx + cx. Level 2: terms in x and numbers, mixed. Level 3: terms in x²,
    in x and numbers, some negative."""
    while True:  # every sort of term must survive, or its slips could not be told apart
        a, b = rng.randint(2, 9), rng.randint(2, 9)
        if level == 1:
            terms = [a * X, b * X, rng.randint(2, 9) * X]
        elif level == 2:
            c, d = rng.randint(1, 9), _coefficient(rng, 2, 9, True)
            terms = [a * X, sympy.Integer(c), _coefficient(rng, 1, 9, True) * X, sympy.Integer(d)]
        else:
            terms = [
                a * X**2,
                _coefficient(rng, 2, 9, True) * X,
                _coefficient(rng, 1, 9, True) * X**2,
                b * X,
                sympy.Integer(_coefficient(rng, 1, 9, True)),
            ]
        square = sum((t.coeff(X, 2) for t in terms), sympy.Integer(0))
        linear = sum((t.coeff(X, 1) for t in terms), sympy.Integer(0))
        alone = sum((t for t in terms if not t.has(X)), sympy.Integer(0))
        apart = square + linear and square + linear + alone
        product = _product_of([t.coeff(X, 1) for t in terms])
        if (
            linear
            and (level < 2 or alone)
            and (level < 3 or square)
            and apart
            and product != linear
        ):
            break
    reduced = sympy.expand(sympy.Add(*terms))
    given = _sum_of(terms)
    misconceptions: list[tuple[sympy.Expr, str, str]] = [
        (
            (square + linear + alone) * X,
            "merged_numbers_and_letters",
            "Tu as tout regroupé ensemble. On ne peut ajouter que des termes de même sorte : "
            "les x avec les x, les x² avec les x², les nombres seuls entre eux.",
        ),
        (
            (square + linear) * X**2 + alone,
            "merged_degrees" if level == 3 else "multiplied_letters",
            "Les termes en x² et les termes en x ne s'ajoutent pas entre eux."
            if level == 3
            else "3x + 5x font 8x, pas 8x² : on ajoute des x, on ne les multiplie pas.",
        ),
        (
            square * X**2 + _product_of([t.coeff(X, 1) for t in terms]) * X + alone,
            "multiplied_coefficients",
            "On additionne les nombres devant les x, on ne les multiplie pas : 3x + 5x = 8x.",
        ),
    ]
    x_part = sympy.expand(square * X**2 + linear * X)
    return Draft(
        skill="calcul_litteral.calcul_litteral.reduire",
        text=Text(f"Réduis {given.written}.", f"Réduis {given.spoken}."),
        expected=reduced,
        kind="expanded",
        hints=(
            "Réduire, c'est regrouper les termes de même sorte : les x ensemble, les nombres "
            "seuls ensemble" + (", les x² ensemble." if level == 3 else "."),
            "Additionne les nombres devant les x, comme 3 pommes + 5 pommes = 8 pommes : "
            "3x + 5x = 8x.",
            f"Les termes avec x donnent {expression(x_part).written}"
            + (f", les nombres seuls {number(alone).written}." if level >= 2 else "."),
        ),
        solution=f"{given.written} = {expression(reduced).written}.",
        misconceptions=tuple(misconceptions),
        variable="x",
    )


def _product_of(coefficients: list[sympy.Expr]) -> sympy.Expr:
    """The product of the non-zero coefficients (the slip of multiplying them)."""
    return sympy.prod([c for c in coefficients if c != 0]) if any(coefficients) else 0


def _sum_of(terms: list[sympy.Expr]) -> Text:
    """« 3x + 5 − 2x + 4 » as written, term by term (sympy would reorder and reduce it)."""
    written, spoken = [], []
    for index, term in enumerate(terms):
        shown = expression(term)
        negative = shown.written.startswith("−")
        if index == 0:
            written.append(shown.written)
            spoken.append(shown.spoken)
            continue
        body = expression(-term) if negative else shown
        written.append(f"{'−' if negative else '+'} {body.written}")
        spoken.append(f"{'moins' if negative else 'plus'} {body.spoken}")
    return Text(" ".join(written), " ".join(spoken))


def _replaced(coefficients: list[tuple[int, int]], x: int) -> str:
    """« 3 × (−2)² − 4 × (−2) + 5 »: the expression with x replaced, every product shown."""
    shown = bracketed(x).written
    parts = []
    for index, (c, degree) in enumerate(coefficients):
        factor = f"{abs(c)}" + (f" × {shown}" if degree else "") + ("²" if degree == 2 else "")
        sign = "−" if c < 0 else "+"
        parts.append((f"−{factor}" if c < 0 else factor) if index == 0 else f"{sign} {factor}")
    return " ".join(parts)


@register("letters.substitute", topic="calcul_litteral", domain="calcul_litteral")
def substitute(rng: random.Random, level: int) -> Draft:
    """Level 1: ax + b for a positive x. Level 2: for a negative x. Level 3: ax² + bx + c for
    a negative x."""
    a, b = rng.randint(2, 9), rng.randint(1, 12) * (1 if rng.random() < 0.6 else -1)
    x = rng.randint(3, 9) if level == 1 else -rng.randint(1, 6)  # 2 × 2 = 2 + 2: no slip
    if level == 3:
        c = _coefficient(rng, 1, 9, True)
        coefficients = [(a, 2), (c, 1), (b, 0)]
    else:
        coefficients = [(a, 1), (b, 0)]
    formula = sum((k * X**d for k, d in coefficients), sympy.Integer(0))
    value = formula.subs(X, x)
    shown_x = bracketed(x)
    replaced = _replaced(coefficients, x)
    if level == 3:
        misconceptions = [
            (
                formula.subs(X, x) - 2 * a * x * x,
                "square_of_negative",
                f"Le carré d'un nombre négatif est positif : {shown_x.written}² = {x * x}.",
            ),
            (
                formula.subs(X, x) + (a * a - a) * x * x,
                "squared_the_coefficient",
                f"{a}x² veut dire {a} × x², pas ({a}x)² : seul x est au carré.",
            ),
        ]
    elif level == 1:
        misconceptions = [
            (
                sympy.Integer(int(f"{a}{x}") + b),
                "juxtaposed",
                f"{a}x veut dire {a} × x : on multiplie, on n'écrit pas les chiffres côte à côte.",
            ),
            (sympy.Integer(a + x + b), "added", f"{a}x veut dire {a} × x : on multiplie."),
        ]
    else:
        misconceptions = [
            (
                formula.subs(X, -x),
                "sign_of_x",
                f"Remplace x par {shown_x.written} avec son signe, entre parenthèses.",
            ),
            (sympy.Integer(a + x + b), "added", f"{a}x veut dire {a} × x : on multiplie."),
        ]
    given = expression(formula)
    return Draft(
        skill="calcul_litteral.calcul_litteral.substituer",
        text=Text(
            f"Calcule {given.written} pour x = {number(x).written}.",
            f"Calcule {given.spoken} pour x égale {number(x).spoken}.",
        ),
        expected=sympy.Integer(value),
        kind="number",
        hints=(
            f"Remplace chaque x par {shown_x.written}"
            + (", entre parenthèses car il est négatif." if x < 0 else "."),
            "N'oublie pas les multiplications cachées : 3x, c'est 3 × x"
            + (" ; et le carré se calcule avant de multiplier." if level == 3 else "."),
            f"Écris : {replaced}.",
        ),
        solution=f"{replaced} = {number(value).written}.",
        misconceptions=tuple(misconceptions),
    )


@register("equations.null_product", topic="equations", domain="calcul_litteral")
def null_product(rng: random.Random, level: int) -> Draft:
    """Level 1: (x − a)(x − b) = 0 with positive roots. Level 2: roots of both signs.
    Level 3: (ax + b)(cx + d) = 0 with fractional roots."""
    while True:
        if level == 3:
            a, c = rng.randint(2, 5), rng.randint(2, 5)
            b, d = _coefficient(rng, 1, 9, True), _coefficient(rng, 1, 9, True)
            if sympy.gcd(a, b) != 1 or sympy.gcd(c, d) != 1 or {a, c} == {abs(b), abs(d)}:
                continue  # a common factor left, or the inverted slip gives the answer
            first, second = a * X + b, c * X + d
        else:
            p = rng.randint(1, 9)
            q = rng.randint(1, 9) * (-1 if level == 2 else 1)
            first, second = X - p, X - q
        roots = sympy.FiniteSet(*sympy.solve(first, X), *sympy.solve(second, X))
        opposite = sympy.FiniteSet(*(-r for r in roots))
        if len(roots) == 2 and opposite != roots:
            break
    product = sympy.Mul(first, second, evaluate=False)
    equation = relation(expression(product), "=", number(0))
    misconceptions = [
        (
            opposite,
            "kept_the_sign",
            "Vérifie les signes : si x − 3 = 0, alors x = 3 ; si x + 3 = 0, alors x = −3.",
        )
    ]
    if level == 3:
        (fa, fb), (fc, fd) = sympy.Poly(first, X).all_coeffs(), sympy.Poly(second, X).all_coeffs()
        misconceptions.append(
            (
                sympy.FiniteSet(-fa / fb, -fc / fd),
                "inverted_fraction",
                "Pour ax + b = 0, on trouve x = −b ÷ a : divise par le nombre devant x.",
            )
        )
    else:
        misconceptions.append(
            (
                sympy.FiniteSet(*roots, 0),
                "added_zero",
                "0 n'est pas une solution ici : remplace x par 0, le produit ne vaut pas 0.",
            )
        )
    steps = f"{expression(first).written} = 0 ou {expression(second).written} = 0"
    return Draft(
        skill="calcul_litteral.equations.produit_nul",
        text=Text(
            f"Résous l'équation {equation.written}. Donne les deux solutions, séparées par "
            "un point-virgule.",
            f"Résous l'équation {equation.spoken}. Donne les deux solutions.",
        ),
        expected=roots,
        kind="number_list",
        hints=(
            "Un produit est nul quand l'un de ses facteurs est nul.",
            f"Écris deux équations : {steps}.",
            f"Résous chacune : {steps}. Chaque équation donne une solution.",
        ),
        solution=f"{steps}. Les solutions sont donc : {number_list(roots).written}.",
        misconceptions=tuple(misconceptions),
    )


TRIPLES = ((3, 4, 5), (6, 8, 10), (5, 12, 13), (8, 15, 17), (9, 12, 15), (7, 24, 25))


@register("pythagoras.converse", topic="pythagore", domain="geometrie")
def converse(rng: random.Random, level: int) -> Draft:
    """Level 1: a right triangle, the longest side named last. Level 2: sides in any order.
    Level 3: the triangle may not be right (the longest side is one more)."""
    sides = list(rng.choice(TRIPLES))
    right = level < 3 or rng.random() < 0.5
    if not right:
        sides[2] += 1
    small, middle, longest = sides
    order = [0, 1, 2] if level == 1 else rng.sample([0, 1, 2], 3)
    names = ("AB", "BC", "AC")
    given = {names[i]: sides[order[i]] for i in range(3)}
    big_name = next(n for n, v in given.items() if v == longest)
    others = [n for n in names if n != big_name]
    listed = ", ".join(f"{n} = {v} cm" for n, v in given.items())
    spoken = ", ".join(f"{n} égale {number(v).spoken} centimètres" for n, v in given.items())
    total = small * small + middle * middle
    verdict = (
        f"C'est égal à {big_name}² = {longest * longest} : le triangle est rectangle "
        "(réciproque du théorème de Pythagore)."
        if right
        else f"Ce n'est pas égal à {big_name}² = {longest * longest} : le triangle n'est pas "
        "rectangle."
    )
    return Draft(
        skill="geometrie.pythagore.reciproque",
        text=Text(
            f"Un triangle ABC a pour côtés {listed}. Pour savoir s'il est rectangle, calcule "
            "la somme des carrés des deux plus petits côtés.",
            f"Un triangle ABC a pour côtés {spoken}. Pour savoir s'il est rectangle, calcule "
            "la somme des carrés des deux plus petits côtés.",
        ),
        expected=sympy.Integer(total),
        kind="number",
        hints=(
            f"Le plus grand côté est {big_name} : s'il y a un angle droit, il est en face.",
            f"Calcule {others[0]}² + {others[1]}², puis compare avec {big_name}².",
            f"{others[0]}² + {others[1]}² = {given[others[0]] ** 2} + {given[others[1]] ** 2}.",
        ),
        solution=(
            f"{others[0]}² + {others[1]}² = {given[others[0]]}² + {given[others[1]]}² = "
            f"{total}. {verdict}"
        ),
        misconceptions=(
            (
                sympy.Integer(middle * middle + longest * longest),
                "wrong_sides",
                f"Tu as pris le plus grand côté, {big_name}. On additionne les carrés des deux "
                f"autres, puis on compare avec {big_name}².",
            ),
            (
                sympy.Integer(small + middle),
                "not_squared",
                "Tu as additionné les longueurs : il faut additionner leurs carrés.",
            ),
            (
                sympy.Integer((small + middle) ** 2),
                "square_of_sum",
                f"Tu as calculé ({small} + {middle})². On calcule chaque carré, puis on "
                "les additionne.",
            ),
        ),
    )


@register("geometry.triangle_angles", topic="geometrie", domain="geometrie")
def triangle_angles(rng: random.Random, level: int) -> Draft:
    """Level 1: the third angle of a triangle. Level 2: the base angles of an isosceles
    triangle from its apex. Level 3: the apex from a base angle."""
    if level == 1:
        a = rng.randint(30, 100)
        b = rng.randint(20, 150 - a)
        expected = 180 - a - b
        text = (
            f"Dans un triangle ABC, l'angle en A mesure {a}° et l'angle en B mesure {b}°. "
            "Combien mesure l'angle en C, en degrés ?"
        )
        spoken = (
            f"Dans un triangle ABC, l'angle en A mesure {number(a).spoken} degrés et l'angle en "
            f"B mesure {number(b).spoken} degrés. Combien mesure l'angle en C, en degrés ?"
        )
        step = f"180 − {a} − {b} = {expected}."
        slips = [
            (180 - a, "forgot_an_angle", "Tu as oublié d'enlever l'un des deux angles."),
            (360 - a - b, "three_sixty", "La somme des angles d'un triangle est 180°, pas 360°."),
        ]
    elif level == 2:
        apex = rng.choice([d for d in range(20, 141, 2) if d not in (60, 90)])  # slips = answer
        expected = (180 - apex) // 2
        text = (
            f"Un triangle ABC est isocèle en A. L'angle en A mesure {apex}°. Combien mesure "
            "l'angle en B, en degrés ?"
        )
        spoken = (
            f"Un triangle ABC est isocèle en A. L'angle en A mesure {number(apex).spoken} "
            "degrés. Combien mesure l'angle en B, en degrés ?"
        )
        step = f"180 − {apex} = {180 - apex}, partagé entre les deux angles égaux : {expected}."
        slips = [
            (180 - apex, "not_halved", "Les angles en B et en C sont égaux : partage en deux."),
            (apex, "same_as_apex", "Dans un triangle isocèle en A, ce sont B et C qui sont égaux."),
        ]
    else:
        base = rng.choice([d for d in range(25, 86) if d != 60])  # 60: A = B
        expected = 180 - 2 * base
        text = (
            f"Un triangle ABC est isocèle en A. L'angle en B mesure {base}°. Combien mesure "
            "l'angle en A, en degrés ?"
        )
        spoken = (
            f"Un triangle ABC est isocèle en A. L'angle en B mesure {number(base).spoken} "
            "degrés. Combien mesure l'angle en A, en degrés ?"
        )
        step = f"L'angle en C mesure aussi {base}°, donc 180 − {base} − {base} = {expected}."
        slips = [
            (
                180 - base,
                "one_base_angle",
                "L'angle en C est égal à l'angle en B : enlève-le aussi.",
            ),
            (base, "same_as_base", "Dans un triangle isocèle en A, ce sont B et C qui sont égaux."),
        ]
    return Draft(
        skill="geometrie.geometrie.angles",
        text=Text(text, spoken),
        expected=sympy.Integer(expected),
        kind="number",
        hints=(
            "Dans un triangle, la somme des trois angles vaut 180°.",
            "Un triangle isocèle en A a deux angles égaux : ceux en B et en C."
            if level >= 2
            else "Enlève de 180° les deux angles que tu connais.",
            step,
        ),
        solution=step,
        misconceptions=tuple((sympy.Integer(v), code, fb) for v, code, fb in slips),
    )

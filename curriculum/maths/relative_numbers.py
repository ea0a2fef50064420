"""Relative numbers: adding and subtracting, then multiplying and dividing, with signs.

Sign rules are where seconde students still lose most points in every chapter (equations,
expansions, functions). The two classic slips are named: adding the distances to zero when the
signs differ, and forgetting that subtracting a negative number means adding its opposite.
"""

from __future__ import annotations

import random

import sympy

from curriculum.maths.items import Draft, Text, bracketed, number, register

SKILL_ADD = "nombres_calculs.relatifs.additionner"
SKILL_MULTIPLY = "nombres_calculs.relatifs.multiplier"


def _nonzero(rng: random.Random, bound: int, smallest: int = 1) -> int:
    return rng.choice([n for n in range(-bound, bound + 1) if abs(n) >= smallest])


def _shown(n: int) -> str:
    return number(n).written


def _calculation(terms: list[tuple[str, int]]) -> Text:
    """« (−7) + 4 − (−3) » from [("", −7), ("+", 4), ("−", −3)], spoken with « plus » and
    « moins » so the voice keeps the operation apart from the sign."""
    written, spoken = [], []
    for op, value in terms:
        shown = bracketed(value)
        if op:
            written.append(op)
            spoken.append({"+": "plus", "−": "moins", "×": "fois", "÷": "divisé par"}[op])
        written.append(shown.written)
        spoken.append(shown.spoken)
    return Text(" ".join(written), " ".join(spoken))


@register("relatives.add_subtract", topic="relatifs", domain="nombres_calculs")
def add_subtract(rng: random.Random, level: int) -> Draft:
    """Level 1: a + b with different signs. Level 2: a − b with a negative b. Level 3: three
    terms mixing both."""
    a = _nonzero(rng, 10 if level == 1 else 20)
    if level == 1:
        b = rng.randint(1, 12) * (1 if a < 0 else -1)  # signs differ: the hard case
        if abs(b) == abs(a):
            b += 1 if b > 0 else -1
        terms = [("", a), ("+", b)]
    elif level == 2:
        terms = [("", a), ("−", -rng.randint(1, 15))]
    else:
        terms = [("", a), ("−", -rng.randint(1, 12)), (rng.choice("+−"), _nonzero(rng, 12))]
    calculation = _calculation(terms)
    signed = [value if op != "−" else -value for op, value in terms]
    total = sum(signed)
    as_sum = " + ".join(bracketed(v).written for v in signed)
    misconceptions: list[tuple[sympy.Expr, str, str]] = [
        (
            sympy.Integer(-total),
            "sign_of_result",
            "Attention au signe du résultat. Quand on ajoute des nombres de signes "
            "différents, le résultat prend le signe du nombre le plus éloigné de zéro.",
        ),
    ]
    if level >= 2:
        kept = sum(value for _, value in terms)
        misconceptions.append(
            (
                sympy.Integer(kept),
                "subtracted_negative_kept",
                "Tu as oublié de changer le signe : soustraire un nombre négatif, c'est ajouter "
                f"son opposé. Par exemple, − ({_shown(terms[1][1])}) devient "
                f"+ {_shown(-terms[1][1])}.",
            )
        )
    positives, negatives = sum(v for v in signed if v > 0), sum(v for v in signed if v < 0)
    misconceptions.append(
        (
            sympy.Integer(positives - negatives if total >= 0 else negatives - positives),
            "added_distances",
            "Tu as ajouté les distances à zéro. Quand les signes sont différents, on soustrait "
            "les distances à zéro, puis on garde le signe du plus éloigné de zéro.",
        )
    )
    steps = [calculation.written]
    if any(op == "−" for op, _ in terms):
        steps.append(as_sum)
    worked = ""
    if positives and negatives:
        grouped = f"{_shown(positives)} + ({_shown(negatives)})"
        if grouped != steps[-1]:
            steps.append(grouped)
        big, small = max(positives, -negatives), min(positives, -negatives)
        worked = (
            f"Distances à zéro : {big} et {small}. On soustrait : {big} − {small} = "
            f"{big - small}. Le signe est celui du plus éloigné de zéro."
        )
    steps.append(_shown(total))
    chain = " = ".join(steps[:-1]) + "." if len(steps) > 2 else ""
    return Draft(
        skill=SKILL_ADD,
        text=_ask(calculation),
        expected=sympy.Integer(total),
        kind="number",
        hints=(
            "Regarde bien les signes : lesquels sont positifs, lesquels sont négatifs ?",
            "Soustraire un nombre, c'est ajouter son opposé. Ensuite, ajoute les positifs "
            "ensemble et les négatifs ensemble.",
            " ".join(part for part in (chain, worked) if part),
        ),
        solution=" = ".join(steps) + ".",
        misconceptions=tuple(misconceptions),
    )


def _ask(calculation: Text) -> Text:
    return Text(f"Calcule {calculation.written}.", f"Calcule {calculation.spoken}.")


@register("relatives.multiply_divide", topic="relatifs", domain="nombres_calculs")
def multiply_divide(rng: random.Random, level: int) -> Draft:
    """Level 1: a × b. Level 2: an exact quotient a ÷ b. Level 3: three factors."""
    if level == 2:
        b, quotient = _nonzero(rng, 9, 2), _nonzero(rng, 12, 2)
        while b > 0 and quotient > 0:  # at least one negative sign
            b, quotient = _nonzero(rng, 9, 2), _nonzero(rng, 12, 2)
        factors = [b * quotient, b]
        calculation = _calculation([("", factors[0]), ("÷", b)])
        result = quotient
        wrong_op = (factors[0] * b, "multiplied_instead", "Tu as multiplié : ici, on divise.")
    else:
        count = 3 if level == 3 else 2
        while True:  # the sum must not be ± the product, or its slip could not be told apart
            factors = [_nonzero(rng, 6 if level == 3 else 10, 2) for _ in range(count)]
            if all(f > 0 for f in factors):
                factors[rng.randrange(count)] *= -1
            if abs(sum(factors)) != abs(sympy.prod(factors)):
                break
        calculation = _calculation([("" if i == 0 else "×", f) for i, f in enumerate(factors)])
        result = int(sympy.prod(factors))
        wrong_op = (sum(factors), "added_instead", "Tu as additionné : ici, on multiplie.")
    negatives = sum(1 for f in factors if f < 0)
    sign_word = "positif" if result > 0 else "négatif"
    rule = (
        "Compte les signes − : un nombre pair de signes − donne un résultat positif, "
        "un nombre impair donne un résultat négatif."
    )
    operation = "le quotient" if level == 2 else "le produit"
    return Draft(
        skill=SKILL_MULTIPLY,
        text=_ask(calculation),
        expected=sympy.Integer(result),
        kind="number",
        hints=(
            "Commence par trouver le signe du résultat, puis calcule sans les signes.",
            rule,
            f"Il y a {negatives} signe{'s' if negatives > 1 else ''} − : {operation} est "
            f"{sign_word}.",
        ),
        solution=(
            f"Il y a {negatives} signe{'s' if negatives > 1 else ''} − : {operation} est "
            f"{sign_word}. {calculation.written} = {_shown(result)}."
        ),
        misconceptions=(
            (
                sympy.Integer(-result),
                "sign_rule",
                f"Le calcul sans les signes est juste, mais pas le signe. {rule}",
            ),
            (sympy.Integer(wrong_op[0]), wrong_op[1], wrong_op[2]),
        ),
    )

"""Grade a student's answer to a maths item, with feedback a struggling student can use.

A bare « faux » teaches nothing. So the checker tells apart: an answer it could not read (ask
again kindly, no penalty), a right value in the wrong form (« 6/8 » when 3/4 is asked: equal,
but not simplified; « 2x + 6 » when a factorisation is asked: right, but not factorised), a
wrong unit, a known misconception (its own targeted feedback), and an ordinary wrong answer,
described from what the student wrote where possible (« vérifie le terme en x », « 4 n'est
pas un diviseur »). Values are compared with sympy, exactly, or within the item's tolerance
when the statement asks for a rounded value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import sympy
from sympy.ntheory.factor_ import core

from assistant.tutoring.answer_parsing import (
    ParsedAnswer,
    ParsedInequality,
    equivalent,
    parse_answer,
    parse_inequality,
    parse_values,
)
from curriculum.maths.items import MathItem, number_list


@dataclass(frozen=True)
class Verdict:
    """The outcome of one answer: what to record and what to say."""

    correct: bool
    understood: bool
    feedback: str
    diagnosis: str | None
    expected: str


RIGHT = "Juste !"
NOT_SIMPLIFIED = "C'est égal, mais tu peux encore simplifier."
WRONG = "Ce n'est pas la bonne réponse. Reprends ton calcul étape par étape."
NEED_VALUE = "Il faut trouver la valeur de x. Écris par exemple : x = 5."
NEED_EXACT = "Presque ! Ici, on veut la valeur exacte, sans arrondir."
FRACTION_TIP = " Tu peux l'écrire en fraction, par exemple 7/3."
NOT_SIMPLIFIED_ROOT = (
    "C'est égal, mais la racine se simplifie encore : cherche un carré parfait "
    "sous la racine (4, 9, 16, 25…)."
)
NOT_SCIENTIFIC = (
    "C'est la bonne valeur, mais pas l'écriture scientifique : le premier nombre doit être "
    "entre 1 et 10, par exemple 3,2 × 10⁴."
)
NOT_PRIME = "C'est bien égal, mais {factor} n'est pas un nombre premier : décompose-le encore."
NOT_A_PRODUCT = "C'est bien égal, mais écris-le comme un produit de nombres premiers, avec « × »."
NOT_EXPANDED = "C'est égal, mais ce n'est pas développé : il reste des parenthèses."
NOT_REDUCED = (
    "C'est juste, mais pas réduit : regroupe les termes en x², les termes en x et les nombres."
)
NOT_FACTORED = (
    "C'est juste, mais ce n'est pas factorisé : la réponse doit être un produit, "
    "par exemple 3(x + 2) ou (x + 1)(x − 1)."
)
NOT_FULLY_FACTORED = "C'est bien un produit, mais une parenthèse peut encore se factoriser."
NEED_EXPRESSION = "Ici, la réponse est une expression avec x, par exemple 3x + 6."
CHECK_TERMS = "Ce n'est pas ça. Vérifie {terms}."
NEED_INEQUALITY = (
    "Ici, on cherche toutes les solutions, pas une seule : écris une inégalité, par exemple x > 3."
)
CHECK_DIRECTION = "La borne est juste, mais vérifie le sens : plus grand ou plus petit ?"
CHECK_BOUND_INCLUDED = (
    "La borne est juste, mais est-ce qu'elle est elle-même une solution ? "
    "Choisis entre < et ≤ (ou > et ≥)."
)
NOT_IN_LIST = "{values} ne {verb} pas. "
MISSING = "Il en manque {count}."
SWAPPED = "Tu as inversé les deux coordonnées : d'abord l'abscisse (x), puis l'ordonnée (y)."
NOT_UNDERSTOOD = {
    "irreducible_fraction": "Je n'ai pas trouvé de fraction dans ta réponse. "
    "Écris-la simplement, par exemple 3/4 ou « trois quarts ».",
    "solution": "Je n'ai pas trouvé de valeur de x dans ta réponse. "
    "Écris-la simplement, par exemple x = 2 ou « moins deux ».",
    "number": "Je n'ai pas trouvé de nombre dans ta réponse. "
    "Écris-le simplement, par exemple 12 ou 2,5.",
    "simplified_root": "Je n'ai pas trouvé de nombre dans ta réponse. "
    "Écris-le simplement, par exemple 3√2 ou « trois racine de deux ».",
    "scientific": "Je n'ai pas trouvé de nombre dans ta réponse. "
    "Écris-le par exemple 3,2 × 10^4, ou « trois virgule deux fois dix puissance quatre ».",
    "prime_factors": "Je n'ai pas trouvé de produit dans ta réponse. "
    "Écris-le par exemple 2^2 × 3, ou « deux au carré fois trois ».",
    "number_list": "Je n'ai pas trouvé de liste de nombres dans ta réponse. "
    "Sépare-les par des points-virgules, par exemple 1 ; 2 ; 4.",
    "point": "Je n'ai pas trouvé de coordonnées dans ta réponse. Écris-les par exemple (2 ; −3).",
    "expanded": "Je n'ai pas compris ton expression. Écris-la par exemple 2x^2 + 3x − 5, "
    "ou « deux x au carré plus trois x moins cinq ».",
    "factored": "Je n'ai pas compris ton expression. Écris-la par exemple 3(x + 2) ou "
    "(x + 1)(x − 1), ou « le produit de x plus un par x moins un ».",
    "inequality": "Je n'ai pas compris ta réponse. Écris une inégalité, par exemple x > 3, "
    "ou « x plus grand que trois ».",
}


@lru_cache(maxsize=2048)
def _value(canonical: str, variable: str | None) -> sympy.Expr:
    """Expected and misconception values are our own strings; they go through the same
    safe parser as student text, so no sympify is needed anywhere."""
    parsed = parse_answer(canonical, variable)
    if parsed is None:
        raise ValueError(f"item value {canonical!r} is not readable")
    return parsed.value


def check_answer(item: MathItem, text: str) -> Verdict:
    """Grade ``text`` against ``item``; never raises on any student input."""
    if item.kind in ("expanded", "factored"):
        return _check_expression(item, text)
    if item.kind == "inequality":
        return _check_inequality(item, text)
    if item.kind in ("number_list", "point"):
        return _check_values(item, text)
    return _check_value(item, text)


def _check_value(item: MathItem, text: str) -> Verdict:
    """One number, possibly in a required form (fraction, root, scientific, prime factors)."""
    parsed = parse_answer(text, item.variable)
    if parsed is None:
        return _verdict(item, False, False, NOT_UNDERSTOOD[item.kind], None)
    if parsed.value.free_symbols:
        return _verdict(item, False, True, NEED_VALUE, None)
    expected = _value(item.expected, item.variable)
    right = equivalent(parsed.value, expected, item.tolerance)
    if parsed.unit and item.unit and not _same_unit(parsed.unit, item.unit):
        remark = "Ton nombre est juste, mais" if right else "Attention :"
        return _verdict(
            item,
            False,
            True,
            f"{remark} ici, l'unité est « {item.unit} », pas « {parsed.unit} ».",
            "wrong_unit",
        )
    if right:
        return _right(item, parsed)
    for misconception in item.misconceptions:
        if equivalent(parsed.value, _value(misconception.value, item.variable), item.tolerance):
            return _verdict(item, False, True, misconception.feedback, misconception.code)
    if item.tolerance is None and _close(parsed.value, expected):
        tip = FRACTION_TIP if item.kind in ("irreducible_fraction", "solution") else ""
        return _verdict(item, False, True, NEED_EXACT + tip, None)
    return _verdict(item, False, True, WRONG, None)


def _right(item: MathItem, parsed: ParsedAnswer) -> Verdict:
    """A right value: check its form, and add the remark that teaches something."""
    if item.kind in ("irreducible_fraction", "solution") and parsed.written_fraction:
        numerator, denominator = parsed.written_fraction
        if math.gcd(numerator, denominator) > 1:
            if item.kind == "irreducible_fraction":
                return _verdict(item, False, True, NOT_SIMPLIFIED, "not_simplified")
            return _verdict(item, True, True, f"{RIGHT} En simplifiant : {item.answer}.", None)
    form_error = _form_error(item, parsed)
    if form_error is not None:
        return _verdict(item, False, True, *form_error)
    if item.kind == "irreducible_fraction" and parsed.form in ("decimal", "expression"):
        return _verdict(
            item, True, True, f"{RIGHT} En fraction irréductible : {item.answer}.", None
        )
    if item.tolerance is not None and parsed.form == "expression":
        return _verdict(
            item, True, True, f"{RIGHT} C'est la valeur exacte. Arrondie : {item.answer}.", None
        )
    if item.unit and not parsed.unit:
        return _verdict(item, True, True, f"{RIGHT} Pense à écrire l'unité : {item.answer}.", None)
    return _verdict(item, True, True, f"{RIGHT} Bravo.", None)


def _same_unit(given: str, wanted: str) -> bool:
    """« degrés » is read °C, but an angle question means the degree of an angle."""
    return given == wanted or {given, wanted} == {"°", "°C"}


def _form_error(item: MathItem, parsed: ParsedAnswer) -> tuple[str, str] | None:
    """(feedback, diagnosis) when a right value is not written the way the question asks."""
    if item.kind == "simplified_root":
        if any(core(r) != r for r in parsed.radicands):
            return NOT_SIMPLIFIED_ROOT, "root_not_simplified"
    if item.kind == "scientific":
        if parsed.scientific is None or not 1 <= abs(parsed.scientific[0]) < 10:
            return NOT_SCIENTIFIC, "not_scientific"
    if item.kind == "prime_factors":
        if parsed.prime_powers is None:
            return NOT_A_PRODUCT, "not_prime_factors"
        for base, _ in parsed.prime_powers:
            if not sympy.isprime(base):
                return NOT_PRIME.format(factor=base), "not_prime_factors"
    return None


def _check_expression(item: MathItem, text: str) -> Verdict:
    """An expression in x: the right value (sympy equivalence) in the asked form."""
    parsed = parse_answer(text, item.variable)
    if parsed is None:
        return _verdict(item, False, False, NOT_UNDERSTOOD[item.kind], None)
    symbol = sympy.Symbol(item.variable or "x")
    if symbol not in parsed.value.free_symbols:
        return _verdict(item, False, True, NEED_EXPRESSION, None)
    expected = _value(item.expected, item.variable)
    if equivalent(parsed.value, expected):
        problem = _expression_form(item.kind, parsed, symbol)
        if problem is not None:
            return _verdict(item, False, True, *problem)
        return _verdict(item, True, True, f"{RIGHT} Bravo.", None)
    for misconception in item.misconceptions:
        if equivalent(parsed.value, _value(misconception.value, item.variable)):
            return _verdict(item, False, True, misconception.feedback, misconception.code)
    return _verdict(item, False, True, _wrong_terms(parsed.value, expected, symbol), None)


def _is_bracket(factor: sympy.Expr) -> bool:
    return bool(factor.is_Add or (factor.is_Pow and factor.base.is_Add))


def _expression_form(kind: str, parsed: ParsedAnswer, x: sympy.Symbol) -> tuple[str, str] | None:
    """Why an equal expression is not in the asked form, from the terms as written."""
    if kind == "expanded":
        if any(_is_bracket(f) for term in parsed.terms for f in term):
            return NOT_EXPANDED, "not_expanded"
        degrees = [sympy.degree(sympy.Mul(*term), x) for term in parsed.terms]
        if len(set(degrees)) < len(degrees):
            return NOT_REDUCED, "not_reduced"
        return None
    factors = parsed.terms[0] if len(parsed.terms) == 1 else ()
    brackets = [f.base if f.is_Pow else f for f in factors if _is_bracket(f)]
    if not brackets:
        return NOT_FACTORED, "not_factored"
    if any(sympy.degree(b, x) > 1 or abs(sympy.Poly(b, x).content()) != 1 for b in brackets):
        return NOT_FULLY_FACTORED, "not_fully_factored"  # x² + 2x, or 2x + 4: not finished
    return None


def _wrong_terms(value: sympy.Expr, expected: sympy.Expr, x: sympy.Symbol) -> str:
    """« Vérifie le terme en x et le nombre seul »: which coefficients differ, so the student
    knows where to look without being given the answer."""
    difference = sympy.expand(value - expected)
    if not difference.is_polynomial(x):
        return WRONG
    names = {0: "le nombre seul", 1: "le terme en x", 2: "le terme en x²"}
    degrees = sorted(sympy.Poly(difference, x).as_dict(), reverse=True)
    wrong = [names.get(d[0], f"le terme en x puissance {d[0]}") for d in degrees]
    listed = ", ".join(wrong[:-1]) + " et " + wrong[-1] if len(wrong) > 1 else wrong[0]
    return CHECK_TERMS.format(terms=listed)


def _check_inequality(item: MathItem, text: str) -> Verdict:
    """All the solutions of an inequation: the relation and the bound must both be right."""
    variable = item.variable or "x"
    parsed = parse_inequality(text, variable)
    if parsed is None:
        single = parse_answer(text, variable)
        if single is not None and not single.value.free_symbols:
            return _verdict(item, False, True, NEED_INEQUALITY, "not_an_inequality")
        return _verdict(item, False, False, NOT_UNDERSTOOD[item.kind], None)
    expected = _relation(item.expected, variable)
    if parsed == expected:
        return _verdict(item, True, True, f"{RIGHT} Bravo.", None)
    for misconception in item.misconceptions:
        if parsed == _relation(misconception.value, variable):
            return _verdict(item, False, True, misconception.feedback, misconception.code)
    if parsed.bound == expected.bound:
        same_side = parsed.relation[0] == expected.relation[0]
        return _verdict(
            item, False, True, CHECK_BOUND_INCLUDED if same_side else CHECK_DIRECTION, None
        )
    return _verdict(item, False, True, WRONG, None)


@lru_cache(maxsize=1024)
def _relation(canonical: str, variable: str) -> ParsedInequality:
    parsed = parse_inequality(canonical, variable)
    if parsed is None:
        raise ValueError(f"item value {canonical!r} is not readable")
    return parsed


def _check_values(item: MathItem, text: str) -> Verdict:
    """A list compared as a set (divisors), or a point compared in order (coordinates)."""
    given = parse_values(text)
    if not given:
        return _verdict(item, False, False, NOT_UNDERSTOOD[item.kind], None)
    expected = _values(item.expected)
    if _same_values(item.kind, given, expected):
        return _verdict(item, True, True, f"{RIGHT} Bravo.", None)
    for misconception in item.misconceptions:
        if _same_values(item.kind, given, _values(misconception.value)):
            return _verdict(item, False, True, misconception.feedback, misconception.code)
    if item.kind == "point":
        if tuple(reversed(given)) == expected:
            return _verdict(item, False, True, SWAPPED, "swapped_coordinates")
        return _verdict(item, False, True, WRONG, None)
    extra = sorted(set(given) - set(expected))
    missing = len(set(expected) - set(given))
    feedback = ""
    if extra:
        shown = number_list(extra).written
        feedback = NOT_IN_LIST.format(
            values=shown, verb="convient" if len(extra) == 1 else "conviennent"
        )
    if missing:
        feedback += MISSING.format(count=missing)
    return _verdict(item, False, True, feedback.strip(), None)


@lru_cache(maxsize=1024)
def _values(canonical: str) -> tuple[sympy.Expr, ...]:
    values = parse_values(canonical)
    if values is None:
        raise ValueError(f"item value {canonical!r} is not readable")
    return values


def _same_values(kind: str, given: tuple[sympy.Expr, ...], wanted: tuple[sympy.Expr, ...]) -> bool:
    return given == wanted if kind == "point" else set(given) == set(wanted)


def _close(value: sympy.Expr, expected: sympy.Expr) -> bool:
    """A rounded decimal for an exact fraction (2,33 for 7/3): right idea, not exact."""
    return not equivalent(value, expected) and equivalent(value, expected, 0.01)


def _verdict(
    item: MathItem, correct: bool, understood: bool, feedback: str, diagnosis: str | None
) -> Verdict:
    return Verdict(correct, understood, feedback, diagnosis, item.answer)

"""Grade a student's answer to a maths item, with feedback a struggling student can use.

A bare « faux » teaches nothing. So the checker tells apart: an answer it could not read (ask
again kindly, no penalty), a right value in the wrong form (« 6/8 » when 3/4 is asked: equal,
but not simplified), a wrong unit, a known misconception (its own targeted feedback), and an
ordinary wrong answer. Values are compared with sympy, exactly, or within the item's tolerance
when the statement asks for a rounded value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import sympy

from assistant.tutoring.answer_parsing import ParsedAnswer, equivalent, parse_answer
from curriculum.maths.items import MathItem


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
NOT_UNDERSTOOD = {
    "irreducible_fraction": "Je n'ai pas trouvé de fraction dans ta réponse. "
    "Écris-la simplement, par exemple 3/4 ou « trois quarts ».",
    "solution": "Je n'ai pas trouvé de valeur de x dans ta réponse. "
    "Écris-la simplement, par exemple x = 2 ou « moins deux ».",
    "number": "Je n'ai pas trouvé de nombre dans ta réponse. "
    "Écris-le simplement, par exemple 12 ou 2,5.",
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
    parsed = parse_answer(text, item.variable)
    if parsed is None:
        return _verdict(item, False, False, NOT_UNDERSTOOD[item.kind], None)
    if parsed.value.free_symbols:
        return _verdict(item, False, True, NEED_VALUE, None)
    expected = _value(item.expected, item.variable)
    right = equivalent(parsed.value, expected, item.tolerance)
    if parsed.unit and item.unit and parsed.unit != item.unit:
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
        tip = FRACTION_TIP if item.kind != "number" else ""
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


def _close(value: sympy.Expr, expected: sympy.Expr) -> bool:
    """A rounded decimal for an exact fraction (2,33 for 7/3): right idea, not exact."""
    return not equivalent(value, expected) and equivalent(value, expected, 0.01)


def _verdict(
    item: MathItem, correct: bool, understood: bool, feedback: str, diagnosis: str | None
) -> Verdict:
    return Verdict(correct, understood, feedback, diagnosis, item.answer)

"""French wording shared by the geometry, data and algorithm generators.

Figures are never shown, only described: segment names are read letter by letter, points say
which number is the abscissa, units are named in words, and a series is read in order. Keeping
these few phrasings in one place keeps every family consistent for a student who listens
instead of reading.
"""

from __future__ import annotations

import sympy

from curriculum.maths.items import UNIT_WORDS, Text, number

ROUNDING = " Donne une valeur arrondie au dixième."


def spell(name: str) -> str:
    """« AB » is read « A B » by text-to-speech, not as a word."""
    return " ".join(name)


def unit_name(unit: str, plural: bool = True) -> Text:
    """A unit on its own: « calcule l'aire en cm² », read « en centimètres carrés »."""
    singular, plurals = UNIT_WORDS[unit]
    return Text(unit, plurals if plural else singular)


def segment(name: str) -> Text:
    """« [AB] » on screen, « A B » in the voice (the sentence already says « segment »)."""
    return Text(f"[{name}]", spell(name))


def length(name: str, value: sympy.Expr | int, unit: str = "cm") -> Text:
    """« AB = 4 cm » on screen, « A B mesure quatre centimètres » in the voice."""
    shown = number(value, unit)
    return Text(f"{name} = {shown.written}", f"{spell(name)} mesure {shown.spoken}")


def point(name: str, x: sympy.Expr | int, y: sympy.Expr | int) -> Text:
    """« A(3 ; −2) » on screen; in the voice, which number is the abscissa is said."""
    first, second = number(x), number(y)
    return Text(
        f"{name}({first.written} ; {second.written})",
        f"{name}, d'abscisse {first.spoken} et d'ordonnée {second.spoken}",
    )


def both(first: Text, second: Text) -> Text:
    """Two points: a comma in the voice, so « d'ordonnée six, et B » is not heard as one."""
    return Text(f"{first.written} et {second.written}", f"{first.spoken}, et {second.spoken}")


def series(values: list[int], unit: str | None = None) -> Text:
    """« 2 ; 3 ; 1 » on screen (the comma is the decimal separator), « 2, 3, 1 » spoken."""
    shown = [number(v, unit) for v in values]
    return Text(" ; ".join(t.written for t in shown), ", ".join(t.spoken for t in shown))


def term(value: sympy.Expr | int) -> str:
    """A value inside a calculation: negatives in parentheses, « 3 + (−2) »."""
    shown = number(value).written
    return f"({shown})" if float(value) < 0 else shown


def join(parts: list[Text]) -> Text:
    """« a, b et c » for both forms."""

    def words(items: list[str]) -> str:
        return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} et {items[-1]}"

    return Text(words([p.written for p in parts]), words([p.spoken for p in parts]))

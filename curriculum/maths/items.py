"""Maths exercise items: the data model, the generator registry and shared French rendering.

Every exercise the tutor gives is a ``MathItem`` built from (generator id, level, seed), so a
session can be replayed, an item re-shown after a restart, and a test can pin an exact item.
Generator families (fractions, percentages, …) only do the maths and choose a context; this
module turns their ``Draft`` into an item: answer display, multiple-choice options, and the
written/spoken pair of every number, so that screen-reader text and text-to-speech never drift.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from itertools import chain
from typing import NamedTuple

import sympy

TOPICS: tuple[str, ...] = (  # the conversation's `topic` entity values (nlu_data/nlu/topics.yml)
    "fractions",
    "pourcentages",
    "equations",
    "pythagore",
    "statistiques",
    "proportionnalite",
    "relatifs",
    "puissances",
    "ecriture_scientifique",
    "racines",
    "arithmetique",
    "calcul_litteral",
    "inequations",
    "thales",
    "trigonometrie",
    "aires_volumes",
    "geometrie",
    "probabilites",
    "fonctions",
    "algorithmique",
)
DOMAINS: tuple[str, ...] = ("nombres_calculs", "calcul_litteral", "geometrie", "donnees")
LEVELS: tuple[int, ...] = (1, 2, 3)
# How an answer is judged (assistant/tutoring/checking.py). The first three compare a value;
# the others also require a form: a simplified root, a scientific notation, a product of
# primes, an expanded or a factored expression. Lists and points compare several values, and
# an inequality compares a relation and a bound.
KINDS: tuple[str, ...] = (
    "number",
    "irreducible_fraction",
    "solution",
    "simplified_root",
    "scientific",
    "prime_factors",
    "number_list",
    "point",
    "expanded",
    "factored",
    "inequality",
)
EXPRESSION_KINDS = frozenset({"expanded", "factored"})
# Two polynomials of degree at most 5 that agree at 6 points are equal: comparing generated
# expressions this way is exact, and much faster than expanding their difference.
SAMPLE_POINTS = (-3, -1, 2, 5, 7, 11)
COLLECTION_KINDS = frozenset({"number_list", "point"})

# Rounded answers are asked « au dixième »: any value within half a tenth is right.
TENTH = 0.05


@dataclass(frozen=True)
class Misconception:
    """A typical wrong answer and the feedback that explains the error behind it."""

    value: str
    code: str
    feedback: str


@dataclass(frozen=True)
class MathItem:
    """One exercise, fully determined by (generator, level, seed).

    ``expected`` and misconception values are machine forms the answer parser reads back;
    ``answer`` is shown to the student and ``answer_spoken`` is the same answer for the voice.
    """

    generator: str
    skill: str
    domain: str
    topic: str
    level: int
    seed: int
    statement: str
    speakable: str
    expected: str
    answer: str
    kind: str
    variable: str | None = None
    unit: str | None = None
    tolerance: float | None = None
    misconceptions: tuple[Misconception, ...] = ()
    hints: tuple[str, str, str] = ("", "", "")
    solution: str = ""
    choices: tuple[str, ...] = ()
    answer_spoken: str = ""


# --- Written and spoken French ----------------------------------------------------------------


class Text(NamedTuple):
    """The same words for the eyes (and screen readers) and for text-to-speech."""

    written: str
    spoken: str


_UNITS = (
    "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze "
    "seize".split()
)
_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}

UNIT_WORDS: dict[str, tuple[str, str]] = {
    "cm": ("centimètre", "centimètres"),
    "m": ("mètre", "mètres"),
    "km": ("kilomètre", "kilomètres"),
    "g": ("gramme", "grammes"),
    "€": ("euro", "euros"),
    "%": ("pour cent", "pour cent"),
    "min": ("minute", "minutes"),
    "h": ("heure", "heures"),
    "°C": ("degré", "degrés"),
    "°": ("degré", "degrés"),
    "mm": ("millimètre", "millimètres"),
    "cm²": ("centimètre carré", "centimètres carrés"),
    "m²": ("mètre carré", "mètres carrés"),
    "km²": ("kilomètre carré", "kilomètres carrés"),
    "cm³": ("centimètre cube", "centimètres cubes"),
    "dm³": ("décimètre cube", "décimètres cubes"),
    "m³": ("mètre cube", "mètres cubes"),
    "L": ("litre", "litres"),
    "cL": ("centilitre", "centilitres"),
    "mL": ("millilitre", "millilitres"),
    "kg": ("kilogramme", "kilogrammes"),
    "s": ("seconde", "secondes"),
    "m/s": ("mètre par seconde", "mètres par seconde"),
    "Go": ("gigaoctet", "gigaoctets"),
    "km/h": ("kilomètre par heure", "kilomètres par heure"),
}


def _below_hundred(n: int) -> str:
    if n < 17:
        return _UNITS[n]
    if n < 20:
        return "dix-" + _UNITS[n - 10]
    tens, unit = divmod(n, 10)
    if tens == 7:
        return "soixante et onze" if n == 71 else "soixante-" + _below_hundred(n - 60)
    if tens == 8:
        return "quatre-vingts" if unit == 0 else "quatre-vingt-" + _UNITS[unit]
    if tens == 9:
        return "quatre-vingt-" + _below_hundred(n - 80)
    if unit == 0:
        return _TENS[tens]
    return f"{_TENS[tens]} et un" if unit == 1 else f"{_TENS[tens]}-{_UNITS[unit]}"


def _below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    if hundreds == 0:
        return _below_hundred(rest)
    head = "cent" if hundreds == 1 else f"{_UNITS[hundreds]} cent"
    if rest == 0:
        return head + ("s" if hundreds > 1 else "")
    return f"{head} {_below_hundred(rest)}"


def int_words(n: int) -> str:
    """French words for an integer below a million (« quatre-vingt-dix-sept »)."""
    if n < 0:
        return "moins " + int_words(-n)
    if n >= 1_000_000:
        raise ValueError(f"{n} is too large to be read aloud in an exercise")
    thousands, rest = divmod(n, 1000)
    if thousands == 0:
        return _below_thousand(rest)
    # « deux cents » and « quatre-vingts » lose their s before « mille ».
    head = "mille"
    if thousands > 1:
        count = _below_thousand(thousands)
        head = (count[:-1] if count.endswith(("cents", "vingts")) else count) + " mille"
    return head if rest == 0 else f"{head} {_below_thousand(rest)}"


def _denominator_words(denominator: int, plural: bool) -> str:
    special = {2: "demi", 3: "tiers", 4: "quart"}
    if denominator in special:
        word = special[denominator]
    else:
        cardinal = int_words(denominator)
        if cardinal.endswith("cinq"):
            word = cardinal + "uième"
        elif cardinal.endswith("neuf"):
            word = cardinal[:-1] + "vième"
        elif cardinal.endswith(("e", "s")):
            word = cardinal[:-1] + "ième"
        else:
            word = cardinal + "ième"
    return word + ("s" if plural and not word.endswith("s") else "")


def _decimal_string(value: sympy.Rational, places: int | None = None) -> str:
    """Plain decimal digits of a rational, rounded half up when ``places`` is given."""
    exact = Decimal(int(value.p)) / Decimal(int(value.q))
    if places is not None:
        exact = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return format(exact.normalize(), "f")


def is_terminating(value: sympy.Expr) -> bool:
    """Whether a rational has a finite decimal form (denominator made of 2s and 5s)."""
    if not value.is_Rational:
        return False
    q = int(value.q)
    for prime in (2, 5):
        while q % prime == 0:
            q //= prime
    return q == 1


def _rounded(value: sympy.Expr, places: int) -> sympy.Rational:
    digits = sympy.N(value, 30)
    return sympy.Rational(_decimal_string(sympy.Rational(str(digits)), places))


@lru_cache(maxsize=8192)  # pure, and called for every number of every text
def number(value: sympy.Expr | int, unit: str | None = None, style: str = "decimal") -> Text:
    """Written and spoken forms of a value, with its unit.

    ``style``: "decimal" (7,5), "fraction" (15/2, « quinze demis ») or "rounded" (to the tenth,
    for irrational lengths). Decimals use the French comma; negatives the minus sign U+2212.
    """
    value = sympy.Integer(value) if isinstance(value, int) else value
    if style == "rounded" and not value.is_Integer:
        value = _rounded(value, 1)
        style = "decimal"
    if value.is_Integer:
        written, spoken = str(abs(int(value))), int_words(abs(int(value)))
    elif value.is_Rational and (style == "fraction" or not is_terminating(value)):
        written, spoken = fraction(abs(int(value.p)), int(value.q))
    elif value.is_Rational:
        # Money keeps its cents: « 9,20 € », not « 9,2 € ».
        digits = _decimal_string(abs(value), 2 if unit == "€" else None)
        if unit == "€" and len(digits.split(".")[1]) == 1:
            digits += "0"
        whole, decimals = digits.split(".")
        written = f"{whole},{decimals}"
        if len(decimals) <= 3:  # « virgule zéro cinq », « virgule vingt-cinq »
            leading_zeros = len(decimals) - len(decimals.lstrip("0"))
            after = ["zéro"] * leading_zeros + [int_words(int(decimals))]
        else:  # long tails are read digit by digit
            after = [int_words(int(digit)) for digit in decimals]
        spoken = " ".join([int_words(int(whole)), "virgule", *after])
    elif value.is_Add:  # 5 + √6: a slip that adds instead of multiplying
        head, tail = value.as_coeff_Add()
        first, second = number(head), number(abs(tail))
        sign = ("+", "plus") if tail > 0 else ("−", "moins")
        return Text(
            f"{first.written} {sign[0]} {second.written}",
            f"{first.spoken} {sign[1]} {second.spoken}",
        )
    else:
        written, spoken = _root_text(value if value.is_positive else -value)
    approximation = value if value.is_Rational else float(value)  # evalf is slow: exact first
    if approximation < 0:
        written, spoken = "−" + written, "moins " + spoken
    if unit is not None:
        singular, plural = UNIT_WORDS.get(unit, (unit, unit))
        written += unit if unit == "°" else f" {unit}"  # 35°, but 35 cm
        spoken += " " + (plural if abs(approximation) >= 2 else singular)
    return Text(written, spoken)


def fraction(numerator: int, denominator: int) -> Text:
    """A fraction as written, not reduced: the statement « Simplifie 6/8 » must keep 6/8."""
    p, q = abs(numerator), denominator
    written = f"{p}/{q}"
    if q <= 10:
        spoken = f"{int_words(p)} {_denominator_words(q, plural=p >= 2)}"
    else:
        spoken = f"{int_words(p)} sur {int_words(q)}"
    if numerator < 0:
        return Text("−" + written, "moins " + spoken)
    return Text(written, spoken)


def _root_text(value: sympy.Expr) -> tuple[str, str]:
    """« 4√2 » / « quatre racine de deux »: the only irrational values exercises produce."""
    coefficient, root = value.as_coeff_Mul()
    if not (root.is_Pow and root.exp == sympy.S.Half and root.base.is_Integer):
        raise ValueError(f"cannot write {value} in words")
    radicand = int(root.base)
    if coefficient == 1:
        return f"√{radicand}", f"racine de {int_words(radicand)}"
    head = number(coefficient)
    return f"{head.written}√{radicand}", f"{head.spoken} racine de {int_words(radicand)}"


def render(template: str, **parts: Text | str | int) -> Text:
    """Fill a template once for the screen and once for the voice."""
    written = {k: v.written if isinstance(v, Text) else str(v) for k, v in parts.items()}
    spoken = {k: v.spoken if isinstance(v, Text) else str(v) for k, v in parts.items()}
    return Text(template.format(**written), template.format(**spoken))


# --- Powers, expressions, sets: written and spoken ---------------------------------------------

_SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
RELATIONS: dict[str, tuple[str, str]] = {  # sympy's rel_op: (symbol, words)
    ">": (">", "est plus grand que"),
    ">=": ("≥", "est plus grand ou égal à"),
    "<": ("<", "est plus petit que"),
    "<=": ("≤", "est plus petit ou égal à"),
}


def exponent(n: int) -> Text:
    """« ² » / « au carré », « ⁻³ » / « puissance moins trois »: how teachers read powers."""
    spoken = {2: "au carré", 3: "au cube"}.get(n, f"puissance {int_words(n)}")
    return Text(str(n).translate(_SUPERSCRIPTS), spoken)


def power(base: sympy.Expr | int, n: int) -> Text:
    """« (−3)² » keeps the parentheses a negative base needs; « −3² » is another number."""
    shown = number(base)
    if float(base) >= 0:
        return Text(shown.written + exponent(n).written, f"{shown.spoken} {exponent(n).spoken}")
    written = f"({shown.written}){exponent(n).written}"
    if n in (2, 3):
        return Text(written, f"le {'carré' if n == 2 else 'cube'} de {shown.spoken}")
    return Text(written, f"{shown.spoken} entre parenthèses, {exponent(n).spoken}")


def scientific(value: sympy.Rational) -> Text:
    """« 3,2 × 10⁴ »: the mantissa between 1 and 10, read « trois virgule deux fois dix
    puissance quatre »."""
    mantissa, n = scientific_parts(value)
    head = number(mantissa)
    if n == 0:
        return head
    return Text(
        f"{head.written} × 10{exponent(n).written}",
        f"{head.spoken} fois dix {exponent(n).spoken}",
    )


def scientific_parts(value: sympy.Rational) -> tuple[sympy.Rational, int]:
    """(a, n) with value = a × 10ⁿ and 1 ≤ |a| < 10, found exactly (no float rounding)."""
    p, q = abs(int(value.p)), int(value.q)
    n = len(str(p // q)) - 1 if p >= q else -1
    while p < q * 10**n if n >= 0 else p * 10 ** (-n) < q:  # plain integers: fast and exact
        n -= 1
    return value / sympy.Integer(10) ** n, n


def prime_product(n: int) -> Text:
    """« 2² × 3 × 5 » / « deux au carré fois trois fois cinq », primes in increasing order."""
    parts = []
    for prime, count in sorted(sympy.factorint(n).items()):
        shown = number(prime)
        if count > 1:
            shown = Text(
                shown.written + exponent(count).written, f"{shown.spoken} {exponent(count).spoken}"
            )
        parts.append(shown)
    return Text(" × ".join(p.written for p in parts), " fois ".join(p.spoken for p in parts))


def number_list(values: sympy.FiniteSet | list[sympy.Expr]) -> Text:
    """« 1 ; 2 ; 3 ; 6 » / « un, deux, trois et six »: the French list separator, since a
    comma is the decimal mark."""
    shown = [number(v, style="fraction") for v in values]
    if len(shown) == 1:
        return shown[0]
    spoken = ", ".join(t.spoken for t in shown[:-1]) + " et " + shown[-1].spoken
    return Text(" ; ".join(t.written for t in shown), spoken)


def point(coordinates: sympy.Tuple) -> Text:
    """« (2 ; −3) » / « le point de coordonnées deux et moins trois »."""
    x, y = (number(c, style="fraction") for c in coordinates)
    return Text(f"({x.written} ; {y.written})", f"le point de coordonnées {x.spoken} et {y.spoken}")


def inequality(relation: sympy.core.relational.Relational) -> Text:
    """« x ≥ −2 » / « x est plus grand ou égal à moins deux »."""
    symbol, words = RELATIONS[relation.rel_op]
    bound = number(relation.rhs, style="fraction")
    name = str(relation.lhs)
    return Text(f"{name} {symbol} {bound.written}", f"{name} {words} {bound.spoken}")


def interval(relation: sympy.core.relational.Relational) -> Text:
    """The same solutions as an interval: x > 3 is ]3 ; +∞[, x ≤ 1 is ]−∞ ; 1]."""
    bound = number(relation.rhs, style="fraction")
    op = relation.rel_op
    if op in (">", ">="):
        bracket = "]" if op == ">" else "["
        return Text(
            f"{bracket}{bound.written} ; +∞[",
            f"l'intervalle de {bound.spoken} à plus l'infini, {_ends(op)}",
        )
    bracket = "[" if op == "<" else "]"
    return Text(
        f"]−∞ ; {bound.written}{bracket}",
        f"l'intervalle de moins l'infini à {bound.spoken}, {_ends(op)}",
    )


def _ends(op: str) -> str:
    return "borne exclue" if op in (">", "<") else "borne incluse"


X = sympy.Symbol("x")


def product(*factors: sympy.Expr | int) -> sympy.Expr:
    """A product kept as written: sympy would turn 3(x + 2) into 3x + 6 at once."""
    return sympy.Mul(*factors, evaluate=False)


def bracketed(value: sympy.Expr | int) -> Text:
    """A relative number inside a calculation: « (−7) » when negative, « 4 » otherwise."""
    shown = number(value, style="fraction")
    return Text(f"({shown.written})", shown.spoken) if float(value) < 0 else shown


def relation(left: Text, op: str, right: Text) -> Text:
    """« 3x − 5 > 7 » / « trois x moins cinq est plus grand que sept »; op is "=", ">"…"""
    symbol, words = ("=", "égale") if op == "=" else RELATIONS[op]
    return Text(f"{left.written} {symbol} {right.written}", f"{left.spoken} {words} {right.spoken}")


@lru_cache(maxsize=4096)
def expression(expr: sympy.Expr | int, variable: str = "x") -> Text:
    """An expression in x as a student writes it: « 3x² − 5x + 2 », « 2x(x + 3) », « (x − 1)² ».

    Products of brackets are read « le produit de A par B » and squares « le carré de A »: the
    voice cannot show brackets, and these are the words the answer parser reads back.
    Generators build unexpanded products with ``sympy.Mul(…, evaluate=False)``.
    """
    x = sympy.Symbol(variable)
    expr = sympy.Integer(expr) if isinstance(expr, int) else expr
    args = () if expr.is_Add else sympy.Mul.make_args(expr)
    groups = [a for a in args if a.is_Add or (a.is_Pow and a.base.is_Add)]
    if not groups:
        return _polynomial(expr, x)
    head = _polynomial(sympy.Mul(*[a for a in args if a not in groups]), x, lead=True)
    written = head.written + "".join(_bracket(g, x).written for g in groups)
    spoken_groups = [_polynomial(g.base if g.is_Pow else g, x).spoken for g in groups]
    if len(groups) == 1 and groups[0].is_Pow:
        tail = f"le carré de {spoken_groups[0]}"
    elif len(groups) == 1:
        return Text(written, f"le produit de {head.spoken} par {spoken_groups[0]}")
    else:
        tail = f"le produit de {spoken_groups[0]} par {spoken_groups[1]}"
    if head.spoken in ("", "moins"):
        return Text(written, f"{head.spoken} {tail}".strip())
    return Text(written, f"{head.spoken} fois {tail}")


def _bracket(group: sympy.Expr, x: sympy.Symbol) -> Text:
    if group.is_Pow:
        inner = _polynomial(group.base, x)
        return Text(f"({inner.written}){exponent(int(group.exp)).written}", "")
    return Text(f"({_polynomial(group, x).written})", "")


@lru_cache(maxsize=4096)
def _polynomial(expr: sympy.Expr, x: sympy.Symbol, lead: bool = False) -> Text:
    """Terms by decreasing degree; ``lead``: the factor before brackets (« 3x », « − », « »)."""
    terms = _terms(expr, x)
    if lead and len(terms) == 1 and terms[0][0] == (0,) and abs(terms[0][1]) == 1:
        return Text("−", "moins") if terms[0][1] < 0 else Text("", "")
    written, spoken = "", ""
    for index, ((degree,), coefficient) in enumerate(terms):
        if not coefficient.is_Integer:
            raise ValueError(f"only integer coefficients are written: {expr}")
        c = int(coefficient)
        words = _monomial(abs(c), degree, x)
        if index == 0:
            written, spoken = (
                ("−" if c < 0 else "") + words.written,
                ("moins " if c < 0 else "") + words.spoken,
            )
        else:
            written += f" {'−' if c < 0 else '+'} {words.written}"
            spoken += f" {'moins' if c < 0 else 'plus'} {words.spoken}"
    return Text(written, spoken)


def _terms(expr: sympy.Expr, x: sympy.Symbol) -> list[tuple[tuple[int], sympy.Expr]]:
    """((degree,), coefficient) by decreasing degree, like ``Poly.terms()`` but without building
    a Poly, which made writing expressions the slowest part of generating an item."""
    coefficients: dict[int, sympy.Expr] = {}
    terms = sympy.Add.make_args(expr)
    if not expr.is_Add or any(not term.is_Atom and term.has(sympy.Add) for term in terms):
        terms = sympy.Add.make_args(sympy.expand(expr))  # a bare sum of terms needs no expand
    for term in terms:
        coefficient, rest = term.as_independent(x, as_Add=False)
        degree = 0 if rest == 1 else 1 if rest == x else rest.exp if rest.is_Pow else None
        if rest.is_Pow and rest.base != x or degree is None or not 0 <= degree:
            raise ValueError(f"not a polynomial in {x}: {expr}")
        coefficients[int(degree)] = coefficients.get(int(degree), 0) + coefficient
    ordered = [((d,), c) for d, c in sorted(coefficients.items(), reverse=True) if c != 0]
    return ordered or [((0,), sympy.Integer(0))]


def _monomial(c: int, degree: int, x: sympy.Symbol) -> Text:
    if degree == 0:
        return number(c)
    name = Text(str(x), str(x))
    if degree > 1:
        name = Text(
            name.written + exponent(degree).written, f"{name.spoken} {exponent(degree).spoken}"
        )
    if c == 1:
        return name
    return Text(number(c).written + name.written, f"{number(c).spoken} {name.spoken}")


# --- Drafts, registry, items ------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    """What a generator family computes; ``generate`` adds identity, displays and choices.

    ``expected`` is a sympy number, or for the other kinds an expression in x (``expanded``,
    ``factored``), a relation such as ``x > 3`` (``inequality``), a ``FiniteSet``
    (``number_list``) or a ``Tuple`` (``point``). ``misconceptions`` holds (wrong value, code,
    feedback) of the same type; values that coincide with the answer or with an earlier
    misconception are dropped, so a wrong answer maps to one cause.
    """

    skill: str
    text: Text
    expected: sympy.Basic
    kind: str
    hints: tuple[str, str, str]
    solution: str
    misconceptions: tuple[tuple[sympy.Basic, str, str], ...]
    variable: str | None = None
    unit: str | None = None
    tolerance: float | None = None


Builder = Callable[[random.Random, int], Draft]


@dataclass(frozen=True)
class GeneratorSpec:
    """A registered generator: its topic, its domain of the seconde programme, its builder."""

    topic: str
    domain: str
    build: Builder


GENERATORS: dict[str, GeneratorSpec] = {}


def register(generator_id: str, topic: str, domain: str) -> Callable[[Builder], Builder]:
    """Decorator adding a builder to ``GENERATORS``; topics and domains are checked here once."""
    if topic not in TOPICS or domain not in DOMAINS:
        raise ValueError(f"{generator_id}: unknown topic {topic!r} or domain {domain!r}")

    def decorate(build: Builder) -> Builder:
        if generator_id in GENERATORS:
            raise ValueError(f"generator {generator_id!r} registered twice")
        GENERATORS[generator_id] = GeneratorSpec(topic=topic, domain=domain, build=build)
        return build

    return decorate


def generators_for_topic(topic: str) -> list[str]:
    """Generator ids for a conversation topic, in registration order; [] for other topics."""
    return [gid for gid, spec in GENERATORS.items() if spec.topic == topic]


def generate(generator_id: str, level: int, seed: int) -> MathItem:
    """Build the item for (generator, level, seed); the same inputs always give the same item."""
    spec = GENERATORS.get(generator_id)
    if spec is None:
        raise ValueError(f"unknown generator {generator_id!r}")
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    rng = random.Random(seed)
    draft = spec.build(rng, level)
    if draft.kind not in KINDS:
        raise ValueError(f"{generator_id}: unknown answer kind {draft.kind!r}")
    misconceptions: list[tuple[sympy.Basic, str, str]] = []
    for value, code, feedback in draft.misconceptions:
        if _usable(value, draft.kind) and all(
            _apart(value, other, draft)
            for other in [draft.expected] + [m[0] for m in misconceptions]
        ):
            misconceptions.append((value, code, feedback))
    answer = answer_text(draft.expected, draft)
    return MathItem(
        generator=generator_id,
        skill=draft.skill,
        domain=spec.domain,
        topic=spec.topic,
        level=level,
        seed=seed,
        statement=draft.text.written,
        speakable=draft.text.spoken,
        expected=canonical(draft.expected, draft.kind),
        answer=answer.written,
        kind=draft.kind,
        variable=draft.variable,
        unit=draft.unit,
        tolerance=draft.tolerance,
        misconceptions=tuple(
            Misconception(canonical(v, draft.kind), code, fb) for v, code, fb in misconceptions
        ),
        hints=draft.hints,
        solution=draft.solution,
        choices=_choices(rng, draft, [m[0] for m in misconceptions]),
        answer_spoken=answer.spoken,
    )


def canonical(value: sympy.Basic, kind: str) -> str:
    """The machine form stored in ``MathItem.expected`` and misconception values: plain ASCII
    that the answer parser reads back as the same value, in the form the kind requires."""
    if kind == "scientific":
        mantissa, n = scientific_parts(value)
        return f"{_decimal_string(mantissa)}*10^{n}"
    if kind == "prime_factors":
        factors = sorted(sympy.factorint(int(value)).items())
        return "*".join(f"{p}^{k}" if k > 1 else str(p) for p, k in factors)
    if kind == "number_list":
        return " ; ".join(str(v) for v in value)
    if kind == "point":
        return "(" + " ; ".join(str(v) for v in value) + ")"
    if kind == "inequality":
        return f"{value.lhs} {value.rel_op} {value.rhs}"
    if kind in EXPRESSION_KINDS:  # as displayed: sympy's printer is slow and sorts oddly
        return expression(value).written
    return str(value)


def _usable(value: sympy.Basic, kind: str) -> bool:
    """A misconception value must be a real value: a slip that divides by zero is dropped."""
    if kind in EXPRESSION_KINDS:  # a slip that cancels every x is no expression to offer
        return bool(value.free_symbols) and not value.has(sympy.zoo, sympy.nan, sympy.oo)
    if kind == "inequality":
        return _usable(value.rhs, "number")
    if kind in COLLECTION_KINDS:
        return all(_usable(v, "number") for v in value)
    return bool(value.is_real and value.is_finite)


def _apart(value: sympy.Basic, other: sympy.Basic, draft: Draft) -> bool:
    """Different answers for the kind; numbers far enough apart that the rounded display of one
    is never accepted for the other."""
    if draft.kind in EXPRESSION_KINDS:
        x = sympy.Symbol(draft.variable or "x")
        return any(value.xreplace({x: t}) != other.xreplace({x: t}) for t in SAMPLE_POINTS)
    if draft.kind == "inequality":
        return (value.rel_op, value.rhs) != (other.rel_op, other.rhs)
    if draft.kind in COLLECTION_KINDS:
        return value != other
    tolerance = draft.tolerance
    if value.is_Rational and other.is_Rational and not tolerance:
        return value != other  # exact, and far faster than evalf
    return abs(float(value) - float(other)) > (3 * tolerance if tolerance else 1e-9)


def _style(draft: Draft) -> str:
    """Rounded when asked to the tenth; fractions for exact answers that are not plain numbers."""
    if draft.tolerance is not None:
        return "rounded"
    return "decimal" if draft.kind in ("number", "simplified_root") else "fraction"


def answer_text(value: sympy.Basic, draft: Draft) -> Text:
    """How an answer is shown and said: « 3/4 », « x = −2 », « 5,8 cm », « 2x(x + 3) »."""
    kind = draft.kind
    if kind in EXPRESSION_KINDS:
        return expression(value, draft.variable or "x")
    if kind == "inequality":
        return inequality(value)
    if kind == "number_list":
        return number_list(value)
    if kind == "point":
        return point(value)
    if kind == "scientific":
        return scientific(value)
    if kind == "prime_factors":
        return prime_product(int(value))
    shown = number(value, draft.unit, _style(draft))
    if draft.variable:
        return Text(f"{draft.variable} = {shown.written}", f"{draft.variable} égale {shown.spoken}")
    return shown


def display(value: sympy.Basic, draft: Draft) -> str:
    """The written answer: what a multiple-choice button shows."""
    return answer_text(value, draft).written


def _fallbacks(draft: Draft) -> Iterable[sympy.Basic]:
    """Plausible wrong answers of the right kind, for when misconceptions are too few."""
    expected, kind = draft.expected, draft.kind
    if kind in EXPRESSION_KINDS:
        x = sympy.Symbol(draft.variable or "x")
        return (_sign_slip(expected, x, k) for k in (1, -1, 2, -2, 3))  # built only if needed
    if kind == "inequality":
        flipped = {">": "<", ">=": "<=", "<": ">", "<=": ">="}[expected.rel_op]
        loose = {">": ">=", ">=": ">", "<": "<=", "<=": "<"}[expected.rel_op]
        lhs, rhs = expected.lhs, expected.rhs
        return [
            sympy.Rel(lhs, rhs, flipped),
            sympy.Rel(lhs, rhs, loose),
            sympy.Rel(lhs, -rhs, expected.rel_op) if rhs != 0 else sympy.Rel(lhs, 1, flipped),
            sympy.Rel(lhs, rhs + 1, expected.rel_op),
        ]
    if kind == "number_list":
        items = sorted(expected)
        return [
            sympy.FiniteSet(*items[1:]),
            sympy.FiniteSet(*items[:-1]),
            sympy.FiniteSet(*items, items[-1] + 1),
            sympy.FiniteSet(*items, items[-1] * 2),
        ]
    if kind == "point":
        a, b = expected
        return [sympy.Tuple(b, a), sympy.Tuple(-a, b), sympy.Tuple(a, -b), sympy.Tuple(a + 1, b)]
    if kind == "prime_factors":
        return [expected * p for p in (2, 3, 5, 7)]
    if kind == "scientific":
        return [expected * 10, expected / 10, expected * 100, -expected]
    if expected.is_Rational:
        step = sympy.Rational(1, expected.q)
    else:
        step = _root_step(expected) if kind == "simplified_root" else sympy.Integer(1)
    near = (expected + sign * k * step for k in range(1, 12) for sign in (1, -1))
    return chain([expected * 2, expected / 2, -expected], near)


def _root_step(value: sympy.Expr) -> sympy.Expr:
    """√2 for 3√2: distractors of a root answer stay roots of the same number."""
    return value.as_coeff_Mul()[1] if value.is_Mul else sympy.Integer(1)


def _sign_slip(expected: sympy.Expr, x: sympy.Symbol, k: int) -> sympy.Expr:
    """A distractor that keeps the shape of the answer: change the constant of one bracket, or
    of the expanded form, by ``k``."""
    args = sympy.Mul.make_args(expected)
    for index, factor in enumerate(args):
        base = factor.base if factor.is_Pow and factor.base.is_Add else factor
        if base.is_Add:
            changed = base + k
            new = changed**factor.exp if factor is not base else changed
            return sympy.Mul(*args[:index], new, *args[index + 1 :], evaluate=False)
    return sympy.expand(expected) + k * (x if k % 2 else 1)


def _choices(rng: random.Random, draft: Draft, wrong_values: list[sympy.Basic]) -> tuple[str, ...]:
    """The answer and three distractors, misconception values first, shuffled by the seed.

    A distractor must mean what it shows and look like an answer: decimal choices have at most
    two decimals (a rounded 6,33 would be a wrong value no misconception explains), lengths and
    prices stay positive, and fallbacks (double, half, neighbours) fill the missing places.
    """
    expected = draft.expected
    options = [display(expected, draft)]
    numeric = draft.kind not in EXPRESSION_KINDS | COLLECTION_KINDS | {"inequality"}
    for value in chain(wrong_values, _fallbacks(draft)):
        if len(options) == 4:
            break
        if not _usable(value, draft.kind) or not _apart(value, expected, draft):
            continue
        if numeric and draft.unit is not None and float(expected) > 0 and float(value) <= 0:
            continue  # no negative lengths or prices
        if draft.kind == "number" and abs(float(value)) >= 1_000_000:
            continue  # too large to be read aloud as a choice (int_words stops there)
        if draft.kind == "number" and _style(draft) == "decimal" and not (value * 100).is_Integer:
            continue  # 184,5 is a plausible distractor, 4,395 or 6,333… are not
        shown = display(value, draft)
        if shown not in options:
            options.append(shown)
    rng.shuffle(options)
    return tuple(options)

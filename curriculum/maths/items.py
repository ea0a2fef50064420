"""Maths exercise items: the data model, the generator registry and shared French rendering.

Every exercise the tutor gives is a ``MathItem`` built from (generator id, level, seed), so a
session can be replayed, an item re-shown after a restart, and a test can pin an exact item.
Generator families (fractions, percentages, …) only do the maths and choose a context; this
module turns their ``Draft`` into an item: answer display, multiple-choice options, and the
written/spoken pair of every number, so that screen-reader text and text-to-speech never drift.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

import sympy

TOPICS: tuple[str, ...] = (
    "fractions",
    "pourcentages",
    "equations",
    "pythagore",
    "statistiques",
    "proportionnalite",
)
DOMAINS: tuple[str, ...] = ("nombres_calculs", "calcul_litteral", "geometrie", "donnees")
LEVELS: tuple[int, ...] = (1, 2, 3)
KINDS: tuple[str, ...] = ("number", "irreducible_fraction", "solution")

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
    """One exercise, fully determined by (generator, level, seed)."""

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
    else:
        written, spoken = _root_text(value if float(value) > 0 else -value)
    approximation = float(value)
    if approximation < 0:
        written, spoken = "−" + written, "moins " + spoken
    if unit is not None:
        singular, plural = UNIT_WORDS.get(unit, (unit, unit))
        written += f" {unit}"
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


# --- Drafts, registry, items ------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    """What a generator family computes; ``generate`` adds identity, displays and choices.

    ``misconceptions`` holds (wrong value, code, feedback); values that coincide with the
    answer or with an earlier misconception are dropped, so a wrong answer maps to one cause.
    """

    skill: str
    text: Text
    expected: sympy.Expr
    kind: str
    hints: tuple[str, str, str]
    solution: str
    misconceptions: tuple[tuple[sympy.Expr, str, str], ...]
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
    misconceptions: list[tuple[sympy.Expr, str, str]] = []
    for value, code, feedback in draft.misconceptions:
        if _usable(value) and all(
            _apart(value, other, draft.tolerance)
            for other in [draft.expected] + [m[0] for m in misconceptions]
        ):
            misconceptions.append((value, code, feedback))
    return MathItem(
        generator=generator_id,
        skill=draft.skill,
        domain=spec.domain,
        topic=spec.topic,
        level=level,
        seed=seed,
        statement=draft.text.written,
        speakable=draft.text.spoken,
        expected=str(draft.expected),
        answer=display(draft.expected, draft),
        kind=draft.kind,
        variable=draft.variable,
        unit=draft.unit,
        tolerance=draft.tolerance,
        misconceptions=tuple(Misconception(str(v), code, fb) for v, code, fb in misconceptions),
        hints=draft.hints,
        solution=draft.solution,
        choices=_choices(rng, draft, [m[0] for m in misconceptions]),
    )


def _usable(value: sympy.Expr) -> bool:
    """A misconception value must be a real number: a slip that divides by zero is dropped."""
    return bool(value.is_real and value.is_finite)


def _apart(value: sympy.Expr, other: sympy.Expr, tolerance: float | None) -> bool:
    """Far enough apart that the rounded display of one is never accepted for the other."""
    return abs(float(value) - float(other)) > (3 * tolerance if tolerance else 1e-9)


def _style(draft: Draft) -> str:
    """Rounded when asked to the tenth; fractions for exact answers that are not plain numbers."""
    if draft.tolerance is not None:
        return "rounded"
    return "decimal" if draft.kind == "number" else "fraction"


def display(value: sympy.Expr, draft: Draft) -> str:
    """How a value is shown to the student as an answer: « 3/4 », « x = −2 », « 5,8 cm »."""
    written = number(value, draft.unit, _style(draft)).written
    return f"{draft.variable} = {written}" if draft.variable else written


def _choices(rng: random.Random, draft: Draft, wrong_values: list[sympy.Expr]) -> tuple[str, ...]:
    """The answer and three distractors, misconception values first, shuffled by the seed.

    A distractor must mean what it shows and look like an answer: decimal choices have at most
    two decimals (a rounded 6,33 would be a wrong value no misconception explains), lengths and
    prices stay positive, and fallbacks (double, half, neighbours) fill the missing places.
    """
    expected = draft.expected
    options = [display(expected, draft)]
    step = sympy.Rational(1, expected.q) if expected.is_Rational else sympy.Integer(1)
    fallbacks = [expected * 2, expected / 2, -expected] + [
        expected + sign * k * step for k in range(1, 12) for sign in (1, -1)
    ]
    for value in wrong_values + fallbacks:
        if len(options) == 4:
            break
        if not _apart(value, expected, draft.tolerance):
            continue
        if draft.unit is not None and float(expected) > 0 and float(value) <= 0:
            continue  # no negative lengths or prices
        if _style(draft) == "decimal" and not (value * 100).is_Integer:
            continue  # 184,5 is a plausible distractor, 4,395 or 6,333… are not
        shown = display(value, draft)
        if shown not in options:
            options.append(shown)
    rng.shuffle(options)
    return tuple(options)

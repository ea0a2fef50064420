"""Turn a student's French answer, typed or transcribed from speech, into a sympy value.

Students answer the way they speak: « trois quarts », « x égale moins deux », « c'est environ
5,8 cm », « racine de 34 ». The tutor must read all of these, yet never hand student text to
sympy's ``parse_expr``/``sympify`` (both ``eval`` their input). So the text goes through three
safe stages:

1. normalisation: a whitelist of characters, fraction words (« cinquièmes » → « sur 5 »), number
   words via text2num's ``alpha2digit`` (3.x leaves « moins » as a word, we map it ourselves);
2. tokenisation into numbers, the variable, operators, ``sqrt``, ``pi``, units and leftover words;
3. a small recursive-descent parser that builds sympy objects directly, with bounded exponents.

Anything that is not clearly a single value gives ``None``, so the tutor asks again instead of
grading a guess.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import sympy
from text_to_num import alpha2digit

MAX_LENGTH = 200
_MAX_DIGITS = 15
_MAX_EXPONENT = 12
_MAX_MAGNITUDE_DIGITS = 100


@dataclass(frozen=True)
class ParsedAnswer:
    """One value read from an answer.

    ``form`` tells how it was written ("integer", "decimal", "fraction" or "expression") so the
    checker can tell « 6/8 » from « 3/4 » although both are 3/4 for sympy; ``written_fraction``
    keeps the numerator and denominator as typed when ``form == "fraction"``. sympy rewrites
    2(x + 3) as 2x + 6 at once, so the shape of what was written is kept too: ``terms``, the
    top-level terms, each as its factors before any multiplication; ``scientific``, (a, n)
    when written a × 10ⁿ; ``prime_powers``, ((2, 3), (5, 1)) for 2³ × 5; ``radicands``, the
    whole numbers written under a root.
    """

    value: sympy.Expr
    form: str
    unit: str | None = None
    written_fraction: tuple[int, int] | None = None
    terms: tuple[tuple[sympy.Expr, ...], ...] = ()
    scientific: tuple[sympy.Rational, int] | None = None
    prime_powers: tuple[tuple[int, int], ...] | None = None
    radicands: tuple[int, ...] = ()


# --- Stage 1: normalisation -------------------------------------------------------------------

_ALLOWED_CHARS = re.compile(r"[a-zà-öø-ÿœæ0-9\s+\-*/^()\[\]{}=,.;:!?'\"«»…%€°⁰¹²³⁴⁵⁶⁷⁸⁹⁻√×÷·≈~]*")

_CHAR_REPLACEMENTS = {
    "\u2212": "-",  # minus sign
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2019": "'",
    "\u2018": "'",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
    "×": "*",
    "·": "*",
    "÷": "/",
    "√": " sqrt ",
}

_CARDINAL_PARTS = frozenset(
    "zéro un une deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze "
    "quinze seize vingt vingts trente quarante cinquante soixante cent cents mille et".split()
)
_SIMPLE_DENOMINATORS = {
    "demi": 2,
    "demie": 2,
    "demis": 2,
    "demies": 2,
    "tiers": 3,
    "quart": 4,
    "quarts": 4,
}
_ORDINAL = re.compile(r"([a-zà-öø-ÿœ-]+?)i[eè]mes?")
_AND_A_PART = re.compile(r"(\d+|[a-zà-öø-ÿœ-]+)\s+et\s+(demie?|quart)\b")
_PART_DECIMALS = {"demi": "cinq", "demie": "cinq", "quart": "vingt-cinq"}
_WORDS_AND_GAPS = re.compile(r"([^a-zà-öø-ÿœ0-9-]+)")
# Words after which « un » is the number one, not the article: « un sur 2 », « un virgule 5 ».
_NUMBER_FOLLOWERS = frozenset(
    "sur virgule plus moins fois divisé multiplié au et racine pi x par".split()
)
_BLOCKING_PHRASES = re.compile(r"\b(?:plus|moins)\s+(?:de\b|d'|que\b|qu')")


def _is_cardinal_word(word: str) -> bool:
    if word.isdigit():
        return True
    return word not in ("", "et") and all(part in _CARDINAL_PARTS for part in word.split("-"))


@lru_cache(maxsize=512)
def _cardinal_value(words: str) -> int | None:
    """Value of a cardinal written in words (« trente-sept » → 37), else None."""
    digits = alpha2digit(words, "fr", threshold=0)
    return int(digits) if digits.isdigit() else None


def _denominator(word: str) -> int | None:
    """Denominator named by a fraction word: « quarts » → 4, « trente-sixièmes » → 36."""
    if word in _SIMPLE_DENOMINATORS:
        return _SIMPLE_DENOMINATORS[word]
    match = _ORDINAL.fullmatch(word)
    if match is None:
        return None
    stem = match.group(1)
    # The ordinal suffix eats a final « e » (quatre → quatrième) and changes cinq and neuf.
    if stem.endswith("cinqu"):
        stem = stem[:-1]
    elif stem.endswith("neuv"):
        stem = stem[:-1] + "f"
    for candidate in (stem, stem + "e"):
        if _is_cardinal_word(candidate):
            value = _cardinal_value(candidate)
            if value is not None and value >= 2:
                return value
    return None


def _number_words(text: str) -> str:
    """Prepare spoken numbers for alpha2digit, which misreads fractions and articles.

    « trois quarts » → « trois sur 4 » and « deux et demi » → « deux virgule cinq », but only
    right after a number: « le quart de 12 » keeps its word (and is then refused). « un » before
    an ordinary word is an article: « c'est un nombre » must not read as 1.
    """
    text = _AND_A_PART.sub(
        lambda m: (
            f"{m.group(1)} virgule {_PART_DECIMALS[m.group(2)]}"
            if _is_cardinal_word(m.group(1))
            else m.group(0)
        ),
        text,
    )
    parts = _WORDS_AND_GAPS.split(text)  # words at even positions, separators at odd ones
    for i in range(2, len(parts), 2):
        previous, gap, word = parts[i - 2], parts[i - 1], parts[i]
        if not gap.isspace():
            continue
        denominator = _denominator(word) if _is_cardinal_word(previous) else None
        if denominator is not None:
            parts[i] = f"sur {denominator}"
    for i in range(0, len(parts) - 2, 2):
        article, gap, word = parts[i], parts[i + 1], parts[i + 2]
        if (
            article in ("un", "une")
            and gap.isspace()
            and word
            and not (i >= 2 and parts[i - 2] == "et")  # vingt et un
            and not _is_cardinal_word(word)
            and word.split()[0] not in _NUMBER_FOLLOWERS  # « un sur 2 » was « un demi »
            and word not in _UNIT_ALIASES
        ):
            parts[i] = ""
    return "".join(parts)


_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


def _whole_power(match: re.Match[str]) -> str:
    """« x plus 3, le tout au carré » → « (x plus 3)^2 »."""
    return f"({match.group(1)})^{2 if match.group(2).startswith('carr') else 3}"


def _power_of_rest(match: re.Match[str]) -> str:
    """« le carré de x plus 1 » → « (x plus 1)^2 »: the rest of the answer is squared."""
    return f"({match.group(2)})^{2 if match.group(1).startswith('carr') else 3}"


_METRE_PREFIXES = {"milli": "mm", "centi": "cm", "déci": "dm", "deci": "dm", "kilo": "km"}


def _area_volume(match: re.Match[str]) -> str:
    """« mètres carrés » → m2, « centimètres cubes » → cm3: read before « x carré » is."""
    prefix = _METRE_PREFIXES.get(match.group(1) or "", "m")
    return f" {prefix}{'2' if match.group(2) == 'carr' else '3'} "


_PHRASES = [
    (
        re.compile(
            r"\bkm\s*/\s*h\b|\bkm\s*par\s*heure\b|\bkilom[eè]tres?\s*(?:par|à l'|a l')\s*heure\b"
        ),
        " km/h ",
    ),
    (re.compile(r"\bm\s*/\s*s\b|\bm[eè]tres?\s*par\s*seconde\b"), " m/s "),
    (re.compile(r"\bpour\s*(?:100|cent)\b|\bpourcents?\b"), " % "),
    (re.compile(r"\b(mm|cm|dm|km|m)²"), r"\g<1>2"),  # cm² → cm2, a unit alias
    (re.compile(r"\b(mm|cm|dm|m)³"), r"\g<1>3"),
    (re.compile(r"\b(milli|centi|déci|deci|kilo)?m[eè]tres?\s+(carr|cube)[ée]?s?\b"), _area_volume),
    (re.compile(r"⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+"), lambda m: "^" + m.group().translate(_SUPERSCRIPTS)),
    (re.compile(r"\*\*"), "^"),
    (re.compile(r"(\d)e([+-]?\d+)\b"), r"\1*10^\2"),  # 3,2e4, as calculators show it
    # The voice cannot show brackets: « le produit de 3x par x plus 2 », « le carré de x − 1 ».
    (re.compile(r"\b(?:le\s+)?produit\s+(?:de|d')\s*(.+?)\s+par\s+(.+)$"), r"(\1)*(\2)"),
    (re.compile(r"^(.+?),?\s+le\s+tout\s+au\s+(carr[ée]|cube)\b"), _whole_power),
    (re.compile(r"\bau\s+carr[ée]e?\b"), " ^2 "),
    (re.compile(r"\bau\s+cube\b"), " ^3 "),
    (re.compile(r"\bracines?(?:\s+carr[ée]es?)?(?:\s+(?:de|d'))?"), " sqrt "),
    (re.compile(r"\b(?:le\s+)?(carr[ée]|cube)\s+(?:de|d')\s*(.+)$"), _power_of_rest),
    (re.compile(r"([a-z0-9)])\s+carr[ée]e?\b"), r"\1 ^2"),  # « x carré »
    (re.compile(r"\b(?:ouvre[sz]?\s+)?(?:la\s+)?parenth[eè]se\s+ouverte\b"), " ( "),
    (re.compile(r"\bouvre[sz]?\s+(?:la\s+)?parenth[eè]se\b"), " ( "),
    (re.compile(r"\b(?:ferme[sz]?\s+(?:la\s+)?parenth[eè]se|parenth[eè]se\s+ferm[ée]e)\b"), " ) "),
    (re.compile(r"\bmultipli[ée]e?\s+par\b"), " * "),
    (re.compile(r"\bdivis[ée]e?\s+par\b"), " / "),
    (re.compile(r"\bpuissance\b|\bexposant\b"), " ^ "),
    (re.compile(r"(\d+)\s+virgule\s+(\d+)"), r"\1,\2"),
    (re.compile(r"\b(\d{1,3})((?: \d{3})+)\b"), lambda m: m.group(1) + m.group(2).replace(" ", "")),
]


# alpha2digit 3.1 leaves « un virgule neuf » as « 1 virgule neuf »; finish the job.
_LEFT_DECIMALS = re.compile(r"(\d+)\s+virgule\s+((?:zéro\s+)*)([a-zà-öø-ÿœ]+(?:-[a-zà-öø-ÿœ]+)*)")


_CARDINAL = "|".join(sorted(_CARDINAL_PARTS - {"et"}, key=len, reverse=True))
_CARDINAL_WORD = rf"(?:{_CARDINAL})(?:-(?:{_CARDINAL}|et))*"
_LEFTOVER_NUMBER = re.compile(rf"\b{_CARDINAL_WORD}(?:\s+(?:et\s+)?{_CARDINAL_WORD})*\b")


def _read_leftover(match: re.Match[str]) -> str:
    """« neuf » → « 9 », « cent vingt » → « 120 »: number words text2num left as words."""
    value = _cardinal_value(match.group())
    return str(value) if value is not None else match.group()


_DIGIT_BY_DIGIT = re.compile(r"(\d+,\d+)((?: \d+)+)\b")


def _decimal_part(match: re.Match[str]) -> str:
    whole, zeros, word = match.groups()
    value = _cardinal_value(word) if _is_cardinal_word(word) else None
    if value is None:
        return match.group(0)
    return f"{whole},{'0' * len(zeros.split())}{value}"


def _normalise(text: str) -> str | None:
    text = unicodedata.normalize("NFC", text).lower()
    for old, new in _CHAR_REPLACEMENTS.items():
        text = text.replace(old, new)
    if not _ALLOWED_CHARS.fullmatch(text) or _BLOCKING_PHRASES.search(text):
        return None
    if re.search(r"[a-zà-öø-ÿœæ]", text):
        text = _number_words(text)
        text = alpha2digit(text, "fr", threshold=0)
        # text2num 3.1 sometimes leaves a number as words (« 21 x plus neuf », « le produit
        # de neuf par x »): each run of number words left over is read on its own.
        text = _LEFTOVER_NUMBER.sub(_read_leftover, text)
        text = _LEFT_DECIMALS.sub(_decimal_part, text)
        # Long decimals are read digit by digit: « zéro virgule six trois sept cinq ».
        text = _DIGIT_BY_DIGIT.sub(lambda m: m.group(1) + m.group(2).replace(" ", ""), text)
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    return text


# --- Stage 2: tokens --------------------------------------------------------------------------

_TOKEN = re.compile(
    r"(?P<num>\d+(?:[.,]\d+)?)"
    r"|(?P<unit>km/h|m/s|€|%|°c|°)"
    r"|(?P<word>[a-zà-öø-ÿœæ]+[0-9]?'?)"
    r"|(?P<op>[-+*/^=])"
    r"|(?P<open>[(\[{])"
    r"|(?P<close>[)\]}])"
    r"|(?P<punct>[,;:.!?'\"«»…≈~])"
    r"|(?P<space>\s+)"
)

_UNIT_ALIASES = {
    "mm": "mm",
    "millimètre": "mm",
    "millimètres": "mm",
    "cm": "cm",
    "centimètre": "cm",
    "centimètres": "cm",
    "m": "m",
    "mètre": "m",
    "mètres": "m",
    "km": "km",
    "kilomètre": "km",
    "kilomètres": "km",
    "mm2": "mm²",
    "cm2": "cm²",
    "dm2": "dm²",
    "m2": "m²",
    "km2": "km²",
    "cm3": "cm³",
    "dm3": "dm³",
    "m3": "m³",
    "€": "€",
    "euro": "€",
    "euros": "€",
    "eur": "€",
    "%": "%",
    "g": "g",
    "gramme": "g",
    "grammes": "g",
    "kg": "kg",
    "kilo": "kg",
    "kilos": "kg",
    "kilogramme": "kg",
    "kilogrammes": "kg",
    "l": "L",
    "litre": "L",
    "litres": "L",
    "cl": "cL",
    "ml": "mL",
    "h": "h",
    "heure": "h",
    "heures": "h",
    "min": "min",
    "mn": "min",
    "minute": "min",
    "minutes": "min",
    "s": "s",
    "seconde": "s",
    "secondes": "s",
    "km/h": "km/h",
    "m/s": "m/s",
    "go": "Go",
    "giga": "Go",
    "gigas": "Go",
    "gigaoctet": "Go",
    "gigaoctets": "Go",
    "°": "°C",
    "°c": "°C",
    "degré": "°C",
    "degrés": "°C",
}

_WORD_OPERATORS = {
    "plus": "+",
    "moins": "-",
    "fois": "*",
    "sur": "/",
    "égale": "=",
    "égal": "=",
    "égales": "=",
    "égaux": "=",
    "vaut": "=",
    "valent": "=",
}

# Small words a student may put anywhere: « x est égal à 2 », « racine de 34 », « environ 5,8 ».
_FILLERS = frozenset(
    "à a de d' du des la le les l' est c' environ peu près pres presque "
    "approximativement donc alors euh heu bah ben bon ça ca fait".split()
)

# Words that change the value of what follows: ignoring them would grade a different answer.
_BLOCKING_WORDS = frozenset(
    "moitié double triple quadruple quart quarts tiers demi demie demis inverse opposé "
    "opposée carré cube ou virgule".split()
)


@dataclass(frozen=True)
class _Token:
    kind: str  # "num", "var", "pi", "sqrt", "op", "open", "close", "unit", "other"
    text: str


_MATH_KINDS = frozenset({"num", "var", "pi", "sqrt", "op", "open", "close"})


def _tokenise(text: str, variable: str | None) -> list[_Token] | None:
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            return None
        position = match.end()
        kind = match.lastgroup
        value = match.group()
        if kind == "space":
            continue
        if kind == "word":
            token = _word_token(value, variable, tokens[-1] if tokens else None)
            if token is None:
                return None
            if token.kind != "filler":
                tokens.append(token)
        elif kind == "unit":
            tokens.append(_Token("unit", _UNIT_ALIASES[value]))
        elif kind == "punct":
            tokens.append(_Token("other", value))
        else:
            tokens.append(_Token(kind or "other", value))
    return tokens


def _word_token(word: str, variable: str | None, previous: _Token | None) -> _Token | None:
    """Classify one word; None when the word makes the whole answer unreadable."""
    after_value = previous is not None and previous.kind in ("num", "close")
    if word == variable:
        return _Token("var", word)
    if word == "sqrt":
        return _Token("sqrt", word)
    if word == "pi":
        return _Token("pi", word)
    if word in _WORD_OPERATORS:
        return _Token("op", _WORD_OPERATORS[word])
    if after_value and word in _UNIT_ALIASES:
        return _Token("unit", _UNIT_ALIASES[word])
    if word in _BLOCKING_WORDS or (after_value and len(word) == 1 and word not in _FILLERS):
        return None  # « 2y » when the unknown is x: not a number we can grade
    if word in _FILLERS:
        return _Token("filler", word)
    return _Token("other", word)


# --- Stage 3: parsing -------------------------------------------------------------------------


class _Unreadable(Exception):
    """The tokens do not form one bounded expression."""


class _Parser:
    """Recursive descent over math tokens; builds sympy objects without any eval."""

    def __init__(self, tokens: list[_Token], symbol: sympy.Symbol | None) -> None:
        self.tokens = tokens
        self.position = 0
        self.symbol = symbol

    def parse(self) -> tuple[sympy.Expr, tuple[tuple[sympy.Expr, ...], ...]]:
        """The value and its top-level terms, each as the factors it was written with."""
        if not self.tokens:
            raise _Unreadable
        terms = [self.factors()]
        while self.at_op("+", "-"):
            negative = self.take().text == "-"
            factors = self.factors()
            terms.append((sympy.Integer(-1), *factors) if negative else factors)
        if self.position != len(self.tokens):
            raise _Unreadable
        return sympy.Add(*(sympy.Mul(*factors) for factors in terms)), tuple(terms)

    def peek(self) -> _Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.peek()
        if token is None:
            raise _Unreadable
        self.position += 1
        return token

    def at_op(self, *ops: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == "op" and token.text in ops

    def expression(self) -> sympy.Expr:
        value = self.term()
        while self.at_op("+", "-"):
            if self.take().text == "+":
                value = value + self.term()
            else:
                value = value - self.term()
        return value

    def term(self) -> sympy.Expr:
        return sympy.Mul(*self.factors())

    def factors(self) -> tuple[sympy.Expr, ...]:
        found = [self.signed()]
        while True:
            token = self.peek()
            if self.at_op("*"):
                self.take()
                found.append(self.signed())
            elif self.at_op("/"):
                self.take()
                divisor = self.signed()
                if divisor == 0:
                    raise _Unreadable
                found.append(1 / divisor)
            elif token is not None and token.kind in ("var", "pi", "sqrt", "open"):
                found.append(self.signed())  # implicit product: 2x, 3√2, 2(x + 1)
            else:
                return tuple(found)

    def signed(self) -> sympy.Expr:
        if self.at_op("-"):
            self.take()
            return -self.signed()
        if self.at_op("+"):
            self.take()
            return self.signed()
        return self.power()

    def power(self) -> sympy.Expr:
        base = self.atom()
        if not self.at_op("^"):
            return base
        self.take()
        return _bounded_power(base, self.signed())

    def atom(self) -> sympy.Expr:
        token = self.take()
        if token.kind == "num":
            return _number(token.text)
        if token.kind == "var" and self.symbol is not None:
            return self.symbol
        if token.kind == "pi":
            return sympy.pi
        if token.kind == "sqrt":
            argument = self.power()
            if argument.is_negative:
                raise _Unreadable
            return sympy.sqrt(argument)
        if token.kind == "open":
            value = self.expression()
            if self.take().kind != "close":
                raise _Unreadable
            return value
        raise _Unreadable


def _number(text: str) -> sympy.Rational:
    if len(text) > _MAX_DIGITS:
        raise _Unreadable
    return sympy.Rational(text.replace(",", "."))


def _bounded_power(base: sympy.Expr, exponent: sympy.Expr) -> sympy.Expr:
    """Refuse « 2**99999999 » and towers of powers before sympy tries to compute them."""
    if not exponent.is_Integer or abs(int(exponent)) > _MAX_EXPONENT:
        raise _Unreadable
    if base.is_number:
        magnitude = abs(complex(sympy.N(base, 15)))
        if magnitude == 0 and exponent < 0:
            raise _Unreadable
        if magnitude > 0 and abs(int(exponent) * math.log10(magnitude)) > _MAX_MAGNITUDE_DIGITS:
            raise _Unreadable
    return base ** int(exponent)


def equivalent(value: sympy.Expr, target: sympy.Expr, tolerance: float | None = None) -> bool:
    """Whether two values are equal: exactly, or within ``tolerance`` for rounded answers.

    Rationals compare exactly. Other numbers (roots, pi) are first compared as floats, which
    settles almost every case cheaply; a near tie is decided at 30 significant digits, far
    beyond any difference a seconde exercise can produce, and much faster than ``simplify``.
    """
    if value.free_symbols or target.free_symbols:
        difference = sympy.expand(value - target)
        if difference == 0 or difference.is_polynomial(*difference.free_symbols):
            return difference == 0  # expanding decides polynomials, far faster than simplify
        return sympy.simplify(difference) == 0
    if value.is_Rational and target.is_Rational:
        gap = abs(float(value - target)) if value != target else 0.0
    else:
        gap = abs(_approximation(value) - _approximation(target))
        if gap < 1e-9 and abs(complex(sympy.N(value - target, 30))) < 1e-20:
            return True
    return gap == 0 or (tolerance is not None and gap <= tolerance + 1e-9)


@lru_cache(maxsize=4096)
def _approximation(value: sympy.Expr) -> complex:
    return complex(value)


def _strip_edges(tokens: list[_Token]) -> list[_Token] | None:
    """Drop chatter before and after the value; chatter in the middle makes it unreadable."""
    math_positions = [i for i, token in enumerate(tokens) if token.kind in _MATH_KINDS]
    if not math_positions:
        return []
    core = tokens[math_positions[0] : math_positions[-1] + 1]
    if any(token.kind == "other" for token in core):
        return None
    return core


def _without_units(tokens: list[_Token]) -> tuple[list[_Token], str | None]:
    """Units may sit anywhere (« 12 cm », « € 9 »), but one answer has a single unit."""
    units = {token.text for token in tokens if token.kind == "unit"}
    if len(units) > 1:
        raise _Unreadable
    return [t for t in tokens if t.kind != "unit"], (units.pop() if units else None)


def _form(tokens: list[_Token]) -> tuple[str, tuple[int, int] | None]:
    if tokens[0].kind == "open" and tokens[-1].kind == "close":
        tokens = tokens[1:-1]  # S = {2}
    texts = [token.text if token.kind != "num" else "n" for token in tokens]
    numbers = [token.text for token in tokens if token.kind == "num"]
    sign = -1 if texts[:1] == ["-"] else 1
    body = texts[1:] if sign == -1 else texts
    if body == ["n"]:
        return ("decimal" if any(c in numbers[0] for c in ",.") else "integer"), None
    if body == ["n", "/", "n"] and not any(c in "".join(numbers) for c in ",."):
        return "fraction", (sign * int(numbers[0]), int(numbers[1]))
    return "expression", None


def _is_label(tokens: list[_Token]) -> bool:
    """The left side of « x = 2 », « S = {2} », « BC = 5 cm »: names, no numbers."""
    return all(token.kind in ("var", "other") for token in tokens)


def _evaluate(tokens: list[_Token], symbol: sympy.Symbol | None) -> sympy.Expr:
    return _structure(tokens, symbol)[0]


def _structure(
    tokens: list[_Token], symbol: sympy.Symbol | None
) -> tuple[sympy.Expr, tuple[tuple[sympy.Expr, ...], ...]]:
    value, terms = _Parser(tokens, symbol).parse()
    if value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        raise _Unreadable
    return value, terms


@lru_cache(maxsize=4096)
def parse_answer(text: str, variable: str | None = None) -> ParsedAnswer | None:
    """Read one value from a student's answer, or None when no single value can be read.

    ``variable`` names the unknown (« x ») so that « x = 2 » reads as 2 and « 2x » as 2·x.
    Cached: the checker parses the same expected values over and over.
    """
    if not text or len(text) > MAX_LENGTH:
        return None
    normalised = _normalise(text)
    if normalised is None:
        return None
    tokens = _tokenise(normalised, variable.lower() if variable else None)
    if tokens is None:
        return None
    symbol = sympy.Symbol(variable) if variable else None
    segments: list[list[_Token]] = [[]]
    for token in tokens:
        if token.kind == "op" and token.text == "=":
            segments.append([])
        else:
            segments[-1].append(token)
    try:
        return _read_segments(segments, symbol)
    except (_Unreadable, ValueError, TypeError, OverflowError, RecursionError):
        return None


def _read_segments(
    segments: list[list[_Token]], symbol: sympy.Symbol | None
) -> ParsedAnswer | None:
    """The answer is the last « = » segment; earlier ones must be labels or equal values."""
    *before, last = segments
    tokens, unit = _without_units(last)
    core = _strip_edges(tokens)
    if not core:
        return None
    value, terms = _structure(core, symbol)
    for segment in before:
        previous = _strip_edges(_without_units(segment)[0])
        if previous is None:
            return None
        if _is_label(previous):
            continue
        earlier = _evaluate(previous, symbol)
        if earlier.free_symbols or not equivalent(earlier, value):
            return None  # « 3x = 6 » is a step, not an answer
    form, written = _form(core)
    return ParsedAnswer(
        value=value,
        form=form,
        unit=unit,
        written_fraction=written,
        terms=terms,
        scientific=_scientific(core),
        prime_powers=_prime_powers(core),
        radicands=tuple(
            int(after.text)
            for token, after in zip(core, core[1:], strict=False)
            if token.kind == "sqrt" and after.kind == "num" and after.text.isdigit()
        ),
    )


_SCIENTIFIC = re.compile(r"(-)?(?:(\d+(?:[.,]\d+)?) \* )?10 \^ (-?) ?(\d+)|(-)?(\d+(?:[.,]\d+)?)")


def _scientific(tokens: list[_Token]) -> tuple[sympy.Rational, int] | None:
    """(a, n) for « a × 10ⁿ », « −a × 10ⁿ », « 10ⁿ », or a lone number a (n = 0)."""
    match = _SCIENTIFIC.fullmatch(" ".join(token.text for token in tokens))
    if match is None:
        return None
    sign, mantissa, exponent_sign, exponent, lone_sign, lone = match.groups()
    if lone is not None:
        return (-1 if lone_sign else 1) * _number(lone), 0
    value = _number(mantissa) if mantissa else sympy.Integer(1)
    return (-1 if sign else 1) * value, int(exponent_sign + exponent)


def _prime_powers(tokens: list[_Token]) -> tuple[tuple[int, int], ...] | None:
    """((2, 3), (5, 1)) for « 2³ × 5 » or « 2 × 2 × 2 × 5 »; None for any other shape."""
    powers: list[tuple[int, int]] = []
    for chunk in " ".join(token.text for token in tokens).split(" * "):
        match = re.fullmatch(r"(\d+)(?: \^ (\d+))?", chunk)
        if match is None:
            return None
        powers.append((int(match.group(1)), int(match.group(2) or 1)))
    return tuple(powers)


# --- Inequalities and lists -------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedInequality:
    """``variable relation bound``, always with the variable on the left: « 3 < x » is x > 3."""

    relation: str  # ">", ">=", "<" or "<=", as sympy's ``rel_op``
    bound: sympy.Expr


_FLIPPED = {">": "<", ">=": "<=", "<": ">", "<=": ">="}
_OR_EQUAL = r"\s+ou\s+égale?s?\s+(?:à|a)\b"
_RELATION_WORDS = [  # longest first: « supérieur ou égal à » before « supérieur à »
    (re.compile(r"≥|⩾|=>"), " >= "),
    (re.compile(r"≤|⩽|=<"), " <= "),
    (re.compile(r"(?:est\s+)?(?:supérieure?s?|plus\s+grande?s?)" + _OR_EQUAL), " >= "),
    (re.compile(r"(?:est\s+)?(?:inférieure?s?|plus\s+petite?s?)" + _OR_EQUAL), " <= "),
    (re.compile(r"(?:est\s+)?(?:strictement\s+)?supérieure?s?\s+(?:à|a)\b"), " > "),
    (re.compile(r"(?:est\s+)?(?:strictement\s+)?inférieure?s?\s+(?:à|a)\b"), " < "),
    (re.compile(r"(?:est\s+)?(?:strictement\s+)?plus\s+grande?s?\s+(?:que|qu')"), " > "),
    (re.compile(r"(?:est\s+)?(?:strictement\s+)?plus\s+petite?s?\s+(?:que|qu')"), " < "),
]
_RELATION = re.compile(r">=|<=|>|<")
_INFINITY = re.compile(r"\s*([+-]|plus|moins)?\s*(?:l')?\s*(?:∞|inf|infini)\s*")
_INTERVAL = re.compile(r"([\[\]])([^\[\];]+);([^\[\];]+)([\[\]])")


def parse_inequality(text: str, variable: str = "x") -> ParsedInequality | None:
    """Read « x > 3 », « x ≥ −2 », « 3 < x », « x supérieur à trois », « x est plus grand que
    moins deux », or an interval « ]3 ; +∞[ » / « [−2 ; +∞[ », as typed or dictated."""
    if not text or len(text) > MAX_LENGTH:
        return None
    text = unicodedata.normalize("NFC", text).lower().replace("\u2212", "-")
    interval = _INTERVAL.search(text)
    if interval is not None:
        return _read_interval(*interval.groups())
    for pattern, replacement in _RELATION_WORDS:
        text = pattern.sub(replacement, text)
    relations = _RELATION.findall(text)
    if len(relations) != 1:
        return None
    left, right = _RELATION.split(text)
    symbol = sympy.Symbol(variable)
    left_value, right_value = parse_answer(left, variable), parse_answer(right, variable)
    if left_value is None or right_value is None:
        return None
    relation = relations[0]
    if right_value.value == symbol:
        left_value, right_value, relation = right_value, left_value, _FLIPPED[relation]
    if left_value.value != symbol or right_value.value.free_symbols:
        return None
    return ParsedInequality(relation, right_value.value)


def _read_interval(opening: str, low: str, high: str, closing: str) -> ParsedInequality | None:
    """]a ; +∞[ is x > a, [a ; +∞[ is x ≥ a, ]−∞ ; b[ is x < b, ]−∞ ; b] is x ≤ b."""
    low_infinite, high_infinite = _INFINITY.fullmatch(low), _INFINITY.fullmatch(high)
    if high_infinite and not low_infinite:
        bound = parse_answer(low)
        relation = ">" if opening == "]" else ">="
    elif low_infinite and not high_infinite:
        bound = parse_answer(high)
        relation = "<" if closing == "[" else "<="
    else:
        return None
    if bound is None or bound.value.free_symbols:
        return None
    return ParsedInequality(relation, bound.value)


_LIST_LABEL = re.compile(r"^.*(?:=|:|\bsont\b)")
# « et » separates, except inside a number: a tens word, « et », then « un » or « onze »
# (« vingt et un », « soixante et onze »; but « cinq et un », « quarante et quatre-vingts »
# are two numbers); « ou » too (« x = 1 ou x = −5 », the solutions of an equation).
_TENS_BEFORE = "(?<!vingt)(?<!trente)(?<!quarante)(?<!cinquante)(?<!soixante)"
_LIST_SEPARATOR = re.compile(
    rf"\s*;\s*|,\s+|\s+ou\s+|{_TENS_BEFORE}\s+et\s+|\s+et\s+(?!(?:un|une|onze)\b)"
)


def parse_values(text: str) -> tuple[sympy.Expr, ...] | None:
    """Read several numbers: « 1 ; 2 ; 3 ; 6 », « {1, 2, 3, 6} », « un, deux, trois et six »,
    « (2 ; −3) ». A comma followed by a space separates; « 2,5 » stays a decimal. The text is
    split before number words are read: text2num would join « cent et deux cents »."""
    if not text or len(text) > MAX_LENGTH:
        return None
    text = unicodedata.normalize("NFC", text).lower().replace("\u2212", "-")
    text = text.translate(str.maketrans("", "", "{}"))
    labelled = _LIST_LABEL.sub("", text)
    if _LIST_SEPARATOR.search(labelled):
        text = labelled
    text = text.strip(" .!\n\t")
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    pieces = _LIST_SEPARATOR.split(text)
    if len(pieces) == 1 and text.count(",") > 1:
        pieces = text.split(",")  # « 1,2,3,6 »: several commas cannot be one decimal
    values = []
    for piece in pieces:
        parsed = parse_answer(_LIST_LABEL.sub("", piece).strip() or piece)  # « x = 1 »
        if parsed is None or parsed.value.free_symbols:
            return None
        values.append(parsed.value)
    return tuple(values)

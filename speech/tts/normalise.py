"""Turn French maths-flavoured text into plain words that eSpeak reads correctly.

eSpeak reads « 3/4 » as a date-like « trois barre quatre », « x² » as « x deux » and « 3,5 »
unreliably; a student who listens instead of reading (DYS, screen reader) then hears something
different from what the page shows. We rewrite numbers, fractions, powers, units, symbols,
abbreviations and times into the words a teacher would say, and leave ordinary words alone.

SSML tags (e.g. ``<break time="500ms"/>``) are kept as they are; the text between them is
normalised, and stray ``<``, ``>`` and ``&`` become words so the result stays valid SSML.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from num2words import num2words

SSML_TAG = re.compile(
    r"</?(?:break|emphasis|prosody|say-as|speak|voice|audio|sub|mark|phoneme|s|p)\b[^<>]*>"
)

# A number as written in French: optional sign, optional thousands groups, decimal comma.
_GROUPED = r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)"
_NUMBER = rf"(?:{_GROUPED}|\d+)(?:[,.]\d+)?"
_SIGNED = rf"(?:(?<![\w)])[-−])?{_NUMBER}"

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")

# unit symbol -> (singular, plural, feminine)
_UNITS: dict[str, tuple[str, str, bool]] = {
    "km/h": ("kilomètre par heure", "kilomètres par heure", False),
    "m/s": ("mètre par seconde", "mètres par seconde", False),
    "cm²": ("centimètre carré", "centimètres carrés", False),
    "mm²": ("millimètre carré", "millimètres carrés", False),
    "km²": ("kilomètre carré", "kilomètres carrés", False),
    "m²": ("mètre carré", "mètres carrés", False),
    "cm³": ("centimètre cube", "centimètres cubes", False),
    "dm³": ("décimètre cube", "décimètres cubes", False),
    "m³": ("mètre cube", "mètres cubes", False),
    "°C": ("degré Celsius", "degrés Celsius", False),
    "mm": ("millimètre", "millimètres", False),
    "cm": ("centimètre", "centimètres", False),
    "dm": ("décimètre", "décimètres", False),
    "km": ("kilomètre", "kilomètres", False),
    "m": ("mètre", "mètres", False),
    "kg": ("kilogramme", "kilogrammes", False),
    "mg": ("milligramme", "milligrammes", False),
    "g": ("gramme", "grammes", False),
    "mL": ("millilitre", "millilitres", False),
    "ml": ("millilitre", "millilitres", False),
    "cL": ("centilitre", "centilitres", False),
    "cl": ("centilitre", "centilitres", False),
    "L": ("litre", "litres", False),
    "l": ("litre", "litres", False),
    "Go": ("gigaoctet", "gigaoctets", False),
    "Mo": ("mégaoctet", "mégaoctets", False),
    "ko": ("kilooctet", "kilooctets", False),
    "To": ("téraoctet", "téraoctets", False),
    "min": ("minute", "minutes", True),
    "h": ("heure", "heures", True),
    "s": ("seconde", "secondes", True),
    "€": ("euro", "euros", False),
    "%": ("pour cent", "pour cent", False),
    "°": ("degré", "degrés", False),
}
# Units safe to expand even without a number in front (« en cm² »): never a French word or
# a one-letter maths variable.
_STANDALONE_UNITS = [
    "km/h", "m/s", "cm²", "mm²", "km²", "m²", "cm³", "dm³", "m³", "°C", "mm", "cm", "km",
    "kg", "mg", "mL", "cL",
]  # fmt: skip

_DENOMINATORS = {
    2: ("demi", "demis"),
    3: ("tiers", "tiers"),
    4: ("quart", "quarts"),
    5: ("cinquième", "cinquièmes"),
    6: ("sixième", "sixièmes"),
    7: ("septième", "septièmes"),
    8: ("huitième", "huitièmes"),
    9: ("neuvième", "neuvièmes"),
    10: ("dixième", "dixièmes"),
    100: ("centième", "centièmes"),
    1000: ("millième", "millièmes"),
}

_MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
]  # fmt: skip

_ABBREVIATIONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?<!\w)c\.?-à-d\.?(?!\w)"), "c'est-à-dire"),
    (re.compile(r"(?<!\w)ex\.(?=\s|$)"), "par exemple"),
    (re.compile(r"(?<!\w)Ex\.(?=\s|$)"), "Par exemple"),
    (re.compile(r"(?<!\w)etc\.(?=\s|$)"), "et cetera."),
    (re.compile(r"(?<!\w)etc\.?(?!\w)"), "et cetera"),
    (re.compile(r"(?<!\w)cf\.(?=\s)"), "voir"),
    (re.compile(r"(?<!\w)env\.(?=\s)"), "environ"),
    (re.compile(r"(?<!\w)M\.(?=\s+[A-ZÉÈ])"), "monsieur"),
    (re.compile(r"(?<!\w)MM\.(?=\s+[A-ZÉÈ])"), "messieurs"),
    (re.compile(r"(?<!\w)Mmes(?!\w)"), "mesdames"),
    (re.compile(r"(?<!\w)Mme(?!\w)"), "madame"),
    (re.compile(r"(?<!\w)Mlle(?!\w)"), "mademoiselle"),
    (re.compile(r"(?<!\w)[nN]°\s*"), "numéro "),
    (re.compile(r"(?<!\w)svp(?!\w)", re.IGNORECASE), "s'il vous plaît"),
]

_SYMBOLS: list[tuple[str, str]] = [
    ("≤", " inférieur ou égal à "),
    ("⩽", " inférieur ou égal à "),
    ("≥", " supérieur ou égal à "),
    ("⩾", " supérieur ou égal à "),
    ("≠", " différent de "),
    ("≈", " environ égal à "),
    ("±", " plus ou moins "),
    ("×", " fois "),
    ("÷", " divisé par "),
    ("√", " racine carrée de "),
    ("π", " pi "),
    ("∞", " l'infini "),
    ("∈", " appartient à "),
    ("=", " égale "),
    ("<", " inférieur à "),
    (">", " supérieur à "),
    ("+", " plus "),
    ("−", " moins "),
    ("&", " et "),
    ("%", " pour cent "),
    ("€", " euros "),
    ("°", " degrés "),
]


def _int_words(value: int, feminine: bool = False) -> str:
    """Cardinal in French words; « un » becomes « une » before a feminine noun."""
    words = num2words(value, lang="fr")
    if feminine and (words == "un" or words.endswith((" un", "-un"))):
        words += "e"
    return words


def _digits(text: str) -> str:
    """Remove thousands separators."""
    return re.sub(r"[ \u00a0\u202f]", "", text)


def _parse(number: str) -> tuple[bool, str, str]:
    """Split a written number into (negative, integer digits, decimal digits)."""
    negative = number[:1] in "-−"
    body = _digits(number.lstrip("-−"))
    integer, _, decimals = body.replace(".", ",").partition(",")
    return negative, integer, decimals


def _decimals_words(decimals: str) -> str:
    """Decimal part as said in class: leading zeros one by one, then a number (« 3,05 »
    is « trois virgule zéro cinq »); long tails are read digit by digit."""
    if len(decimals) > 3:
        return " ".join(_int_words(int(d)) for d in decimals)
    zeros = len(decimals) - len(decimals.lstrip("0"))
    rest = decimals[zeros:]
    parts = ["zéro"] * zeros + ([_int_words(int(rest))] if rest else [])
    return " ".join(parts)


def number_words(number: str, feminine: bool = False) -> str:
    """« -3,5 » → « moins trois virgule cinq »; « 1 000 » → « mille »."""
    negative, integer, decimals = _parse(number)
    words = _int_words(int(integer), feminine=feminine and not decimals)
    if decimals:
        words += " virgule " + _decimals_words(decimals)
    return ("moins " + words) if negative else words


def _value(number: str) -> float:
    negative, integer, decimals = _parse(number)
    value = float(f"{integer}.{decimals or 0}")
    return -value if negative else value


def _unit_phrase(number: str, unit: str) -> str:
    singular, plural, feminine = _UNITS[unit]
    negative, integer, decimals = _parse(number)
    if unit == "€" and len(decimals) == 2:
        # Prices: « 3,50 € » is « trois euros cinquante ».
        euros, cents = int(integer), int(decimals)
        sign = "moins " if negative else ""
        if euros == 0:
            return f"{sign}{_int_words(cents)} centime{'s' if cents > 1 else ''}"
        name = "euros" if euros >= 2 else "euro"
        said = f"{sign}{_int_words(euros)} {name}"
        return f"{said} {_int_words(cents)}" if cents else said
    # French: singular below two (« 1,5 kilogramme »), plural from two on.
    noun = plural if abs(_value(number)) >= 2 else singular
    return f"{number_words(number, feminine=feminine)} {noun}"


def _fraction_words(numerator: int, denominator: int) -> str:
    if denominator in _DENOMINATORS:
        singular, plural = _DENOMINATORS[denominator]
        noun = plural if numerator >= 2 else singular
        return f"{_int_words(numerator)} {noun}"
    return f"{_int_words(numerator)} sur {_int_words(denominator)}"


def _exponent_words(base: str, exponent: str) -> str:
    exponent = exponent.translate(_SUPERSCRIPTS).replace("−", "-")
    if exponent == "2":
        return f"{base} au carré"
    if exponent == "3" and not base[:1].isdigit():
        return f"{base} au cube"
    if exponent.startswith("-"):
        return f"{base} puissance moins {exponent[1:]}"
    return f"{base} puissance {exponent}"


def _sub(pattern: str, repl: Callable[[re.Match[str]], str], text: str) -> str:
    return re.sub(pattern, repl, text)


def _normalise_plain(text: str) -> str:
    """Normalise text that contains no SSML tags."""
    for pattern, replacement in _ABBREVIATIONS:
        text = pattern.sub(replacement, text)

    # Dates before fractions: 14/07/1789.
    def date(m: re.Match[str]) -> str:
        day, month, year = int(m[1]), int(m[2]), m[3]
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return m[0]
        said_day = "premier" if day == 1 else _int_words(day)
        return f"{said_day} {_MONTHS[month - 1]} {_int_words(int(year))}"

    text = _sub(r"(?<![\w/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\w/])", date, text)

    # Times: 14h30, 8 h 05, 2 h 30 min.
    def time(m: re.Match[str]) -> str:
        hours, minutes = int(m[1]), int(m[2])
        said = f"{_int_words(hours, feminine=True)} heure{'s' if hours >= 2 else ''}"
        if m[3]:
            plural = "s" if minutes >= 2 else ""
            return f"{said} {_int_words(minutes, feminine=True)} minute{plural}"
        return f"{said} {_int_words(minutes)}" if minutes else said

    text = _sub(r"(?<![\w,.])(\d{1,2}) ?h ?([0-5]\d)( ?min)?(?!\w)", time, text)

    # Ordinals: 1er, 1re, 2e, 3ème, 2nde.
    def ordinal(m: re.Match[str]) -> str:
        n, suffix = int(m[1]), m[2]
        if n == 1:
            return "première" if suffix in ("re", "ère") else "premier"
        if n == 2 and suffix.startswith("n"):
            return "seconde" if suffix == "nde" else "second"
        return num2words(n, lang="fr", to="ordinal")

    text = _sub(r"(?<![\w,.])(\d+)(er|re|ère|ème|e|nde|nd)(?!\w)", ordinal, text)

    # Numbers followed by a unit.
    units = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
    text = _sub(
        rf"({_SIGNED})[ \u00a0\u202f]?({units})(?![\w²³])",
        lambda m: _unit_phrase(m[1], m[2]),
        text,
    )
    standalone = "|".join(re.escape(u) for u in _STANDALONE_UNITS)
    text = _sub(rf"(?<![\w/])({standalone})(?![\w²³/])", lambda m: _UNITS[m[1]][1], text)

    # Binary minus between maths operands (never inside words such as « a-t-il »).
    operand_after = r"(?=\d|\(|[A-Za-z](?![\w'’-]))"
    text = _sub(rf"(?<=[\d)²³])\s*-\s*{operand_after}", lambda m: " moins ", text)
    text = _sub(r"(?<=(?<![\w'’-])[A-Za-z])\s*-\s*(?=\d|\()", lambda m: " moins ", text)
    text = _sub(r"(?<=(?<![\w'’-])[A-Za-z])\s+-\s+" + operand_after, lambda m: " moins ", text)
    # Unary minus before a variable or bracket: -x, -(x+1).
    text = _sub(r"(?<![\w)])-(?=\(|[A-Za-z](?![\w'’-]))", lambda m: "moins ", text)

    # Powers: x², 10^3, 10³, (x+1)², 2^(-3), 10⁻³.
    text = _sub(
        r"(\d+|(?<![A-Za-z])[A-Za-z]|\))\s*(?:\^\s*\(?\s*([-−]?\s*(?:\d+|[A-Za-z]))\s*\)?"
        r"|([⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))",
        lambda m: " " + _exponent_words(m[1], (m[2] or m[3]).replace(" ", "")) + " ",
        text,
    )

    # Numeric fractions (dates were handled above).
    def fraction(m: re.Match[str]) -> str:
        said = _fraction_words(int(m[2]), int(m[3]))
        return f"moins {said}" if m[1] else said

    text = _sub(r"(?<![\w/,.)])([-−])?(\d+)\s*/\s*(\d+)(?![\w/,.])", fraction, text)
    # Letter or bracket fractions: a/b, (x+1)/2.
    text = _sub(
        r"((?<![\w])[A-Za-z](?![\w])|\d+|\))\s*/\s*(?=(?<![\w])[A-Za-z](?![\w])|\d|\()",
        lambda m: f"{m[1]} sur ",
        text,
    )

    # Multiplication written with x or * between numbers: 3 x 4, 3*4.
    text = _sub(r"(?<=\d)\s*[x*]\s*(?=\d)", lambda m: " fois ", text)
    text = _sub(r"(?<=[\w)])\s*\*\s*(?=[\w(])", lambda m: " fois ", text)

    # A number glued to a variable or bracket: 2x → deux x.
    text = _sub(r"(?<=\d)(?=[A-Za-z(])", lambda m: " ", text)

    text = _sub(rf"{_SIGNED}(?![\d])", lambda m: number_words(m[0]), text)

    for symbol, words in _SYMBOLS:
        text = text.replace(symbol, words)

    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r"\( ", "(", text)
    text = re.sub(r" \)", ")", text)
    return text


def normalise_for_speech(text: str) -> str:
    """French text → words eSpeak reads as a teacher would (see module docstring).

    Ordinary words pass through unchanged; SSML tags are preserved.
    """
    parts: list[str] = []
    position = 0
    for tag in SSML_TAG.finditer(text):
        parts.append(_normalise_plain(text[position : tag.start()]))
        parts.append(tag.group(0))
        position = tag.end()
    parts.append(_normalise_plain(text[position:]))
    result = "".join(parts)
    lines = [line.strip(" \t") for line in result.split("\n")]
    return "\n".join(lines)

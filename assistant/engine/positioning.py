"""The national positioning test's scale, the priors it gives, and reading it from a sentence.

The individual report of the seconde positioning test gives, per domain, one of six degrees:
maîtrise insuffisante, fragile, satisfaisante (three paliers), très bonne. We keep the six, as
the report does, and turn each into the prior mastery of the domain's skills: a student who
had « fragile » in calcul littéral starts those skills lower than one who had « très bonne ».
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text import plain


@dataclass(frozen=True)
class Degree:
    """One degree of the report's scale and the prior mastery it gives to a domain's skills."""

    key: str
    label: str
    prior: float


SCALE: tuple[Degree, ...] = (
    Degree("insuffisante", "maîtrise insuffisante", 0.15),
    Degree("fragile", "maîtrise fragile", 0.30),
    Degree("satisfaisante_1", "maîtrise satisfaisante (palier 1)", 0.45),
    Degree("satisfaisante_2", "maîtrise satisfaisante (palier 2)", 0.55),
    Degree("satisfaisante_3", "maîtrise satisfaisante (palier 3)", 0.65),
    Degree("tres_bonne", "très bonne maîtrise", 0.80),
)
DEGREES: dict[str, Degree] = {d.key: d for d in SCALE}
# Without a positioning result we know nothing: a little below the middle, so that a new
# student meets the basics (prerequisite-free skills) before what builds on them.
UNKNOWN_PRIOR = 0.40

# Words a student may use for each domain, accents and case removed; longest match wins, so
# « calcul littéral » is not read as « calcul ».
_DOMAIN_WORDS: dict[str, tuple[str, ...]] = {
    "nombres_calculs": ("nombres et calculs", "nombres et calcul", "nombres", "calculs", "calcul"),
    "calcul_litteral": ("calcul litteral", "litteral", "algebre"),
    "geometrie": ("geometrie", "geo"),
    "donnees": (
        "organisation et gestion de donnees",
        "gestion de donnees",
        "donnees",
        "statistiques",
        "fonctions",
    ),
    "comprehension_oral": ("comprehension de l oral", "comprehension orale", "oral", "ecoute"),
    "comprehension_ecrit": ("comprehension de l ecrit", "comprehension ecrite", "ecrit", "lecture"),
    "etude_langue": ("etude de la langue", "langue", "grammaire", "orthographe"),
}
_PALIER = re.compile(r"\b(?:palier|niveau)?\s*([123])\b")


def _find(words: str, phrase: str) -> bool:
    return re.search(rf"\b{re.escape(phrase)}\b", words) is not None


def parse_domain(text: str) -> str | None:
    """The domain a sentence names, by its longest matching keyword."""
    words = plain(text)
    found = [
        (len(phrase), domain)
        for domain, phrases in _DOMAIN_WORDS.items()
        for phrase in phrases
        if _find(words, phrase)
    ]
    return max(found)[1] if found else None


def parse_degree(text: str) -> str | None:
    """The degree a sentence names; « satisfaisant » without a palier reads as palier 2,
    the middle one, until the teacher confirms or corrects it."""
    words = plain(text)
    if _find(words, "tres bonne") or _find(words, "tres bon") or _find(words, "tres bien"):
        return "tres_bonne"
    if re.search(r"\binsuffisante?\b|\binsuffisance\b", words):
        return "insuffisante"
    if _find(words, "fragile"):
        return "fragile"
    if re.search(r"\bsatisfaisante?\b", words):
        palier = _PALIER.search(words.split("satisfaisant", 1)[1])
        return f"satisfaisante_{palier.group(1) if palier else 2}"
    return None


def parse(text: str) -> tuple[str | None, str | None]:
    """(domain, degree) named in a sentence such as « j'ai eu fragile en calcul littéral »;
    either may be None when the sentence does not say it."""
    return parse_domain(text), parse_degree(text)


def prior(degree: str | None) -> float:
    """The prior mastery a domain's degree gives its skills."""
    return DEGREES[degree].prior if degree in DEGREES else UNKNOWN_PRIOR

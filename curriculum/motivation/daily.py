"""« Le saviez-vous ? » facts and « Un texte, un jour »: small daily rewards for motivation.

A student who struggles rarely opens a tutor for the pleasure of it; a surprising fact at the
end of a practice, or a short text waiting each day, gives a reason to come back. Two rules
shape this module:

- **Everyone gets the same item on the same day.** A class can talk about « le texte du jour »
  or « le fait du jour »; the choice depends only on the date, never on a random draw or on the
  process that answers. The order is a fixed shuffle (by a hash of each id) so that consecutive
  days do not follow alphabetical order, and the day picks ``day.toordinal() % len(pool)``: every
  item comes once before any comes back. Adding an item reshuffles future days, which is fine.
- **Facts are data a teacher can review** (``facts.yml``), checked on load: a broken item fails
  loudly with the file and the fact id rather than reaching a student half-written.

Facts of the two subjects alternate day by day (maths, then French, then maths…) so a student
who only likes one subject still meets it every other day.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import zip_longest
from pathlib import Path
from typing import Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from curriculum.french.bank import LEVELS, Passage, passage_metadata, passages
from curriculum.french.readability import words

FACTS_FILE = Path(__file__).resolve().with_name("facts.yml")
SUBJECTS: tuple[str, ...] = ("maths", "francais")
CULTURE = "culture"  # the skill of a fact that trains no specific topic
MAX_TEXT_WORDS = 60
MAX_TEXT_SENTENCES = 3


class FactError(ValueError):
    """A facts file that cannot be used; the message names the file and the fact id."""


# --- The YAML schema --------------------------------------------------------------------------


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _SourceSpec(_Spec):
    name: str = Field(min_length=10)
    url: str | None = Field(default=None, pattern=r"^https://\S+$")


class _FactSpec(_Spec):
    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    subject: Literal["maths", "francais"]
    title: str = Field(min_length=3)
    text: str = Field(min_length=20)
    try_it: str | None = Field(default=None, min_length=10)
    answer: str | None = Field(default=None, min_length=2)
    skill: str
    source: _SourceSpec
    level: int = Field(ge=1, le=3)


# --- What the rest of Rebond uses -------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """Where a fact comes from: a public reference, with its address when we are sure of it."""

    name: str
    url: str | None


@dataclass(frozen=True)
class Fact:
    """One « Le saviez-vous ? » item.

    ``try_it`` is a one-sentence challenge the student can do by hand; ``answer`` is what the
    tutor says when asked for it (never shown before the student tries).
    """

    id: str
    subject: str
    title: str
    text: str
    try_it: str | None
    answer: str | None
    skill: str
    source: Source
    level: int


def skills_for(subject: str) -> frozenset[str]:
    """The skill tags a fact of ``subject`` may carry: the conversation's topics, or culture.

    Tags are topics the tutor already knows (the maths topics, the étude de la langue topics),
    so « fact_after » can match the topic a student just practised.
    """
    if subject == "maths":
        # Imported here: the maths package loads sympy and registers every generator.
        from curriculum.maths.items import TOPICS

        return frozenset(TOPICS) | {CULTURE}
    if subject == "francais":
        from curriculum.langue.bank import modules

        return frozenset(m.topic for m in modules()) | {CULTURE}
    raise ValueError(f"unknown subject {subject!r}; expected one of {SUBJECTS}")


def _sentence_count(text: str) -> int:
    """Sentences end with . ! ? or …, except inside « guillemets » (a quoted « Tenez ! »)."""
    outside_quotes = re.sub(r"«[^»]*»", "« »", text)
    return len(re.findall(r"[.!?…](?=\s|$)", outside_quotes))


def _fail(where: str, field: str, problem: str) -> FactError:
    return FactError(f"{where}: {field}: {problem}")


def load_facts(path: Path = FACTS_FILE) -> tuple[Fact, ...]:
    """Read and check a facts file; every error names the file and the fact (id or index)."""
    name = path.name
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise FactError(f"{name}: not valid YAML: {error}") from error
    if not isinstance(raw, dict) or not isinstance(raw.get("facts"), list):
        raise FactError(f"{name}: expected a mapping with a `facts` list")
    loaded: list[Fact] = []
    seen: set[str] = set()
    allowed = {subject: skills_for(subject) for subject in SUBJECTS}
    for index, item in enumerate(raw["facts"]):
        label = item.get("id") if isinstance(item, dict) else None
        where = f"{name}: fact {label!r}" if label else f"{name}: facts[{index}]"
        try:
            spec = _FactSpec.model_validate(item)
        except ValidationError as error:
            problems = "; ".join(
                f"{'.'.join(str(part) for part in e['loc']) or '(item)'}: {e['msg']}"
                for e in error.errors()
            )
            raise FactError(f"{where}: {problems}") from error
        if spec.id in seen:
            raise _fail(where, "id", "duplicate id")
        seen.add(spec.id)
        if spec.skill not in allowed[spec.subject]:
            raise _fail(
                where, "skill", f"{spec.skill!r} is not a {spec.subject} topic or {CULTURE!r}"
            )
        text = " ".join(spec.text.split())
        if len(words(text)) > MAX_TEXT_WORDS:
            raise _fail(where, "text", f"{len(words(text))} words, at most {MAX_TEXT_WORDS}")
        if not 1 <= _sentence_count(text) <= MAX_TEXT_SENTENCES:
            raise _fail(where, "text", f"expected 1 to {MAX_TEXT_SENTENCES} sentences")
        try_it = " ".join(spec.try_it.split()) if spec.try_it else None
        if try_it is not None and _sentence_count(try_it) != 1:
            raise _fail(where, "try_it", "must be one sentence")
        if spec.answer is not None and try_it is None:
            raise _fail(where, "answer", "an answer needs a try_it question")
        loaded.append(
            Fact(
                id=spec.id,
                subject=spec.subject,
                title=spec.title.strip(),
                text=text,
                try_it=try_it,
                answer=spec.answer.strip() if spec.answer else None,
                skill=spec.skill,
                source=Source(spec.source.name.strip(), spec.source.url),
                level=spec.level,
            )
        )
    return tuple(loaded)


@lru_cache(maxsize=1)
def _facts() -> dict[str, Fact]:
    return {f.id: f for f in load_facts()}


def facts(subject: str | None = None) -> tuple[Fact, ...]:
    """Every fact, in the file's order, or those of one subject."""
    if subject is not None and subject not in SUBJECTS:
        raise ValueError(f"unknown subject {subject!r}; expected one of {SUBJECTS}")
    return tuple(f for f in _facts().values() if subject in (None, f.subject))


def fact(fact_id: str) -> Fact:
    """One fact by id (to give the answer of its challenge later); ``KeyError`` if unknown."""
    return _facts()[fact_id]


# --- Daily choices ----------------------------------------------------------------------------

_Item = TypeVar("_Item", Fact, Passage)


def _shuffled(items: Iterable[_Item]) -> list[_Item]:
    """A fixed order that does not follow the alphabet: by a hash of each id."""
    return sorted(items, key=lambda item: hashlib.sha256(item.id.encode()).hexdigest())


def _of_the_day(day: date, pool: Sequence[_Item]) -> _Item:
    """The item of ``day``: consecutive days walk the pool, so all come before any repeats."""
    return pool[day.toordinal() % len(pool)]


def _daily_facts(subject: str | None) -> list[Fact]:
    """The cycle of facts: one subject's shuffled facts, or both subjects alternating."""
    if subject is not None:
        return _shuffled(facts(subject))
    by_subject = [_shuffled(facts(s)) for s in SUBJECTS]
    return [f for pair in zip_longest(*by_subject) for f in pair if f is not None]


def fact_of_the_day(day: date, subject: str | None = None) -> Fact:
    """« Le saviez-vous ? » of ``day``, the same for everyone; optionally of one subject."""
    return _of_the_day(day, _daily_facts(subject))


def fact_after(session_subject: str, seen_ids: set[str], topic: str | None = None) -> Fact | None:
    """A fact to end a practice: on the subject just practised, never one already seen.

    When ``topic`` is given (« fractions », « homophones »…), a fact on that very topic comes
    first; otherwise any fact of the subject. ``None`` once the student has seen them all —
    the tutor then simply says goodbye rather than repeating itself.
    """
    unseen = [f for f in _daily_facts(session_subject) if f.id not in seen_ids]
    on_topic = [f for f in unseen if f.skill == topic]
    return (on_topic or unseen or [None])[0]


def fact_messages(item: Fact) -> list[str]:
    """What the tutor says to give a fact: the fact, then its challenge if it has one."""
    title = item.title if item.title[-1] in "?!" else f"{item.title}."
    messages = [f"Le saviez-vous ? {title} {item.text}"]
    if item.try_it:
        messages.append(f"À toi de jouer ! {item.try_it}")
    return messages


def text_of_the_day(day: date, level: int | None = None) -> Passage:
    """« Un texte, un jour »: a passage of the bank, the same for everyone on ``day``.

    With ``level``, the passage comes from that band only, so a band-1 reader is never offered a
    seconde-level text; each band cycles through all its passages before repeating.
    """
    if level is not None and level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    pool = [p for p in passages() if level in (None, p.level)]
    return _of_the_day(day, _shuffled(pool))


def announce_text_of_the_day(day: date, level: int | None = None) -> str:
    """The tutor's line proposing the text of the day, with its band and reading time.

    The reading time is the passage's metadata duration (slow reading plus a minute to
    settle), so the announcement and the resource catalogue never disagree.
    """
    text = text_of_the_day(day, level)
    minutes = passage_metadata(text.id, public_url="").duration_minutes
    return (
        f"Le texte du jour : « {text.title} » (niveau {text.level}, environ {minutes} "
        f"minute{'s' if minutes > 1 else ''}). Dis « lire un texte » pour le découvrir."
    )

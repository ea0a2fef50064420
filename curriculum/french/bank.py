"""The French passage bank: loading, validation, computed measures and resource metadata.

Passages live as one YAML file each in ``passages/`` so a teacher can review or add a text
without touching code. Everything a file cannot be trusted to state by hand is computed
here: word and sentence counts, the readability score, the sentence each question's
evidence sits in. Loading fails loudly, naming the file and the field, because a broken
question would otherwise reach a student as an unanswerable one.

Bands and readability (Kandel & Moles, see ``readability.py``). A band is the author's
judgement; the score only checks it. Each band has a range of accepted scores, overlapping
because a short poem or a timetable can be easy with long lines:

- band 1 (easiest: short sentences, everyday words): score ≥ 88;
- band 2 (collège level): 72 ≤ score < 100;
- band 3 (seconde level): score < 88.

A passage whose score falls outside its band's range is rejected at load time, so an "easy"
text full of long sentences and long words, or a "hard" one written in short plain
sentences, shows up as an error to fix rather than a silent mislabel. The cut-offs were set
on the first dozen passages and hold for the whole bank (scores observed: band 1 from 93 to
111, band 2 from 74 to 94, band 3 from 65 to 84). The overlap leaves room for what the
formula cannot see — a short poem full of images, an idiomatic dialogue — and the author's
band decides inside it.

Metadata rules (for the ScoLOMFR export and the engine):

- skill: ``francais.comprehension_ecrit.<kind>`` when the student reads,
  ``francais.comprehension_oral.<kind>`` when the tutor reads the text aloud; a passage
  carries the skills of all its questions.
- intent: a passage is « découverte »; a question on a band-1 text is « remédiation » (it
  rebuilds reading skills), a vocabulary question « mémorisation », any other one
  « entraînement ».
- context: every resource works « seul » and « en classe »; passages of at most 250 words
  and all questions also « en mobilité » (a phone, a few minutes).
- duration: reading at 90 words a minute (a slow reader, or the tutor's slowed voice) plus
  one minute to settle, rounded up; a multiple-choice question 1 minute, an open one 3.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from curriculum.french.readability import kandel_moles, sentences

PASSAGE_DIR = Path(__file__).resolve().parent / "passages"
LICENCE = "CC BY-SA 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"

FAMILIES: tuple[str, ...] = (
    "narratif",
    "descriptif",
    "dialogue",
    "poetique",
    "informatif",
    "argumentatif",
    "fonctionnel",
)
GENRES: dict[str, str] = {  # genre → family
    "recit": "narratif",
    "conte": "narratif",
    "fable": "narratif",
    "nouvelle": "narratif",
    "portrait": "descriptif",
    "description": "descriptif",
    "dialogue": "dialogue",
    "scene": "dialogue",
    "poeme": "poetique",
    "article": "informatif",
    "encyclopedie": "informatif",
    "tribune": "argumentatif",
    "notice": "fonctionnel",
    "reglement": "fonctionnel",
    "courriel": "fonctionnel",
    "emploi_du_temps": "fonctionnel",
    "recette": "fonctionnel",
    "formulaire": "fonctionnel",
}
KINDS: tuple[str, ...] = ("literal", "inferential", "vocabulary", "main_idea", "implicit")
FORMATS: tuple[str, ...] = ("mcq", "open")
MODES: dict[str, str] = {"ecrit": "comprehension_ecrit", "oral": "comprehension_oral"}
LEVELS: tuple[int, ...] = (1, 2, 3)
BAND_SCORES: dict[int, tuple[float, float]] = {  # accepted [low, high) per band
    1: (88.0, math.inf),
    2: (72.0, 100.0),
    3: (-math.inf, 88.0),
}
MIN_WORDS, MAX_WORDS = 80, 400
READING_WORDS_PER_MINUTE = 90
MOBILE_MAX_WORDS = 250


class PassageError(ValueError):
    """A passage file that cannot be used; the message names the file and the field."""


# --- The YAML schema --------------------------------------------------------------------------


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _IdeaSpec(_Spec):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    label: str = Field(min_length=3)
    lemmas: list[str] = Field(min_length=1)
    synonyms: list[str] = []
    phrases: list[str] = []


class _RubricSpec(_Spec):
    min_ideas: int = Field(ge=1)
    ideas: list[_IdeaSpec] = Field(min_length=1)


class _QuestionSpec(_Spec):
    id: str = Field(pattern=r"^q[0-9]+$")
    kind: Literal["literal", "inferential", "vocabulary", "main_idea", "implicit"]
    format: Literal["mcq", "open"]
    prompt: str = Field(min_length=10)
    choices: list[str] = []
    answer: str = Field(min_length=1)
    rubric: _RubricSpec | None = None
    evidence: list[str] = Field(min_length=1)
    feedback: str = Field(min_length=10)


class _PassageSpec(_Spec):
    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    title: str = Field(min_length=2)
    genre: str
    family: str
    theme: str = Field(min_length=2)
    level: int = Field(ge=1, le=3)
    text: str
    facts_sources: list[str] = []
    questions: list[_QuestionSpec] = Field(min_length=1)

    @field_validator("genre")
    @classmethod
    def _known_genre(cls, genre: str) -> str:
        if genre not in GENRES:
            raise ValueError(f"unknown genre {genre!r}; expected one of {sorted(GENRES)}")
        return genre


# --- What the rest of Rebond uses -------------------------------------------------------------


@dataclass(frozen=True)
class Idea:
    """One idea an open answer should contain, with the words that show it is there."""

    id: str
    label: str
    lemmas: tuple[str, ...]
    synonyms: tuple[str, ...]
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class Rubric:
    """The expected ideas of an open answer; ``min_ideas`` of them make it right."""

    ideas: tuple[Idea, ...]
    min_ideas: int


@dataclass(frozen=True)
class Question:
    """A comprehension question; ``evidence_sentences`` index ``Passage.sentences``.

    ``answer`` is the right choice of a multiple-choice question, or a model answer to an
    open one (shown after the student's attempt, never used to judge it: the rubric does).
    """

    id: str
    passage_id: str
    kind: str
    format: str
    prompt: str
    choices: tuple[str, ...]
    answer: str
    rubric: Rubric | None
    evidence: tuple[str, ...]
    evidence_sentences: tuple[int, ...]
    feedback: str
    level: int

    def skill(self, mode: str = "ecrit") -> str:
        """The skill this question trains: written or oral comprehension of its kind."""
        return skill_id(self.kind, mode)


@dataclass(frozen=True)
class Passage:
    """A text of the bank with its measures and questions."""

    id: str
    title: str
    genre: str
    family: str
    theme: str
    level: int
    text: str
    paragraphs: tuple[str, ...]
    sentences: tuple[str, ...]
    word_count: int
    syllable_count: int
    readability: float
    facts_sources: tuple[str, ...]
    questions: tuple[Question, ...]
    source_file: str

    @property
    def sentence_count(self) -> int:
        return len(self.sentences)


@dataclass(frozen=True)
class ResourceMetadata:
    """What the engine and the ScoLOMFR export need to know about one resource."""

    id: str
    # "exercise" (maths exercise families, language modules) and "fact" (« Le saviez-vous ? »)
    # are described by assistant/resources/catalogue.py.
    type: Literal["passage", "question", "exercise", "fact"]
    uri: str
    title: str
    skills: tuple[str, ...]
    level: int
    intent: str
    contexts: tuple[str, ...]
    duration_minutes: int
    licence: str
    licence_url: str
    language: str = "fr"
    author: str = "Rebond"


def skill_id(kind: str, mode: str = "ecrit") -> str:
    """``francais.comprehension_ecrit.literal`` and its siblings (see ``skill_ids``)."""
    if kind not in KINDS or mode not in MODES:
        raise ValueError(f"unknown question kind {kind!r} or mode {mode!r}")
    return f"francais.{MODES[mode]}.{kind}"


def skill_ids() -> tuple[str, ...]:
    """Every comprehension skill, for the engine's skill map."""
    return tuple(skill_id(kind, mode) for mode in MODES for kind in KINDS)


# --- Loading ----------------------------------------------------------------------------------


def load_passage(path: Path) -> Passage:
    """Read, validate and measure one passage file; errors name the file and the field."""
    name = path.name
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise PassageError(f"{name}: not valid YAML: {error}") from error
    try:
        spec = _PassageSpec.model_validate(raw)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in e['loc']) or '(file)'}: {e['msg']}"
            for e in error.errors()
        )
        raise PassageError(f"{name}: {problems}") from error

    def fail(field: str, problem: str) -> PassageError:
        return PassageError(f"{name}: {field}: {problem}")

    if re.search(r"-q[0-9]+$", spec.id):
        raise fail("id", "must not end like a question id (« -q1 »)")
    if path.stem != spec.id:
        raise fail("id", f"must match the file name {path.stem!r}")
    if GENRES[spec.genre] != spec.family:
        raise fail("family", f"genre {spec.genre!r} belongs to {GENRES[spec.genre]!r}")
    text = spec.text.strip()
    paragraphs = tuple(p.strip() for p in text.split("\n\n") if p.strip())
    measures = kandel_moles(text)
    if not MIN_WORDS <= measures.word_count <= MAX_WORDS:
        raise fail("text", f"{measures.word_count} words, expected {MIN_WORDS}–{MAX_WORDS}")
    low, high = BAND_SCORES[spec.level]
    if not low <= measures.score < high:
        raise fail(
            "level",
            f"readability {measures.score} ({measures.words_per_sentence:.1f} words a sentence, "
            f"{measures.syllables_per_word:.2f} syllables a word) is outside band "
            f"{spec.level}'s range [{low}, {high})",
        )
    text_sentences = tuple(sentences(text))
    questions: list[Question] = []
    for index, q in enumerate(spec.questions):
        where = f"questions.{index} ({q.id})"
        if q.id in {existing.id.rsplit("-", 1)[1] for existing in questions}:
            raise fail(where, "duplicate question id")
        if q.format == "mcq":
            if not 3 <= len(q.choices) <= 4 or len(set(q.choices)) != len(q.choices):
                raise fail(f"{where}.choices", "a multiple-choice needs 3–4 distinct choices")
            if q.answer not in q.choices:
                raise fail(f"{where}.answer", f"{q.answer!r} is not one of the choices")
            if q.rubric is not None:
                raise fail(f"{where}.rubric", "a multiple-choice question has no rubric")
        else:
            if q.choices:
                raise fail(f"{where}.choices", "an open question has no choices")
            if q.rubric is None:
                raise fail(f"{where}.rubric", "an open question needs a rubric")
            if q.rubric.min_ideas > len(q.rubric.ideas):
                raise fail(f"{where}.rubric.min_ideas", "more than the ideas listed")
            if len({idea.id for idea in q.rubric.ideas}) != len(q.rubric.ideas):
                raise fail(f"{where}.rubric.ideas", "duplicate idea id")
        located: list[int] = []
        for quote in q.evidence:
            found = [i for i, s in enumerate(text_sentences) if quote in s]
            if not found:
                raise fail(f"{where}.evidence", f"{quote!r} is not inside one sentence of the text")
            located.append(found[0])
        rubric = (
            Rubric(
                ideas=tuple(
                    Idea(i.id, i.label, tuple(i.lemmas), tuple(i.synonyms), tuple(i.phrases))
                    for i in q.rubric.ideas
                ),
                min_ideas=q.rubric.min_ideas,
            )
            if q.rubric
            else None
        )
        questions.append(
            Question(
                id=f"{spec.id}-{q.id}",
                passage_id=spec.id,
                kind=q.kind,
                format=q.format,
                prompt=q.prompt.strip(),
                choices=tuple(q.choices),
                answer=q.answer.strip(),
                rubric=rubric,
                evidence=tuple(q.evidence),
                evidence_sentences=tuple(located),
                feedback=q.feedback.strip(),
                level=spec.level,
            )
        )
    return Passage(
        id=spec.id,
        title=spec.title,
        genre=spec.genre,
        family=spec.family,
        theme=spec.theme,
        level=spec.level,
        text=text,
        paragraphs=paragraphs,
        sentences=text_sentences,
        word_count=measures.word_count,
        syllable_count=measures.syllable_count,
        readability=measures.score,
        facts_sources=tuple(spec.facts_sources),
        questions=tuple(questions),
        source_file=name,
    )


@lru_cache(maxsize=1)
def _bank() -> dict[str, Passage]:
    bank: dict[str, Passage] = {}
    for path in sorted(PASSAGE_DIR.glob("*.yml")):
        passage = load_passage(path)
        bank[passage.id] = passage
    return bank


def passages() -> tuple[Passage, ...]:
    """Every passage, sorted by id (a stable order for tests and listings)."""
    return tuple(_bank().values())


def passage(passage_id: str) -> Passage:
    """One passage by id; ``KeyError`` for an unknown id."""
    return _bank()[passage_id]


def questions(passage_id: str) -> tuple[Question, ...]:
    """The questions of one passage, in the order the file gives them."""
    return passage(passage_id).questions


def question(question_id: str) -> Question:
    """One question by its bank-wide id (``<passage id>-q<n>``)."""
    passage_id = question_id.rsplit("-", 1)[0]
    for q in questions(passage_id):
        if q.id == question_id:
            return q
    raise KeyError(question_id)


# --- Persistent URIs and metadata -------------------------------------------------------------


def passage_uri(passage_id: str, public_url: str) -> str:
    """The persistent URI of a passage: ``{public_url}/resources/passages/{id}``."""
    return f"{public_url.rstrip('/')}/resources/passages/{passage_id}"


def question_uri(question_id: str, public_url: str) -> str:
    """The persistent URI of a question: ``{public_url}/resources/questions/{id}``."""
    return f"{public_url.rstrip('/')}/resources/questions/{question_id}"


def passage_metadata(passage_id: str, public_url: str) -> ResourceMetadata:
    """Metadata of a passage (rules in the module docstring)."""
    p = passage(passage_id)
    kinds = sorted({q.kind for q in p.questions}, key=KINDS.index)
    contexts = ("seul", "en classe") + (
        ("en mobilité",) if p.word_count <= MOBILE_MAX_WORDS else ()
    )
    return ResourceMetadata(
        id=p.id,
        type="passage",
        uri=passage_uri(p.id, public_url),
        title=p.title,
        skills=tuple(skill_id(k, mode) for mode in MODES for k in kinds),
        level=p.level,
        intent="découverte",
        contexts=contexts,
        duration_minutes=1 + math.ceil(p.word_count / READING_WORDS_PER_MINUTE),
        licence=LICENCE,
        licence_url=LICENCE_URL,
    )


def question_metadata(question_id: str, public_url: str) -> ResourceMetadata:
    """Metadata of a question (rules in the module docstring)."""
    q = question(question_id)
    if q.level == 1:
        intent = "remédiation"
    elif q.kind == "vocabulary":
        intent = "mémorisation"
    else:
        intent = "entraînement"
    return ResourceMetadata(
        id=q.id,
        type="question",
        uri=question_uri(q.id, public_url),
        title=f"{passage(q.passage_id).title} : {q.prompt}",
        skills=tuple(skill_id(q.kind, mode) for mode in MODES),
        level=q.level,
        intent=intent,
        contexts=("seul", "en classe", "en mobilité"),
        duration_minutes=1 if q.format == "mcq" else 3,
        licence=LICENCE,
        licence_url=LICENCE_URL,
    )


def resources(public_url: str) -> tuple[ResourceMetadata, ...]:
    """Metadata of every passage and question, passages first."""
    found = [passage_metadata(p.id, public_url) for p in passages()]
    found += [question_metadata(q.id, public_url) for p in passages() for q in p.questions]
    return tuple(found)


def resource_metadata(resource_id: str, public_url: str) -> ResourceMetadata:
    """Metadata of a passage or a question id; ``KeyError`` when it is neither."""
    if resource_id in _bank():
        return passage_metadata(resource_id, public_url)
    return question_metadata(resource_id, public_url)

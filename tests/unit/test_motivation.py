"""« Le saviez-vous ? » facts and « Un texte, un jour »: content, daily choices and errors.

A fact is said by the tutor to a struggling student as a reward: a wrong figure, a typo, a
symbol the voice cannot read or a fact repeated the next day would spoil it. The daily choices
must be the same for a whole class on a given day, and must cycle through everything.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from curriculum.french.bank import passage_metadata, passages
from curriculum.french.readability import words
from curriculum.motivation import daily
from curriculum.motivation.daily import (
    FACTS_FILE,
    MAX_TEXT_WORDS,
    SUBJECTS,
    FactError,
    announce_text_of_the_day,
    fact,
    fact_after,
    fact_messages,
    fact_of_the_day,
    facts,
    load_facts,
    skills_for,
    text_of_the_day,
)
from speech.tts.normalise import normalise_for_speech
from tests.unit.spelling import hunspell_unavailable, misspelled

# Words hunspell fr_FR does not know in the facts, reviewed by hand: people (Ada, Brahmagupta,
# Čapek, al-Khwarizmi, Perret), places (Syène, Villers-Cotterêts), paper formats (A4, A5) and
# the foreign words a fact is about (Arabic sifr, Italian banca rotta, Czech robota, English
# beef, mutton, pork). Sorted case-insensitively; every entry must be used (tested below).
FACT_SPELLING_EXCEPTIONS: tuple[str, ...] = (
    "A4",
    "A5",
    "Ada",
    "al-Khwarizmi",
    "banca",
    "beef",
    "Brahmagupta",
    "mutton",
    "Perret",
    "pork",
    "robota",
    "rotta",
    "sifr",
    "Syène",
    "Villers-Cotterêts",
    "Čapek",  # « Č » sorts after « z »
)
SOURCES_FILE = Path(daily.__file__).resolve().parent.parent / "SOURCES.md"
A_MONDAY = date(2026, 11, 23)


def student_texts() -> list[tuple[str, str]]:
    """Every string a student reads or hears, with its fact id (sources are citations)."""
    found: list[tuple[str, str]] = []
    for f in facts():
        found += [(f.id, text) for text in (f.title, f.text, f.try_it, f.answer) if text]
    return found


def cycle_start(length: int, after: date = A_MONDAY) -> date:
    """The first day, from ``after`` on, where a cycle of ``length`` items starts again."""
    return after + timedelta(days=-after.toordinal() % length)


# --- Counts -----------------------------------------------------------------------------------


def test_there_are_enough_facts_in_both_subjects_and_roughly_half_each():
    subjects = Counter(f.subject for f in facts())
    assert sum(subjects.values()) >= 40, subjects
    assert set(subjects) == set(SUBJECTS)
    for subject in SUBJECTS:
        assert subjects[subject] >= 15, subjects
        assert subjects[subject] >= 0.4 * len(facts()), subjects


def test_facts_span_levels_and_many_topics():
    for subject in SUBJECTS:
        mine = facts(subject)
        assert {f.level for f in mine} == {1, 2, 3}, subject
        assert len({f.skill for f in mine}) >= 6, subject
    maths_topics = {f.skill for f in facts("maths")} - {"culture"}
    assert {"fractions", "pourcentages", "probabilites", "arithmetique"} <= maths_topics
    french_topics = {f.skill for f in facts("francais")}
    assert {"vocabulaire", "homophones", "culture"} <= french_topics
    assert sum(f.try_it is not None for f in facts()) >= len(facts()) / 2


# --- Fields -----------------------------------------------------------------------------------


def test_every_field_is_valid():
    ids = [f.id for f in facts()]
    assert len(ids) == len(set(ids))
    for f in facts():
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", f.id), f.id
        assert f.subject in SUBJECTS, f.id
        assert f.skill in skills_for(f.subject), (f.id, f.skill)
        assert f.level in (1, 2, 3), f.id
        assert f.title.strip() and len(f.title) <= 60, f.id
        assert 5 <= len(words(f.text)) <= MAX_TEXT_WORDS, (f.id, len(words(f.text)))
        assert 1 <= daily._sentence_count(f.text) <= 3, f.id
        assert f.text[-1] in ".!?", f.id
        if f.try_it is not None:
            assert daily._sentence_count(f.try_it) == 1, f.id
            assert f.try_it[-1] in ".?", f.id
        if f.answer is not None:
            assert f.try_it is not None, f.id
        assert fact(f.id) is f


def test_every_fact_has_a_source():
    for f in facts():
        assert len(f.source.name) >= 10, f.id
        assert f.source.url is None or re.fullmatch(r"https://\S+", f.source.url), f.id


def test_facts_have_their_section_in_sources():
    text = SOURCES_FILE.read_text(encoding="utf-8")
    assert "## « Le saviez-vous ? » facts (`curriculum/motivation/facts.yml`)" in text
    for f in facts():
        assert f"| `{f.id}` — {f.title} | {f.subject}, level {f.level} |" in text, f.id


# --- Language ---------------------------------------------------------------------------------


def test_french_typography_is_consistent():
    for where, text in student_texts():
        assert "’" not in text, (where, "use the straight apostrophe everywhere")
        assert '"' not in text, (where, "use « guillemets »")
        assert not re.search(r"\S[?!;:](?!\S)", text), (where, text)
        assert not re.search(r"«(?!\s)|(?<!\s)»", text), (where, text)
        assert text.count("«") == text.count("»"), (where, text)


def test_every_text_is_speakable():
    """After the voice's normalisation no digit or maths symbol is left for eSpeak to garble."""
    for where, text in student_texts():
        spoken = normalise_for_speech(text)
        assert not re.search(r"[0-9%×÷=+<>^√π²³/]", spoken), (where, spoken)


def test_every_fact_is_spelled_right():
    reason = hunspell_unavailable()
    if reason:
        print(f"French spell check skipped: {reason}")
        pytest.skip(reason)
    texts = student_texts()
    unknown = misspelled("\n".join(text for _, text in texts)) - set(FACT_SPELLING_EXCEPTIONS)
    places = {word: sorted({w for w, text in texts if word in text}) for word in unknown}
    assert not unknown, (
        f"unknown words (fix them, or add reviewed ones to FACT_SPELLING_EXCEPTIONS): {places}"
    )


def test_spelling_exceptions_are_sorted_and_all_used():
    assert list(FACT_SPELLING_EXCEPTIONS) == sorted(FACT_SPELLING_EXCEPTIONS, key=str.lower)
    everything = " ".join(text for _, text in student_texts())
    for word in FACT_SPELLING_EXCEPTIONS:
        assert re.search(rf"(?<!\w){re.escape(word)}(?!\w)", everything), f"unused: {word}"


# --- Fact of the day --------------------------------------------------------------------------


@pytest.mark.parametrize("subject", [None, *SUBJECTS])
def test_fact_of_the_day_is_deterministic_and_cycles_through_all(subject: str | None):
    pool = facts(subject)
    start = cycle_start(len(pool))
    cycle = [fact_of_the_day(start + timedelta(days=i), subject) for i in range(len(pool))]
    assert {f.id for f in cycle} == {f.id for f in pool}  # all come once…
    assert len({f.id for f in cycle}) == len(cycle)  # …before any repeats
    for i in (0, 7, len(pool) - 1):
        day = start + timedelta(days=i)
        assert fact_of_the_day(day, subject) == cycle[i]  # same day, same fact
        assert fact_of_the_day(day + timedelta(days=len(pool)), subject) == cycle[i]
    if subject:
        assert {f.subject for f in cycle} == {subject}


def test_fact_of_the_day_alternates_subjects():
    start = cycle_start(len(facts()))
    subjects = [fact_of_the_day(start + timedelta(days=i)).subject for i in range(20)]
    assert all(a != b for a, b in zip(subjects, subjects[1:], strict=False)), subjects


def test_fact_of_the_day_does_not_follow_the_file_order():
    start = cycle_start(len(facts("maths")))
    week = [fact_of_the_day(start + timedelta(days=i), "maths") for i in range(7)]
    assert week != list(facts("maths")[:7])


# --- Fact after a practice --------------------------------------------------------------------


@pytest.mark.parametrize("subject", SUBJECTS)
def test_fact_after_never_repeats_and_ends_with_none(subject: str):
    seen: set[str] = set()
    given: list[str] = []
    while (item := fact_after(subject, seen)) is not None:
        assert item.id not in seen
        assert item.subject == subject
        given.append(item.id)
        seen.add(item.id)
    assert sorted(given) == sorted(f.id for f in facts(subject))
    assert fact_after(subject, seen) is None
    assert fact_after(subject, seen | {"some-other-id"}) is None


def test_fact_after_prefers_the_topic_just_practised():
    first = fact_after("maths", set(), topic="fractions")
    assert first is not None and first.skill == "fractions"
    second = fact_after("maths", {first.id}, topic="fractions")
    assert second is not None and second.skill == "fractions" and second.id != first.id
    all_fractions = {f.id for f in facts("maths") if f.skill == "fractions"}
    other = fact_after("maths", all_fractions, topic="fractions")
    assert other is not None and other.subject == "maths" and other.id not in all_fractions
    homophones = fact_after("francais", set(), topic="homophones")
    assert homophones is not None and homophones.skill == "homophones"


def test_fact_after_rejects_an_unknown_subject():
    with pytest.raises(ValueError, match="unknown subject"):
        fact_after("histoire", set())


def test_fact_messages_introduce_the_fact_then_the_challenge():
    with_challenge = fact("divisible-par-trois")
    messages = fact_messages(with_challenge)
    assert messages[0].startswith("Le saviez-vous ? Le truc de la division par 3. ")
    assert messages[0].endswith(with_challenge.text)
    assert messages[1] == f"À toi de jouer ! {with_challenge.try_it}"
    question_title = fact("moyenne-ou-mediane")
    assert fact_messages(question_title)[0].startswith("Le saviez-vous ? Moyenne ou médiane ? ")
    assert len(fact_messages(fact("les-immortels"))) == 1


# --- Text of the day --------------------------------------------------------------------------


@pytest.mark.parametrize("level", [None, 1, 2, 3])
def test_text_of_the_day_respects_the_level_and_cycles_through_the_band(level: int | None):
    band = [p for p in passages() if level in (None, p.level)]
    start = cycle_start(len(band))
    cycle = [text_of_the_day(start + timedelta(days=i), level) for i in range(len(band))]
    assert sorted(p.id for p in cycle) == sorted(p.id for p in band)
    if level is not None:
        assert {p.level for p in cycle} == {level}
    day = start + timedelta(days=3)
    assert text_of_the_day(day, level) == text_of_the_day(day, level)
    assert text_of_the_day(day + timedelta(days=len(band)), level) == cycle[3]


def test_text_of_the_day_rejects_an_unknown_level():
    with pytest.raises(ValueError, match="level"):
        text_of_the_day(A_MONDAY, 4)


@pytest.mark.parametrize("level", [None, 1, 3])
def test_announcement_names_the_text_its_band_and_reading_time(level: int | None):
    text = text_of_the_day(A_MONDAY, level)
    minutes = passage_metadata(text.id, "").duration_minutes
    assert announce_text_of_the_day(A_MONDAY, level) == (
        f"Le texte du jour : « {text.title} » (niveau {text.level}, environ {minutes} minutes)."
        " Dis « lire un texte » pour le découvrir."
    )


# --- Loading errors ---------------------------------------------------------------------------


def _broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    text = FACTS_FILE.read_text(encoding="utf-8")
    assert old in text
    target = tmp_path / FACTS_FILE.name
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("  skill: arithmetique\n", "  skill: geographie\n", "fact 'divisible-par-trois': skill"),
        ("  subject: maths\n", "  subject: histoire\n", "fact 'divisible-par-trois': subject"),
        ("  level: 1\n", "  level: 4\n", "fact 'divisible-par-trois': level"),
        ("- id: zero-virgule-neuf", "- id: divisible-par-trois", "'divisible-par-trois': id"),
        (
            '  try_it: "Est-ce que 2 025 est divisible par 3 ?"\n',
            "",
            "fact 'divisible-par-trois': answer: an answer needs a try_it",
        ),
        (
            "    divisible par 3, le nombre l'est aussi.",
            "    divisible par 3, le nombre l'est aussi. " + "Encore un mot. " * 12,
            "fact 'divisible-par-trois': text:",
        ),
        ('    url: "https://eduscol', '    url: "http://eduscol', "'divisible-par-trois': source"),
        ('  title: "Le truc', '  colour: red\n  title: "Le truc', "'divisible-par-trois': colour"),
    ],
)
def test_schema_errors_name_the_file_and_the_fact(tmp_path: Path, old: str, new: str, message: str):
    with pytest.raises(FactError) as error:
        load_facts(_broken_copy(tmp_path, old, new))
    assert str(error.value).startswith("facts.yml: ")
    assert message in str(error.value)


def test_a_fact_without_id_is_named_by_its_position(tmp_path: Path):
    with pytest.raises(FactError, match=r"^facts\.yml: facts\[0\]: id"):
        load_facts(_broken_copy(tmp_path, "- id: divisible-par-trois\n", "- \n"))

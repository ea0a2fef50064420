"""The French passage bank: counts, structure, evidence, readability bands and spelling.

A passage reaches a struggling reader through the tutor's voice and screen; a wrong answer
key, an evidence sentence that is not in the text or a typo would teach the wrong thing or
send the student looking for a sentence that does not exist. These tests read every file.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from curriculum.french import bank
from curriculum.french.bank import (
    BAND_SCORES,
    FAMILIES,
    GENRES,
    KINDS,
    MAX_WORDS,
    MIN_WORDS,
    PassageError,
    load_passage,
    passage,
    passage_metadata,
    passages,
    question,
    question_metadata,
    questions,
    resource_metadata,
    resources,
    skill_ids,
)
from curriculum.french.readability import kandel_moles, sentences, syllables, words
from tests.unit.spelling import EXCEPTIONS_FILE, exceptions, hunspell_unavailable, misspelled

PUBLIC_URL = "https://rebond.example.org"


def all_questions() -> list[bank.Question]:
    return [q for p in passages() for q in p.questions]


# --- Counts -----------------------------------------------------------------------------------


def test_bank_meets_the_issue_counts():
    qs = all_questions()
    assert len(passages()) >= 40
    assert len(qs) >= 300
    assert sum(q.format == "open" for q in qs) >= 100
    assert sum(q.format == "open" for q in qs) >= len(qs) / 3


def test_every_family_has_at_least_three_passages_and_every_kind_is_asked():
    families = Counter(p.family for p in passages())
    assert set(families) == set(FAMILIES)
    assert min(families.values()) >= 3, families
    kinds = Counter(q.kind for q in all_questions())
    assert set(kinds) == set(KINDS)
    assert min(kinds.values()) >= 30, kinds


def test_levels_are_roughly_a_third_each():
    levels = Counter(p.level for p in passages())
    assert set(levels) == {1, 2, 3}
    for count in levels.values():
        assert count >= len(passages()) / 4, levels


def test_each_passage_asks_varied_questions_with_open_ones():
    for p in passages():
        assert len(p.questions) >= 6, p.id
        assert len({q.kind for q in p.questions}) >= 4, p.id
        assert sum(q.format == "open" for q in p.questions) >= 2, p.id


# --- Structure --------------------------------------------------------------------------------


def test_passages_have_ids_genres_and_word_counts_in_range():
    ids = [p.id for p in passages()]
    assert len(ids) == len(set(ids))
    for p in passages():
        assert p.source_file == f"{p.id}.yml"
        assert GENRES[p.genre] == p.family
        assert MIN_WORDS <= p.word_count <= MAX_WORDS, (p.id, p.word_count)
        assert p.word_count == len(words(p.text))
        assert p.paragraphs and all(par in p.text for par in p.paragraphs)
        assert p.title.strip() and p.theme.strip()


def test_every_mcq_answer_is_one_of_three_or_four_distinct_choices():
    for q in all_questions():
        if q.format == "mcq":
            assert 3 <= len(q.choices) <= 4, q.id
            assert len(set(q.choices)) == len(q.choices), q.id
            assert q.answer in q.choices, q.id
            assert q.rubric is None


def test_mcq_answers_cannot_be_guessed_from_position_or_length():
    """Test-wise students pick « the second one » or « the longest one »; neither may work."""
    mcqs = [q for q in all_questions() if q.format == "mcq"]
    positions = Counter(q.choices.index(q.answer) for q in mcqs)
    assert max(positions.values()) <= 0.35 * len(mcqs), positions
    longest = [q for q in mcqs if len(q.answer) == max(len(c) for c in q.choices)]
    assert len(longest) <= 0.45 * len(mcqs), len(longest)
    for q in mcqs:
        distractor = max(len(c) for c in q.choices if c != q.answer)
        assert len(q.answer) <= 1.25 * distractor, (q.id, q.answer)


def test_every_open_question_has_a_well_formed_rubric():
    for q in all_questions():
        if q.format != "open":
            continue
        assert q.rubric is not None and not q.choices, q.id
        assert 1 <= q.rubric.min_ideas <= len(q.rubric.ideas), q.id
        ids = [idea.id for idea in q.rubric.ideas]
        assert len(ids) == len(set(ids)), q.id
        for idea in q.rubric.ideas:
            assert re.fullmatch(r"[a-z0-9_]+", idea.id), (q.id, idea.id)
            assert idea.label.strip() and idea.lemmas, (q.id, idea.id)
            terms = idea.lemmas + idea.synonyms + idea.phrases
            assert all(isinstance(t, str) and t.strip() for t in terms), (q.id, idea.id)


def test_rubric_lemmas_are_single_words():
    """Lemmas are matched word by word; expressions belong in ``phrases``."""
    for q in all_questions():
        for idea in q.rubric.ideas if q.rubric else ():
            assert all(" " not in lemma for lemma in idea.lemmas), (q.id, idea.id)


def _mentions(idea: bank.Idea, answer: str) -> bool:
    """Crude check that a term of the idea appears in a text: each word's stem is present."""
    text = answer.lower()

    def stem(word: str) -> str:
        return word if len(word) <= 4 else word[: max(4, len(word) - 2)]

    terms = idea.lemmas + idea.synonyms + idea.phrases
    return any(all(stem(w) in text for w in term.lower().split()) for term in terms)


def test_each_rubric_recognises_its_own_model_answer():
    """A rubric whose words are absent from the model answer would reject right answers."""
    for q in all_questions():
        if q.rubric:
            found = sum(_mentions(idea, q.answer) for idea in q.rubric.ideas)
            assert found >= q.rubric.min_ideas, (q.id, q.answer)
            wrong = "Je ne sais pas."
            assert sum(_mentions(idea, wrong) for idea in q.rubric.ideas) < q.rubric.min_ideas


def test_every_evidence_is_verbatim_in_the_sentence_it_points_to():
    for p in passages():
        for q in p.questions:
            assert len(q.evidence) == len(q.evidence_sentences), q.id
            for quote, index in zip(q.evidence, q.evidence_sentences, strict=True):
                assert quote in p.text, (q.id, quote)
                assert quote in p.sentences[index], (q.id, quote)


def test_evidence_is_a_whole_sentence_or_a_whole_verse():
    """Feedback quotes the evidence back to the student: it must read as a complete unit."""
    for p in passages():
        lines = {line.strip() for line in p.text.splitlines()}
        for q in p.questions:
            for quote in q.evidence:
                # A poem may be quoted by the verse; a prose poem by the sentence.
                units = set(p.sentences) | (lines if p.family == "poetique" else set())
                assert quote in units, (q.id, quote)


def test_feedback_and_prompts_are_speakable():
    """No layout-only cues: a listener cannot see « ci-dessous », a bullet or an underline."""
    visual = re.compile(r"ci-dessous|ci-dessus|souligné|en gras|[*_#•]|\(\s*[a-d]\s*\)", re.I)
    for q in all_questions():
        for text in (q.prompt, q.feedback, *q.choices):
            assert not visual.search(text), (q.id, text)
        assert q.feedback != q.prompt


def test_question_ids_are_global_and_findable():
    for q in all_questions():
        assert q.id.startswith(q.passage_id + "-q")
        assert question(q.id) is q
        assert q in questions(q.passage_id)
    with pytest.raises(KeyError):
        question("le-premier-match-q99")
    with pytest.raises(KeyError):
        passage("no-such-passage")


# --- Typography -------------------------------------------------------------------------------


def all_texts() -> list[tuple[str, str]]:
    """Every student-facing string with where it comes from (facts sources are citations)."""
    found: list[tuple[str, str]] = []
    for p in passages():
        found += [(p.id, p.title), (p.id, p.text), (p.id, p.theme)]
        for q in p.questions:
            found += [(q.id, q.prompt), (q.id, q.answer), (q.id, q.feedback)]
            found += [(q.id, c) for c in q.choices]
            if q.rubric:
                for idea in q.rubric.ideas:
                    found += [(q.id, idea.label)]
                    found += [(q.id, t) for t in idea.lemmas + idea.synonyms + idea.phrases]
    return found


def test_french_typography_is_consistent():
    for where, text in all_texts():
        assert "’" not in text, (where, "use the straight apostrophe everywhere")
        assert '"' not in text, (where, "use « guillemets »")
        assert not re.search(r"\S[?!;:](?!\S)", text.replace("...", "…")), (where, text)
        assert not re.search(r"«(?!\s)|(?<!\s)»", text), (where, text)


# --- Readability ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("table", 1),
        ("parlent", 1),
        ("souvent", 2),
        ("musique", 2),
        ("théâtre", 2),
        ("naïf", 2),
        ("l'école", 2),
        ("aujourd'hui", 3),
        ("internationale", 5),
        ("je", 1),
    ],
)
def test_french_syllable_heuristic(word: str, expected: int):
    assert syllables(word) == expected


def test_sentences_split_on_end_punctuation_and_lines_but_not_on_incises():
    text = "« Viens ! » dit-elle. Il part.\nLundi : sport"
    assert sentences(text) == ["« Viens ! » dit-elle.", "Il part.", "Lundi : sport"]


def test_kandel_moles_formula():
    easy = kandel_moles("Le chat dort. Il fait beau.")
    assert (easy.word_count, easy.sentence_count, easy.syllable_count) == (6, 2, 6)
    assert easy.score == round(207 - 1.015 * 3 - 73.6 * 1, 1)
    hard = kandel_moles(
        "L'administration départementale considère qu'une réorganisation institutionnelle "
        "demeure indispensable, notamment pour les établissements universitaires."
    )
    assert hard.score < easy.score - 80


def test_each_band_score_is_within_its_documented_range_and_bands_are_ordered():
    for p in passages():
        low, high = BAND_SCORES[p.level]
        assert low <= p.readability < high, (p.id, p.level, p.readability)
        assert p.readability == kandel_moles(p.text).score
    mean = {
        level: sum(p.readability for p in passages() if p.level == level)
        / sum(p.level == level for p in passages())
        for level in (1, 2, 3)
    }
    assert mean[1] > mean[2] > mean[3], mean


# --- Loading errors ---------------------------------------------------------------------------


def _broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    source = bank.PASSAGE_DIR / "le-premier-match.yml"
    text = source.read_text(encoding="utf-8")
    assert old in text
    target = tmp_path / source.name
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ('answer: "Le basket"', 'answer: "Le rugby"', "questions.0 (q1).answer"),
        ("kind: literal", "kind: literally", "questions.0.kind"),
        ("level: 1", "level: 3", "level"),
        ("family: narratif", "family: informatif", "family"),
        (
            'evidence: ["Samir baisse la tête."]',
            'evidence: ["Samir lève la tête."]',
            "questions.4 (q5).evidence",
        ),
        ("      min_ideas: 1\n", "      min_ideas: 5\n", "questions.1 (q2).rubric.min_ideas"),
    ],
)
def test_schema_errors_name_the_file_and_the_field(tmp_path: Path, old: str, new: str, field: str):
    with pytest.raises(PassageError) as error:
        load_passage(_broken_copy(tmp_path, old, new))
    assert str(error.value).startswith("le-premier-match.yml: ")
    assert field in str(error.value)


def test_every_passage_has_its_line_in_sources():
    sources = (Path(bank.__file__).parent.parent / "SOURCES.md").read_text(encoding="utf-8")
    for p in passages():
        assert f"| `{p.id}` — {p.title} |" in sources, p.id


# --- URIs and metadata ------------------------------------------------------------------------


def test_skill_ids_cover_written_and_oral_comprehension():
    ids = skill_ids()
    assert len(ids) == 10
    assert "francais.comprehension_ecrit.literal" in ids
    assert "francais.comprehension_oral.main_idea" in ids
    for q in all_questions():
        assert q.skill() == f"francais.comprehension_ecrit.{q.kind}"
        assert q.skill("oral") == f"francais.comprehension_oral.{q.kind}"


def test_every_resource_has_a_persistent_uri_and_complete_metadata():
    found = resources(PUBLIC_URL + "/")
    assert len(found) == len(passages()) + len(all_questions())
    assert len({r.uri for r in found}) == len(found)
    for r in found:
        folder = "passages" if r.type == "passage" else "questions"
        assert r.uri == f"{PUBLIC_URL}/resources/{folder}/{r.id}"
        assert r.title and r.skills and set(r.skills) <= set(skill_ids())
        assert r.level in (1, 2, 3)
        assert r.intent in ("découverte", "entraînement", "mémorisation", "remédiation")
        assert {"seul", "en classe"} <= set(r.contexts)
        assert r.duration_minutes >= 1
        assert r.licence == "CC BY-SA 4.0"
        assert resource_metadata(r.id, PUBLIC_URL) == r


def test_metadata_rules():
    long_passage = max(passages(), key=lambda p: p.word_count)
    meta = passage_metadata(long_passage.id, PUBLIC_URL)
    assert meta.intent == "découverte"
    assert "en mobilité" not in meta.contexts
    assert meta.duration_minutes == 1 + -(-long_passage.word_count // 90)
    easy = next(q for q in all_questions() if q.level == 1)
    assert question_metadata(easy.id, PUBLIC_URL).intent == "remédiation"
    vocab = next(q for q in all_questions() if q.level > 1 and q.kind == "vocabulary")
    assert question_metadata(vocab.id, PUBLIC_URL).intent == "mémorisation"
    open_q = next(q for q in all_questions() if q.format == "open")
    assert question_metadata(open_q.id, PUBLIC_URL).duration_minutes == 3


# --- Spelling ---------------------------------------------------------------------------------


def test_every_passage_and_question_is_spelled_right():
    reason = hunspell_unavailable()
    if reason:
        print(f"French spell check skipped: {reason}")
        pytest.skip(reason)
    texts = all_texts()
    unknown = misspelled("\n".join(text for _, text in texts))  # one hunspell run
    places = {
        word: sorted(
            {where for where, text in texts if re.search(rf"(?<!\w){re.escape(word)}", text)}
        )
        for word in unknown
    }
    assert not unknown, (
        f"unknown words (fix them, or add reviewed ones to {EXCEPTIONS_FILE.name}): {places}"
    )


def test_spell_check_catches_a_real_typo():
    reason = hunspell_unavailable()
    if reason:
        pytest.skip(reason)
    assert misspelled("Samir court trés vite vers le panier.") == {"trés"}


def test_exceptions_are_short_sorted_and_all_used():
    listed = exceptions()
    assert len(listed) <= 40
    body = [line for line in EXCEPTIONS_FILE.read_text(encoding="utf-8").splitlines()]
    entries = [line for line in body if line.strip() and not line.startswith("#")]
    assert entries == sorted(entries, key=str.lower)
    everything = " ".join(text for _, text in all_texts())
    for word in listed:
        assert re.search(rf"(?<!\w){re.escape(word)}(?!\w)", everything), f"unused: {word}"

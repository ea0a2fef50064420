"""Ground-truth bookkeeping of the reading-fluency benchmark (evaluation/fluency_data.py).

The benchmark's figures are only as honest as the truth it builds: these tests pin that an
edit of the reference yields exactly one true miscue of the right type at the right index,
that real disfluencies are handled as documented, and the matching rule. No `../shared` data
and no recogniser are needed.
"""

from __future__ import annotations

import random

import pytest

from evaluation.fluency import match, summarise
from evaluation.fluency_data import (
    CATEGORIES,
    MIN_GAP,
    Miscue,
    Token,
    apply_edits,
    category,
    clean_reference,
    distant,
    real_variants,
    reference_text,
    synthetic_script,
    true_wcpm,
    words_of,
)

PASSAGE = "Le petit chat dort sur le tapis rouge pendant que la pluie tombe dehors"


def tokens(text: str = PASSAGE) -> list[Token]:
    return [Token(word) for word in text.split()]


def test_deleting_a_reference_word_is_one_insertion_after_the_previous_word() -> None:
    edited, truth, _ = apply_edits(tokens(), [(3, "delete")], random.Random(1))
    assert reference_text(edited) == PASSAGE.replace(" dort", "")
    assert truth == [Miscue("insertion", 2, "dort")]  # after « chat », word 2


def test_adding_a_word_is_one_omission_at_its_index_and_costs_one_correct_word() -> None:
    edited, truth, _ = apply_edits(tokens(), [(4, "add")], random.Random(1))
    assert len(edited) == len(tokens()) + 1
    assert [m.kind for m in truth] == ["omission"]
    added = truth[0]
    assert added.index == 4 and edited[4].text == added.detail
    assert edited[5].text == "sur"
    assert added.detail.lower() not in PASSAGE.lower().split()


def test_replacing_a_word_is_one_substitution_by_a_distant_word_of_its_category() -> None:
    edited, truth, _ = apply_edits(tokens(), [(5, "replace")], random.Random(3))
    assert [(m.kind, m.index) for m in truth] == [("substitution", 5)]
    new = edited[5].text
    assert new in CATEGORIES["determiner"] and new not in PASSAGE.split()
    assert distant(new, "le")


def test_several_edits_keep_indices_in_the_edited_reference() -> None:
    edited, truth, _ = apply_edits(
        tokens(), [(2, "delete"), (6, "add"), (10, "replace")], random.Random(2)
    )
    # « chat » deleted: everything after moves one place left, then the added word moves the
    # rest one place right again.
    assert truth[0] == Miscue("insertion", 1, "chat")
    assert truth[1].kind == "omission" and edited[truth[1].index].text == truth[1].detail
    assert truth[2].kind == "substitution" and truth[2].index == 10
    assert edited[truth[2].index + 1].text == "pluie"


def test_real_variants_are_seeded_and_never_edit_the_ends() -> None:
    ref = tokens()
    first = real_variants("unit", ref, seed=7)
    again = real_variants("unit", ref, seed=7)
    assert [r.reference for r in first] == [r.reference for r in again]
    assert first[0].truth == [] and first[0].reference == PASSAGE
    assert len(first) == 9
    for reading in first[1:]:
        assert 1 <= len(reading.truth) <= 3
        assert reading.tokens[0].text == "Le" and reading.tokens[-1].text == "dehors"
        indices = sorted(m.index for m in reading.truth)
        assert all(b - a >= MIN_GAP - 1 for a, b in zip(indices, indices[1:], strict=False))


def test_true_words_correct_and_wcpm_count_omissions_and_substitutions_only() -> None:
    reading = real_variants("unit", tokens(), seed=7)[1]
    wrong = sum(m.kind in ("omission", "substitution") for m in reading.truth)
    assert reading.true_words_correct() == len(reading.tokens) - wrong
    assert true_wcpm(30, 20.0) == pytest.approx(90.0)
    assert true_wcpm(30, 0.0) == 0.0


def test_fillers_cut_off_words_and_restarts_leave_the_page_text() -> None:
    cleaned = clean_reference("pour laisser chort- sortir le chat euh la nuit")
    assert reference_text(cleaned) == "pour laisser sortir le chat la nuit"
    assert [t.text for t in cleaned if t.disfluent_before] == ["sortir", "la"]
    restart = clean_reference("ni de beige en tre- en trente huit")
    assert reference_text(restart) == "ni de beige en trente huit"
    assert [t.text for t in restart if t.disfluent_before] == ["en"]


def test_standalone_punctuation_is_glued_to_a_word() -> None:
    assert words_of("enfermé dehors ! « Oui » dit-il") == ["enfermé", "dehors!", "«Oui»", "dit-il"]
    cleaned = clean_reference("enfermé dehors ! le comble")
    assert [t.text for t in cleaned] == ["enfermé", "dehors !", "le", "comble"]


def test_category_and_distance_rules() -> None:
    assert category("les") == "determiner"
    assert category("est") == "verb_form"
    assert category("descendre") == "verb"
    assert category("porte") == "noun"
    assert not distant("a", "à")  # same sound: never a substitution
    assert distant("chat", "valise")


def test_synthetic_script_truth_matches_what_espeak_is_asked_to_say() -> None:
    reference = " ".join(PASSAGE.split() * 4)  # 56 words, room for every miscue
    script = synthetic_script("p", reference, 1, random.Random(5), miscues=True)
    truth = {m.kind: m for m in script.reading.truth}
    assert {"omission", "substitution", "insertion", "repetition"} <= set(truth)
    spoken = [w for w in script.ssml.split() if not w.startswith(("<break", 'time="'))]
    words = reference.split()
    repeated = len(truth["repetition"].detail.split())
    assert len(spoken) == len(words) - 1 + 1 + repeated == script.spoken_words
    said, original = truth["substitution"].detail.split(" ← ")
    assert original == words[truth["substitution"].index] and said in spoken
    assert truth["insertion"].detail in spoken
    pauses = [m for m in script.reading.truth if m.kind in ("hesitation", "short_pause")]
    assert script.ssml.count("<break") == len(pauses)
    exact = synthetic_script("p", reference, 0, random.Random(5), miscues=False)
    assert exact.reading.truth == [] and exact.ssml == reference


def test_matching_is_same_type_within_one_word_and_one_to_one() -> None:
    truth = [Miscue("omission", 5), Miscue("insertion", 9)]
    guess = [
        Miscue("omission", 6),
        Miscue("omission", 4),
        Miscue("substitution", 9),
        Miscue("insertion", 11),
    ]
    matched, misses, extra = match(truth, guess)
    assert [(t.index, g.index) for t, g in matched] == [(5, 6)]
    assert misses == [Miscue("insertion", 9)]
    assert [(g.kind, g.index) for g in extra] == [
        ("omission", 4),
        ("substitution", 9),
        ("insertion", 11),
    ]


def _row(reading: str, true_count: int, count: int, true_s: float, scored_s: float) -> dict:
    """A benchmark row as `score_one` builds it, for a reading with no miscue."""
    truth, scored = true_wcpm(true_count, true_s), true_wcpm(count, scored_s)
    return {
        "id": reading,
        "unit": reading,
        "true_wcpm": truth,
        "wcpm_error": abs(scored - truth),
        "wcpm_error_at_true_time": abs(true_wcpm(count, true_s) - truth),
        "wcpm_error_at_true_count": abs(true_wcpm(true_count, scored_s) - truth),
        "true_reading_s": true_s,
        "scored_reading_s": scored_s,
        "true_words_correct": true_count,
        "words_correct": count,
        "matched": [],
        "missed": [],
        "missed_as": [],
        "false_positives": [],
        "disfluency_reports": [],
        "correct_words": true_count,
        "correct_flagged": 0,
        "correct_unsure": 0,
        "correct_not_reached": 0,
        "hesitations_reported": 0,
    }


def test_the_wcpm_error_is_split_into_its_count_and_its_time() -> None:
    """On a 3 s clip of 15 words (300 WCPM), one word too many and 0.1 s too short are each
    enough to leave ±3 WCPM; the summary says which part failed."""
    rows = [
        _row("count/v0", 15, 16, 3.0, 3.0),  # one word too many: 20 WCPM off
        _row("time/v0", 15, 15, 3.0, 2.9),  # 0.1 s short: 10.3 WCPM off
        _row("both/v0", 15, 15, 3.0, 3.0),
    ]
    summary = summarise(rows, hesitations=False)
    assert summary["wcpm_within3_share"] == round(1 / 3, 3)
    assert summary["wcpm_within3_share_at_true_time"] == round(2 / 3, 3)
    assert summary["wcpm_within3_share_at_true_count"] == round(2 / 3, 3)

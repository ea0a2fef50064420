"""Reading-fluency scoring on hand-built transcripts: each miscue kind, normalisation, maths."""

from __future__ import annotations

import json
import time

import pytest

from speech.fluency import (
    FluencyOptions,
    ReadingScore,
    reference_words,
    score_reading,
)
from speech.stt.base import Transcript, Word
from tests.fluency.conftest import GAP_S, WORD_S, heard

PASSAGE = "Le petit chat dort sur le canapé. Sa sœur joue dans le jardin, près de l'arbre."


def statuses(score: ReadingScore) -> dict[str, str]:
    """Passage word (as written) -> status, for passages whose words are unique."""
    return {word.text: word.status for word in score.words}


def flagged(score: ReadingScore) -> list[str]:
    return [w.text for w in score.words if w.status in ("omitted", "substituted")]


# ---------------------------------------------------------------- the passage's words


def test_reference_words_keep_punctuation_and_count_sentences_and_paragraphs() -> None:
    words = reference_words("« Bonjour ! » dit-il — en riant.\n\nFin de l'histoire")
    assert [w.text for w in words] == [
        "« Bonjour ! »",
        "dit-il",
        "— en",
        "riant.",
        "Fin",
        "de",
        "l'histoire",
    ]
    assert [w.index for w in words] == list(range(7))
    assert [w.sentence for w in words] == [0, 1, 1, 1, 2, 2, 2]
    assert [w.paragraph for w in words] == [0, 0, 0, 0, 1, 1, 1]


def test_reference_words_of_an_empty_passage() -> None:
    assert reference_words("  \n ") == []


# ---------------------------------------------------------------- correct readings


def test_a_correct_reading_is_all_correct() -> None:
    score = score_reading(PASSAGE, heard(PASSAGE))
    assert set(statuses(score).values()) == {"correct"}
    assert score.words_correct == score.words_attempted == score.words_total == 16
    assert score.accuracy == 1.0
    assert score.insertions == [] and score.error_sentences == []
    assert not any(score.counts.values())


def test_case_punctuation_ligatures_and_accents_are_not_errors() -> None:
    score = score_reading(PASSAGE, heard(PASSAGE.upper().replace("œ", "oe").replace("é", "e")))
    assert flagged(score) == []
    assert score.accuracy == 1.0


def test_elisions_split_or_unsplit_are_the_same_word() -> None:
    passage = "C'est l'école d'aujourd'hui."
    whisper_split = Transcript(
        "C'est l'école d'aujourd'hui.",
        [
            Word("C", 0.0, 0.1, 0.9),
            Word("'est", 0.1, 0.3, 0.9),
            Word("l", 0.4, 0.5, 0.9),
            Word("'école", 0.5, 0.9, 0.9),
            Word("d'aujourd", 1.0, 1.3, 0.9),
            Word("hui.", 1.3, 1.5, 0.9),
        ],
    )
    for transcript in (heard("c'est l'école d'aujourd'hui"), whisper_split):
        score = score_reading(passage, transcript)
        assert [w.status for w in score.words] == ["correct"] * 3, transcript
        assert score.insertions == []


def test_hyphenated_word_heard_as_two_words() -> None:
    score = score_reading("Il viendra peut-être demain.", heard("il viendra peut être demain"))
    assert flagged(score) == [] and score.insertions == []
    assert score.words[2].start_s == pytest.approx(score.words[2].end_s - 2 * WORD_S - GAP_S)


@pytest.mark.parametrize(
    ("passage", "reading"),
    [
        ("Il est né en 1998 à Lyon.", "il est né en mille neuf cent quatre-vingt-dix-huit à lyon"),
        ("Il a 21 ans.", "il a vingt et un ans"),
        ("Il est né en mille neuf cent quatre-vingt-dix-huit.", "il est né en 1998"),
        ("Il a vingt et un ans.", "il a 21 ans"),
        ("Il pèse 3,5 kilos.", "il pèse trois virgule cinq kilos"),
        (
            "Le 1er mai à 14h30, Mme Roy a payé 5 €.",
            "le premier mai à quatorze heures trente madame roy a payé cinq euros",
        ),
        ("Il a payé cinq euros, soit vingt pour cent.", "il a payé 5€ soit 20%"),
        ("Il a payé 5 €, soit 20 %.", "il a payé cinq euros soit vingt pour cent"),
    ],
)
def test_numbers_in_digits_or_words_match(passage: str, reading: str) -> None:
    score = score_reading(passage, heard(reading))
    assert flagged(score) == [], score.words
    assert score.insertions == []
    assert score.accuracy == 1.0


@pytest.mark.parametrize(
    ("written", "recognised"),
    [("et", "est"), ("ces", "ses"), ("vert", "verre"), ("chats", "chat"), ("chantait", "chanté")],
)
def test_homophones_from_the_recogniser_are_correct(written: str, recognised: str) -> None:
    score = score_reading(f"Le garçon {written} là.", heard(f"le garçon {recognised} là"))
    assert score.words[2].status == "correct"
    assert score.accuracy == 1.0


def test_near_homophone_is_unsure_not_an_error() -> None:
    score = score_reading("Le petit chien.", heard("le petite chien"))
    assert score.words[1].status == "unsure"
    assert score.words[1].heard == "petite"
    assert score.counts["unsure"] == 1 and score.counts["substitution"] == 0
    assert score.words_correct == 3  # unsure counts as read


# ---------------------------------------------------------------- miscues


def test_omission() -> None:
    score = score_reading(PASSAGE, heard(PASSAGE.replace("petit ", "")))
    assert statuses(score)["petit"] == "omitted"
    assert flagged(score) == ["petit"]
    assert score.counts["omission"] == 1
    assert score.error_sentences == [0]
    assert score.words_attempted == 16 and score.words_correct == 15


def test_substitution_shows_what_was_heard() -> None:
    score = score_reading(PASSAGE, heard(PASSAGE.replace("jardin", "garage")))
    word = next(w for w in score.words if w.text == "jardin,")
    assert word.status == "substituted" and word.heard == "garage"
    assert score.counts["substitution"] == 1
    assert score.error_sentences == [1]


def test_low_confidence_mismatch_is_unsure() -> None:
    reading = PASSAGE.replace("jardin", "garage")
    position = reading.split().index("garage,")
    score = score_reading(PASSAGE, heard(reading, confidence={position: 0.3}))
    assert statuses(score)["jardin,"] == "unsure"
    assert flagged(score) == [] and score.error_sentences == []
    score = score_reading(
        PASSAGE, heard(reading, confidence={position: 0.3}), FluencyOptions(unsure_confidence=0.2)
    )
    assert statuses(score)["jardin,"] == "substituted"


def test_insertion() -> None:
    score = score_reading(PASSAGE, heard(PASSAGE.replace("le canapé", "le grand canapé")))
    assert [(i.after_index, i.heard) for i in score.insertions] == [(5, "grand")]
    assert score.insertions[0].start_s > 0
    assert score.counts["insertion"] == 1
    assert flagged(score) == [] and score.accuracy == 1.0


def test_insertion_before_the_first_word() -> None:
    score = score_reading("Le chat dort.", heard("alors le chat dort"))
    assert [(i.after_index, i.heard) for i in score.insertions] == [(-1, "alors")]


def test_repeated_word_and_repeated_phrase() -> None:
    score = score_reading(PASSAGE, heard("le petit chat chat dort sur le canapé"))
    assert statuses(score)["chat"] == "correct"
    assert [w.text for w in score.words if w.repeated] == ["chat"]
    score = score_reading(PASSAGE, heard("le petit chat le petit chat dort"))
    assert [w.text for w in score.words if w.repeated] == ["Le"]
    assert score.counts["repetition"] == 1
    assert score.counts["insertion"] == 0 and flagged(score) == []


def test_self_correction_counts_as_correct() -> None:
    score = score_reading("Il faut sortir vite.", heard("il faut chort- sortir vite"))
    word = score.words[2]
    assert word.status == "correct" and word.self_corrected
    assert word.heard == "chort- sortir"
    assert score.counts["self_correction"] == 1 and score.counts["insertion"] == 0
    assert score.accuracy == 1.0
    score = score_reading("Il faut sortir vite.", heard("il faut sor sortir vite"))
    assert score.words[2].self_corrected


def test_unrelated_extra_word_before_a_word_is_an_insertion_not_a_self_correction() -> None:
    score = score_reading("Il faut sortir vite.", heard("il faut maison sortir vite"))
    assert not score.words[2].self_corrected
    assert [i.heard for i in score.insertions] == ["maison"]


def test_hesitation_inside_a_phrase_but_not_at_punctuation() -> None:
    words = PASSAGE.split()
    pauses = {words.index("dort"): 1.6, words.index("Sa"): 2.0, words.index("près"): 1.5}
    score = score_reading(PASSAGE, heard(PASSAGE, pauses=pauses))
    hesitations = {w.text: w.hesitation_s for w in score.words if w.hesitation_s}
    # Pauses come out a little longer when a short word's start after a silence is trimmed
    # (see speech.fluency.timing), hence the tolerance.
    assert hesitations == {"dort": pytest.approx(1.6, abs=0.15)}
    assert score.counts["hesitation"] == 1
    assert score.phrasing.pauses_at_punctuation == 2
    assert score.phrasing.pauses_inside_phrases == 1
    assert score.phrasing.mean_pause_at_punctuation_s == pytest.approx(1.75, abs=0.15)
    assert score.phrasing.mean_pause_inside_phrases_s == pytest.approx(1.6, abs=0.15)
    relaxed = score_reading(PASSAGE, heard(PASSAGE, pauses=pauses), FluencyOptions(2.0))
    assert relaxed.counts["hesitation"] == 0


def test_rate_variation_across_sentences() -> None:
    passage = "Un deux trois quatre. Cinq six sept huit."
    steady = score_reading(passage, heard(passage))
    assert steady.phrasing.rate_variation < 0.1
    slow_second = heard(passage, pauses={5: 0.6, 6: 0.6, 7: 0.6})
    assert score_reading(passage, slow_second).phrasing.rate_variation > 0.2


def test_words_after_the_reader_stopped_are_not_reached_not_omitted() -> None:
    score = score_reading(PASSAGE, heard("le petit chat dort sur le canapé sa sœur"))
    assert [w.status for w in score.words[9:]] == ["not_reached"] * 7
    assert score.counts["omission"] == 0
    assert score.words_attempted == 9 and score.words_correct == 9
    assert score.accuracy == 1.0


def test_words_lost_mid_reading_are_omitted_not_the_rest_squeezed_onto_them() -> None:
    """The recogniser lost a stretch of the reading: the heard end of the passage goes where
    it belongs, not onto the lost words as mismatches with the end « not reached »."""
    score = score_reading(PASSAGE, heard("le petit chat dans le jardin près de l'arbre"))
    assert [w.status for w in score.words] == ["correct"] * 3 + ["omitted"] * 7 + ["correct"] * 6
    # A reader who really stopped early keeps the rest « not reached ».
    stopped = score_reading(PASSAGE, heard("le petit chat le petit chat dort"))
    assert [w.status for w in stopped.words[4:]] == ["not_reached"] * 12


def test_empty_reading_gives_nothing_attempted() -> None:
    for transcript in (Transcript("", []), heard("… -")):
        score = score_reading(PASSAGE, transcript)
        assert score.words_attempted == 0 and score.words_correct == 0
        assert score.wcpm == 0.0 and score.accuracy == 0.0 and score.duration_s == 0.0
        assert {w.status for w in score.words} == {"not_reached"}
    assert score_reading("", heard("bonjour")).words_total == 0


# ---------------------------------------------------------------- arithmetic and output


def test_wcpm_and_accuracy_arithmetic() -> None:
    # 17 words, one substituted, at 0.3 s a word and 0.05 s between: 17 × 0.3 + 16 × 0.05.
    # (The first word is long: its start is not mistaken for padding, see the next test.)
    passage = f"Aujourd'hui {PASSAGE}"
    score = score_reading(passage, heard(passage.replace("jardin", "garage")))
    duration = 17 * WORD_S + 16 * GAP_S
    assert score.duration_s == pytest.approx(duration)
    assert score.words_correct == 16 and score.words_attempted == 17
    assert score.accuracy == pytest.approx(16 / 17, abs=1e-4)
    assert score.wcpm == pytest.approx(16 / duration * 60, abs=0.1)


def test_padded_start_of_the_first_word_does_not_count_as_reading_time() -> None:
    # Whisper with its voice filter starts the first word ~0.4 s early (measured on real
    # readings): « Le » cannot have lasted 0.7 s when the reader says a word in 0.3 s.
    words = [Word("Le", 0.3, 1.0, 0.9)]
    for number, text in enumerate("petit chat dort sur le canapé".split()):
        start = 1.0 + 0.3 * number
        words.append(Word(text, start, start + 0.3, 0.9))
    score = score_reading("Le petit chat dort sur le canapé.", Transcript("", words))
    assert 0.7 < score.words[0].start_s < 0.9
    assert score.duration_s == pytest.approx(2.8 - score.words[0].start_s)


def test_as_dict_is_json_serialisable() -> None:
    score = score_reading(PASSAGE, heard(PASSAGE.replace("le canapé", "le grand canapé")))
    data = json.loads(json.dumps(score.as_dict()))
    assert data["words"][0]["status"] == "correct"
    assert data["insertions"][0]["heard"] == "grand"
    assert set(data["counts"]) == {
        "omission", "substitution", "insertion", "repetition", "self_correction", "hesitation",
        "unsure",
    }  # fmt: skip
    assert set(data["phrasing"]) >= {"pauses_at_punctuation", "rate_variation"}


def test_hesitation_setting_from_the_environment() -> None:
    assert FluencyOptions.from_env({"REBOND_FLUENCY_HESITATION_S": "1.5"}).hesitation_s == 1.5
    assert FluencyOptions.from_env({}) == FluencyOptions()


def test_scoring_a_one_minute_reading_is_fast() -> None:
    sentences = [
        "Le matin, Lina prend le bus de sept heures pour aller au lycée avec son frère.",
        "Dans la rue, les voitures avancent lentement sous une pluie fine et froide.",
        "Son professeur de français leur demande de lire un texte de Victor Hugo.",
        "Elle aime les histoires où les personnages changent leur vie en 1998.",
    ]
    passage = " ".join(sentences * 3)  # ≈ 160 words
    reading = passage.replace("voitures", "voiture").replace("lentement", "lent")
    transcript = heard(reading.replace("Hugo.", "Hugo Hugo."))
    started = time.process_time()  # CPU time: other work may share the machine
    score = score_reading(passage, transcript)
    elapsed = time.process_time() - started
    assert score.words_total > 140
    assert elapsed < 1.0, f"scoring took {elapsed:.2f} s"


# ---------------------------------------------------------------- recogniser behaviour


def test_omission_or_substitution_next_to_an_unsure_recognition_is_unsure() -> None:
    # Whisper drops words it cannot make out, and the words around the gap come with a low
    # confidence: the missing word is then as likely its gap as the reader's.
    reading = PASSAGE.replace("petit ", "")
    sure = score_reading(PASSAGE, heard(reading))
    assert statuses(sure)["petit"] == "omitted"
    unsure = score_reading(PASSAGE, heard(reading, confidence={1: 0.2}))
    assert statuses(unsure)["petit"] == "unsure"
    assert flagged(unsure) == [] and unsure.counts["omission"] == 0
    # Same for a word heard differently, however sure the recogniser is of that word.
    garbled = PASSAGE.replace("jardin", "garage")
    position = garbled.split().index("garage,")
    sure = score_reading(PASSAGE, heard(garbled))
    assert statuses(sure)["jardin,"] == "substituted"
    unsure = score_reading(PASSAGE, heard(garbled, confidence={position + 1: 0.2}))
    assert statuses(unsure)["jardin,"] == "unsure"


def test_words_heard_split_differently_are_joined_by_sound() -> None:
    score = score_reading("Il a 10 ans et demi.", heard("il a disant et demi"))
    assert [w.status for w in score.words] == ["correct", "correct", "unsure", "unsure"] + [
        "correct"
    ] * 2
    assert score.words[2].heard == score.words[3].heard == "disant"
    assert score.insertions == [] and flagged(score) == []


def test_a_word_joined_only_if_it_brings_the_sound_closer() -> None:
    """« mémo risé » is « mémoriser » split by the recogniser; « pour » after it is a word the
    reader added (real speech, BX_track_0451), not part of « mémoriser »."""
    score = score_reading("Il faut mémoriser la leçon.", heard("il faut mémo risé pour la leçon"))
    assert [w.status for w in score.words] == ["correct"] * 5
    assert [(i.after_index, i.heard) for i in score.insertions] == [(2, "pour")]


def test_omission_just_before_the_last_word_read() -> None:
    score = score_reading("Il aime les moments calmes.", heard("il aime les calmes"))
    assert [w.status for w in score.words] == ["correct"] * 3 + ["omitted", "correct"]


def test_fillers_are_part_of_a_pause_not_insertions() -> None:
    score = score_reading(PASSAGE, heard(PASSAGE.replace("dort", "euh dort"), pauses={3: 0.6}))
    assert score.insertions == [] and flagged(score) == []
    # « chat » ends at 1.5 s; « euh » 0.6 s later, then « dort » 0.05 s after it: one
    # pause of 0.6 + 0.3 + 0.05 s inside the phrase.
    assert statuses(score)["dort"] == "correct"
    assert score.phrasing.pauses_inside_phrases == 1
    assert score.phrasing.mean_pause_inside_phrases_s == pytest.approx(0.95, abs=0.01)


def test_a_word_stretched_over_a_silence_still_shows_the_hesitation() -> None:
    # Whisper often lets a word run over the silence after it: « si » lasting 2 s.
    words = [
        Word("la", 0.0, 0.2, 0.9),
        Word("graine", 0.2, 0.5, 0.9),
        Word("était", 0.5, 0.8, 0.9),
        Word("si", 0.8, 2.8, 0.9),
        Word("petite", 2.8, 3.2, 0.9),
        Word("que", 3.2, 3.4, 0.9),
    ]
    score = score_reading("La graine était si petite que", Transcript("", words))
    assert score.words[4].hesitation_s == pytest.approx(1.8, abs=0.2)
    assert score.counts["hesitation"] == 1
    assert score.duration_s == pytest.approx(3.4)


def test_words_said_after_the_reading_do_not_count_as_reading_time() -> None:
    passage = "Aujourd'hui le petit chat dort."
    plain = score_reading(passage, heard("aujourd'hui le petit chat dort"))
    finished = score_reading(passage, heard("aujourd'hui le petit chat dort voilà fini"))
    assert finished.duration_s == pytest.approx(plain.duration_s)
    assert finished.wcpm == plain.wcpm
    assert [i.heard for i in finished.insertions] == ["voilà", "fini"]


def test_concurrent_scoring_gives_the_same_results() -> None:
    # The service scores readings on worker threads; eSpeak (behind its lock) and the caches
    # are shared between them. Caches emptied first, so threads really call eSpeak together.
    from concurrent.futures import ThreadPoolExecutor

    from speech.fluency import normalise, phonetics

    for cached in (phonetics.phonemes, phonetics.compare, normalise.match_key):
        cached.cache_clear()
    passages = [f"{PASSAGE} Il compte jusqu'à {n} puis il s'endort." for n in range(8)]
    pairs = [(p, heard(p.replace("jardin", "garage"))) for p in passages]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda pair: score_reading(*pair).as_dict(), pairs))
    assert results == [score_reading(*pair).as_dict() for pair in pairs]
    assert all(r["counts"]["substitution"] == 1 for r in results)

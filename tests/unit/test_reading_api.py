"""Reading practice over HTTP with the real service app, database, LRS, eSpeak NG and Whisper.

The « student » is eSpeak reading the first two sentences of « La Lune »: Whisper base hears
eSpeak's French badly on most texts, but this clip it hears word for word, so a correct
reading can be checked as scored correct. Whisper runs four times in this file (about 4 s
each on the 2-core machine): the scored reading twice, a repeated reading, and a tone that
Whisper's voice detector drops.
"""

from __future__ import annotations

import json
import os

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.db.models import (
    Attempt,
    AuditEntry,
    ClassMembership,
    ItemServed,
    Role,
    SchoolClass,
    User,
)
from assistant.engine import skill_map
from assistant.lrs.auth import create_client
from assistant.lrs.models import XapiStatement
from assistant.reading import messages as say
from assistant.reading import passages, service
from assistant.reading.models import Reading
from assistant.reading.service import LECTURE_FLUIDE, words_to_practise
from assistant.seed import create_user
from speech.audio import decode_to_pcm16k, encode
from speech.fluency import reference_words, score_reading
from speech.stt.base import Transcript, Word
from speech.stt.vosk_engine import VOSK_MODEL_ENV, VoskSTT
from speech.tts.espeak import EspeakTTS
from tests.conftest import login, user_by_name
from tests.lrs.conftest import basic
from tests.unit.test_voice_api import wav_bytes

LUNE = "la-lune"
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"


def tone(seconds: float) -> np.ndarray:
    return (0.3 * np.sin(2 * np.pi * 440 * np.arange(int(seconds * 16000)) / 16000)).astype(
        np.float32
    )


@pytest.fixture(scope="module")
def lune_ogg() -> bytes:
    """eSpeak reading the passage's first two sentences, as a browser would upload it."""
    first_two = " ".join(passages.sentence_texts(passages.words_of(LUNE))[:2])
    speech = EspeakTTS().synthesize(first_two, voice="fr", rate=1.0)
    return encode(speech.samples, speech.sample_rate, "ogg")


def post_reading(client: TestClient, data: bytes, passage: str = LUNE, **form: str):
    return client.post(
        f"/api/reading/passages/{passage}",
        files={"audio": ("reading.ogg", data, "audio/ogg")},
        data=form,
    )


def stored(db: Session) -> tuple[int, int, int]:
    """Readings, attempts and xAPI statements in the database."""
    db.expire_all()
    return tuple(
        db.scalar(select(func.count()).select_from(table))
        for table in (Reading, Attempt, XapiStatement)
    )


def lrs_statements(client: TestClient, db: Session, student: User) -> list[dict]:
    """The student's `completed` statements, read back through the LRS's own HTTP API."""
    key, secret = create_client(db, "reading-test", ["all/read"])
    db.commit()
    agent = {
        "objectType": "Agent",
        "account": {"homePage": client.app.state.settings.public_url, "name": student.pseudonym},
    }
    response = client.get(
        "/xapi/statements",
        params={"verb": COMPLETED, "agent": json.dumps(agent)},
        headers={"Authorization": basic(key, secret), "X-Experience-API-Version": "1.0.3"},
    )
    assert response.status_code == 200, response.text
    return response.json()["statements"]


# ---- the passage -----------------------------------------------------------------------------


def test_passage_has_the_scorer_words_with_syllables_and_sentences(client):
    login(client, "lea")
    body = client.get("/api/reading/passages/a-la-boulangerie").json()
    text = passages.passage("a-la-boulangerie").text
    expected = reference_words(text)
    assert [(w["index"], w["text"], w["sentence"], w["paragraph"]) for w in body["words"]] == [
        (w.index, w.text, w.sentence, w.paragraph) for w in expected
    ]
    assert body["word_count"] == len(expected) and body["level"] == 1
    assert body["title"] == "À la boulangerie"
    for word in body["words"]:  # syllables rebuild the word exactly as shown
        assert "".join(word["syllables"]) == word["text"]
    by_text = {w["text"]: w["syllables"] for w in body["words"]}
    assert by_text["boulangerie."] == ["bou", "lan", "ge", "rie."]
    assert body["sentences"][0] == {"index": 0, "text": "Amina entre dans la boulangerie."}
    assert len(body["sentences"]) == expected[-1].sentence + 1


def test_syllables_keep_punctuation_and_split_compounds_at_their_hyphen():
    assert passages.syllables("— Bonjour,") == ["— Bon", "jour,"]
    assert passages.syllables("rendez-vous.") == ["ren", "dez-", "vous."]
    assert passages.syllables("aujourd’hui") == ["au", "jour", "d’hui"]
    assert passages.syllables("1998,") == ["1998,"]
    assert passages.syllables("cinq") == ["cinq"]  # no syllable without a vowel (« cin|q »)


def test_vosk_grammar_has_the_words_as_read_and_their_pieces():
    assert passages.grammar("L’arbre a 3 branches, peut-être.") == [
        "l'arbre", "l'", "arbre", "a", "trois", "branches", "peut-être", "peut", "être",
    ]  # fmt: skip


@pytest.mark.skipif(
    not os.environ.get(VOSK_MODEL_ENV),
    reason=f"{VOSK_MODEL_ENV} unset: no French Vosk model here (it is not on PyPI)",
)
def test_a_french_vosk_model_listens_to_readings_with_the_passage_words(lune_ogg):
    service.recogniser.cache_clear()
    try:
        assert isinstance(service.recogniser(), VoskSTT)
        part = passages.reference(LUNE, [0, 1])
        transcript = service.transcribe(decode_to_pcm16k(lune_ogg, 300).samples, part)
        assert transcript.engine.startswith("vosk/") and transcript.words
        allowed = {*passages.grammar(part.text), "[unk]"}
        assert {w.text for w in transcript.words} <= allowed
    finally:
        service.recogniser.cache_clear()


def test_repeated_reading_text_splits_like_the_passage_in_every_bank_passage():
    """The words of any sentences read again are the passage's words, in order."""
    for passage in passages.bank.passages():
        words = passages.words_of(passage.id)
        for sentence in range(words[-1].sentence + 1):
            part = passages.reference(passage.id, [sentence])
            mine = [w.text for w in words if w.sentence == sentence]
            assert [w.text for w in reference_words(part.text)] == mine, (passage.id, sentence)
            assert [words[i].text for i in part.word_indices] == mine


def test_unknown_passage_is_404_in_french_and_english(client):
    login(client, "lea")
    for response in (
        client.get("/api/reading/passages/nope"),
        post_reading(client, wav_bytes(tone(1)), passage="nope"),
    ):
        assert response.status_code == 404
        error = response.json()["error"]
        assert error["code"] == "unknown_passage" and error["message_fr"] and error["message_en"]


def test_reading_page_needs_a_session(client):
    assert client.get("/lecture/la-lune", follow_redirects=False).headers["location"] == "/login"
    login(client, "lea")
    page = client.get("/lecture/la-lune")
    assert page.status_code == 200 and "reading.js" in page.text


# ---- a reading ----------------------------------------------------------------------------------


def test_a_reading_is_scored_stored_traced_spoken_and_compared(client, db, lune_ogg):
    login(client, "lea")
    lea = user_by_name(db, "lea")
    response = post_reading(client, lune_ogg)
    assert response.status_code == 200, response.text
    body = response.json()
    score = body["score"]
    # A correct reading of 14 words, heard by Whisper without a prompt.
    assert score["words_attempted"] == 14 and score["words_correct"] >= 13
    assert score["accuracy"] >= 0.9 and 60 < score["wcpm"] < 250
    assert {w["status"] for w in score["words"][14:]} == {"not_reached"}
    assert body["mode"] == "whole" and body["previous"] is None
    assert body["word_indices"] == list(range(len(score["words"])))
    assert body["summary"].startswith(f"Tu as lu {round(score['wcpm'])} mots par minute, ")
    assert body["speech"]["audio_url"] and body["speech"]["marks"]
    audio = client.get(body["speech"]["audio_url"])
    assert audio.status_code == 200 and audio.content.startswith(b"OggS")
    assert [s["id"] for s in body["next_steps"]][-2:] in (["listen", "again"], ["again", "listen"])

    reading = db.get(Reading, body["reading_id"])
    assert (reading.student_id, reading.passage_id, reading.mode) == (lea.id, LUNE, "whole")
    assert reading.wcpm == score["wcpm"] and reading.accuracy == score["accuracy"]
    assert reading.score == score and reading.counts == score["counts"]
    assert reading.stt_engine == "faster-whisper/whisper-base"

    # Evidence for the engine: one answer on the reading-aloud skill.
    assert skill_map.load().get(LECTURE_FLUIDE) is not None
    item = db.scalars(select(ItemServed).where(ItemServed.skill == LECTURE_FLUIDE)).one()
    assert item.attempts[0].correct == (score["accuracy"] >= 0.95)
    assert item.session.ended_at is not None and item.session.user_id == lea.id

    (statement,) = lrs_statements(client, db, lea)
    extensions = {k.rsplit("/", 1)[1]: v for k, v in statement["result"]["extensions"].items()}
    assert extensions["wcpm"] == round(score["wcpm"], 1)
    assert extensions["accuracy"] == round(score["accuracy"], 4)
    assert extensions["passage"] == LUNE and extensions["miscues"] == score["counts"]
    assert statement["object"]["id"].endswith(f"/xapi/activities/reading/{LUNE}")
    assert statement["context"]["registration"] == item.session.registration

    again = post_reading(client, lune_ogg, mode="minute").json()
    assert again["previous"]["wcpm"] == score["wcpm"]
    history = client.get("/api/reading/history").json()
    assert [h["reading_id"] for h in history] == [again["reading_id"], body["reading_id"]]
    assert history[1] | {"at": None} == {
        "reading_id": body["reading_id"],
        "passage_id": LUNE,
        "title": "La Lune",
        "level": 1,
        "at": None,
        "mode": "whole",
        "sentences": None,
        "wcpm": score["wcpm"],
        "accuracy": score["accuracy"],
        "duration_s": score["duration_s"],
        "counts": score["counts"],
    }


def test_a_repeated_reading_is_scored_against_its_sentences_only(client, db, lune_ogg):
    login(client, "lea")
    body = post_reading(client, lune_ogg, sentences="1, 0").json()
    assert body["sentences"] == [0, 1] and body["previous"] is None
    assert body["score"]["words_total"] == 14 and body["word_indices"] == list(range(14))
    assert db.get(Reading, body["reading_id"]).sentences == [0, 1]


def test_a_tone_is_nothing_heard_and_nothing_is_stored(client, db):
    login(client, "lea")
    response = post_reading(client, wav_bytes(tone(2)))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "nothing_heard" and error["message_fr"].startswith("Je n'ai rien")
    assert stored(db) == (0, 0, 0)


# ---- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        (b"", 422, "empty_audio"),
        (b"OggS" + b"\x00" * 2000, 422, "corrupt_audio"),
        (b"this is not audio at all" * 40, 415, "unsupported_audio"),
        (wav_bytes(np.zeros(16000, dtype=np.float32)), 422, "silent_audio"),
        # 301 s: over the reading limit (5 min), and 9.6 MB, far over the default body limit.
        (wav_bytes(tone(301)), 413, "audio_too_long"),
    ],
    ids=["empty", "corrupt", "not-audio", "silent", "too-long"],
)
def test_bad_audio_is_a_clear_4xx_and_nothing_is_stored(client, db, data, status, code):
    login(client, "lea")
    response = post_reading(client, data)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code and error["message_fr"] and error["message_en"]
    assert stored(db) == (0, 0, 0)


def test_oversized_upload_is_413_and_nothing_is_stored(client, db):
    login(client, "lea")
    response = post_reading(client, b"\0" * (26 * 1024 * 1024))
    assert response.status_code == 413
    assert stored(db) == (0, 0, 0)


@pytest.mark.parametrize(
    ("form", "code"),
    [
        ({"mode": "fast"}, "bad_mode"),
        ({"sentences": "0,99"}, "bad_sentences"),
        ({"sentences": "un"}, "bad_sentences"),
        ({"sentences": "0,,1"}, "bad_sentences"),
    ],
    ids=["mode", "sentence-out-of-range", "sentence-not-a-number", "sentence-empty"],
)
def test_bad_mode_or_sentences_is_422_and_nothing_is_stored(client, db, form, code):
    login(client, "lea")
    response = post_reading(client, wav_bytes(tone(1)), **form)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == code and error["message_fr"] and error["message_en"]
    assert stored(db) == (0, 0, 0)


def test_only_a_logged_in_student_may_read(client, db):
    assert post_reading(client, wav_bytes(tone(1))).status_code == 401
    assert client.get("/api/reading/history").status_code == 401
    login(client, "mme.durand")
    response = post_reading(client, wav_bytes(tone(1)))
    assert response.status_code == 403 and response.json()["error"]["message_fr"]
    assert client.get("/api/reading/passages/la-lune").status_code == 403
    assert stored(db) == (0, 0, 0)


# ---- the teacher ---------------------------------------------------------------------------------


def add_reading(db: Session, student: User, wcpm: float) -> Reading:
    """A stored reading (the scoring path is tested above)."""
    row = Reading(
        student_id=student.id, passage_id=LUNE, mode="whole", sentences=None, duration_s=30.0,
        wcpm=wcpm, accuracy=0.97, words_attempted=60, words_correct=58,
        counts={"substitution": 2}, score={}, stt_engine="faster-whisper/whisper-base",
    )  # fmt: skip
    db.add(row)
    db.commit()
    return row


def test_teacher_sees_their_student_readings_with_the_floor_and_it_is_audited(client, db):
    lea = user_by_name(db, "lea")
    add_reading(db, lea, 88.0)
    login(client, "mme.durand")
    response = client.get(f"/api/teacher/students/{lea.id}/readings")
    assert response.status_code == 200, response.text
    body = response.json()
    assert [(r["passage_id"], r["wcpm"]) for r in body["readings"]] == [(LUNE, 88.0)]
    assert body["reference"]["floor_wcpm"] == 120
    assert "plancher, pas une norme" in body["reference"]["text"]
    durand = user_by_name(db, "mme.durand")
    entry = db.scalars(select(AuditEntry).where(AuditEntry.actor_id == durand.id)).one()
    assert (entry.action, entry.target) == ("read_readings", f"student {lea.id}")


def test_teacher_of_another_class_student_or_unknown_gets_no_readings(client, db, settings):
    lea = user_by_name(db, "lea")
    add_reading(db, lea, 88.0)
    other = create_user(
        db, settings.pseudonym_secret, "m.martin", "M. Martin", Role.teacher, "mot-de-passe-1"
    )
    school_class = SchoolClass(name="2de C")
    db.add(school_class)
    db.flush()
    db.add(ClassMembership(class_id=school_class.id, user_id=other.id))
    db.commit()
    login(client, "m.martin", "mot-de-passe-1")
    response = client.get(f"/api/teacher/students/{lea.id}/readings")
    assert response.status_code == 403 and response.json()["error"]["message_fr"]
    assert client.get("/api/teacher/students/99999/readings").status_code == 404
    login(client, "lea")
    assert client.get(f"/api/teacher/students/{lea.id}/readings").status_code == 403
    assert db.scalars(select(AuditEntry)).all() == []


# ---- the spoken summary ----------------------------------------------------------------------


def heard(text: str, replace: dict[int, str] | None = None) -> Transcript:
    """A transcript of `text` read at 2.5 words a second, some words heard as others (sure)."""
    words = [
        Word((replace or {}).get(i, w.text.strip(".,!?«» ")), 0.4 * i, 0.4 * i + 0.3, 0.95)
        for i, w in enumerate(reference_words(text))
    ]
    return Transcript(" ".join(w.text for w in words), words, "fr", 0.4 * len(words), "test")


def test_summary_gives_figures_praise_progress_and_at_most_three_words():
    text = "Le chat dort sur le canapé. Il rêve de souris et de lait."
    perfect = score_reading(text, heard(text))
    assert say.summary(perfect, [], None) == (
        f"Tu as lu {round(perfect.wcpm)} mots par minute, 100 % des mots justes. Bravo !"
    )
    one_wrong = score_reading(text, heard(text, {5: "parapluie"}))
    assert words_to_practise(one_wrong) == ["canapé"]
    line = say.summary(one_wrong, ["canapé"], {"wcpm": one_wrong.wcpm - 10, "accuracy": 0.8})
    assert "92 % des mots justes" in line and "100 %" not in line
    assert "C'est 10 mots par minute de plus que la dernière fois !" in line
    assert line.endswith("Un mot à retravailler : « canapé ».")
    many = say.summary(one_wrong, ["a", "b", "c", "d"], {"wcpm": 500, "accuracy": 1})
    assert many.endswith("Quelques mots à retravailler, par exemple : « a », « b » et « c ».")
    assert "de plus" not in many and "moins" not in many  # a slower reading is not said aloud

"""A real reading end to end: eSpeak NG speaks, Whisper base transcribes, the scorer scores.

Whisper base mishears much of eSpeak's robotic French, and eSpeak's first synthesis in a
process differs by a few samples from later ones, which is enough to change Whisper's words on
most sentences (« Je voudrais un café » came back once as « Je vous présente un café »). This
sentence at a calm rate is transcribed exactly either way, so the test checks the scorer on
real engine output (times, confidences, punctuation) rather than the recogniser's accuracy.
"""

from __future__ import annotations

import pytest

from speech.fluency import score_reading
from speech.stt.base import Transcript
from speech.stt.whisper import WhisperSTT
from speech.tts.espeak import EspeakTTS
from tests.speech.conftest import resample

SENTENCE = "Merci beaucoup, à demain."


@pytest.fixture(scope="module")
def transcript() -> Transcript:
    speech = EspeakTTS().synthesize(SENTENCE, voice="fr", rate=0.8)
    return WhisperSTT().transcribe(resample(speech.samples, speech.sample_rate))


def test_a_correct_synthetic_reading_scores_high(transcript: Transcript) -> None:
    score = score_reading(SENTENCE, transcript)
    assert score.words_attempted == score.words_total == 4
    assert score.accuracy == 1.0
    assert score.counts["omission"] == score.counts["substitution"] == 0
    assert 0.5 < score.duration_s <= transcript.duration_s
    assert score.wcpm == pytest.approx(4 / score.duration_s * 60, abs=0.1)


def test_a_word_missing_from_the_reading_is_omitted(transcript: Transcript) -> None:
    # Between two words Whisper is sure of: next to an unsure one (Whisper gives « à » 0.23
    # here), a missing word is only « unsure » (see speech.fluency.miscues).
    score = score_reading("Merci vraiment beaucoup, à demain.", transcript)
    extra = score.words[1]
    assert extra.text == "vraiment" and extra.status == "omitted"
    assert extra.start_s is None
    assert [w.status for w in score.words if w is not extra] == ["correct"] * 4
    assert score.counts["omission"] == 1
    assert score.error_sentences == [0]

"""Words the recogniser dropped at the end of a reading, found again in the audio.

Real engines: eSpeak NG reads, Whisper base transcribes, and the check forces Whisper's decoder
along the passage. The transcript used is Whisper's own for the first sentence only: it stands
for a recogniser that stopped writing early, on audio that is real and goes on.
"""

from __future__ import annotations

import numpy as np
import pytest

from speech.audio import SAMPLE_RATE
from speech.fluency import score_checked
from speech.stt.base import Transcript
from speech.stt.whisper import WhisperSTT
from speech.tts.espeak import EspeakTTS
from tests.speech.conftest import resample

FIRST = "Merci beaucoup, à demain."
SECOND = "Il fait beau."
SILENCE = np.zeros(SAMPLE_RATE, np.float32)
PAUSE = np.zeros(int(0.3 * SAMPLE_RATE), np.float32)


def said(text: str) -> np.ndarray:
    speech = EspeakTTS().synthesize(text, voice="fr", rate=0.8)
    return resample(speech.samples, speech.sample_rate)


@pytest.fixture(scope="module")
def stt() -> WhisperSTT:
    return WhisperSTT()


@pytest.fixture(scope="module")
def first() -> np.ndarray:
    return said(FIRST)


@pytest.fixture(scope="module")
def early_stop(stt: WhisperSTT, first: np.ndarray) -> Transcript:
    """Whisper's transcript of the first sentence alone (after the same second of silence)."""
    heard = stt.transcribe(np.concatenate([SILENCE, first]))
    assert [w.text.strip(",.").lower() for w in heard.words] == ["merci", "beaucoup", "à", "demain"]
    return heard


def test_words_said_after_the_transcript_stopped_count_as_read(
    stt: WhisperSTT, first: np.ndarray, early_stop: Transcript
) -> None:
    audio = np.concatenate([SILENCE, first, PAUSE, said(SECOND), SILENCE])
    score = score_checked(f"{FIRST} {SECOND}", early_stop, audio, stt.model)
    tail = score.words[4:]
    assert [w.status for w in tail] == ["unsure"] * 3
    assert score.words_attempted == score.words_total == 7
    assert score.words_correct == 7
    assert score.counts["unsure"] >= 3
    # The reading now ends where the voice does: one second before the end of the audio.
    assert tail[-1].end_s == pytest.approx(audio.size / SAMPLE_RATE - 1.0, abs=0.05)
    assert all(a.end_s <= b.start_s + 1e-9 for a, b in zip(tail, tail[1:], strict=False))


def test_a_reader_who_stopped_is_not_credited_with_the_rest(
    stt: WhisperSTT, first: np.ndarray, early_stop: Transcript
) -> None:
    audio = np.concatenate([SILENCE, first, SILENCE])
    score = score_checked(f"{FIRST} {SECOND}", early_stop, audio, stt.model)
    assert [w.status for w in score.words[4:]] == ["not_reached"] * 3
    assert score.words_attempted == 4


@pytest.mark.parametrize("instead", [SECOND, "Il pleut souvent ici."])
def test_other_words_said_after_the_text_are_not_credited(
    stt: WhisperSTT, first: np.ndarray, early_stop: Transcript, instead: str
) -> None:
    """The reader says something else after the first sentence: the passage's next words
    (« Quatre » scored 3e-4 to 7e-4 here, under the tail's bar) stay not reached."""
    audio = np.concatenate([SILENCE, first, PAUSE, said(instead), SILENCE])
    passage = f"{FIRST} Quatre girafes mangeaient lentement."
    score = score_checked(passage, early_stop, audio, stt.model)
    assert [w.status for w in score.words[4:]] == ["not_reached"] * 4
    assert score.words_correct == 4

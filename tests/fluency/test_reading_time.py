"""Reading time measured on the audio: the recogniser's word times are off at both ends.

The synthetic recordings below are a steady tone (the voice) over a faint hiss (a quiet
room), so where the voice starts and stops is known to the sample. The last test uses real
engines: eSpeak NG reads, Whisper base transcribes, and the scored reading time must be the
time the voice is heard.
"""

from __future__ import annotations

import numpy as np
import pytest

from speech.audio import SAMPLE_RATE, SILENCE_RMS
from speech.fluency import score_checked, score_reading
from speech.fluency.reading_time import JOIN_S, timed_by_audio
from speech.stt.base import Transcript, Word
from speech.stt.whisper import WhisperSTT
from speech.tts.espeak import EspeakTTS
from tests.speech.conftest import resample

PASSAGE = "Le chat dort sur le mur."


def recording(total_s: float, voiced: list[tuple[float, float]], hiss: float = 5e-4) -> np.ndarray:
    """`total_s` of faint hiss with a loud tone over each (start, end) of `voiced`."""
    rng = np.random.default_rng(7)
    samples = rng.normal(0.0, hiss, int(total_s * SAMPLE_RATE)).astype(np.float32)
    for start, end in voiced:
        span = slice(int(start * SAMPLE_RATE), int(end * SAMPLE_RATE))
        t = np.arange(span.stop - span.start) / SAMPLE_RATE
        samples[span] += (0.1 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
    return samples


def transcript(first_start: float, last_end: float) -> Transcript:
    """The passage heard word for word, spread evenly from `first_start` to `last_end`."""
    texts = PASSAGE.split()
    step = (last_end - first_start) / len(texts)
    words = [
        Word(text, first_start + i * step, first_start + (i + 1) * step - 0.02, 0.95)
        for i, text in enumerate(texts)
    ]
    return Transcript(PASSAGE, words, "fr", last_end + 1.0, "test")


def test_a_padded_start_and_an_early_end_are_moved_to_the_voice() -> None:
    samples = recording(4.0, [(1.0, 3.0)])
    heard = transcript(0.65, 2.87)  # padded by 0.35 s, ended 0.13 s early (+ 0.02 gap)
    before = score_reading(PASSAGE, heard)
    after = timed_by_audio(before, samples)
    assert before.duration_s == pytest.approx(2.2, abs=0.01)
    assert after.duration_s == pytest.approx(2.0, abs=0.011)
    assert after.words[0].start_s == pytest.approx(1.0, abs=0.011)
    assert after.words[-1].end_s == pytest.approx(3.0, abs=0.011)
    assert after.wcpm == pytest.approx(6 / after.duration_s * 60, abs=0.1)
    assert [w.status for w in after.words] == [w.status for w in before.words]
    assert after.words[1:-1] == before.words[1:-1]


def test_a_sound_apart_from_the_reading_is_not_part_of_it() -> None:
    # A cough 0.3 s before the first word, separated from it by more than JOIN_S of silence.
    samples = recording(4.0, [(0.5, 0.7), (0.7 + 2 * JOIN_S, 3.0)])
    heard = transcript(0.7 + 2 * JOIN_S, 3.0)
    after = timed_by_audio(score_reading(PASSAGE, heard), samples)
    assert after.words[0].start_s == pytest.approx(0.7 + 2 * JOIN_S, abs=0.011)


def test_without_a_clear_voice_the_recogniser_times_stand() -> None:
    hiss_only = recording(4.0, [], hiss=0.05)
    score = score_reading(PASSAGE, transcript(0.65, 2.87))
    assert timed_by_audio(score, hiss_only) == score
    assert timed_by_audio(score, np.zeros(0, np.float32)) == score


def test_a_single_word_heard_is_timed_at_both_ends() -> None:
    samples = recording(3.0, [(1.0, 1.5)])
    heard = Transcript("Le", [Word("Le", 0.8, 1.4, 0.95)], "fr", 3.0, "test")
    after = timed_by_audio(score_reading(PASSAGE, heard), samples)
    assert (after.words[0].start_s, after.words[0].end_s) == pytest.approx((1.0, 1.5), abs=0.011)
    assert after.duration_s == pytest.approx(0.5, abs=0.02)


def test_nothing_heard_stays_nothing_heard() -> None:
    empty = Transcript("", [], "fr", 4.0, "test")
    score = score_reading(PASSAGE, empty)
    assert timed_by_audio(score, recording(4.0, [(1.0, 3.0)])) == score


def test_a_real_reading_is_timed_from_its_first_to_its_last_sound() -> None:
    """eSpeak NG with 1 s of silence each side, as a browser recording has; Whisper base.

    Whisper starts « Merci » about 0.4 s before the voice here (its voice filter's padding).
    Which words it hears varies slightly between syntheses, the times of the voice do not."""
    sentence = "Merci beaucoup, à demain."
    speech = EspeakTTS().synthesize(sentence, voice="fr", rate=0.8)
    voice = resample(speech.samples, speech.sample_rate)
    pad = np.zeros(SAMPLE_RATE, np.float32)
    samples = np.concatenate([pad, voice, pad])
    frames = samples[: samples.size // 160 * 160].reshape(-1, 160)
    loud = np.flatnonzero(np.sqrt((frames**2).mean(axis=1)) > SILENCE_RMS)
    true_s = (loud[-1] + 1 - loud[0]) / 100
    stt = WhisperSTT()
    score = score_checked(sentence, stt.transcribe(samples), samples, stt.model)
    assert score.duration_s == pytest.approx(true_s, abs=0.05)
    assert score.wcpm == pytest.approx(score.words_correct / score.duration_s * 60, abs=0.1)

"""Real eSpeak NG synthesis: timings, rate, SSML pauses, IPA, Korean, and the disk cache."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from speech.audio import decode_to_pcm16k
from speech.tts.base import Speech, TextToSpeech, WordMark
from speech.tts.cache import SpeechCache, SpeechMetadata, cache_key
from speech.tts.espeak import EspeakTTS, rate_to_wpm

SENTENCE = "Aujourd'hui, nous révisons les fractions avec l'exemple du gâteau partagé."


@pytest.fixture(scope="module")
def tts() -> EspeakTTS:
    return EspeakTTS()


def test_implements_the_protocol(tts):
    engine: TextToSpeech = tts
    assert isinstance(engine.synthesize("Oui."), Speech)


def test_french_sentence_has_one_increasing_mark_per_word(tts):
    speech = tts.synthesize(SENTENCE)
    assert speech.sample_rate == 22050
    assert speech.samples.dtype == np.float32 and speech.samples.ndim == 1
    assert speech.duration_s > 0.5
    assert speech.duration_s == pytest.approx(speech.samples.size / 22050)
    assert np.abs(speech.samples).max() > 0.05
    words = [mark.word for mark in speech.marks]
    assert words == [
        "Aujourd'hui", "nous", "révisons", "les", "fractions", "avec", "l'exemple", "du",
        "gâteau", "partagé",
    ]  # fmt: skip
    starts = [mark.start_s for mark in speech.marks]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert starts[0] == 0.0 and starts[-1] < speech.duration_s
    for mark in speech.marks:
        assert SENTENCE[mark.char_start :].startswith(mark.word)
    assert (speech.voice, speech.rate) == ("fr", 1.0)


def test_slower_rate_is_longer(tts):
    slow = tts.synthesize(SENTENCE, rate=0.7)
    fast = tts.synthesize(SENTENCE, rate=1.3)
    assert slow.duration_s > fast.duration_s * 1.4
    assert slow.rate == 0.7


def test_rate_is_clamped():
    assert rate_to_wpm(1.0) == 160
    assert rate_to_wpm(0.01) == 80
    assert rate_to_wpm(100) == 400


def test_pitch_changes_audio_not_length(tts):
    low = tts.synthesize("Bonjour à tous.", pitch=10)
    high = tts.synthesize("Bonjour à tous.", pitch=90)
    assert abs(low.duration_s - high.duration_s) < 0.15
    assert not np.array_equal(low.samples[:2000], high.samples[:2000])


def test_ssml_break_lengthens_audio_and_keeps_marks(tts):
    text = 'Un <break time="500ms"/> deux'
    plain = tts.synthesize("Un deux")
    paused = tts.synthesize(text)
    assert paused.duration_s - plain.duration_s > 0.4
    assert [m.word for m in paused.marks] == ["Un", "deux"]
    assert text[paused.marks[1].char_start :].startswith("deux")
    assert paused.marks[1].start_s - paused.marks[0].start_s > 0.5


def test_phonemes_are_ipa(tts):
    ipa = tts.phonemes("bonjour")
    assert "b" in ipa and "ʒ" in ipa
    assert "ɔ̃" in ipa
    assert tts.phonemes("Le chat. Le chien.").count("ʃ") == 2  # every clause, not only the 1st


def test_korean_voice(tts):
    speech = tts.synthesize("안녕하세요. 만나서 반갑습니다.", voice="ko")
    assert speech.duration_s > 0.8
    assert speech.voice == "ko"
    # eSpeak's Korean voice skips some word events (here « 만나서 »): marks are partial.
    words = [m.word for m in speech.marks]
    assert words[0] == "안녕하세요" and words[-1] == "반갑습니다"
    assert "ɐ" in tts.phonemes("안녕하세요", voice="ko")


def test_unknown_voice_is_an_error(tts):
    with pytest.raises(ValueError):
        tts.synthesize("Bonjour", voice="no-such-voice")
    assert tts.synthesize("Bonjour").duration_s > 0.3  # engine still usable afterwards


def test_concurrent_calls_are_serialised(tts):
    results: list[Speech] = []

    def speak() -> None:
        results.append(tts.synthesize("Trois quarts de la classe a compris."))

    threads = [threading.Thread(target=speak) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # eSpeak adds a little random jitter, so lengths match only approximately; interleaved
    # callbacks would instead mix or double the audio.
    alone = tts.synthesize("Trois quarts de la classe a compris.")
    assert len(results) == 4
    for result in results:
        assert result.duration_s == pytest.approx(alone.duration_s, abs=0.05)
        assert [m.word for m in result.marks] == [m.word for m in alone.marks]
        assert len(result.marks) == 7


class CountingEngine:
    """The real engine, counting how often synthesis actually runs."""

    def __init__(self) -> None:
        self.inner = EspeakTTS()
        self.calls = 0

    def synthesize(self, text: str, voice: str = "fr", rate: float = 1.0, pitch: int = 50):
        self.calls += 1
        return self.inner.synthesize(text, voice=voice, rate=rate, pitch=pitch)


def test_cache_stores_ogg_and_marks(tmp_path):
    engine = CountingEngine()
    cache = SpeechCache(tmp_path / "tts", max_items=10)
    ogg, meta = cache.get_or_make("Calcule 3/4 de 12 cm.", "fr", 1.0, 50, engine)
    assert ogg[:4] == b"OggS"
    assert isinstance(meta, SpeechMetadata)
    assert meta.spoken_text == "Calcule trois quarts de douze centimètres."
    assert [m.word for m in meta.marks][:3] == ["Calcule", "trois", "quarts"]
    assert all(isinstance(m, WordMark) for m in meta.marks)
    assert decode_to_pcm16k(ogg, max_seconds=60).duration_s == pytest.approx(
        meta.duration_s, abs=0.05
    )

    again, meta_again = cache.get_or_make("Calcule 3/4 de 12 cm.", "fr", 1.0, 50, engine)
    assert engine.calls == 1
    assert again == ogg and meta_again == meta
    # Same spoken words written differently share the entry; other settings do not.
    cache.get_or_make("Calcule trois quarts de douze centimètres.", "fr", 1.0, 50, engine)
    assert engine.calls == 1
    cache.get_or_make("Calcule 3/4 de 12 cm.", "fr", 0.8, 50, engine)
    cache.get_or_make("Calcule 3/4 de 12 cm.", "fr", 1.0, 60, engine)
    assert engine.calls == 3
    assert len(cache) == 3
    # A fresh cache object on the same folder (another worker, a restart) hits too.
    SpeechCache(tmp_path / "tts", max_items=10).get_or_make(
        "Calcule 3/4 de 12 cm.", "fr", 1.0, 50, engine
    )
    assert engine.calls == 3


def test_cache_evicts_least_recently_used(tmp_path):
    engine = CountingEngine()
    cache = SpeechCache(tmp_path, max_items=2)
    for text in ["Un.", "Deux.", "Trois."]:
        cache.get_or_make(text, "fr", 1.0, 50, engine)
    assert len(cache) == 2
    assert len(list(tmp_path.glob("*.ogg"))) == 2
    cache.get_or_make("Un.", "fr", 1.0, 50, engine)  # was evicted: synthesised again
    assert engine.calls == 4


def test_cache_key_depends_on_every_setting():
    keys = {
        cache_key("bonjour", "fr", 1.0, 50),
        cache_key("bonjour", "ko", 1.0, 50),
        cache_key("bonjour", "fr", 1.1, 50),
        cache_key("bonjour", "fr", 1.0, 51),
        cache_key("bonjour.", "fr", 1.0, 50),
    }
    assert len(keys) == 5
    assert len(cache_key("bonjour", "fr", 1.0, 50)) == 64


def test_stray_ssml_characters_are_escaped_and_marks_index_the_input(tts):
    text = 'x > 3 et a < b <break time="300ms"/> fin & suite'
    speech = tts.synthesize(text)
    words = [m.word for m in speech.marks]
    assert words[:2] == ["x", "3"] and words[-2:] == ["fin", "suite"]
    for mark in speech.marks:
        assert text[mark.char_start :].startswith(mark.word)


def test_empty_text_gives_no_words(tts):
    speech = tts.synthesize("")
    assert speech.marks == [] and speech.duration_s < 0.1
    assert tts.phonemes("") == ""

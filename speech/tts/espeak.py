"""eSpeak NG through ctypes, with the library and voice data shipped by `espeakng-loader`.

eSpeak is robotic but tiny, instant, offline and speaks French (and Korean, used by tests of
the recogniser) with exact word timings, which is what the reading-aloud highlighter needs.
The wheel bundles both the shared library and its data, so nothing is downloaded at run time
and no Debian package is needed.

libespeak-ng keeps global state and is not thread-safe: one process-wide lock guards
initialisation and every call.
"""

from __future__ import annotations

import ctypes
import re
import threading
from typing import Any

import espeakng_loader
import numpy as np

from speech.tts.base import Speech, WordMark
from speech.tts.normalise import SSML_TAG

AUDIO_OUTPUT_SYNCHRONOUS = 2
ESPEAK_INITIALIZE_DONT_EXIT = 0x8000
POS_CHARACTER = 1
ESPEAK_CHARS_UTF8 = 1
ESPEAK_SSML = 0x10
ESPEAK_PHONEMES_IPA = 0x02
ESPEAK_RATE = 1
ESPEAK_PITCH = 3
EVENT_LIST_TERMINATED = 0
EVENT_WORD = 1
EE_OK = 0

# eSpeak's accepted speaking-rate range, words per minute.
MIN_WPM = 80
MAX_WPM = 450
# Rate 1.0: a little slower than eSpeak's default 175 wpm, easier for struggling readers.
BASE_WPM = 160
MIN_RATE = 0.5
MAX_RATE = 2.5


class _EventId(ctypes.Union):
    _fields_ = [("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8)]


class _Event(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", _EventId),
    ]


_SynthCallback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event)
)

_lock = threading.RLock()
_lib: ctypes.CDLL | None = None
_sample_rate = 22050
# Filled by the callback during a synchronous espeak_Synth call (always under _lock).
_chunks: list[np.ndarray] = []
_events: list[tuple[int, int, int]] = []


@_SynthCallback
def _on_synth(wav: Any, numsamples: int, events: Any) -> int:
    """Collect audio and word events; returning 0 tells eSpeak to continue."""
    if wav and numsamples > 0:
        _chunks.append(np.ctypeslib.as_array(wav, shape=(numsamples,)).copy())
    i = 0
    while events and events[i].type != EVENT_LIST_TERMINATED:
        event = events[i]
        if event.type == EVENT_WORD:
            _events.append((event.audio_position, event.text_position, event.length))
        i += 1
    return 0


def _load() -> ctypes.CDLL:
    """Load and initialise libespeak-ng once per process (caller holds `_lock`)."""
    global _lib, _sample_rate
    if _lib is not None:
        return _lib
    lib = ctypes.CDLL(espeakng_loader.get_library_path())
    lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    lib.espeak_Initialize.restype = ctypes.c_int
    lib.espeak_SetSynthCallback.argtypes = [_SynthCallback]
    lib.espeak_SetSynthCallback.restype = None
    lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
    lib.espeak_SetVoiceByName.restype = ctypes.c_int
    lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
    lib.espeak_SetParameter.restype = ctypes.c_int
    lib.espeak_Synth.argtypes = [
        ctypes.c_void_p,
        ctypes.c_size_t,
        ctypes.c_uint,
        ctypes.c_int,
        ctypes.c_uint,
        ctypes.c_uint,
        ctypes.POINTER(ctypes.c_uint),
        ctypes.c_void_p,
    ]
    lib.espeak_Synth.restype = ctypes.c_int
    lib.espeak_Synchronize.argtypes = []
    lib.espeak_Synchronize.restype = ctypes.c_int
    lib.espeak_TextToPhonemes.argtypes = [
        ctypes.POINTER(ctypes.c_void_p),
        ctypes.c_int,
        ctypes.c_int,
    ]
    lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
    data_path = espeakng_loader.get_data_path().encode()
    rate = lib.espeak_Initialize(
        AUDIO_OUTPUT_SYNCHRONOUS, 0, data_path, ESPEAK_INITIALIZE_DONT_EXIT
    )
    if rate <= 0:
        raise RuntimeError(f"espeak_Initialize failed ({rate}); data path {data_path!r}")
    lib.espeak_SetSynthCallback(_on_synth)
    _sample_rate = rate
    _lib = lib
    return lib


def _set_voice(lib: ctypes.CDLL, voice: str) -> None:
    if lib.espeak_SetVoiceByName(voice.encode()) != EE_OK:
        raise ValueError(f"unknown eSpeak voice: {voice!r}")


def rate_to_wpm(rate: float) -> int:
    """Map our relative rate (1.0 = calm normal speed) to eSpeak words per minute."""
    rate = min(max(rate, MIN_RATE), MAX_RATE)
    return int(min(max(round(BASE_WPM * rate), MIN_WPM), MAX_WPM))


class EspeakTTS:
    """`TextToSpeech` on libespeak-ng. Input may contain SSML such as `<break time="500ms"/>`."""

    def synthesize(
        self, text: str, voice: str = "fr", rate: float = 1.0, pitch: int = 50
    ) -> Speech:
        """Speak `text` and return float32 samples at eSpeak's rate (22050 Hz) with word marks.

        Text is always sent in SSML mode so pauses can be written inline; a stray `<`, `>` or
        `&` outside a known SSML tag is escaped here, and word marks still index `text`.
        """
        pitch = int(min(max(pitch, 0), 100))
        escaped, index_map = _escape_ssml(text)
        data = escaped.encode("utf-8")
        buffer = ctypes.create_string_buffer(data)
        with _lock:
            lib = _load()
            _set_voice(lib, voice)
            lib.espeak_SetParameter(ESPEAK_RATE, rate_to_wpm(rate), 0)
            lib.espeak_SetParameter(ESPEAK_PITCH, pitch, 0)
            _chunks.clear()
            _events.clear()
            result = lib.espeak_Synth(
                buffer,
                len(data) + 1,
                0,
                POS_CHARACTER,
                0,
                ESPEAK_CHARS_UTF8 | ESPEAK_SSML,
                None,
                None,
            )
            lib.espeak_Synchronize()
            chunks = list(_chunks)
            events = list(_events)
            sample_rate = _sample_rate
            _chunks.clear()
            _events.clear()
        if result != EE_OK:
            raise RuntimeError(f"espeak_Synth failed ({result})")
        pcm = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)
        samples = (pcm.astype(np.float32) / 32768.0).clip(-1.0, 1.0)
        return Speech(
            samples=samples,
            sample_rate=sample_rate,
            duration_s=samples.size / sample_rate,
            marks=_marks(text, events, index_map),
            voice=voice,
            rate=rate,
        )

    def phonemes(self, text: str, voice: str = "fr") -> str:
        """IPA transcription of `text`, to compare what a student said with the expected word."""
        data = ctypes.create_string_buffer(text.encode("utf-8"))
        pointer = ctypes.c_void_p(ctypes.addressof(data))
        parts: list[str] = []
        with _lock:
            lib = _load()
            _set_voice(lib, voice)
            # eSpeak advances the pointer clause by clause and sets it to NULL at the end.
            while pointer.value:
                result = lib.espeak_TextToPhonemes(
                    ctypes.byref(pointer), ESPEAK_CHARS_UTF8, ESPEAK_PHONEMES_IPA
                )
                if result:
                    parts.append(result.decode("utf-8", errors="replace").strip())
        return " ".join(part for part in parts if part)


_WORD = re.compile(r"\w+(?:['’-]\w+)*")


def _escape_ssml(text: str) -> tuple[str, list[int]]:
    """Escape `<>&` outside SSML tags; return the new text and, for each of its characters,
    the index of the character of `text` it came from (plus one entry for the end)."""
    out: list[str] = []
    index_map: list[int] = []
    position = 0
    entities = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}

    def plain(start: int, end: int) -> None:
        for index in range(start, end):
            piece = entities.get(text[index], text[index])
            out.append(piece)
            index_map.extend([index] * len(piece))

    for tag in SSML_TAG.finditer(text):
        plain(position, tag.start())
        out.append(tag.group(0))
        index_map.extend(range(tag.start(), tag.end()))
        position = tag.end()
    plain(position, len(text))
    index_map.append(len(text))
    return "".join(out), index_map


def _marks(text: str, events: list[tuple[int, int, int]], index_map: list[int]) -> list[WordMark]:
    """Build word marks from eSpeak WORD events (1-based character positions, ms timings).

    eSpeak's reported length is unreliable for elisions (« l'école » comes back as « l »), so
    the word is re-read from the input text at the reported position.
    """
    marks: list[WordMark] = []
    for audio_ms, text_position, length in events:
        start = index_map[min(max(text_position - 1, 0), len(index_map) - 1)]
        found = _WORD.match(text, start) or _WORD.search(text, start)
        if found:
            word, start = found.group(0), found.start()
        else:
            word = text[start : start + max(length, 0)].strip()
        if not word or (marks and marks[-1].char_start == start):
            continue  # symbols such as « & » get an event but are not a word of the text
        marks.append(WordMark(word=word, start_s=audio_ms / 1000.0, char_start=start))
    return marks

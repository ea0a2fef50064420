"""Speech-to-text: Whisper (faster-whisper) for free speech, Vosk for known texts.

Engines are imported lazily by their modules' users: loading faster-whisper or Vosk costs
time and memory that the chat-only service should not pay.
"""

from speech.stt.base import SAMPLE_RATE, SpeechToText, Transcript, Word

__all__ = ["SAMPLE_RATE", "SpeechToText", "Transcript", "Word"]

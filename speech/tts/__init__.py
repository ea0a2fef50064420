"""Text-to-speech: normalisation of French maths text, eSpeak NG engine and a disk cache."""

from speech.tts.base import Speech, TextToSpeech, WordMark

__all__ = ["Speech", "TextToSpeech", "WordMark"]

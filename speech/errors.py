"""Errors raised while handling a student's audio.

Every error carries an HTTP status, a stable machine code and two short messages. The French
one is written for a struggling lycée student: it says what went wrong and what to try next,
without blaming them, because an unexplained failure is often where they give up.
"""

from __future__ import annotations


class AudioError(Exception):
    """A problem with uploaded audio that the student (or the client app) can fix."""

    def __init__(self, status: int, code: str, message_fr: str, message_en: str) -> None:
        super().__init__(f"{code}: {message_en}")
        self.status = status
        self.code = code
        self.message_fr = message_fr
        self.message_en = message_en

    def to_dict(self) -> dict[str, str | int]:
        """JSON-friendly form for API error bodies."""
        return {
            "status": self.status,
            "code": self.code,
            "message_fr": self.message_fr,
            "message_en": self.message_en,
        }


def empty_audio() -> AudioError:
    """Nothing was uploaded (often a recording stopped immediately)."""
    return AudioError(
        422,
        "empty_audio",
        "Je n'ai rien reçu : l'enregistrement est vide. Appuie sur le micro et parle, puis "
        "réessaie.",
        "The recording is empty.",
    )


def audio_too_large(max_bytes: int) -> AudioError:
    """Upload bigger than we accept (protects memory and decoding time)."""
    mib = max_bytes / (1024 * 1024)
    return AudioError(
        413,
        "audio_too_large",
        f"Ton fichier est trop lourd (maximum {mib:.0f} Mo). Essaie un enregistrement plus court.",
        f"The audio file is too large (maximum {mib:.0f} MiB).",
    )


def unsupported_audio() -> AudioError:
    """Bytes that are not an audio format we can read."""
    return AudioError(
        415,
        "unsupported_audio",
        "Je ne sais pas lire ce fichier audio. Enregistre-toi directement avec le bouton micro.",
        "Unsupported or unrecognised audio format.",
    )


def corrupt_audio() -> AudioError:
    """A recognised format whose content is damaged or cut short."""
    return AudioError(
        422,
        "corrupt_audio",
        "Ton enregistrement semble abîmé ou coupé. Réessaie de t'enregistrer.",
        "The audio file is damaged or truncated.",
    )


def audio_too_long(max_seconds: float) -> AudioError:
    """Recording longer than the limit for this kind of exercise."""
    if max_seconds >= 60:
        limit = f"{max_seconds / 60:g} minute" + ("s" if max_seconds >= 120 else "")
    else:
        limit = f"{max_seconds:g} secondes"
    return AudioError(
        413,
        "audio_too_long",
        f"Ton enregistrement est trop long (maximum {limit}). Coupe-le en plusieurs morceaux.",
        f"The recording is too long (maximum {max_seconds:g} s).",
    )


def silent_audio() -> AudioError:
    """Decoded fine but contains no audible sound (muted or distant microphone)."""
    return AudioError(
        422,
        "silent_audio",
        "Je n'entends rien : ton enregistrement est silencieux. Réessaie plus près du micro.",
        "The recording is silent.",
    )

"""What every tutoring operation returns to the action server."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class TutorReply:
    """Messages to show in order, and whether a question now waits for an answer.

    `practice_active` becomes the Rasa slot that routes the next unclear message to judging.
    `spoken`, when given, holds for each message what text-to-speech says instead of its text
    (None: the text itself): a dictation shows « Amina ___ trouvé un chat » but says the
    whole sentence.
    """

    messages: list[str]
    practice_active: bool
    buttons: list[dict[str, str]] = field(default_factory=list)
    spoken: list[str | None] = field(default_factory=list)

    def as_dict(self) -> dict:
        """The JSON body of the tutoring API's answer."""
        return {
            "messages": self.messages,
            "practice_active": self.practice_active,
            "buttons": self.buttons,
            "spoken": self.spoken or [None] * len(self.messages),
        }

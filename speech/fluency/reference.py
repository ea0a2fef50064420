"""The passage as the page shows it, split into numbered words.

The page, the scorer and the stored result must agree on what « word 17 » is, so the split
lives in one place. A word keeps the punctuation and quotes attached to it as written
(« « Bonjour, » stays one word), because the page displays it and the scorer needs that
punctuation to tell a pause at a comma from a hesitation inside a phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from speech.fluency.normalise import PHRASE_START, ends_sentence

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class ReferenceWord:
    """One word of the passage: its position, its text as written, its sentence and paragraph."""

    index: int
    text: str
    sentence: int
    paragraph: int


def reference_words(reference: str) -> list[ReferenceWord]:
    """Split a passage into words; sentence and paragraph indices count from 0 over the text.

    A token with no letter or digit (« — », « : », « » », « % ») is not a word of its own: it
    is attached to the next word when it opens something (« « », « ( », a dialogue dash at
    the start of a paragraph), otherwise to the previous word (« 20 % » is read as one).
    """
    words: list[ReferenceWord] = []
    sentence = 0
    paragraphs = [p for p in _PARAGRAPH_BREAK.split(reference.strip()) if p.strip()]
    for paragraph_index, paragraph in enumerate(paragraphs):
        if words:
            sentence += 1  # a new paragraph (even after a title without a full stop)
        pending = ""
        first_in_paragraph = len(words)
        for token in paragraph.split():
            if not any(c.isalnum() for c in token):
                if len(words) > first_in_paragraph and token[0] not in PHRASE_START:
                    last = words[-1]
                    words[-1] = ReferenceWord(
                        last.index, f"{last.text} {token}", last.sentence, last.paragraph
                    )
                else:
                    pending = f"{pending}{token} "
                continue
            if words and ends_sentence(words[-1].text) and len(words) > first_in_paragraph:
                sentence += 1
            words.append(ReferenceWord(len(words), pending + token, sentence, paragraph_index))
            pending = ""
        if pending and len(words) > first_in_paragraph:
            last = words[-1]
            words[-1] = ReferenceWord(
                last.index, f"{last.text} {pending.strip()}", last.sentence, last.paragraph
            )
    return words

"""Text folded for matching what students type: lower case, no accents, no punctuation."""

from __future__ import annotations

import re
import unicodedata


def plain(text: str) -> str:
    """« J'ai eu FRAGILE en géo ! » → « j ai eu fragile en geo »: apostrophes and hyphens
    become spaces, runs of spaces one."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", bare).split())

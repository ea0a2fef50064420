"""French spell checking with Debian's hunspell, shared by the content tests (passages,
facts, language modules): one subprocess per check, and the reviewed exceptions of the
passage bank (proper nouns, rare words) accepted everywhere."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from curriculum.french import bank

EXCEPTIONS_FILE = Path(bank.__file__).with_name("spelling_exceptions.txt")


def hunspell_unavailable() -> str | None:
    """Why the spell check cannot run here, or None when it can."""
    if shutil.which("hunspell") is None:
        return "hunspell is not installed (apt-get install hunspell hunspell-fr)"
    listed = subprocess.run(["hunspell", "-D"], input="", capture_output=True, text=True)
    if "fr_FR" not in listed.stdout + listed.stderr:
        return "the hunspell fr_FR dictionary is missing (apt-get install hunspell-fr)"
    return None


def exceptions() -> set[str]:
    """The reviewed words hunspell does not know."""
    lines = EXCEPTIONS_FILE.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def misspelled(text: str) -> set[str]:
    """The words of `text` hunspell's fr_FR dictionary does not know, minus the exceptions."""
    # Punctuation hunspell would glue to a word (« Awa. ») becomes a space.
    cleaned = re.sub(r"[«»…—–.,;:!?()\[\]/]", " ", text)
    result = subprocess.run(
        ["hunspell", "-d", "fr_FR", "-i", "utf-8", "-l"],
        input=cleaned,
        capture_output=True,
        text=True,
        check=True,
    )
    return set(result.stdout.split()) - exceptions()

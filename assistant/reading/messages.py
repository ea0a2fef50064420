"""Everything reading practice says to the student, in one file a teacher can review.

Written for a struggling 15-year-old: short sentences, the figure first, then what went well,
then at most three words to work on. A worse figure than last time is never said aloud: the
page shows both, and a reader who hears « moins bien » often stops reading aloud at all.
"""

from __future__ import annotations

import math

from speech.fluency import ReadingScore

# Reading research's usual cut-offs: at 95 % of words right a text is read independently; under
# 90 % it is too hard to read alone (« frustration » level).
INDEPENDENT = 0.95
FRUSTRATION = 0.90
MAX_WORDS_NAMED = 3

NUMBERS = {1: "Un", 2: "Deux", 3: "Trois"}

NOTHING_HEARD = (
    "Je n'ai rien entendu… Lis le texte à voix haute, assez fort et près du micro, puis réessaie."
)
BAD_MODE = "Choisis « tout le texte » ou « pendant 1 minute »."
BAD_SENTENCES = "Je ne trouve pas ces phrases dans le texte. Recommence depuis la page du texte."

NEXT_STEPS = {
    "listen": "Écouter le texte lu par Rebond",
    "reread_errors": "Relire les phrases avec des mots difficiles",
    "again": "Relire tout le texte et comparer",
}

# The reading proposal in the conversation (assistant/tutoring/fluency.py).
FIRST_READING = (
    "C'est ta première lecture à voix haute : je te propose un texte de niveau {band} sur 3 "
    "pour commencer."
)
BAND_UP = "La dernière fois, tu as lu {percent} % des mots justes : on passe au niveau {band}."
BAND_TOP = "La dernière fois, tu as lu {percent} % des mots justes : on reste au niveau 3."
BAND_DOWN = (
    "La dernière fois, le texte était un peu difficile : je te propose un texte plus facile, "
    "de niveau {band} sur 3."
)
BAND_BOTTOM = "La dernière fois, le texte était un peu difficile : on reste au niveau 1."
BAND_SAME = "Je te propose un texte de niveau {band} sur 3, comme la dernière fois."
CHOOSE = (
    "Je te conseille « {title} ». Tu peux aussi choisir un autre texte. Appuie sur un bouton : "
    "la page de lecture s'ouvre, et tu lis le texte à voix haute."
)
BUTTON = "Lire « {title} »"


def percent(accuracy: float) -> int:
    """Rounded down, so a reading with one error is never announced as 100 %."""
    return math.floor(accuracy * 100 + 1e-9)


def summary(score: ReadingScore, to_practise: list[str], previous: dict | None) -> str:
    """The short spoken summary: figures, praise, progress since last time, words to work on."""
    parts = [
        f"Tu as lu {round(score.wcpm)} mots par minute, "
        f"{percent(score.accuracy)} % des mots justes."
    ]
    if score.accuracy >= INDEPENDENT:
        parts.append("Bravo !")
    elif score.accuracy >= FRUSTRATION:
        parts.append("C'est bien !")
    else:
        parts.append("Merci pour ta lecture : on va travailler ce texte ensemble.")
    if previous is not None and round(score.wcpm) > round(previous["wcpm"]):
        gained = round(score.wcpm) - round(previous["wcpm"])
        parts.append(
            f"C'est {gained} mot{'s' if gained > 1 else ''} par minute de plus que la "
            "dernière fois !"
        )
    if to_practise:
        quoted = [f"« {word} »" for word in to_practise[:MAX_WORDS_NAMED]]
        listed = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} et {quoted[-1]}"
        if len(to_practise) > MAX_WORDS_NAMED:
            parts.append(f"Quelques mots à retravailler, par exemple : {listed}.")
        else:
            count = NUMBERS[len(quoted)]
            plural = "s" if len(quoted) > 1 else ""
            parts.append(f"{count} mot{plural} à retravailler : {listed}.")
    return " ".join(parts)

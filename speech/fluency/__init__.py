"""Reading fluency: score a passage read aloud from a speech-to-text transcript.

`score_reading(passage, transcript)` aligns the heard words with the passage and returns
words correct per minute, accuracy, a status for every passage word (correct, omitted,
substituted, unsure, not reached; repeated, self-corrected, hesitation) and phrasing
indicators. `score_checked(passage, transcript, samples, model)` does the same, then checks
each word that looks wrong against the audio (`speech.fluency.verify`) and measures the
reading time on the audio (`speech.fluency.reading_time`). Nothing is recorded
here: the service stores and reports the result.
"""

from speech.fluency.phrasing import Phrasing
from speech.fluency.reference import ReferenceWord, reference_words
from speech.fluency.results import FluencyOptions, Insertion, ReadingScore, WordResult
from speech.fluency.score import score_reading
from speech.fluency.verify import score_checked

__all__ = [
    "FluencyOptions",
    "Insertion",
    "Phrasing",
    "ReadingScore",
    "ReferenceWord",
    "WordResult",
    "reference_words",
    "score_checked",
    "score_reading",
]

"""Score a reading: the passage and what the recogniser heard in, a `ReadingScore` out.

Pure and quick (no audio, no model): the service calls it right after speech-to-text, the
benchmarks call it on cached transcripts.
"""

from __future__ import annotations

from speech.fluency.align import align
from speech.fluency.miscues import AudioEvidence, classify
from speech.fluency.normalise import FILLERS, ends_phrase, match_key, starts_phrase
from speech.fluency.phonetics import token
from speech.fluency.phrasing import Phrasing, phrasing
from speech.fluency.reference import ReferenceWord, reference_words
from speech.fluency.results import (
    COUNT_KEYS,
    FluencyOptions,
    Insertion,
    ReadingScore,
    WordResult,
)
from speech.fluency.timing import trim_padded_words
from speech.stt.base import Transcript, Word


def score_reading(
    reference: str,
    transcript: Transcript,
    options: FluencyOptions | None = None,
    check: AudioEvidence | None = None,
) -> ReadingScore:
    """Align `transcript` with `reference` and measure the reading.

    `check` answers how likely each passage word is given the audio
    (`speech.fluency.verify`): it settles flagged and unsure words.
    An empty transcript (or passage) gives a score with nothing attempted, never an error:
    the caller decides how to tell the student nothing was heard.
    """
    options = options or FluencyOptions()
    refs = reference_words(reference)
    # Words with no letter or digit (« … », « - ») carry nothing to compare; a filler
    # (« euh ») is a filled pause, so the silence around it counts as one pause.
    fillers = FILLERS - {match_key(r.text) for r in refs}
    heard = [
        word
        for word in _join_elisions(transcript.words)
        if match_key(word.text) and match_key(word.text) not in fillers
    ]
    if not refs or not heard:
        return _nothing_read(refs)
    ref_tokens = [token(r.text) for r in refs]
    heard_tokens = [token(word.text) for word in heard]
    heard = trim_padded_words(heard, heard_tokens)
    steps = align(ref_tokens, heard_tokens)
    miscues = classify(refs, ref_tokens, heard, heard_tokens, steps, options, check)
    return summarised(refs, miscues.words, miscues.counts, miscues.insertions)


def summarised(
    refs: list[ReferenceWord],
    words: list[WordResult],
    counts: dict[str, int],
    insertions: list[Insertion],
) -> ReadingScore:
    """The reading's figures from the status and times of each passage word."""
    reached = [w.index for w in words if w.status not in ("omitted", "not_reached")]
    attempted = reached[-1] + 1 if reached else 0
    correct = sum(1 for w in words if w.status in ("correct", "unsure"))
    # Reading time runs from the first to the last passage word heard: words said before or
    # after the reading (« bon… », « voilà, fini ») are not part of it.
    timed = [w for w in words if w.start_s is not None and w.end_s is not None]
    duration = max(timed[-1].end_s - timed[0].start_s, 0.0) if timed else 0.0
    return ReadingScore(
        wcpm=round(correct / duration * 60.0, 1) if duration > 0 else 0.0,
        accuracy=round(correct / attempted, 4) if attempted else 0.0,
        duration_s=round(duration, 3),
        words_total=len(refs),
        words_attempted=attempted,
        words_correct=correct,
        counts=counts,
        words=words,
        insertions=insertions,
        phrasing=_phrasing(refs, words),
        error_sentences=sorted(
            {w.sentence for w in words if w.status in ("omitted", "substituted")}
        ),
    )


_APOSTROPHES = ("'", "’")


def _join_elisions(words: list[Word]) -> list[Word]:
    """Glue elisions that Whisper returns as two words (« C » + « 'est ») back together.

    The passage shows « C'est » as one word; keeping the recogniser's split would pair « C »
    with it and turn « 'est » into an insertion. The joined word keeps the lower confidence.
    """
    joined: list[Word] = []
    for word in words:
        text = word.text.strip()
        previous = joined[-1] if joined else None
        if previous is not None and (
            text.startswith(_APOSTROPHES) or previous.text.strip().endswith(_APOSTROPHES)
        ):
            joined[-1] = Word(
                previous.text.strip() + text,
                previous.start_s,
                word.end_s,
                min(previous.confidence, word.confidence),
            )
        else:
            joined.append(word)
    return joined


def _nothing_read(refs: list[ReferenceWord]) -> ReadingScore:
    words = [WordResult.not_reached(r) for r in refs]
    return ReadingScore(
        wcpm=0.0,
        accuracy=0.0,
        duration_s=0.0,
        words_total=len(refs),
        words_attempted=0,
        words_correct=0,
        counts=dict.fromkeys(COUNT_KEYS, 0),
        words=words,
        insertions=[],
        phrasing=phrasing([], []),
        error_sentences=[],
    )


def _phrasing(refs: list[ReferenceWord], words: list[WordResult]) -> Phrasing:
    """Gaps before each read word (at a phrase boundary or not) and per-sentence spans."""
    gaps: list[tuple[float, bool]] = []
    previous: WordResult | None = None
    spans: dict[int, list[float]] = {}
    for word in words:
        if word.start_s is None or word.end_s is None:
            continue
        if previous is not None and previous.end_s is not None and word.start_s > previous.end_s:
            boundary = ends_phrase(refs[previous.index].text) or starts_phrase(word.text)
            gaps.append((word.start_s - previous.end_s, boundary))
        previous = word
        span = spans.setdefault(word.sentence, [0, word.start_s, word.end_s])
        span[0] += 1
        span[2] = word.end_s
    return phrasing(gaps, [(int(c), s, e) for c, s, e in spans.values()])

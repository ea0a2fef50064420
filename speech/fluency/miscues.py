"""Turn an alignment into miscues: the status of each passage word and the extra words heard.

Specificity comes first: a struggling reader told that a word they read well was wrong loses
trust in the tool. So a mismatch that sounds close, or that the recogniser itself was unsure
of, is « unsure » (counted as read); a wrong start immediately followed by the right word
is a self-correction (counted as read); a word said twice is a repetition, not an insertion.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from rapidfuzz.distance import Levenshtein

from speech.fluency.align import Step
from speech.fluency.normalise import ends_phrase, starts_phrase
from speech.fluency.phonetics import Token, compare
from speech.fluency.reference import ReferenceWord
from speech.fluency.results import COUNT_KEYS, FluencyOptions, Insertion, Status, WordResult
from speech.stt.base import Word

#: A wrong start is a self-correction when its sounds are at most this far from the start of
#: the word that follows it (« chort… sortir »), or when it ends with a cut-off mark.
ATTEMPT_DISTANCE = 0.4
CUT_OFF_MARKS = ("-", "…", "...")
#: An omission or substitution next to a heard word recognised with less confidence than this
#: is « unsure ».
#: Measured on the real-speech benchmark (evaluation/fluency.py): 0.4 removed a third of the
#: false omissions and kept 3 true omissions in 4; 0.5 lost a third of the true ones.
NEIGHBOUR_CONFIDENCE = 0.4
#: Statuses a check against the audio can change (speech/fluency/verify.py).
CHECKED = ("omitted", "substituted", "unsure")
#: A flagged word at least this likely given the audio (and the passage words before it) is
#: only « unsure »: the reader probably said it and the free transcript misheard it.
HEARD_PROBABILITY = 1e-4
#: An « unsure » word less likely than this given the audio was not read as written.
#: Both measured on the real-speech benchmark: every word the readers never said scored
#: below 0.003, half of them below 1e-6 (see speech/fluency/verify.py).
ABSENT_PROBABILITY = 1e-5
#: A checked word is a miscue when what the transcript has in its place (the words heard, or
#: with none the next passage word) is this many times likelier given the audio than the
#: passage word. See `recheck` for the measures.
LIKELIER = 3e3
#: An extra word the recogniser was confident of is an insertion when it is at least this
#: many times likelier, given the audio, than the passage word that follows. Measured on the
#: real-speech benchmark: every true insertion heard with confidence scored over 10, while
#: 17 of the 27 false ones scored under 3 (of the others, « c'est » 9 times at 500-2,000 is
#: probably said, the manual transcript having left it out, and one « divise » is a word said
#: twice, 3 words from where the benchmark deleted one).
INSERTED_RATIO = 3.0
# Punctuation the recogniser adds around a word; a cut-off mark (« cha- ») is kept.
_AROUND = ' \u00a0.,;:!?«»"“”()[]'


class AudioEvidence(Protocol):
    """What the audio says about the passage words (speech/fluency/verify.py)."""

    def word(self, index: int) -> float | None:
        """P(passage word `index` | audio, the passage words before it); None: unknown."""
        ...

    def instead(self, index: int, heard: str | None) -> float | None:
        """P(what the transcript has in place of passage word `index` | audio, the passage
        words before it): the words `heard`, or with none the next passage word (the word
        skipped); None: unknown."""
        ...

    def inserted(self, after: int, heard: str) -> float | None:
        """How many times likelier, given the audio and the passage up to word `after`, the
        word `heard` is than passage word `after + 1`; None: unknown."""
        ...


@dataclass
class Miscues:
    """Per-word results, the true insertions and the counts of each miscue kind."""

    words: list[WordResult]
    insertions: list[Insertion]
    counts: dict[str, int]


def heard_text(words: list[Word], indices: tuple[int, ...]) -> str:
    """The recognised words of a span as the recogniser wrote them, without its punctuation."""
    return " ".join(words[j].text.strip(_AROUND) for j in indices)


def classify(
    refs: list[ReferenceWord],
    ref_tokens: list[Token],
    heard: list[Word],
    heard_tokens: list[Token],
    steps: list[Step],
    options: FluencyOptions,
    check: AudioEvidence | None = None,
) -> Miscues:
    """Statuses for every passage word, then repetitions, self-corrections and insertions.

    With `check` (the reading's audio, see speech/fluency/verify.py), flagged and unsure
    words are re-decided by `recheck`.
    """
    results = [WordResult.not_reached(r) for r in refs]
    counts = dict.fromkeys(COUNT_KEYS, 0)
    runs: list[tuple[int, list[int]]] = []  # (after passage index, inserted heard indices)
    spans: dict[int, tuple[int, ...]] = {}  # passage index -> the heard words paired with it
    last_ref = -1
    for number, step in enumerate(steps):
        if not step.ref:
            if runs and runs[-1][0] == last_ref:
                runs[-1][1].append(step.heard[0])
            else:
                runs.append((last_ref, [step.heard[0]]))
            continue
        last_ref = step.ref[-1]
        if not step.heard:
            sure = _sure_around(steps, number, heard, NEIGHBOUR_CONFIDENCE)
            results[step.ref[0]].status = "omitted" if sure else "unsure"
            continue
        status = _pair_status(step, heard, options)
        if status == "substituted" and not _sure_around(steps, number, heard, NEIGHBOUR_CONFIDENCE):
            status = "unsure"
        text = heard_text(heard, step.heard)
        for i in step.ref:
            spans[i] = step.heard
            result = results[i]
            result.status = status
            result.heard = None if status == "correct" else text
            result.start_s = heard[step.heard[0]].start_s
            result.end_s = heard[step.heard[-1]].end_s
    if check is not None:
        for result in results:
            if result.status in CHECKED:
                result.status = _checked_status(result, check)
    insertions: list[Insertion] = []
    for after, run in runs:
        extras = _explain_run(after, run, results, spans, ref_tokens, heard, heard_tokens, counts)
        insertions += [x for j, x in extras if _is_inserted(x, heard[j].confidence, check, options)]
    # Unpaired words the recogniser was unsure of are not reported; nor do they split a pause.
    unreliable = {
        j for _, run in runs for j in run if heard[j].confidence < options.unsure_confidence
    }
    for i in spans:
        gap = _pause_before(i, spans, heard, unreliable)
        if gap is not None and gap > options.hesitation_s:
            if not ends_phrase(refs[i - 1].text) and not starts_phrase(refs[i].text):
                results[i].hesitation_s = round(gap, 3)
                counts["hesitation"] += 1
    for result in results:
        if result.status == "omitted":
            counts["omission"] += 1
        elif result.status == "substituted":
            counts["substitution"] += 1
        elif result.status == "unsure":
            counts["unsure"] += 1
    counts["insertion"] = len(insertions)
    return Miscues(results, insertions, counts)


def recheck(
    status: Status, probability: float | None, heard: bool, instead: float | None = None
) -> Status:
    """The status (one of CHECKED) of a word once the audio has been asked about it.

    `probability`: the passage word's, given the audio; `instead`: that of what the transcript
    has in its place (None: not asked, or nothing to ask). Two ways to a miscue:
    - what the transcript has is `LIKELIER` times likelier than the passage word: the audio
      agrees with the transcript, whatever the transcript's own confidence;
    - the passage word is unlikely (under `HEARD_PROBABILITY` for a word the transcript
      flagged, `ABSENT_PROBABILITY` for an unsure one) and the transcript's version is not
      less likely than it: without that second condition, a word the recogniser garbled
      (« tout » heard « doule ») was an error although the audio fits neither.
    Anything else is « unsure ». Measured on the real-speech benchmark (evaluation/fluency.py,
    greedy transcripts, per checked word): against the passage word's probability alone,
    correct words flagged 40 → 25 and true omissions and substitutions found 129 → 132 of
    153; choosing the two settings on 14 recordings and testing on the 15th, in turn, gave
    37 and 133 (the ratio chosen was 10^3.5 in 13 of the 15 folds).
    """
    if probability is None:
        return status
    miscue: Status = "substituted" if heard else "omitted"
    if instead is not None and instead >= probability * LIKELIER:
        return miscue
    bar = ABSENT_PROBABILITY if status == "unsure" else HEARD_PROBABILITY
    if probability < bar and (instead is None or instead >= probability):
        return miscue
    return "unsure"


def _is_inserted(
    extra: Insertion,
    confidence: float,
    check: AudioEvidence | None,
    options: FluencyOptions,
) -> bool:
    """Whether an extra heard word is reported as an insertion.

    Without the audio, when the recogniser was confident of it. With the audio, the word must
    also be at least `INSERTED_RATIO` times likelier there than the passage word that follows
    (Whisper base heard « porrent le fort » for « parlent fort »: the audio favours « fort »
    right after « parlent », so « le » is not the reader's); and a word the recogniser was
    unsure of still counts when the audio favours it `LIKELIER` times. An extra word the audio
    could not be asked about (past `verify.COMPARISONS_PER_WINDOW`, or after the last passage
    word read) is not reported: on the recogniser's confidence alone, such words made 139
    insertions, 11 of them true, on the synthetic benchmark (19 and 11 left out).
    """
    if check is None:
        return confidence >= options.unsure_confidence
    ratio = check.inserted(extra.after_index, extra.heard)
    if ratio is None:
        return False
    if ratio >= LIKELIER:
        return True
    return confidence >= options.unsure_confidence and ratio >= INSERTED_RATIO


def _checked_status(result: WordResult, check: AudioEvidence) -> Status:
    """`recheck` for one word; what the transcript has instead is asked about only when it
    could change the answer (the passage word under 1/LIKELIER), to spare decoder passes."""
    probability = check.word(result.index)
    instead = None
    if probability is not None and probability * LIKELIER < 1.0:
        instead = check.instead(result.index, result.heard)
    return recheck(result.status, probability, result.heard is not None, instead)


def _pause_before(
    i: int, spans: dict[int, tuple[int, ...]], heard: list[Word], unreliable: set[int]
) -> float | None:
    """The silence between passage words i-1 and i when both were heard one after the other
    (nothing but unreliable words between them), else None: after an omission or an extra
    word, the silence is not a pause between two words of the passage."""
    previous, span = spans.get(i - 1), spans[i]
    if previous is None or previous == span:
        return None
    k = span[0] - 1
    while k in unreliable:
        k -= 1
    if k != previous[-1]:
        return None
    return heard[span[0]].start_s - heard[k].end_s


def _sure_around(steps: list[Step], number: int, heard: list[Word], threshold: float) -> bool:
    """Whether the heard words on both sides of step `number` were recognised confidently.

    Whisper drops or garbles words it cannot make out (a mumbled start, a filler-laden
    phrase) and the words next to such a spot usually come with a low confidence: a passage
    word missing or different there is as likely the recogniser's error as the reader's, so
    it is only « unsure ». Measured on the real-speech benchmark: specificity 0.932 → 0.946
    and miscue F1 0.452 → 0.467 when applied to substitutions as well as omissions.
    """
    before = next((s.heard[-1] for s in reversed(steps[:number]) if s.heard), None)
    after = next((s.heard[0] for s in steps[number + 1 :] if s.heard), None)
    return all(heard[j].confidence >= threshold for j in (before, after) if j is not None)


def _pair_status(step: Step, heard: list[Word], options: FluencyOptions) -> Status:
    comparison = step.comparison
    assert comparison is not None  # a pairing always carries its comparison
    if comparison.same_spelling or comparison.phonetic == 0.0:
        return "correct"
    if comparison.phonetic <= options.phonetic_tolerance:
        return "unsure"
    if min(heard[j].confidence for j in step.heard) < options.unsure_confidence:
        return "unsure"
    return "substituted"


def _same(a: Token, b: Token) -> bool:
    comparison = compare(a, b)
    return comparison.same_spelling or comparison.phonetic == 0.0


def _repeats(run: list[Token], refs: list[Token]) -> bool:
    return len(run) == len(refs) and all(_same(r, h) for r, h in zip(refs, run, strict=True))


def _is_attempt(word: Word, token: Token, target: Token) -> bool:
    """A cut-off or near miss of `target`: « cha- » or « chort » before « sortir »."""
    if word.text.strip().endswith(CUT_OFF_MARKS) and target.key.startswith(token.key[:1]):
        return True
    attempt, goal = token.ipa, target.ipa
    if not attempt or not goal:
        return False
    if len(attempt) < len(goal):
        goal = goal[: max(len(attempt), 2)]
    return Levenshtein.normalized_distance(attempt, goal) <= ATTEMPT_DISTANCE


def _explain_run(
    after: int,
    run: list[int],
    results: list[WordResult],
    spans: dict[int, tuple[int, ...]],
    ref_tokens: list[Token],
    heard: list[Word],
    heard_tokens: list[Token],
    counts: dict[str, int],
) -> list[tuple[int, Insertion]]:
    """Split a run of unpaired heard words into repetitions, a self-correction, insertions.

    A repetition is a stretch equal to the passage words just before the run (« le chat le
    chat ») or just after it (« le le chat »); a wrong start right before a word read
    correctly makes that word self-corrected; what is left is extra, with the index of each
    heard word (`_is_inserted` decides which extra words are reported).
    """
    extras: list[tuple[int, Insertion]] = []
    target = after + 1  # the passage word the reader is heading for
    p = 0
    while p < len(run):
        tokens = [heard_tokens[j] for j in run[p:]]
        length = _repetition_length(tokens, ref_tokens, after, target)
        if length:
            back = after - length + 1
            start = back if _repeats(tokens[:length], ref_tokens[back : after + 1]) else target
            if start >= 0 and start in spans:
                results[start].repeated = True
                counts["repetition"] += 1
                if start == target:
                    target += length
                p += length
                continue
        if target in spans and results[target].status in ("correct", "unsure"):
            rest = tuple(run[p:])
            goal = ref_tokens[target]
            if all(_is_attempt(heard[j], heard_tokens[j], goal) for j in rest):
                result = results[target]
                result.self_corrected = True
                result.heard = heard_text(heard, rest + spans[target])
                counts["self_correction"] += 1
                break
        word = heard[run[p]]
        extras.append((run[p], Insertion(after, heard_text(heard, (run[p],)), word.start_s)))
        p += 1
    return extras


def _repetition_length(tokens: list[Token], refs: list[Token], after: int, target: int) -> int:
    """The longest prefix of `tokens` repeating the words before `target` or from it on."""
    for length in range(len(tokens), 0, -1):
        part = tokens[:length]
        if after - length + 1 >= 0 and _repeats(part, refs[after - length + 1 : after + 1]):
            return length
        if target + length <= len(refs) and _repeats(part, refs[target : target + length]):
            return length
    return 0

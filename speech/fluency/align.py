"""Word-level alignment of what was heard with the passage (a weighted edit distance).

Each step of the dynamic programme either pairs passage word(s) with heard word(s), skips a
passage word (an omission) or skips a heard word (an insertion). Pairing costs depend on how
close the words sound, so « verre » heard for « vert » pairs for free and an unrelated word
still pairs rather than counting as one omission plus one insertion. A pairing may join
several heard words to one passage word (« 1998 » read « mille neuf cent quatre-vingt-dix-
huit », « aujourd'hui » written « aujourd hui ») or one heard word to several passage words
(« parce que » written « parceque »), or two with two split elsewhere (« pulls shetland »
written « Pulchette lande »), but only when the joined forms sound close: a real repetition
(« le le ») must stay an insertion. Each word joined must also bring the sound closer, or a
word the reader added next to a split one is swallowed by the join (« mémo risé pour » for
« mémoriser »): on the real-speech benchmark this found 4 more of the 84 insertions (recall
0.595 → 0.643) and took WCPM within ±3 from 0.563 to 0.578.

Passage words after the last heard word cost nothing: a one-minute reading stops mid-text.
Unless a small cost per unread word gives an alignment that pairs more heard words exactly:
then the recogniser lost words on the way, and the reader did not stop (see `align`). On the
real-speech benchmark this took miscue F1 from 0.661 to 0.705 and the words « not reached »
from 3.1 % to 0.5 %, specificity unchanged; any cost from 0.5 to 1 gives the same figures
there (0.3: F1 0.698), so 0.5 is not a fine-tuned value, but it was chosen on that set.
"""

from __future__ import annotations

from dataclasses import dataclass

from speech.fluency.phonetics import Comparison, Token, compare, joined

#: Cost of an omitted passage word and of an inserted heard word.
GAP_COST = 1.0
#: Pairing cost = PAIR_BASE + PAIR_SCALE × distance (0..1) for a mismatch, 0 for the same key,
#: HOMOPHONE_COST for the same sound (exact pairs win ties). One mismatch stays under two gaps
#: (a word read in place of another is one substitution, not an omission plus an insertion),
#: but two unrelated mismatches cost more than a gap on each side of an exact pair, so one
#: extra word does not shift the words after it onto the wrong passage words.
PAIR_BASE = 0.1
PAIR_SCALE = 1.3
HOMOPHONE_COST = 0.05
#: Mismatch cost scale of a joined pairing (see `_join_cost`).
JOIN_SCALE = 3.0
#: Extra cost per additional word in a joined pairing.
JOIN_COST = 0.05
#: Longest run of words joined on one side (« mille neuf cent quatre-vingt-dix-huit »), and
#: when the run's spelling does not begin the single word (« dix ans » heard « disant »).
MAX_JOIN = 6
MAX_SOUND_JOIN = 3
#: Joined words must sound at least this close to be paired (or be spelled the same).
JOIN_TOLERANCE = 0.34
#: Cost per passage word left unread, for the check against squeezed readings (`align`).
TAIL_COST = 0.5


@dataclass(frozen=True)
class Step:
    """One alignment step: passage word indices paired with heard word indices.

    An omission has no heard words, an insertion no passage words.
    """

    ref: tuple[int, ...]
    heard: tuple[int, ...]
    comparison: Comparison | None = None


def _pair_cost(comparison: Comparison) -> float:
    if comparison.same_spelling:
        return 0.0
    if comparison.phonetic == 0.0:
        return HOMOPHONE_COST
    return PAIR_BASE + PAIR_SCALE * comparison.distance


def _join_cost(comparison: Comparison) -> float:
    """Like `_pair_cost`, but an inexact join costs more than an insertion next to an exact
    pair, so « sor sortir » stays a wrong start followed by the word, not one long word."""
    if comparison.same_spelling:
        return 0.0
    if comparison.phonetic == 0.0:
        return HOMOPHONE_COST
    return PAIR_BASE + JOIN_SCALE * comparison.distance


def _joins(
    singles: list[Token], runs: list[Token], singles_are_ref: bool
) -> dict[tuple[int, int], list[tuple[int, float, Comparison]]]:
    """Joined pairings: for each (single index, run end) the run lengths that fit, with cost.

    Only runs whose first word begins the single word, in spelling or in sound, are tried
    (found through an index on first letters and first phonemes), and a run stops growing
    once it is clearly longer than the single word.
    """
    by_letter: dict[str, list[int]] = {}
    by_sound: dict[str, list[int]] = {}
    for start, first in enumerate(runs):
        if first.key:
            by_letter.setdefault(first.key[0], []).append(start)
        if first.ipa:
            by_sound.setdefault(first.ipa[0], []).append(start)
    found: dict[tuple[int, int], list[tuple[int, float, Comparison]]] = {}
    for i, single in enumerate(singles):
        if not single.key:
            continue
        longest: dict[int, int] = {}
        for start in by_sound.get(single.ipa[:1], ()):
            longest[start] = MAX_SOUND_JOIN
        for start in by_letter.get(single.key[0], ()):
            if single.key.startswith(runs[start].key):
                longest[start] = MAX_JOIN
        for start, limit in longest.items():
            if runs[start].key == single.key:
                continue
            closest = _compared(single, runs[start], singles_are_ref).phonetic
            for length in range(2, min(limit, len(runs) - start) + 1):
                end = start + length
                run = joined(runs[start:end])
                if len(run.key) > len(single.key) + 3 and len(run.ipa) > len(single.ipa) + 2:
                    break
                comparison = _compared(single, run, singles_are_ref)
                # Sound only: spelling barely changes when a short word is appended
                # (« manches » + « il » is 2 letters from « marches »). And each word joined
                # must bring the sound closer: « mémo risé pour » is no closer to
                # « mémoriser » than « mémo risé », so « pour » stays an extra word.
                closer = comparison.phonetic < closest
                if comparison.same_spelling or (closer and comparison.phonetic <= JOIN_TOLERANCE):
                    cost = _join_cost(comparison) + JOIN_COST * (length - 1)
                    found.setdefault((i, end), []).append((length, cost, comparison))
                closest = min(closest, comparison.phonetic)
    return found


def _compared(single: Token, run: Token, single_is_ref: bool) -> Comparison:
    return compare(single, run) if single_is_ref else compare(run, single)


def _comparisons(ref: list[Token], heard: list[Token]) -> list[list[Comparison]]:
    """Every passage word against every heard word, computed once per distinct pair."""
    table: dict[tuple[Token, Token], Comparison] = {}
    rows = []
    for r in ref:
        row = []
        for h in heard:
            comparison = table.get((r, h))
            if comparison is None:
                comparison = table[(r, h)] = compare(r, h)
            row.append(comparison)
        rows.append(row)
    return rows


def _crossed_pairs(
    ref: list[Token], heard: list[Token], pairs: list[list[Comparison]]
) -> dict[tuple[int, int], tuple[float, Comparison]]:
    """Two passage words heard as two words split elsewhere (« pulls shetland » written
    « Pulchette lande »): for each (passage end, heard end), the cost of pairing them as a
    whole when they sound alike joined but not one by one."""
    found: dict[tuple[int, int], tuple[float, Comparison]] = {}
    for i in range(2, len(ref) + 1):
        first_ref = ref[i - 2]
        if not first_ref.ipa:
            continue
        for j in range(2, len(heard) + 1):
            if heard[j - 2].ipa[:1] != first_ref.ipa[:1]:
                continue
            if pairs[i - 2][j - 2].same_spelling or pairs[i - 1][j - 1].same_spelling:
                continue  # at least one exact pair: the one-to-one steps will do
            comparison = compare(joined(ref[i - 2 : i]), joined(heard[j - 2 : j]))
            if comparison.same_spelling or comparison.phonetic <= JOIN_TOLERANCE:
                found[(i, j)] = (_join_cost(comparison) + 2 * JOIN_COST, comparison)
    return found


def align(ref: list[Token], heard: list[Token]) -> list[Step]:
    """The cheapest alignment of `heard` with a prefix of `ref`, as steps in reading order.

    Passage words after the last paired one are left out of the steps (never reached).
    """
    n, m = len(ref), len(heard)
    pairs = _comparisons(ref, heard)
    pair_costs = [[_pair_cost(c) for c in row] for row in pairs]
    heard_joins = _joins(ref, heard, singles_are_ref=True)  # (i, j_end) -> heard runs
    ref_joins = _joins(heard, ref, singles_are_ref=False)  # (j, i_end) -> passage runs
    crossed = _crossed_pairs(ref, heard, pairs)  # (i_end, j_end) -> two words on each side
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, Comparison | None]]] = [
        [(0, 0, None)] * (m + 1) for _ in range(n + 1)
    ]
    cost[0][0] = 0.0
    for i in range(n + 1):
        row = cost[i]
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            best, choice = inf, (0, 0, None)
            if i and j:
                value = cost[i - 1][j - 1] + pair_costs[i - 1][j - 1]
                if value < best:
                    best, choice = value, (1, 1, pairs[i - 1][j - 1])
                for length, extra, comparison in heard_joins.get((i - 1, j), ()):
                    value = cost[i - 1][j - length] + extra
                    if value < best:
                        best, choice = value, (1, length, comparison)
                for length, extra, comparison in ref_joins.get((j - 1, i), ()):
                    value = cost[i - length][j - 1] + extra
                    if value < best:
                        best, choice = value, (length, 1, comparison)
                if (i, j) in crossed:
                    extra, comparison = crossed[(i, j)]
                    value = cost[i - 2][j - 2] + extra
                    if value < best:
                        best, choice = value, (2, 2, comparison)
            if i and cost[i - 1][j] + GAP_COST < best:
                best, choice = cost[i - 1][j] + GAP_COST, (1, 0, None)
            if j and row[j - 1] + GAP_COST < best:
                best, choice = row[j - 1] + GAP_COST, (0, 1, None)
            row[j] = best
            back[i][j] = choice
    # Passage words after the end of the reading are free: end where the total is lowest,
    # preferring the latest passage position on ties: « moments calmes » read « calmes » is
    # an omission then a match, not a last word left over (then paired by `_pair_tail`).
    end = min(range(n + 1), key=lambda i: (cost[i][m], -i))
    steps = _path(back, end, m)
    # But free words also let the programme squeeze a reading whose recogniser lost words on
    # the way onto the passage's beginning, as mismatches, leaving its end « not reached »
    # (« …a trouvé la part et tout donc c'est que » paired with « de toute façon il m'a »).
    # The end that a small cost per unread word prefers is taken when it pairs more heard
    # words exactly: a reader who really stopped early has no such better explanation.
    far = min(range(n + 1), key=lambda i: (cost[i][m] + TAIL_COST * (n - i), -i))
    if far > end:
        further = _path(back, far, m)
        if _exact_pairs(further) > _exact_pairs(steps):
            steps, end = further, far
    return _pair_tail(steps, pairs, end, n)


def _path(back: list[list[tuple[int, int, Comparison | None]]], end: int, m: int) -> list[Step]:
    """The steps, in reading order, of the cheapest alignment ending at passage word `end`."""
    steps: list[Step] = []
    i, j = end, m
    while i or j:
        di, dj, comparison = back[i][j]
        steps.append(Step(tuple(range(i - di, i)), tuple(range(j - dj, j)), comparison))
        i, j = i - di, j - dj
    steps.reverse()
    return steps


def _exact_pairs(steps: list[Step]) -> int:
    return sum(1 for s in steps if s.comparison is not None and s.comparison.same_spelling)


def _pair_tail(steps: list[Step], pairs: list[list[Comparison]], end: int, n: int) -> list[Step]:
    """Pair heard words left after the last paired passage word with the words that follow.

    Passage words after the reading are free, so the programme would rather call a last
    misread word an insertion (one gap) than a mismatch; but a reader who stops mid-text was
    trying to read the next word, so it is a mismatch (then judged sure or unsure).
    """
    tail = len(steps)
    while tail and not steps[tail - 1].ref:
        tail -= 1
    extra = steps[tail:]
    paired = [
        Step((i,), step.heard, pairs[i][step.heard[0]])
        for i, step in zip(range(end, n), extra, strict=False)
    ]
    return steps[:tail] + paired + extra[len(paired) :]

"""A bank passage as the reading page shows it: numbered words with their syllables, sentences,
and the text a repeated reading of some sentences is scored against.

Word numbers come from `speech.fluency.reference_words`, the split the scorer uses, so « word
17 » is the same word on the page, in the score and in the stored reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pyphen

from assistant.errors import ApiError
from curriculum.french import bank
from speech.fluency import ReferenceWord, WordResult, reference_words
from speech.fluency.normalise import spell_numbers

# A run of letters, with the apostrophes and hyphens inside it (« aujourd'hui », « peut-être »):
# what the hyphenation patterns expect as one word.
_LETTERS = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# The same without hyphens: hyphenation patterns do not break a compound at its hyphen.
_SYLLABLE_RUN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


_VOWEL = re.compile(r"[aeiouyàâäéèêëîïôöùûüÿœæ]", re.IGNORECASE)


@cache
def _hyphenator() -> pyphen.Pyphen:
    """French patterns (LibreOffice's hyph_fr, LGPL); left=1, right=1 keeps every syllable
    break, where typography would forbid one-letter ends."""
    return pyphen.Pyphen(lang="fr_FR", left=1, right=1)


def syllables(word: str) -> list[str]:
    """The word split into written syllables, punctuation kept on its neighbours, so that the
    pieces joined give the word exactly as shown (« — Bonjour, » → « — Bon », « jour, »)."""
    cuts: list[int] = []
    for number, run in enumerate(_SYLLABLE_RUN.finditer(word)):
        if number:  # the parts of « peut-être » are read apart
            cuts.append(run.start())
        cuts += [run.start() + position for position in _hyphenator().positions(run.group())]
    bounds = [0, *cuts, len(word)]
    pieces = [word[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]
    # The patterns cut hyphenation points, not syllables: a piece with no vowel (« cin|q »)
    # is no syllable to colour, so it goes back to its neighbour.
    merged: list[str] = []
    for piece in pieces:
        if merged and (not _VOWEL.search(piece) or not _VOWEL.search(merged[-1])):
            merged[-1] += piece
        else:
            merged.append(piece)
    return merged


def unknown_passage() -> ApiError:
    return ApiError(
        404,
        "unknown_passage",
        "Ce texte n'existe pas. Retourne à la discussion pour en choisir un.",
        "No passage has this id.",
    )


def passage(passage_id: str) -> bank.Passage:
    """The bank passage, or 404."""
    found = next((p for p in bank.passages() if p.id == passage_id), None)
    if found is None:
        raise unknown_passage()
    return found


@cache
def words_of(passage_id: str) -> tuple[ReferenceWord, ...]:
    """The passage's numbered words (computed once per passage and process)."""
    return tuple(reference_words(passage(passage_id).text))


def sentence_texts(words: tuple[ReferenceWord, ...]) -> list[str]:
    """Each sentence as the words show it, in order."""
    texts: dict[int, list[str]] = {}
    for word in words:
        texts.setdefault(word.sentence, []).append(word.text)
    return [" ".join(texts[index]) for index in sorted(texts)]


def view(passage_id: str) -> dict:
    """What `GET /api/reading/passages/{id}` returns."""
    found = passage(passage_id)
    words = words_of(passage_id)
    return {
        "id": found.id,
        "title": found.title,
        "level": found.level,
        "word_count": len(words),
        "words": [
            {
                "index": w.index,
                "text": w.text,
                "sentence": w.sentence,
                "paragraph": w.paragraph,
                "syllables": syllables(w.text),
            }
            for w in words
        ],
        "sentences": [{"index": i, "text": t} for i, t in enumerate(sentence_texts(words))],
    }


@dataclass(frozen=True)
class Reference:
    """The text a reading is scored against, and where its words sit in the passage.

    `word_indices[i]` is the passage index of the reference's word i: the identity for the
    whole passage, the words of the chosen sentences for a repeated reading.
    """

    passage_id: str
    text: str
    word_indices: tuple[int, ...]

    def passage_sentences(self, sentences: list[int], words: list[WordResult]) -> list[int]:
        """The passage indices of some sentences of the reference (the scorer numbers the
        sentences of what was read, which for a repeated reading is a part of the passage)."""
        wanted = set(sentences)
        passage_words = words_of(self.passage_id)
        return sorted(
            {
                passage_words[index].sentence
                for word, index in zip(words, self.word_indices, strict=True)
                if word.sentence in wanted
            }
        )


def reference(passage_id: str, chosen: list[int] | None) -> Reference:
    """The whole passage, or only the chosen sentences (one paragraph each, so the scorer
    splits them exactly as in the passage)."""
    words = words_of(passage_id)
    if not chosen:
        return Reference(passage_id, passage(passage_id).text, tuple(w.index for w in words))
    texts = sentence_texts(words)
    return Reference(
        passage_id,
        "\n\n".join(texts[i] for i in chosen),
        tuple(w.index for w in words if w.sentence in set(chosen)),
    )


def sentence_count(passage_id: str) -> int:
    return words_of(passage_id)[-1].sentence + 1


def grammar(text: str) -> list[str]:
    """The words Vosk may recognise for this text: each word as read (lower case, numbers
    spelled out, no punctuation), plus its pieces around apostrophes and hyphens (« l' »,
    « arbre »), since the model's vocabulary may hold either form; Vosk ignores words it does
    not know."""
    words: list[str] = []
    for run in _LETTERS.findall(spell_numbers(text.lower().replace("’", "'"))):
        words.append(run)
        words += re.findall(r"[^\W\d_]+'?", run) if re.search(r"['-]", run) else []
    return list(dict.fromkeys(words))

"""The open-answer scorer on a rubric written here, with real spaCy fr_core_news_md."""

from __future__ import annotations

import pytest

from assistant.tutoring.open_answers import score
from curriculum.french.bank import Idea, Rubric


def idea(id_: str, label: str, lemmas: str, synonyms: str = "", phrases: str = "") -> Idea:
    """An idea from comma-separated entries, as a rubric in the bank gives them."""
    split = lambda text: tuple(w.strip() for w in text.split(",") if w.strip())  # noqa: E731
    return Idea(id_, label, split(lemmas), split(synonyms), split(phrases))


BATTERY = Rubric(
    (
        idea(
            "batterie",
            "Son téléphone n'a plus de batterie",
            "batterie, téléphone, portable, charger",
            "déchargé, à plat",
            "plus de batterie",
        ),
    ),
    1,
)
TWO_GIFTS = Rubric(
    (
        idea("chargeur", "Elle lui prête un chargeur", "chargeur"),
        idea("chocolat", "Elle lui sert un chocolat", "chocolat"),
        idea("accueil", "Elle l'accueille chez elle", "accueillir"),
    ),
    2,
)
NEIGHBOUR = Rubric((idea("voisine", "Elle rencontre sa voisine", "voisine"),), 1)
EVIDENCE = "Elle n'a plus de batterie sur son téléphone."


@pytest.mark.parametrize(
    "answer",
    [
        "Parce que son téléphone n'a plus de batterie.",
        "batterie",  # terse answers are typical: one key word is enough
        "elle a plu de batteri",  # spelling slips of a struggling writer
        "paske son portable est décharger",  # a synonym, conjugated and misspelt
        "son portable est à plat",
    ],
)
def test_right_answers_are_recognised(answer: str) -> None:
    assert score(answer, BATTERY, EVIDENCE).correct


@pytest.mark.parametrize(
    "answer",
    [
        "son téléphone marche bien",  # a context word alone is not the idea
        "parce qu'il pleut",
        "je sais pas",
        "",
    ],
)
def test_wrong_answers_are_rejected_with_the_evidence_sentence(answer: str) -> None:
    verdict = score(answer, BATTERY, EVIDENCE, "Relis le deuxième paragraphe.")
    assert not verdict.correct and verdict.found == ()
    assert "Relis le deuxième paragraphe." in verdict.feedback
    assert f"« {EVIDENCE} »" in verdict.feedback


def test_two_context_words_together_make_the_idea() -> None:
    assert score("elle ne peut pas charger son téléphone", BATTERY, EVIDENCE).correct


def test_a_key_word_under_a_negation_does_not_count() -> None:
    assert not score("ce n'est pas sa voisine", NEIGHBOUR, "").correct
    assert score("elle rencontre enfin sa voisine", NEIGHBOUR, "").correct


def test_a_negative_idea_keeps_its_own_negation() -> None:
    """« plus de batterie » is the idea itself, not a negation of it."""
    assert score("il n'y a plus de batterie", BATTERY, EVIDENCE).correct


def test_min_ideas_counts_distinct_ideas_and_names_what_is_missing() -> None:
    one = score("elle lui donne du chocolat", TWO_GIFTS, "Elle lui sert un chocolat.")
    assert (one.correct, one.found) == (False, ("chocolat",))
    assert set(one.missing) == {"chargeur", "accueil"}
    assert one.feedback.startswith("C'est un bon début")
    two = score("un chargeur et un chocolat chaud", TWO_GIFTS, "")
    assert two.correct and set(two.found) == {"chargeur", "chocolat"}
    assert two.feedback.startswith("Oui !")

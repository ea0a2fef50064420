"""Multiple choice on request: a student who would rather pick than type (« propose-moi des
choix ») gets every maths question with its choices, the pending one at once, until « je
préfère écrire »; through the tutoring API on the real database."""

from __future__ import annotations

import pytest

from assistant.tutoring import messages as say
from assistant.tutoring.practice import CHOICES_PREFERENCE, HARD_TO_TYPE
from tests.conftest import user_by_name
from tests.unit.test_tutor_api import pending_item


def choices_of(reply: dict) -> list[str]:
    return [b["payload"] for b in reply["buttons"]]


def preferences(db) -> dict:
    """Léa's preferences as stored now (the API committed in another session)."""
    db.expire_all()
    return user_by_name(db, "lea").preferences


def test_the_pending_question_is_asked_again_with_its_choices(tutor, db):
    start = tutor("start", activity="maths", topic="fractions")
    _, item = pending_item(db)
    assert item.kind not in HARD_TO_TYPE and start["buttons"] == []
    reply = tutor("preference", preference="choix")
    assert reply["messages"][0] == say.PREFERENCE_SAVED.format(label=say.PREFERENCE_LABELS["choix"])
    assert reply["messages"][-1].endswith(item.statement)
    assert choices_of(reply) == list(item.choices)
    assert reply["practice_active"] is True
    assert preferences(db)[CHOICES_PREFERENCE] is True


def test_every_later_question_comes_with_its_choices(tutor, db):
    tutor("preference", preference="choix")
    start = tutor("start", activity="maths", topic="fractions")
    _, item = pending_item(db)
    assert choices_of(start) == list(item.choices)
    reply = tutor("answer", text=item.answer)  # a button sends its choice as the answer
    assert reply["messages"][0].startswith("Juste")
    _, following = pending_item(db)
    assert choices_of(reply) == list(following.choices)
    assert choices_of(tutor("repeat")) == list(following.choices)
    assert choices_of(tutor("skip")) == list(pending_item(db)[1].choices)
    assert choices_of(tutor("easier")) == list(pending_item(db)[1].choices)


def test_i_prefer_to_write_turns_it_off(tutor, db):
    tutor("preference", preference="choix")
    tutor("start", activity="maths", topic="fractions")
    reply = tutor("preference", preference="ecrire")
    assert reply["messages"][0] == say.PREFERENCE_SAVED.format(
        label=say.PREFERENCE_LABELS["ecrire"]
    )
    assert reply["buttons"] == []
    assert preferences(db)[CHOICES_PREFERENCE] is False
    assert "ecrire" not in preferences(db)
    assert tutor("repeat")["buttons"] == []
    # Hard-to-type answers still offer their choices, as before the request.
    start = tutor("start", activity="maths", topic="calcul_litteral")
    _, item = pending_item(db)
    assert item.kind in HARD_TO_TYPE and choices_of(start) == list(item.choices)


def test_an_unknown_preference_changes_nothing(tutor, db):
    tutor("start", activity="maths", topic="fractions")
    reply = tutor("preference", preference="n'importe quoi")
    assert reply["messages"][0] == say.PREFERENCE_UNKNOWN
    assert reply["buttons"] == []
    assert CHOICES_PREFERENCE not in preferences(db)


# What the trained NLU extracted from real requests (« donne moi des choix », « je n'arrive pas
# à taper », « je préfère taper moi-même », « enlève les choix »): pieces its synonyms miss.
@pytest.mark.parametrize(
    ("extracted", "wanted"),
    [
        ("moi des choix", True),
        ("n'arrive pas à taper", True),
        ("j'arrive pas à taper", True),
        ("boutons", True),
        ("choisir", True),
        ("taper moi-", False),
        ("enlève les choix", False),
    ],
)
def test_a_piece_of_the_request_is_understood(tutor, db, extracted, wanted):
    tutor("start", activity="maths", topic="fractions")
    if not wanted:
        tutor("preference", preference="choix")
    reply = tutor("preference", preference=extracted)
    label = say.PREFERENCE_LABELS["choix" if wanted else "ecrire"]
    assert reply["messages"][0] == say.PREFERENCE_SAVED.format(label=label)
    assert preferences(db)[CHOICES_PREFERENCE] is wanted
    assert bool(reply["buttons"]) is wanted

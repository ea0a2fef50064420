"""The multiple-choice alternative of maths questions: answers that are hard to type come with
their choices as buttons, and any question offers them after an answer the tutor could not
read; a button's choice, sent as the answer, is judged like typed text."""

from __future__ import annotations

from assistant.tutoring import messages as say
from assistant.tutoring.practice import HARD_TO_TYPE
from tests.unit.test_tutor_api import pending_item


def test_an_expression_to_type_comes_with_its_choices(tutor, db):
    reply = tutor("start", activity="maths", topic="calcul_litteral")
    _, item = pending_item(db)
    assert item.kind in HARD_TO_TYPE
    assert [b["title"] for b in reply["buttons"]] == list(item.choices)
    assert [b["payload"] for b in reply["buttons"]] == list(item.choices)
    right = next(c for c in item.choices if c == item.answer)
    assert tutor("answer", text=right)["messages"][0].startswith("Juste")


def test_a_number_question_offers_choices_after_an_unreadable_answer(tutor, db):
    reply = tutor("start", activity="maths", topic="fractions")
    _, item = pending_item(db)
    assert item.kind not in HARD_TO_TYPE and reply["buttons"] == []
    unread = tutor("answer", text="euh bof")
    assert unread["messages"][-1] == say.CHOOSE_INSTEAD
    assert [b["payload"] for b in unread["buttons"]] == list(item.choices)

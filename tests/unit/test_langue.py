"""Étude de la langue: the module bank, and whole modules through the tutoring API."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from assistant.db.models import ItemServed, ItemStatus
from assistant.engine import skill_map
from assistant.tutoring.langue import TOPIC_NAMES
from curriculum.langue import bank
from tests.unit.spelling import hunspell_unavailable, misspelled

# What the modules teach as letters or sounds, not words: graphemes, IPA, affixes.
LETTER_GROUPS = {"ain", "ein", "im", "em", "gn", "ill", "ge", "ç", "ss", "ɑ̃", "ɛ̃", "ɲ", "ʒ"}


def pending(db) -> tuple[ItemServed, bank.Activity]:
    """The latest served activity, from the bank."""
    db.expire_all()
    row = db.scalars(select(ItemServed).order_by(ItemServed.id.desc())).first()
    return row, bank.activity(row.generator)


def right_answer(activity: bank.Activity) -> str:
    """What a student who knows would type or say, in a form other than the stored one."""
    if activity.kind == "choose":
        return "la " + "abcd"[activity.choices.index(activity.answers[0])]
    if activity.kind == "sort":
        return " et ".join(reversed(activity.answers))  # any order, any separator
    if activity.kind == "justify":
        return activity.rubric.ideas[0].label
    return activity.answers[0].upper() + " ."  # capitals and punctuation do not count


def test_the_bank_has_at_least_ten_modules_of_every_kind():
    modules = bank.modules()
    assert len(modules) >= 10
    assert {m.topic for m in modules} == set(TOPIC_NAMES)
    kinds = {a.kind for m in modules for a in m.activities}
    assert kinds == set(bank.KINDS)
    known = skill_map.load().skills
    for module in modules:
        assert module.skill in known, module.id  # the engine tracks every module's skill
        assert len({a.kind for a in module.activities}) >= 2, module.id  # manipulate, not recite


@pytest.mark.parametrize("module", bank.modules(), ids=lambda m: m.id)
def test_every_module_runs_end_to_end_with_right_answers(tutor, db, module):
    reply = tutor("start", activity="langue", topic=module.id)
    assert reply["practice_active"] is True and module.rule in reply["messages"][1]
    for _ in module.activities:
        row, activity = pending(db)
        reply = tutor("answer", text=right_answer(activity))
        assert reply["messages"][0].startswith("Oui"), (activity.id, reply["messages"])
        db.expire_all()
        assert db.get(ItemServed, row.id).status == ItemStatus.solved
    assert reply["practice_active"] is False


def test_a_dictation_shows_a_blank_and_says_the_sentence(tutor, db):
    reply = tutor("start", activity="langue", topic="sons")
    while pending(db)[1].kind != "dictation":
        reply = tutor("skip")
    _, activity = pending(db)
    shown, said = reply["messages"][-1], reply["spoken"][-1]
    assert bank.BLANK in shown and activity.answers[0] not in shown.replace(bank.BLANK, "")
    assert said.count(activity.spoken) == 2  # said twice, as a teacher does
    assert all(s is None for s in reply["spoken"][:-1])


def test_spelling_counts_in_a_dictation_but_not_capitals(tutor, db):
    tutor("start", activity="langue", topic="sons")
    while pending(db)[1].kind != "dictation":
        tutor("skip")
    _, activity = pending(db)
    word = activity.answers[0]
    wrong = tutor("answer", text=word[:-1] + ("x" if word[-1] != "x" else "s"))
    assert wrong["messages"][0].startswith("Ce n'est pas ça.")
    right = tutor("answer", text=word.capitalize())
    assert right["messages"][0].startswith("Oui")


def test_a_wrong_sort_says_what_is_wrong_without_giving_the_answer(tutor, db):
    tutor("start", activity="langue", topic="vocabulaire")
    while pending(db)[1].kind != "sort":
        tutor("skip")
    _, activity = pending(db)
    reply = tutor("answer", text=activity.answers[0] + ", danse")
    assert reply["messages"][0].startswith("Pas tout à fait.")
    assert "Il en manque." in reply["messages"][0] and "ne vont pas" in reply["messages"][0]


def test_a_topic_starts_with_its_easiest_module_not_done(tutor, db):
    tutor("start", activity="langue", topic="homophones")
    first = pending(db)[0].session.topic
    easiest = min(bank.modules_for_topic("homophones"), key=lambda m: (m.level, m.id))
    assert first == easiest.id
    tutor("stop")
    tutor("start", activity="langue", topic="homophones")
    assert pending(db)[0].session.topic != first


def test_hints_give_the_rule_then_the_manipulation(tutor, db):
    tutor("start", activity="langue", topic="homophones")
    _, activity = pending(db)
    module = bank.module(activity.id.split("#")[0])
    assert tutor("hint")["messages"] == [module.rule]
    assert tutor("hint")["messages"] == [activity.why]


def test_a_broken_module_file_is_refused_with_its_name(tmp_path):
    broken = tmp_path / "casse.yml"
    broken.write_text(
        "id: casse\ntitle: t\ntopic: sons\nskill: s\nlevel: 1\nrule: r\nactivities:\n"
        "  - {kind: choose, prompt: p, choices: [a, b], answer: c}\n",
        encoding="utf-8",
    )
    with pytest.raises(bank.ModuleError, match=r"casse.yml: activities\[0\].answer"):
        bank.load_module(broken)


def test_every_module_is_spelled_right():
    reason = hunspell_unavailable()
    if reason:
        print(f"French spell check skipped: {reason}")
        pytest.skip(reason)
    texts = [m.title + "\n" + m.rule for m in bank.modules()]
    for module in bank.modules():
        for a in module.activities:
            texts += [a.prompt, a.spoken, a.why, *a.answers, *a.choices]
    # A word with a blank (« gar___on ») is half a word on purpose.
    text = re.sub(r"\S*___\S*", " ", "\n".join(texts))
    unknown = {
        w for w in misspelled(text) - LETTER_GROUPS if not (w.startswith("-") or w.endswith("-"))
    }
    assert not unknown, f"unknown words: {sorted(unknown)}"

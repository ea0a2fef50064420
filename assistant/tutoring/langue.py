"""Étude de la langue practice: a module's rule, then activities where the student chooses,
sorts, transforms, explains — and short dictations where only the target word is typed.

Spelling is what is being learnt here, so answers are compared letter for letter (accents
included), but not on capitals, spaces, final punctuation or the kind of apostrophe; a
justification is judged on its ideas, like an open comprehension answer.
"""

from __future__ import annotations

import re
import unicodedata

from assistant.tutoring import messages as say
from assistant.tutoring.open_answers import score
from assistant.tutoring.sequence import Judgement, SequencePractice, Step, choice_named
from curriculum.langue import bank

LANGUE = "langue"
TOPIC_NAMES = {
    "homophones": "les homophones (a/à, et/est, son/sont…)",
    "accords": "les accords",
    "participe_passe": "le participe passé",
    "conjugaison": "la conjugaison",
    "ponctuation": "la ponctuation",
    "phrase": "la phrase simple et complexe",
    "vocabulaire": "le vocabulaire (familles de mots, préfixes, suffixes)",
    "sons": "les sons et leur écriture",
}
KIND_EXPLANATIONS = {
    "choose": "Choisis la bonne forme. Essaie de remplacer le mot : l'astuce de la règle aide.",
    "transform": "Réécris toute la phrase en faisant le changement demandé.",
    "sort": "Écris seulement les mots ou les numéros qui vont ensemble, séparés par des virgules.",
    "dictation": "Appuie sur « Écouter » pour entendre la phrase, puis écris le mot qui manque.",
    "justify": "Explique avec tes mots : dis quelle astuce ou quelle règle tu as utilisée.",
}


def _spelling(text: str) -> str:
    """Lowercase, one kind of apostrophe, single spaces, no final punctuation or quotes."""
    text = unicodedata.normalize("NFC", text).lower().replace("’", "'").replace("«", "")
    text = text.replace("»", "").strip()
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"[\s.!?;:]+$", "", text).strip()


def _items(text: str) -> set[str]:
    """The words or numbers of a sorting answer, whatever separates them."""
    return {w for w in re.split(r"[\s,;/]+|\bet\b", _spelling(text)) if w}


class Langue(SequencePractice):
    """A module of curriculum/langue and its activities."""

    activity = LANGUE

    def choose(self, topic: str | None) -> tuple[str, int, str, list[str]]:
        """The module named (the engine recommends modules by id), else the first module of
        the topic not done yet (easiest first), else the least recently done."""
        done = [s.topic for s in self.past_sessions()]
        named = {m.id: m for m in bank.modules()}.get(topic or "")
        if named is not None:
            module, reason = named, f"On travaille : {named.title}."
        else:
            in_topic = topic in TOPIC_NAMES
            candidates = bank.modules_for_topic(topic or "") if in_topic else bank.modules()
            module = min(candidates, key=lambda m: (m.id in done, m.level, m.id))
            if in_topic:
                reason = f"Tu as demandé à travailler {TOPIC_NAMES[topic or '']}."
            else:
                reason = f"Je te propose un module de niveau {module.level} sur 3."
        intro = [f"Étude de la langue : {module.title}", f"La règle : {module.rule}"]
        return module.id, module.level, reason, intro

    def steps(self, content_id: str) -> list[Step]:
        module = bank.module(content_id)
        return [
            Step(
                id=a.id,
                skill=module.skill,
                prompt=a.prompt,
                answer=_shown_answer(a),
                hints=(module.rule, a.why) if a.why else (module.rule,),
                choices=a.choices,
                kind=a.kind,
                spoken=_spoken(a),
            )
            for a in module.activities
        ]

    def judge(self, step: Step, text: str) -> Judgement:
        activity = bank.activity(step.id)
        wrong = f"Ce n'est pas ça. {activity.why}".strip()
        if activity.kind == "choose":
            picked = choice_named(text, activity.choices)
            if picked is None:
                return Judgement(False, say.MCQ_NOT_UNDERSTOOD, understood=False)
            right = activity.choices[picked] == activity.answers[0]
            return Judgement(True, f"Oui ! {activity.why}") if right else Judgement(False, wrong)
        if activity.kind == "justify":
            assert activity.rubric is not None
            verdict = score(text, activity.rubric, activity.why)
            return Judgement(verdict.correct, verdict.feedback, found=verdict.found)
        if activity.kind == "sort":
            expected = {_spelling(a) for a in activity.answers}
            given = _items(text)
            if given == expected:
                return Judgement(True, say.RIGHT_COMPREHENSION)
            parts = [say.SORT_WRONG]
            parts += [say.SORT_MISSING] if expected - given else []
            parts += [say.SORT_EXTRA] if given - expected else []
            return Judgement(False, " ".join([*parts, say.SORT_AGAIN]))
        if _spelling(text) in {_spelling(a) for a in activity.answers}:
            return Judgement(True, f"Oui ! {activity.why}")
        return Judgement(False, wrong)

    def explanation(self, step: Step) -> str:
        return KIND_EXPLANATIONS[step.kind]

    def topic_of(self, content_id: str) -> str | None:
        return bank.module(content_id).topic


def _shown_answer(activity: bank.Activity) -> str:
    if activity.kind == "justify":
        return activity.why
    return ", ".join(activity.answers) if activity.kind == "sort" else activity.answers[0]


def _spoken(activity: bank.Activity) -> str:
    """A dictation's sentence is said twice, as a teacher does; others say their `spoken`."""
    if activity.kind == "dictation":
        return (
            f"Écoute bien la phrase : {activity.spoken} Je répète : {activity.spoken} "
            "Écris seulement le mot qui manque."
        )
    return activity.spoken if activity.spoken != activity.prompt else ""

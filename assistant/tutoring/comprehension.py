"""Comprehension practice: a passage to read or to hear, then its questions, one at a time.

The tutor gives the text first (every message can be read aloud, so a student who cannot read
it well can listen, replay and slow down), then a few questions of different kinds. Multiple
choice accepts a letter, a number or the words of the choice; open answers are judged on the
ideas they contain (assistant/tutoring/open_answers.py), never on spelling. A wrong answer
sends the student back to the sentence of the text that answers it.
"""

from __future__ import annotations

from datetime import date

from assistant.db.models import ItemStatus
from assistant.tutoring import messages as say
from assistant.tutoring.open_answers import score
from assistant.tutoring.sequence import Judgement, SequencePractice, Step, choice_named
from curriculum.french import bank
from curriculum.motivation import text_of_the_day

COMPREHENSION = "comprehension"
QUESTIONS_PER_SESSION = 5

KIND_EXPLANATIONS = {
    "literal": "La réponse est écrite dans le texte : cherche la phrase qui en parle.",
    "inferential": (
        "La réponse n'est pas écrite mot pour mot : relie deux informations du texte "
        "pour la trouver."
    ),
    "vocabulary": (
        "Pour comprendre un mot, relis la phrase où il se trouve : les mots autour "
        "aident à deviner son sens."
    ),
    "main_idea": "On te demande l'idée principale : de quoi parle surtout le texte ?",
    "implicit": (
        "Le texte ne le dit pas directement : pense à ce que ressentent ou veulent les personnages."
    ),
}


class Comprehension(SequencePractice):
    """A passage of the bank and its questions."""

    activity = COMPREHENSION

    def choose(self, topic: str | None) -> tuple[str, int, str, list[str]]:
        """The text of the day at the student's band if not read yet, else the closest unread
        passage; one band up after a good session. Simple and explainable."""
        done = self.past_sessions()
        band = 1
        for session in done:
            answered = [i for i in session.items if i.attempts or i.status == ItemStatus.solved]
            solved = [i for i in answered if i.status == ItemStatus.solved]
            if len(answered) >= 3 and len(solved) >= 0.8 * len(answered):
                band = max(band, min(3, session.level + 1))
        read = {s.topic for s in done}
        today = text_of_the_day(date.today(), band)
        if today.id not in read:  # « Un texte, un jour »: everyone's text of the day first
            passage, reason = today, f"C'est le texte du jour, de niveau {today.level} sur 3."
        else:
            fresh = [p for p in bank.passages() if p.id not in read] or list(bank.passages())
            passage = min(fresh, key=lambda p: (abs(p.level - band), p.level, p.id))
            reason = f"Je te propose un texte de niveau {passage.level} sur 3."
        if band > 1:
            reason = f"Tu as bien réussi ton dernier texte : on passe au niveau {band}. {reason}"
        intro = (
            f"Voici un texte : « {passage.title} ». Lis-le tranquillement, ou appuie sur "
            "« Écouter » pour l'entendre. Ensuite, je te pose des questions."
        )
        return passage.id, passage.level, reason, [reason, intro, passage.text.strip()]

    def steps(self, content_id: str) -> list[Step]:
        """The first questions of the passage, with at least one open answer among them."""
        passage = bank.passage(content_id)
        chosen = list(passage.questions[:QUESTIONS_PER_SESSION])
        if all(q.format != "open" for q in chosen):
            open_one = next((q for q in passage.questions if q.format == "open"), None)
            if open_one is not None:
                chosen[-1] = open_one
        return [_step(q) for q in chosen]

    def judge(self, step: Step, text: str) -> Judgement:
        """A choice by letter, number or words; an open answer by the ideas it contains."""
        question = bank.question(step.id)
        evidence = question.evidence[0]
        if question.format != "open":
            picked = choice_named(text, question.choices)
            if picked is None:
                return Judgement(False, say.MCQ_NOT_UNDERSTOOD, understood=False)
            if question.choices[picked] == question.answer:
                return Judgement(True, say.RIGHT_COMPREHENSION)
            return Judgement(False, f"Ce n'est pas ça. {question.feedback} « {evidence} »")
        assert question.rubric is not None
        verdict = score(text, question.rubric, evidence, question.feedback)
        return Judgement(verdict.correct, verdict.feedback, found=verdict.found)

    def explanation(self, step: Step) -> str:
        return KIND_EXPLANATIONS[step.kind]


def _step(question: bank.Question) -> Step:
    prompt = question.prompt + (" Réponds avec tes mots." if question.format == "open" else "")
    return Step(
        id=question.id,
        skill=question.skill(),
        prompt=prompt,
        answer=question.answer,
        hints=(f"Relis cette phrase du texte : « {question.evidence[0]} »", question.feedback),
        choices=question.choices if question.format != "open" else (),
        kind=question.kind,
    )

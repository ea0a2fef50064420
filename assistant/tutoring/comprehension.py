"""Comprehension practice: a passage to read or to hear, then its questions, one at a time.

The tutor gives the text first (every message can be read aloud, so a student who cannot read
it well can listen, replay and slow down), then a few questions of different kinds. In oral
comprehension (topic « oral ») the text is not shown: the tutor says it, the student listens
as often as they like (« répète », « plus lentement »), and the answers train the
`francais.comprehension_oral.*` skills. The mode is kept in the session's content id
(« oral:la-lune »), so every later step knows it without another column. Multiple
choice accepts a letter, a number or the words of the choice; open answers are judged on the
ideas they contain (assistant/tutoring/open_answers.py), never on spelling. A wrong answer
sends the student back to the sentence of the text that answers it.
"""

from __future__ import annotations

from datetime import date

from assistant.db.models import ItemStatus
from assistant.tutoring import messages as say
from assistant.tutoring.open_answers import score
from assistant.tutoring.reply import TutorReply
from assistant.tutoring.sequence import Judgement, SequencePractice, Step, choice_named
from curriculum.french import bank
from curriculum.motivation import text_of_the_day

COMPREHENSION = "comprehension"
QUESTIONS_PER_SESSION = 5
ORAL = "oral"  # the `topic` the dialogue passes for « compréhension de l'oral »
ORAL_PREFIX = f"{ORAL}:"
# A timetable, a form or a notice is meant to be looked at: they are not offered to listen to.
NOT_FOR_LISTENING = frozenset({"fonctionnel"})
LISTEN_NOTICE = (
    "Écoute le texte. Appuie sur « Écouter » ; tu peux le réécouter autant de fois que tu "
    "veux. Dis « répète » pour l'entendre encore, ou « plus lentement »."
)

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
# Where the written advice says « relis », a text heard is listened to again.
ORAL_EXPLANATIONS = {
    "literal": "La réponse est dite dans le texte : réécoute-le et guette le moment qui en parle.",
    "vocabulary": (
        "Pour comprendre un mot, réécoute la phrase où il se trouve : les mots autour "
        "aident à deviner son sens."
    ),
}


class Comprehension(SequencePractice):
    """A passage of the bank and its questions."""

    activity = COMPREHENSION
    wanted_level: int | None = None  # set by start_at_level

    def start_at_level(self, level: int, topic: str | None = None) -> TutorReply:
        """Start a text at the level the engine chose for the student (its predicted success
        is nearest the 70–85 % band there), instead of the band their last texts earned."""
        self.wanted_level = level
        return self.start(topic)

    def choose(self, topic: str | None) -> tuple[str, int, str, list[str]]:
        """The text of the day at the student's band if not done yet, else the closest passage
        not done; one band up after a good session, or the engine's level when it chose one.
        Simple and explainable. A text to listen to (topic « oral ») is never a functional
        one, and is not shown."""
        oral = topic == ORAL
        done = self.past_sessions()
        earned = 1
        for session in done:
            answered = [i for i in session.items if i.attempts or i.status == ItemStatus.solved]
            solved = [i for i in answered if i.status == ItemStatus.solved]
            if len(answered) >= 3 and len(solved) >= 0.8 * len(answered):
                earned = max(earned, min(3, session.level + 1))
        band = self.wanted_level or earned
        read = {passage_mode(s.topic or "")[0] for s in done}
        usable = [p for p in bank.passages() if not oral or p.family not in NOT_FOR_LISTENING]
        today = text_of_the_day(date.today(), band)
        if today.id not in read and today in usable:  # « Un texte, un jour » first
            passage, reason = today, f"C'est le texte du jour, de niveau {today.level} sur 3."
        else:
            fresh = [p for p in usable if p.id not in read] or usable
            passage = min(fresh, key=lambda p: (abs(p.level - band), p.level, p.id))
            reason = f"Je te propose un texte de niveau {passage.level} sur 3."
        if self.wanted_level is None and band > 1:
            reason = f"Tu as bien réussi ton dernier texte : on passe au niveau {band}. {reason}"
        if oral:
            intro = (
                f"Compréhension de l'oral : « {passage.title} ». Je te lis le texte, sans "
                "te le montrer. Ensuite, je te pose des questions."
            )
            return ORAL_PREFIX + passage.id, passage.level, reason, [reason, intro]
        intro = (
            f"Voici un texte : « {passage.title} ». Lis-le tranquillement, ou appuie sur "
            "« Écouter » pour l'entendre. Ensuite, je te pose des questions."
        )
        return passage.id, passage.level, reason, [reason, intro, passage.text.strip()]

    def steps(self, content_id: str) -> list[Step]:
        """The first questions of the passage, with at least one open answer among them."""
        passage_id, mode = passage_mode(content_id)
        passage = bank.passage(passage_id)
        chosen = list(passage.questions[:QUESTIONS_PER_SESSION])
        if all(q.format != "open" for q in chosen):
            open_one = next((q for q in passage.questions if q.format == "open"), None)
            if open_one is not None:
                chosen[-1] = open_one
        return [_step(q, mode) for q in chosen]

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
        if step.skill == bank.skill_id(step.kind, ORAL):
            return ORAL_EXPLANATIONS.get(step.kind, KIND_EXPLANATIONS[step.kind])
        return KIND_EXPLANATIONS[step.kind]

    def listening(self, content_id: str) -> tuple[str, str] | None:
        """A text heard comes back with every question asked again: the notice is shown, the
        title and the text are said (at the student's speech rate, so « plus lentement »
        slows it down)."""
        passage_id, mode = passage_mode(content_id)
        if mode != ORAL:
            return None
        passage = bank.passage(passage_id)
        return LISTEN_NOTICE, f"{passage.title}. {passage.text.strip()}"


def passage_mode(content_id: str) -> tuple[str, str]:
    """(passage id, mode) of a session's content id: « oral:la-lune » or « la-lune »."""
    if content_id.startswith(ORAL_PREFIX):
        return content_id.removeprefix(ORAL_PREFIX), ORAL
    return content_id, "ecrit"


def _step(question: bank.Question, mode: str) -> Step:
    prompt = question.prompt + (" Réponds avec tes mots." if question.format == "open" else "")
    where = "Réécoute ce passage" if mode == ORAL else "Relis cette phrase du texte"
    return Step(
        id=question.id,
        skill=question.skill(mode),
        prompt=prompt,
        answer=question.answer,
        hints=(f"{where} : « {question.evidence[0]} »", question.feedback),
        choices=question.choices if question.format != "open" else (),
        kind=question.kind,
    )

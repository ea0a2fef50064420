"""Why the engine proposes an activity, in French, for three readers.

Kept apart from the ranking so a teacher can review the wording in one file. The student
reads short sentences with tutoiement and no numbers they cannot use; the parent reads what
their child works on and why; the teacher reads the numbers the decision was made from.
Skill names are infinitive phrases (« simplifier une fraction ») that fit every sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from assistant.engine import catalogue

TARGET_BAND = (0.70, 0.85)  # predicted success the level aims at
TIER_LABELS = {
    "assignment": "Travail assigné",
    "review": "Révision espacée",
    "practice": "Compétence à travailler",
}
# What the student will do, for the teacher (catalogue.activity_of; an oral text is heard).
ACTIVITY_LABELS = {
    "maths": "des questions de maths",
    "comprehension": "un texte à lire, puis ses questions",
    "comprehension_oral": "un texte à écouter, puis ses questions",
    "langue": "un module d'étude de la langue",
    "fluency": "un texte à lire à voix haute",
}

# Replies when a student gives their positioning result in the conversation.
POSITIONING_SAVED = (
    "C'est noté : « {label} » en {domain}. Ton professeur va le confirmer. "
    "Je m'en sers pour choisir tes exercices."
)
POSITIONING_ASK_DOMAIN = (
    "Dans quel domaine ? Par exemple : « fragile en calcul littéral » "
    "ou « satisfaisant en géométrie »."
)
POSITIONING_ASK_LEVEL = (
    "Quel résultat as-tu eu ? Par exemple : « insuffisant », « fragile », « satisfaisant » "
    "ou « très bon »."
)


@dataclass(frozen=True)
class Reasons:
    """The same reason for the student, the parent and the teacher."""

    student: str
    parent: str
    teacher: str


@dataclass(frozen=True)
class TextFacts:
    """The text a comprehension or reading-aloud activity starts with, for its time."""

    words: int
    words_per_minute: float
    source: str  # measured (the student's readings aloud), default (none yet), heard


_RATE_SOURCES = {
    "measured": "lu à {rate} mots/min (son rythme mesuré en lecture à voix haute)",
    "default": "lu à {rate} mots/min (rythme d'un lecteur lent : pas encore de lecture à voix "
    "haute mesurée)",
    "heard": "écouté à {rate} mots/min (voix du tuteur)",
}


@dataclass(frozen=True)
class Facts:
    """What the explanation may quote (the recommender fills it from its components)."""

    why: str  # assignment, review, errors, positioning, new, weak, strengthen
    skill_id: str
    skill: str  # infinitive phrase
    domain: str
    minutes: int
    questions: int
    level: int | None
    mastery: float
    predicted: float | None
    answers: int
    correct: int
    recent_errors: int
    hints: int
    prerequisites: tuple[tuple[str, float], ...]
    pace: float
    teacher: str = ""
    assigned_on: datetime | None = None
    done: int = 0
    days_since_review: int = 0
    due: datetime | None = None
    retrievability: float | None = None
    degree_label: str = ""
    override: tuple[float, str, datetime] | None = None
    activity: str = "maths"  # catalogue.activity_of
    text: TextFacts | None = None


def percent(value: float) -> str:
    """« 72 % »: French style, a space before the sign."""
    return f"{round(value * 100)} %"


def decimal(value: float) -> str:
    """« 1,4 »: a French decimal comma."""
    return f"{value:.1f}".replace(".", ",")


def elide_de(phrase: str) -> str:
    """« de simplifier » but « d'additionner », « d'écrire »."""
    return ("d'" if phrase[:1].lower() in "aeéèêiîoôuh" else "de ") + phrase


def days(n: int) -> str:
    return "1 jour" if n == 1 else f"{n} jours"


def minutes(n: int) -> str:
    return "1 minute" if n == 1 else f"{n} minutes"


def errors(n: int) -> str:
    return "1 erreur" if n == 1 else f"{n} erreurs"


def _student(f: Facts) -> str:
    m = minutes(f.minutes)
    texts = {
        "assignment": f"{f.teacher or 'Ton professeur'} t'a donné ce travail : {f.skill}. "
        f"Il reste {f.questions} questions, environ {m}.",
        "review": f"Tu as appris à {f.skill} il y a {days(f.days_since_review)}. "
        f"On le revoit pour ne pas l'oublier : {m}.",
        "errors": f"Tu as fait {errors(f.recent_errors)} cette semaine pour {f.skill} : "
        f"on revoit ça, {m}.",
        "positioning": f"Au test de positionnement, tu as eu « {f.degree_label} » en {f.domain}. "
        f"On commence par {f.skill} : {m}.",
        "new": f"Tu n'as pas encore essayé {elide_de(f.skill)}. On commence doucement : {m}.",
        "weak": f"Tu ne sais pas encore bien {f.skill}. Tu as ce qu'il faut pour y arriver : {m}.",
        "strengthen": f"Tu sais déjà un peu {f.skill}. Encore quelques questions pour que ce "
        f"soit solide : {m}.",
    }
    return texts[f.why]


def _parent(f: Facts) -> str:
    m = minutes(f.minutes)
    texts = {
        "assignment": f"Son professeur ({f.teacher or 'professeur de la classe'}) a demandé ce "
        f"travail : {f.skill} ({f.questions} questions, environ {m}). Rebond le propose en "
        "premier.",
        "review": f"Votre enfant a appris à {f.skill} il y a {days(f.days_since_review)}. "
        f"Une courte révision de {m} l'aide à ne pas l'oublier.",
        "errors": f"Votre enfant a fait {errors(f.recent_errors)} cette semaine pour {f.skill}. "
        f"Rebond lui propose {m} d'exercices pour revoir ce point.",
        "positioning": "Au test de positionnement de seconde, votre enfant a eu "
        f"« {f.degree_label} » en {f.domain}. Rebond commence par ce point : {f.skill} ({m}).",
        "new": f"Votre enfant n'a pas encore travaillé ce point : {f.skill}. "
        f"Rebond lui propose de commencer ({m}).",
        "weak": f"Votre enfant ne sait pas encore bien {f.skill}, mais les bases nécessaires "
        f"sont là. Rebond lui propose {m} d'exercices à sa mesure.",
        "strengthen": f"Votre enfant sait déjà en partie {f.skill}. Quelques exercices de plus "
        f"({m}) vont consolider ce point.",
    }
    return texts[f.why]


def _teacher(f: Facts, tier: str) -> str:
    parts = [f"{TIER_LABELS[tier]} — {f.skill_id} ({f.skill})."]
    oral = f.activity == catalogue.COMPREHENSION and catalogue.heard(f.skill_id)
    parts.append(f"Activité : {ACTIVITY_LABELS['comprehension_oral' if oral else f.activity]}.")
    if f.assigned_on is not None:
        parts.append(
            f"Assigné par {f.teacher} le {f.assigned_on:%d/%m/%Y} : {f.done} question(s) "
            f"faite(s), {f.questions} restante(s)."
        )
    parts.append(
        f"Maîtrise estimée {percent(f.mastery)} ({f.answers} réponse(s), {f.correct} juste(s) "
        f"du premier coup ; {errors(f.recent_errors)} sur 7 jours ; {f.hints} indice(s))."
    )
    if f.override is not None:
        value, teacher, at = f.override
        parts.append(f"Maîtrise fixée à {percent(value)} par {teacher} le {at:%d/%m/%Y}.")
    if f.degree_label:
        parts.append(f"Positionnement en {f.domain} : {f.degree_label}.")
    if f.due is not None and f.retrievability is not None:
        parts.append(
            f"Carte de révision (FSRS) : à revoir depuis le {f.due:%d/%m/%Y}, "
            f"probabilité de s'en souvenir {percent(f.retrievability)}."
        )
    if f.prerequisites:
        weakest = min(value for _, value in f.prerequisites)
        parts.append(f"Prérequis : {len(f.prerequisites)}, le plus faible à {percent(weakest)}.")
    else:
        parts.append("Pas de prérequis.")
    if f.level is not None and f.predicted is not None:
        low, high = TARGET_BAND
        parts.append(
            f"Niveau {f.level} : réussite prédite {percent(f.predicted)} "
            f"(cible {round(low * 100)}–{percent(high)})."
        )
    duration = (
        f"Durée estimée {minutes(f.minutes)} pour {f.questions} question(s), "
        f"rythme de l'élève ×{decimal(f.pace)}"
    )
    if f.text is not None:
        rate = _RATE_SOURCES[f.text.source].format(rate=round(f.text.words_per_minute))
        duration += f", et le texte d'environ {f.text.words} mots {rate}"
    parts.append(duration + ".")
    return " ".join(parts)


def explain(facts: Facts, tier: str) -> Reasons:
    """The three texts for one recommendation."""
    return Reasons(_student(facts), _parent(facts), _teacher(facts, tier))

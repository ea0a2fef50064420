"""What a student tells the tutor about themselves: language, display and speech settings,
a message for the teacher, and distress — which always reaches an adult.
"""

from __future__ import annotations

from assistant.db.models import Alert, User
from assistant.text import plain
from assistant.tutoring import messages as say
from assistant.tutoring.practice import CHOICES_PREFERENCE, Practice
from assistant.tutoring.reply import TutorReply

DEFAULT_SPEECH_RATE = 1.0
SLOWEST_SPEECH_RATE = 0.6
SLOWER_STEP = 0.15
# Preferences that turn another one off: « je préfère écrire » ends « propose-moi des choix ».
TURNS_OFF = {"ecrire": CHOICES_PREFERENCE}
# The NLU often cuts only part of these requests out of the sentence (« moi des choix »,
# « n'arrive pas à taper », « taper moi- »), which its synonyms do not map: the words left say
# which one it is. Writing is looked for first: « enlève les choix » asks to write.
ANSWERING_WORDS = (
    (
        "ecrire",
        (
            "ecrire",
            "taper moi",
            "taper mes",
            "type my",
            "enleve les choix",
            "sans les choix",
            "plus de choix",
        ),
    ),
    (
        "choix",
        ("choix", "chois", "qcm", "bouton", "proposition", "arrive pas", "arrive pa", "cliqu"),
    ),
)


def _set_preference(user: User, key: str, value: object) -> None:
    # Reassign the dict so SQLAlchemy sees the JSON column change.
    user.preferences = {**(user.preferences or {}), key: value}


def slower(practice: Practice) -> TutorReply:
    """Lower the student's speech rate, remembered for every later message."""
    user = practice.user
    rate = (user.preferences or {}).get("speech_rate", DEFAULT_SPEECH_RATE)
    _set_preference(user, "speech_rate", round(max(SLOWEST_SPEECH_RATE, rate - SLOWER_STEP), 2))
    return practice.resume([say.SLOWER])


def set_preference(practice: Practice, preference: str | None) -> TutorReply:
    """Remember a display, speech or answering preference the page, the voice and the
    practice will honour; the pending question is asked again at once, so a student who asked
    for choices gets them on the question they are stuck on."""
    preference = _canonical(preference)
    if preference not in say.PREFERENCE_LABELS:
        return practice.resume([say.PREFERENCE_UNKNOWN])
    if preference in TURNS_OFF:
        _set_preference(practice.user, TURNS_OFF[preference], False)
    else:
        _set_preference(practice.user, preference, True)
    if preference == "plus_lent":
        rate = (practice.user.preferences or {}).get("speech_rate", DEFAULT_SPEECH_RATE)
        _set_preference(practice.user, "speech_rate", max(SLOWEST_SPEECH_RATE, rate - SLOWER_STEP))
    return practice.resume([say.PREFERENCE_SAVED.format(label=say.PREFERENCE_LABELS[preference])])


def _canonical(preference: str | None) -> str | None:
    """A known preference as is; a piece of an answering request as the one it names."""
    if preference is None or preference in say.PREFERENCE_LABELS:
        return preference
    folded = plain(preference)
    named = (label for label, words in ANSWERING_WORDS if any(w in folded for w in words))
    return next(named, preference)


def set_language(practice: Practice, language: str | None) -> TutorReply:
    """Remember the student's first language and answer with a line in it when we can."""
    if not language:
        return practice.resume([say.LANGUAGE_UNKNOWN])
    _set_preference(practice.user, "language", language)
    lead = [say.LANGUAGE_SAVED]
    if language in say.LANGUAGE_LINES:
        lead.append(say.LANGUAGE_LINES[language])
    return practice.resume(lead)


def contact_teacher(practice: Practice, text: str) -> TutorReply:
    """Pass the student's message to their teacher (shown in the teacher's alerts)."""
    practice.db.add(Alert(user_id=practice.user.id, kind="teacher_request", message=text))
    return practice.resume([say.TEACHER_DONE])


def distress(practice: Practice, text: str) -> TutorReply:
    """Answer with care and the national helplines, and alert the teacher at once."""
    practice.db.add(Alert(user_id=practice.user.id, kind="distress", message=text))
    pending = practice.pending() is not None
    return TutorReply(list(say.DISTRESS), pending)

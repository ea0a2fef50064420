"""French in the engine: texts, language modules and reading aloud are ranked with maths by
the same rules, « que me conseilles-tu ? » starts them, and « pourquoi ? » explains them."""

from datetime import datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.db.models import PracticeSession, User
from assistant.engine import catalogue, history
from assistant.engine.history import Answer, Goal, LearnerLog
from assistant.engine.models import (
    Assignment,
    EngineDecision,
    LearnerGoal,
    MasteryOverride,
    PositioningResult,
)
from assistant.engine.recommender import Recommendation, recommend
from assistant.engine.service import Engine
from assistant.engine.skill_map import load
from assistant.engine.state import derive
from assistant.reading.models import Reading
from assistant.tutoring.comprehension import Comprehension
from curriculum.french import bank
from curriculum.langue import bank as langue
from tests.conftest import user_by_name

NOW = datetime(2026, 11, 23, 10, tzinfo=timezone.utc)
MATHS_DOMAINS = ("nombres_calculs", "calcul_litteral", "geometrie", "donnees")
LITERAL = "francais.comprehension_ecrit.literal"
ORAL_LITERAL = "francais.comprehension_oral.literal"
GRAPHEMES = "francais.decodage.graphemes"
HOMOPHONES = "francais.etude_langue.homophones"


def ranked(log: LearnerLog, **kwargs) -> list[Recommendation]:
    skill_map = load()
    return recommend(skill_map, log, derive(log, skill_map, NOW), **kwargs)


def strong_in_maths(**french: str) -> dict[str, str]:
    """Positioning: very good in every maths domain, the French degrees given."""
    return {**dict.fromkeys(MATHS_DOMAINS, "tres_bonne"), **french}


def position(db: Session, student: User, degrees: dict[str, str]) -> None:
    teacher = user_by_name(db, "mme.durand")
    for domain, degree in degrees.items():
        db.add(
            PositioningResult(
                student_id=student.id,
                domain=domain,
                level=degree,
                entered_by_id=teacher.id,
                confirmed_by_id=teacher.id,
            )
        )
    db.commit()


def override(db: Session, student: User, skill: str, mastery: float) -> None:
    teacher = user_by_name(db, "mme.durand")
    db.add(
        MasteryOverride(student_id=student.id, skill=skill, mastery=mastery, teacher_id=teacher.id)
    )
    db.commit()


def activity_decision(db: Session) -> EngineDecision:
    db.expire_all()
    return db.scalars(select(EngineDecision).where(EngineDecision.kind == "activity")).one()


def session_of(db: Session, decision: EngineDecision) -> PracticeSession:
    return db.get(PracticeSession, decision.session_id)


# ---- the catalogue -------------------------------------------------------------------------


def test_every_french_skill_of_the_map_has_an_activity():
    """No French skill is left out of the recommendations for want of content."""
    french = [s.id for s in load().skills.values() if s.subject == "francais"]
    assert french and all(catalogue.available(s) for s in french)
    assert catalogue.activity_of(LITERAL) == catalogue.COMPREHENSION
    assert catalogue.activity_of(ORAL_LITERAL) == catalogue.COMPREHENSION
    assert catalogue.activity_of(HOMOPHONES) == catalogue.LANGUE
    assert catalogue.activity_of(GRAPHEMES) == catalogue.LANGUE  # the « sons » modules
    assert catalogue.activity_of(catalogue.FLUENCY_SKILL) == catalogue.FLUENCY
    assert catalogue.activity_of("nombres_calculs.fractions.additionner") == catalogue.MATHS
    assert catalogue.levels(catalogue.FLUENCY_SKILL) == (1, 2, 3)
    assert not catalogue.available("francais.etude_langue.inconnu")


def test_a_language_module_not_done_yet_comes_before_one_done():
    first = catalogue.module_for(HOMOPHONES, 1, set())
    again = catalogue.module_for(HOMOPHONES, 1, {first.id})
    assert first.skill == again.skill == HOMOPHONES and first.level == 1
    assert again.id != first.id and again.level == 1
    assert catalogue.module_for(HOMOPHONES, 2, set()).level == 2


# ---- the ranking (pure) ---------------------------------------------------------------------


def test_weak_in_french_fine_in_maths_gets_french_naming_the_skill():
    log = LearnerLog(positioning=strong_in_maths(comprehension_ecrit="insuffisante"))
    first = ranked(log)[0]
    skill = load().skills[first.skill]
    assert skill.subject == "francais" and skill.domain == "comprehension_ecrit"
    assert first.components["why"] == "positioning"
    assert skill.name in first.reasons.student
    assert "« maîtrise insuffisante » en compréhension de l'écrit" in first.reasons.student
    assert skill.name in first.reasons.parent
    label = "un module" if first.components["activity"] == "langue" else "un texte"
    assert f"Activité : {label}" in first.reasons.teacher
    assert "Maîtrise estimée 15 %" in first.reasons.teacher


def test_french_errors_are_counted_and_quoted_like_maths_ones():
    wrong = tuple(
        Answer(i, LITERAL, 1, False, 0, 0.0, NOW - timedelta(days=1, minutes=i)) for i in range(3)
    )
    first = ranked(LearnerLog(answers=wrong, positioning=strong_in_maths()))[0]
    assert (first.skill, first.components["why"]) == (LITERAL, "errors")
    assert first.reasons.student.startswith(
        "Tu as fait 3 erreurs cette semaine pour retrouver une information dans un texte écrit"
    )
    assert "Activité : un texte à lire, puis ses questions." in first.reasons.teacher


def test_a_due_french_spelling_review_comes_before_practice_unless_the_goal_is_maths():
    """Homophones are a memory skill: answered days ago, their FSRS review is due."""
    past = tuple(
        Answer(i, HOMOPHONES, 1, True, 0, 0.0, NOW - timedelta(days=30 - i)) for i in range(2)
    )
    log = LearnerLog(answers=past)
    first = ranked(log)[0]
    assert (first.tier, first.skill) == ("review", HOMOPHONES)
    assert first.reasons.student.startswith("Tu as appris à choisir entre a et à")
    assert "Carte de révision (FSRS)" in first.reasons.teacher
    maths_only = ranked(LearnerLog(answers=past, goal=Goal(subject="maths", minutes_per_day=120)))
    assert maths_only and all(load().skills[r.skill].subject == "maths" for r in maths_only)


def test_a_french_goal_gives_french_and_a_chosen_subject_restricts_every_tier():
    french = ranked(LearnerLog(goal=Goal(subject="francais", minutes_per_day=120)), limit=8)
    assert french and all(load().skills[r.skill].subject == "francais" for r in french)
    log = LearnerLog(positioning=strong_in_maths(comprehension_ecrit="insuffisante"))
    chosen = ranked(log, subject="maths", limit=8)
    assert chosen and all(load().skills[r.skill].subject == "maths" for r in chosen)


def test_reading_aloud_waits_for_decoding_then_is_offered():
    day = Goal(minutes_per_day=600)  # the whole list, not what fits in one day
    log = LearnerLog(positioning=strong_in_maths(comprehension_ecrit="fragile"), goal=day)
    before = [r.skill for r in ranked(log, subject="francais", limit=30)]
    assert catalogue.FLUENCY_SKILL not in before and GRAPHEMES in before
    right = tuple(
        Answer(i, GRAPHEMES, 2, True, 0, 0.0, NOW - timedelta(hours=30 - i)) for i in range(8)
    )
    after = ranked(
        LearnerLog(answers=right, positioning=log.positioning, goal=day),
        subject="francais",
        limit=30,
    )
    reading = next(r for r in after if r.skill == catalogue.FLUENCY_SKILL)
    assert reading.questions == 1 and "Activité : un texte à lire à voix haute." in (
        reading.reasons.teacher
    )


def text_recommendation(log: LearnerLog, skill: str = LITERAL) -> Recommendation:
    """The recommendation for a comprehension skill of a student strong in maths whose
    readings aloud are those of `log`."""
    day = Goal(minutes_per_day=600)
    log = LearnerLog(readings_wcpm=log.readings_wcpm, positioning=strong_in_maths(), goal=day)
    return next(r for r in ranked(log, subject="francais", limit=40) if r.skill == skill)


def test_a_text_is_timed_by_the_students_own_reading_rate():
    """A slow reader's text takes longer than a fluent reader's, by the words of the text at
    their measured WCPM (median of the last three readings), and the teacher is told how."""
    slow = text_recommendation(LearnerLog(readings_wcpm=(150.0, 50.0, 60.0, 55.0)))
    fluent = text_recommendation(LearnerLog(readings_wcpm=(150.0, 160.0, 140.0)))
    level = slow.level
    words = catalogue.text_words(level)
    assert slow.components["text_minutes"] == round(words / 55.0, 2)
    assert fluent.level == level and fluent.components["text_minutes"] == round(words / 150, 2)
    assert slow.minutes > fluent.minutes
    assert f"le texte d'environ {words} mots lu à 55 mots/min (son rythme mesuré" in (
        slow.reasons.teacher
    )


def test_before_any_reading_aloud_a_text_is_timed_for_a_slow_reader():
    unknown = text_recommendation(LearnerLog())
    words = catalogue.text_words(unknown.level)
    assert unknown.components["text_minutes"] == round(words / 90, 2)
    assert "lu à 90 mots/min (rythme d'un lecteur lent" in unknown.reasons.teacher


def test_a_heard_text_is_timed_by_the_tutors_voice_and_maths_has_no_text():
    heard = text_recommendation(LearnerLog(readings_wcpm=(40.0,)), ORAL_LITERAL)
    words = catalogue.text_words(heard.level)
    assert heard.components["text_minutes"] == round(words / 160, 2)
    assert "écouté à 160 mots/min (voix du tuteur)" in heard.reasons.teacher
    maths = ranked(LearnerLog(readings_wcpm=(40.0,)), subject="maths")[0]
    assert maths.components["text_minutes"] == 0 and "le texte" not in maths.reasons.teacher


def test_the_students_readings_aloud_reach_the_engine(db, lea):
    """Whole-text readings count; a repeated reading of a few sentences does not."""
    for wcpm, sentences in ((70.0, None), (80.0, None), (200.0, [0, 1])):
        db.add(
            Reading(
                student_id=lea.id,
                passage_id=bank.passages()[0].id,
                mode="whole",
                sentences=sentences,
                duration_s=60.0,
                wcpm=wcpm,
                accuracy=0.95,
                words_attempted=80,
                words_correct=76,
                counts={},
                score={},
                stt_engine="faster-whisper/whisper-base",
            )  # fmt: skip
        )
        db.commit()
    log = history.read(db, lea, load())
    assert log.readings_wcpm == (70.0, 80.0)
    assert derive(log, load(), NOW).reading_wpm == 75.0


# ---- the conversation (real database) ----------------------------------------------------------


def test_what_next_starts_a_text_and_why_explains_it(tutor, db, lea):
    position(
        db, lea, strong_in_maths(comprehension_ecrit="insuffisante", etude_langue="tres_bonne")
    )
    for skill in (GRAPHEMES, catalogue.FLUENCY_SKILL):  # Léa decodes and reads aloud well
        override(db, lea, skill, 0.9)
    reply = tutor("next")
    decision = activity_decision(db)
    session = session_of(db, decision)
    assert decision.skill == LITERAL and decision.tier == "practice"
    assert session.activity == "comprehension" and not session.topic.startswith("oral:")
    assert session.level == decision.level  # the text is at the level the engine chose
    assert reply["practice_active"] is True
    assert reply["messages"][0] == decision.reason_student
    assert "retrouver une information dans un texte écrit" in decision.reason_student
    assert any(m.startswith("Voici un texte : « ") for m in reply["messages"])
    assert reply["messages"][-1].startswith("Question 1 sur ")
    assert decision.reason_parent and "Activité : un texte à lire" in decision.reason_teacher
    why = tutor("why")
    assert why["messages"][0].startswith(decision.reason_student)
    assert why["practice_active"] is True and why["messages"][-1].startswith("Question 1 sur")


def test_a_text_started_at_the_engines_level_is_of_that_level(db, lea, settings):
    """With no text done yet Léa has earned band 1; when the engine chose level 3 for her,
    the text served is of level 3, and she is not told she moved up a level."""
    comprehension = Comprehension(db, settings.public_url, lea)
    assert comprehension.choose(None)[1] == 1
    reply = comprehension.start_at_level(3)
    session = db.scalars(select(PracticeSession).where(PracticeSession.user_id == lea.id)).one()
    assert session.level == 3 and bank.passage(session.topic).level == 3
    assert not any("on passe au niveau" in m for m in reply.messages)


def test_what_next_starts_a_text_to_hear_for_oral_comprehension(tutor, db, lea):
    position(db, lea, strong_in_maths(comprehension_oral="insuffisante", etude_langue="tres_bonne"))
    tutor("next")
    decision = activity_decision(db)
    session = session_of(db, decision)
    assert decision.skill == ORAL_LITERAL
    assert session.activity == "comprehension" and session.topic.startswith("oral:")
    assert "un texte à écouter" in decision.reason_teacher


def test_what_next_starts_a_language_module_of_the_chosen_skill(tutor, db, lea):
    position(
        db, lea, strong_in_maths(etude_langue="insuffisante", comprehension_ecrit="tres_bonne")
    )
    reply = tutor("next")
    decision = activity_decision(db)
    session = session_of(db, decision)
    module = langue.module(session.topic)
    assert session.activity == "langue" and module.skill == decision.skill
    assert decision.skill.startswith("francais.etude_langue.")
    assert load().skills[decision.skill].name in reply["messages"][0]
    assert f"Étude de la langue : {module.title}" in reply["messages"]
    assert session.reason.startswith(decision.reason_student)
    assert tutor("why")["messages"][0].startswith(decision.reason_student)


def test_a_teachers_french_assignment_comes_first(tutor, db, lea):
    position(db, lea, {"nombres_calculs": "insuffisante", "etude_langue": "tres_bonne"})
    teacher = user_by_name(db, "mme.durand")
    db.add(Assignment(teacher_id=teacher.id, student_id=lea.id, target=HOMOPHONES, questions=6))
    db.commit()
    first = Engine(db).recommendations(lea)[0]
    assert (first.tier, first.skill) == ("assignment", HOMOPHONES)
    reply = tutor("next")
    decision = activity_decision(db)
    assert (decision.tier, decision.skill) == ("assignment", HOMOPHONES)
    assert reply["messages"][0].startswith(f"{teacher.display_name} t'a donné ce travail : ")
    assert langue.module(session_of(db, decision).topic).skill == HOMOPHONES


def test_a_student_whose_goal_is_maths_only_gets_maths(tutor, db, lea):
    position(db, lea, strong_in_maths(comprehension_ecrit="insuffisante"))
    db.add(
        LearnerGoal(student_id=lea.id, subject="maths", minutes_per_day=120, updated_by_id=lea.id)
    )
    db.commit()
    recs = Engine(db).recommendations(lea, limit=8)
    assert recs and all(load().skills[r.skill].subject == "maths" for r in recs)
    tutor("next")
    decision = activity_decision(db)
    assert session_of(db, decision).activity == "maths"
    assert load().skills[decision.skill].subject == "maths"


def test_asking_for_maths_stays_in_maths_when_french_is_weaker(tutor, db, lea):
    """Free choice: « des maths » gives maths even though the engine would pick French."""
    position(db, lea, strong_in_maths(comprehension_ecrit="insuffisante"))
    assert load().skills[Engine(db).recommendations(lea)[0].skill].subject == "francais"
    tutor("start", activity="maths")
    decision = activity_decision(db)
    assert session_of(db, decision).activity == "maths"
    assert decision.skill in catalogue.levels_by_skill()


def test_what_next_starts_a_reading_aloud(tutor, db, lea):
    position(db, lea, strong_in_maths(comprehension_ecrit="insuffisante"))
    # every other French skill solid: only the reading aloud is left weak
    for skill in load().skills.values():
        if skill.subject == "francais" and skill.id != catalogue.FLUENCY_SKILL:
            override(db, lea, skill.id, 0.95)
    reply = tutor("next")
    decision = activity_decision(db)
    assert decision.skill == catalogue.FLUENCY_SKILL and decision.session_id is None
    assert reply["messages"][0] == decision.reason_student
    assert "lire un texte à voix haute sans buter sur les mots" in decision.reason_student
    assert reply["buttons"] and all(b["url"].startswith("/lecture/") for b in reply["buttons"])
    assert "Activité : un texte à lire à voix haute." in decision.reason_teacher
    assert tutor("why")["messages"][0] == decision.reason_student

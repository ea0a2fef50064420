"""The engine's API on the real app and database: roles, audit, validation, and decisions
that can be explained later."""

import pytest
from sqlalchemy import select

from assistant.db.models import AuditEntry, ClassMembership, Role, SchoolClass
from assistant.engine.models import Assignment, EngineDecision, PositioningResult
from assistant.seed import DEMO_PASSWORD, create_user
from tests.conftest import login, user_by_name

MEAN = "donnees.statistiques.moyenne"


@pytest.fixture
def ids(db):
    return {name: user_by_name(db, name).id for name in ("lea", "yanis", "mme.durand")}


@pytest.fixture
def outsider(db, settings):
    """A teacher of another class, and a student of that class."""
    other = SchoolClass(name="2nde C")
    db.add(other)
    db.flush()
    teacher = create_user(
        db, settings.pseudonym_secret, "m.autre", "M. Autre", Role.teacher, DEMO_PASSWORD
    )
    student = create_user(db, settings.pseudonym_secret, "zoe", "Zoé", Role.student, DEMO_PASSWORD)
    for user in (teacher, student):
        db.add(ClassMembership(class_id=other.id, user_id=user.id))
    db.commit()
    return {"teacher": teacher.id, "student": student.id, "class": other.id}


def audits(db, action_start: str) -> list[AuditEntry]:
    db.expire_all()
    return [a for a in db.scalars(select(AuditEntry)) if a.action.startswith(action_start)]


def test_reading_needs_a_login(client, ids):
    for path in ("recommendations", "mastery", "positioning", "decisions/1"):
        response = client.get(f"/api/engine/students/me/{path}")
        assert response.status_code == 401
        assert response.json()["error"]["message_fr"] == "Connecte-toi pour continuer."


def test_a_student_sees_their_own_recommendations_with_reasons(client, db, ids):
    login(client, "lea")
    body = client.get("/api/engine/students/me/recommendations").json()
    assert body["recommendations"]
    for rec in body["recommendations"]:
        assert rec["reasons"]["student"] and rec["reasons"]["parent"] and rec["reasons"]["teacher"]
        assert {"mastery", "predicted_success", "tier"} <= rec["components"].keys()
    first = body["recommendations"][0]
    why = client.get(f"/api/engine/students/{ids['lea']}/decisions/{first['decision_id']}").json()
    assert why["reasons"] == first["reasons"] and why["components"] == first["components"]
    assert audits(db, "engine_") == []  # a student reading their own data is not audited


def test_a_student_cannot_see_another_student(client, ids):
    login(client, "lea")
    response = client.get(f"/api/engine/students/{ids['yanis']}/mastery")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_unknown_student_and_decision_are_404(client, ids):
    login(client, "mme.durand")
    assert client.get("/api/engine/students/99999/mastery").status_code == 404
    assert client.get(f"/api/engine/students/{ids['mme.durand']}/mastery").status_code == 404
    response = client.get(f"/api/engine/students/{ids['lea']}/decisions/424242")
    assert response.status_code == 404
    assert response.json()["error"]["message_fr"] == "Je ne trouve pas ce choix."


def test_a_teacher_reads_their_students_and_is_audited(client, db, ids, outsider):
    login(client, "mme.durand")
    mastery = client.get(f"/api/engine/students/{ids['lea']}/mastery").json()
    mean = next(s for s in mastery["skills"] if s["skill"] == MEAN)
    assert mean["available"] and 0 < mean["mastery"] < 1 and "attempts" in mean["model"]
    assert [a.target for a in audits(db, "engine_read_mastery")] == [f"student {ids['lea']}"]
    response = client.get(f"/api/engine/students/{outsider['student']}/recommendations")
    assert response.status_code == 403


def test_students_cannot_correct_the_model_or_assign_work(client, ids):
    login(client, "lea")
    override = {"skill": MEAN, "mastery": 1.0}
    assert client.post("/api/engine/students/me/overrides", json=override).status_code == 403
    external = {"skill": MEAN, "score": 1.0, "taken_on": "2026-11-20"}
    assert client.post("/api/engine/students/me/external-results", json=external).status_code == 403
    work = {"target": MEAN, "student_id": ids["lea"]}
    assert client.post("/api/engine/assignments", json=work).status_code == 403


def test_teacher_override_sets_mastery_and_is_audited(client, db, ids):
    login(client, "mme.durand")
    response = client.post(
        f"/api/engine/students/{ids['lea']}/overrides",
        json={"skill": MEAN, "mastery": 0.85, "note": "vu en classe"},
    )
    assert response.status_code == 201
    mastery = client.get(f"/api/engine/students/{ids['lea']}/mastery").json()
    mean = next(s for s in mastery["skills"] if s["skill"] == MEAN)
    assert mean["mastery"] == pytest.approx(0.85, abs=1e-3)
    assert mean["override"]["teacher"] == "Mme Durand"
    assert audits(db, "engine_override")[0].target == f"student {ids['lea']}"


def test_bad_skill_score_and_level_are_422_in_both_languages(client, ids):
    login(client, "mme.durand")
    base = f"/api/engine/students/{ids['lea']}"
    bad_skill = client.post(f"{base}/overrides", json={"skill": "nope.nope.nope", "mastery": 0.5})
    assert bad_skill.status_code == 422
    error = bad_skill.json()["error"]
    assert error["code"] == "unknown_skill" and error["message_fr"] and error["message_en"]
    bad_score = {"skill": MEAN, "score": 1.5, "taken_on": "2026-11-20"}
    assert client.post(f"{base}/external-results", json=bad_score).status_code == 422
    bad_level = client.put(f"{base}/positioning", json={"domain": "geometrie", "level": "moyen"})
    assert bad_level.status_code == 422
    bad_domain = client.put(f"{base}/positioning", json={"domain": "cuisine", "level": "fragile"})
    assert bad_domain.json()["error"]["code"] == "unknown_domain"


def test_external_result_moves_mastery(client, ids):
    login(client, "mme.durand")
    base = f"/api/engine/students/{ids['lea']}"
    before = next(s for s in client.get(f"{base}/mastery").json()["skills"] if s["skill"] == MEAN)
    result = {
        "skill": MEAN,
        "score": 0.9,
        "weight": 4,
        "label": "DS n° 2",
        "taken_on": "2026-11-20",
    }
    assert client.post(f"{base}/external-results", json=result).status_code == 201
    after = next(s for s in client.get(f"{base}/mastery").json()["skills"] if s["skill"] == MEAN)
    assert after["mastery"] > before["mastery"] and after["external_results"] == 1


def test_student_positioning_waits_for_the_teacher_who_confirms_it(client, db, ids):
    login(client, "lea")
    entered = client.put(
        "/api/engine/students/me/positioning",
        json={"domain": "calcul_litteral", "level": "fragile"},
    ).json()
    row = entered["domains"][0]
    assert (row["level"], row["entered_by"], row["confirmed"]) == ("fragile", "student", False)
    client.post("/api/auth/logout")
    login(client, "mme.durand")
    confirmed = client.put(
        f"/api/engine/students/{ids['lea']}/positioning",
        json={"domain": "calcul_litteral", "level": "fragile"},
    ).json()
    assert confirmed["domains"][0]["confirmed"] is True
    assert len(confirmed["scale"]) == 6
    mastery = client.get(f"/api/engine/students/{ids['lea']}/mastery").json()
    equation = next(
        s for s in mastery["skills"] if s["skill"] == "calcul_litteral.equations.premier_degre"
    )
    assert equation["prior"] == 0.30 and equation["mastery"] == pytest.approx(0.30, abs=1e-3)


def test_assignment_to_a_class_comes_first_for_its_students(client, db, ids, outsider):
    login(client, "mme.durand")
    own_class = db.scalars(
        select(ClassMembership.class_id).where(ClassMembership.user_id == ids["mme.durand"])
    ).first()
    response = client.post(
        "/api/engine/assignments",
        json={"target": "geometrie.pythagore", "class_id": own_class, "questions": 4},
    )
    assert response.status_code == 201
    recs = client.get(f"/api/engine/students/{ids['yanis']}/recommendations").json()
    first = recs["recommendations"][0]
    assert first["tier"] == "assignment" and first["skill"].startswith("geometrie.pythagore.")
    assert first["reasons"]["student"].startswith("Mme Durand t'a donné ce travail")
    other = {"target": MEAN, "class_id": outsider["class"]}
    assert client.post("/api/engine/assignments", json=other).status_code == 403
    both = {"target": MEAN, "class_id": own_class, "student_id": ids["lea"]}
    assert client.post("/api/engine/assignments", json=both).status_code == 422
    unknown = {"target": "cuisine", "student_id": ids["lea"]}
    assert client.post("/api/engine/assignments", json=unknown).status_code == 422
    assert db.scalars(select(Assignment)).one().target == "geometrie.pythagore"
    assert audits(db, "engine_assign")[0].target == f"class {own_class}"


def test_goals_are_stored_and_bounded(client, ids):
    login(client, "lea")
    ok = client.put(
        "/api/engine/students/me/goals", json={"subject": "maths", "minutes_per_day": 20}
    )
    assert ok.json() == {"subject": "maths", "minutes_per_day": 20}
    too_long = client.put("/api/engine/students/me/goals", json={"minutes_per_day": 600})
    assert too_long.status_code == 422


def test_conversation_endpoints_need_the_service_token(client, settings, db, ids):
    lea = user_by_name(db, "lea")
    path = f"/api/engine/conversation/{lea.pseudonym}/next"
    assert client.post(path, json={}).status_code == 401
    headers = {"X-Rebond-Service-Token": settings.service_token}
    assert (
        client.post("/api/engine/conversation/nobody/next", json={}, headers=headers).status_code
        == 404
    )
    body = client.post(path, json={"topic": "fractions"}, headers=headers).json()
    assert body["topic"] == "fractions" and body["reasons"]["student"]
    stored = db.get(EngineDecision, body["decision_id"])
    assert (stored.kind, stored.reason_student) == ("activity", body["reasons"]["student"])


def test_positioning_by_sentence(client, settings, db):
    lea = user_by_name(db, "lea")
    headers = {"X-Rebond-Service-Token": settings.service_token}
    path = f"/api/engine/conversation/{lea.pseudonym}/positioning"
    said = client.post(path, json={"text": "j'ai eu fragile en calcul littéral"}, headers=headers)
    assert said.json()["understood"] is True
    assert said.json()["messages"] == [
        "C'est noté : « maîtrise fragile » en calcul littéral. Ton professeur va le confirmer. "
        "Je m'en sers pour choisir tes exercices."
    ]
    row = db.scalars(select(PositioningResult)).one()
    assert (row.domain, row.level, row.entered_by_id, row.confirmed_by_id) == (
        "calcul_litteral",
        "fragile",
        lea.id,
        None,
    )
    vague = client.post(path, json={"text": "j'ai eu fragile"}, headers=headers).json()
    assert vague["understood"] is False and vague["messages"][0].startswith("Dans quel domaine ?")
    assert len(db.scalars(select(PositioningResult)).all()) == 1

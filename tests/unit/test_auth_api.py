"""Login, session cookie, roles on every kind of endpoint, and the teacher audit log."""

from sqlalchemy import select

from assistant.db.models import Alert, AuditEntry
from tests.conftest import login, user_by_name


def test_login_sets_cookie_and_me_returns_the_user(client):
    response = client.post("/api/auth/login", json={"username": "lea", "password": "rebond-demo"})
    assert response.status_code == 200
    assert response.json()["user"] == {
        "username": "lea",
        "display_name": "Léa",
        "role": "student",
        "preferences": {},
    }
    assert "httponly" in response.headers["set-cookie"].lower()
    assert client.get("/api/me").json()["display_name"] == "Léa"


def test_wrong_password_is_401_in_french_and_english(client):
    response = client.post("/api/auth/login", json={"username": "lea", "password": "nope"})
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == "bad_credentials"
    assert "incorrect" in error["message_fr"] and "Wrong" in error["message_en"]


def test_login_with_missing_field_is_422_not_500(client):
    response = client.post("/api/auth/login", json={"username": "lea"})
    assert response.status_code == 422
    assert response.json()["error"]["message_fr"]


def test_forged_or_missing_cookie_is_401(client):
    assert client.get("/api/me").status_code == 401
    client.cookies.set("rebond_session", "1.forged.signature")
    assert client.get("/api/me").status_code == 401


def test_logout_forgets_the_session(client):
    login(client, "lea")
    assert client.post("/api/auth/logout").status_code == 204
    assert client.get("/api/me").status_code == 401


def test_chat_page_redirects_to_login_without_session(client):
    response = client.get("/chat", follow_redirects=False)
    assert response.status_code in (302, 307) and response.headers["location"] == "/login"
    login(client, "lea")
    assert 'role="log"' in client.get("/chat").text


def test_student_cannot_read_teacher_alerts(client):
    login(client, "lea")
    response = client.get("/api/teacher/alerts")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_teacher_sees_own_students_alerts_and_the_read_is_audited(client, db):
    lea = user_by_name(db, "lea")
    db.add(Alert(user_id=lea.id, kind="distress", message="je ne vais pas bien"))
    db.commit()
    login(client, "mme.durand")
    alerts = client.get("/api/teacher/alerts").json()["alerts"]
    assert [(a["student"], a["kind"]) for a in alerts] == [("Léa", "distress")]
    teacher = user_by_name(db, "mme.durand")
    entries = db.scalars(select(AuditEntry).where(AuditEntry.actor_id == teacher.id)).all()
    assert [e.action for e in entries] == ["read_alerts"]


def test_tutor_api_refuses_callers_without_the_service_token(client, db):
    lea = user_by_name(db, "lea")
    response = client.post(f"/api/tutor/{lea.pseudonym}/start", json={})
    assert response.status_code == 401
    login(client, "lea")  # a student's cookie is not enough either
    assert client.post(f"/api/tutor/{lea.pseudonym}/start", json={}).status_code == 401

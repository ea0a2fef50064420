"""What a teacher sees of their classes; every read is written to the audit log."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.auth.dependencies import get_db, require_role
from assistant.db.models import Alert, AuditEntry, ClassMembership, Role, User

router = APIRouter(prefix="/api/teacher", tags=["teacher"])
teacher_or_admin = require_role(Role.teacher, Role.admin)


def students_of(db: Session, teacher: User) -> select:
    """The ids of the students in the teacher's classes (all students for an admin)."""
    students = select(User.id).where(User.role == Role.student)
    if teacher.role == Role.admin:
        return students
    classes = select(ClassMembership.class_id).where(ClassMembership.user_id == teacher.id)
    members = select(ClassMembership.user_id).where(ClassMembership.class_id.in_(classes))
    return students.where(User.id.in_(members))


@router.get("/alerts")
def alerts(
    db: Session = Depends(get_db),
    teacher: User = Depends(teacher_or_admin),
) -> dict:
    """Alerts of the teacher's students, newest first (distress first among equals)."""
    rows = db.execute(
        select(Alert, User.display_name)
        .join(User, User.id == Alert.user_id)
        .where(Alert.user_id.in_(students_of(db, teacher)))
        .order_by(Alert.created_at.desc(), Alert.id.desc())
    ).all()
    db.add(AuditEntry(actor_id=teacher.id, action="read_alerts", target=f"{len(rows)} alerts"))
    db.commit()
    return {
        "alerts": [
            {
                "id": alert.id,
                "student": name,
                "kind": alert.kind,
                "message": alert.message,
                "created_at": alert.created_at.isoformat(),
            }
            for alert, name in rows
        ]
    }

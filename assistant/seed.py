"""Demo data for a first run: one teacher, one class, three students (and an admin).

The demo password is printed by `make run`; change it or delete these accounts in a real
deployment (set REBOND_SEED_DEMO=0 to never create them).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.auth.passwords import hash_password
from assistant.auth.pseudonyms import pseudonym
from assistant.db.models import ClassMembership, Role, SchoolClass, User

DEMO_PASSWORD = "rebond-demo"
DEMO_CLASS = "2nde B"
DEMO_USERS = (
    ("mme.durand", "Mme Durand", Role.teacher),
    ("lea", "Léa", Role.student),
    ("yanis", "Yanis", Role.student),
    ("amina", "Amina", Role.student),
    ("admin", "Administration", Role.admin),
)


def create_user(
    db: Session, secret: str, username: str, display_name: str, role: Role, password: str
) -> User:
    """Create a user and give it its pseudonym (which needs the id, hence the flush)."""
    user = User(
        username=username.lower(),
        display_name=display_name,
        role=role,
        password_hash=hash_password(password),
        pseudonym=f"pending-{username.lower()}",
    )
    db.add(user)
    db.flush()
    user.pseudonym = pseudonym(secret, user.id)
    return user


def seed_demo(db: Session, secret: str) -> bool:
    """Create the demo accounts when the database has no user yet; True if it did."""
    if db.scalars(select(User.id)).first() is not None:
        return False
    school_class = SchoolClass(name=DEMO_CLASS)
    db.add(school_class)
    db.flush()
    for username, display_name, role in DEMO_USERS:
        user = create_user(db, secret, username, display_name, role, DEMO_PASSWORD)
        if role != Role.admin:
            db.add(ClassMembership(class_id=school_class.id, user_id=user.id))
    db.commit()
    return True

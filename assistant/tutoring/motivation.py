"""« Le saviez-vous ? » at the end of a practice: a short fact the student has not heard yet,
on the subject (and, when there is one, the topic) they just worked on. A success ends on a
curiosity rather than on a score; the facts seen are remembered in the student's preferences.
"""

from __future__ import annotations

from assistant.db.models import User
from curriculum.motivation import fact_after, fact_messages

FACTS_SEEN = "facts_seen"


def fact_lines(user: User, subject: str, topic: str | None = None) -> list[str]:
    """The tutor's lines for one unseen fact (none once all are seen), and remember it."""
    preferences = dict(user.preferences or {})
    seen = set(preferences.get(FACTS_SEEN, []))
    found = fact_after(subject, seen, topic=topic)
    if found is None:
        return []
    preferences[FACTS_SEEN] = sorted(seen | {found.id})
    user.preferences = preferences  # a new dict: SQLAlchemy sees the JSON column change
    return fact_messages(found)

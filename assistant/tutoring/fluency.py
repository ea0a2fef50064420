"""Reading aloud in the conversation: propose three passages to read on the reading page.

The reading itself happens on its own page (/lecture/<id>): the chat only chooses. The band
follows the student's last reading: one band up after at least 95 % of words right (the text
was read independently), one down under 90 % (too hard to read alone), the same otherwise.
The proposal comes first, with its reason in one sentence; two other passages of the band let
the student choose (choosing raises motivation, and a text they like is read more fluently).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from assistant.db.models import User
from assistant.reading import messages as say
from assistant.reading.models import Reading
from assistant.reading.service import readings_of
from assistant.tutoring.practice import Practice
from assistant.tutoring.reply import TutorReply
from curriculum.french import bank

CHOICES = 3
MIN_BAND, MAX_BAND = 1, 3


class Fluency:
    """The reading-aloud proposals of one student, inside one database transaction."""

    activity = "fluency"

    def __init__(self, db: Session, public_url: str, user: User) -> None:
        self.db = db
        self.public_url = public_url
        self.user = user

    def start(self, topic: str | None = None) -> TutorReply:
        """End any practice under way (its question cannot be answered from the reading page)
        and propose three passages as link buttons; `topic` may name a passage to put first."""
        Practice(self.db, self.public_url, self.user).end_session()
        readings = readings_of(self.db, self.user)
        band, reason = self.band(readings[0] if readings else None)
        chosen = self.choose(band, readings, topic)
        return TutorReply(
            [reason, say.CHOOSE.format(title=chosen[0].title)],
            False,
            [
                {
                    "title": say.BUTTON.format(title=p.title),
                    "payload": "",
                    "url": f"/lecture/{p.id}",
                }
                for p in chosen
            ],
        )

    @staticmethod
    def band(last: Reading | None) -> tuple[int, str]:
        """The band to read at, and why, in one simple sentence."""
        if last is None:
            return MIN_BAND, say.FIRST_READING.format(band=MIN_BAND)
        level = next((p.level for p in bank.passages() if p.id == last.passage_id), MIN_BAND)
        percent = say.percent(last.accuracy)
        if last.accuracy >= say.INDEPENDENT:
            if level == MAX_BAND:
                return MAX_BAND, say.BAND_TOP.format(percent=percent)
            return level + 1, say.BAND_UP.format(percent=percent, band=level + 1)
        if last.accuracy < say.FRUSTRATION:
            if level == MIN_BAND:
                return MIN_BAND, say.BAND_BOTTOM
            return level - 1, say.BAND_DOWN.format(band=level - 1)
        return level, say.BAND_SAME.format(band=level)

    @staticmethod
    def choose(band: int, readings: list[Reading], topic: str | None) -> list[bank.Passage]:
        """Three passages: the named one if any, then passages of the band never read (in
        bank order), then the ones read longest ago; the nearest bands fill a short band."""
        last_read = {r.passage_id: r.created_at for r in reversed(readings)}  # newest wins
        order = {p.id: i for i, p in enumerate(bank.passages())}

        def rank(p: bank.Passage) -> tuple:
            seen = last_read.get(p.id)
            return (abs(p.level - band), seen is not None, seen or 0, order[p.id])

        ranked = sorted(bank.passages(), key=rank)
        named = [p for p in ranked if p.id == topic]
        return (named + [p for p in ranked if p.id != topic])[:CHOICES]

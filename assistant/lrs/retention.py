"""Retention: purge the statements stored longer ago than REBOND_LRS_RETENTION_DAYS.

`python -m assistant.lrs.retention [--days N]` (or `purge()`) removes them in ONE
transaction: the statements, their agent and activity index rows, the attachments no kept
statement uses, and a row per removed statement in `xapi_purge_log` (its id, whether it was
voided, when it was stored, the run id). Either all of that happens or none of it: an
interrupted purge leaves the LRS exactly as it was, never a statement without its index rows
or a removal without its log line.

A voided statement is purged like any other; the flag `voided` on the target row keeps a
newer statement voided even when its (older) voiding statement is purged.
"""

from __future__ import annotations

import argparse
import json
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, insert, literal, select
from sqlalchemy.orm import Session

from assistant.db.engine import Database, migrate
from assistant.db.models import utcnow
from assistant.lrs.document_models import XapiPurgeLog
from assistant.lrs.models import (
    StatementActivity,
    StatementAgent,
    StatementAttachment,
    XapiStatement,
)
from assistant.lrs.store import micros
from assistant.settings import get_settings

log = logging.getLogger("rebond.lrs.retention")


@dataclass(frozen=True)
class PurgeReport:
    """What one purge run removed."""

    run_id: str
    cutoff: datetime
    statements: int
    voided: int
    attachments: int


def _attachment_hashes(db: Session, old: select) -> set[str]:
    """SHA-2 of the attachments the purged statements declare (read page by page)."""
    hashes: set[str] = set()
    rows = db.execute(
        select(XapiStatement.full)
        .where(XapiStatement.seq.in_(old), XapiStatement.full.contains('"attachments"'))
        .execution_options(yield_per=500)
    )
    for (full,) in rows:
        for attachment in json.loads(full).get("attachments", []):
            hashes.add(attachment["sha2"])
    return hashes


def purge(db: Session, days: int, now: datetime | None = None) -> PurgeReport:
    """Remove every statement stored before now - `days`, in one transaction, and log it."""
    if days < 1:
        raise ValueError("the retention must be at least one day")
    now = now or utcnow()
    cutoff = now - timedelta(days=days)
    run_id = str(uuid.uuid4())
    cutoff_us = micros(cutoff)
    old = select(XapiStatement.seq).where(XapiStatement.stored_us < cutoff_us)
    try:
        db.execute(
            insert(XapiPurgeLog).from_select(
                ["run_id", "statement_id", "voided", "stored_us", "purged_at"],
                select(
                    literal(run_id),
                    XapiStatement.id,
                    XapiStatement.voided,
                    XapiStatement.stored_us,
                    literal(now, XapiPurgeLog.purged_at.type),
                ).where(XapiStatement.seq.in_(old)),
            )
        )
        hashes = _attachment_hashes(db, old)
        # The side rows carry their statement's `stored`: the same cut-off finds them.
        db.execute(delete(StatementAgent).where(StatementAgent.stored_us < cutoff_us))
        db.execute(delete(StatementActivity).where(StatementActivity.stored_us < cutoff_us))
        statements = db.execute(delete(XapiStatement).where(XapiStatement.seq.in_(old))).rowcount
        # A kept statement still naming the attachment's hash keeps the attachment.
        orphans = [
            sha2
            for sha2 in sorted(hashes)
            if db.scalar(
                select(XapiStatement.seq).where(XapiStatement.full.contains(sha2)).limit(1)
            )
            is None
        ]
        if orphans:
            db.execute(delete(StatementAttachment).where(StatementAttachment.sha2.in_(orphans)))
        voided = db.scalar(
            select(func.count())
            .select_from(XapiPurgeLog)
            .where(XapiPurgeLog.run_id == run_id, XapiPurgeLog.voided.is_(True))
        )
        db.commit()
    except BaseException:
        db.rollback()
        raise
    report = PurgeReport(run_id, cutoff, statements, voided or 0, len(orphans))
    log.info(
        "retention run %s: purged %d statements stored before %s (%d voided), %d attachments",
        run_id,
        report.statements,
        cutoff.isoformat(),
        report.voided,
        report.attachments,
    )
    return report


def main(argv: list[str] | None = None) -> None:
    """The command line: purge with the configured (or given) retention and print the report."""
    settings = get_settings()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=settings.lrs_retention_days)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    database = Database(settings)
    migrate(database.engine)
    with database.sessions() as db:
        report = purge(db, args.days)
    print(
        json.dumps(
            {
                "run_id": report.run_id,
                "cutoff": report.cutoff.isoformat(),
                "statements": report.statements,
                "voided": report.voided,
                "attachments": report.attachments,
            }
        )
    )
    database.engine.dispose()


if __name__ == "__main__":
    main()

"""Administer LRS clients: `python -m assistant.lrs.cli create-client --name X --scope …`.

The secret is printed once and only its Argon2 hash is stored, so the operator must copy it
now; a lost secret means a new client. Uses the database of the REBOND_* settings.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from sqlalchemy import select

from assistant.db.engine import Database, migrate
from assistant.lrs.auth import SCOPES, create_client
from assistant.lrs.models import LrsClient
from assistant.settings import get_settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant.lrs.cli", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-client", help="create a client, print key and secret")
    create.add_argument("--name", required=True, help="who the client is (unique)")
    create.add_argument(
        "--scope", action="append", required=True, choices=SCOPES, help="repeat for several"
    )
    commands.add_parser("list-clients", help="list clients (never their secrets)")
    disable = commands.add_parser("disable-client", help="refuse a client's credentials")
    disable.add_argument("--name", required=True)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the exit status is 0 on success, 1 when the client is unknown."""
    args = _parser().parse_args(argv)
    database = Database(get_settings())
    migrate(database.engine)
    try:
        with database.sessions() as db:
            if args.command == "create-client":
                if db.scalars(select(LrsClient).where(LrsClient.name == args.name)).first():
                    print(f"a client named {args.name!r} already exists", file=sys.stderr)
                    return 1
                key, secret = create_client(db, args.name, args.scope)
                db.commit()
                print(f"key: {key}\nsecret: {secret}")
            elif args.command == "list-clients":
                for client in db.scalars(select(LrsClient).order_by(LrsClient.id)):
                    state = "active" if client.active else "disabled"
                    print(f"{client.name}\t{client.key}\t{' '.join(client.scopes)}\t{state}")
            else:
                client = db.scalars(select(LrsClient).where(LrsClient.name == args.name)).first()
                if client is None:
                    print(f"no client named {args.name!r}", file=sys.stderr)
                    return 1
                client.active = False
                db.commit()
                print(f"{args.name} disabled")
        return 0
    finally:
        database.engine.dispose()


if __name__ == "__main__":
    sys.exit(main())

"""Configuration, read once from environment variables with working defaults.

Every process (service, launcher, tests) reads settings here so that one variable changes
one behaviour everywhere. Secrets that are not given are generated on first use and kept in
the data folder, so a restart keeps sessions valid and pseudonyms stable.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def _secret(env: Mapping[str, str], data_dir: Path, env_name: str, file_name: str) -> str:
    """Return the secret from the environment, or from a private file created once."""
    value = env.get(env_name)
    if value:
        return value
    path = data_dir / file_name
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip()


@dataclass(frozen=True)
class Settings:
    """All of Rebond's settings; see the README for each variable."""

    data_dir: Path
    database_url: str
    tracker_url: str
    host: str
    port: int
    public_url: str
    rasa_url: str
    rasa_port: int
    actions_port: int
    service_url: str
    secret_key: str
    pseudonym_secret: str
    service_token: str
    max_message_chars: int
    max_body_bytes: int
    rasa_timeout_s: float
    session_max_age_s: int
    speech_warmup: bool
    # LRS retention: statements stored more than this many days ago are purged by
    # `python -m assistant.lrs.retention` (3 school years by default).
    lrs_retention_days: int

    @property
    def is_sqlite(self) -> bool:
        """SQLite needs its folder created and a few connection options."""
        return self.database_url.startswith("sqlite")


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build settings from the environment, or from the mapping tests give."""
    source = os.environ if environ is None else environ
    env = source.get
    data_dir = Path(env("REBOND_DATA_DIR", str(REPO_ROOT / "var"))).resolve()
    host = env("REBOND_HOST", "127.0.0.1")
    port = int(env("REBOND_PORT", "8000"))
    rasa_port = int(env("REBOND_RASA_PORT", "5005"))
    database_url = env("REBOND_DATABASE_URL", f"sqlite:///{data_dir / 'rebond.db'}")
    default_tracker = (
        f"sqlite:///{data_dir / 'rasa_tracker.db'}"
        if database_url.startswith("sqlite")
        else re.sub(r"^postgresql\+\w+", "postgresql", database_url)
    )
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        tracker_url=env("REBOND_TRACKER_URL", default_tracker),
        host=host,
        port=port,
        public_url=env("REBOND_PUBLIC_URL", f"http://{host}:{port}").rstrip("/"),
        rasa_url=env("REBOND_RASA_URL", f"http://127.0.0.1:{rasa_port}").rstrip("/"),
        rasa_port=rasa_port,
        actions_port=int(env("REBOND_ACTIONS_PORT", "5055")),
        service_url=env("REBOND_SERVICE_URL", f"http://127.0.0.1:{port}").rstrip("/"),
        secret_key=_secret(source, data_dir, "REBOND_SECRET_KEY", "secret_key"),
        pseudonym_secret=_secret(source, data_dir, "REBOND_PSEUDONYM_SECRET", "pseudonym_secret"),
        service_token=_secret(source, data_dir, "REBOND_SERVICE_TOKEN", "service_token"),
        max_message_chars=int(env("REBOND_MAX_MESSAGE_CHARS", "2000")),
        max_body_bytes=int(env("REBOND_MAX_BODY_BYTES", str(64 * 1024))),
        rasa_timeout_s=float(env("REBOND_RASA_TIMEOUT_S", "10")),
        session_max_age_s=int(env("REBOND_SESSION_MAX_AGE_S", str(12 * 3600))),
        speech_warmup=env("REBOND_SPEECH_WARMUP", "1") != "0",
        lrs_retention_days=int(env("REBOND_LRS_RETENTION_DAYS", "1095")),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return load_settings()

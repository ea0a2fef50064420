"""Settings: defaults that work, secrets generated once, Rasa's tracker store beside the data."""

from assistant.settings import load_settings


def test_defaults_put_both_sqlite_files_in_the_data_folder(tmp_path):
    settings = load_settings({"REBOND_DATA_DIR": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{tmp_path / 'rebond.db'}"
    assert settings.tracker_url == f"sqlite:///{tmp_path / 'rasa_tracker.db'}"
    assert settings.max_message_chars == 2000


def test_postgresql_tracker_uses_the_same_server_with_rasas_driver(tmp_path):
    settings = load_settings(
        {
            "REBOND_DATA_DIR": str(tmp_path),
            "REBOND_DATABASE_URL": "postgresql+psycopg://rebond:pw@db:5432/rebond",
        }
    )
    assert settings.tracker_url == "postgresql://rebond:pw@db:5432/rebond"


def test_secrets_are_generated_once_and_kept_private(tmp_path):
    first = load_settings({"REBOND_DATA_DIR": str(tmp_path)})
    second = load_settings({"REBOND_DATA_DIR": str(tmp_path)})
    assert first.pseudonym_secret == second.pseudonym_secret
    assert len({first.secret_key, first.pseudonym_secret, first.service_token}) == 3
    assert (tmp_path / "pseudonym_secret").stat().st_mode & 0o077 == 0


def test_environment_overrides_the_generated_secret(tmp_path):
    settings = load_settings({"REBOND_DATA_DIR": str(tmp_path), "REBOND_SERVICE_TOKEN": "abc"})
    assert settings.service_token == "abc"

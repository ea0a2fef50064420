"""The launcher's command lines: what `make run` and the tests start."""

from dataclasses import replace

from assistant.launcher import child_environment, isolated_settings, processes


def test_a_token_starting_with_a_dash_reaches_rasa_as_one_argument(tmp_path):
    settings = replace(isolated_settings(tmp_path), service_token="-abc")
    rasa = next(p for p in processes(settings) if p.name == "rasa")
    assert "--auth-token=-abc" in rasa.argv


def test_rasa_and_actions_listen_on_loopback_only(tmp_path):
    settings = isolated_settings(tmp_path)
    rasa = next(p for p in processes(settings) if p.name == "rasa")
    assert rasa.argv[rasa.argv.index("--interface") + 1] == "127.0.0.1"
    env = child_environment(settings)
    assert env["SANIC_HOST"] == "127.0.0.1"
    assert env["REBOND_TRACKER_URL"].startswith("sqlite:///")
    assert env["REBOND_ACTIONS_URL"] == f"http://127.0.0.1:{settings.actions_port}/webhook"

"""Start every process of Rebond, wait until each is healthy, and stop them together.

`make run` calls `python -m assistant.launcher`; the integration tests use `Stack` to start
the very same processes on free ports. One process manager, no shell scripts to keep in step.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import httpx

from assistant.seed import DEMO_PASSWORD, DEMO_USERS
from assistant.settings import REPO_ROOT, Settings, get_settings, load_settings

RASA_VENV = REPO_ROOT / ".venv-rasa" / "bin"
SERVICE_PYTHON = REPO_ROOT / ".venv" / "bin" / "python"
MODEL = REPO_ROOT / "models" / "rebond.tar.gz"
START_TIMEOUT_S = 300.0


@dataclass
class Process:
    """One child process and the URL that says it is ready."""

    name: str
    argv: list[str]
    health_url: str
    popen: subprocess.Popen | None = None


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def isolated_settings(data_dir: Path) -> Settings:
    """Settings for a stack of its own (tests, benchmarks): own folder, databases, free ports."""
    service, rasa = free_port(), free_port()
    return replace(
        load_settings({"REBOND_DATA_DIR": str(data_dir)}),
        port=service,
        public_url=f"http://127.0.0.1:{service}",
        service_url=f"http://127.0.0.1:{service}",
        rasa_port=rasa,
        rasa_url=f"http://127.0.0.1:{rasa}",
        actions_port=free_port(),
    )


def child_environment(settings: Settings) -> dict[str, str]:
    """The variables every child needs, so they agree on ports, secrets and databases."""
    env = dict(os.environ)
    env.update(
        {
            "REBOND_DATA_DIR": str(settings.data_dir),
            "REBOND_DATABASE_URL": settings.database_url,
            "REBOND_TRACKER_URL": settings.tracker_url,
            "REBOND_HOST": settings.host,
            "REBOND_PORT": str(settings.port),
            "REBOND_PUBLIC_URL": settings.public_url,
            "REBOND_RASA_URL": settings.rasa_url,
            "REBOND_RASA_PORT": str(settings.rasa_port),
            "REBOND_ACTIONS_PORT": str(settings.actions_port),
            "REBOND_ACTIONS_URL": f"http://127.0.0.1:{settings.actions_port}/webhook",
            "REBOND_SERVICE_URL": settings.service_url,
            "REBOND_SECRET_KEY": settings.secret_key,
            "REBOND_PSEUDONYM_SECRET": settings.pseudonym_secret,
            "REBOND_SERVICE_TOKEN": settings.service_token,
            "SANIC_HOST": "127.0.0.1",  # the action server listens on loopback only
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "PYTHONPATH": str(REPO_ROOT),
        }
    )
    return env


def processes(settings: Settings) -> list[Process]:
    """The three processes: Rasa server, action server, assistant service."""
    token = settings.service_token
    return [
        Process(
            "rasa",
            [
                str(RASA_VENV / "rasa"),
                "run",
                "--enable-api",
                "--interface",
                "127.0.0.1",
                "--port",
                str(settings.rasa_port),
                "--model",
                str(MODEL),
                "--endpoints",
                "endpoints.yml",
                "--credentials",
                "credentials.yml",
                # One argument: a generated token may begin with "-".
                f"--auth-token={token}",
            ],
            f"{settings.rasa_url}/status?token={token}",
        ),
        Process(
            "actions",
            [
                str(RASA_VENV / "python"),
                "-m",
                "rasa_sdk",
                "--actions",
                "actions",
                "--port",
                str(settings.actions_port),
            ],
            f"http://127.0.0.1:{settings.actions_port}/health",
        ),
        Process(
            "service",
            [
                str(SERVICE_PYTHON),
                "-m",
                "uvicorn",
                "--factory",
                "assistant.main:app_from_env",
                "--host",
                settings.host,
                "--port",
                str(settings.port),
                "--no-access-log",
            ],
            f"{settings.service_url}/health",
        ),
    ]


class Stack:
    """All processes of Rebond, started together and stopped together."""

    def __init__(self, settings: Settings, only: tuple[str, ...] | None = None) -> None:
        self.settings = settings
        self.log_dir = settings.data_dir / "logs"
        self.processes = [p for p in processes(settings) if only is None or p.name in only]

    def start(self, timeout_s: float = START_TIMEOUT_S) -> None:
        """Start every process and return once all answer their health check."""
        if any(p.name == "rasa" for p in self.processes) and not MODEL.exists():
            raise SystemExit(f"No trained Rasa model at {MODEL}: run `make run` or `make train`.")
        self.log_dir.mkdir(parents=True, exist_ok=True)
        env = child_environment(self.settings)
        for process in self.processes:
            self.start_one(process, env)
        deadline = time.monotonic() + timeout_s
        for process in self.processes:
            self.wait_healthy(process, deadline)

    def start_one(self, process: Process, env: dict[str, str]) -> None:
        """Spawn one process in its own process group, its output in a log file."""
        log = open(self.log_dir / f"{process.name}.log", "ab")  # noqa: SIM115 - child keeps it
        process.popen = subprocess.Popen(
            process.argv,
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_healthy(self, process: Process, deadline: float) -> None:
        """Poll the health URL until it answers 200 (Rasa: until its model is loaded)."""
        while time.monotonic() < deadline:
            if process.popen and process.popen.poll() is not None:
                self.stop()
                raise RuntimeError(
                    f"{process.name} exited with code {process.popen.returncode}; "
                    f"see {self.log_dir / (process.name + '.log')}"
                )
            try:
                response = httpx.get(process.health_url, timeout=2)
                if response.status_code == 200 and (
                    process.name != "rasa" or response.json().get("model_file")
                ):
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"{process.name} was not healthy in time; see {self.log_dir}")

    def stop_one(self, name: str) -> None:
        """Stop one process (tests use it to take Rasa down)."""
        _terminate(self._named(name))

    def restart(self, name: str, timeout_s: float = START_TIMEOUT_S) -> None:
        """Stop one process if it runs, start it again and wait until it is healthy."""
        process = self._named(name)
        _terminate(process)
        self.start_one(process, child_environment(self.settings))
        self.wait_healthy(process, time.monotonic() + timeout_s)

    def _named(self, name: str) -> Process:
        return next(p for p in self.processes if p.name == name)

    def stop(self) -> None:
        """Stop every process: SIGTERM to its group, SIGKILL after a grace period."""
        for process in reversed(self.processes):
            _terminate(process)

    def __enter__(self) -> Stack:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _terminate(process: Process, grace_s: float = 10.0) -> None:
    popen = process.popen
    if popen is None or popen.poll() is not None:
        return
    os.killpg(popen.pid, signal.SIGTERM)
    try:
        popen.wait(grace_s)
    except subprocess.TimeoutExpired:
        os.killpg(popen.pid, signal.SIGKILL)
        popen.wait()


def banner(settings: Settings) -> str:
    """What `make run` prints once everything is up: URL and demo logins."""
    lines = [
        "",
        f"Rebond is running: {settings.public_url}/",
        "Demo logins (password: " + DEMO_PASSWORD + "):",
    ]
    lines += [f"  {role.value:<8} {username}" for username, _, role in DEMO_USERS]
    lines += [f"Logs: {settings.data_dir / 'logs'}", "Press Ctrl-C to stop.", ""]
    return "\n".join(lines)


def main() -> None:
    """Run the whole stack in the foreground until Ctrl-C."""
    settings = get_settings()
    stack = Stack(settings)
    print("Starting Rasa, the action server and the service (Rasa takes about a minute)…")
    stack.start()
    print(banner(settings), flush=True)
    stopping = False

    def _stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    try:
        while not stopping:
            dead = [p.name for p in stack.processes if p.popen and p.popen.poll() is not None]
            if dead:
                print(
                    f"Stopped unexpectedly: {', '.join(dead)}; see {stack.log_dir}", file=sys.stderr
                )
                break
            time.sleep(1)
    finally:
        print("Stopping…")
        stack.stop()


if __name__ == "__main__":
    main()

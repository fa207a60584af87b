"""compose.yaml's stack, started natively: the same commands, without Docker.

Docker cannot run here, and nothing else checked that the deployed commands still
start the product. This reads ``compose.yaml`` (each service's ``command``, its
``environment`` and the ``x-app`` anchor they share) and the Dockerfile (``CMD``
for services without a command, and its ``ENV``), and runs each command as a
process of this machine: the venv's ``python``/``celery``/``gunicorn`` for the
image's, a PostgreSQL database and a Redis of the caller's for the ``db`` and
``redis`` services, and temporary folders for the image's ``/app/var`` volumes.
If compose.yaml changes, what is started changes with it.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
import json
import os
from pathlib import Path
import re
import shlex
import signal
import subprocess
import sys
from typing import Any

import yaml

from bench import harness


REPO_ROOT = harness.REPO_ROOT
VENV_BIN = Path(sys.executable).parent
#: The services compose runs from the image (the rest are PostgreSQL and Redis).
IMAGE_SERVICES = ("migrate", "web", "worker", "beat")


def compose() -> dict[str, Any]:
    return yaml.safe_load((REPO_ROOT / "compose.yaml").read_text())


def build_steps() -> list[str]:
    """The Dockerfile's RUN steps that prepare the app itself (collectstatic)."""
    text = re.sub(r"\\\n\s*", " ", (REPO_ROOT / "Dockerfile").read_text())
    return [
        line.strip()[4:]
        for line in text.splitlines()
        if line.strip().startswith("RUN ") and "manage.py" in line
    ]


def dockerfile() -> tuple[list[str], dict[str, str]]:
    """The Dockerfile's final CMD (exec form) and its ENV settings."""
    text = (REPO_ROOT / "Dockerfile").read_text()
    # Join continuation lines so each instruction is one line.
    text = re.sub(r"\\\n\s*", " ", text)
    cmd: list[str] = []
    env: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("CMD "):
            cmd = json.loads(line[4:])
        elif line.startswith("ENV "):
            for pair in shlex.split(line[4:]):
                key, _, value = pair.partition("=")
                env[key] = value
    return cmd, env


@dataclass
class Service:
    name: str
    command: list[str]
    environment: dict[str, str]


def services() -> dict[str, Service]:
    """The image's services as compose would run them (command → CMD fallback)."""
    spec = compose()
    cmd, _env = dockerfile()
    found = {}
    for name in IMAGE_SERVICES:
        service = spec["services"][name]
        command = service.get("command") or cmd
        found[name] = Service(name, list(command), dict(service.get("environment", {})))
    return found


def native(command: list[str], var: Path) -> list[str]:
    """The image's command on this machine: venv executables, local folders."""
    out = []
    for part in command:
        part = part.replace("/app/var", str(var)).replace(
            "/tmp/",  # noqa: S108 - the container's /tmp, mapped to our own folder
            f"{var}/tmp/",  # noqa: S108
        )
        # Listen on loopback only: this machine is shared, a container is not.
        part = part.replace("0.0.0.0:", "127.0.0.1:")
        first, *rest = part.split(" ", 1)
        if not out and (VENV_BIN / first).exists():
            part = " ".join([str(VENV_BIN / first), *rest])
        elif not out and first == "python":
            part = " ".join([sys.executable, *rest])
        out.append(part)
    if out[:2] == ["sh", "-c"]:
        # The shell form (gunicorn with ${PORT}): point its first word at the venv.
        script = out[2]
        word = script.split(" ", 1)[0]
        if (VENV_BIN / word).exists():
            out[2] = str(VENV_BIN / word) + script[len(word) :]
    return out


class Process:
    def __init__(self, name: str, command: list[str], env: dict[str, str], log: Path):
        self.name = name
        self.command = command
        self.env = env
        self.log_path = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Process:
        log = open(self.log_path, "ab")  # noqa: SIM115 - owned by the child
        try:
            self.process = subprocess.Popen(  # noqa: S603 - compose's own commands
                self.command,
                cwd=REPO_ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        finally:
            log.close()
        return self

    def run(self, timeout: float) -> None:
        self.start()
        assert self.process is not None
        if self.process.wait(timeout=timeout) != 0:
            raise RuntimeError(f"{self.name} failed:\n{self.log_tail()}")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log_tail(self, size: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-size:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


class PrivateRedis:
    """A ``redis-server`` of our own on a free port: it may be stopped at will."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> PrivateRedis:
        from bench.embedded import free_port

        self.port = self.port or free_port()
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(  # noqa: S603 - the system's redis-server
            [  # noqa: S607 - found on PATH like the tests' other services
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        import redis

        def up() -> bool:
            try:
                return bool(redis.Redis.from_url(self.url, socket_timeout=1).ping())
            except redis.RedisError:
                return False

        harness.wait_until(up, timeout=60, interval=0.1, message="redis-server")
        return self

    def stop(self) -> None:
        """Gone at once, like a crashed or restarted Redis (nothing kept: no AOF)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


def production_env(
    service: Service,
    *,
    database_url: str,
    redis_url: str,
    var: Path,
    line: harness.LineEndpoint,
    port: int,
) -> dict[str, str]:
    """What compose gives the container: the Dockerfile's ENV, ``.env``, the service's
    ``environment`` (DATABASE_URL / REDIS_URL pointed at ours), and PORT."""
    from cryptography.fernet import Fernet
    import pyrage

    _cmd, image_env = dockerfile()
    env = {
        k: v
        for k, v in os.environ.items()
        if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
    }
    env.update({k: v.replace("/app/var", str(var)) for k, v in image_env.items()})
    base_url = "https://line.example.jp"
    env.update(
        # The .env file of README "Configuration" (what a city fills in).
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="compose-stack-test-" + "k" * 50,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        WAGTAILADMIN_BASE_URL=base_url,
        FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        FIELD_HASH_KEY="compose-stack-hash-key-" + "h" * 20,
        BACKUP_ENCRYPTION_KEY=str(pyrage.x25519.Identity.generate()),
        LINE_CHANNEL_ACCESS_TOKEN=line.channel_access_token,
        LINE_CHANNEL_SECRET=COMPOSE_CHANNEL_SECRET,
        LINE_API_BASE_URL=line.api_base_url,
        LINE_DATA_API_BASE_URL=line.data_api_base_url,
        PORT=str(port),
        PYTHONUNBUFFERED="1",
    )
    for key, value in service.environment.items():
        env[key] = str(value)
    env["DATABASE_URL"] = database_url
    env["REDIS_URL"] = redis_url
    (var / "tmp").mkdir(parents=True, exist_ok=True)
    return env


COMPOSE_CHANNEL_SECRET = "compose-stack-channel-secret"  # noqa: S105 - loopback fake


def secrets_stable(env: dict[str, str], others: dict[str, str]) -> dict[str, str]:
    """Every service must share one set of keys (one .env file)."""
    for key in (
        "SECRET_KEY",
        "FIELD_ENCRYPTION_KEYS",
        "FIELD_HASH_KEY",
        "BACKUP_ENCRYPTION_KEY",
    ):
        env[key] = others[key]
    return env


def build(var: Path, env: dict[str, str], log: Path) -> None:
    """The image build's app steps (collectstatic), natively, into ``var``."""
    for step in build_steps():
        for segment in step.split("&&"):
            if "manage.py" not in segment:
                continue
            script = segment.replace("/app/var", str(var)).replace(
                " python ", f" {sys.executable} "
            )
            Process("build", ["sh", "-c", script.strip()], env, log).run(timeout=900)
    for folder in ("media", "backups", "state", "tmp"):
        (var / folder).mkdir(parents=True, exist_ok=True)

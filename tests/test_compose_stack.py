"""The production stack as deployed: compose.yaml's commands, started natively.

``bench.compose_stack`` reads compose.yaml and the Dockerfile and runs the same
commands on this machine — the image build's collectstatic, ``migrate``, the web
service's gunicorn (the Dockerfile's CMD), the Celery worker and beat — with
``cms.settings.production`` configured only through the environment, against a
PostgreSQL database and a Redis of this test's own (Redis is a private
``redis-server``, so it can be stopped). LINE is the strict fake.

Then, through those processes only: a published page reaches its friends, a webhook
event is answered, and a Redis outage during webhook traffic loses no resident's
message (the sweep answers what was stored but never queued) and answers none twice.
"""

from collections.abc import Iterator
import contextlib
import http.client
import json
import os
from pathlib import Path
import threading
import time

import psycopg
import pytest

from bench import compose_stack, harness
from bench.embedded import free_port
from line_delivery.webhook import signature_for
from tests.fake_line.server import FakeLineServer, new_user_id
from tests.line_delivery.webhook_helpers import base_event, body_for


PATIENCE = 300  # seconds; a limit for conditions on a busy machine, not a duration

PUBLISH = """
from home.models import HomePage, NewsPage
from line_delivery.models import Friend
for user_id in {user_ids!r}:
    Friend.objects.create(line_user_id=user_id)
home = HomePage.objects.get()
page = NewsPage(title="compose で公開したお知らせ", slug="compose-news", summary="本番構成で公開しました。")
home.add_child(instance=page)
page.save_revision().publish()
print(page.pk)
"""


class Stack:
    def __init__(self, root: Path, line: FakeLineServer) -> None:
        self.root = root
        self.line = line
        self.var = root / "var"
        self.redis = compose_stack.PrivateRedis(root / "redis")
        self.database = (
            f"otake_compose_{os.environ.get('OTAKE_HELPER', 'ops')}_{os.getpid()}"
        )
        self.database_url = ""
        self.port = free_port()
        self.processes: dict[str, compose_stack.Process] = {}
        self.services = compose_stack.services()
        self.envs: dict[str, dict[str, str]] = {}

    def env(self, name: str) -> dict[str, str]:
        return self.envs[name]

    def start(self) -> "Stack":
        self.redis.start()
        self.database_url = harness.clone_database(
            harness.migrated_template(), self.database
        )
        first = None
        for name, service in self.services.items():
            env = compose_stack.production_env(
                service,
                database_url=self.database_url,
                redis_url=self.redis.url,
                var=self.var,
                line=self.line,
                port=self.port,
            )
            if first is None:
                first = env
            self.envs[name] = compose_stack.secrets_stable(env, first)
        compose_stack.build(self.var, dict(first), self.root / "build.log")
        migrate = self.process("migrate")
        migrate.run(timeout=PATIENCE)
        for name in ("web", "worker", "beat"):
            self.process(name).start()
        harness.wait_until(
            self.web_up, timeout=PATIENCE, interval=0.5, message="gunicorn"
        )
        return self

    def process(self, name: str) -> compose_stack.Process:
        command = compose_stack.native(self.services[name].command, self.var)
        process = compose_stack.Process(
            name, command, self.env(name), self.root / f"{name}.log"
        )
        self.processes[name] = process
        return process

    def request(self, method: str, path: str, body: bytes = b"", headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(
                method,
                path,
                body=body or None,
                headers={"X-Forwarded-Proto": "https", **(headers or {})},
            )
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def web_up(self) -> bool:
        web = self.processes["web"]
        if not web.alive():
            raise RuntimeError(f"web exited:\n{web.log_tail()}")
        try:
            return self.request("GET", "/line/webhook/")[0] == 405
        except OSError:
            return False

    def post_events(self, *events) -> int:
        body = body_for(*events)
        signature = signature_for(body, compose_stack.COMPOSE_CHANNEL_SECRET)
        status, _ = self.request(
            "POST",
            "/line/webhook/",
            body,
            {"Content-Type": "application/json", "x-line-signature": signature},
        )
        return status

    def shell(self, code: str) -> str:
        process = compose_stack.Process(
            "shell",
            [
                *compose_stack.native(["python"], self.var),
                "manage.py",
                "shell",
                "-c",
                code,
            ],
            self.env("migrate"),
            self.root / "shell.log",
        )
        process.run(timeout=PATIENCE)
        return process.log_tail(200).strip().splitlines()[-1]

    def statuses(self) -> dict[str, int]:
        with psycopg.connect(self.database_url) as connection:
            rows = connection.execute(
                "SELECT status, count(*) FROM line_delivery_webhookevent GROUP BY status"
            ).fetchall()
        return dict(rows)

    def logs(self) -> str:
        return "\n".join(
            f"--- {name}\n{process.log_tail(3000)}"
            for name, process in self.processes.items()
        )

    def stop(self) -> None:
        for process in self.processes.values():
            process.stop()
        self.redis.stop()
        with contextlib.suppress(Exception):
            harness.drop_database(self.database)


@pytest.fixture(scope="module")
def stack(tmp_path_factory, fake_line_server) -> Iterator[Stack]:
    running = Stack(tmp_path_factory.mktemp("compose"), fake_line_server)
    try:
        running.start()
        yield running
    finally:
        running.stop()


@pytest.fixture
def line(stack, fake_line_server):
    fake_line_server.reset()
    return fake_line_server


def test_the_commands_come_from_compose_and_the_dockerfile():
    services = compose_stack.services()
    assert set(services) == {"migrate", "web", "worker", "beat"}
    assert services["migrate"].command[-2:] == ["migrate", "--noinput"]
    assert "gunicorn cms.wsgi:application" in " ".join(services["web"].command)
    assert services["worker"].command[:4] == ["celery", "-A", "cms", "worker"]
    assert services["beat"].command[:4] == ["celery", "-A", "cms", "beat"]


def test_a_published_page_and_a_webhook_go_through_the_deployed_processes(stack, line):
    friends = [new_user_id() for _ in range(3)]
    # They follow the account on LINE too: a page for everyone is a broadcast.
    line.add_followers(friends)
    stack.shell(PUBLISH.format(user_ids=friends))
    try:
        harness.wait_until(
            lambda: all(line.delivery_counts().get(f) == 1 for f in friends),
            timeout=PATIENCE,
            interval=0.5,
            message="the page to reach its friends",
        )
    except TimeoutError as error:
        raise AssertionError(f"{error}\n{stack.logs()}") from error

    resident = new_user_id()
    token = line.issue_reply_token(resident)
    follow = base_event(
        "follow", resident, reply_token=token, follow={"isUnblocked": False}
    )
    assert stack.post_events(follow) == 200
    harness.wait_until(
        lambda: line.received(resident),
        timeout=PATIENCE,
        interval=0.5,
        message="the webhook's answer",
    )
    answers = line.received(resident)
    assert {a.endpoint for a in answers} == {"reply"}
    assert line.delivery_counts()[resident] == 1, "one reply, with its messages"
    assert any("友だち追加ありがとうございます" in (a.text or "") for a in answers)

    # Production fails loudly while it has no backup yet (it has a worker).
    status, body = stack.request("GET", "/healthz")
    assert status == 503 and "backup" in json.loads(body)["failed"]


def test_a_redis_outage_during_webhook_traffic_loses_no_message(stack, line):
    residents = [new_user_id() for _ in range(120)]
    statuses: list[int] = []
    outage = threading.Event()

    def traffic() -> None:
        for index, resident in enumerate(residents):
            if index == 30:
                stack.redis.stop()  # Redis goes away mid-traffic
                outage.set()
            if index == 80:
                stack.redis.start()  # and comes back, empty (no persistence)
            token = line.issue_reply_token(resident)
            event = base_event(
                "postback",
                resident,
                reply_token=token,
                postback={"data": "action=help"},
            )
            statuses.append(stack.post_events(event))
            time.sleep(0.1)

    sender = threading.Thread(target=traffic)
    sender.start()
    sender.join(timeout=PATIENCE)
    assert outage.is_set() and not sender.is_alive()
    assert statuses == [200] * len(residents), "LINE got its 200 throughout"

    def all_answered() -> bool:
        counts = line.delivery_counts()
        return all(counts.get(r) for r in residents)

    try:
        harness.wait_until(
            all_answered,
            timeout=PATIENCE,
            interval=1,
            message="every resident to be answered",
        )
    except TimeoutError as error:
        raise AssertionError(
            f"{error}; rows {stack.statuses()}\n{stack.logs()}"
        ) from error
    counts = line.delivery_counts()
    assert {counts[r] for r in residents} == {1}, "somebody was answered twice"
    # The outage did strand events (stored, never queued); the sweep answered them.
    assert "the sweep will queue them" in stack.processes["web"].log_tail(10**7)
    assert "Swept stranded webhook events" in stack.processes["worker"].log_tail(10**7)
    assert stack.statuses().get("pending", 0) == 0

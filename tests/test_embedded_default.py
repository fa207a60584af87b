"""What ``make run`` serves: the embedded default (SQLite, eager tasks) end to end.

Runs the same steps as ``make run`` (migrate, seed_demo, demo_admin, runserver) in
subprocesses on a throw-away SQLite file, then fetches the pages a newcomer opens first.
SQLite's full-text search differs from PostgreSQL's, so Japanese search is checked here too.
"""

import json
import os
from pathlib import Path
import re
import socket
import subprocess
import sys
import time
from urllib.parse import quote
import urllib.request
from xml.etree import ElementTree

import pytest


PROJECT_ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def embedded_server(tmp_path_factory):
    port = free_port()
    workdir = tmp_path_factory.mktemp("embedded")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{port}",
    }

    def manage(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    manage("migrate", "--noinput")
    manage("seed_demo")
    sandbox_counts = manage(
        "shell",
        "-c",
        "from line_delivery.models import Delivery, SandboxMessage;"
        "print(Delivery.objects.filter(status='completed').count(), SandboxMessage.objects.count())",
    )
    login_text = manage("demo_admin")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180  # a busy machine starts runserver late
        while True:
            try:
                fetch(base_url + "/")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield base_url, login_text, sandbox_counts
    finally:
        server.terminate()
        server.wait(timeout=10)


def fetch(url: str) -> tuple[int, str, str]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
        return (
            response.status,
            response.headers["Content-Type"],
            response.read().decode(),
        )


def test_admin_url_and_login_are_printed(embedded_server):
    base_url, login_text, _ = embedded_server
    assert f"{base_url}/admin/" in login_text
    assert "ユーザー名  : admin" in login_text
    assert re.search(r"パスワード  : \S{12,}", login_text)
    assert re.search(
        r"確認コード  : [a-z2-7]{8}", login_text
    )  # 2FA stays on in the demo
    assert "otpauth://totp/" in login_text


def test_demo_publishing_went_through_the_line_sandbox(embedded_server):
    _, _, sandbox_counts = embedded_server
    deliveries, messages = (int(n) for n in sandbox_counts.split()[-2:])
    assert deliveries == 14  # 10 news + 3 disaster notices + 1 survey, each once
    # ~950 following sandbox friends: everyone would mean ~12,000 messages; targeting
    # by topic and 地区 means far fewer, but each page still reaches many.
    assert 1000 < messages < 9000


def test_pages_feeds_api_and_search_are_served(embedded_server):
    base_url, _, _ = embedded_server

    status, _, home = fetch(base_url + "/")
    assert status == 200 and "お知らせ" in home and "発表中の防災情報" in home

    status, _, login = fetch(base_url + "/admin/login/")
    assert status == 200 and 'lang="ja"' in login

    status, content_type, feed = fetch(base_url + "/feeds/news/")
    assert content_type.startswith("application/atom+xml")
    entries = ElementTree.fromstring(feed).findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 10
    news_url = entries[0].find("{http://www.w3.org/2005/Atom}link").get("href")
    assert news_url.startswith(base_url + "/")
    status, _, news = fetch(news_url)
    assert status == 200

    status, _, api = fetch(base_url + "/api/v2/pages/?type=home.NewsPage")
    data = json.loads(api)
    assert len(data["items"]) >= 5
    assert "\\u" not in api  # Japanese as UTF-8, not \\u escapes
    assert any("\u3040" <= char <= "\u9fff" for char in data["items"][0]["title"])
    assert data["items"][0]["title"] in api

    _, _, results = fetch(base_url + "/search/?q=" + quote("収集日"))
    found = re.findall(r'class="card-link" href="([^"]+)"', results)
    assert found, "収集日 found nothing on SQLite"
    pages = [fetch(base_url + path)[2] for path in found]
    assert any("燃えるごみの収集日が変更になります" in page for page in pages)
    counts = [
        re.search(
            r"検索結果: (\d+)件", fetch(base_url + "/search/?q=" + quote(q))[2]
        ).group(1)
        for q in ("ごみ", "ゴミ", "ｺﾞﾐ")
    ]
    assert counts[0] == counts[1] == counts[2] and int(counts[0]) >= 3


def test_health_is_ok_in_the_embedded_default(embedded_server):
    """No worker heartbeat or backup is expected of make run; a monitor sees 200."""
    base_url, _, _ = embedded_server
    status, _, body = fetch(base_url + "/healthz")
    checks = json.loads(body)["checks"]
    assert status == 200
    assert checks["backup"]["detail"] == "not configured"
